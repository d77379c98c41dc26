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

pub use convert::ConvertOptions;
pub use loader::{Dispatch, LoadNotes, RowCounts, TableLoader};
pub use raw::{RawCell, RowSink};
pub use workbook::Workbook;

use crate::model::{Dataset, Interner, Source, TableData};
use crate::plan::{NativePlanner, Planner};
use crate::profile::Profile;
use crate::quality::DataIssue;
use crate::schema::{TABLES, TableId};

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

/// What ingest tells the reports, without the data: rows per table, where they were
/// read from, the data-quality findings and what was ignored.
#[derive(Debug, Clone, Copy)]
pub struct IngestSummary<'a> {
    pub counts: &'a [(TableId, RowCounts)],
    pub sources: &'a [SourceSummary],
    pub issues: &'a [DataIssue],
    pub ignored: &'a [String],
    pub profile: Option<&'a str>,
}

impl Loaded {
    /// The accounting of the load, for the reports.
    pub fn summary(&self) -> IngestSummary<'_> {
        IngestSummary {
            counts: &self.counts,
            sources: &self.sources,
            issues: &self.issues,
            ignored: &self.ignored,
            profile: self.profile.as_deref(),
        }
    }
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
///
/// Sources (sheets or CSV files) are read in parallel, one per worker, each into its
/// own interner; the results are merged in source order, so the load is the same for
/// any number of threads. xls and ods workbooks, which calamine cannot stream, are read
/// by one worker.
pub fn load_with(
    path: &Path,
    profile: Option<&Profile>,
    mode: Mode,
) -> Result<Loaded, IngestError> {
    let mut jobs: Vec<Job> = Vec::new();
    let mut ignored = Vec::new();
    let streaming;
    if path.is_dir() {
        streaming = true;
        for (stem, file) in csv_dir::list(path)? {
            let name = file.display().to_string();
            if plans_for(&stem, profile).is_empty() {
                ignored.push(name);
                continue;
            }
            let size = std::fs::metadata(&file).map_or(0, |m| m.len());
            jobs.push(Job {
                name: stem,
                file: name,
                sheet: String::new(),
                csv: Some(file),
                size,
            });
        }
    } else {
        let book = Workbook::open(path)?;
        streaming = book.streams();
        let name = path.display().to_string();
        for sheet in book.sheet_names() {
            let plans = plans_for(&sheet, profile);
            if plans.is_empty() {
                ignored.push(format!("{name} sheet '{sheet}'"));
                continue;
            }
            // Sheets' sizes are unknown before reading: the usual sizes of the tables.
            let size = plans
                .iter()
                .map(|(t, _)| table_weight(*t))
                .max()
                .unwrap_or(0);
            jobs.push(Job {
                name: sheet.clone(),
                file: name.clone(),
                sheet,
                csv: None,
                size,
            });
        }
    }
    if jobs.is_empty() {
        return Err(IngestError::NoTables {
            path: path.display().to_string(),
            expected: match profile {
                Some(p) => format!("the sheets of profile '{}'", p.id),
                None => TABLES.iter().map(|t| t.name).collect::<Vec<_>>().join(", "),
            },
            found: if ignored.is_empty() {
                "nothing".into()
            } else {
                ignored.join("; ")
            },
        });
    }
    let workers = if streaming {
        rayon::current_num_threads().clamp(1, jobs.len())
    } else {
        1
    };
    let outputs = run_jobs(path, &jobs, profile, workers)?;

    let mut acc = Accumulator {
        mode,
        ignored,
        ..Accumulator::default()
    };
    for (job, out) in jobs.iter().zip(outputs) {
        acc.sources.push(Source {
            file: job.file.clone(),
            sheet: job.sheet.clone(),
        });
        acc.merge(out)?;
    }
    let mut loaded = acc.finish();
    loaded.profile = profile.map(|p| p.id.clone());
    Ok(loaded)
}

/// One source to read.
struct Job {
    /// The name matched against tables and profile mappings (sheet name or file stem).
    name: String,
    file: String,
    sheet: String,
    csv: Option<std::path::PathBuf>,
    /// How much work it is likely to be, for scheduling the largest first.
    size: u64,
}

/// What reading one source produced, before merging.
struct JobOut {
    strings: Interner,
    tables: Vec<TableData>,
    summaries: Vec<SourceSummary>,
    issues: Vec<DataIssue>,
    failures: Vec<IngestError>,
}

/// Typical relative sizes of the tables of an export (visits and meetings dominate).
fn table_weight(t: TableId) -> u64 {
    match t {
        TableId::Visits => 100,
        TableId::Meetings => 70,
        TableId::Episodes | TableId::Allocations | TableId::Supervisions => 14,
        TableId::Contacts | TableId::Children => 11,
        _ => 6,
    }
}

