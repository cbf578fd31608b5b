#!/usr/bin/env python3
"""Checks an `annalist export --format parquet` file with pyarrow (an independent reader).

    python3 .ci/parquet_check.py FILE [--rows N] [--csv CSV]

Asserts the columns (names, order, types, which may be null), and with --rows the row count.
With --csv, the CSV export of the same query: same row count, and every value equal to the CSV
field (numbers compared as numbers, null as an empty field). Needs `pip install pyarrow`.
"""

import argparse
import csv
import sys

import pyarrow as pa
import pyarrow.parquet as pq

INT, FLOAT, TEXT = pa.int64(), pa.float64(), pa.string()
# (name, type, nullable): the store's EVENT_COLUMNS, in order.
COLUMNS = [
    ("id", INT, False),
    ("date", TEXT, True),
    ("date_precision", TEXT, True),
    ("date_from", TEXT, True),
    ("date_to", TEXT, True),
    ("event_type", TEXT, False),
    ("mode", TEXT, True),
    ("cameo", TEXT, True),
    ("goldstein", FLOAT, True),
    ("source_names", TEXT, True),
    ("source_ids", TEXT, True),
    ("source_countries", TEXT, True),
    ("source_sectors", TEXT, True),
    ("target_names", TEXT, True),
    ("target_ids", TEXT, True),
    ("target_countries", TEXT, True),
    ("target_sectors", TEXT, True),
    ("location", TEXT, True),
    ("location_country", TEXT, True),
    ("lat", FLOAT, True),
    ("lon", FLOAT, True),
    ("num_mentions", INT, False),
    ("num_articles", INT, False),
    ("num_sources", INT, False),
    ("outlets", TEXT, True),
    ("modalities", TEXT, True),
    ("attributions", TEXT, True),
    ("quantities", TEXT, True),
    ("first_url", TEXT, True),
]


def same(value, field, kind):
    """Whether a Parquet value equals a CSV field of the same column."""
    if value is None:
        return field == ""
    if kind == INT:
        return field != "" and int(field) == value
    if kind == FLOAT:
        return field != "" and float(field) == value
    return field == value


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("file")
    ap.add_argument("--rows", type=int, help="expected number of rows")
    ap.add_argument("--csv", help="the CSV export of the same query, to compare values with")
    a = ap.parse_args()

    table = pq.read_table(a.file)
    schema = table.schema
    got = [(f.name, f.type, f.nullable) for f in schema]
    if got != COLUMNS:
        for want, have in zip(COLUMNS, got):
            if want != have:
                print(f"column mismatch: expected {want}, found {have}", file=sys.stderr)
        sys.exit(f"{a.file}: {len(got)} columns, expected {len(COLUMNS)} as above")
    rows = table.to_pylist()
    if a.rows is not None and len(rows) != a.rows:
        sys.exit(f"{a.file}: {len(rows)} rows, expected {a.rows}")
    if a.csv:
        with open(a.csv, newline="", encoding="utf-8") as f:
            reader = csv.reader(f)
            header = next(reader)
            records = list(reader)
        if header != [c[0] for c in COLUMNS]:
            sys.exit(f"{a.csv}: header {header} differs from the Parquet columns")
        if len(records) != len(rows):
            sys.exit(f"{a.file}: {len(rows)} rows, but the CSV has {len(records)}")
        for i, (row, rec) in enumerate(zip(rows, records)):
            for (name, kind, _), field in zip(COLUMNS, rec):
                if not same(row[name], field, kind):
                    sys.exit(f"row {i} column {name}: Parquet {row[name]!r}, CSV {field!r}")
    print(f"{a.file}: {len(rows)} rows, {len(COLUMNS)} columns as expected"
          + (", values equal to the CSV export" if a.csv else ""))


if __name__ == "__main__":
    main()
