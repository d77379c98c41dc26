//! The SSDA903 return (children looked after), as the DfE's validator takes it: one CSV
//! file per table (a folder, or files given together), or the XML form.
//!
//! A CSV file is recognised by its set of columns, never by its name: case, a byte-order
//! mark and surrounding spaces are ignored, a column the table does not have is warned
//! about and ignored. The mapping onto the contract's tables is fixed:
//!
//! - `header` → `children` (CHILD, DOB, SEX);
//! - `episodes` → `episodes`: each **period of care** is one CLA episode. It starts at an
//!   episode whose RNE is `S`, or at the child's first episode in the files, and runs
//!   through the child's following episodes (by DECOM) while the previous episode's REC
//!   is `X1`; it ends at the DEC of its last episode (blank: still open). An episode that
//!   neither starts nor continues a period is rejected with the reason;
//! - `reviews` → `meetings`: each row a `CLA_REVIEW` on REVIEW (any REVIEW_CODE);
//! - `sw_episodes` (social worker episodes, from 2023-24) → `allocations` (SW_ID is the
//!   worker allocated from SW_DECOM), so that exceptions go to the worker allocated then;
//! - the other tables (UASC, OC2, OC3, AD1, placed for adoption, previous permanence,
//!   missing, DoLo) are recognised and counted, but no table of the contract holds them.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use rustc_hash::FxHashMap;

use super::{Part, Recognition, Row, date, date_value};
use crate::ingest::{IngestError, LoadNotes, RowCounts};
use crate::model::{RowRef, SourceId};
use crate::quality::Action;
use crate::schema::TableId;

/// One table of the 903 return.
#[derive(Debug)]
pub struct TableSpec {
    /// The name the DfE's validator gives the file (`episodes`, `reviews`, …).
    pub name: &'static str,
    /// Its columns, in the order of the return's specification.
    pub columns: &'static [&'static str],
    /// The columns without which a file cannot be taken for this table (the ones the
    /// mapping reads, and those that tell the table from the others).
    pub needed: &'static [&'static str],
    /// The contract table it feeds, if any.
    pub feeds: Option<TableId>,
}

/// The tables of the return (column sets as in the DfE's SSDA903 validator).
pub static TABLES: [TableSpec; 12] = [
    TableSpec {
        name: "header",
        columns: &["CHILD", "SEX", "DOB", "ETHNIC", "UPN", "MOTHER", "MC_DOB"],
        needed: &["CHILD", "SEX", "DOB", "ETHNIC"],
        feeds: Some(TableId::Children),
    },
    TableSpec {
        name: "episodes",
        columns: &[
            "CHILD",
            "DECOM",
            "RNE",
            "LS",
            "CIN",
            "PLACE",
            "PLACE_PROVIDER",
            "DEC",
            "REC",
            "REASON_PLACE_CHANGE",
            "HOME_POST",
            "PL_POST",
            "URN",
        ],
        needed: &["CHILD", "DECOM", "RNE", "DEC", "REC"],
        feeds: Some(TableId::Episodes),
    },
    TableSpec {
        name: "reviews",
        columns: &["CHILD", "DOB", "REVIEW", "REVIEW_CODE"],
        needed: &["CHILD", "REVIEW", "REVIEW_CODE"],
        feeds: Some(TableId::Meetings),
    },
    TableSpec {
        name: "uasc",
        columns: &["CHILD", "SEX", "DOB", "DUC"],
        needed: &["CHILD", "DUC"],
        feeds: None,
    },
    TableSpec {
        name: "oc2",
        columns: &[
            "CHILD",
            "DOB",
            "SDQ_SCORE",
            "SDQ_REASON",
            "CONVICTED",
            "HEALTH_CHECK",
            "IMMUNISATIONS",
            "TEETH_CHECK",
            "HEALTH_ASSESSMENT",
            "SUBSTANCE_MISUSE",
            "INTERVENTION_RECEIVED",
            "INTERVENTION_OFFERED",
        ],
        needed: &["CHILD", "SDQ_SCORE", "HEALTH_CHECK", "TEETH_CHECK"],
        feeds: None,
    },
    TableSpec {
        name: "oc3",
        columns: &["CHILD", "DOB", "IN_TOUCH", "ACTIV", "ACCOM"],
        needed: &["CHILD", "IN_TOUCH", "ACTIV", "ACCOM"],
        feeds: None,
    },
    TableSpec {
        name: "ad1",
        columns: &[
            "CHILD",
            "DOB",
            "DATE_INT",
            "DATE_MATCH",
            "FOSTER_CARE",
            "NB_ADOPTR",
            "SEX_ADOPTR",
            "LS_ADOPTR",
        ],
        needed: &["CHILD", "DATE_INT", "DATE_MATCH"],
        feeds: None,
    },
    TableSpec {
        name: "placed_for_adoption",
        columns: &[
            "CHILD",
            "DOB",
            "DATE_PLACED",
            "DATE_PLACED_CEASED",
            "REASON_PLACED_CEASED",
        ],
        needed: &["CHILD", "DATE_PLACED", "DATE_PLACED_CEASED"],
        feeds: None,
    },
    TableSpec {
        name: "previous_permanence",
        columns: &["CHILD", "DOB", "PREV_PERM", "LA_PERM", "DATE_PERM"],
        needed: &["CHILD", "PREV_PERM", "DATE_PERM"],
        feeds: None,
    },
    TableSpec {
        name: "missing",
        columns: &["CHILD", "DOB", "MISSING", "MIS_START", "MIS_END"],
        needed: &["CHILD", "MISSING", "MIS_START", "MIS_END"],
        feeds: Some(TableId::Missing),
    },
    TableSpec {
        name: "sw_episodes",
        columns: &["CHILD", "DOB", "SW_ID", "SW_DECOM", "SW_DEC", "SW_REASON"],
        needed: &["CHILD", "SW_ID", "SW_DECOM"],
        feeds: Some(TableId::Allocations),
    },
    TableSpec {
        name: "dolo",
        columns: &["CHILD", "DOB", "DOLO_START", "DOLO_END"],
        needed: &["CHILD", "DOLO_START"],
        feeds: None,
    },
];

impl TableSpec {
    pub fn by_name(name: &str) -> &'static TableSpec {
        TABLES.iter().find(|t| t.name == name).expect("a 903 table")
    }
}

/// A header cell as the 903 matches it: BOM and surrounding spaces removed, upper case.
fn fold(h: &str) -> String {
    h.trim_start_matches('\u{feff}').trim().to_uppercase()
}

/// Which 903 table a header row is, by its set of columns.
#[derive(Debug, Clone)]
pub struct Match {
    pub spec: &'static TableSpec,
    /// Columns of the file the table does not have (ignored, warned about).
    pub extra: Vec<String>,
    /// Columns of the table the file lacks (none of them needed).
    pub absent: Vec<&'static str>,
}

