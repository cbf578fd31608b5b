#!/usr/bin/env python3
"""Fails when a pack's corpus example or table comment repeats evaluation text.

Gold and evaluation data measure the system; copying their sentences into the packs' example
corpora (or into the comments that explain a rule) would make the figures measure memory. This
check compares every 40-letter window (lower case, letters and digits only, so tokenised and
running text compare alike) of the packs' corpus lines and comment lines against the development
gold texts and the KIND files. The seed article is the project's own example and is allowed.

usage: corpus_overlap.py PACKS_DIR SHARED_DIR
"""
import json
import pathlib
import re
import sys

W = 40


def norm(s):
    return re.sub(r"[\W_]+", "", s.lower())


def windows(s):
    t = norm(s)
    return {t[i : i + W] for i in range(len(t) - W + 1)}


def main():
    packs, shared = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
    seen = set()
    sources = 0
    for gold in sorted((shared / "gold").glob("dev-*.json")):
        for d in json.load(open(gold, encoding="utf-8")):
            seen |= windows(d.get("text", ""))
            sources += 1
    for tsv in sorted((shared / "data" / "ner").glob("kind-*.tsv")):
        sent = []
        for line in open(tsv, encoding="utf-8"):
            tok = line.split("\t", 1)[0].strip()
            if tok:
                sent.append(tok)
            elif sent:
                seen |= windows(" ".join(sent))
                sent = []
        if sent:
            seen |= windows(" ".join(sent))
        sources += 1
    bad = 0
    for f in sorted(packs.rglob("*")):
        if not f.is_file() or f.suffix not in {".txt", ".tsv", ".toml"}:
            continue
        corpus = "corpus" in f.parts
        for n, line in enumerate(open(f, encoding="utf-8"), 1):
            if not (corpus or line.lstrip().startswith("#")):
                continue
            hit = next((w for w in windows(line) if w in seen), None)
            if hit:
                bad += 1
                print(f"{f}:{n}: repeats evaluation text ({hit!r}): {line.strip()[:120]}")
    print(f"corpus overlap: {bad} lines repeat text of {sources} evaluation sources")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
