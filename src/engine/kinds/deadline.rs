//! `deadline`: a target event must follow each start event within a timescale (ICPC
//! within 15 WD of the strategy discussion; first core group within 10 WD of the plan
//! start; assessment completed within 45 WD).

use super::{Bound, Kind, KindDef, read_spec};
use crate::criteria::spec::{SelectorSpec, StartSpec, TargetSpec};
use crate::criteria::{Cx, Selector, Timescale};
use crate::engine::rows::BoundDeadline;
use crate::engine::{Expectation, Visit};
use crate::model::Dataset;
use crate::schema::TableId;

pub const KIND: KindDef = KindDef {
    name: "deadline",
    doc: "A target event must follow each start row within a timescale. Keys: `start = { table, date, where }`; `target = { column }` (a date of the start row) and/or `target = { table, date, where }` (rows of another table of the same child; the earliest wins); `timescale = \"15 WD\"`; optional `[[rule.timescale_if]]` cases (`where`, `timescale`) tested on the start row.",
    counting: "One expectation per start row: met when the target comes on or before the due date, late when after it, missing when there is none and the due date is before the as-at date, pending when it is not yet due. A deadline that starts from an episode counts targets only up to the episode's end, and is not counted when the episode ended before the due date without the target. It belongs to the worker named on the start row; a row naming no worker, and a deadline that starts from an episode, belong to the worker allocated to the child on the due date (else the episode's worker).",
    compile,
};

#[derive(Debug)]
struct Deadline {
    start: Selector,
    /// A date column of the start row.
    target_column: Option<usize>,
    /// Qualifying rows of another table.
    target_events: Option<Selector>,
    /// Target rows are the worker's, not the child's.
    by_worker: bool,
    timescale: Timescale,
}

fn compile(body: toml::Table, cx: &mut Cx<'_>) -> Option<Box<dyn Kind>> {
    let spec: StartSpec<TargetSpec> = read_spec(KIND.name, body, cx)?;
    let (start, timescale) = cx.start(&spec)?;
    let t = &spec.target;
    if t.column.is_none() && t.table.is_none() {
        cx.err("target: give column (a date of the start row) and/or table + date");
        return None;
    }
    let target_column = t
        .column
        .as_ref()
        .and_then(|c| cx.column("target", start.table, c, true));
    let target_events = match (&t.table, &t.date) {
        (Some(table), Some(date)) => cx.selector(
            "target",
            &SelectorSpec {
                table: table.clone(),
                date: date.clone(),
                filters: t.filters.clone(),
            },
        ),
        (None, None) => {
            if !t.filters.is_empty() {
                cx.err("target: 'where' applies to a target table: add table and date, or remove where");
            }
            None
        }
        _ => {
            cx.err("target: give both table and date for events of another table");
            None
        }
    };
    let by_worker = match t.by.as_deref() {
        None | Some("child") => false,
        Some("worker") => true,
        Some(other) => {
            cx.err(format!(
                "target: by = '{other}': write by = \"child\" or by = \"worker\""
            ));
            false
        }
    };
    let key = if by_worker { "worker" } else { "child_id" };
    if let Some(ev) = &target_events
        && (ev.table.def().key != key || start.table.def().key != "child_id")
    {
        cx.err(format!(
            "target: events of another table are matched by {key}; the target table must be keyed by it and the start table by child_id"
        ));
    }
    if by_worker && target_events.is_none() {
        cx.err("target: by = \"worker\" needs a target table");
    }
    Some(Box::new(Deadline {
        start,
        target_column,
        target_events,
        by_worker,
        timescale,
    }))
}

impl Kind for Deadline {
    fn name(&self) -> &'static str {
        KIND.name
    }

    fn tables(&self) -> Vec<TableId> {
        let mut t = vec![self.start.table];
        t.extend(self.target_events.as_ref().map(|s| s.table));
        t
    }

    fn timescale(&self) -> String {
        format!("within {}", self.timescale)
    }

    fn counting(&self) -> &'static str {
        KIND.counting
    }

    fn bind<'a>(&'a self, ds: &'a Dataset) -> Box<dyn Bound + 'a> {
        let mut bound = BoundDeadline::new(
            ds,
            &self.start,
            self.target_column,
            self.target_events.as_ref(),
            &self.timescale,
        );
        bound.by_worker = self.by_worker;
        Box::new(bound)
    }
}

impl Bound for BoundDeadline<'_> {
    fn not_measured(&self, ds: &Dataset) -> Option<String> {
        BoundDeadline::not_measured(self, ds)
    }

    fn eval_child(&self, visit: &Visit<'_>, out: &mut Vec<Expectation>) {
        self.eval(visit, out)
    }
}