impl Match {
    /// Why the file was taken for this table, in words.
    pub fn why(&self) -> String {
        let n = self.spec.columns.len();
        let mut s = if self.absent.is_empty() {
            format!("its header has all {n} columns of the table")
        } else {
            format!(
                "its header has {} of the table's {n} columns, all those the audit needs ({}); absent: {}",
                n - self.absent.len(),
                self.spec.needed.join(", "),
                self.absent.join(", ")
            )
        };
        if !self.extra.is_empty() {
            s.push_str(&format!(
                "; column(s) not in the table, ignored: {}",
                self.extra.join(", ")
            ));
        }
        s
    }
}

/// Recognises a 903 table by a header row: the table all of whose columns the header
/// has (the largest such table), else the one all of whose needed columns it has. `Err`
/// says which table the header most resembles and what it lacks.
pub fn recognise(headers: &[String]) -> Result<Match, String> {
    let found: Vec<String> = headers
        .iter()
        .map(|h| fold(h))
        .filter(|h| !h.is_empty())
        .collect();
    let has = |c: &str| found.iter().any(|h| h == c);
    let make = |spec: &'static TableSpec| Match {
        spec,
        extra: found
            .iter()
            .filter(|h| !spec.columns.contains(&h.as_str()))
            .cloned()
            .collect(),
        absent: spec.columns.iter().copied().filter(|c| !has(c)).collect(),
    };
    let full = TABLES
        .iter()
        .filter(|t| t.columns.iter().all(|c| has(c)))
        .max_by_key(|t| t.columns.len());
    if let Some(spec) = full {
        return Ok(make(spec));
    }
    let partial = TABLES
        .iter()
        .filter(|t| t.needed.iter().all(|c| has(c)))
        .max_by_key(|t| t.columns.iter().filter(|c| has(c)).count());
    if let Some(spec) = partial {
        return Ok(make(spec));
    }
    let closest = TABLES
        .iter()
        .map(|t| (t.columns.iter().filter(|c| has(c)).count(), t))
        .filter(|(n, _)| *n > 0)
        .max_by_key(|(n, t)| (*n, std::cmp::Reverse(t.columns.len())));
    Err(match closest {
        Some((_, t)) => {
            let missing: Vec<&str> = t.needed.iter().copied().filter(|c| !has(c)).collect();
            format!(
                "not an SSDA903 table: its columns are most like the {} table's, but it lacks {}",
                t.name,
                missing.join(", ")
            )
        }
        None => "not an SSDA903 table: none of its columns is a column of the return".into(),
    })
}

/// The header row of a CSV file (its first non-blank record), if it has one.
pub fn peek_header(path: &Path) -> Option<Vec<String>> {
    use std::io::Read;
    let mut head = Vec::new();
    std::fs::File::open(path)
        .ok()?
        .take(64 * 1024)
        .read_to_end(&mut head)
        .ok()?;
    let (head, _) = crate::ingest::csv_dir::decoded(head);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(crate::ingest::csv_dir::delimiter(&head))
        .from_reader(&head[..]);
    let mut record = csv::ByteRecord::new();
    for _ in 0..50 {
        match reader.read_byte_record(&mut record) {
            Ok(true) => {
                let cells: Vec<String> = record
                    .iter()
                    .map(|f| super::decode(f).trim().to_string())
                    .collect();
                if cells
                    .iter()
                    .any(|c| !c.trim_start_matches('\u{feff}').is_empty())
                {
                    return Some(cells);
                }
            }
            _ => return None,
        }
    }
    None
}

/// The records of one 903 table from one file (or from one kind of element of the XML
/// form), with where each is.
pub(crate) struct TableFile {
    pub file: String,
    /// Empty for a CSV file; the element name for the XML form.
    pub sheet: String,
    pub spec: &'static TableSpec,
    pub source: SourceId,
    pub headers: Vec<String>,
    /// The line of the header row (for findings about columns).
    pub header_row: u32,
    /// For each column of the table, the index of its cell in a record.
    columns: Vec<Option<usize>>,
    /// (row or line, cells).
    pub records: Vec<(u32, Vec<String>)>,
    pub blank: u64,
}

impl TableFile {
    pub fn new(
        file: String,
        sheet: String,
        m: &Match,
        source: SourceId,
        headers: Vec<String>,
        header_row: u32,
    ) -> TableFile {
        let folded: Vec<String> = headers.iter().map(|h| fold(h)).collect();
        let columns = m
            .spec
            .columns
            .iter()
            .map(|c| folded.iter().position(|h| h == c))
            .collect();
        TableFile {
            file,
            sheet,
            spec: m.spec,
            source,
            headers,
            header_row,
            columns,
            records: Vec::new(),
            blank: 0,
        }
    }

    /// The cell of a column in record `i` (trimmed; empty when absent).
    fn get(&self, i: usize, column: &str) -> &str {
        let c = self
            .spec
            .columns
            .iter()
            .position(|x| *x == column)
            .expect("a column of the table");
        self.columns[c]
            .and_then(|j| self.records[i].1.get(j))
            .map_or("", |s| s.trim())
    }

    /// The file's own spelling of a column of the table (its name when absent).
    fn header_of(&self, column: &str) -> String {
        self.headers
            .iter()
            .find(|h| fold(h) == column)
            .map_or_else(|| column.to_string(), |h| h.trim().to_string())
    }

    fn at(&self, i: usize) -> RowRef {
        RowRef {
            source: self.source,
            row: self.records[i].0,
        }
    }
}

/// Collects a CSV file's records (the first non-blank one is the header).
struct Collect {
    header: Option<(u32, Vec<String>)>,
    records: Vec<(u32, Vec<String>)>,
    blank: u64,
}

