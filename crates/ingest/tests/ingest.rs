//! Behaviour of the reader on real-looking inputs: pages with furniture, feeds, mixed folders,
//! legacy encodings, broken records. Every test uses only files in this repository or files it
//! writes itself.

use annalist_doc::Document;
use annalist_ingest::{Format, IngestError, Options, Reader, Record};
use annalist_lang::Packs;
use annalist_segment::Segmenter;
use std::io::Write;
use std::path::{Path, PathBuf};

fn reader() -> Reader {
    Reader::with_embedded_packs(Options::default()).expect("embedded packs load")
}

fn data(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(name)
}

fn read_one(path: &Path) -> Record {
    let mut all: Vec<_> = reader().read_inputs(&[path]).collect();
    assert_eq!(all.len(), 1, "{all:?}");
    all.pop().unwrap().expect("a record")
}

fn assert_kept(text: &str, needles: &[&str]) {
    for n in needles {
        assert!(text.contains(n), "lost {n:?} from:\n{text}");
    }
}

fn assert_dropped(text: &str, needles: &[&str]) {
    for n in needles {
        assert!(!text.contains(n), "kept junk {n:?} in:\n{text}");
    }
}

#[test]
fn italian_page_body_kept_furniture_dropped() {
    let r = read_one(&data("articolo.it.html"));
    let d = &r.doc;
    assert_kept(
        &d.text,
        &[
            "Il leader nordcoreano Kim Jong Un ha avuto mercoledì",
            "Kim ha espresso pieno sostegno",
            "circa 15mila soldati nella regione russa di Kursk",
            "vertice in Alaska con il presidente statunitense Donald Trump",
        ],
    );
    assert_dropped(
        &d.text,
        &[
            "Leggi anche",
            "cookie",
            "Accetta",
            "Condividi",
            "WhatsApp",
            "Mario: vergogna",
            "I più letti",
            "Meteo",
            "P.IVA",
            "Riproduzione riservata",
            "Politica",
        ],
    );
    // Paragraphs stay apart: segmentation relies on it.
    assert!(d.text.contains("Ucraina.\n"), "{}", d.text);
    assert_eq!(
        d.title.as_deref(),
        Some("Kim telefona a Putin: sostegno alla Russia")
    );
    assert_eq!(d.outlet.as_deref(), Some("Gazzetta di Prova"));
    assert_eq!(
        d.url.as_deref(),
        Some("https://gazzetta.example/esteri/kim-putin")
    );
    assert_eq!(d.published.as_deref(), Some("2025-08-13T11:20:00+02:00"));
    assert_eq!(d.lang.as_deref(), Some("it"));
    assert_eq!(d.id.len(), 16);
    assert!(r.origin.line.is_none());
}

#[test]
fn english_page_metadata_from_json_ld_graph() {
    let d = read_one(&data("article.en.html")).doc;
    assert_kept(
        &d.text,
        &[
            "North Korean leader Kim Jong Un spoke by phone",
            "about 15,000 soldiers to Russia's Kursk region",
            "signed a mutual defence treaty last year",
        ],
    );
    // The "Read more" link line that the extractor lets through is the furniture step's to drop:
    // see `furniture_lines_go_in_the_furniture_step`.
    assert_dropped(
        &d.text,
        &[
            "We use cookies",
            "Accept all",
            "Tweet",
            "Joe:",
            "All rights reserved",
            "Business",
        ],
    );
    assert_eq!(
        d.title.as_deref(),
        Some("Kim pledges support to Putin in phone call")
    );
    assert_eq!(d.outlet.as_deref(), Some("Example Times"));
    assert_eq!(
        d.url.as_deref(),
        Some("https://times.example/world/kim-putin-call")
    );
    assert_eq!(d.published.as_deref(), Some("2025-08-13T09:05:00Z"));
    assert_eq!(d.lang.as_deref(), Some("en"));
}

