//! Language packs: a language is a folder of plain data files.
//!
//! `packs/<code>/` holds a `pack.toml` manifest, and each area folder (`segment/`, `time/` …) a
//! `manifest.toml` naming every table of that folder with its source and licence,
//! the tables themselves (TSV or one item per line, `#` comments), and `corpus/` with examples
//! the test suite runs. `packs/common/` holds what no single language owns (country codes,
//! sectors). The packs in the repository are embedded in the binary; a user's own folder laid out
//! the same way is loaded on top with [`Packs::add_dir`], its rows added after the embedded ones,
//! so an analyst extends a pack without touching Rust.
//!
//! This crate reads and validates the files; it does not interpret them. Each stage parses the
//! tables it owns, through [`Pack::rows`], which hands it fields with the file and line they came
//! from so every error can name them.
//!
//! Architecture invariant: no stage logic here, and no dependency on the document model.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/embedded.rs"));
}

/// Where a pack problem is: the file (as shown to users) and 1-based line, when there is one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    pub file: String,
    pub line: usize,
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line > 0 {
            write!(f, "{}:{}", self.file, self.line)
        } else {
            f.write_str(&self.file)
        }
    }
}

/// A problem in a pack's files.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum PackError {
    #[error("{0}: cannot read: {1}")]
    Io(String, std::io::Error),
    #[error("{at}: {message}")]
    Invalid { at: Location, message: String },
}

impl PackError {
    pub fn invalid(file: &str, line: usize, message: impl Into<String>) -> Self {
        PackError::Invalid {
            at: Location {
                file: file.to_string(),
                line,
            },
            message: message.into(),
        }
    }
}

/// One table listed in a pack manifest, with its provenance.
#[derive(Debug, Clone, serde::Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct TableInfo {
    pub file: String,
    pub source: String,
    pub licence: String,
    /// `curated` for hand-made tables, `generated` for tables a generator rebuilds.
    #[serde(default)]
    pub kind: Option<String>,
    #[serde(default)]
    pub generator: Option<String>,
}

/// A pack's `pack.toml`.
#[derive(Debug, Clone, serde::Deserialize, PartialEq, Eq, Default)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    pub code: String,
    pub name: String,
    #[serde(default)]
    pub description: String,
    #[serde(default, rename = "table")]
    pub tables: Vec<TableInfo>,
}

/// One file's text and the name it is shown by in messages.
#[derive(Debug, Clone)]
struct Source {
    origin: String,
    text: std::borrow::Cow<'static, str>,
}

/// A data row: its fields (tab-separated, trimmed), and where it came from.
#[derive(Debug, Clone, Copy)]
pub struct Row<'a> {
    pub file: &'a str,
    pub line: usize,
    pub raw: &'a str,
}

impl<'a> Row<'a> {
    /// Tab-separated fields, each trimmed.
    pub fn fields(&self) -> impl Iterator<Item = &'a str> {
        self.raw.split('\t').map(str::trim)
    }

    /// An error pointing at this row.
    pub fn error(&self, message: impl Into<String>) -> PackError {
        PackError::invalid(self.file, self.line, message)
    }

    /// Exactly `N` tab-separated fields, or an error naming the file and line.
    pub fn columns<const N: usize>(&self) -> Result<[&'a str; N], PackError> {
        let v: Vec<&str> = self.fields().collect();
        <[&str; N]>::try_from(v.as_slice()).map_err(|_| {
            self.error(format!(
                "expected {N} tab-separated columns, found {}",
                v.len()
            ))
        })
    }
}

/// One language pack: its manifest and its files, possibly from several folders.
#[derive(Debug, Clone, Default)]
pub struct Pack {
    pub manifest: Manifest,
    files: BTreeMap<String, Vec<Source>>,
}

impl Pack {
    pub fn code(&self) -> &str {
        &self.manifest.code
    }

    /// Names of all files in the pack (relative to its folder).
    pub fn file_names(&self) -> impl Iterator<Item = &str> {
        self.files.keys().map(String::as_str)
    }

    /// Whether the pack has a file of this name.
    pub fn has(&self, name: &str) -> bool {
        self.files.contains_key(name)
    }

    /// The texts of a file, one per folder that provides it (embedded first), with their origin.
    pub fn texts(&self, name: &str) -> impl Iterator<Item = (&str, &str)> {
        self.files
            .get(name)
            .into_iter()
            .flatten()
            .map(|s| (s.origin.as_str(), s.text.as_ref()))
    }