impl crate::ingest::RowSink for Collect {
    fn row(&mut self, row: u32, cells: &[crate::ingest::RawCell<'_>]) -> Result<(), IngestError> {
        let cells: Vec<String> = cells.iter().map(|c| c.to_string()).collect();
        let blank = cells
            .iter()
            .all(|c| c.trim_start_matches('\u{feff}').trim().is_empty());
        if self.header.is_none() {
            if !blank {
                self.header = Some((row, cells));
            }
        } else if blank {
            self.blank += 1;
        } else {
            self.records.push((row, cells));
        }
        Ok(())
    }
}

/// What reading a set of national files gave.
pub(crate) struct NationalLoad {
    pub part: Part,
    pub formats: Vec<Recognition>,
    pub ignored: Vec<String>,
    pub problems: Vec<IngestError>,
}

/// Reads 903 CSV files (a folder's, or files given together) into contract rows; their
/// first source id is `base`. `explicit`: the files were named by the user, so one that
/// is not a 903 table is a problem (in a folder it is ignored, like any extra file).
pub(crate) fn load_csv(
    files: &[PathBuf],
    base: usize,
    explicit: bool,
) -> Result<NationalLoad, IngestError> {
    let mut part = Part::new(base);
    let mut formats = Vec::new();
    let mut ignored = Vec::new();
    let mut problems = Vec::new();
    let mut tables = Vec::new();
    for path in files {
        let name = path.display().to_string();
        let mut sink = Collect {
            header: None,
            records: Vec::new(),
            blank: 0,
        };
        crate::ingest::csv_dir::stream(path, &mut sink)?;
        let Some((header_row, headers)) = sink.header else {
            let why = "an empty file: no header row".to_string();
            if explicit {
                problems.push(IngestError::Unrecognised {
                    file: name.clone(),
                    reason: why.clone(),
                });
            }
            ignored.push(format!("{name} ({why})"));
            continue;
        };
        let m = match recognise(&headers) {
            Ok(m) => m,
            Err(why) => {
                if explicit {
                    problems.push(IngestError::Unrecognised {
                        file: name.clone(),
                        reason: why.clone(),
                    });
                }
                formats.push(Recognition {
                    file: name.clone(),
                    format: "not recognised".into(),
                    why: why.clone(),
                });
                ignored.push(format!("{name} ({why})"));
                continue;
            }
        };
        formats.push(Recognition {
            file: name.clone(),
            format: format!("SSDA903 {} table", m.spec.name),
            why: m.why(),
        });
        let source = if m.spec.feeds.is_some() {
            part.source(&name, "")?
        } else {
            0
        };
        let mut t = TableFile::new(name, String::new(), &m, source, headers, header_row);
        t.records = sink.records;
        t.blank = sink.blank;
        column_findings(&mut part, &t, &m);
        tables.push(t);
    }
    build(&mut part, &tables, &mut ignored);
    Ok(NationalLoad {
        part,
        formats,
        ignored,
        problems,
    })
}

/// Warnings about a file's columns: those the table does not have, those it lacks.
pub(crate) fn column_findings(part: &mut Part, t: &TableFile, m: &Match) {
    if t.spec.feeds.is_none() {
        return;
    }
    for x in &m.extra {
        part.issue(
            &t.file,
            &t.sheet,
            t.header_row,
            x,
            "",
            format!("column not in the SSDA903 {} table: ignored", t.spec.name),
            Action::Warning,
        );
    }
    if !m.absent.is_empty() {
        part.issue(
            &t.file,
            &t.sheet,
            t.header_row,
            "",
            "",
            format!(
                "the SSDA903 {} table's column(s) {} are absent (the audit does not need them)",
                t.spec.name,
                m.absent.join(", ")
            ),
            Action::Warning,
        );
    }
}

/// One 903 episode, read.
struct Episode {
    child: String,
    decom: NaiveDate,
    dec: Option<NaiveDate>,
    rne: String,
    rec: String,
    /// PLACE, PLACE_PROVIDER and REASON_PLACE_CHANGE, for the placements.
    place: [String; 3],
    /// Index of its file in the table files, and of its record there.
    file: usize,
    rec_index: usize,
    at: RowRef,
}

/// Accounting per file (by index in the table files).
#[derive(Default)]
struct Tally {
    counts: FxHashMap<usize, RowCounts>,
}

impl Tally {
    fn read(&mut self, f: usize) {
        self.counts.entry(f).or_default().read += 1;
    }
    fn used(&mut self, f: usize) {
        self.counts.entry(f).or_default().used += 1;
    }
    fn rejected(&mut self, f: usize) {
        self.counts.entry(f).or_default().rejected += 1;
    }
}

/// Builds the contract's rows from the 903 tables.
pub(crate) fn build(part: &mut Part, files: &[TableFile], ignored: &mut Vec<String>) {
    let mut tally = Tally::default();
    let mut in_header: FxHashMap<String, (usize, u32)> = FxHashMap::default();
    let has_header = files.iter().any(|f| f.spec.name == "header");
    // Where each child is first seen outside the header, for the "not in the header" warning.
    let mut first_seen: BTreeMap<String, (usize, usize)> = BTreeMap::new();

    for (fi, f) in files.iter().enumerate() {
        if let Some(t) = f.spec.feeds {
            part.hold(t);
        }
        match f.spec.name {
            "header" => header(part, f, fi, &mut tally, &mut in_header),
            "episodes" => part.hold(TableId::Placements),
            "reviews" | "sw_episodes" | "missing" => {}
            other => {
                let n = f.records.len();
                ignored.push(format!(
                    "{}{} (SSDA903 {other} table, {n} row(s): no table of the contract holds them, so no rule reads them)",
                    f.file,
                    if f.sheet.is_empty() {
                        String::new()
                    } else {
                        format!(" [{}]", f.sheet)
                    }
                ));
            }
        }
    }
    let periods = episodes(part, files, &mut tally, &mut first_seen);
    for (fi, f) in files.iter().enumerate() {
        match f.spec.name {
            "reviews" => reviews(part, f, fi, &mut tally, &periods, &mut first_seen),
            "sw_episodes" => social_workers(part, f, fi, &mut tally, &mut first_seen),
            "missing" => missing(part, f, fi, &mut tally, &mut first_seen),
            _ => {}
        }
    }
    if has_header {
        for (child, (fi, i)) in &first_seen {
            if !in_header.contains_key(child) {
                let f = &files[*fi];
                part.issue(
                    &f.file,
                    &f.sheet,
                    f.records[*i].0,
                    "child_id",
                    child,
                    "CHILD is not in the header table: the child's date of birth is unknown".into(),
                    Action::Warning,
                );
            }
        }
    }
    for (fi, f) in files.iter().enumerate() {
        let Some(table) = f.spec.feeds else { continue };
        let mut counts = tally.counts.get(&fi).copied().unwrap_or_default();
        counts.blank = f.blank;
        part.summary(table, &f.file, &f.sheet, counts, notes(f));
        if f.spec.name == "episodes" {
            // Every episode used is in a period of care, and so in a placement.
            let n = counts.used;
            let counts = RowCounts {
                read: n,
                used: n,
                ..RowCounts::default()
            };
            part.summary(
                TableId::Placements,
                &f.file,
                &f.sheet,
                counts,
                placement_notes(f),
            );
        }
    }
}

/// How each contract column of a 903 table is filled, for `inspect`.
fn notes(f: &TableFile) -> LoadNotes {
    let mut n = bare_notes(f);
    let mut map = |col: &'static str, how: String| {
        n.mapped.insert(col, how);
    };
    match f.spec.name {
        "header" => {
            map("child_id", format!("header '{}'", f.header_of("CHILD")));
            map("date_of_birth", format!("header '{}'", f.header_of("DOB")));
            map("gender", format!("header '{}'", f.header_of("SEX")));
        }
        "episodes" => {
            map("child_id", format!("header '{}'", f.header_of("CHILD")));
            map("episode_type", "constant 'CLA'".into());
            map(
                "start_date",
                format!(
                    "header '{}' of the first episode of each period of care",
                    f.header_of("DECOM")
                ),
            );
            map(
                "end_date",
                format!(
                    "header '{}' of its last episode (blank: open)",
                    f.header_of("DEC")
                ),
            );
            n.remarks.push(format!(
                "a period of care starts at an episode whose '{}' is S (or the child's first episode in the files) and takes in the child's next episodes, by start date, while the previous one's '{}' is X1",
                f.header_of("RNE"),
                f.header_of("REC")
            ));
        }
        "reviews" => {
            map("child_id", format!("header '{}'", f.header_of("CHILD")));
            map("meeting_type", "constant 'CLA_REVIEW'".into());
            map(
                "meeting_date",
                format!("header '{}'", f.header_of("REVIEW")),
            );
            n.remarks.push(format!(
                "every row is a looked-after review, whatever its '{}'",
                f.header_of("REVIEW_CODE")
            ));
        }
        "missing" => {
            map("child_id", format!("header '{}'", f.header_of("CHILD")));
            map(
                "start_date",
                format!("header '{}'", f.header_of("MIS_START")),
            );
            map("end_date", format!("header '{}'", f.header_of("MIS_END")));
            map(
                "missing_type",
                format!(
                    "header '{}': M is MISSING, A is AWAY",
                    f.header_of("MISSING")
                ),
            );
        }
        "sw_episodes" => {
            map("child_id", format!("header '{}'", f.header_of("CHILD")));
            map(
                "allocated_date",
                format!("header '{}'", f.header_of("SW_DECOM")),
            );
            map("worker", format!("header '{}'", f.header_of("SW_ID")));
            map("episode_type", "constant 'CLA'".into());
        }
        _ => {}
    }
    n
}

