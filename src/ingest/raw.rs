//! Raw cells as the readers hand them over, before they are typed.

use std::borrow::Cow;
use std::fmt;

use super::cell::DateTimeValue;

/// A cell as read from a workbook or a CSV file.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum RawCell<'a> {
    #[default]
    Empty,
    Text(Cow<'a, str>),
    Int(i64),
    Float(f64),
    Bool(bool),
    /// A real spreadsheet date or date-time.
    DateTime(DateTimeValue),
    /// A spreadsheet error value (`#N/A`, `#VALUE!`, …) or a cell the reader could not decode.
    Error(String),
}

impl RawCell<'_> {
    pub fn is_empty(&self) -> bool {
        match self {
            RawCell::Empty => true,
            RawCell::Text(t) => t.trim().is_empty(),
            _ => false,
        }
    }
}

impl fmt::Display for RawCell<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RawCell::Empty => Ok(()),
            RawCell::Text(t) => f.write_str(t),
            RawCell::Int(i) => write!(f, "{i}"),
            RawCell::Float(x) => write!(f, "{x}"),
            RawCell::Bool(b) => write!(f, "{}", if *b { "TRUE" } else { "FALSE" }),
            RawCell::DateTime(d) => match d.minute_of_day {
                Some(m) => write!(f, "{} {:02}:{:02}", d.date, m / 60, m % 60),
                None => write!(f, "{}", d.date),
            },
            RawCell::Error(e) => f.write_str(e),
        }
    }
}

/// Receives a sheet's rows in order. `row` is the row number as the spreadsheet shows it
/// (the first row is 1); `cells[i]` is the cell in the sheet's column `i`.
pub trait RowSink {
    fn row(&mut self, row: u32, cells: &[RawCell<'_>]) -> Result<(), super::IngestError>;

    /// A row that cannot be read as its cells stand (a CSV line with the wrong number of
    /// fields): a sink that accounts for rows rejects it with `reason`; by default it is
    /// taken as any row.
    fn bad_row(
        &mut self,
        row: u32,
        cells: &[RawCell<'_>],
        reason: String,
    ) -> Result<(), super::IngestError> {
        let _ = reason;
        self.row(row, cells)
    }
}
