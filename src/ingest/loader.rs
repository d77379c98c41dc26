//! Turns one sheet's rows into typed rows of one table: binds the header row to the
//! schema's columns, types every cell, and accounts for every row (used, rejected or
//! blank) with a data-quality finding for each cell it could not read.

use super::IngestError;
use super::convert::convert;
use super::raw::{RawCell, RowSink};
use crate::model::{Interner, RowRef, SourceId, TableData, Value};
use crate::quality::{Action, DataIssue};
use crate::schema::{TableDef, normalize_name};

/// How a table's rows were accounted for.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct RowCounts {
    /// Rows with any content below the header.
    pub read: u64,
    pub used: u64,
    pub rejected: u64,
    /// Wholly empty rows below the header (not counted as read).
    pub blank: u64,
}

impl RowCounts {
    pub fn add(&mut self, other: RowCounts) {
        self.read += other.read;
        self.used += other.used;
        self.rejected += other.rejected;
        self.blank += other.blank;
    }
}

/// Which sheet column feeds each schema column (`None`: not in the sheet).
pub type Binding = Vec<Option<usize>>;

/// Binds a header row by the contract's name matching.
pub fn bind_by_name(def: &TableDef, headers: &[String]) -> Binding {
    let found: Vec<String> = headers.iter().map(|h| normalize_name(h)).collect();
    def.columns
        .iter()
        .map(|c| found.iter().position(|h| h == c.name))
        .collect()
}

/// Loads one sheet (or CSV file) into a table.
pub struct TableLoader<'a> {
    pub def: &'static TableDef,
    pub source: SourceId,
    pub file: &'a str,
    pub sheet: &'a str,
    pub data: &'a mut TableData,
    pub strings: &'a mut Interner,
    pub issues: &'a mut Vec<DataIssue>,
    pub counts: RowCounts,
    pub binder: &'a dyn Fn(&TableDef, &[String]) -> Binding,
    /// The header row's texts, once seen.
    pub headers: Option<Vec<String>>,
    binding: Binding,
    /// The last row number seen, to count the blank rows readers skip silently.
    last_row: u32,
    values: Vec<Value>,
    row_issues: Vec<DataIssue>,
}

impl<'a> TableLoader<'a> {
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        def: &'static TableDef,
        source: SourceId,
        file: &'a str,
        sheet: &'a str,
        data: &'a mut TableData,
        strings: &'a mut Interner,
        issues: &'a mut Vec<DataIssue>,
        binder: &'a dyn Fn(&TableDef, &[String]) -> Binding,
    ) -> TableLoader<'a> {
        TableLoader {
            def,
            source,
            file,
            sheet,
            data,
            strings,
            issues,
            counts: RowCounts::default(),
            binder,
            headers: None,
            binding: Vec::new(),
            last_row: 0,
            values: vec![Value::Null; def.columns.len()],
            row_issues: Vec::new(),
        }
    }

    fn bind(&mut self, cells: &[RawCell<'_>]) -> Result<(), IngestError> {
        let headers: Vec<String> = cells
            .iter()
            .map(|c| c.to_string().trim().to_string())
            .collect();
        let binding = (self.binder)(self.def, &headers);
        let missing: Vec<String> = self
            .def
            .columns
            .iter()
            .zip(&binding)
            .filter(|(c, b)| c.required && b.is_none())
            .map(|(c, _)| c.name.to_string())
            .collect();
        if !missing.is_empty() {
            return Err(IngestError::MissingColumns {
                file: self.file.to_string(),
                sheet: self.sheet.to_string(),
                table: self.def.name,
                missing,
                found: headers.into_iter().filter(|h| !h.is_empty()).collect(),
            });
        }
        self.binding = binding;
        self.headers = Some(headers);
        Ok(())
    }

    fn issue(
        &self,
        row: u32,
        column: &str,
        value: String,
        reason: String,
        action: Action,
    ) -> DataIssue {
        DataIssue {
            file: self.file.to_string(),
            sheet: self.sheet.to_string(),
            row,
            column: column.to_string(),
            value,
            reason,
            action,
        }
    }
}

impl RowSink for TableLoader<'_> {
    fn row(&mut self, row: u32, cells: &[RawCell<'_>]) -> Result<(), IngestError> {
        let blank = cells.iter().all(RawCell::is_empty);
        if self.headers.is_none() {
            self.last_row = row;
            return if blank { Ok(()) } else { self.bind(cells) };
        }
        // Rows a reader skipped (wholly empty in the file) are blank rows too.
        self.counts.blank += u64::from(row.saturating_sub(self.last_row + 1));
        self.last_row = row;
        if blank {
            self.counts.blank += 1;
            return Ok(());
        }
        self.counts.read += 1;
        let mut rejected = false;
        self.row_issues.clear();
        for (i, col) in self.def.columns.iter().enumerate() {
            let cell = self.binding[i]
                .and_then(|c| cells.get(c))
                .unwrap_or(&RawCell::Empty);
            let value = match convert(cell, col.kind, self.strings) {
                Ok(v) => v,
                Err(reason) => {
                    rejected |= col.required;
                    let action = if col.required {
                        Action::RowRejected
                    } else {
                        Action::ValueIgnored
                    };
                    let issue = self.issue(row, col.name, cell.to_string(), reason, action);
                    self.row_issues.push(issue);
                    Value::Null
                }
            };
            if value.is_null() && col.required && !cell_failed(&self.row_issues, col.name) {
                rejected = true;
                let issue = self.issue(
                    row,
                    col.name,
                    String::new(),
                    "required value is blank".into(),
                    Action::RowRejected,
                );
                self.row_issues.push(issue);
            }
            self.values[i] = value;
        }
        if rejected {
            self.counts.rejected += 1;
            for issue in &mut self.row_issues {
                issue.action = Action::RowRejected;
            }
        } else {
            self.counts.used += 1;
            self.data.push(
                &self.values,
                RowRef {
                    source: self.source,
                    row,
                },
            );
        }
        self.issues.append(&mut self.row_issues);
        Ok(())
    }
}

fn cell_failed(issues: &[DataIssue], column: &str) -> bool {
    issues.last().is_some_and(|i| i.column == column)
}