/// A file's headers, before anything is said of how its columns are read.
fn bare_notes(f: &TableFile) -> LoadNotes {
    LoadNotes {
        headers: f.headers.iter().map(|h| h.trim().to_string()).collect(),
        ..LoadNotes::default()
    }
}

/// How the placements read from an episodes file are filled, for `inspect`.
fn placement_notes(f: &TableFile) -> LoadNotes {
    let mut n = bare_notes(f);
    for (col, column, how) in [
        ("child_id", "CHILD", ""),
        (
            "start_date",
            "DECOM",
            " of the episode a placement starts at",
        ),
        (
            "end_date",
            "DEC",
            " of the placement's last episode (blank: current)",
        ),
        ("placement_type", "PLACE", ""),
        ("provider", "PLACE_PROVIDER", ""),
        (
            "change_reason",
            "REASON_PLACE_CHANGE",
            " of the placement's last episode",
        ),
    ] {
        n.mapped
            .insert(col, format!("header '{}'{how}", f.header_of(column)));
    }
    n.remarks.push(format!(
        "a placement starts at the first episode of a period of care (episodes joined by '{}' X1) and at every later episode of it whose '{}' is not L (a change of legal status only)",
        f.header_of("REC"),
        f.header_of("RNE")
    ));
    n
}

fn header(
    part: &mut Part,
    f: &TableFile,
    fi: usize,
    tally: &mut Tally,
    seen: &mut FxHashMap<String, (usize, u32)>,
) {
    for i in 0..f.records.len() {
        tally.read(fi);
        let row = f.records[i].0;
        let Some(child) = child_of(part, f, i, tally, fi) else {
            continue;
        };
        if let Some((_, first)) = seen.get(child) {
            part.issue(
                &f.file,
                &f.sheet,
                row,
                "child_id",
                child,
                format!(
                    "the child is already in the header table (row {first}): this row is not used"
                ),
                Action::RowRejected,
            );
            tally.rejected(fi);
            continue;
        }
        seen.insert(child.to_string(), (fi, row));
        let dob = read_date(part, f, i, "DOB", "date_of_birth", Action::ValueIgnored);
        let mut r = Row::new(TableId::Children);
        r.set("child_id", part.text(child))
            .set("date_of_birth", date_value(dob.ok().flatten()));
        let sex = part.text(f.get(i, "SEX"));
        r.set("gender", sex);
        part.push(&r, f.at(i));
        tally.used(fi);
    }
}

/// Reads a date cell; an unreadable one is a finding with `action` (and `Err`).
fn read_date(
    part: &mut Part,
    f: &TableFile,
    i: usize,
    column: &str,
    contract: &str,
    action: Action,
) -> Result<Option<NaiveDate>, ()> {
    let text = f.get(i, column);
    date(text).map_err(|reason| {
        part.issue(
            &f.file,
            &f.sheet,
            f.records[i].0,
            contract,
            text,
            format!("{column}: {reason}"),
            action,
        );
    })
}

/// The row's child id; `None` (the row rejected, and counted so) when it is blank.
fn child_of<'f>(
    part: &mut Part,
    f: &'f TableFile,
    i: usize,
    tally: &mut Tally,
    fi: usize,
) -> Option<&'f str> {
    let child = f.get(i, "CHILD");
    if child.is_empty() {
        reject_blank(part, f, f.records[i].0, "child_id", "CHILD");
        tally.rejected(fi);
        return None;
    }
    Some(child)
}

/// A date the row cannot be used without (`column` of the return, `contract` of the
/// native schema); `None` (the row rejected, and counted so) when blank or unreadable.
fn required_date(
    part: &mut Part,
    f: &TableFile,
    i: usize,
    (column, contract): (&str, &str),
    (tally, fi): (&mut Tally, usize),
) -> Option<NaiveDate> {
    match read_date(part, f, i, column, contract, Action::RowRejected) {
        Ok(Some(d)) => Some(d),
        Ok(None) => {
            reject_blank(part, f, f.records[i].0, contract, column);
            tally.rejected(fi);
            None
        }
        Err(()) => {
            tally.rejected(fi);
            None
        }
    }
}

fn reject_blank(part: &mut Part, f: &TableFile, row: u32, contract: &str, column: &str) {
    part.issue(
        &f.file,
        &f.sheet,
        row,
        contract,
        "",
        format!("{column}: required value is blank"),
        Action::RowRejected,
    );
}

/// A period of care as built: its child and its dates.
struct Period {
    child: String,
    start: NaiveDate,
    end: Option<NaiveDate>,
}

