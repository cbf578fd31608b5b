#!/usr/bin/env python3
"""Events per 100 non-political articles (issue 5: "articles with no political event (sport, weather) yield
no events").

Why a script: the news corpus in ../shared carries no topic labels for its English sources, so the sample is
picked by words. An article enters a domain (sport, weather, markets, business, culture, science/tech) when its
title and text hold at least two of that domain's cue words and none of the political cue words below (state,
security, conflict, protest, labour action, courts), so that no article in the sample should yield an event.
The pick is deterministic: each domain's candidates are ordered by a hash of their id and the first N taken;
the same hash splits the sample into a tuning half and a held-out half.

Session 9 took 100 articles per domain instead of 36 (weather has 55 candidates, culture 22: all taken), so
each half is about 240 articles; the 36-per-domain sample of session 8 is its first part (same order, same
split). Its held-out half was looked at in session 8; the ~140 held-out articles added in session 9 were not
looked at before the figure was reported. Caveat: the picker's domain words overlap the domain cue words of
packs/*/events/domains.tsv, so the sample leans to articles the domain reading recognises; short briefs with
few cue words are in it all the same (most events left are there).

usage:
  tools/eval/nonpol.py SHARED --write DIR            # writes DIR/{tune,held}.jsonl
  tools/eval/nonpol.py SHARED --annalist BIN [--half tune|held|both] [--show] [--floor X]
The figure printed is events per 100 articles of each half; with --floor, exit 1 when a half is above it.
"""
import argparse
import gzip
import hashlib
import json
import os
import re
import subprocess
import sys
import tempfile

PER_DOMAIN = 100
SOURCES = {"ag_news_test", "reuters21578"}

DOMAINS = {
    "sport": r"match|matches|league|coach|season|championship|tournament|playoffs?|quarterback|innings?|"
    r"olympics?|olympic|medal|striker|midfielder|goalkeeper|golf|tennis|nba|nfl|nhl|mlb|wimbledon|"
    r"grand slam|touchdown|homers?|pitcher|rebounds|semifinals?|final round|world cup|premier league|"
    r"champions league|baseball|basketball|football|soccer|cricket|rugby|marathon|racing|grand prix",
    "weather": r"weather|forecast|forecasters|rainfall|rains|showers|temperatures|snow|frost|drought|"
    r"humidity|dry spell|heat wave|celsius|fahrenheit|monsoon|thunderstorms?|wet weather",
    "markets": r"shares|stocks|stock market|dow jones|nasdaq|s&p|index rose|index fell|futures|bond yields?|"
    r"treasuries|dollar rose|dollar fell|crude|barrel|traders|trading|bullion|ounce",
    "business": r"profit|net income|quarter|earnings|revenue|revenues|dividend|analysts|chief executive|"
    r"net loss|sales rose|sales fell|per share|fiscal|acquisition|merger|acquire|stake",
    "culture": r"film|movie|album|box office|hollywood|singer|concert|actress|director|oscar|grammy|"
    r"novel|theater|theatre|broadway|pop star|rock band|music|television series|sitcom|museum",
    "scitech": r"software|microsoft|google|internet|browser|linux|processor|chip|chips|wireless|"
    r"broadband|scientists|researchers|astronomers|species|genome|telescope|laptop|ipod|apple|"
    r"spam|virus|hackers?|search engine|web site|website|online",
}

# Any of these and the article may well hold a political event: it stays out of the sample.
POLITICAL = (
    r"government|governments|minister|ministry|presidential|parliament|congress|senate|"
    r"senator|election|elections|voters|military|army|troops|soldiers|war|wars|police|"
    r"arrest|arrested|court|judge|jury|charged|prosecutors?|trial|sanctions?|tariffs?|"
    r"treaty|embassy|ambassador|diplomat\w*|protest\w*|strike|strikes|striking|union|unions|rebels?|"
    r"attack\w*|killed|bomb\w*|terror\w*|insurgent\w*|militants?|iraq\w*|iran\w*|israel\w*|palestin\w*|"
    r"afghan\w*|bush|kerry|blair|putin|chirac|schroeder|koizumi|regulators?|antitrust|commission|"
    r"federal|fda|sec|ftc|justice department|white house|pentagon|kremlin|nato|united nations|u\.n\.|"
    r"eu|european union|opec|imf|world bank|central bank|fed|bundesbank|reagan|baker|yeutter|"
    r"legislation|law|laws|ban|banned|officials?|authorities|state-owned|nationali[sz]\w*|"
    r"summit|boycott|embargo|crisis|refugees?|hostages?|"
    r"nuclear|missile|weapons?|sabotage|spy|espionage|pope|king|queen|prince|"
    r"testif\w*|accus\w*|murder\w*|crimes?|criminal|fraud|investigat\w*|probe"
)
POL_RE = re.compile(r"\b(?:%s)\b" % POLITICAL, re.I)
TABLE_RE = re.compile(r"\bShr\b|\bQtly div\b")
DOM_RE = {d: re.compile(r"\b(?:%s)\b" % p, re.I) for d, p in DOMAINS.items()}


