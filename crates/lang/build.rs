//! Embeds every file under the workspace's `packs/` directory into the library, so the binary
//! runs with its default packs and no data directory to install. `include_str!` makes cargo
//! rebuild when an embedded file changes; `rerun-if-changed` on each directory catches new files.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn walk(dir: &Path, root: &Path, out: &mut Vec<(String, PathBuf)>) {
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .filter_map(Result::ok)
        .map(|e| e.path())
        .collect();
    entries.sort();
    for p in entries {
        let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if name.starts_with('.') {
            continue;
        }
        if p.is_dir() {
            walk(&p, root, out);
        } else {
            let rel = p
                .strip_prefix(root)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            out.push((rel, p.canonicalize().unwrap()));
        }
    }
}

fn main() {
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap());
    let root = manifest
        .join("../../packs")
        .canonicalize()
        .expect("packs/ directory");
    let mut files = Vec::new();
    walk(&root, &root, &mut files);
    let mut src = String::from("pub(crate) static EMBEDDED: &[(&str, &str)] = &[\n");
    for (rel, abs) in &files {
        // Only text files are packs' business; anything else would fail include_str!.
        if std::fs::read_to_string(abs).is_err() {
            continue;
        }
        writeln!(
            src,
            "    ({rel:?}, include_str!({:?})),",
            abs.display().to_string()
        )
        .unwrap();
    }
    src.push_str("];\n");
    let out = PathBuf::from(std::env::var("OUT_DIR").unwrap()).join("embedded.rs");
    std::fs::write(out, src).unwrap();
}
