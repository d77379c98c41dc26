//! What the export allows the engine to measure (contract §3): a rule whose table is
//! absent, whose target column is blank in every row, or whose target events match no
//! row at all cannot tell late from unrecorded, so it is *not measured* rather than
//! failed; and an exception that rests on a cell ingest could not read names that cell.

use rustc_hash::FxHashMap;

use super::bind::FilterSet;
use crate::model::{Dataset, RowRef};
use crate::quality::{Action, DataIssue};
use crate::rules::{Rule, RuleKind, Selector};
use crate::schema::TableId;

/// Why a rule cannot be measured on the dataset, or `None` when it can. `target` holds
/// the bound filters of the rule's target or recurring events.
pub fn not_measured(rule: &Rule, ds: &Dataset, target: Option<&FilterSet<'_>>) -> Option<String> {
    let absent =
        |t: TableId| (!ds.has_table(t)).then(|| format!("the export has no {} table", t.name()));
    let no_event = |sel: &Selector, filters: &FilterSet<'_>| {
        let table = ds.table(sel.table);
        let any = (0..table.len() as u32)
            .any(|r| filters.passes(ds, table, r) && table.date(r, sel.date).is_some());
        (!any).then(|| {
            format!(
                "no row of {} qualifies as its {}",
                sel.table.name(),
                describe(sel)
            )
        })
    };
    let blank_column = |table: TableId, column: usize| {
        let t = ds.table(table);
        let any = (0..t.len() as u32).any(|r| !t.get(r, column).is_null());
        (!any && !t.is_empty()).then(|| {
            format!(
                "{}.{} is blank in every row",
                table.name(),
                table.def().columns[column].name
            )
        })
    };
    match &rule.kind {
        RuleKind::Deadline(d) | RuleKind::Lag(d) => {
            if let Some(why) = absent(d.start.table) {
                return Some(why);
            }
            let column = d.target_column.map(|c| blank_column(d.start.table, c));
            let events = match (&d.target_events, target) {
                (Some(sel), Some(f)) => Some(absent(sel.table).or_else(|| no_event(sel, f))),
                _ => None,
            };
            match (column, events) {
                (Some(Some(a)), Some(Some(b))) => Some(format!("{a}, and {b}")),
                (Some(why), None) | (None, Some(why)) => why,
                _ => None,
            }
        }
        RuleKind::Lead(l) => {
            absent(l.start.table).or_else(|| blank_column(l.start.table, l.document))
        }
        RuleKind::Recurring(r) | RuleKind::Snapshot(r) => {
            // Worker rules read episodes for the cohort too.
            absent(TableId::Episodes)
                .or_else(|| absent(r.events.table))
                .or_else(|| target.and_then(|f| no_event(&r.events, f)))
        }
    }
}

/// "target event (meeting_type matches ^ICPC$)" and the like, for the reason text.
fn describe(sel: &Selector) -> String {
    if sel.filters.is_empty() {
        return "event".into();
    }
    let tests: Vec<String> = sel
        .filters
        .iter()
        .map(|f| format!("{} {}", f.table.def().columns[f.column].name, f.test))
        .collect();
    format!("event ({})", tests.join(", "))
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
