//! Parquet export of events (cargo feature `parquet`): the columns of the CSV export
//! ([`EVENT_COLUMNS`]), typed — whole numbers as `INT64`, reals as `DOUBLE`, text as UTF-8
//! `BYTE_ARRAY` (`STRING`) — and absent values as nulls rather than empty strings.
//!
//! Written with the `parquet` crate's low-level column writers, without Arrow: Arrow would add
//! minutes to every cold build for a table this simple. Pages are Snappy-compressed (what
//! pandas, pyarrow, DuckDB and Spark all read), and strings are dictionary-encoded by default,
//! which suits columns like `event_type` and the country codes.

use std::io::Write;
use std::sync::Arc;

use parquet::basic::Compression;
use parquet::data_type::{ByteArray, ByteArrayType, DoubleType, Int64Type};
use parquet::file::properties::WriterProperties;
use parquet::file::writer::{SerializedFileWriter, SerializedRowGroupWriter};
use parquet::schema::parser::parse_message_type;

use crate::error::Result;
use crate::export::{event_cells, Cell, ColumnKind, EVENT_COLUMNS};
use crate::query::Query;
use crate::Store;

/// Rows per row group: small enough to bound memory (rows are buffered until a group is
/// written), large enough for good compression and for readers to skip little.
const ROW_GROUP: usize = 50_000;

type Row = [Cell; EVENT_COLUMNS.len()];

/// The Parquet schema of [`EVENT_COLUMNS`], in the message-type syntax.
pub fn events_parquet_schema() -> String {
    let mut s = String::from("message annalist_event {\n");
    for c in &EVENT_COLUMNS {
        let rep = if c.required { "REQUIRED" } else { "OPTIONAL" };
        let ty = match c.kind {
            ColumnKind::Int => "INT64",
            ColumnKind::Float => "DOUBLE",
            ColumnKind::Text => "BYTE_ARRAY",
        };
        let logical = if c.kind == ColumnKind::Text {
            " (STRING)"
        } else {
            ""
        };
        s.push_str(&format!("  {rep} {ty} {}{logical};\n", c.name));
    }
    s.push('}');
    s
}

impl Store {
    /// Events matching `q` as a Parquet file, one row per deduplicated event, with the columns
    /// of [`EVENT_COLUMNS`] (the CSV export's). Returns the number of rows. The writer needs
    /// no seeking, so a pipe works as well as a file.
    pub fn export_events_parquet(&self, q: &Query, w: impl Write + Send) -> Result<u64> {
        self.export_events_parquet_grouped(q, w, ROW_GROUP)
    }

    /// As [`Store::export_events_parquet`], with at most `group_rows` rows per row group (tests
    /// of files with several groups).
    #[doc(hidden)]
    pub fn export_events_parquet_grouped(
        &self,
        q: &Query,
        w: impl Write + Send,
        group_rows: usize,
    ) -> Result<u64> {
        let group_rows = group_rows.max(1);
        let schema = Arc::new(parse_message_type(&events_parquet_schema())?);
        let props = WriterProperties::builder()
            .set_compression(Compression::SNAPPY)
            .set_created_by(format!("annalist-store {}", env!("CARGO_PKG_VERSION")))
            .build();
        let mut out = SerializedFileWriter::new(w, schema, Arc::new(props))?;
        let mut rows: Vec<Row> = Vec::new();
        let n = self.for_each_event(q, |e| {
            rows.push(event_cells(e));
            if rows.len() >= group_rows {
                write_group(out.next_row_group()?, &rows)?;
                rows.clear();
            }
            Ok(())
        })?;
        // A file with no events still has its schema (and no row group).
        if !rows.is_empty() {
            write_group(out.next_row_group()?, &rows)?;
        }
        out.close()?;
        Ok(n)
    }
}

/// Writes `rows` as one row group, column by column.
fn write_group<W: Write + Send>(
    mut g: SerializedRowGroupWriter<'_, W>,
    rows: &[Row],
) -> Result<()> {
    for (i, c) in EVENT_COLUMNS.iter().enumerate() {
        let Some(mut w) = g.next_column()? else {
            unreachable!("the schema has a column for each of EVENT_COLUMNS")
        };
        // Definition levels: 1 where a value is present, 0 for null; required columns need none.
        let mut defs: Vec<i16> = Vec::with_capacity(rows.len());
        match c.kind {
            ColumnKind::Int => {
                let v: Vec<i64> = rows
                    .iter()
                    .map(|r| match r[i] {
                        Cell::Int(v) => v,
                        _ => unreachable!("{} is an integer column", c.name),
                    })
                    .collect();
                w.typed::<Int64Type>().write_batch(&v, None, None)?;
            }
            ColumnKind::Float => {
                let mut v: Vec<f64> = Vec::with_capacity(rows.len());
                for r in rows {
                    let Cell::Float(x) = r[i] else {
                        unreachable!("{} is a real column", c.name)
                    };
                    defs.push(i16::from(x.is_some()));
                    v.extend(x);
                }
                w.typed::<DoubleType>().write_batch(&v, Some(&defs), None)?;
            }
            ColumnKind::Text => {
                let mut v: Vec<ByteArray> = Vec::with_capacity(rows.len());
                for r in rows {
                    let Cell::Text(x) = &r[i] else {
                        unreachable!("{} is a text column", c.name)
                    };
                    defs.push(i16::from(x.is_some()));
                    v.extend(x.as_ref().map(|s| ByteArray::from(s.as_bytes().to_vec())));
                }
                let defs = (!c.required).then_some(&defs[..]);
                w.typed::<ByteArrayType>().write_batch(&v, defs, None)?;
            }
        }
        w.close()?;
    }
    g.close()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schema_parses_with_one_field_per_column() {
        let t = parse_message_type(&events_parquet_schema()).unwrap();
        let fields = t.get_fields();
        assert_eq!(fields.len(), EVENT_COLUMNS.len());
        for (f, c) in fields.iter().zip(&EVENT_COLUMNS) {
            assert_eq!(f.name(), c.name);
            assert_eq!(f.is_optional(), !c.required, "{}", c.name);
        }
    }
}
