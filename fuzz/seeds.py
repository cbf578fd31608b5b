#!/usr/bin/env python3
"""Writes seed inputs for the `pipeline` fuzz target into corpus/pipeline/.

Each seed is one byte that picks the language and the date (bit 0: English, bit 1: dated; see
fuzz_targets/pipeline.rs) followed by a text: every example sentence of the packs' corpora
(packs/<lang>/corpus/*.tsv and *.txt, the text column), the seed article of examples/, and,
when given, the texts of a JSON Lines file of articles (`--news FILE [--limit N]`, e.g. the
evaluation news, which stay outside the repository). Real sentences give the fuzzer the
titles, names and constructions the rules look for, to mutate from.
"""
import argparse
import gzip
import hashlib
import json
import pathlib

ROOT = pathlib.Path(__file__).resolve().parent.parent
LANG_BIT = {"it": 0, "en": 1}


def pack_texts(lang):
    for path in sorted((ROOT / "packs" / lang / "corpus").iterdir()):
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip() or line.startswith("#"):
                continue
            cols = line.split("\t")
            # TSV corpora: published, text, expected; text corpora: one example a line,
            # possibly with tab-separated expectations after the text.
            text = cols[1] if path.suffix == ".tsv" and len(cols) > 1 else cols[0]
            yield text


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--news", help="a JSON Lines file (.gz or not) of articles with a text field")
    ap.add_argument("--limit", type=int, default=300, help="articles to take from --news")
    args = ap.parse_args()
    out = ROOT / "fuzz" / "corpus" / "pipeline"
    out.mkdir(parents=True, exist_ok=True)
    seeds = []
    for lang, bit in LANG_BIT.items():
        for text in pack_texts(lang):
            seeds.append((bit | 2, text))
    seed_article = (ROOT / "examples" / "kim-putin-telefonata.it.txt").read_text(encoding="utf-8")
    seeds.append((2, seed_article))
    if args.news:
        opener = gzip.open if args.news.endswith(".gz") else open
        with opener(args.news, "rt", encoding="utf-8") as f:
            for n, line in enumerate(f):
                if n >= args.limit:
                    break
                try:
                    rec = json.loads(line)
                except json.JSONDecodeError:
                    continue
                text = rec.get("text") or ""
                lang = rec.get("lang") or rec.get("language") or "en"
                seeds.append((LANG_BIT.get(lang, 1) | 2, text[:4000]))
    for pick, text in seeds:
        data = bytes([pick]) + text.encode("utf-8")
        name = hashlib.sha1(data).hexdigest()
        (out / name).write_bytes(data)
    print(f"{len(seeds)} seeds in {out}")


if __name__ == "__main__":
    main()
