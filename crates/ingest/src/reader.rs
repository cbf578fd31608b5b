//! Walking inputs and turning each into a stream of records.

use crate::decode::{decode, decode_with_hint, html_charset};
use crate::error::{ErrorKind, IngestError};
use crate::sniff::{sniff, Format, SNIFF_LEN};
use crate::{feed, jsonl, text, Origin, Reader, Record};
use std::collections::VecDeque;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

/// Buffer size for reading files: large enough that gzip and line splitting run in big blocks.
const BUF_SIZE: usize = 256 * 1024;

/// Largest file read whole as one page or feed; a bigger one is an error, not an allocation.
pub const MAX_WHOLE_FILE: u64 = 256 * 1024 * 1024;

type Stream = Box<dyn BufRead + Send>;

/// The stream of records from a list of inputs; see [`Reader::read_inputs`].
///
/// Opens one file at a time and reads JSON Lines line by line, so memory stays flat however large
/// the corpus. Folders are expanded lazily, in sorted order.
pub struct Inputs {
    reader: Reader,
    pending: VecDeque<PathBuf>,
    current: Option<Source>,
}

enum Source {
    /// A JSON Lines stream, read one line at a time.
    Lines {
        name: String,
        stream: Stream,
        line: usize,
        buf: Vec<u8>,
    },
    /// Records of a file read whole (a page, a text, a feed's items).
    Done(std::vec::IntoIter<Result<Record, IngestError>>),
}

impl Inputs {
    pub(crate) fn new(reader: Reader, paths: Vec<PathBuf>) -> Self {
        Inputs {
            reader,
            pending: paths.into(),
            current: None,
        }
    }

    fn open_path(&mut self, path: PathBuf) -> Option<Result<Source, IngestError>> {
        let name = path.display().to_string();
        if name == "-" {
            let stream: Stream = Box::new(BufReader::with_capacity(BUF_SIZE, std::io::stdin()));
            let forced = self.reader.options().format;
            return Some(open_stream(&self.reader, name, stream, None, forced));
        }
        let meta = match std::fs::metadata(&path) {
            Ok(m) => m,
            Err(e) => return Some(Err(IngestError::new(name, None, e.into()))),
        };
        if meta.is_dir() {
            match list_dir(&path) {
                Ok(children) => {
                    for c in children.into_iter().rev() {
                        self.pending.push_front(c);
                    }
                    return None;
                }
                Err(e) => return Some(Err(IngestError::new(name, None, e.into()))),
            }
        }
        let file = match std::fs::File::open(&path) {
            Ok(f) => f,
            Err(e) => return Some(Err(IngestError::new(name, None, e.into()))),
        };
        let stream: Stream = Box::new(BufReader::with_capacity(BUF_SIZE, file));
        let forced = self.reader.options().format;
        Some(open_stream(&self.reader, name, stream, Some(&path), forced))
    }
}

impl Iterator for Inputs {
    type Item = Result<Record, IngestError>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some(src) = &mut self.current {
                match next_record(&self.reader, src) {
                    Some(item) => return Some(item),
                    None => self.current = None,
                }
            }
            let path = self.pending.pop_front()?;
            match self.open_path(path) {
                None => continue,
                Some(Ok(src)) => self.current = Some(src),
                Some(Err(e)) => return Some(Err(e)),
            }
        }
    }
}

/// Entries of a folder sorted by name, hidden ones (`.name`) left out; symbolic links to
/// folders are not followed, so a link cycle cannot loop.
fn list_dir(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        if entry.file_name().to_string_lossy().starts_with('.') {
            continue;
        }
        let ft = entry.file_type()?;
        if ft.is_symlink() && entry.path().is_dir() {
            continue;
        }
        out.push(entry.path());
    }
    out.sort();
    Ok(out)
}

/// The format a file name says, looking past a `.gz` ending.
fn format_from_name(path: &Path) -> Option<Format> {
    let mut p = path.to_path_buf();
    if p.extension().is_some_and(|e| e.eq_ignore_ascii_case("gz")) {
        p.set_extension("");
    }
    p.extension()
        .and_then(|e| e.to_str())
        .and_then(Format::from_extension)
}

