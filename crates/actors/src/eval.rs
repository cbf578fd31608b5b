//! placeholder
#[derive(Debug, thiserror::Error)]
pub enum EvalError {}
pub struct GeoReport;
pub struct NerReport;
pub struct Prf;
pub fn eval_geo() {}
pub fn eval_ner() {}