/// Ingest followed by the pipeline's furniture step (`Segmenter::clean`), which owns the
/// line-furniture rules: returns the document after ingest alone and after both.
fn read_then_clean(name: &str, bytes: &[u8]) -> Vec<(Document, Document)> {
    let packs = Packs::embedded().expect("packs");
    let seg = Segmenter::new(&packs).expect("segmenter");
    reader()
        .read_bytes(name, bytes, None)
        .into_iter()
        .map(|r| {
            let read = r.expect("a record").doc;
            let mut cleaned = read.clone();
            seg.clean(&mut cleaned);
            (read, cleaned)
        })
        .collect()
}

fn furniture_notes(d: &Document) -> String {
    d.diagnostics
        .iter()
        .map(|x| x.message.as_str())
        .filter(|m| m.starts_with("dropped page furniture"))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn furniture_lines_go_in_the_furniture_step() {
    // A short page: the extractor gives up and the whole body (less nav and footer) is the
    // text, link and share lines included. Ingest keeps them; the furniture step drops them.
    let page = "<html lang=\"it\"><body><nav>Home | Esteri</nav>\
        <p>Kim ha chiamato Putin mercoledì.</p><p>» LEGGI ANCHE: Kursk, i soldati nordcoreani</p>\
        <p>Condividi su WhatsApp</p><p>Condividiamo la preoccupazione, ha detto il ministro.</p>\
        <p>© RIPRODUZIONE RISERVATA</p><footer>Contatti</footer></body></html>";
    let [(read, cleaned)] = read_then_clean("breve.html", page.as_bytes())
        .try_into()
        .expect("one document");
    let junk = ["LEGGI ANCHE", "Condividi su", "RIPRODUZIONE"];
    assert_kept(&read.text, &junk);
    assert_dropped(&cleaned.text, &junk);
    // The blank lines that separated the dropped paragraphs stay; the prose lines are intact.
    let lines: Vec<&str> = cleaned
        .text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .collect();
    assert_eq!(
        lines,
        [
            "Kim ha chiamato Putin mercoledì.",
            "Condividiamo la preoccupazione, ha detto il ministro."
        ]
    );
    let notes = furniture_notes(&cleaned);
    for rule in ["it/leggi-anche", "it/condividi"] {
        assert!(
            notes.contains(&format!("(rule {rule})")),
            "{rule} in {notes}"
        );
    }

    // The English page: the "Read more" line the extractor leaks goes in the furniture step,
    // and the whole page is then free of the furniture its test lists.
    let html = std::fs::read(data("article.en.html")).unwrap();
    let [(_, d)] = read_then_clean("article.en.html", &html)
        .try_into()
        .expect("one document");
    assert_kept(
        &d.text,
        &[
            "North Korean leader Kim Jong Un spoke by phone",
            "signed a mutual defence treaty last year",
        ],
    );
    assert_dropped(
        &d.text,
        &[
            "Read more",
            "We use cookies",
            "Accept all",
            "Tweet",
            "Joe:",
            "All rights reserved",
        ],
    );
    assert!(
        furniture_notes(&d).contains("(rule en/read-more)"),
        "{:?}",
        d.diagnostics
    );

    // Feed items go through the same step.
    let rss = "<rss version=\"2.0\"><channel><language>en</language><item><guid>r1</guid>\
        <description><![CDATA[<p>Talks resume on Monday.</p><p>Read more: the talks</p>\
        <p>Share this article</p>]]></description></item></channel></rss>";
    let [(read, cleaned)] = read_then_clean("feed.rss", rss.as_bytes())
        .try_into()
        .expect("one item");
    assert_kept(&read.text, &["Read more", "Share this article"]);
    assert_eq!(cleaned.text, "Talks resume on Monday.");
}

#[test]
fn short_html_fragment_falls_back_to_body() {
    let page = b"<html><body><nav>Home | Esteri</nav><p>Breve: Kim ha chiamato Putin.</p><footer>Contatti</footer></body></html>";
    let out = reader().read_bytes("breve.html", page, None);
    let d = &out[0].as_ref().unwrap().doc;
    assert_eq!(d.text, "Breve: Kim ha chiamato Putin.");
    assert!(out.len() == 1);
    let empty = reader().read_bytes(
        "vuota.html",
        b"<html><body><nav>Home</nav></body></html>",
        None,
    );
    assert!(empty[0].is_err());
}

#[test]
fn rss_items_and_empty_item_error() {
    let out: Vec<_> = reader().read_inputs(&[data("feed.rss")]).collect();
    assert_eq!(out.len(), 3);
    let first = out[0].as_ref().unwrap();
    assert_eq!(first.origin.line, Some(1));
    assert_eq!(first.doc.id, "gz-1001");
    assert_eq!(
        first.doc.text,
        "Il leader nordcoreano Kim Jong Un ha telefonato a Vladimir Putin.\n\nLo riferisce la Kcna."
    );
    assert_eq!(first.doc.title.as_deref(), Some("Kim telefona a Putin"));
    assert_eq!(
        first.doc.outlet.as_deref(),
        Some("Gazzetta di Prova - Esteri")
    );
    assert_eq!(
        first.doc.url.as_deref(),
        Some("https://gazzetta.example/esteri/kim-putin")
    );
    assert_eq!(first.doc.lang.as_deref(), Some("it"));
    // The offset is lost by feed-rs (it converts to UTC); the instant is the same.
    assert_eq!(
        first.doc.published.as_deref(),
        Some("2025-08-13T09:20:00+00:00")
    );
    let err = out[1].as_ref().unwrap_err();
    assert_eq!(err.line, Some(2));
    assert!(err.to_string().contains("feed.rss:2: no text"), "{err}");
    let third = out[2].as_ref().unwrap();
    assert_eq!(
        third.doc.text,
        "Trump e Putin si incontrano venerdì in Alaska."
    );
    assert_eq!(third.doc.id.len(), 16, "no guid: the text hash is the id");
}

#[test]
fn atom_entries() {
    let out: Vec<_> = reader()
        .read_inputs(&[data("feed.atom")])
        .map(Result::unwrap)
        .collect();
    assert_eq!(out.len(), 2);
    assert_eq!(out[0].doc.id, "urn:example:1");
    assert_eq!(
        out[0].doc.text,
        "North Korean leader Kim Jong Un spoke by phone with Vladimir Putin."
    );
    assert_eq!(
        out[0].doc.published.as_deref(),
        Some("2025-08-13T09:05:00+00:00")
    );
    assert_eq!(out[0].doc.outlet.as_deref(), Some("Example Times: World"));
    assert_eq!(out[1].doc.text, "Trump and Putin meet in Alaska on Friday.");
    assert_eq!(
        out[1].doc.published.as_deref(),
        Some("2025-08-14T06:00:00+00:00")
    );
    assert_eq!(
        out[1].doc.url.as_deref(),
        Some("https://times.example/world/alaska")
    );
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let p = dir.join(name);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(&p, bytes).unwrap();
    p
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    e.write_all(bytes).unwrap();
    e.finish().unwrap()
}

/// A folder mixing every format and every kind of bad input: each good record comes out once,
/// each bad one is an error naming its file (and line), in a deterministic order.
#[test]
fn mixed_folder_nothing_lost() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    std::fs::copy(data("articolo.it.html"), dir.join("a_page.html")).unwrap();
    std::fs::copy(data("feed.rss"), dir.join("b_feed.xml")).unwrap();
    std::fs::copy(data("feed.atom"), dir.join("c_feed.atom")).unwrap();
    let (latin1, _, _) =
        encoding_rs::WINDOWS_1252.encode("Città più calda\n\nLa città è già più calda: perché?");
    write(dir, "d_latin1.txt", &latin1);
    let mut utf16 = vec![0xFF, 0xFE];
    for u in "Titolo UTF-16\n\nTesto in UTF-16 con è e à.".encode_utf16() {
        utf16.extend_from_slice(&u.to_le_bytes());
    }
    write(dir, "e_utf16.txt", &utf16);
    write(
        dir,
        "f_binary.bin",
        &[0x7f, b'E', b'L', b'F', 2, 1, 1, 0, 0, 0, 0, 0, 3, 0],
    );
    write(
        dir,
        "g_lines.jsonl",
        b"{\"id\":\"j1\",\"text\":\"Primo.\",\"source\":\"ansa\",\"topic\":\"esteri\"}\n{\"id\":\"j2\",\"text\":\n\n{\"id\":\"j3\",\"text\":\"\"}\n{\"id\":\"j4\",\"text\":\"Quarto.\",\"date\":\"2011-02-13\"}\n",
    );
    write(
        dir,
        "h_sub/lines.jsonl.gz",
        &gzip(b"{\"id\":\"z1\",\"text\":\"Compresso.\"}\n{\"id\":\"z2\",\"text\":\"Anche.\"}\n"),
    );
    // gzip recognised by its magic bytes, whatever the name says; content sniffed.
    write(
        dir,
        "i_noext",
        &gzip(b"{\"id\":\"n1\",\"text\":\"Senza estensione.\"}\n"),
    );
    write(dir, ".hidden.txt", b"never read");
    let missing = dir.join("missing.txt");

    let inputs = [dir.to_path_buf(), missing.clone()];
    let out: Vec<Result<Record, IngestError>> = reader().read_inputs(&inputs).collect();
    let summary: Vec<String> = out
        .iter()
        .map(|r| match r {
            Ok(rec) => format!(
                "ok {} {}",
                Path::new(&rec.origin.file)
                    .file_name()
                    .unwrap()
                    .to_string_lossy(),
                rec.doc.id
            ),
            Err(e) => format!(
                "err {}:{}",
                Path::new(&e.file).file_name().unwrap().to_string_lossy(),
                e.line.map(|l| l.to_string()).unwrap_or_default()
            ),
        })
        .collect();
    let ids = |i: usize| out[i].as_ref().map(|r| r.doc.id.clone()).unwrap();
    let expected = vec![
        format!("ok a_page.html {}", ids(0)),
        "ok b_feed.xml gz-1001".into(),
        "err b_feed.xml:2".into(),
        format!("ok b_feed.xml {}", ids(3)),
        "ok c_feed.atom urn:example:1".into(),
        "ok c_feed.atom urn:example:2".into(),
        format!("ok d_latin1.txt {}", ids(6)),
        format!("ok e_utf16.txt {}", ids(7)),
        "err f_binary.bin:".into(),
        "ok g_lines.jsonl j1".into(),
        "err g_lines.jsonl:2".into(),
        "err g_lines.jsonl:4".into(),
        "ok g_lines.jsonl j4".into(),
        "ok lines.jsonl.gz z1".into(),
        "ok lines.jsonl.gz z2".into(),
        "ok i_noext n1".into(),
        "err missing.txt:".into(),
    ];
    assert_eq!(summary, expected);

    let latin = &out[6].as_ref().unwrap().doc;
    assert_eq!(
        latin.text,
        "Città più calda\n\nLa città è già più calda: perché?"
    );
    assert_eq!(latin.title.as_deref(), Some("Città più calda"));
    assert!(latin
        .diagnostics
        .iter()
        .any(|d| d.message.contains("windows-1252")));
    let u16 = &out[7].as_ref().unwrap().doc;
    assert_eq!(u16.text, "Titolo UTF-16\n\nTesto in UTF-16 con è e à.");
    assert!(u16
        .diagnostics
        .iter()
        .any(|d| d.message.contains("UTF-16LE")));
    let bin = out[8].as_ref().unwrap_err();
    assert!(bin.to_string().contains("binary file skipped"), "{bin}");
    let j1 = &out[9].as_ref().unwrap().doc;
    assert_eq!(j1.outlet.as_deref(), Some("ansa"));
    assert_eq!(j1.extra["topic"], "esteri");
    let broken = out[10].as_ref().unwrap_err();
    assert!(
        broken
            .to_string()
            .contains("g_lines.jsonl:2: malformed JSON"),
        "{broken}"
    );
    assert!(out[11]
        .as_ref()
        .unwrap_err()
        .to_string()
        .contains(":4: no text"));
    assert_eq!(
        out[12].as_ref().unwrap().doc.published.as_deref(),
        Some("2011-02-13")
    );
    assert_eq!(out[12].as_ref().unwrap().origin.line, Some(5));
    assert!(out[16]
        .as_ref()
        .unwrap_err()
        .to_string()
        .contains("cannot read"));

    // Same inputs, same output: ids and order are deterministic.
    let again: Vec<String> = reader()
        .read_inputs(&inputs)
        .map(|r| r.map(|x| x.doc.id).unwrap_or_else(|e| e.to_string()))
        .collect();
    let first: Vec<String> = out
        .iter()
        .map(|r| {
            r.as_ref()
                .map(|x| x.doc.id.clone())
                .unwrap_or_else(|e| e.to_string())
        })
        .collect();
    assert_eq!(again, first);
}

