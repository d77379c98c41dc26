//! England's national returns read as they are, without a mapping profile: the SSDA903
//! looked-after-children return (CSV files, or its XML form) and the Children in Need
//! census (XML). Their records are not one-to-one with the contract's tables (a period of
//! care is several 903 episodes; a census child holds its episodes, assessments, section
//! 47 enquiries and plans), so each format has its own reader that builds the contract's
//! rows directly, keeping for each the file and row (or line) it comes from, and reporting
//! every record it cannot use with the reason.

pub mod cin;
pub mod ssda903;

use chrono::NaiveDate;

use super::cell::parse_date_text;
use super::{IngestError, LoadNotes, RowCounts, SourceSummary};
use crate::model::{Interner, NO_TIME, RowRef, Source, SourceId, TableData, Value};
use crate::quality::{Action, DataIssue};
use crate::schema::TableId;

/// What format a file was recognised as, and why: for `caseaudit inspect` and the run's
/// summary.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Recognition {
    /// The file (and sheet, for a workbook).
    pub file: String,
    /// The format and table, e.g. "SSDA903 episodes table".
    pub format: String,
    /// Why it was recognised so.
    pub why: String,
}

/// The rows one national input makes, with their sources, findings and accounting,
/// before they are merged into the export.
pub(crate) struct Part {
    base: usize,
    pub strings: Interner,
    pub sources: Vec<Source>,
    pub tables: Vec<TableData>,
    pub issues: Vec<DataIssue>,
    pub summaries: Vec<SourceSummary>,
}

impl Part {
    /// An empty part whose first source will have the id `base`.
    pub fn new(base: usize) -> Part {
        Part {
            base,
            strings: Interner::default(),
            sources: Vec::new(),
            tables: Vec::new(),
            issues: Vec::new(),
            summaries: Vec::new(),
        }
    }

    /// Registers a source (a file, or one kind of element of an XML file).
    pub fn source(&mut self, file: &str, sheet: &str) -> Result<SourceId, IngestError> {
        let id =
            SourceId::try_from(self.base + self.sources.len()).map_err(|_| IngestError::Sheet {
                file: file.to_string(),
                sheet: sheet.to_string(),
                reason: "more than 65,535 sources".into(),
            })?;
        self.sources.push(Source {
            file: file.to_string(),
            sheet: sheet.to_string(),
        });
        Ok(id)
    }

    /// Marks a table as held by this input (present, even with no rows).
    pub fn hold(&mut self, id: TableId) {
        if !self.tables.iter().any(|t| t.id == id) {
            self.tables.push(TableData::new(id));
        }
    }

    /// Appends a row to a table.
    pub fn push(&mut self, row: &Row, at: RowRef) {
        self.hold(row.table);
        let t = self
            .tables
            .iter_mut()
            .find(|t| t.id == row.table)
            .expect("held");
        t.push(&row.values, at);
    }

    /// A text value: blank text is null.
    pub fn text(&mut self, s: &str) -> Value {
        let s = s.trim();
        if s.is_empty() {
            Value::Null
        } else {
            Value::Text(self.strings.intern(s))
        }
    }

    /// A code value, folded as the schema folds codes (`core group` = `CORE_GROUP`).
    pub fn code(&mut self, s: &str) -> Value {
        self.text(&crate::schema::normalize_code(s))
    }

    /// A finding at a cell (or a whole record when `column` is empty).
    #[allow(clippy::too_many_arguments)]
    pub fn issue(
        &mut self,
        file: &str,
        sheet: &str,
        row: u32,
        column: &str,
        value: &str,
        reason: String,
        action: Action,
    ) {
        self.issues.push(DataIssue {
            file: file.to_string(),
            sheet: sheet.to_string(),
            row,
            column: column.to_string(),
            value: value.to_string(),
            reason,
            action,
        });
    }

    /// Records how a source's rows were accounted for.
    pub fn summary(
        &mut self,
        table: TableId,
        file: &str,
        sheet: &str,
        counts: RowCounts,
        notes: LoadNotes,
    ) {
        self.summaries.push(SourceSummary {
            table: table.name(),
            file: file.to_string(),
            sheet: sheet.to_string(),
            counts,
            notes,
        });
    }
}

/// One row of a contract table being filled by name.
pub(crate) struct Row {
    pub table: TableId,
    pub values: Vec<Value>,
}

impl Row {
    pub fn new(table: TableId) -> Row {
        Row {
            table,
            values: vec![Value::Null; table.def().columns.len()],
        }
    }

    /// Sets a column by its contract name.
    pub fn set(&mut self, column: &str, value: Value) -> &mut Row {
        let i = self
            .table
            .def()
            .column_index(column)
            .unwrap_or_else(|| panic!("{} has a column {column}", self.table.name()));
        self.values[i] = value;
        self
    }
}

/// A date cell of a national return: `Ok(None)` when blank, `Err(reason)` when
/// unreadable (the contract's date forms: the 903's dd/mm/yyyy, the census's ISO dates).
pub(crate) fn date(text: &str) -> Result<Option<NaiveDate>, String> {
    let t = text.trim();
    if t.is_empty() {
        return Ok(None);
    }
    parse_date_text(t)
        .map(|d| Some(d.date))
        .map_err(|e| e.reason)
}

/// A date as a cell value.
pub(crate) fn date_value(d: Option<NaiveDate>) -> Value {
    d.map_or(Value::Null, |d| Value::Date(d, NO_TIME))
}

/// Text of a file whatever its encoding: UTF-8 (with or without a BOM), UTF-16 with a
/// BOM, else Windows-1252 as UK case systems often write.
pub(crate) fn decode(bytes: &[u8]) -> String {
    if let Some((enc, bom)) = encoding_rs::Encoding::for_bom(bytes) {
        return enc
            .decode_without_bom_handling(&bytes[bom..])
            .0
            .into_owned();
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => s.to_string(),
        Err(_) => encoding_rs::WINDOWS_1252
            .decode_without_bom_handling(bytes)
            .0
            .into_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_decode_whatever_their_encoding() {
        assert_eq!(decode(b"\xef\xbb\xbfCHILD"), "CHILD");
        assert_eq!(decode(b"\xff\xfeC\x00H\x00"), "CH");
        assert_eq!(decode(b"caf\xe9"), "café");
    }

    #[test]
    fn dates_read_the_returns_forms() {
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        assert_eq!(date("05/04/2026"), Ok(Some(d("2026-04-05"))));
        assert_eq!(date("2026-04-05"), Ok(Some(d("2026-04-05"))));
        assert_eq!(date("  "), Ok(None));
        assert!(date("31/02/2026").is_err());
    }
}
