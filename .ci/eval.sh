#!/usr/bin/env bash
# Evaluations against the data in ../shared, with floors that fail CI on regression.
# usage: .ci/eval.sh path/to/annalist path/to/shared
# The floors sit a little under the figures measured when they were set (see the issue notes), so
# that a real regression fails and noise does not.
set -euo pipefail
A="$(realpath "$1")"
SHARED="$(realpath "$2")"
cd "$(dirname "$0")/.."
# Floors (measured figure at the time, minus a margin).
TIME_FLOOR_it=0.94
TIME_FLOOR_en=0.93
NUMERAL_FLOOR_it=0.95
NUMERAL_FLOOR_en=0.94
NER_FLOOR=0.795
NER_ALONE_FLOOR=0.78
GEO_FLOOR=0.79
EVENTS_F1_FLOOR_it=0.77
EVENTS_F1_FLOOR_en=0.74
# location and attribution accuracy over matched events, at the issue's goal of 0.75 (dev sets; 19-48
# matched events carry each, so one event moves them by 0.02-0.05), and the date's
EVENTS_FIELD_FLOOR=0.75
EVENTS_DATE_FLOOR=0.80
# events per 100 non-political English articles (keyword-picked sample, tools/eval/nonpol.py): a ceiling
NONPOL_CEILING=6
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

step() { printf '\n== %s (%s)\n' "$1" "$(date +%T)"; }
fail() { echo "FAIL: $*" >&2; exit 1; }

step "pack corpora and comments repeat no evaluation text"
python3 .ci/corpus_overlap.py packs "$SHARED" || fail "a pack line repeats evaluation text (listed above): invent the example instead"

step "seed article: extract"
"$A" extract examples/kim-putin-telefonata.it.txt --published 2025-08-13 > "$WORK/seed.jsonl"
python3 - "$WORK/seed.jsonl" <<'EOF'
import json, sys
docs = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
assert len(docs) == 1, f"expected one document, got {len(docs)}"
d = docs[0]
t = d["text"]
assert d["lang"] == "it", d["lang"]
assert d["published"] == "2025-08-13", d["published"]
assert not t.rstrip().endswith("Today"), "trailing 'Today' furniture kept"
b = t.encode("utf-8")
sents = [b[s:e].decode("utf-8") for s, e in d["sentences"]]
assert len(sents) == 13, f"expected 13 sentences, got {len(sents)}: {sents}"
assert sents[0].startswith("Telefonata Kim Jong Un-Putin") and sents[0].endswith("Ucraina"), sents[0]
assert "Legame sempre più stretto tra Pyongyang e Mosca" in sents, "subheading is not one sentence"
for s in sents[1:]:
    assert s[-1] in '.!?"»' or s == "Legame sempre più stretto tra Pyongyang e Mosca", f"not cut at a sentence end: {s!r}"
print("seed: 13 sentences, lang it, furniture dropped")
EOF
python3 - "$WORK/seed.jsonl" "$WORK/seed-scored.jsonl" <<'EOF'
import json, sys
d = json.loads(open(sys.argv[1], encoding="utf-8").readline())
d["id"] = "seed-kim-putin"
open(sys.argv[2], "w", encoding="utf-8").write(json.dumps(d, ensure_ascii=False) + "\n")
EOF
# (written whole before its first line is taken: piped into head, the scorer could die of a broken pipe)
python3 "$SHARED/tools/score_events.py" "$SHARED/gold/seed.json" "$WORK/seed-scored.jsonl" --json > "$WORK/seed-score-all.txt"
head -n 1 "$WORK/seed-score-all.txt" > "$WORK/seed-score.json"
cat "$WORK/seed-score.json"
python3 - "$WORK/seed-score.json" <<'EOF'
import json, sys
s = json.load(open(sys.argv[1]))
assert s.get("entities_recall", 0) >= 1.0, f"seed entities_recall {s.get('entities_recall')} < 1.0"
assert s.get("times_accuracy", 0) >= 1.0, f"seed times_accuracy {s.get('times_accuracy')} < 1.0"
print("seed: entities and times all found")
EOF