/// Reads every job on `workers` threads, largest first; results in job order.
fn run_jobs(
    path: &Path,
    jobs: &[Job],
    profile: Option<&Profile>,
    workers: usize,
) -> Result<Vec<JobOut>, IngestError> {
    use std::sync::Mutex;
    use std::sync::atomic::{AtomicUsize, Ordering};

    let mut order: Vec<usize> = (0..jobs.len()).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(jobs[i].size));
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<Option<Result<JobOut, IngestError>>>> =
        Mutex::new((0..jobs.len()).map(|_| None).collect());
    std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| {
                let mut book: Option<Workbook> = None;
                loop {
                    let k = next.fetch_add(1, Ordering::Relaxed);
                    let Some(&i) = order.get(k) else { break };
                    let job = &jobs[i];
                    let out = read_job(path, job, i, profile, &mut book);
                    let failed = out.is_err();
                    results.lock().expect("no worker panicked")[i] = Some(out);
                    if failed {
                        break;
                    }
                }
            });
        }
    });
    let results = results.into_inner().expect("no worker panicked");
    let mut outputs = Vec::with_capacity(jobs.len());
    for r in results {
        match r {
            Some(Ok(out)) => outputs.push(out),
            Some(Err(e)) => return Err(e),
            // A worker stopped at an earlier error, which is returned above in job order.
            None => continue,
        }
    }
    Ok(outputs)
}

fn read_job(
    path: &Path,
    job: &Job,
    index: usize,
    profile: Option<&Profile>,
    book: &mut Option<Workbook>,
) -> Result<JobOut, IngestError> {
    let source = u16::try_from(index).map_err(|_| IngestError::Sheet {
        file: job.file.clone(),
        sheet: job.sheet.clone(),
        reason: "more than 65,535 sources".into(),
    })?;
    let plans = plans_for(&job.name, profile);
    let mut strings = Interner::default();
    let mut datas: Vec<TableData> = plans.iter().map(|(t, _)| TableData::new(*t)).collect();
    let loaders = datas
        .iter_mut()
        .zip(&plans)
        .map(|(data, (t, planner))| {
            TableLoader::new(
                t.def(),
                source,
                &job.file,
                &job.sheet,
                data,
                planner.as_ref(),
            )
        })
        .collect();
    let mut dispatch = Dispatch {
        loaders,
        strings: &mut strings,
    };
    match &job.csv {
        Some(file) => csv_dir::stream(file, &mut dispatch)?,
        None => {
            if book.is_none() {
                *book = Some(Workbook::open(path)?);
            }
            book.as_mut()
                .expect("opened")
                .stream(&job.sheet, &mut dispatch)?;
        }
    }
    let mut out = JobOut {
        strings: Interner::default(),
        tables: Vec::new(),
        summaries: Vec::new(),
        issues: Vec::new(),
        failures: Vec::new(),
    };
    let finished: Vec<_> = dispatch
        .loaders
        .into_iter()
        .map(TableLoader::finish)
        .collect();
    for ((counts, notes, mut issues, failure), data) in finished.into_iter().zip(datas) {
        out.failures.extend(failure);
        out.issues.append(&mut issues);
        out.summaries.push(SourceSummary {
            table: data.id.name(),
            file: job.file.clone(),
            sheet: job.sheet.clone(),
            counts,
            notes,
        });
        out.tables.push(data);
    }
    out.strings = strings;
    Ok(out)
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

/// Gathers tables, sources and findings as sources are merged.
#[derive(Default)]
struct Accumulator {
    strings: Interner,
    tables: Vec<TableData>,
    sources: Vec<Source>,
    summaries: Vec<SourceSummary>,
    issues: Vec<DataIssue>,
    ignored: Vec<String>,
    problems: Vec<IngestError>,
    mode: Mode,
}

impl Accumulator {
    /// Merges one source's output: its strings into the shared interner, its rows into
    /// the tables.
    fn merge(&mut self, out: JobOut) -> Result<(), IngestError> {
        for e in out.failures {
            match self.mode {
                Mode::Strict => return Err(e),
                Mode::Lenient => self.problems.push(e),
            }
        }
        let remap: Vec<crate::model::Sym> = out
            .strings
            .iter()
            .map(|(_, s)| self.strings.intern(s))
            .collect();
        let mut issues = out.issues;
        self.issues.append(&mut issues);
        self.summaries.extend(out.summaries);
        let mut tables = out.tables;
        rayon::iter::ParallelIterator::for_each(
            rayon::iter::IntoParallelRefMutIterator::par_iter_mut(&mut tables),
            |t| t.remap_syms(&remap),
        );
        for data in tables {
            match self.tables.iter_mut().find(|t| t.id == data.id) {
                Some(t) => t.append(data),
                None => self.tables.push(data),
            }
        }
        Ok(())
    }

    fn finish(self) -> Loaded {
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