    /// Data rows of a table: blank lines and `#` comment lines skipped, line numbers kept.
    pub fn rows<'a>(&'a self, name: &str) -> impl Iterator<Item = Row<'a>> + 'a {
        let sources = self.files.get(name).map(Vec::as_slice).unwrap_or(&[]);
        sources.iter().flat_map(|s| {
            s.text.lines().enumerate().filter_map(move |(i, l)| {
                let t = l.trim_end_matches('\r');
                (!t.trim().is_empty() && !t.trim_start().starts_with('#')).then_some(Row {
                    file: s.origin.as_str(),
                    line: i + 1,
                    raw: t,
                })
            })
        })
    }

    /// Names of files under a folder of the pack, such as `corpus/`.
    pub fn files_under<'a>(&'a self, prefix: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.file_names().filter(move |n| n.starts_with(prefix))
    }

    fn add(&mut self, name: String, origin: String, text: std::borrow::Cow<'static, str>) {
        self.files
            .entry(name)
            .or_default()
            .push(Source { origin, text });
    }
}

/// All loaded packs, by language code; `common` holds the language-independent tables.
#[derive(Debug, Clone, Default)]
pub struct Packs {
    packs: BTreeMap<String, Pack>,
}

impl Packs {
    /// The packs built into the binary from the repository's `packs/` folder.
    pub fn embedded() -> Result<Packs, PackError> {
        let mut packs = Packs::default();
        for (rel, text) in embedded::EMBEDDED {
            let Some((code, name)) = rel.split_once('/') else {
                continue;
            };
            packs.packs.entry(code.to_string()).or_default().add(
                name.to_string(),
                format!("packs/{rel}"),
                std::borrow::Cow::Borrowed(text),
            );
        }
        packs.read_manifests()?;
        Ok(packs)
    }

    /// Adds a folder laid out like `packs/` (one sub-folder per language) or like a single pack
    /// (a `pack.toml` at its top). Its rows come after those already loaded.
    pub fn add_dir(&mut self, dir: &Path) -> Result<(), PackError> {
        let show = |p: &Path| p.display().to_string();
        if dir.join("pack.toml").is_file() {
            let text = std::fs::read_to_string(dir.join("pack.toml"))
                .map_err(|e| PackError::Io(show(&dir.join("pack.toml")), e))?;
            let m = parse_manifest(&show(&dir.join("pack.toml")), &text)?;
            self.add_pack_dir(&m.code, dir)?;
        } else {
            let rd = std::fs::read_dir(dir).map_err(|e| PackError::Io(show(dir), e))?;
            let mut subs: Vec<PathBuf> = rd
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.is_dir())
                .collect();
            subs.sort();
            if subs.is_empty() {
                return Err(PackError::invalid(
                    &show(dir),
                    0,
                    "not a pack: no pack.toml and no language folders",
                ));
            }
            for sub in subs {
                let code = sub.file_name().unwrap().to_string_lossy().to_string();
                self.add_pack_dir(&code, &sub)?;
            }
        }
        self.read_manifests()
    }

    fn add_pack_dir(&mut self, code: &str, dir: &Path) -> Result<(), PackError> {
        let mut files = Vec::new();
        collect(dir, dir, &mut files)?;
        let pack = self.packs.entry(code.to_string()).or_default();
        for (rel, path) in files {
            let text = std::fs::read_to_string(&path)
                .map_err(|e| PackError::Io(path.display().to_string(), e))?;
            pack.add(
                rel,
                path.display().to_string(),
                std::borrow::Cow::Owned(text),
            );
        }
        Ok(())
    }

    /// Parses every pack's manifest(s); tables of a later manifest are appended.
    fn read_manifests(&mut self) -> Result<(), PackError> {
        for (code, pack) in self.packs.iter_mut() {
            let mut merged: Option<Manifest> = None;
            for (origin, text) in pack.texts("pack.toml") {
                let m = parse_manifest(origin, text)?;
                if m.code != *code {
                    return Err(PackError::invalid(
                        origin,
                        0,
                        format!("manifest code {:?} but the folder is {code:?}", m.code),
                    ));
                }
                match &mut merged {
                    None => merged = Some(m),
                    Some(acc) => {
                        for t in m.tables {
                            if !acc.tables.iter().any(|x| x.file == t.file) {
                                acc.tables.push(t);
                            }
                        }
                    }
                }
            }
            let mut manifest = merged.ok_or_else(|| {
                PackError::invalid(&format!("packs/{code}"), 0, "pack has no pack.toml")
            })?;
            // Each area of a pack (segment/, time/, actors/ …) lists its own tables in a
            // `manifest.toml` of its folder, so the areas are maintained independently.
            let areas: Vec<String> = pack
                .file_names()
                .filter(|n| n.ends_with("/manifest.toml"))
                .map(str::to_string)
                .collect();
            for area in areas {
                let dir = area.trim_end_matches("manifest.toml");
                for (origin, text) in pack.texts(&area) {
                    let m: AreaManifest =
                        toml::from_str(text).map_err(|e| toml_error(origin, text, e))?;
                    for mut t in m.tables {
                        t.file = format!("{dir}{}", t.file);
                        if !manifest.tables.iter().any(|x| x.file == t.file) {
                            manifest.tables.push(t);
                        }
                    }
                }
            }
            pack.manifest = manifest;
        }
        Ok(())
    }

    /// The pack for a language code, if one is loaded.
    pub fn get(&self, code: &str) -> Option<&Pack> {
        self.packs.get(code)
    }

    /// The language-independent pack (`packs/common`); empty when absent.
    pub fn common(&self) -> &Pack {
        static EMPTY: std::sync::OnceLock<Pack> = std::sync::OnceLock::new();
        self.packs
            .get("common")
            .unwrap_or_else(|| EMPTY.get_or_init(Pack::default))
    }

    /// Codes of the language packs (not `common`).
    pub fn languages(&self) -> impl Iterator<Item = &str> {
        self.packs
            .keys()
            .map(String::as_str)
            .filter(|c| *c != "common")
    }

    pub fn all(&self) -> impl Iterator<Item = &Pack> {
        self.packs.values()
    }

    /// Checks every pack's manifest against its files: each table listed exists, each data file
    /// is listed with a source and licence. Returns every problem, not just the first.
    pub fn check_manifests(&self) -> Vec<PackError> {
        let mut errs = Vec::new();
        for pack in self.packs.values() {
            let origin = pack
                .texts("pack.toml")
                .next()
                .map(|(o, _)| o.to_string())
                .unwrap_or_default();
            for t in &pack.manifest.tables {
                if !pack.has(&t.file) {
                    errs.push(PackError::invalid(
                        &origin,
                        0,
                        format!("table {:?} is listed but missing", t.file),
                    ));
                }
            }
            for name in pack.file_names() {
                let listed = pack.manifest.tables.iter().any(|t| t.file == name);
                let exempt = name == "pack.toml"
                    || name.ends_with("manifest.toml")
                    || name.contains("corpus/")
                    || name.ends_with(".md");
                if !listed && !exempt {
                    errs.push(PackError::invalid(
                        &origin,
                        0,
                        format!("file {name:?} is not listed in the manifest with its source and licence"),
                    ));
                }
            }
        }
        errs
    }
}