/// Whether the format was forced or named by the file, or is to be sniffed from the content.
#[derive(Clone, Copy)]
enum Choice {
    Known(Format),
    Sniff,
}

/// Opens a byte stream: decompresses gzip (by magic bytes), chooses the format, and either starts
/// streaming lines or reads the whole input into records.
fn open_stream(
    reader: &Reader,
    name: String,
    mut stream: Stream,
    path: Option<&Path>,
    forced: Option<Format>,
) -> Result<Source, IngestError> {
    let err = |name: &str, kind: ErrorKind| IngestError::new(name, None, kind);
    let head = stream.fill_buf().map_err(|e| err(&name, e.into()))?;
    if head.starts_with(&[0x1f, 0x8b]) {
        let gz = flate2::bufread::MultiGzDecoder::new(stream);
        stream = Box::new(BufReader::with_capacity(BUF_SIZE, gz));
    }
    let choice = match forced.or_else(|| path.and_then(format_from_name)) {
        Some(f) => Choice::Known(f),
        None => Choice::Sniff,
    };
    let head = fill_head(&mut stream).map_err(|e| err(&name, e.into()))?;
    let has_bom = encoding_rs::Encoding::for_bom(&head).is_some();
    if !has_bom && memchr::memchr(0, &head).is_some() {
        // Refuse early: no need to read (or decompress) a whole binary file to say so.
        return Err(err(
            &name,
            ErrorKind::Binary(decode(&head).err().unwrap_or_else(|| "NUL bytes".into())),
        ));
    }
    let utf16 = matches!(
        encoding_rs::Encoding::for_bom(&head),
        Some((e, _)) if e != encoding_rs::UTF_8
    );
    let jsonl = !utf16
        && match choice {
            Choice::Known(f) => f == Format::Jsonl,
            Choice::Sniff => sniff(&head) == Format::Jsonl,
        };
    if jsonl {
        return Ok(Source::Lines {
            name,
            stream,
            line: 0,
            buf: Vec::with_capacity(16 * 1024),
        });
    }
    let mut bytes = Vec::new();
    stream
        .take(MAX_WHOLE_FILE + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| err(&name, e.into()))?;
    if bytes.len() as u64 > MAX_WHOLE_FILE {
        return Err(err(
            &name,
            ErrorKind::Io(std::io::Error::other(format!(
                "larger than {MAX_WHOLE_FILE} bytes; split it or use JSON Lines"
            ))),
        ));
    }
    let forced = match choice {
        Choice::Known(f) => Some(f),
        Choice::Sniff => None,
    };
    Ok(Source::Done(
        whole(reader, &name, &bytes, forced).into_iter(),
    ))
}

/// Reads up to [`SNIFF_LEN`] bytes without consuming them (a `BufRead` may hand out less per
/// call, as a gzip decoder does at first).
fn fill_head(stream: &mut Stream) -> std::io::Result<Vec<u8>> {
    let buf = stream.fill_buf()?;
    Ok(buf[..buf.len().min(SNIFF_LEN)].to_vec())
}

/// Records of an input held whole in memory: a text, an HTML page or a feed.
fn whole(
    reader: &Reader,
    name: &str,
    bytes: &[u8],
    forced: Option<Format>,
) -> Vec<Result<Record, IngestError>> {
    let origin = |line| Origin {
        file: name.to_string(),
        line,
    };
    let fail = |kind| vec![Err(IngestError::new(name, None, kind))];
    let raw_format = forced.unwrap_or_else(|| sniff(bytes));
    if raw_format == Format::Feed {
        return match feed::documents(bytes) {
            Ok(items) => items
                .into_iter()
                .enumerate()
                .map(|(i, r)| match r {
                    Ok(doc) => Ok(Record {
                        doc: reader.finish(doc),
                        origin: origin(Some(i + 1)),
                    }),
                    Err(kind) => Err(IngestError::new(name, Some(i + 1), kind)),
                })
                .collect(),
            Err(kind) => fail(kind),
        };
    }
    let hint = (raw_format == Format::Html)
        .then(|| html_charset(bytes))
        .flatten();
    let decoded = match decode_with_hint(bytes, hint) {
        Ok(d) => d,
        Err(why) => return fail(ErrorKind::Binary(why)),
    };
    // A UTF-16 page only shows what it is once decoded.
    let format = forced.unwrap_or_else(|| sniff(decoded.text.as_bytes()));
    let mut doc = match format {
        Format::Html => match reader.inner.html.document(&decoded.text) {
            Ok(d) => d,
            Err(kind) => return fail(kind),
        },
        Format::Jsonl => {
            // Only reached for UTF-16 JSON Lines, which cannot be streamed line by line.
            return lines_of(reader, name, &decoded.text, decoded.note.as_deref());
        }
        Format::Feed => {
            return whole(reader, name, decoded.text.as_bytes(), Some(Format::Feed));
        }
        _ => {
            let doc = text::document(decoded.text);
            if text::is_blank(&doc.text) {
                return fail(ErrorKind::NoText("empty file".into()));
            }
            doc
        }
    };
    if let Some(note) = decoded.note {
        doc.info(note, None);
    }
    vec![Ok(Record {
        doc: reader.finish(doc),
        origin: origin(None),
    })]
}

