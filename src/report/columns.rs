//! The columns of every tabular output, each a name and an accessor, in one place: the
//! CSV writer renders each [`Cell`] as text, the workbook as a typed cell (a date, a
//! number, a percentage). A column added here appears in both, in the same order.

use chrono::NaiveDate;

use super::changes::ChangeRow;
use super::trend::MonthKpi;
use super::{Kpi, Report, ResultRow};
use crate::quality::DataIssue;

/// One value of an output table.
pub enum Cell<'a> {
    Text(&'a str),
    Owned(String),
    Date(Option<NaiveDate>),
    Int(u64),
    /// A percentage in tenths (`667` = 66.7%); blank when `None`.
    Tenths(Option<u64>),
    /// A change in percentage points, in tenths (`-53` = -5.3); blank when `None`.
    Points(Option<i64>),
}

/// A text cell made safe to open in a spreadsheet program (OWASP, "CSV injection"): a
/// text starting with `=`, `+`, `-`, `@`, a tab or a carriage return (which a program may
/// read as a formula, or trim to leave one) gets a leading `'`, so that it is shown as
/// text and never run. Every text cell of every CSV file and of the workbook passes here.
pub fn neutralise(s: &str) -> std::borrow::Cow<'_, str> {
    match s.as_bytes().first() {
        Some(b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r') => format!("'{s}").into(),
        _ => s.into(),
    }
}

/// A named column of an output table over rows of type `T`.
pub struct Column<T> {
    pub name: &'static str,
    pub get: for<'r> fn(&'r Report, &'r T) -> Cell<'r>,
}

impl<T> Clone for Column<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T> Copy for Column<T> {}

/// A column: its name and how to read it from a row.
const fn col<T>(name: &'static str, get: for<'r> fn(&'r Report, &'r T) -> Cell<'r>) -> Column<T> {
    Column { name, get }
}

/// The column names of a table.
pub fn names<T>(columns: &[Column<T>]) -> Vec<&'static str> {
    columns.iter().map(|c| c.name).collect()
}

/// `exceptions.csv` and `pending.csv` (and the workbook's Exceptions and Pending sheets):
/// contract §4's ten, then the rule's title, its standard, the courses that address it,
/// the row of the export the expectation comes from, and the unreadable cell the
/// exception rests on, if any.
pub static EXCEPTION_COLUMNS: [Column<ResultRow>; 16] = [
    col("rule_id", |rep, r| {
        Cell::Text(&rep.rules[r.rule as usize].id)
    }),
    col("child_id", |rep, r| Cell::Text(rep.text(r.child))),
    col("episode_type", |rep, r| {
        Cell::Text(rep.text(r.episode_type))
    }),
    col("team", |rep, r| Cell::Text(rep.text(r.team))),
    col("worker", |rep, r| Cell::Text(rep.text(r.worker))),
    col("start_date", |_, r| Cell::Date(Some(r.start_date))),
    col("due_date", |_, r| Cell::Date(Some(r.due_date))),
    col("event_date", |_, r| Cell::Date(r.event_date)),
    col("status", |_, r| Cell::Text(r.status.as_str())),
    col("working_days_late", |_, r| {
        Cell::Int(u64::from(r.working_days_late))
    }),
    col("rule_title", |rep, r| {
        Cell::Text(&rep.rules[r.rule as usize].title)
    }),
    col("standard", |rep, r| {
        Cell::Text(&rep.rules[r.rule as usize].standard_cited)
    }),
    col("courses", |rep, r| {
        Cell::Text(&rep.rules[r.rule as usize].course_titles)
    }),
    col("source_table", |_, r| Cell::Text(r.source_table.name())),
    col("source_row", |_, r| Cell::Int(u64::from(r.source.row))),
    col("data_quality", |rep, r| Cell::Owned(rep.finding_text(r))),
];

/// The columns added after [`EXCEPTION_COLUMNS`] when the audit read several inputs: the
/// file the expectation's source row is in, and its sheet (a workbook's sheet, the CIN
/// census's element; blank for a CSV file). With one input they are not written, so a
/// single input's outputs are as before.
pub static SOURCE_FILE_COLUMNS: [Column<ResultRow>; 2] = [
    col("source_file", |rep, r| {
        Cell::Text(&rep.sources[r.source.source as usize].file)
    }),
    col("source_sheet", |rep, r| {
        Cell::Text(&rep.sources[r.source.source as usize].sheet)
    }),
];