#[test]
fn options_override_and_normalise() {
    let r = Reader::with_embedded_packs(Options {
        published_override: Some("13/08/2025".into()),
        lang_override: Some("it".into()),
        format: None,
    })
    .unwrap();
    let out = r.read_bytes(
        "seed",
        "Kim telefona a Putin\n\nIl leader nordcoreano.".as_bytes(),
        None,
    );
    let d = &out[0].as_ref().unwrap().doc;
    assert_eq!(d.published.as_deref(), Some("2025-08-13"));
    assert_eq!(d.lang.as_deref(), Some("it"));
    assert_eq!(d.title.as_deref(), Some("Kim telefona a Putin"));
    assert!(d.text.starts_with("Kim telefona a Putin\n"));
}

#[test]
fn odd_date_kept_with_warning() {
    let out = reader().read_bytes("x.jsonl", b"{\"text\":\"a\",\"date\":\"ieri sera\"}", None);
    let d = &out[0].as_ref().unwrap().doc;
    assert_eq!(d.published.as_deref(), Some("ieri sera"));
    assert!(d
        .diagnostics
        .iter()
        .any(|x| x.message.contains("not understood")));
}

#[test]
fn forced_format_wins_over_sniffing() {
    let html = b"<html><body><p>Testo <b>in grassetto</b> abbastanza lungo.</p></body></html>";
    let as_text = reader().read_bytes("post", html, Some(Format::Text));
    assert!(as_text[0].as_ref().unwrap().doc.text.contains("<b>"));
    let as_html = reader().read_bytes("post", html, None);
    assert_eq!(
        as_html[0].as_ref().unwrap().doc.text,
        "Testo in grassetto abbastanza lungo."
    );
}