/// Reads every episodes file, joins the episodes into periods of care and pushes one CLA
/// episode per period.
fn episodes(
    part: &mut Part,
    files: &[TableFile],
    tally: &mut Tally,
    first_seen: &mut BTreeMap<String, (usize, usize)>,
) -> Vec<Period> {
    let mut eps: Vec<Episode> = Vec::new();
    for (fi, f) in files.iter().enumerate() {
        if f.spec.name != "episodes" {
            continue;
        }
        for i in 0..f.records.len() {
            tally.read(fi);
            let Some(child) = child_of(part, f, i, tally, fi) else {
                continue;
            };
            first_seen.entry(child.to_string()).or_insert((fi, i));
            let Some(decom) = required_date(part, f, i, ("DECOM", "start_date"), (tally, fi))
            else {
                continue;
            };
            let dec = read_date(part, f, i, "DEC", "end_date", Action::ValueIgnored)
                .ok()
                .flatten();
            eps.push(Episode {
                child: child.to_string(),
                decom,
                dec,
                rne: f.get(i, "RNE").to_uppercase(),
                rec: f.get(i, "REC").to_uppercase(),
                place: ["PLACE", "PLACE_PROVIDER", "REASON_PLACE_CHANGE"]
                    .map(|c| f.get(i, c).to_string()),
                file: fi,
                rec_index: i,
                at: f.at(i),
            });
        }
    }
    let mut by_child: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (k, e) in eps.iter().enumerate() {
        by_child.entry(e.child.as_str()).or_default().push(k);
    }
    let mut periods = Vec::new();
    let mut rows: Vec<(Row, RowRef)> = Vec::new();
    for (child, mut list) in by_child {
        // By start date; of two starting the same day, the one with an end first.
        list.sort_by_key(|&k| (eps[k].decom, eps[k].dec.is_none(), eps[k].at));
        let mut current: Option<(usize, usize)> = None; // (first, last) episode of the open period
        let mut members: Vec<usize> = Vec::new(); // the open period's episodes, in order
        let mut prev: Option<(usize, bool)> = None; // (episode, whether it is in a period)
        // Closes a period; `at_end`: no later episode of the child follows it.
        let mut close = |first: usize,
                         last: usize,
                         at_end: bool,
                         members: &[usize],
                         part: &mut Part,
                         periods: &mut Vec<Period>| {
            placements(part, &eps, members, &mut rows);
            let (a, b) = (&eps[first], &eps[last]);
            if at_end && b.rec == "X1" && b.dec.is_some() {
                let f = &files[b.file];
                part.issue(
                    &f.file,
                    &f.sheet,
                    b.at.row,
                    "REC",
                    &b.rec,
                    "REC is X1 (care goes on in a new episode) but no later episode of the child is in the files: the period of care is taken to end on DEC".into(),
                    Action::Warning,
                );
            }
            let mut r = Row::new(TableId::Episodes);
            let child = part.text(child);
            let cla = part.text("CLA");
            r.set("child_id", child)
                .set("episode_type", cla)
                .set("start_date", date_value(Some(a.decom)))
                .set("end_date", date_value(b.dec));
            rows.push((r, a.at));
            periods.push(Period {
                child: a.child.clone(),
                start: a.decom,
                end: b.dec,
            });
        };
        for (n, &k) in list.iter().enumerate() {
            let e = &eps[k];
            let f = &files[e.file];
            // The same episode twice (files of two years given together).
            if n > 0 && eps[list[n - 1]].decom == e.decom {
                let other = &eps[list[n - 1]];
                part.issue(
                    &f.file,
                    &f.sheet,
                    e.at.row,
                    "start_date",
                    f.get(e.rec_index, "DECOM"),
                    format!(
                        "another episode of the child starts on the same DECOM ({} row {}): this one is not used",
                        files[other.file].file, other.at.row
                    ),
                    Action::RowRejected,
                );
                tally.rejected(e.file);
                continue;
            }
            // The open period's last episode, when it has no end: nothing can follow it.
            let open = current
                .map(|(_, last)| last)
                .filter(|&l| eps[l].dec.is_none());
            let verdict: Result<bool, String> = match (prev, open) {
                (None, _) => Ok(true),
                (_, Some(l)) => Err(format!(
                    "the child's episode of {} ({} row {}) has no DEC: it is still open, so this episode starts no period of care",
                    eps[l].decom.format("%d/%m/%Y"),
                    files[eps[l].file].file,
                    eps[l].at.row
                )),
                (Some((p, p_in)), None) => {
                    let pe = &eps[p];
                    let p_row = format!("{} row {}", files[pe.file].file, pe.at.row);
                    if e.rne == "S" {
                        if p_in && pe.rec == "X1" {
                            part.issue(
                                &f.file,
                                &f.sheet,
                                e.at.row,
                                "RNE",
                                &e.rne,
                                format!("RNE is S (a new period of care) although the previous episode ({p_row}) has REC X1: a new period of care starts here"),
                                Action::Warning,
                            );
                        }
                        Ok(true)
                    } else if !p_in {
                        Err(format!(
                            "RNE is '{}', not S, and the previous episode ({p_row}) is in no period of care",
                            e.rne
                        ))
                    } else if pe.rec == "X1" {
                        if pe.dec != Some(e.decom) {
                            part.issue(
                                &f.file,
                                &f.sheet,
                                e.at.row,
                                "start_date",
                                f.get(e.rec_index, "DECOM"),
                                format!("DECOM is not the DEC of the previous episode ({p_row}), which has REC X1: the episode is taken into the same period of care"),
                                Action::Warning,
                            );
                        }
                        Ok(false)
                    } else {
                        Err(format!(
                            "the previous episode ({p_row}) ended the period of care (REC '{}') and RNE is '{}', not S: the episode is in no period of care",
                            pe.rec, e.rne
                        ))
                    }
                }
            };
            match verdict {
                Ok(starts) => {
                    tally.used(e.file);
                    if starts {
                        if let Some((a, b)) = current.take() {
                            close(a, b, false, &members, part, &mut periods);
                        }
                        current = Some((k, k));
                        members.clear();
                    } else if let Some((_, last)) = current.as_mut() {
                        *last = k;
                    }
                    members.push(k);
                    prev = Some((k, true));
                }
                Err(reason) => {
                    part.issue(
                        &f.file,
                        &f.sheet,
                        e.at.row,
                        "RNE",
                        &e.rne,
                        reason,
                        Action::RowRejected,
                    );
                    tally.rejected(e.file);
                    prev = Some((k, false));
                }
            }
        }
        if let Some((a, b)) = current.take() {
            // Rejected episodes after it are not episodes of the period.
            let at_end = list.last() == Some(&b);
            close(a, b, at_end, &members, part, &mut periods);
        }
    }
    for (r, at) in rows {
        part.push(&r, at);
    }
    periods
}

