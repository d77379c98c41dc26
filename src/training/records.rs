//! Training records: who completed which course, and when. They come from the export's
//! `training` table and from files of an L&D system given with `--training` (a workbook
//! or a CSV file, read through a mapping profile's `training` table, like an export's
//! sheets). Each record's course name is matched to a catalogue course by its id, its
//! title or an alias; a name that matches none is reported (a data-quality warning on
//! its row, and a warning naming every such name).

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use super::catalogue::{Catalogue, Course, Names};
use crate::ingest::{Dispatch, IngestError, RawCell, RowCounts, RowSink, TableLoader, Workbook};
use crate::model::{Dataset, Interner, TableData};
use crate::plan::{NativePlanner, Planner};
use crate::profile::Profile;
use crate::quality::{Action, DataIssue};
use crate::schema::TableId;

/// One completion of a catalogue course.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Completion {
    pub worker: String,
    /// The catalogue course's id.
    pub course: String,
    pub date: NaiveDate,
    /// The name the record gave the course.
    pub name: String,
}

/// The training records of a run, matched to the catalogue.
#[derive(Debug, Clone, Default)]
pub struct Records {
    pub completions: Vec<Completion>,
    /// Course names no catalogue course answers to, with how many records use each.
    pub unmatched: Vec<(String, u64)>,
    /// Completions of placeholder courses (a course the offer says is still to be
    /// developed), by course id.
    pub placeholders: Vec<(String, u64)>,
    /// One warning per unmatched record (file, sheet, row), and the rows of `--training`
    /// files that could not be read.
    pub issues: Vec<DataIssue>,
    /// Rows of the `--training` files: read, used, rejected.
    pub file_counts: RowCounts,
    /// The `--training` files (and sheets) read.
    pub file_sources: Vec<String>,
    /// Records in the export and in the files, matched or not.
    pub records: u64,
}

/// A name that matches no course: the reason written on its data-quality row.
pub const UNMATCHED_REASON: &str = "the course name matches no course of the catalogue (by id, title or alias): add an [[alias]] for it to the catalogue, or check the spelling; the record is not used";

/// Reads every training record: the export's `training` table and the `files` given
/// with `--training` (through `profile`'s `training` mapping, when given).
pub fn gather(
    ds: &Dataset,
    catalogue: &Catalogue,
    courses: &[Course],
    files: &[PathBuf],
    profile: Option<&Profile>,
) -> Result<Records, IngestError> {
    let (names, _) = Names::new(courses, &catalogue.extra_names);
    let mut out = Records::default();
    let mut unmatched: BTreeMap<String, u64> = BTreeMap::new();
    let mut placeholders: BTreeMap<String, u64> = BTreeMap::new();
    let mut take =
        |out: &mut Records, worker: &str, name: &str, date: NaiveDate, at: (&str, &str, u32)| {
            out.records += 1;
            match names.find(name) {
                Some(id) => {
                    if courses.iter().any(|c| c.id == id && c.placeholder) {
                        *placeholders.entry(id.to_string()).or_default() += 1;
                    }
                    out.completions.push(Completion {
                        worker: worker.trim().to_string(),
                        course: id.to_string(),
                        date,
                        name: name.to_string(),
                    });
                }
                None => {
                    *unmatched.entry(name.trim().to_string()).or_default() += 1;
                    out.issues.push(DataIssue {
                        file: at.0.to_string(),
                        sheet: at.1.to_string(),
                        row: at.2,
                        column: "course".into(),
                        value: name.to_string(),
                        reason: UNMATCHED_REASON.into(),
                        action: Action::Warning,
                    });
                }
            }
        };

    let t = ds.table(TableId::Training);
    let def = t.def();
    let (w, c, d) = columns(def);
    for r in 0..t.len() as u32 {
        let (Some(worker), Some(course), Some(date)) = (t.sym(r, w), t.sym(r, c), t.date(r, d))
        else {
            continue;
        };
        let prov = t.prov(r);
        let src = ds.source(prov);
        take(
            &mut out,
            ds.text(worker),
            ds.text(course),
            date,
            (&src.file, &src.sheet, prov.row),
        );
    }

    for path in files {
        for (file, sheet, table, strings, counts, mut issues) in read_file(path, profile)? {
            out.file_counts.add(counts);
            out.issues.append(&mut issues);
            out.file_sources.push(if sheet.is_empty() {
                file.clone()
            } else {
                format!("{file} [{sheet}]")
            });
            for r in 0..table.len() as u32 {
                let (Some(worker), Some(course), Some(date)) =
                    (table.sym(r, w), table.sym(r, c), table.date(r, d))
                else {
                    continue;
                };
                take(
                    &mut out,
                    strings.resolve(worker),
                    strings.resolve(course),
                    date,
                    (&file, &sheet, table.prov(r).row),
                );
            }
        }
    }
    out.completions
        .sort_by(|a, b| (&a.worker, &a.course, a.date).cmp(&(&b.worker, &b.course, b.date)));
    out.completions.dedup();
    out.unmatched = unmatched.into_iter().collect();
    out.placeholders = placeholders.into_iter().collect();
    Ok(out)
}

