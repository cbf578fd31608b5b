//! The Parquet export read back with the parquet crate's own reader: same rows, columns and
//! values as the CSV export, with types and nulls.
#![cfg(feature = "parquet")]

mod common;

use annalist_store::{Query, Store, EVENT_COLUMNS};
use bytes::Bytes;
use common::*;
use parquet::basic::{Repetition, Type as PhysicalType};
use parquet::file::reader::{FileReader, SerializedFileReader};
use parquet::record::{Field, Row};

fn store() -> Store {
    let mut store = Store::open_in_memory().unwrap();
    store.insert_batch(&[call_it(), call_en()]).unwrap();
    store
}

fn parquet(store: &Store, q: &Query, group_rows: usize) -> (u64, SerializedFileReader<Bytes>) {
    let mut buf = Vec::new();
    let n = store
        .export_events_parquet_grouped(q, &mut buf, group_rows)
        .unwrap();
    assert_eq!(&buf[..4], b"PAR1");
    (n, SerializedFileReader::new(Bytes::from(buf)).unwrap())
}

fn rows(r: &SerializedFileReader<Bytes>) -> Vec<Row> {
    r.get_row_iter(None).unwrap().map(Result::unwrap).collect()
}

fn field<'a>(row: &'a Row, name: &str) -> &'a Field {
    row.get_column_iter()
        .find(|(n, _)| *n == name)
        .map(|(_, f)| f)
        .unwrap_or_else(|| panic!("no column {name}"))
}

/// A Parquet value as the CSV export writes it.
fn as_csv(f: &Field) -> String {
    match f {
        Field::Null => String::new(),
        Field::Long(v) => v.to_string(),
        Field::Double(v) => v.to_string(),
        Field::Str(s) => s.clone(),
        other => panic!("unexpected Parquet value {other:?}"),
    }
}

#[test]
fn events_read_back_typed_with_the_csv_columns() {
    let store = store();
    let (n, reader) = parquet(&store, &Query::default(), 50_000);
    assert_eq!(n, 2);
    let meta = reader.metadata().file_metadata();
    assert_eq!(meta.num_rows(), 2);

    // Schema: the CSV columns in order, typed, nullable unless required.
    let schema = meta.schema_descr();
    assert_eq!(schema.num_columns(), EVENT_COLUMNS.len());
    for (i, c) in EVENT_COLUMNS.iter().enumerate() {
        let d = schema.column(i);
        assert_eq!(d.name(), c.name);
        let want = match c.kind {
            annalist_store::ColumnKind::Int => PhysicalType::INT64,
            annalist_store::ColumnKind::Float => PhysicalType::DOUBLE,
            annalist_store::ColumnKind::Text => PhysicalType::BYTE_ARRAY,
        };
        assert_eq!(d.physical_type(), want, "{}", c.name);
        let rep = d.self_type().get_basic_info().repetition();
        assert_eq!(rep == Repetition::REQUIRED, c.required, "{}", c.name);
    }

    let rows = rows(&reader);
    let by_type = |t: &str| {
        rows.iter()
            .find(|r| matches!(field(r, "event_type"), Field::Str(s) if s == t))
            .unwrap_or_else(|| panic!("no {t} row"))
    };
    let call = by_type("CONSULT");
    assert_eq!(field(call, "num_articles"), &Field::Long(2));
    assert_eq!(field(call, "num_sources"), &Field::Long(2));
    assert_eq!(field(call, "goldstein"), &Field::Double(1.0));
    assert_eq!(field(call, "date"), &Field::Str("2025-08-13".into()));
    assert_eq!(field(call, "mode"), &Field::Str("phone".into()));
    assert_eq!(
        field(call, "attributions"),
        &Field::Str("Kcna; Tass".into())
    );
    assert_eq!(field(call, "outlets"), &Field::Str("ansa; reuters".into()));
    assert_eq!(
        field(call, "first_url"),
        &Field::Str("https://ansa.example/it-1".into())
    );
    // Absent values are nulls, not empty strings or zeros.
    assert_eq!(field(call, "target_names"), &Field::Null);
    assert_eq!(field(call, "lat"), &Field::Null);
    assert_eq!(field(call, "location"), &Field::Null);
    let troops = by_type("MOBILIZE");
    assert_eq!(field(troops, "location"), &Field::Str("Kursk".into()));
    assert_eq!(field(troops, "location_country"), &Field::Str("RUS".into()));
    assert_eq!(
        field(troops, "quantities"),
        &Field::Str("~12000 soldier; ~15000 soldier".into())
    );
    assert_eq!(field(troops, "goldstein"), &Field::Null);

    // Every value equals the CSV export's field for the same event and column.
    let mut csv = Vec::new();
    store
        .export_events_csv(&Query::default(), &mut csv)
        .unwrap();
    let mut csv = csv::Reader::from_reader(&csv[..]);
    let header: Vec<String> = csv.headers().unwrap().iter().map(String::from).collect();
    let names: Vec<&str> = EVENT_COLUMNS.iter().map(|c| c.name).collect();
    assert_eq!(header, names);
    let records: Vec<csv::StringRecord> = csv.records().map(Result::unwrap).collect();
    assert_eq!(records.len(), rows.len());
    for (row, rec) in rows.iter().zip(&records) {
        let values: Vec<String> = row.get_column_iter().map(|(_, f)| as_csv(f)).collect();
        let fields: Vec<&str> = rec.iter().collect();
        assert_eq!(values, fields);
    }
}

#[test]
fn filters_limits_and_row_groups_are_respected() {
    let store = store();
    let q = Query {
        event_type: Some("MOBILIZE".into()),
        ..Query::default()
    };
    let (n, reader) = parquet(&store, &q, 50_000);
    assert_eq!(n, 1);
    assert_eq!(rows(&reader).len(), 1);

    // One row per group: two groups, rows in the query's order.
    let (n, reader) = parquet(&store, &Query::default(), 1);
    assert_eq!(n, 2);
    assert_eq!(reader.metadata().num_row_groups(), 2);
    let ids: Vec<i64> = rows(&reader)
        .iter()
        .map(|r| match field(r, "id") {
            Field::Long(v) => *v,
            f => panic!("id {f:?}"),
        })
        .collect();
    let want: Vec<i64> = store
        .query(&Query::default())
        .unwrap()
        .iter()
        .map(|e| e.id)
        .collect();
    assert_eq!(ids, want);
}

#[test]
fn no_match_is_a_valid_empty_file_with_the_schema() {
    let store = store();
    let q = Query {
        event_type: Some("PROTEST".into()),
        ..Query::default()
    };
    let (n, reader) = parquet(&store, &q, 50_000);
    assert_eq!(n, 0);
    assert_eq!(reader.metadata().file_metadata().num_rows(), 0);
    assert_eq!(
        reader
            .metadata()
            .file_metadata()
            .schema_descr()
            .num_columns(),
        EVENT_COLUMNS.len()
    );
    assert!(rows(&reader).is_empty());
}