step "mixed inputs: news corpus, HTML, RSS, Atom, Latin-1, UTF-16, binary, broken JSON line"
M="$WORK/mixed"
mkdir -p "$M/pages" "$M/feeds"
ln -s "$SHARED/data/news/news_articles.jsonl.gz" "$M/news_articles.jsonl.gz"
cat > "$M/pages/articolo.html" <<'EOF'
<!doctype html><html lang="it"><head><title>Vertice a Roma | Il Quotidiano</title>
<meta property="og:site_name" content="Il Quotidiano">
<meta property="article:published_time" content="2025-03-02T10:00:00+01:00">
<script type="application/ld+json">{"@type":"NewsArticle","headline":"Vertice a Roma tra i ministri","datePublished":"2025-03-02T10:00:00+01:00","publisher":{"@type":"Organization","name":"Il Quotidiano"}}</script>
</head><body><nav><a href="/">Home</a> <a href="/esteri">Esteri</a></nav>
<div class="cookie-banner">Questo sito usa cookie. Accetta tutti i cookie</div>
<article><h1>Vertice a Roma tra i ministri</h1>
<p>Il ministro degli Esteri italiano ha incontrato ieri a Roma il suo omologo francese per discutere della crisi in Medio Oriente e del sostegno all'Ucraina.</p>
<p>I due hanno firmato un accordo di cooperazione sulla difesa, secondo quanto riferito dalla Farnesina in una nota diffusa in serata.</p>
<div class="share">Condividi su Facebook Condividi su X</div>
<p>Leggi anche: Il governo approva la manovra</p></article>
<footer>© 2025 Il Quotidiano - P.IVA 01234567890</footer></body></html>
EOF
cat > "$M/pages/broken.html" <<'EOF'
<html><body><div><p>The minister said on Monday that talks with the rebels would resume next week in Geneva.<div><p>Unclosed <b>tags <i>everywhere
EOF
cat > "$M/feeds/news.rss" <<'EOF'
<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>World Wire</title><link>https://example.org</link>
<item><title>Ceasefire talks resume</title><link>https://example.org/a</link><pubDate>Mon, 04 Aug 2025 09:00:00 GMT</pubDate><description>Negotiators met in Doha on Monday to resume ceasefire talks, officials said.</description></item>
<item><title>Protests in the capital</title><link>https://example.org/b</link><pubDate>Tue, 05 Aug 2025 09:00:00 GMT</pubDate><description>Thousands of protesters marched in the capital on Tuesday against the new law.</description></item>
</channel></rss>
EOF
cat > "$M/feeds/atom.xml" <<'EOF'
<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Agenzia</title><id>urn:x</id><updated>2025-08-13T10:00:00Z</updated>
<entry><title>Sanzioni</title><id>urn:x:1</id><updated>2025-08-13T10:00:00Z</updated><link href="https://example.org/s"/><summary>L'Unione europea ha approvato nuove sanzioni contro la Russia.</summary></entry>
</feed>
EOF
printf 'Il sindaco di Forl\xec ha incontrato mercoled\xec i cittadini per parlare della citt\xe0 e delle sue priorit\xe0.\n' > "$M/latin1.txt"
python3 -c "open('$M/utf16.txt','wb').write('\ufeffThe president met the prime minister in London on Friday.'.encode('utf-16-le'))"
head -c 4096 /dev/urandom > "$M/blob.bin"; printf '\x00\x01\x02' >> "$M/blob.bin"
cat > "$M/small.jsonl" <<'EOF'
{"id": "ok-1", "text": "La polizia ha arrestato due persone a Milano.", "lang": "it", "published": "2025-01-10", "outlet": "Test", "topic": "crime"}
{"id": "broken", "text": "missing quote and brace
{"id": "ok-2", "text": "Police arrested two men in Leeds on Sunday.", "lang": "en", "published": "2025-01-12"}
EOF
set +e
"$A" ingest "$M" --db "$WORK/mixed.db" 2> "$WORK/ingest.err"
rc=$?
set -e
tail -n 5 "$WORK/ingest.err"
[ "$rc" -ne 0 ] || fail "ingest of a folder with bad inputs must exit non-zero"
grep -q "small.jsonl:2" "$WORK/ingest.err" || fail "the broken JSON line is not reported as small.jsonl:2"
grep -q "blob.bin" "$WORK/ingest.err" || fail "the binary file is not reported"
if grep -q "panicked at" "$WORK/ingest.err"; then grep -m3 -A1 "panicked at" "$WORK/ingest.err"; fail "a stage panicked on the corpus"; fi
"$A" stats --db "$WORK/mixed.db" --json > "$WORK/stats.json"
python3 - "$WORK/stats.json" <<'EOF'
import json, sys
s = json.load(open(sys.argv[1]))
# 44,637 corpus articles (some may share a text: stored once) + 2 HTML + 2 RSS + 1 Atom + Latin-1 + UTF-16 + 2 JSONL
print("stored documents:", s["documents"], "by language:", s["by_lang"][:6])
assert s["documents"] >= 44_000 + 9, s["documents"]
EOF
"$A" ingest "$M/small.jsonl" --db "$WORK/mixed.db" 2>/dev/null || true
"$A" stats --db "$WORK/mixed.db" --json > "$WORK/stats2.json"
python3 - "$WORK/stats.json" "$WORK/stats2.json" <<'EOF'
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:3])
assert a["documents"] == b["documents"], "re-ingesting stored documents changed the count"
print("re-ingest is idempotent")
EOF

