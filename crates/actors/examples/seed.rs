//! Tags a text file and prints the document as one JSON line:
//! `cargo run -p annalist-actors --example seed FILE LANG DATE [ID]`.
fn main() {
    let args: Vec<String> = std::env::args().collect();
    let text = std::fs::read_to_string(&args[1]).expect("read");
    let packs = annalist_lang::Packs::embedded().expect("packs");
    let t = std::time::Instant::now();
    let tagger = annalist_actors::ActorTagger::new(&packs).expect("tagger");
    eprintln!("built in {:?}", t.elapsed());
    let id = args.get(4).cloned().unwrap_or_else(|| "x".into());
    let mut doc = annalist_doc::Document::new(id, text);
    doc.lang = args.get(2).cloned();
    doc.published = args.get(3).cloned();
    tagger.annotate(&mut doc);
    println!("{}", serde_json::to_string(&doc).unwrap());
}
