//! Prints the NER and toponym-resolution evaluations as JSON:
//! `cargo run --release -p annalist-actors --example eval NER.tsv GEO_DIR`.
fn main() {
    let args: Vec<String> = std::env::args().collect();
    let packs = annalist_lang::Packs::embedded().expect("packs");
    let tagger = annalist_actors::ActorTagger::new(&packs).expect("tagger");
    if let Some(ner) = args.get(1).filter(|a| !a.is_empty()) {
        let r = annalist_actors::eval_ner(&tagger, std::path::Path::new(ner), "it").expect("ner");
        println!("{}", serde_json::to_string(&r).unwrap());
    }
    if let Some(geo) = args.get(2) {
        let r = annalist_actors::eval_geo(&tagger, std::path::Path::new(geo)).expect("geo");
        println!("{}", serde_json::to_string(&r).unwrap());
    }
}
