//! Embeds the world outline of the map view when npm has installed it.
//!
//! The outline is Natural Earth's 1:110m countries as TopoJSON, from the npm package
//! `world-atlas` (ISC licence; Natural Earth is public domain), installed by `npm ci` in
//! `web/` (see `web/package.json` and its lockfile). The repository holds no copy of it: this
//! script copies it into `OUT_DIR`, where `src/assets.rs` includes it. Without `node_modules`
//! (a build that skipped `npm ci`) the asset is a small JSON object saying so, and the map shows
//! event places as points on a graticule with a note — a build never fails for want of npm.
//! `ANNALIST_WORLD_ATLAS` may name another copy of `countries-110m.json`.

use std::path::PathBuf;

fn main() {
    let manifest = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets it"));
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets it"));
    println!("cargo:rerun-if-env-changed=ANNALIST_WORLD_ATLAS");
    let atlas_dir = manifest.join("web/node_modules/world-atlas");
    let source = match std::env::var_os("ANNALIST_WORLD_ATLAS") {
        Some(p) => PathBuf::from(p),
        None => atlas_dir.join("countries-110m.json"),
    };
    // Watching the file when it exists, else `web/` (whose listing changes when `npm ci`
    // creates node_modules): naming a missing path would make cargo rerun this every build.
    if source.is_file() {
        println!("cargo:rerun-if-changed={}", source.display());
    } else {
        println!("cargo:rerun-if-changed={}", manifest.join("web").display());
    }
    let body = match std::fs::read(&source) {
        Ok(bytes) if bytes.first() == Some(&b'{') => bytes,
        _ => {
            println!(
                "cargo:warning=world outline not embedded ({} missing): run `npm ci` in crates/server/web before building for the map's outline",
                source.display()
            );
            br#"{"missing":"the world outline was not built in: run `npm ci` in crates/server/web, then rebuild"}"#.to_vec()
        }
    };
    std::fs::write(out.join("world-110m.json"), body).expect("OUT_DIR is writable");
}
