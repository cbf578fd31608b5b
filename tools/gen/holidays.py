#!/usr/bin/env python3
"""Rebuilds packs/common/time/holiday-dates.tsv: dates of holidays on lunar and lunisolar
calendars, which no simple rule over the Gregorian calendar gives.

Sources (registry packages, pinned):
  * `holidays` 0.108 (pip install holidays==0.108, MIT): the Islamic (Umm al-Qura based),
    Chinese, Hindu and Buddhist lunisolar date tables of holidays.calendars, and the
    Netherlands' King's Day.
  * `convertdate` 2.5.1 (pip install convertdate==2.5.1, MIT): Hebrew calendar arithmetic.

Output: one line per holiday and year, `name<TAB>YYYY-MM-DD[<TAB>days]`, the first (civil) day
of the holiday; `days` is given only when the holiday lasts more than one day and its length
varies from year to year (Ramadan: up to the day of Eid al-Fitr). Holidays that fall a fixed
number of days from one of these (Shemini Atzeret = Sukkot + 7, Holika Dahan = Holi - 1, the
five days of Diwali) are written as offsets in the packs' lexicons, not repeated here, and so
are fixed spans ("Hanukkah lasts 8 days"). Jewish holidays are given by their civil day; a
pack that wants the evening they begin at adds -1 in its lexicon.

Years: 1950-2100 where the source covers them (the Islamic tables of `holidays` stop at 2077,
most Hindu tables cover 2001-2035).

Usage: python3 tools/gen/holidays.py [REPO_ROOT]
"""
import datetime as dt
import os
import sys

# This script is itself named holidays.py: keep its folder off the path so that `import
# holidays` finds the package.
sys.path = [p for p in sys.path if os.path.abspath(p or ".") != os.path.dirname(os.path.abspath(__file__))]

from convertdate import hebrew
import holidays
from holidays.calendars.buddhist import _BuddhistLunisolar
from holidays.calendars.chinese import _ChineseLunisolar
from holidays.calendars.hindu import _HinduLunisolar
from holidays.calendars.islamic import _IslamicLunar

ROOT = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..", "..")
OUT = os.path.join(ROOT, "packs", "common", "time", "holiday-dates.tsv")
YEARS = range(1950, 2101)

ISLAMIC = {
    "ramadan": "RAMADAN_BEGINNING_DATES",
    "eid-al-fitr": "EID_AL_FITR_DATES",
    "eid-al-adha": "EID_AL_ADHA_DATES",
    "laylat-al-qadr": "LAYLAT_AL_QADR_DATES",
    "islamic-new-year": "HIJRI_NEW_YEAR_DATES",
    "ashura": "ASHURA_DATES",
    "mawlid": "MAWLID_DATES",
    "isra-miraj": "ISRA_AND_MIRAJ_DATES",
    "jumuatul-wida": "JUMUATUL_WIDA_DATES",
}
HINDU = {
    "diwali": "DIWALI_INDIA_DATES",
    "chhath": "CHHATH_PUJA_DATES",
    "dussehra": "DUSSEHRA_DATES",
    "navratri": "SHARAD_NAVRATRI_DATES",
    "maha-ashtami": "MAHA_ASHTAMI_DATES",
    "karva-chauth": "KARWA_CHAUTH_DATES",
    "rath-yatra": "RATH_YATRA_DATES",
    "raksha-bandhan": "RAKSHA_BANDHAN_DATES",
    "mahavir-jayanti": "MAHAVIR_JAYANTI_DATES",
    "maha-shivaratri": "MAHA_SHIVARATRI_DATES",
    "basant-panchami": "BASANT_PANCHAMI_DATES",
    "pongal": "PONGAL_DATES",
    "makar-sankranti": "MAKAR_SANKRANTI_DATES",
    "vaisakhi": "VAISAKHI_DATES",
    "onam": "ONAM_DATES",
    "holi": "HOLI_DATES",
    "janmashtami": "JANMASHTAMI_DATES",
    "guru-gobind-singh-jayanti": "GURU_GOBIND_SINGH_JAYANTI_DATES",
    "guru-ravidas-jayanti": "GURU_RAVIDAS_JAYANTI_DATES",
    "valmiki-jayanti": "MAHARSHI_VALMIKI_JAYANTI_DATES",
    "ganesh-chaturthi": "GANESH_CHATURTHI_DATES",
    "ram-navami": "RAM_NAVAMI_DATES",
    "gudi-padwa": "GUDI_PADWA_DATES",
    "guru-nanak-jayanti": "GURU_NANAK_JAYANTI_DATES",
}


