//! Turns one sheet's rows into typed rows of one table, following a [`SheetPlan`]: it
//! types every cell, and accounts for every row (used, rejected, skipped or blank) with
//! a data-quality finding for each cell it could not read.

use std::borrow::Cow;
use std::collections::BTreeMap;

use rustc_hash::FxHashMap;

use super::IngestError;
use super::convert::{ConvertOptions, convert};
use super::raw::RawCell;
use crate::model::{Interner, RowRef, SourceId, TableData, Value};
use crate::plan::{Classifier, ColumnSource, Planner, SheetPlan, Unclassified, Unmatched};
use crate::quality::{Action, DataIssue};
use crate::schema::{ColumnKind, TableDef};

/// How a table's rows were accounted for: `read = used + rejected + skipped`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct RowCounts {
    /// Rows with any content below the header (that belong to the table).
    pub read: u64,
    pub used: u64,
    pub rejected: u64,
    /// Rows a profile says hold no record of this table (a blank `skip_blank` column).
    pub skipped: u64,
    /// Wholly empty rows below the header (not counted as read).
    pub blank: u64,
}

impl RowCounts {
    pub fn add(&mut self, other: RowCounts) {
        self.read += other.read;
        self.used += other.used;
        self.rejected += other.rejected;
        self.skipped += other.skipped;
        self.blank += other.blank;
    }
}

/// Where a source's rows went, and what the plan found, for summaries and `inspect`.
#[derive(Debug, Clone, Default)]
pub struct LoadNotes {
    pub headers: Vec<String>,
    /// Contract column → what fills it ("header 'X'" or "constant 'Y'").
    pub mapped: BTreeMap<&'static str, String>,
    pub missing_required: Vec<&'static str>,
    pub unclassified: Unclassified,
    /// How a national return's records became the table's rows (e.g. 903 episodes
    /// joined into periods of care), in words.
    pub remarks: Vec<String>,
}

/// Feeds each row of one sheet to every table loader reading it (a sheet split into
/// several tables is read once).
pub struct Dispatch<'a, 'b> {
    pub loaders: Vec<TableLoader<'a>>,
    pub strings: &'b mut Interner,
}

impl super::raw::RowSink for Dispatch<'_, '_> {
    fn row(&mut self, row: u32, cells: &[RawCell<'_>]) -> Result<(), IngestError> {
        for l in &mut self.loaders {
            l.feed(row, cells, self.strings)?;
        }
        Ok(())
    }

    fn bad_row(
        &mut self,
        row: u32,
        cells: &[RawCell<'_>],
        reason: String,
    ) -> Result<(), IngestError> {
        for l in &mut self.loaders {
            if l.plan.is_none() {
                l.feed(row, cells, self.strings)?;
            } else {
                l.reject_row(row, &reason);
            }
        }
        Ok(())
    }
}

/// Loads one sheet (or CSV file) into a table.
pub struct TableLoader<'a> {
    def: &'static TableDef,
    source: SourceId,
    file: &'a str,
    sheet: &'a str,
    data: &'a mut TableData,
    planner: &'a dyn Planner,
    pub counts: RowCounts,
    pub notes: LoadNotes,
    pub issues: Vec<DataIssue>,
    plan: Option<SheetPlan>,
    /// Why the sheet cannot be read as this table (its rows are then not loaded).
    failure: Option<IngestError>,
    options: ConvertOptions,
    /// The last row number seen, to count the blank rows readers skip silently.
    last_row: u32,
    values: Vec<Value>,
    row_issues: Vec<DataIssue>,
    classified: FxHashMap<String, Option<String>>,
    /// Code cells already normalised and interned, by their raw text.
    codes: FxHashMap<Box<str>, crate::model::Sym>,
    /// Date pairs of the row that must come in order: (earlier column, later column).
    orders: Vec<(usize, usize, &'static super::checks::Order)>,
    /// Code columns with a known list of codes.
    known: Vec<(usize, &'static [&'static str])>,
    /// Rows used so far, by a hash of their cells: an exact copy is reported, not counted.
    seen_rows: FxHashMap<u128, u32>,
}

impl<'a> TableLoader<'a> {
    pub fn new(
        def: &'static TableDef,
        source: SourceId,
        file: &'a str,
        sheet: &'a str,
        data: &'a mut TableData,
        planner: &'a dyn Planner,
    ) -> TableLoader<'a> {
        TableLoader {
            def,
            source,
            file,
            sheet,
            data,
            planner,
            counts: RowCounts::default(),
            notes: LoadNotes::default(),
            issues: Vec::new(),
            plan: None,
            failure: None,
            options: ConvertOptions::default(),
            last_row: 0,
            values: vec![Value::Null; def.columns.len()],
            row_issues: Vec::new(),
            classified: FxHashMap::default(),
            codes: FxHashMap::default(),
            orders: super::checks::ORDERS
                .iter()
                .filter(|o| o.table == def.id)
                .filter_map(|o| Some((def.column_index(o.earlier)?, def.column_index(o.later)?, o)))
                .collect(),
            known: def
                .columns
                .iter()
                .enumerate()
                .filter_map(|(i, c)| Some((i, super::checks::known_codes(def.id, c.name)?)))
                .collect(),
            seen_rows: FxHashMap::default(),
        }
    }