#[test]
fn gzip_in_memory_and_empty_input() {
    let out = reader().read_bytes("x", &gzip(b"Titolo\n\nCorpo del testo."), None);
    assert_eq!(
        out[0].as_ref().unwrap().doc.title.as_deref(),
        Some("Titolo")
    );
    assert!(reader().read_bytes("empty", b"", None)[0].is_err());
    assert!(reader().read_bytes("blank", b"  \n ", None)[0].is_err());
    assert!(reader().read_bytes("lines.jsonl", b"\n\n", None).is_empty());
}

/// Inputs that once crashed a fuzz target or broke an invariant, kept in `tests/data/fuzz/` as
/// `<target>-<name>`: each must read without a panic, and any document must have text.
#[test]
fn fuzz_regressions() {
    let dir = data("fuzz");
    let mut names: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    names.sort();
    assert!(!names.is_empty());
    let r = reader();
    for path in names {
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let format = match name.split('-').next().unwrap() {
            "html" => Some(Format::Html),
            "feed" => Some(Format::Feed),
            "jsonl" => Some(Format::Jsonl),
            "text_decode" => None,
            other => panic!("{name}: unknown target {other:?}"),
        };
        let bytes = std::fs::read(&path).unwrap();
        let out = std::panic::catch_unwind(|| r.read_bytes(&name, &bytes, format));
        let out = out.unwrap_or_else(|_| panic!("{name}: panicked"));
        for rec in out.into_iter().flatten() {
            let visible = rec
                .doc
                .text
                .chars()
                .any(|c| !c.is_whitespace() && !matches!(c, '\u{feff}' | '\u{200b}'));
            assert!(visible, "{name}: empty text");
        }
    }
}