/// The placements of one period of care (its episodes, in order): a placement starts at
/// the period's first episode and at every later one whose RNE is not `L` (a change of
/// legal status only keeps the child where they are), and lasts until the DEC of the last
/// episode before the next one starts (blank: still open). Its type and provider are the
/// PLACE and PLACE_PROVIDER of the episode it starts at; its change reason the
/// REASON_PLACE_CHANGE of its last episode (the 903 records why a placement changed on
/// the episode that ends with the move).
fn placements(part: &mut Part, eps: &[Episode], members: &[usize], rows: &mut Vec<(Row, RowRef)>) {
    let starts: Vec<usize> = (0..members.len())
        .filter(|&n| n == 0 || eps[members[n]].rne != "L")
        .collect();
    for (j, &n) in starts.iter().enumerate() {
        let last = starts.get(j + 1).map_or(members.len(), |&next| next) - 1;
        let (a, b) = (&eps[members[n]], &eps[members[last]]);
        let mut r = Row::new(TableId::Placements);
        let (place, provider) = (part.code(&a.place[0]), part.code(&a.place[1]));
        let reason = part.code(&b.place[2]);
        let child = part.text(&a.child);
        r.set("child_id", child)
            .set("start_date", date_value(Some(a.decom)))
            .set("end_date", date_value(b.dec))
            .set("placement_type", place)
            .set("provider", provider)
            .set("change_reason", reason);
        rows.push((r, a.at));
    }
}

/// Each row of the missing table is one time the child was missing (`MISSING` M) or away
/// from placement without authorisation (A), from MIS_START to MIS_END (blank: not back).
fn missing(
    part: &mut Part,
    f: &TableFile,
    fi: usize,
    tally: &mut Tally,
    first_seen: &mut BTreeMap<String, (usize, usize)>,
) {
    let date = ("MIS_START", "start_date");
    for (i, child, start) in dated_records(part, (f, fi), tally, first_seen, date) {
        let end = read_date(part, f, i, "MIS_END", "end_date", Action::ValueIgnored)
            .ok()
            .flatten();
        let code = f.get(i, "MISSING");
        let kind = match code.to_uppercase().as_str() {
            "M" => "MISSING",
            "A" => "AWAY",
            _ => {
                if !code.is_empty() {
                    part.issue(
                        &f.file,
                        &f.sheet,
                        f.records[i].0,
                        "missing_type",
                        code,
                        "MISSING is neither M (missing) nor A (away from placement without authorisation): the type is left blank".into(),
                        Action::ValueIgnored,
                    );
                }
                ""
            }
        };
        let mut r = Row::new(TableId::Missing);
        let c = part.text(child);
        let k = part.text(kind);
        r.set("child_id", c)
            .set("start_date", date_value(Some(start)))
            .set("end_date", date_value(end))
            .set("missing_type", k);
        part.push(&r, f.at(i));
        tally.used(fi);
    }
}

/// The records of a per-child table that have a child and a readable required date:
/// (record, child, date). Each record is counted read; one without either is rejected
/// with its finding. Every child met is noted where first seen.
fn dated_records<'f>(
    part: &mut Part,
    (f, fi): (&'f TableFile, usize),
    tally: &mut Tally,
    first_seen: &mut BTreeMap<String, (usize, usize)>,
    date: (&str, &str),
) -> Vec<(usize, &'f str, NaiveDate)> {
    let mut out = Vec::new();
    for i in 0..f.records.len() {
        tally.read(fi);
        let Some(child) = child_of(part, f, i, tally, fi) else {
            continue;
        };
        first_seen.entry(child.to_string()).or_insert((fi, i));
        if let Some(day) = required_date(part, f, i, date, (tally, fi)) {
            out.push((i, child, day));
        }
    }
    out
}

fn reviews(
    part: &mut Part,
    f: &TableFile,
    fi: usize,
    tally: &mut Tally,
    periods: &[Period],
    first_seen: &mut BTreeMap<String, (usize, usize)>,
) {
    let mut by_child: FxHashMap<&str, Vec<&Period>> = FxHashMap::default();
    for p in periods {
        by_child.entry(p.child.as_str()).or_default().push(p);
    }
    let records = dated_records(part, (f, fi), tally, first_seen, ("REVIEW", "meeting_date"));
    for (i, child, day) in records {
        let row = f.records[i].0;
        let own = by_child.get(child);
        let within = own.is_some_and(|ps| {
            ps.iter()
                .any(|p| p.start <= day && p.end.is_none_or(|e| day <= e))
        });
        if !within {
            let why = if own.is_some() {
                "the review falls in no period of care of the child in the episodes: it counts for none"
            } else {
                "the child has no period of care in the episodes: the review counts for none"
            };
            part.issue(
                &f.file,
                &f.sheet,
                row,
                "meeting_date",
                f.get(i, "REVIEW"),
                why.into(),
                Action::Warning,
            );
        }
        let mut r = Row::new(TableId::Meetings);
        let c = part.text(child);
        let t = part.text("CLA_REVIEW");
        r.set("child_id", c)
            .set("meeting_type", t)
            .set("meeting_date", date_value(Some(day)));
        part.push(&r, f.at(i));
        tally.used(fi);
    }
}

fn social_workers(
    part: &mut Part,
    f: &TableFile,
    fi: usize,
    tally: &mut Tally,
    first_seen: &mut BTreeMap<String, (usize, usize)>,
) {
    let date = ("SW_DECOM", "allocated_date");
    for (i, child, day) in dated_records(part, (f, fi), tally, first_seen, date) {
        let mut r = Row::new(TableId::Allocations);
        let c = part.text(child);
        let w = part.text(f.get(i, "SW_ID"));
        let t = part.text("CLA");
        r.set("child_id", c)
            .set("allocated_date", date_value(Some(day)))
            .set("worker", w)
            .set("episode_type", t);
        part.push(&r, f.at(i));
        tally.used(fi);
    }
}

