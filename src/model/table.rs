//! One table's rows, stored flat in schema column order, each with its provenance.

use chrono::NaiveDate;

use super::Sym;
use crate::schema::{Col, TableDef, TableId};

/// Marks a date cell that carried no time of day.
pub const NO_TIME: u16 = u16::MAX;

/// A typed cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Value {
    Null,
    /// A date, with the minute of the day when the cell held a time (else [`NO_TIME`]).
    Date(NaiveDate, u16),
    Text(Sym),
    Flag(bool),
}

impl Value {
    pub fn date(self) -> Option<NaiveDate> {
        match self {
            Value::Date(d, _) => Some(d),
            _ => None,
        }
    }

    /// The date and, when the cell held one, the minute of the day.
    pub fn date_time(self) -> Option<(NaiveDate, Option<u16>)> {
        match self {
            Value::Date(d, m) => Some((d, (m != NO_TIME).then_some(m))),
            _ => None,
        }
    }

    pub fn sym(self) -> Option<Sym> {
        match self {
            Value::Text(s) => Some(s),
            _ => None,
        }
    }

    pub fn flag(self) -> Option<bool> {
        match self {
            Value::Flag(b) => Some(b),
            _ => None,
        }
    }

    pub fn is_null(self) -> bool {
        matches!(self, Value::Null)
    }
}

/// Index of an input source (a file, or one sheet of a workbook) in the dataset.
pub type SourceId = u16;

/// Where a row came from: its source and its row number as the spreadsheet (or the
/// CSV file's line count) numbers it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct RowRef {
    pub source: SourceId,
    pub row: u32,
}

/// The rows of one table.
#[derive(Debug)]
pub struct TableData {
    pub id: TableId,
    width: usize,
    values: Vec<Value>,
    prov: Vec<RowRef>,
}

impl TableData {
    pub fn new(id: TableId) -> TableData {
        TableData {
            id,
            width: id.def().columns.len(),
            values: Vec::new(),
            prov: Vec::new(),
        }
    }

    pub fn def(&self) -> &'static TableDef {
        self.id.def()
    }

    pub fn len(&self) -> usize {
        self.prov.len()
    }

    pub fn is_empty(&self) -> bool {
        self.prov.is_empty()
    }

    /// Appends a row; `values` must hold one value per schema column.
    pub fn push(&mut self, values: &[Value], prov: RowRef) {
        assert_eq!(values.len(), self.width, "a row holds every column");
        self.values.extend_from_slice(values);
        self.prov.push(prov);
    }

    /// Renumbers text values after their interner was merged into another
    /// (`remap[old] = new`).
    pub fn remap_syms(&mut self, remap: &[Sym]) {
        for v in &mut self.values {
            if let Value::Text(s) = v {
                *s = remap[s.index()];
            }
        }
    }

    /// Appends every row of another table of the same kind.
    pub fn append(&mut self, mut other: TableData) {
        assert_eq!(self.id, other.id, "rows of the same table");
        self.values.append(&mut other.values);
        self.prov.append(&mut other.prov);
    }

    pub fn reserve(&mut self, rows: usize) {
        self.values.reserve(rows * self.width);
        self.prov.reserve(rows);
    }

    /// Every cell of every row, row after row.
    pub fn values(&self) -> &[Value] {
        &self.values
    }

    pub fn row(&self, row: u32) -> &[Value] {
        let start = row as usize * self.width;
        &self.values[start..start + self.width]
    }

    pub fn get(&self, row: u32, col: usize) -> Value {
        self.values[row as usize * self.width + col]
    }

    /// Replaces one cell's value (ids as the audit compares them).
    pub fn set(&mut self, row: u32, col: usize, value: Value) {
        self.values[row as usize * self.width + col] = value;
    }

    pub fn date(&self, row: u32, col: usize) -> Option<NaiveDate> {
        self.get(row, col).date()
    }

    pub fn sym(&self, row: u32, col: usize) -> Option<Sym> {
        self.get(row, col).sym()
    }

    /// The value of a known column (a handle from `schema::cols`).
    pub fn at(&self, row: u32, col: Col) -> Value {
        debug_assert_eq!(col.table, self.id, "a column of this table");
        self.get(row, col.index)
    }

    pub fn prov(&self, row: u32) -> RowRef {
        self.prov[row as usize]
    }
}