/// The columns of `exceptions.csv` and `pending.csv` for this report: the fixed
/// [`EXCEPTION_COLUMNS`], then, when the audit read several inputs, the
/// [`SOURCE_FILE_COLUMNS`].
pub fn exception_columns(report: &Report) -> Vec<Column<ResultRow>> {
    let mut v = EXCEPTION_COLUMNS.to_vec();
    if report.meta.several_inputs {
        v.extend_from_slice(&SOURCE_FILE_COLUMNS);
    }
    v
}

/// `kpis.csv` (and the workbook's KPIs sheet): contract §4's eight, then why the rule is
/// not measured, when it is not, the team (a worker's teams), the rule's target and how
/// the line stands against it (`green`, `amber`, `red`, `too_few`, …).
pub static KPI_COLUMNS: [Column<Kpi>; 12] = [
    col("rule_id", |_, k| Cell::Text(&k.rule_id)),
    col("scope", |_, k| Cell::Text(k.scope.as_str())),
    col("scope_value", |_, k| Cell::Text(&k.scope_value)),
    col("due", |_, k| Cell::Int(k.due)),
    col("met", |_, k| Cell::Int(k.met)),
    col("late", |_, k| Cell::Int(k.late)),
    col("missing", |_, k| Cell::Int(k.missing)),
    col("percent_met", |_, k| Cell::Tenths(k.percent_tenths())),
    col("not_measured", |_, k| {
        Cell::Text(k.not_measured.as_deref().unwrap_or(""))
    }),
    col("team", |_, k| Cell::Text(&k.team)),
    col("target_percent", |rep, k| {
        Cell::Tenths(rep.rule_info(&k.rule_id).map(|r| r.target_tenths))
    }),
    col("rating", |rep, k| Cell::Text(rep.rating(k).as_str())),
];

/// `kpis_by_month.csv` (and the workbook's Trend sheet): `kpis.csv`'s lines by month of
/// the due date.
pub static MONTH_COLUMNS: [Column<MonthKpi>; 9] = [
    col("rule_id", |rep, k| {
        Cell::Text(&rep.rules[k.rule as usize].id)
    }),
    col("month", |_, k| Cell::Owned(k.month.text())),
    col("scope", |_, k| Cell::Text(k.scope.as_str())),
    col("scope_value", |_, k| Cell::Text(&k.scope_value)),
    col("due", |_, k| Cell::Int(k.tally.due)),
    col("met", |_, k| Cell::Int(k.tally.met)),
    col("late", |_, k| Cell::Int(k.tally.late)),
    col("missing", |_, k| Cell::Int(k.tally.missing)),
    col("percent_met", |_, k| Cell::Tenths(k.percent_tenths())),
];

/// `changes.csv` (`--previous`): every exception of either run and what became of it;
/// then its team, worker and start date.
pub static CHANGE_COLUMNS: [Column<ChangeRow>; 9] = [
    col("rule_id", |_, c| Cell::Text(&c.rule_id)),
    col("child_id", |_, c| Cell::Text(&c.child_id)),
    col("due_date", |_, c| Cell::Date(Some(c.due_date))),
    col("change", |_, c| Cell::Text(c.change.as_str())),
    col("previous_status", |_, c| Cell::Text(&c.previous_status)),
    col("status", |_, c| Cell::Text(&c.status)),
    col("team", |_, c| Cell::Text(&c.team)),
    col("worker", |_, c| Cell::Text(&c.worker)),
    col("start_date", |_, c| Cell::Date(c.start_date)),
];

/// `data_quality.csv` (and the workbook's Data quality sheet).
pub static QUALITY_COLUMNS: [Column<DataIssue>; 7] = [
    col("file", |_, i| Cell::Text(&i.file)),
    col("sheet", |_, i| Cell::Text(&i.sheet)),
    col("row", |_, i| Cell::Int(u64::from(i.row))),
    col("column", |_, i| Cell::Text(&i.column)),
    col("value", |_, i| Cell::Text(&i.value)),
    col("reason", |_, i| Cell::Text(&i.reason)),
    col("action", |_, i| Cell::Text(i.action.as_str())),
];
