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
}

/// A named column of an output table over rows of type `T`.
pub struct Column<T> {
    pub name: &'static str,
    pub get: for<'r> fn(&'r Report, &'r T) -> Cell<'r>,
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
    Column {
        name: "rule_id",
        get: |rep, r| Cell::Text(&rep.rules[r.rule as usize].id),
    },
    Column {
        name: "child_id",
        get: |rep, r| Cell::Text(rep.text(r.child)),
    },
    Column {
        name: "episode_type",
        get: |rep, r| Cell::Text(rep.text(r.episode_type)),
    },
    Column {
        name: "team",
        get: |rep, r| Cell::Text(rep.text(r.team)),
    },
    Column {
        name: "worker",
        get: |rep, r| Cell::Text(rep.text(r.worker)),
    },
    Column {
        name: "start_date",
        get: |_, r| Cell::Date(Some(r.start_date)),
    },
    Column {
        name: "due_date",
        get: |_, r| Cell::Date(Some(r.due_date)),
    },
    Column {
        name: "event_date",
        get: |_, r| Cell::Date(r.event_date),
    },
    Column {
        name: "status",
        get: |_, r| Cell::Text(r.status.as_str()),
    },
    Column {
        name: "working_days_late",
        get: |_, r| Cell::Int(u64::from(r.working_days_late)),
    },
    Column {
        name: "rule_title",
        get: |rep, r| Cell::Text(&rep.rules[r.rule as usize].title),
    },
    Column {
        name: "standard",
        get: |rep, r| Cell::Text(&rep.rules[r.rule as usize].standard_cited),
    },
    Column {
        name: "courses",
        get: |rep, r| Cell::Text(&rep.rules[r.rule as usize].course_titles),
    },
    Column {
        name: "source_table",
        get: |_, r| Cell::Text(r.source_table.name()),
    },
    Column {
        name: "source_row",
        get: |_, r| Cell::Int(u64::from(r.source.row)),
    },
    Column {
        name: "data_quality",
        get: |rep, r| Cell::Owned(rep.finding_text(r)),
    },
];

/// `kpis.csv` (and the workbook's KPIs sheet): contract §4's eight, then why the rule is
/// not measured, when it is not.
pub static KPI_COLUMNS: [Column<Kpi>; 9] = [
    Column {
        name: "rule_id",
        get: |_, k| Cell::Text(&k.rule_id),
    },
    Column {
        name: "scope",
        get: |_, k| Cell::Text(k.scope.as_str()),
    },
    Column {
        name: "scope_value",
        get: |_, k| Cell::Text(&k.scope_value),
    },
    Column {
        name: "due",
        get: |_, k| Cell::Int(k.due),
    },
    Column {
        name: "met",
        get: |_, k| Cell::Int(k.met),
    },
    Column {
        name: "late",
        get: |_, k| Cell::Int(k.late),
    },
    Column {
        name: "missing",
        get: |_, k| Cell::Int(k.missing),
    },
    Column {
        name: "percent_met",
        get: |_, k| Cell::Tenths(k.percent_tenths()),
    },
    Column {
        name: "not_measured",
        get: |_, k| Cell::Text(k.not_measured.as_deref().unwrap_or("")),
    },
];

/// `data_quality.csv` (and the workbook's Data quality sheet).
pub static QUALITY_COLUMNS: [Column<DataIssue>; 7] = [
    Column {
        name: "file",
        get: |_, i| Cell::Text(&i.file),
    },
    Column {
        name: "sheet",
        get: |_, i| Cell::Text(&i.sheet),
    },
    Column {
        name: "row",
        get: |_, i| Cell::Int(u64::from(i.row)),
    },
    Column {
        name: "column",
        get: |_, i| Cell::Text(&i.column),
    },
    Column {
        name: "value",
        get: |_, i| Cell::Text(&i.value),
    },
    Column {
        name: "reason",
        get: |_, i| Cell::Text(&i.reason),
    },
    Column {
        name: "action",
        get: |_, i| Cell::Text(i.action.as_str()),
    },
];
