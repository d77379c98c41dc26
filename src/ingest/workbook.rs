//! Reading workbooks with calamine. xlsx and xlsb sheets are streamed cell by cell so a
//! sheet of a million rows is never held whole; xls and ods are read as a range (calamine
//! offers no streaming reader for them).

use std::borrow::Cow;
use std::fs::File;
use std::io::BufReader;
use std::path::Path;

use calamine::{Data, DataRef, Reader, Sheets, open_workbook_auto};

use super::IngestError;
use super::cell::DateTimeValue;
use super::raw::{RawCell, RowSink};

pub struct Workbook {
    path: String,
    inner: Sheets<BufReader<File>>,
}

/// The text a formula cell without a saved value reads as ([`RawCell::Error`]).
pub const FORMULA_WITHOUT_VALUE: &str = "a formula with no saved value (the workbook was written by a program that does not calculate): open it in a spreadsheet program and save it, or export values";

/// Streams a sheet's cells, row by row, into `sink`.
macro_rules! stream_cells {
    ($book:expr, $sheet:expr, $sink:expr, $err:expr) => {{
        let mut reader = $book
            .worksheet_cells_reader($sheet)
            .map_err(|e| $err(Box::new(e)))?;
        let mut rows = RowAssembler::default();
        while let Some(cell) = reader.next_cell().map_err(|e| $err(Box::new(e)))? {
            let (r, c) = cell.get_position();
            rows.put(r, c, from_ref(cell.get_value()), $sink)
                .map_err(|e| e.or_else(|why| $err(why.into())))?;
        }
        rows.finish($sink)
    }};
}

impl Workbook {
    pub fn open(path: &Path) -> Result<Workbook, IngestError> {
        let inner = open_workbook_auto(path).map_err(|source| IngestError::Workbook {
            path: path.display().to_string(),
            source: Box::new(source),
        })?;
        let max = crate::limits::get().max_sheets;
        if inner.sheet_names().len() > max {
            return Err(IngestError::Open {
                path: path.display().to_string(),
                reason: format!(
                    "the workbook has {} sheets, more than {max}: raise --max-sheets if they are all needed",
                    inner.sheet_names().len()
                ),
            });
        }
        Ok(Workbook {
            path: path.display().to_string(),
            inner,
        })
    }

    /// Whether sheets are streamed (xlsx, xlsb) rather than read whole (xls, ods), and
    /// so can be read by several workers at once.
    pub fn streams(&self) -> bool {
        matches!(self.inner, Sheets::Xlsx(_) | Sheets::Xlsb(_))
    }

    pub fn sheet_names(&self) -> Vec<String> {
        self.inner.sheet_names()
    }

    /// The names of the hidden and very hidden sheets.
    pub fn hidden_sheets(&self) -> Vec<String> {
        self.inner
            .sheets_metadata()
            .iter()
            .filter(|s| s.visible != calamine::SheetVisible::Visible)
            .map(|s| s.name.clone())
            .collect()
    }

    /// Streams a sheet's rows, in order, into `sink`.
    pub fn stream(&mut self, sheet: &str, sink: &mut dyn RowSink) -> Result<(), IngestError> {
        let err = |source: Box<dyn std::error::Error + Send + Sync>| IngestError::SheetRead {
            file: self.path.clone(),
            sheet: sheet.to_string(),
            source,
        };
        match &mut self.inner {
            // xlsx and xlsb stream their cells through readers of the same shape but of
            // different types (calamine has no trait for them).
            Sheets::Xlsx(x) => {
                // Read with each cell's formula, to tell a formula without a saved value
                // from a blank cell.
                let mut reader = x
                    .worksheet_cells_reader(sheet)
                    .map_err(|e| err(Box::new(e)))?;
                let mut rows = RowAssembler::default();
                while let Some(cell) = reader
                    .next_cell_with_formula_metadata()
                    .map_err(|e| err(Box::new(e)))?
                {
                    let (r, c) = cell.pos;
                    let raw = match (&cell.value, &cell.formula) {
                        (DataRef::Empty, Some(_)) => RawCell::Error(FORMULA_WITHOUT_VALUE.into()),
                        (v, _) => from_ref(v),
                    };
                    rows.put(r, c, raw, sink)
                        .map_err(|e| e.or_else(|why| err(why.into())))?;
                }
                rows.finish(sink)
            }
            Sheets::Xlsb(x) => stream_cells!(x, sheet, sink, err),
            other => {
                let range = other.worksheet_range(sheet).map_err(|e| err(Box::new(e)))?;
                let (top, left) = range.start().unwrap_or((0, 0));
                let (height, width) = range.get_size();
                if left as u64 + width as u64 > u64::from(crate::limits::MAX_COLUMNS) {
                    return Err(err(format!(
                        "the sheet has cells beyond Excel's last column (XFD, {}): it is not a sheet caseaudit can read",
                        crate::limits::MAX_COLUMNS
                    ).into()));
                }
                let max = crate::limits::get().max_cells;
                if (height as u64).saturating_mul(width as u64) > max {
                    return Err(err(format!(
                        "the sheet holds more than {max} cells: split it, or raise --max-cells"
                    )
                    .into()));
                }
                let mut cells: Vec<RawCell<'_>> = Vec::new();
                for (i, row) in range.rows().enumerate() {
                    cells.clear();
                    cells.resize(left as usize, RawCell::Empty);
                    cells.extend(row.iter().map(from_data));
                    sink.row(top + i as u32 + 1, &cells)?;
                }
                Ok(())
            }
        }
    }
}