/// The manifest of one area folder of a pack: its tables, paths relative to the folder.
#[derive(Debug, Clone, serde::Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct AreaManifest {
    #[serde(default, rename = "table")]
    tables: Vec<TableInfo>,
}

fn toml_error(origin: &str, text: &str, e: toml::de::Error) -> PackError {
    let line = e
        .span()
        .map(|s| text[..s.start.min(text.len())].lines().count().max(1))
        .unwrap_or(0);
    PackError::invalid(origin, line, e.message().to_string())
}

fn parse_manifest(origin: &str, text: &str) -> Result<Manifest, PackError> {
    toml::from_str(text).map_err(|e| toml_error(origin, text, e))
}

fn collect(dir: &Path, root: &Path, out: &mut Vec<(String, PathBuf)>) -> Result<(), PackError> {
    let rd = std::fs::read_dir(dir).map_err(|e| PackError::Io(dir.display().to_string(), e))?;
    let mut paths: Vec<PathBuf> = rd.filter_map(Result::ok).map(|e| e.path()).collect();
    paths.sort();
    for p in paths {
        if p.file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with('.'))
        {
            continue;
        }
        if p.is_dir() {
            collect(&p, root, out)?;
        } else {
            let rel = p
                .strip_prefix(root)
                .unwrap_or(&p)
                .to_string_lossy()
                .replace('\\', "/");
            out.push((rel, p));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_packs_load_and_are_listed() {
        let packs = Packs::embedded().unwrap();
        assert!(packs.get("it").is_some());
        assert!(packs.get("en").is_some());
        let errs = packs.check_manifests();
        assert!(errs.is_empty(), "{errs:?}");
    }

    #[test]
    fn user_dir_rows_follow_embedded_rows_with_their_origin() {
        let dir = tempfile::tempdir().unwrap();
        let it = dir.path().join("it");
        std::fs::create_dir_all(&it).unwrap();
        std::fs::write(it.join("pack.toml"), "code = \"it\"\nname = \"mine\"\n[[table]]\nfile = \"x.tsv\"\nsource = \"me\"\nlicence = \"CC0\"\n").unwrap();
        std::fs::write(it.join("x.tsv"), "# a comment\n\na\tb\n").unwrap();
        let mut packs = Packs::embedded().unwrap();
        packs.add_dir(dir.path()).unwrap();
        let rows: Vec<_> = packs.get("it").unwrap().rows("x.tsv").collect();
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].line, 3);
        assert!(rows[0].file.ends_with("x.tsv"));
        assert_eq!(rows[0].columns::<2>().unwrap(), ["a", "b"]);
        let e = rows[0].columns::<3>().unwrap_err().to_string();
        assert!(e.contains("x.tsv:3") && e.contains("expected 3"), "{e}");
    }

    #[test]
    fn bad_manifest_names_file_and_line() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("pack.toml"), "code = \"xx\"\nname = 3\n").unwrap();
        let e = Packs::default()
            .add_dir(dir.path())
            .unwrap_err()
            .to_string();
        assert!(e.contains("pack.toml:2"), "{e}");
    }
}