def key(doc_id: str) -> int:
    return int(hashlib.sha1(doc_id.encode()).hexdigest()[:12], 16)


def sample(shared: str, per_domain: int = PER_DOMAIN):
    """Returns {"tune": [...], "held": [...]}: documents of the sample, each with its domain."""
    cands = {d: [] for d in DOMAINS}
    path = os.path.join(shared, "data/news/news_articles.jsonl.gz")
    with gzip.open(path, "rt", encoding="utf-8") as f:
        for line in f:
            d = json.loads(line)
            if d.get("source") not in SOURCES:
                continue
            body = (d.get("title") or "") + "\n" + d["text"]
            # earnings tables ("Shr 40 cts vs 47 cts") are not prose: they say nothing a rule could misread
            if len(body) < 80 or POL_RE.search(body) or TABLE_RE.search(body):
                continue
            hits = {dom: len(set(m.group(0).lower() for m in r.finditer(body))) for dom, r in DOM_RE.items()}
            dom, n = max(hits.items(), key=lambda kv: kv[1])
            if n < 2:
                continue
            uid = f"{d['source']}:{d['id']}"
            cands[dom].append((key(uid), uid, d))
    out = {"tune": [], "held": []}
    for dom in DOMAINS:
        for k, uid, d in sorted(cands[dom])[:per_domain]:
            doc = {"id": uid, "lang": "en", "text": d["text"], "domain": dom}
            if d.get("title"):
                doc["title"] = d["title"]
            out["held" if (k >> 20) & 1 else "tune"].append(doc)
    return out


def run(binary: str, docs):
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False, encoding="utf-8") as f:
        for d in docs:
            f.write(json.dumps({k: v for k, v in d.items() if k != "domain"}) + "\n")
        name = f.name
    try:
        res = subprocess.run(
            [binary, "extract", "--no-text", "--lang", "en", "--published", "2004-10-01", name],
            capture_output=True, text=True, check=True,
        )
    finally:
        os.unlink(name)
    return {o["id"]: o for o in map(json.loads, res.stdout.splitlines())}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("shared")
    ap.add_argument("--write")
    ap.add_argument("--annalist")
    ap.add_argument("--half", default="both", choices=["tune", "held", "both"])
    ap.add_argument("--show", action="store_true", help="list each event with its sentence")
    ap.add_argument("--floor", type=float, help="fail when events per 100 articles exceed this")
    ap.add_argument("--per-domain", type=int, default=PER_DOMAIN,
                    help="articles taken per domain before the split (the figure is for the default)")
    a = ap.parse_args()
    s = sample(a.shared, a.per_domain)
    if a.write:
        os.makedirs(a.write, exist_ok=True)
        for h, docs in s.items():
            with open(os.path.join(a.write, h + ".jsonl"), "w", encoding="utf-8") as f:
                for d in docs:
                    f.write(json.dumps(d) + "\n")
    if not a.annalist:
        return
    bad = False
    for h in (["tune", "held"] if a.half == "both" else [a.half]):
        docs = s[h]
        out = run(a.annalist, docs)
        by_dom = {}
        total = 0
        for d in docs:
            evs = out.get(d["id"], {}).get("events", [])
            total += len(evs)
            n, e = by_dom.get(d["domain"], (0, 0))
            by_dom[d["domain"]] = (n + 1, e + len(evs))
            if a.show and evs:
                text = d["text"]
                print(f"-- {d['id']} [{d['domain']}] {d.get('title', '')}")
                b = text.encode()
                for ev in evs:
                    s0, e0 = ev["sentence"]
                    sides = lambda xs: "+".join(x["text"] for x in xs) or "-"
                    print(f"   {ev['event_type']:<9} {sides(ev['source'])} -> {sides(ev['target'])} "
                          f"[{ev['trigger']['text']}] :: {b[s0:e0].decode(errors='replace')[:220]!r}")
        per100 = 100.0 * total / max(1, len(docs))
        doms = " ".join(f"{k} {100.0 * e / n:.0f}" for k, (n, e) in sorted(by_dom.items()))
        print(f"{h}: {len(docs)} articles, {total} events, {per100:.1f} per 100 ({doms})")
        if a.floor is not None and per100 > a.floor:
            bad = True
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
