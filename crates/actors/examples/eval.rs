//! Prints the NER and toponym-resolution evaluations as JSON:
//! `cargo run --release -p annalist-actors --example eval NER.tsv GEO_DIR`; `NER_CONTEXT=0`
//! scores every sentence alone (default: `NER_CONTEXT_SENTENCES` preceding ones as context).
fn main() {
    let args: Vec<String> = std::env::args().collect();
    let packs = annalist_lang::Packs::embedded().expect("packs");
    let tagger = annalist_actors::ActorTagger::new(&packs).expect("tagger");
    if let Some(ner) = args.get(1).filter(|a| !a.is_empty()) {
        let context = std::env::var("NER_CONTEXT")
            .ok()
            .and_then(|c| c.parse().ok())
            .unwrap_or(annalist_actors::NER_CONTEXT_SENTENCES);
        let path = std::path::Path::new(ner);
        let r = annalist_actors::eval_ner_context(&tagger, path, "it", context, &mut |_, _, _| {})
            .expect("ner");
        println!("{}", serde_json::to_string(&r).unwrap());
    }
    if let Some(geo) = args.get(2) {
        let r = annalist_actors::eval_geo(&tagger, std::path::Path::new(geo)).expect("geo");
        println!("{}", serde_json::to_string(&r).unwrap());
    }
}