fn lines_of(
    reader: &Reader,
    name: &str,
    text: &str,
    note: Option<&str>,
) -> Vec<Result<Record, IngestError>> {
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| {
            one_line(reader, name, i + 1, l).map(|mut r| {
                if let Some(n) = note {
                    r.doc.info(n, None);
                }
                r
            })
        })
        .collect()
}

fn one_line(reader: &Reader, name: &str, line: usize, text: &str) -> Result<Record, IngestError> {
    match jsonl::document(text) {
        Ok(doc) => Ok(Record {
            doc: reader.finish(doc),
            origin: Origin {
                file: name.to_string(),
                line: Some(line),
            },
        }),
        Err(kind) => Err(IngestError::new(name, Some(line), kind)),
    }
}

/// The next record of a source, `None` when it is exhausted.
fn next_record(reader: &Reader, src: &mut Source) -> Option<Result<Record, IngestError>> {
    match src {
        Source::Done(items) => items.next(),
        Source::Lines {
            name,
            stream,
            line,
            buf,
        } => loop {
            buf.clear();
            *line += 1;
            match stream.read_until(b'\n', buf) {
                Ok(0) => return None,
                Ok(_) => {}
                Err(e) => {
                    // A read error (a truncated gzip member, say) ends this input.
                    let err = IngestError::new(name.as_str(), Some(*line), e.into());
                    *src = Source::Done(Vec::new().into_iter());
                    return Some(Err(err));
                }
            }
            let mut bytes = trim_ascii_ws(buf);
            if *line == 1 {
                bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
            }
            if bytes.is_empty() {
                continue;
            }
            return Some(match std::str::from_utf8(bytes) {
                Ok(s) => one_line(reader, name, *line, s),
                Err(_) => match decode(bytes) {
                    Ok(d) => one_line(reader, name, *line, &d.text).map(|mut r| {
                        if let Some(n) = d.note {
                            r.doc.info(n, None);
                        }
                        r
                    }),
                    Err(why) => Err(IngestError::new(
                        name.as_str(),
                        Some(*line),
                        ErrorKind::Binary(why),
                    )),
                },
            });
        },
    }
}

fn trim_ascii_ws(b: &[u8]) -> &[u8] {
    let s = b
        .iter()
        .position(|c| !c.is_ascii_whitespace())
        .unwrap_or(b.len());
    let e = b
        .iter()
        .rposition(|c| !c.is_ascii_whitespace())
        .map_or(s, |i| i + 1);
    &b[s..e]
}

/// Records of an in-memory input; see [`Reader::read_bytes`].
pub(crate) fn read_bytes(
    reader: &Reader,
    name: &str,
    bytes: &[u8],
    format: Option<Format>,
) -> Vec<Result<Record, IngestError>> {
    let stream: Stream = Box::new(std::io::Cursor::new(bytes.to_vec()));
    let forced = format.or(reader.options().format);
    match open_stream(reader, name.into(), stream, Some(Path::new(name)), forced) {
        Ok(mut src) => std::iter::from_fn(|| next_record(reader, &mut src)).collect(),
        Err(e) => vec![Err(e)],
    }
}
