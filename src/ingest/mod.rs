//! Ingest: from files to typed tables with row provenance.
//!
//! An export is a workbook with one sheet per table, or a folder of `<table>.csv` files
//! (contract §1). Each sheet is streamed row by row through a [`TableLoader`] that types
//! the cells; unreadable cells become data-quality findings and the run goes on. A table
//! that lacks a required column stops the run: auditing without it would report every
//! child as failing.

pub mod cell;
mod convert;
mod csv_dir;
mod loader;
mod raw;
mod workbook;

use std::path::Path;

use thiserror::Error;

pub use loader::{Binding, RowCounts, TableLoader, bind_by_name};
pub use raw::{RawCell, RowSink};
pub use workbook::Workbook;

use crate::model::{Dataset, Interner, Source, TableData};
use crate::quality::DataIssue;
use crate::schema::{TABLES, TableDef, TableId};

/// Why an export could not be read.
#[derive(Debug, Error)]
pub enum IngestError {
    #[error("cannot open {path}: {reason}")]
    Open { path: String, reason: String },
    #[error("cannot read {file}{}: {reason}", sheet_suffix(.sheet))]
    Sheet {
        file: String,
        sheet: String,
        reason: String,
    },
    #[error(
        "{file}{}: the {table} table lacks the required column(s) {}; columns found: {}",
        sheet_suffix(.sheet),
        .missing.join(", "),
        if .found.is_empty() { "none".to_string() } else { .found.join(", ") }
    )]
    MissingColumns {
        file: String,
        sheet: String,
        table: &'static str,
        missing: Vec<String>,
        found: Vec<String>,
    },
    #[error(
        "{path}: no sheet or file is named after a table of the export ({expected}); found: {found}"
    )]
    NoTables {
        path: String,
        expected: String,
        found: String,
    },
}

fn sheet_suffix(sheet: &str) -> String {
    if sheet.is_empty() {
        String::new()
    } else {
        format!(", sheet '{sheet}'")
    }
}

/// One source read into a table.
#[derive(Debug, Clone, serde::Serialize)]
pub struct SourceSummary {
    pub table: &'static str,
    pub file: String,
    pub sheet: String,
    pub counts: RowCounts,
}

/// What was loaded: the typed data, the findings and the row accounting.
#[derive(Debug)]
pub struct Loaded {
    pub dataset: Dataset,
    pub issues: Vec<DataIssue>,
    pub sources: Vec<SourceSummary>,
    /// Per table (in schema order): rows read, used, rejected and blank over its sources.
    pub counts: Vec<(TableId, RowCounts)>,
    /// Sheets or files that match no table (ignored, as the contract allows).
    pub ignored: Vec<String>,
}

/// Loads a native export: a workbook or a folder of CSV files.
pub fn load(path: &Path) -> Result<Loaded, IngestError> {
    let mut acc = Accumulator::default();
    let binder: &dyn Fn(&TableDef, &[String]) -> Binding = &bind_by_name;
    if path.is_dir() {
        for (stem, file) in csv_dir::list(path)? {
            let Some(table) = TableId::from_name(&stem) else {
                acc.ignored.push(file.display().to_string());
                continue;
            };
            let name = file.display().to_string();
            acc.read(table, &name, "", binder, |sink| {
                csv_dir::stream(&file, sink)
            })?;
        }
    } else {
        let mut book = Workbook::open(path)?;
        let name = path.display().to_string();
        for sheet in book.sheet_names() {
            let Some(table) = TableId::from_name(&sheet) else {
                acc.ignored.push(format!("{name} sheet '{sheet}'"));
                continue;
            };
            acc.read(table, &name, &sheet, binder, |sink| {
                book.stream(&sheet, sink)
            })?;
        }
    }
    if acc.sources.is_empty() {
        return Err(IngestError::NoTables {
            path: path.display().to_string(),
            expected: TABLES.iter().map(|t| t.name).collect::<Vec<_>>().join(", "),
            found: if acc.ignored.is_empty() {
                "nothing".into()
            } else {
                acc.ignored.join("; ")
            },
        });
    }
    Ok(acc.finish())
}

/// Gathers tables, sources and findings as sources are read.
#[derive(Default)]
pub struct Accumulator {
    pub strings: Interner,
    pub tables: Vec<TableData>,
    pub sources: Vec<Source>,
    pub summaries: Vec<SourceSummary>,
    pub issues: Vec<DataIssue>,
    pub ignored: Vec<String>,
}

impl Accumulator {
    /// Reads one source into `table` through `stream`.
    pub fn read(
        &mut self,
        table: TableId,
        file: &str,
        sheet: &str,
        binder: &dyn Fn(&TableDef, &[String]) -> Binding,
        stream: impl FnOnce(&mut dyn RowSink) -> Result<(), IngestError>,
    ) -> Result<(), IngestError> {
        let source = u16::try_from(self.sources.len()).map_err(|_| IngestError::Sheet {
            file: file.to_string(),
            sheet: sheet.to_string(),
            reason: "more than 65,535 sources".into(),
        })?;
        self.sources.push(Source {
            file: file.to_string(),
            sheet: sheet.to_string(),
        });
        let slot = match self.tables.iter().position(|t| t.id == table) {
            Some(i) => i,
            None => {
                self.tables.push(TableData::new(table));
                self.tables.len() - 1
            }
        };
        let mut loader = TableLoader::new(
            table.def(),
            source,
            file,
            sheet,
            &mut self.tables[slot],
            &mut self.strings,
            &mut self.issues,
            binder,
        );
        stream(&mut loader)?;
        let counts = loader.counts;
        if loader.headers.is_none() {
            // An empty sheet: no header, no rows. Nothing to check.
        }
        self.summaries.push(SourceSummary {
            table: table.name(),
            file: file.to_string(),
            sheet: sheet.to_string(),
            counts,
        });
        Ok(())
    }

    pub fn finish(self) -> Loaded {
        let counts = TABLES
            .iter()
            .map(|t| {
                let mut c = RowCounts::default();
                for s in self.summaries.iter().filter(|s| s.table == t.name) {
                    c.add(s.counts);
                }
                (t.id, c)
            })
            .collect();
        let mut issues = self.issues;
        issues.sort();
        Loaded {
            dataset: Dataset::new(self.strings, self.sources, self.tables),
            issues,
            sources: self.summaries,
            counts,
            ignored: self.ignored,
        }
    }
}
