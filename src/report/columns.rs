//! The columns of every tabular output, each a name and an accessor, in one place: the
//! CSV writer renders each [`Cell`] as text, the workbook as a typed cell (a date, a
//! number, a percentage). A column added here appears in both, in the same order.

use chrono::NaiveDate;

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

/// A named column of an output table over rows of type `T`.
pub struct Column<T> {
    pub name: &'static str,
    pub get: for<'r> fn(&'r Report, &'r T) -> Cell<'r>,
}

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

/// `kpis.csv` (and the workbook's KPIs sheet): contract §4's eight, then why the rule is
/// not measured, when it is not.
pub static KPI_COLUMNS: [Column<Kpi>; 9] = [
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
