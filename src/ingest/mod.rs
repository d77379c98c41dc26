//! Ingest: from files to typed tables with row provenance.
//!
//! An export is a workbook with one sheet per table, or a folder of `<table>.csv` files
//! (contract §1). Each sheet is streamed row by row through a [`TableLoader`] that types
//! the cells; unreadable cells become data-quality findings and the run goes on. A table
//! that lacks a required column stops the run: auditing without it would report every
//! child as failing.

mod annex_a;
pub mod cell;
pub mod checks;
mod convert;
pub(crate) mod csv_dir;
pub mod ids;
mod loader;
pub mod national;
mod raw;
mod workbook;

use std::path::{Path, PathBuf};

use thiserror::Error;

pub use convert::{ConvertOptions, convert as convert_cell};
pub use loader::{Dispatch, LoadNotes, RowCounts, TableLoader};
pub use national::Recognition;
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
    #[error("cannot open {path} as a workbook: {source}")]
    Workbook {
        path: String,
        #[source]
        source: Box<calamine::Error>,
    },
    #[error("cannot read {file}{}: {source}", sheet_suffix(.sheet))]
    SheetRead {
        file: String,
        sheet: String,
        #[source]
        source: Box<dyn std::error::Error + Send + Sync>,
    },
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
    #[error("{file}: not well-formed XML at line {line}, column {column}: {reason}")]
    Xml {
        file: String,
        line: u32,
        column: u32,
        reason: String,
    },
    #[error("{file}: {reason}")]
    Unrecognised { file: String, reason: String },
    #[error(
        "{file}{}: row {row} holds values, not column names: the file lacks its header row (the {table} table needs {}). Add the header row (see the README's table of columns); the values are not shown here",
        sheet_suffix(.sheet),
        .missing.join(", ")
    )]
    NoHeaderRow {
        file: String,
        sheet: String,
        row: u32,
        table: &'static str,
        missing: Vec<String>,
    },
    #[error(
        "{file}{}: the header '{header}' ({column}) stands twice, in {places}: which one holds {column} cannot be told. Rename or remove one of them",
        sheet_suffix(.sheet)
    )]
    DuplicateHeader {
        file: String,
        sheet: String,
        column: &'static str,
        header: String,
        /// The two columns, e.g. "column B and column F".
        places: String,
    },
    #[error(
        "{first} and {second} are both the {table} table: every row would be read twice or from the wrong one. Keep one (remove or rename the other)"
    )]
    TwoSources {
        table: String,
        first: String,
        second: String,
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
    /// What each file (or sheet) was read as, and why.
    pub formats: Vec<Recognition>,
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

/// How ids are read, and whether they are pseudonymised ([`ids`]).
#[derive(Debug, Clone, Default)]
pub struct IngestOptions {
    /// Keep the leading zeros of child ids made of digits (`000018` is not `18`).
    pub keep_leading_zeros: bool,
    /// Replace child ids (and worker names) by keyed tokens.
    pub pseudonymiser: Option<crate::privacy::Pseudonymiser>,
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
    load_inputs(&[path.to_path_buf()], profile, mode)
}

/// One input of an audit, as recognised.
enum Input {
    /// A native or profiled export: a workbook or a folder of `<table>.csv` files.
    Export(PathBuf),
    /// An SSDA903 return: CSV files recognised by their columns (`explicit` when the
    /// user named the files rather than their folder).
    Ssda903 { files: Vec<PathBuf>, explicit: bool },
    /// The CSV files given one by one (an SSDA903 return), gathered into one input.
    CsvFiles,
    /// An XML file: a CIN census or the SSDA903's XML form.
    Xml(PathBuf),
}

fn has_ext(p: &Path, ext: &str) -> bool {
    p.extension().is_some_and(|e| e.eq_ignore_ascii_case(ext))
}

/// Loads several inputs into one export: native or profiled exports (workbooks, folders
/// of `<table>.csv`), SSDA903 returns (a folder of CSV files, or CSV files given
/// together, each recognised by its columns; or the XML form) and CIN censuses (XML).
/// Their rows are merged (the same child id is the same child); each keeps its own
/// file and row. A mapping profile applies to the native and profiled exports only.
///
/// Each export's sources (sheets or CSV files) are read in parallel, one per worker,
/// each into its own interner; the results are merged in source order, so the load is
/// the same for any number of threads. xls and ods workbooks, which calamine cannot
/// stream, are read by one worker.
pub fn load_inputs(
    paths: &[PathBuf],
    profile: Option<&Profile>,
    mode: Mode,
) -> Result<Loaded, IngestError> {
    load_inputs_with(paths, profile, mode, &IngestOptions::default())
}

/// [`load_inputs`] with id options ([`IngestOptions`]).
pub fn load_inputs_with(
    paths: &[PathBuf],
    profile: Option<&Profile>,
    mode: Mode,
    options: &IngestOptions,
) -> Result<Loaded, IngestError> {
    let mut inputs = Vec::new();
    let mut csv_files = Vec::new();
    for p in paths {
        if !p.exists() {
            return Err(IngestError::Open {
                path: p.display().to_string(),
                reason: "no such file or folder".into(),
            });
        }
        if p.is_dir() {
            if profile.is_none() {
                let (files, tables) = national::ssda903::folder_tables(p)?;
                if !tables.is_empty() {
                    let native: Vec<String> = files
                        .iter()
                        .filter(|f| !tables.contains(f))
                        .filter(|f| {
                            f.file_stem()
                                .and_then(|s| s.to_str())
                                .is_some_and(|s| TableId::from_name(s).is_some())
                        })
                        .map(|f| f.display().to_string())
                        .collect();
                    if !native.is_empty() {
                        return Err(IngestError::Unrecognised {
                            file: p.display().to_string(),
                            reason: format!(
                                "the folder holds both SSDA903 tables ({}) and tables of the native export ({}): give them as two inputs",
                                tables
                                    .iter()
                                    .map(|f| f.display().to_string())
                                    .collect::<Vec<_>>()
                                    .join(", "),
                                native.join(", ")
                            ),
                        });
                    }
                    inputs.push(Input::Ssda903 {
                        files,
                        explicit: false,
                    });
                    continue;
                }
            }
            inputs.push(Input::Export(p.clone()));
        } else if has_ext(p, "csv") && native_csv(p) {
            inputs.push(Input::Export(p.clone()));
        } else if has_ext(p, "csv") {
            if csv_files.is_empty() {
                inputs.push(Input::CsvFiles);
            }
            csv_files.push(p.clone());
        } else if has_ext(p, "xml") {
            inputs.push(Input::Xml(p.clone()));
        } else {
            inputs.push(Input::Export(p.clone()));
        }
    }
    let mut acc = Accumulator {
        mode,
        options: options.clone(),
        ..Accumulator::default()
    };
    for input in inputs {
        let base = acc.sources.len();
        match input {
            Input::Export(path) => load_export(&mut acc, &path, profile)?,
            Input::Ssda903 { files, explicit } => {
                acc.national(national::ssda903::load_csv(&files, base, explicit)?)?
            }
            Input::CsvFiles => {
                acc.national(national::ssda903::load_csv(&csv_files, base, true)?)?
            }
            Input::Xml(path) => acc.national(load_xml(&path, base)?)?,
        }
    }
    let mut loaded = acc.finish();
    loaded.profile = profile.map(|p| p.id.clone());
    Ok(loaded)
}

/// Whether a CSV file given alone is one table of the native export: named after a table
/// (`visits.csv`) with the contract's key column (`child_id` or `worker`) in its header,
/// which no SSDA903 table has.
fn native_csv(p: &Path) -> bool {
    let named = p
        .file_stem()
        .and_then(|s| s.to_str())
        .is_some_and(|s| TableId::from_name(s).is_some());
    named
        && national::ssda903::peek_header(p).is_some_and(|h| {
            h.iter().any(|c| {
                let n = crate::schema::normalize_name(c.trim_start_matches('\u{feff}'));
                n == "child_id" || n == "worker"
            })
        })
}

/// Reads an XML input: a CIN census or the SSDA903's XML form, told apart by their
/// elements.
fn load_xml(path: &Path, base: usize) -> Result<national::ssda903::NationalLoad, IngestError> {
    let bytes = std::fs::read(path).map_err(|e| IngestError::Open {
        path: path.display().to_string(),
        reason: e.to_string(),
    })?;
    let text = national::decode(&bytes);
    let doc = national::cin::parse(path, &text)?;
    match national::cin::kind(&doc) {
        national::cin::XmlKind::CinCensus => national::cin::load(path, &doc, base),
        national::cin::XmlKind::Ssda903 => national::ssda903::load_xml(path, &doc, base),
        national::cin::XmlKind::Other => Err(IngestError::Unrecognised {
            file: path.display().to_string(),
            reason: format!(
                "an XML file that is neither a CIN census (<Children> of <Child> with <ChildIdentifiers>) nor an SSDA903 return (<CHILD> with <HEADER>); its root element is <{}>",
                doc.root_element().tag_name().name()
            ),
        }),
    }
}

/// Loads one native or profiled export (a workbook or a folder of CSV files) into the
/// accumulator.
fn load_export(
    acc: &mut Accumulator,
    path: &Path,
    profile: Option<&Profile>,
) -> Result<(), IngestError> {
    let base = acc.sources.len();
    let mut jobs: Vec<Job> = Vec::new();
    let mut ignored = Vec::new();
    let streaming;
    if path.is_dir() || has_ext(path, "csv") {
        streaming = true;
        let files = if path.is_dir() {
            csv_dir::list(path)?
        } else {
            let stem = path
                .file_stem()
                .map_or(String::new(), |s| s.to_string_lossy().to_string());
            vec![(stem, path.to_path_buf())]
        };
        for (stem, file) in files {
            let name = file.display().to_string();
            let list = match annex_a_list(profile, &stem, || {
                Ok(national::ssda903::peek_header(&file).unwrap_or_default())
            })? {
                Some(Ok(m)) => Some(m),
                Some(Err(why)) => {
                    ignored.push((name, Some(why)));
                    continue;
                }
                None => None,
            };
            let key = list.as_ref().map_or(stem.clone(), |m| m.canonical());
            if plans_for(&key, profile).is_empty() {
                ignored.push((name, list.map(|m| unread(&m))));
                continue;
            }
            let size = std::fs::metadata(&file).map_or(0, |m| m.len());
            jobs.push(Job {
                name: key,
                file: name,
                sheet: String::new(),
                csv: Some(file),
                size,
                list,
            });
        }
    } else {
        let mut book = Workbook::open(path)?;
        streaming = book.streams();
        let name = path.display().to_string();
        let hidden = book.hidden_sheets();
        for sheet in book.sheet_names() {
            if hidden.contains(&sheet)
                && !profile.is_some_and(|p| p.maps_for(&sheet).iter().any(|m| m.hidden))
            {
                ignored.push((
                    format!("{name} sheet '{}'", crate::messages::printable(&sheet)),
                    Some("a hidden sheet: not read; unhide it, or read it with hidden = true in a profile's [[table]]".into()),
                ));
                continue;
            }
            let list = match annex_a_list(profile, &sheet, || first_row(&mut book, &sheet))? {
                Some(Ok(m)) => Some(m),
                Some(Err(why)) => {
                    ignored.push((format!("{name} sheet '{sheet}'"), Some(why)));
                    continue;
                }
                None => None,
            };
            let key = list.as_ref().map_or(sheet.clone(), |m| m.canonical());
            let plans = plans_for(&key, profile);
            if plans.is_empty() {
                ignored.push((format!("{name} sheet '{sheet}'"), list.map(|m| unread(&m))));
                continue;
            }
            // Sheets' sizes are unknown before reading: the usual sizes of the tables.
            let size = plans
                .iter()
                .map(|(t, _)| table_weight(*t))
                .max()
                .unwrap_or(0);
            jobs.push(Job {
                name: key,
                file: name.clone(),
                sheet,
                csv: None,
                size,
                list,
            });
        }
    }
    if jobs.is_empty() {
        return Err(IngestError::NoTables {
            path: path.display().to_string(),
            expected: match profile {
                Some(p) => format!("the sheets of profile '{}'", p.id),
                None => format!(
                    "{}; nor is any CSV file a table of the SSDA903 return, recognised by its columns",
                    TABLES.iter().map(|t| t.name).collect::<Vec<_>>().join(", ")
                ),
            },
            found: if ignored.is_empty() {
                "nothing".into()
            } else {
                ignored
                    .iter()
                    .map(|(name, why)| match why {
                        Some(why) => format!("{name} ({why})"),
                        None => name.clone(),
                    })
                    .collect::<Vec<_>>()
                    .join("; ")
            },
        });
    }
    two_sources(&jobs, profile)?;
    for job in &jobs {
        acc.formats.push(recognition(job, profile));
    }
    for (name, why) in &ignored {
        acc.formats.push(Recognition {
            file: name.clone(),
            format: "not read".into(),
            why: match (why, profile) {
                (Some(why), _) => why.clone(),
                (None, Some(p)) => {
                    format!("no sheet pattern of profile '{}' matches its name", p.id)
                }
                (None, None) => "its name is not a table of the contract".into(),
            },
        });
    }
    let workers = if streaming {
        rayon::current_num_threads().clamp(1, jobs.len())
    } else {
        1
    };
    let outputs = run_jobs(path, &jobs, base, profile, workers)?;
    acc.ignored
        .extend(ignored.into_iter().map(|(name, why)| match why {
            Some(why) => format!("{name} ({why})"),
            None => name,
        }));
    for (job, out) in jobs.iter().zip(outputs) {
        acc.sources.push(Source {
            file: job.file.clone(),
            sheet: job.sheet.clone(),
        });
        acc.merge(out)?;
    }
    Ok(())
}

/// Two sources read as one native table (`Visits.csv` and `visits.csv`, or two sheets
/// recognised as one Annex A list) stop the load: one of them would be read twice over.
/// A profile's own patterns may join several sheets into a table on purpose.
fn two_sources(jobs: &[Job], profile: Option<&Profile>) -> Result<(), IngestError> {
    let mut seen: Vec<(String, &Job)> = Vec::new();
    for job in jobs {
        let key = if job.list.is_some() {
            job.name.clone()
        } else if profile.is_some_and(|p| !p.maps_for(&job.name).is_empty()) {
            continue;
        } else {
            match TableId::from_name(&job.name) {
                Some(t) => t.name().to_string(),
                None => continue,
            }
        };
        let at = |j: &Job| {
            if j.sheet.is_empty() {
                j.file.clone()
            } else {
                format!(
                    "{} sheet '{}'",
                    j.file,
                    crate::messages::printable(&j.sheet)
                )
            }
        };
        if let Some((_, first)) = seen.iter().find(|(k, _)| *k == key) {
            return Err(IngestError::TwoSources {
                table: key,
                first: at(first),
                second: at(job),
            });
        }
        seen.push((key, job));
    }
    Ok(())
}

/// What a source of an export is read as, and why.
fn recognition(job: &Job, profile: Option<&Profile>) -> Recognition {
    let file = if job.sheet.is_empty() {
        job.file.clone()
    } else {
        format!("{} sheet '{}'", job.file, job.sheet)
    };
    if let (Some(m), Some(p)) = (&job.list, profile) {
        let mut tables: Vec<&str> = Vec::new();
        for t in p.maps_for(&job.name).iter().map(|m| m.table.name()) {
            if !tables.contains(&t) {
                tables.push(t);
            }
        }
        return Recognition {
            file,
            format: format!("{}: profile '{}': {}", m.format, p.id, tables.join(", ")),
            why: m.why.clone(),
        };
    }
    let what = if job.sheet.is_empty() {
        "file name"
    } else {
        "sheet name"
    };
    match profile.map(|p| (p, p.maps_for(&job.name))) {
        Some((p, maps)) if !maps.is_empty() => Recognition {
            file,
            format: format!("profile '{}': {}", p.id, {
                let mut tables: Vec<&str> = Vec::new();
                for t in maps.iter().map(|m| m.table.name()) {
                    if !tables.contains(&t) {
                        tables.push(t);
                    }
                }
                tables.join(", ")
            }),
            why: format!(
                "its {what} matches {}",
                maps.iter()
                    .map(|m| format!("'{}'", m.sheet.as_str()))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        },
        _ => Recognition {
            file,
            format: format!(
                "native {} table",
                TableId::from_name(&job.name).map_or("?", |t| t.name())
            ),
            why: format!("its {what} is the table's name (contract §1)"),
        },
    }
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
    /// The Annex A list the source was recognised as (read under the name `List N`).
    list: Option<annex_a::ListMatch>,
}

/// For the `annex-a` profile: which list a sheet is, by its headers (`headers` reads
/// them), the name as a hint; `None` for any other profile.
fn annex_a_list(
    profile: Option<&Profile>,
    name: &str,
    headers: impl FnOnce() -> Result<Vec<String>, IngestError>,
) -> Result<Option<Result<annex_a::ListMatch, String>>, IngestError> {
    if profile.is_none_or(|p| p.id != "annex-a") {
        return Ok(None);
    }
    Ok(Some(annex_a::recognise(name, &headers()?)))
}

/// Why a recognised list is not read: the profile reads no table from it.
fn unread(m: &annex_a::ListMatch) -> String {
    format!("{}: no table of the contract is read from it", m.format)
}

/// The first non-blank row of a workbook's sheet (its header row).
fn first_row(book: &mut Workbook, sheet: &str) -> Result<Vec<String>, IngestError> {
    struct First(Option<Vec<String>>);
    impl RowSink for First {
        fn row(&mut self, _: u32, cells: &[RawCell<'_>]) -> Result<(), IngestError> {
            if cells.iter().all(RawCell::is_empty) {
                return Ok(());
            }
            self.0 = Some(cells.iter().map(|c| c.to_string()).collect());
            // Stops the reader: the rest of the sheet is not needed.
            Err(IngestError::Unrecognised {
                file: String::new(),
                reason: String::new(),
            })
        }
    }
    let mut first = First(None);
    match book.stream(sheet, &mut first) {
        Ok(()) => Ok(first.0.unwrap_or_default()),
        Err(_) if first.0.is_some() => Ok(first.0.unwrap_or_default()),
        Err(e) => Err(e),
    }
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
    base: usize,
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
                    let out = read_job(path, job, base + i, profile, &mut book);
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
    let mut remarks = Vec::new();
    match &job.csv {
        Some(file) => remarks = csv_dir::stream(file, &mut dispatch)?.remarks,
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
    out.issues
        .extend(remarks.into_iter().map(|reason| DataIssue {
        file: job.file.clone(),
        sheet: job.sheet.clone(),
        row: 1,
        column: String::new(),
        value: String::new(),
        reason: format!(
            "{reason}; export it as comma-separated UTF-8 to be sure every value is read as meant"
        ),
        action: crate::quality::Action::Warning,
    }));
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
    formats: Vec<Recognition>,
    mode: Mode,
    options: IngestOptions,
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

    /// Merges a national return's rows, sources and findings.
    fn national(&mut self, load: national::ssda903::NationalLoad) -> Result<(), IngestError> {
        for e in load.problems {
            match self.mode {
                Mode::Strict => return Err(e),
                Mode::Lenient => self.problems.push(e),
            }
        }
        self.formats.extend(load.formats);
        self.ignored.extend(load.ignored);
        let part = load.part;
        self.sources.extend(part.sources);
        self.merge(JobOut {
            strings: part.strings,
            tables: part.tables,
            summaries: part.summaries,
            issues: part.issues,
            failures: Vec::new(),
        })
    }

    /// A child whose date of birth differs between two files (a 903 header and a CIN
    /// census given together): a warning on the later row, the first date being used.
    /// It tells that the two returns' child ids may not be the same children.
    fn date_of_birth_conflicts(&self) -> Vec<DataIssue> {
        let Some(t) = self.tables.iter().find(|t| t.id == TableId::Children) else {
            return Vec::new();
        };
        let dob = t.def().column_index("date_of_birth").expect("a column");
        let mut first: rustc_hash::FxHashMap<crate::model::Sym, u32> =
            rustc_hash::FxHashMap::default();
        let mut out = Vec::new();
        for r in 0..t.len() as u32 {
            let (Some(child), Some(d)) = (t.sym(r, 0), t.date(r, dob)) else {
                continue;
            };
            let Some(&f) = first.get(&child) else {
                first.insert(child, r);
                continue;
            };
            let (a, b) = (t.prov(f), t.prov(r));
            let (sa, sb) = (
                &self.sources[a.source as usize],
                &self.sources[b.source as usize],
            );
            let other = t.date(f, dob).expect("dated");
            if sa.file != sb.file && other != d {
                out.push(DataIssue {
                    file: sb.file.clone(),
                    sheet: sb.sheet.clone(),
                    row: b.row,
                    column: "date_of_birth".into(),
                    value: String::new(),
                    reason: format!(
                        "the child {} has another date of birth in {} row {}: that one is used; check that the two files' child ids are the same children",
                        self.strings.resolve(child),
                        sa.file,
                        a.row
                    ),
                    action: crate::quality::Action::Warning,
                });
            }
        }
        out
    }

    fn finish(mut self) -> Loaded {
        let mut id_issues = ids::normalise(
            &mut self.strings,
            &mut self.tables,
            &self.sources,
            &mut self.issues,
            &self.options,
        );
        self.issues.append(&mut id_issues);
        let mut orphans = checks::orphans(&self.tables, &self.sources, &self.strings);
        self.issues.append(&mut orphans);
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
        let conflicts = self.date_of_birth_conflicts();
        let mut issues = self.issues;
        issues.extend(conflicts);
        issues.sort();
        Loaded {
            dataset: Dataset::new(self.strings, self.sources, self.tables),
            issues,
            sources: self.summaries,
            counts,
            ignored: self.ignored,
            problems: self.problems,
            profile: None,
            formats: self.formats,
        }
    }
}