step "time: Duckling corpora (assistant convention) and news convention"
for lang in it en; do
  f="$SHARED/data/time/duckling_time_$lang.jsonl"
  floor_var="TIME_FLOOR_$lang"
  "$A" eval-time "$f" --min "${!floor_var}"
  "$A" eval-time "$f" --convention news > "$WORK/time-news-$lang.txt"; head -n 1 "$WORK/time-news-$lang.txt"
  numeral_var="NUMERAL_FLOOR_$lang"
  "$A" eval-time "$SHARED/data/time/duckling_numeral.jsonl" --numeral --lang "$lang" --min "${!numeral_var}"
done

step "actors: KIND Italian Wikinews NER and GeoWebNews toponym resolution"
"$A" eval-ner "$SHARED/data/ner/kind-wikinews-dev.tsv" --min "$NER_FLOOR"
# The same with every sentence scored alone (no preceding sentences as article context).
"$A" eval-ner "$SHARED/data/ner/kind-wikinews-dev.tsv" --context 0 --min "$NER_ALONE_FLOOR" | grep -A4 '"micro"' 
"$A" eval-geo "$SHARED/data/geo/GeoWebNews" --min "$GEO_FLOOR"

step "events: seed (at least 8 of 9 required, precision at least 0.8) and development sets"
"$A" eval "$SHARED/gold/seed.json" --json > "$WORK/seed-eval.json"
python3 - "$WORK/seed-eval.json" <<'EOF'
import json, sys
r = json.load(open(sys.argv[1]))
p = r["matched"] / r["system_events"] if r["system_events"] else 0
print(f"seed: {r['required_found']}/{r['required_gold']} required events, precision {p:.3f}")
assert r["required_found"] >= 8, "fewer than 8 of the 9 required seed events"
assert p >= 0.8, f"seed precision {p:.3f} < 0.8"
# Regression floor: the seed is at 9/9 and precision 1.0 now.
assert r["required_found"] >= 9 and p >= 0.95, "the seed regressed from 9/9, precision 1.0"
EOF
for lang in it en; do
  floor_var="EVENTS_F1_FLOOR_$lang"
  "$A" eval "$SHARED/gold/dev-$lang.json" --min-f1 "${!floor_var}" \
    --min-field "date=$EVENTS_DATE_FLOOR" --min-field "location=$EVENTS_FIELD_FLOOR" \
    --min-field "attribution=$EVENTS_FIELD_FLOOR"
