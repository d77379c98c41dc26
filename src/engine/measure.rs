//! What the export allows the engine to measure (contract §3): a rule whose table is
//! absent, whose target column is blank in every row, or whose target events match no
//! row at all cannot tell late from unrecorded, so it is *not measured* rather than
//! failed (each kind says which of these tests apply to it); and an exception that rests
//! on a cell ingest could not read names that cell.

use rustc_hash::FxHashMap;

use crate::criteria::{FilterSet, Selector};
use crate::model::{Dataset, RowRef};
use crate::quality::{Action, DataIssue};
use crate::schema::TableId;

/// "the export has no health table", when it has none.
pub fn absent(ds: &Dataset, t: TableId) -> Option<String> {
    (!ds.has_table(t)).then(|| format!("the export has no {} table", t.name()))
}

/// "visits.recorded_date is blank in every row", when it is (and the table has rows).
pub fn blank_column(ds: &Dataset, table: TableId, column: usize) -> Option<String> {
    let t = ds.table(table);
    let any = (0..t.len() as u32).any(|r| !t.get(r, column).is_null());
    (!any && !t.is_empty()).then(|| {
        format!(
            "{}.{} is blank in every row",
            table.name(),
            table.def().columns[column].name
        )
    })
}

/// "no row of meetings qualifies as its event (meeting_type matches ^RCPC$)", when none
/// does.
pub fn no_event(
    ds: &Dataset,
    sel: &Selector,
    filters: &FilterSet<'_>,
    what: &str,
) -> Option<String> {
    let table = ds.table(sel.table);
    (!filters.any_dated(ds, table, sel.date)).then(|| {
        format!(
            "no row of {} qualifies as its {}",
            sel.table.name(),
            sel.describe(what)
        )
    })
}

/// Every cell ingest could not read (its value ignored), by the source row and column.
pub fn unreadable_cells(
    ds: &Dataset,
    issues: &[DataIssue],
) -> FxHashMap<(RowRef, &'static str), u32> {
    let mut out = FxHashMap::default();
    for (i, issue) in issues.iter().enumerate() {
        if issue.action != Action::ValueIgnored {
            continue;
        }
        let Some(source) = ds
            .sources
            .iter()
            .position(|s| s.file == issue.file && s.sheet == issue.sheet)
        else {
            continue;
        };
        let Some(column) = crate::schema::TABLES
            .iter()
            .flat_map(|t| t.columns.iter())
            .find(|c| c.name == issue.column)
        else {
            continue;
        };
        let at = RowRef {
            source: source as u16,
            row: issue.row,
        };
        out.entry((at, column.name)).or_insert(i as u32);
    }
    out
}