/// Reads the 903's XML form (`CHILD` elements, each with a `HEADER` holding its reviews
/// (`AREVIEW`) and missing episodes (`AMISSING`), and its `EPISODE`s) through the same
/// mapping as the CSV files. Rows are the lines of the elements; the sheet names the
/// element.
pub(crate) fn load_xml(
    path: &Path,
    doc: &roxmltree::Document<'_>,
    base: usize,
) -> Result<NationalLoad, IngestError> {
    use super::cin::{Lines, child, children, leaf};
    let file = path.display().to_string();
    let lines = Lines::new(doc.input_text());
    let mut part = Part::new(base);
    let kinds: [(&str, &str); 4] = [
        ("HEADER", "header"),
        ("EPISODE", "episodes"),
        ("AREVIEW", "reviews"),
        ("AMISSING", "missing"),
    ];
    let mut tables: Vec<TableFile> = Vec::new();
    for (element, table) in kinds {
        let spec = TableSpec::by_name(table);
        let m = Match {
            spec,
            extra: Vec::new(),
            absent: Vec::new(),
        };
        let source = if spec.feeds.is_some() {
            part.source(&file, element)?
        } else {
            0
        };
        let headers = spec.columns.iter().map(|c| c.to_string()).collect();
        tables.push(TableFile::new(
            file.clone(),
            element.to_string(),
            &m,
            source,
            headers,
            0,
        ));
    }
    // A record's cells in the table's column order, from an element's children (the
    // child id and date of birth from the child's HEADER).
    let record =
        |spec: &TableSpec, n: roxmltree::Node<'_, '_>, head: Option<roxmltree::Node<'_, '_>>| {
            spec.columns
                .iter()
                .map(|c| {
                    let own = match *c {
                        "CHILD" => leaf(n, "CHILDID"),
                        "PLACE" => leaf(n, "PL"),
                        c => leaf(n, c),
                    };
                    match (own, head) {
                        ("", Some(h)) if *c == "CHILD" => leaf(h, "CHILDID").to_string(),
                        ("", Some(h)) if *c == "DOB" => leaf(h, "DOB").to_string(),
                        (v, _) => v.to_string(),
                    }
                })
                .collect::<Vec<String>>()
        };
    let mut children_seen = 0usize;
    for c in doc
        .root_element()
        .children()
        .filter(|n| n.is_element() && n.tag_name().name() == "CHILD")
    {
        children_seen += 1;
        let head = child(c, "HEADER");
        if let Some(h) = head {
            let t = &mut tables[0];
            t.records.push((lines.of(h), record(t.spec, h, None)));
            for (k, element) in [(2, "AREVIEW"), (3, "AMISSING")] {
                for r in children(h, element) {
                    let t = &mut tables[k];
                    t.records.push((lines.of(r), record(t.spec, r, Some(h))));
                }
            }
        }
        for e in children(c, "EPISODE") {
            let t = &mut tables[1];
            let mut cells = record(t.spec, e, head);
            if cells[0].is_empty() {
                cells[0] = head.map_or("", |h| leaf(h, "CHILDID")).to_string();
            }
            t.records.push((lines.of(e), cells));
        }
    }
    let mut ignored = Vec::new();
    build(&mut part, &tables, &mut ignored);
    Ok(NationalLoad {
        part,
        formats: vec![Recognition {
            file,
            format: "SSDA903 (XML)".into(),
            why: format!(
                "its <{}> holds {children_seen} <CHILD> element(s) with a <HEADER>; read: HEADER, EPISODE, AREVIEW and AMISSING (the other elements feed no table of the contract)",
                doc.root_element().tag_name().name()
            ),
        }],
        ignored,
        problems: Vec::new(),
    })
}