done

step "events: articles with no political event (sport, weather, markets, culture) yield (almost) none"
python3 tools/eval/nonpol.py "$SHARED" --annalist "$A" --floor "$NONPOL_CEILING"

step "exports: Parquet read back by pyarrow and compared with the CSV export"
python3 -m pip install -q pyarrow >/dev/null 2>&1 || python3 -m pip install pyarrow
"$A" ingest examples/kim-putin-telefonata.it.txt --published 2025-08-13 --db "$WORK/p.db" 2>/dev/null
"$A" export --db "$WORK/p.db" --format parquet -o "$WORK/ev.parquet"
"$A" export --db "$WORK/p.db" --format csv -o "$WORK/ev.csv"
"$A" export --db "$WORK/p.db" --format gdelt -o "$WORK/ev.tsv"
python3 .ci/parquet_check.py "$WORK/ev.parquet" --csv "$WORK/ev.csv"

step "the same event in two articles: one event, two mentions, two outlets"
cat > "$WORK/two.jsonl" <<'EOF'
{"id": "a1", "lang": "it", "published": "2025-03-04", "outlet": "Agenzia Uno", "text": "Il presidente russo Vladimir Putin ha avuto oggi una telefonata con il presidente turco Recep Tayyip Erdogan per discutere della guerra in Ucraina, secondo il Cremlino."}
{"id": "b1", "lang": "en", "published": "2025-03-04", "outlet": "Wire Two", "text": "Russian President Vladimir Putin held a phone call with Turkish President Recep Tayyip Erdogan on Tuesday to discuss the war in Ukraine, the Kremlin said."}
EOF
"$A" ingest "$WORK/two.jsonl" --db "$WORK/two.db" 2>/dev/null
"$A" query --db "$WORK/two.db" --type CONSULT --actor Q7747 --format jsonl > "$WORK/two.out"
python3 - "$WORK/two.out" <<'EOF'
import json, sys
evs = [json.loads(l) for l in open(sys.argv[1])]
best = max(evs, key=lambda e: e["num_articles"]) if evs else None
assert best and best["num_articles"] == 2 and best["num_sources"] == 2, [(e["num_articles"], e["num_sources"]) for e in evs]
print(f"one CONSULT event with {best['num_mentions']} mentions from {best['num_articles']} articles, {best['num_sources']} outlets")
EOF

step "interrupted ingest (kill -9) leaves a consistent database and resumes"
"$A" ingest "$SHARED/data/news/news_articles.jsonl.gz" --db "$WORK/kill.db" --batch 200 2>/dev/null &
pid=$!
sleep 4
kill -9 "$pid" 2>/dev/null || true
wait "$pid" 2>/dev/null || true
python3 - "$WORK/kill.db" > "$WORK/killed.txt" <<'EOF'
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
assert c.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
print(c.execute("SELECT COUNT(*) FROM documents").fetchone()[0])
EOF
killed=$(cat "$WORK/killed.txt")
echo "after kill -9: $killed documents stored, integrity ok"
"$A" ingest "$SHARED/data/news/news_articles.jsonl.gz" --db "$WORK/kill.db" --batch 500 2> "$WORK/resume.err" || true
tail -n 1 "$WORK/resume.err"
python3 - "$WORK/resume.err" "$killed" <<'EOF'
import re, sys
line = open(sys.argv[1]).read().strip().splitlines()[-1]
m = re.search(r"(\d+) stored, (\d+) already there", line)
assert m, line
stored, there = int(m.group(1)), int(m.group(2))
assert there >= int(sys.argv[2]), f"only {there} recognised as already stored, {sys.argv[2]} were"
assert stored + there >= 44_000, line
print(f"resumed: {there} skipped as stored, {stored} added")
EOF

echo "evaluations passed"