/// The training table's worker, course and completed_date columns.
fn columns(def: &crate::schema::TableDef) -> (usize, usize, usize) {
    let col = |n: &str| def.column_index(n).expect("a column of the training table");
    (col("worker"), col("course"), col("completed_date"))
}

/// One source read into the training table: file, sheet, rows, their strings, the row
/// accounting and the findings.
type Read = (
    String,
    String,
    TableData,
    Interner,
    RowCounts,
    Vec<DataIssue>,
);

/// Reads one `--training` file: a CSV file is the training table whatever its name; in a
/// workbook, the sheets the profile's `training` mapping matches, else a sheet named
/// `training`, else its only sheet.
fn read_file(path: &Path, profile: Option<&Profile>) -> Result<Vec<Read>, IngestError> {
    let file = path.display().to_string();
    let maps: Vec<&crate::profile::TableMap> = profile
        .map(|p| {
            p.tables
                .iter()
                .filter(|m| m.table == TableId::Training)
                .collect()
        })
        .unwrap_or_default();
    let planner_for = |sheet: &str| -> Box<dyn Planner + '_> {
        let folded = crate::plan::fold_header(sheet);
        match (
            profile,
            maps.iter()
                .find(|m| m.sheet.is_match(&folded))
                .or(maps.first()),
        ) {
            (Some(p), Some(m)) => Box::new(p.planner(m)),
            _ => Box::new(NativePlanner),
        }
    };
    if !path.exists() {
        return Err(IngestError::Open {
            path: file,
            reason: "no such file".into(),
        });
    }
    let is_csv = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("csv"));
    if is_csv {
        let planner = planner_for(
            &path
                .file_stem()
                .map(|s| s.to_string_lossy())
                .unwrap_or_default(),
        );
        let read = read_source(&file, "", planner.as_ref(), |sink| stream_csv(path, sink))?;
        return Ok(vec![read]);
    }
    let mut book = Workbook::open(path)?;
    let names = book.sheet_names();
    let by_profile: Vec<String> = names
        .iter()
        .filter(|s| {
            let folded = crate::plan::fold_header(s);
            maps.iter().any(|m| m.sheet.is_match(&folded))
        })
        .cloned()
        .collect();
    let chosen: Vec<String> = if !by_profile.is_empty() {
        by_profile
    } else if let Some(s) = names
        .iter()
        .find(|s| TableId::from_name(s) == Some(TableId::Training))
    {
        vec![s.clone()]
    } else if names.len() == 1 {
        names.clone()
    } else {
        return Err(IngestError::Unrecognised {
            file,
            reason: format!(
                "--training: no sheet holds training records: name it 'training', give a --training-profile whose training mapping matches it, or give a workbook of one sheet (sheets: {})",
                names.join(", ")
            ),
        });
    };
    let mut out = Vec::new();
    for sheet in chosen {
        let planner = planner_for(&sheet);
        out.push(read_source(&file, &sheet, planner.as_ref(), |sink| {
            book.stream(&sheet, sink)
        })?);
    }
    Ok(out)
}

/// Reads one sheet (or CSV file) into the training table through `planner`.
fn read_source(
    file: &str,
    sheet: &str,
    planner: &dyn Planner,
    stream: impl FnOnce(&mut dyn RowSink) -> Result<(), IngestError>,
) -> Result<Read, IngestError> {
    let mut strings = Interner::default();
    let mut data = TableData::new(TableId::Training);
    let loader = TableLoader::new(TableId::Training.def(), 0, file, sheet, &mut data, planner);
    let mut dispatch = Dispatch {
        loaders: vec![loader],
        strings: &mut strings,
    };
    stream(&mut dispatch)?;
    let loader = dispatch.loaders.pop().expect("one loader");
    let (counts, _notes, issues, failure) = loader.finish();
    if let Some(e) = failure {
        return Err(e);
    }
    Ok((
        file.to_string(),
        sheet.to_string(),
        data,
        strings,
        counts,
        issues,
    ))
}

/// Streams a CSV file's records (UTF-8, else Windows-1252); row numbers are line numbers.
fn stream_csv(path: &Path, sink: &mut dyn RowSink) -> Result<(), IngestError> {
    let err = |reason: String| IngestError::Sheet {
        file: path.display().to_string(),
        sheet: String::new(),
        reason,
    };
    let bytes = std::fs::read(path).map_err(|e| err(e.to_string()))?;
    let text: Cow<'_, str> = match std::str::from_utf8(&bytes) {
        Ok(s) => Cow::Borrowed(s.trim_start_matches('\u{feff}')),
        Err(_) => {
            encoding_rs::WINDOWS_1252
                .decode_without_bom_handling(&bytes)
                .0
        }
    };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut record = csv::StringRecord::new();
    loop {
        match reader.read_record(&mut record) {
            Ok(false) => return Ok(()),
            Ok(true) => {}
            Err(e) => return Err(err(e.to_string())),
        }
        let line = record.position().map_or(0, |p| p.line()) as u32;
        let cells: Vec<RawCell<'_>> = record
            .iter()
            .map(|f| RawCell::Text(Cow::Borrowed(f)))
            .collect();
        sink.row(line, &cells)?;
    }
}