/// Gathers streamed cells into rows, emitting each row when the next begins.
#[derive(Default)]
struct RowAssembler<'a> {
    current: Option<u32>,
    cells: Vec<RawCell<'a>>,
    /// Cells seen so far, against `--max-cells`.
    seen: u64,
}

/// Why a cell could not be placed: an error from the sink, or a reason (a bound passed).
enum PutError {
    Sink(IngestError),
    Bound(String),
}

impl PutError {
    fn or_else(self, f: impl FnOnce(String) -> IngestError) -> IngestError {
        match self {
            PutError::Sink(e) => e,
            PutError::Bound(why) => f(why),
        }
    }
}

impl From<IngestError> for PutError {
    fn from(e: IngestError) -> PutError {
        PutError::Sink(e)
    }
}

impl<'a> RowAssembler<'a> {
    fn put(
        &mut self,
        row: u32,
        col: u32,
        cell: RawCell<'a>,
        sink: &mut dyn RowSink,
    ) -> Result<(), PutError> {
        if col >= crate::limits::MAX_COLUMNS {
            return Err(PutError::Bound(format!(
                "a cell at row {} lies beyond Excel's last column (XFD, {}): the file is damaged or not a real workbook",
                u64::from(row) + 1,
                crate::limits::MAX_COLUMNS
            )));
        }
        if row >= crate::limits::MAX_SHEET_ROWS {
            return Err(PutError::Bound(format!(
                "a cell lies beyond Excel's last row ({}): the file is damaged or not a real workbook",
                crate::limits::MAX_SHEET_ROWS
            )));
        }
        self.seen += 1;
        if self.seen > crate::limits::get().max_cells {
            return Err(PutError::Bound(format!(
                "the sheet holds more than {} cells: split it, or raise --max-cells",
                crate::limits::get().max_cells
            )));
        }
        if self.current != Some(row) {
            self.finish(sink)?;
            self.current = Some(row);
        }
        let col = col as usize;
        if self.cells.len() <= col {
            self.cells.resize(col + 1, RawCell::Empty);
        }
        self.cells[col] = cell;
        Ok(())
    }

    fn finish(&mut self, sink: &mut dyn RowSink) -> Result<(), IngestError> {
        if let Some(row) = self.current.take() {
            sink.row(row + 1, &self.cells)?;
            self.cells.clear();
        }
        Ok(())
    }
}

fn date_time(dt: &calamine::ExcelDateTime) -> RawCell<'static> {
    match dt.as_datetime() {
        Some(ndt) => {
            let secs = chrono::Timelike::num_seconds_from_midnight(&ndt.time());
            RawCell::DateTime(DateTimeValue {
                date: ndt.date(),
                minute_of_day: (secs != 0).then_some((secs / 60) as u16),
            })
        }
        None => RawCell::Error(format!("unreadable date serial {}", dt.as_f64())),
    }
}

fn from_ref<'a>(v: &DataRef<'a>) -> RawCell<'a> {
    match v {
        DataRef::Empty => RawCell::Empty,
        DataRef::SharedString(s) => RawCell::Text(Cow::Borrowed(s)),
        DataRef::String(s) | DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => {
            RawCell::Text(Cow::Owned(s.clone()))
        }
        DataRef::Int(i) => RawCell::Int(*i),
        DataRef::Float(f) => RawCell::Float(*f),
        DataRef::Bool(b) => RawCell::Bool(*b),
        DataRef::DateTime(dt) => date_time(dt),
        DataRef::Error(e) => RawCell::Error(e.to_string()),
    }
}

fn from_data(v: &Data) -> RawCell<'_> {
    match v {
        Data::Empty => RawCell::Empty,
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => {
            RawCell::Text(Cow::Borrowed(s))
        }
        Data::Int(i) => RawCell::Int(*i),
        Data::Float(f) => RawCell::Float(*f),
        Data::Bool(b) => RawCell::Bool(*b),
        Data::DateTime(dt) => date_time(dt),
        Data::Error(e) => RawCell::Error(e.to_string()),
    }
}
