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
pub mod plan;
mod raw;
mod workbook;

use std::path::Path;

use thiserror::Error;

pub use convert::ConvertOptions;
pub use loader::{Dispatch, LoadNotes, RowCounts, TableLoader};
pub use raw::{RawCell, RowSink};
pub use workbook::Workbook;

use crate::model::{Dataset, Interner, Source, TableData};
use crate::profile::Profile;
use crate::quality::DataIssue;
use crate::schema::{TABLES, TableId};
use plan::{NativePlanner, Planner};

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
        "{file}{}: cannot read it as the {table} table: {}; columns found: {}",
        sheet_suffix(.sheet),
        .problems.join("; "),
        .found.join(", ")
    )]
    Plan {
        file: String,
        sheet: String,
        table: &'static str,
        problems: Vec<String>,
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
#[derive(Debug, Clone)]
pub struct SourceSummary {
    pub table: &'static str,
    pub file: String,
    pub sheet: String,
    pub counts: RowCounts,
    pub notes: LoadNotes,
}

/// What was loaded: the typed data, the findings and the row accounting.
#[derive(Debug)]
pub struct Loaded {
    pub dataset: Dataset,
    pub issues: Vec<DataIssue>,
    pub sources: Vec<SourceSummary>,
    /// Per table (in schema order): rows read, used, rejected, skipped and blank.
    pub counts: Vec<(TableId, RowCounts)>,
    /// Sheets or files that match no table (ignored, as the contract allows).
    pub ignored: Vec<String>,
    /// Sources that could not be read as their table (only in lenient loads).
    pub problems: Vec<IngestError>,
    /// The profile used, if any.
    pub profile: Option<String>,
}

/// How strictly to load.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Mode {
    /// A source that cannot be read as its table stops the load (audits).
    #[default]
    Strict,
    /// Such sources are noted and the load goes on (`inspect`).
    Lenient,
}

/// Loads a native export: a workbook or a folder of CSV files.
pub fn load(path: &Path) -> Result<Loaded, IngestError> {
    load_with(path, None, Mode::Strict)
}

/// Loads an export, through a mapping profile when one is given.
pub fn load_with(
    path: &Path,
    profile: Option<&Profile>,
    mode: Mode,
) -> Result<Loaded, IngestError> {
    let mut acc = Accumulator {
        mode,
        ..Accumulator::default()
    };
    if path.is_dir() {
        for (stem, file) in csv_dir::list(path)? {
            let name = file.display().to_string();
            let plans = plans_for(&stem, profile);
            if plans.is_empty() {
                acc.ignored.push(name);
                continue;
            }
            acc.read(&plans, &name, "", |sink| csv_dir::stream(&file, sink))?;
        }
    } else {
        let mut book = Workbook::open(path)?;
        let name = path.display().to_string();
        for sheet in book.sheet_names() {
            let plans = plans_for(&sheet, profile);
            if plans.is_empty() {
                acc.ignored.push(format!("{name} sheet '{sheet}'"));
                continue;
            }
            acc.read(&plans, &name, &sheet, |sink| book.stream(&sheet, sink))?;
        }
    }
    if acc.summaries.is_empty() && acc.problems.is_empty() {
        return Err(IngestError::NoTables {
            path: path.display().to_string(),
            expected: match profile {
                Some(p) => format!("the sheets of profile '{}'", p.id),
                None => TABLES.iter().map(|t| t.name).collect::<Vec<_>>().join(", "),
            },
            found: if acc.ignored.is_empty() {
                "nothing".into()
            } else {
                acc.ignored.join("; ")
            },
        });
    }
    let mut loaded = acc.finish();
    loaded.profile = profile.map(|p| p.id.clone());
    Ok(loaded)
}

/// The tables a source feeds and how: the profile's mappings for it, else the native
/// table of that name.
fn plans_for<'p>(
    name: &str,
    profile: Option<&'p Profile>,
) -> Vec<(TableId, Box<dyn Planner + 'p>)> {
    let mut plans: Vec<(TableId, Box<dyn Planner + 'p>)> = Vec::new();
    if let Some(p) = profile {
        for map in p.maps_for(name) {
            plans.push((map.table, Box::new(p.planner(map))));
        }
    }
    if plans.is_empty()
        && let Some(t) = TableId::from_name(name)
    {
        plans.push((t, Box::new(NativePlanner)));
    }
    plans
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
    pub problems: Vec<IngestError>,
    pub mode: Mode,
}

impl Accumulator {
    /// Reads one source into the tables of `plans` through `stream`.
    pub fn read(
        &mut self,
        plans: &[(TableId, Box<dyn Planner + '_>)],
        file: &str,
        sheet: &str,
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
        let mut datas: Vec<TableData> = plans.iter().map(|(t, _)| TableData::new(*t)).collect();
        let loaders = datas
            .iter_mut()
            .zip(plans)
            .map(|(data, (t, planner))| {
                TableLoader::new(t.def(), source, file, sheet, data, planner.as_ref())
            })
            .collect();
        let mut dispatch = Dispatch {
            loaders,
            strings: &mut self.strings,
        };
        stream(&mut dispatch)?;
        let mut finished = Vec::new();
        for loader in dispatch.loaders {
            let (counts, notes, issues, failure) = loader.finish();
            finished.push((counts, notes, issues, failure));
        }
        for ((counts, notes, mut issues, failure), data) in finished.into_iter().zip(datas) {
            if let Some(e) = failure {
                match self.mode {
                    Mode::Strict => return Err(e),
                    Mode::Lenient => self.problems.push(e),
                }
            }
            self.issues.append(&mut issues);
            self.summaries.push(SourceSummary {
                table: data.id.name(),
                file: file.to_string(),
                sheet: sheet.to_string(),
                counts,
                notes,
            });
            match self.tables.iter_mut().find(|t| t.id == data.id) {
                Some(t) => t.append(data),
                None => self.tables.push(data),
            }
        }
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
            problems: self.problems,
            profile: None,
        }
    }
}