/// Whether a folder is a 903 return: one of its CSV files at least is a 903 table by its
/// columns. Returns the CSV files, and the names of those that are 903 tables.
pub fn folder_tables(dir: &Path) -> Result<(Vec<PathBuf>, Vec<PathBuf>), IngestError> {
    let files: Vec<PathBuf> = crate::ingest::csv_dir::list(dir)?
        .into_iter()
        .map(|(_, p)| p)
        .collect();
    let tables = files
        .iter()
        .filter(|p| peek_header(p).is_some_and(|h| recognise(&h).is_ok()))
        .cloned()
        .collect();
    Ok((files, tables))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn tables_are_recognised_by_their_columns() {
        let m = recognise(&h(&[
            "\u{feff}child",
            " DECOM ",
            "RNE",
            "LS",
            "CIN",
            "PLACE",
            "PLACE_PROVIDER",
            "DEC",
            "REC",
            "REASON_PLACE_CHANGE",
            "HOME_POST",
            "PL_POST",
            "URN",
        ]))
        .unwrap();
        assert_eq!(m.spec.name, "episodes");
        assert!(m.extra.is_empty() && m.absent.is_empty());
        let m = recognise(&h(&["CHILD", "DOB", "REVIEW", "REVIEW_CODE", "NOTE"])).unwrap();
        assert_eq!(m.spec.name, "reviews");
        assert_eq!(m.extra, vec!["NOTE".to_string()]);
        let m = recognise(&h(&["CHILD", "SEX", "DOB", "DUC"])).unwrap();
        assert_eq!(m.spec.name, "uasc");
        let m = recognise(&h(&["CHILD", "SEX", "DOB", "ETHNIC", "UPN"])).unwrap();
        assert_eq!(m.spec.name, "header");
        assert_eq!(m.absent, vec!["MOTHER", "MC_DOB"]);
        let e = recognise(&h(&["CHILD", "DECOM", "LS"])).unwrap_err();
        assert!(e.contains("episodes") && e.contains("RNE"), "{e}");
        let e = recognise(&h(&["child_id", "visit_date"])).unwrap_err();
        assert!(e.contains("none of its columns"), "{e}");
    }

    #[test]
    fn every_table_recognises_its_own_columns() {
        for t in &TABLES {
            let m = recognise(&h(t.columns)).unwrap();
            assert_eq!(m.spec.name, t.name);
            for c in t.needed {
                assert!(t.columns.contains(c), "{} {c}", t.name);
            }
        }
    }

    const EPISODES: &str = "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN\n";

    /// Loads 903 files written from (name, text) pairs; returns the periods of care as
    /// (child, start, end, first row) and the findings as (row, column, action, reason).
    #[allow(clippy::type_complexity)]
    fn load(
        files: &[(&str, &str)],
    ) -> (
        Vec<(String, String, String, u32)>,
        Vec<(u32, String, Action, String)>,
    ) {
        let (mut tables, issues) = load_tables(files, &[TableId::Episodes]);
        let periods = tables
            .remove(0)
            .into_iter()
            .map(|r| {
                (
                    r[0].clone(),
                    r[2].clone(),
                    r[3].clone(),
                    r[r.len() - 1].parse().unwrap(),
                )
            })
            .collect();
        (periods, issues)
    }

    /// The rows of each of `ids` (every column as text, then the source row), and the
    /// findings.
    #[allow(clippy::type_complexity)]
    fn load_tables(
        files: &[(&str, &str)],
        ids: &[TableId],
    ) -> (Vec<Vec<Vec<String>>>, Vec<(u32, String, Action, String)>) {
        let dir = tempfile::tempdir().unwrap();
        let paths: Vec<PathBuf> = files
            .iter()
            .map(|(name, text)| {
                let p = dir.path().join(name);
                std::fs::write(&p, text).unwrap();
                p
            })
            .collect();
        let l = load_csv(&paths, 0, true).unwrap();
        assert!(l.problems.is_empty());
        let show = |v: crate::model::Value| match v {
            crate::model::Value::Date(d, _) => d.to_string(),
            crate::model::Value::Text(s) => l.part.strings.resolve(s).to_string(),
            _ => String::new(),
        };
        let tables = ids
            .iter()
            .map(|id| {
                let t = l.part.tables.iter().find(|t| t.id == *id).unwrap();
                (0..t.len() as u32)
                    .map(|r| {
                        let mut cells: Vec<String> = t.row(r).iter().map(|v| show(*v)).collect();
                        cells.push(t.prov(r).row.to_string());
                        cells
                    })
                    .collect()
            })
            .collect();
        let issues = l
            .part
            .issues
            .iter()
            .map(|i| (i.row, i.column.clone(), i.action, i.reason.clone()))
            .collect();
        (tables, issues)
    }

    #[test]
    fn placements_start_at_every_episode_but_a_change_of_legal_status() {
        // K1: S (U1) -> L (same place, new legal status) -> P (U4) -> B (K2, open).
        // K2: two periods of care; the second begins with P as the first in the files.
        let episodes = format!(
            "{EPISODES}\
             K1,01/04/2025,S,V2,N1,U1,PR1,10/05/2025,X1,,,,\n\
             K1,10/05/2025,L,C2,N1,U1,PR1,01/06/2025,X1,CHILD,,,\n\
             K1,01/06/2025,P,C2,N1,U4,PR2,29/02/2028,X1,CARPL,,,\n\
             K1,29/02/2028,B,E1,N1,K2,PR3,,,ALLEG,,,\n\
             K2,01/04/2025,S,V2,N1,U1,PR1,30/04/2025,E13,,,,\n\
             K2,01/09/2025,S,V2,N1,R1,PR1,,,,,,\n"
        );
        let missing = "CHILD,DOB,MISSING,MIS_START,MIS_END\n\
                       K1,01/01/2012,M,03/08/2025,04/08/2025\n\
                       K1,01/01/2012,a,05/09/2025,\n\
                       K2,01/01/2012,X,06/09/2025,07/09/2025\n\
                       K2,01/01/2012,M,,07/09/2025\n";
        let (tables, issues) = load_tables(
            &[("e.csv", &episodes), ("m.csv", missing)],
            &[TableId::Placements, TableId::Missing],
        );
        let row = |cells: &[&str]| cells.iter().map(|c| c.to_string()).collect::<Vec<_>>();
        // child, start, end, type, provider, reason, source row
        assert_eq!(
            tables[0],
            vec![
                // The reason of the move is on the placement's last episode (line 3).
                row(&["K1", "2025-04-01", "2025-06-01", "U1", "PR1", "CHILD", "2"]),
                row(&["K1", "2025-06-01", "2028-02-29", "U4", "PR2", "CARPL", "4"]),
                row(&["K1", "2028-02-29", "", "K2", "PR3", "ALLEG", "5"]),
                row(&["K2", "2025-04-01", "2025-04-30", "U1", "PR1", "", "6"]),
                row(&["K2", "2025-09-01", "", "R1", "PR1", "", "7"]),
            ]
        );
        // child, start, end, type, offered, interview date, source row; the row with no
        // MIS_START is rejected, an unknown MISSING code is left blank with a finding.
        assert_eq!(
            tables[1],
            vec![
                row(&["K1", "2025-08-03", "2025-08-04", "MISSING", "", "", "2"]),
                row(&["K1", "2025-09-05", "", "AWAY", "", "", "3"]),
                row(&["K2", "2025-09-06", "2025-09-07", "", "", "", "4"]),
            ]
        );
        assert!(
            issues
                .iter()
                .any(|i| i.0 == 4 && i.1 == "missing_type" && i.2 == Action::ValueIgnored)
        );
        assert!(
            issues
                .iter()
                .any(|i| i.0 == 5 && i.1 == "start_date" && i.2 == Action::RowRejected)
        );
    }

    fn p(child: &str, start: &str, end: &str, row: u32) -> (String, String, String, u32) {
        (child.into(), start.into(), end.into(), row)
    }

    #[test]
    fn periods_of_care_follow_rne_and_rec() {
        let text = format!(
            "{EPISODES}\
             K1,01/04/2025,S,C2,N1,U1,,10/05/2025,X1,,,,\n\
             K1,12/05/2025,P,C2,N1,U1,,01/06/2025,X1,,,,\n\
             K1,01/06/2025,S,C2,N1,U1,,01/07/2025,X1,,,,\n\
             K2,01/04/2025,S,C2,N1,U1,,,,,,,\n\
             K2,01/05/2025,P,C2,N1,U1,,,,,,,\n\
             K2,01/06/2025,S,C2,N1,U1,,,,,,,\n\
             K3,xx/04/2025,S,C2,N1,U1,,,,,,,\n\
             K3,01/05/2025,S,C2,N1,U1,,31/13/2025,E11,,,,\n"
        );
        let (periods, issues) = load(&[("e.csv", &text)]);
        assert_eq!(
            periods,
            vec![
                // X1 joins lines 2 and 3 although the dates do not meet (a warning); an
                // RNE S after X1 starts a new period (a warning); the last REC X1 ends it
                // at its DEC (a warning).
                p("K1", "2025-04-01", "2025-06-01", 2),
                p("K1", "2025-06-01", "2025-07-01", 4),
                // An open episode's followers start nothing (rejected).
                p("K2", "2025-04-01", "", 5),
                // An unreadable DECOM rejects the row; an unreadable DEC leaves it open.
                p("K3", "2025-05-01", "", 9),
            ]
        );
        let has = |row: u32, col: &str, action: Action, phrase: &str| {
            assert!(
                issues
                    .iter()
                    .any(|i| i.0 == row && i.1 == col && i.2 == action && i.3.contains(phrase)),
                "no finding at row {row} {col} ({phrase}): {issues:#?}"
            );
        };
        has(
            3,
            "start_date",
            Action::Warning,
            "DECOM is not the DEC of the previous episode",
        );
        has(
            4,
            "RNE",
            Action::Warning,
            "a new period of care starts here",
        );
        has(4, "REC", Action::Warning, "no later episode of the child");
        has(6, "RNE", Action::RowRejected, "still open");
        has(7, "RNE", Action::RowRejected, "still open");
        has(8, "start_date", Action::RowRejected, "DECOM: not a date");
        has(9, "end_date", Action::ValueIgnored, "DEC: ");
        assert_eq!(issues.len(), 7, "{issues:#?}");
    }

    #[test]
    fn an_episode_in_two_years_files_is_used_once_with_its_end() {
        let last = format!("{EPISODES}K1,01/02/2025,S,C2,N1,U1,,,,,,,\n");
        let this = format!("{EPISODES}K1,01/02/2025,S,C2,N1,U1,,30/06/2025,E11,,,,\n");
        let (periods, issues) = load(&[("a_last_year.csv", &last), ("b_this_year.csv", &this)]);
        assert_eq!(periods, vec![p("K1", "2025-02-01", "2025-06-30", 2)]);
        assert_eq!(issues.len(), 1, "{issues:#?}");
        assert!(issues[0].3.contains("same DECOM"), "{issues:#?}");
    }
}