def table_dates(table, year):
    """Dates a `holidays` table gives for `year` (one (m, d) or several)."""
    v = table.get(year)
    if v is None:
        return []
    if isinstance(v[0], tuple):
        return [dt.date(year, m, d) for m, d in v]
    return [dt.date(year, v[0], v[1])]


def heb(hy, month, day):
    return dt.date(*hebrew.to_gregorian(hy, month, day))


def hebrew_rows(year):
    """Jewish holidays whose civil day lies in `year` (first day)."""
    autumn = year + 3761  # Hebrew year beginning in the autumn of `year`
    spring = year + 3760  # Hebrew year whose spring lies in `year`
    adar = 13 if hebrew.leap(spring) else 12
    rows = [
        ("rosh-hashanah", heb(autumn, 7, 1)),
        ("hanukkah", heb(autumn, 9, 25)),
        ("tu-bishvat", heb(spring, 11, 15)),
        ("purim", heb(spring, adar, 14)),
        ("passover", heb(spring, 1, 15)),
    ]
    # Days of remembrance moved off the Sabbath and its eve (Israeli law).
    shoah = heb(spring, 1, 27)
    if shoah.weekday() == 4:  # Friday -> Thursday
        shoah -= dt.timedelta(days=1)
    elif shoah.weekday() == 6:  # Sunday -> Monday
        shoah += dt.timedelta(days=1)
    rows.append(("yom-hashoah", shoah))
    indep = heb(spring, 2, 5)
    if indep.weekday() == 4:  # Friday -> Thursday
        indep -= dt.timedelta(days=1)
    elif indep.weekday() == 5:  # Saturday -> Thursday
        indep -= dt.timedelta(days=2)
    elif indep.weekday() == 0 and year >= 2004:  # Monday -> Tuesday
        indep += dt.timedelta(days=1)
    rows.append(("yom-haatzmaut", indep))
    av = heb(spring, 5, 9)
    if av.weekday() == 5:  # a fast on the Sabbath is kept on Sunday
        av += dt.timedelta(days=1)
    rows.append(("tisha-bav", av))
    return [r for r in rows if r[1].year == year]


def parsi_new_year(year):
    """Navroz of the Shahenshahi calendar: a 365-day year with no leap day, so the Gregorian
    date moves back one day every fourth year (1 Farvardin = 2018-08-17)."""
    base = dt.date(2018, 8, 17)
    d = base + dt.timedelta(days=365 * (year - 2018))
    while d.year > year:
        d -= dt.timedelta(days=365)
    while d.year < year:
        d += dt.timedelta(days=365)
    return d


def main():
    isl = _IslamicLunar()
    hin = _HinduLunisolar()
    chi = _ChineseLunisolar()
    bud = _BuddhistLunisolar()
    rows = []
    for name, attr in ISLAMIC.items():
        t = getattr(isl, attr)
        for y in YEARS:
            for d in table_dates(t, y):
                extra = ""
                if name == "ramadan":
                    # Ramadan runs up to Eid al-Fitr (29 or 30 days).
                    fitr = [e for yy in (y, y + 1) for e in table_dates(isl.EID_AL_FITR_DATES, yy)
                            if e > d]
                    if not fitr:
                        continue
                    extra = f"\t{(min(fitr) - d).days}"
                rows.append((name, d, extra))
    for name, attr in HINDU.items():
        t = getattr(hin, attr)
        for y in YEARS:
            for d in table_dates(t, y):
                rows.append((name, d, ""))
    for y in YEARS:
        d, _ = chi.lunar_new_year_date(y)
        rows.append(("chinese-new-year", d, ""))
        for d in table_dates(bud.VESAK_DATES, y):
            rows.append(("vesak", d, ""))
        for name, d in hebrew_rows(y):
            rows.append((name, d, ""))
        rows.append(("parsi-new-year", parsi_new_year(y), ""))
        if y >= 2014:
            nl = holidays.country_holidays("NL", years=y)
            for d, n in nl.items():
                if n in ("Koningsdag", "King's Day"):
                    rows.append(("kings-day-nl", d, ""))
    rows.sort(key=lambda r: (r[0], r[1]))
    with open(OUT, "w", encoding="utf-8") as f:
        f.write("# Holidays on lunar and lunisolar calendars: name, first day, [days when the length varies].\n")
        f.write(f"# Generated by tools/gen/holidays.py from the PyPI packages holidays {holidays.__version__} (MIT)\n")
        f.write("# and convertdate 2.5.1 (MIT); Islamic dates per the Umm al-Qura based tables (may differ by a day locally).\n")
        for name, d, extra in rows:
            f.write(f"{name}\t{d.isoformat()}{extra}\n")
    print(f"{len(rows)} rows -> {OUT}")


if __name__ == "__main__":
    main()