    /// Takes a row that cannot be read (a CSV line with the wrong number of fields):
    /// read and rejected, with `reason`.
    pub fn reject_row(&mut self, row: u32, reason: &str) {
        if self.failure.is_some() || self.plan.is_none() {
            return;
        }
        self.counts.blank += u64::from(row.saturating_sub(self.last_row + 1));
        self.last_row = row;
        self.counts.read += 1;
        self.counts.rejected += 1;
        let issue = self.issue(
            row,
            "",
            String::new(),
            reason.to_string(),
            Action::RowRejected,
        );
        self.issues.push(issue);
    }

    /// The loader's accounting, notes, findings, and the reason it could not load.
    pub fn finish(self) -> (RowCounts, LoadNotes, Vec<DataIssue>, Option<IngestError>) {
        (self.counts, self.notes, self.issues, self.failure)
    }

    fn bind(&mut self, cells: &[RawCell<'_>]) -> Result<(), IngestError> {
        let headers: Vec<String> = cells
            .iter()
            .map(|c| c.to_string().trim().to_string())
            .collect();
        let plan = self.planner.plan(self.def, &headers);
        for (col, src) in self.def.columns.iter().zip(&plan.columns) {
            match src {
                ColumnSource::Sheet(i) => {
                    self.notes
                        .mapped
                        .insert(col.name, format!("header '{}'", headers[*i]));
                }
                ColumnSource::Constant(v) => {
                    self.notes
                        .mapped
                        .insert(col.name, format!("constant '{v}'"));
                }
                ColumnSource::Absent if col.required => self.notes.missing_required.push(col.name),
                ColumnSource::Absent => {}
            }
        }
        self.notes.headers = headers.clone();
        let found = || {
            headers
                .iter()
                .filter(|h| !h.is_empty())
                .map(|h| crate::messages::printable(h))
                .collect()
        };
        if !self.notes.missing_required.is_empty()
            && headers.iter().any(|h| super::checks::looks_like_data(h))
        {
            return Err(IngestError::NoHeaderRow {
                file: self.file.to_string(),
                sheet: self.sheet.to_string(),
                row: self.last_row,
                table: self.def.name,
                missing: self
                    .notes
                    .missing_required
                    .iter()
                    .map(|s| s.to_string())
                    .collect(),
            });
        }
        for (col, src) in self.def.columns.iter().zip(&plan.columns) {
            let ColumnSource::Sheet(i) = src else {
                continue;
            };
            let name = crate::schema::normalize_name(&headers[*i]);
            if let Some(j) = headers.iter().enumerate().position(|(j, h)| {
                j != *i && !h.is_empty() && crate::schema::normalize_name(h) == name
            }) {
                let (a, b) = (*i.min(&j), *i.max(&j));
                return Err(IngestError::DuplicateHeader {
                    file: self.file.to_string(),
                    sheet: self.sheet.to_string(),
                    column: col.name,
                    header: crate::messages::printable(&headers[*i]),
                    places: format!(
                        "{} and {}",
                        column_name(a, self.sheet.is_empty()),
                        column_name(b, self.sheet.is_empty())
                    ),
                });
            }
        }
        if !self.notes.missing_required.is_empty() {
            return Err(IngestError::MissingColumns {
                file: self.file.to_string(),
                sheet: self.sheet.to_string(),
                table: self.def.name,
                missing: self
                    .notes
                    .missing_required
                    .iter()
                    .map(|s| s.to_string())
                    .collect(),
                found: found(),
            });
        }
        if !plan.problems.is_empty() {
            return Err(IngestError::Plan {
                file: self.file.to_string(),
                sheet: self.sheet.to_string(),
                table: self.def.name,
                problems: plan.problems.clone(),
                found: found(),
            });
        }
        self.options.date_formats = plan.date_formats.clone();
        self.plan = Some(plan);
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

    /// Classifies a text through the column's classifier, remembering answers.
    fn classify(&mut self, col: usize, c: &Classifier, text: &str) -> Result<Option<String>, ()> {
        if let Some(hit) = self.classified.get(text) {
            if hit.is_some() {
                return Ok(hit.clone());
            }
        } else {
            let hit = c.classify(text).map(str::to_string);
            self.classified.insert(text.to_string(), hit.clone());
            if hit.is_some() {
                return Ok(hit);
            }
        }
        *self
            .notes
            .unclassified
            .entry(self.def.columns[col].name)
            .or_default()
            .entry(text.to_string())
            .or_default() += 1;
        match c.unmatched {
            Unmatched::Keep => Ok(Some(text.to_string())),
            Unmatched::Blank => Ok(None),
            Unmatched::Reject => Err(()),
        }
    }
}

/// A column as a person finds it: a spreadsheet's letter (`C`), a CSV file's field number.
fn column_name(i: usize, csv: bool) -> String {
    if csv {
        return format!("field {}", i + 1);
    }
    let mut n = i + 1;
    let mut s = Vec::new();
    while n > 0 {
        let r = (n - 1) % 26;
        s.push(b'A' + r as u8);
        n = (n - 1) / 26;
    }
    s.reverse();
    format!("column {}", String::from_utf8(s).expect("ASCII"))
}

/// A hash of a row's cells (128 bits: two seeds), for finding exact copies.
fn row_hash(cells: &[RawCell<'_>]) -> u128 {
    use std::hash::{Hash, Hasher};
    let end = cells
        .iter()
        .rposition(|c| !c.is_empty())
        .map_or(0, |i| i + 1);
    let mut halves = [0u64; 2];
    for (seed, half) in halves.iter_mut().enumerate() {
        let mut h = rustc_hash::FxHasher::default();
        (seed as u64 + 0x9e37_79b9_7f4a_7c15).hash(&mut h);
        for c in &cells[..end] {
            match c {
                RawCell::Empty => 0u8.hash(&mut h),
                RawCell::Text(t) => {
                    let t = t.trim();
                    if t.is_empty() {
                        0u8.hash(&mut h);
                    } else {
                        1u8.hash(&mut h);
                        t.hash(&mut h);
                    }
                }
                RawCell::Int(i) => {
                    2u8.hash(&mut h);
                    i.hash(&mut h);
                }
                RawCell::Float(x) => {
                    3u8.hash(&mut h);
                    x.to_bits().hash(&mut h);
                }
                RawCell::Bool(b) => {
                    4u8.hash(&mut h);
                    b.hash(&mut h);
                }
                RawCell::DateTime(d) => {
                    5u8.hash(&mut h);
                    d.date.hash(&mut h);
                    d.minute_of_day.hash(&mut h);
                }
                RawCell::Error(e) => {
                    6u8.hash(&mut h);
                    e.hash(&mut h);
                }
            }
        }
        *half = h.finish();
    }
    (u128::from(halves[0]) << 64) | u128::from(halves[1])
}

/// Removes a profile's coded prefix (`a) `) from a text cell.
fn strip<'c>(cell: &RawCell<'c>, prefix: Option<&regex::Regex>) -> RawCell<'c> {
    match (cell, prefix) {
        (RawCell::Text(t), Some(re)) => match re.find(t) {
            Some(m) if m.start() == 0 && m.end() > 0 => {
                RawCell::Text(Cow::Owned(t[m.end()..].to_string()))
            }
            _ => cell.clone(),
        },
        _ => cell.clone(),
    }
}

impl TableLoader<'_> {
    /// Takes one row of the sheet (the header row first).
    pub fn feed(
        &mut self,
        row: u32,
        cells: &[RawCell<'_>],
        strings: &mut Interner,
    ) -> Result<(), IngestError> {
        if self.failure.is_some() {
            return Ok(());
        }
        let blank = cells.iter().all(RawCell::is_empty);
        if self.plan.is_none() {
            self.last_row = row;
            if !blank && let Err(e) = self.bind(cells) {
                self.failure = Some(e);
            }
            return Ok(());
        }
        // Rows a reader skipped (wholly empty in the file) are blank rows too.
        self.counts.blank += u64::from(row.saturating_sub(self.last_row + 1));
        self.last_row = row;
        if blank {
            self.counts.blank += 1;
            return Ok(());
        }
        let plan = self.plan.take().expect("bound");
        let belongs = plan.row_tests.iter().all(|t| {
            let text = cells
                .get(t.column)
                .map(|c| c.to_string())
                .unwrap_or_default();
            t.pattern.is_match(text.trim()) == t.must_match
        });
        if belongs {
            self.load_row(&plan, row, cells, strings);
        }
        self.plan = Some(plan);
        Ok(())
    }
}

impl TableLoader<'_> {
    fn load_row(
        &mut self,
        plan: &SheetPlan,
        row: u32,
        cells: &[RawCell<'_>],
        strings: &mut Interner,
    ) {
        self.counts.read += 1;
        let mut rejected = false;
        // Columns whose cell could not be read (a bit per column; tables have < 64).
        let mut failed = 0u64;
        self.row_issues.clear();
        for (i, col) in self.def.columns.iter().enumerate() {
            let constant;
            let cell: RawCell<'_> = match &plan.columns[i] {
                ColumnSource::Sheet(j) => match cells.get(*j) {
                    Some(c) if is_na(c) => RawCell::Empty,
                    c => strip(c.unwrap_or(&RawCell::Empty), plan.strip_prefix.as_ref()),
                },
                ColumnSource::Constant(v) => {
                    constant = RawCell::Text(Cow::Borrowed(v.as_str()));
                    constant
                }
                ColumnSource::Absent => RawCell::Empty,
            };
            let classified = if let (Some(c), false) = (&plan.classify[i], cell.is_empty()) {
                let text = cell.to_string();
                match self.classify(i, c, text.trim()) {
                    Ok(Some(code)) => RawCell::Text(Cow::Owned(code)),
                    Ok(None) => RawCell::Empty,
                    Err(()) => {
                        rejected |= col.required;
                        failed |= 1 << i;
                        let action = if col.required {
                            Action::RowRejected
                        } else {
                            Action::ValueIgnored
                        };
                        let issue = self.issue(
                            row,
                            col.name,
                            text,
                            "no classification pattern matches this value".into(),
                            action,
                        );
                        self.row_issues.push(issue);
                        RawCell::Empty
                    }
                }
            } else {
                cell
            };
            let cached = match (&classified, col.kind) {
                (RawCell::Text(t), ColumnKind::Code) => self.codes.get(t.as_ref()).copied(),
                _ => None,
            };
            let converted = match cached {
                Some(sym) => Ok(Value::Text(sym)),
                None => convert(&classified, col.kind, strings, &self.options),
            };
            if let (None, RawCell::Text(t), Ok(Value::Text(sym))) =
                (cached, &classified, &converted)
                && col.kind == ColumnKind::Code
            {
                self.codes.insert(t.as_ref().into(), *sym);
            }
            let converted = match (converted, col.codes) {
                (Ok(Value::Text(sym)), Some(codes)) if !codes.contains(&strings.resolve(sym)) => {
                    Err(format!(
                        "unknown {}: expected one of {}",
                        col.name.replace('_', " "),
                        codes.join(", ")
                    ))
                }
                (c, _) => c,
            };
            let mut value = match converted {
                Ok(v) => v,
                Err(reason) => {
                    rejected |= col.required;
                    failed |= 1 << i;
                    let action = if col.required {
                        Action::RowRejected
                    } else {
                        Action::ValueIgnored
                    };
                    let issue = self.issue(row, col.name, classified.to_string(), reason, action);
                    self.row_issues.push(issue);
                    Value::Null
                }
            };
            if let (Some(add), Value::Date(d, m)) = (plan.date_add[i], value) {
                value = Value::Date(add.add_calendar(d), m);
            }
            self.values[i] = value;
        }
        for k in 0..self.orders.len() {
            let (a, b, order) = self.orders[k];
            if let (Some(x), Some(y)) = (self.values[a].date(), self.values[b].date())
                && y < x
            {
                let later = self.def.columns[b].name;
                let issue = self.issue(
                    row,
                    later,
                    y.to_string(),
                    format!(
                        "{}: {} {y} is before {} {x}; {}",
                        order.what,
                        later,
                        self.def.columns[a].name,
                        if order.action == Action::RowRejected {
                            "the row is not used: correct the dates in the export"
                        } else {
                            "this date is not used: correct it in the export"
                        }
                    ),
                    order.action,
                );
                self.row_issues.push(issue);
                failed |= 1 << b;
                if order.action == Action::RowRejected {
                    rejected = true;
                } else {
                    self.values[b] = Value::Null;
                }
            }
        }
        for k in 0..self.known.len() {
            let (c, codes) = self.known[k];
            if let Value::Text(sym) = self.values[c] {
                let code = strings.resolve(sym);
                if !codes.contains(&code) {
                    let issue = self.issue(
                        row,
                        self.def.columns[c].name,
                        code.to_string(),
                        format!(
                            "unknown {}: no rule counts it (known: {}); if it is one of these, map it in a profile's classify",
                            self.def.columns[c].name.replace('_', " "),
                            codes.join(", ")
                        ),
                        Action::Warning,
                    );
                    self.row_issues.push(issue);
                }
            }
        }
        let skip = plan
            .skip_blank
            .iter()
            .any(|&c| self.values[c].is_null() && failed & (1 << c) == 0);
        if skip && !rejected {
            self.counts.skipped += 1;
            self.issues.append(&mut self.row_issues);
            return;
        }
        for (i, col) in self.def.columns.iter().enumerate() {
            if col.required && self.values[i].is_null() && failed & (1 << i) == 0 {
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
        }
        if !rejected {
            let hash = row_hash(cells);
            if let Some(&first) = self.seen_rows.get(&hash) {
                rejected = true;
                let issue = self.issue(
                    row,
                    "",
                    String::new(),
                    format!("an exact copy of row {first}: counted once; remove the copy from the export"),
                    Action::RowRejected,
                );
                self.row_issues.push(issue);
            } else {
                self.seen_rows.insert(hash, row);
            }
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
    }
}

/// `#N/A` is Excel's "no value found" (a lookup that found nothing), not a value: as an
/// error value, or as the text a CSV saved from a workbook holds, it is read as a blank
/// cell. Other error values (`#VALUE!`, `#REF!`, …) are still findings.
fn is_na(cell: &RawCell<'_>) -> bool {
    match cell {
        RawCell::Error(e) => e.trim().eq_ignore_ascii_case("#N/A"),
        RawCell::Text(t) => t.trim().eq_ignore_ascii_case("#N/A"),
        _ => false,
    }
}
