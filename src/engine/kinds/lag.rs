//! `lag`: a recording or distribution date of a row must follow the row's own event
//! within a timescale (a visit recorded within 5 WD; conference minutes shared within
//! 15 WD). Evaluated as a deadline whose target is a date of the start row.

use super::{Bound, Kind, KindDef, read_spec};
use crate::criteria::spec::{StartSpec, TargetColumnSpec};
use crate::criteria::{Cx, Selector, Timescale};
use crate::engine::rows::BoundDeadline;
use crate::model::Dataset;
use crate::schema::TableId;

pub const KIND: KindDef = KindDef {
    name: "lag",
    doc: "A date of a row must follow the row's own event within a timescale. Keys: `start = { table, date, where }` (the event); `target = { column }` (the recording or distribution date of the same row); `timescale`; optional `[[rule.timescale_if]]` cases.",
    counting: "One expectation per event row, dated by the event: met when the recording date is on or before the due date, late when after it, missing when there is none and the due date is before the as-at date, pending when not yet due. It belongs to the worker named on the row, else the worker allocated to the child on the due date. An exception whose recording date could not be read names that cell.",
    compile,
};

#[derive(Debug)]
struct Lag {
    start: Selector,
    /// The date column of the start row that must follow it.
    target: usize,
    timescale: Timescale,
}

fn compile(body: toml::Table, cx: &mut Cx<'_>) -> Option<Box<dyn Kind>> {
    let spec: StartSpec<TargetColumnSpec> = read_spec(KIND.name, body, cx)?;
    let (start, timescale) = cx.start(&spec)?;
    let target = cx.target_column(&start, &spec.target)?;
    Some(Box::new(Lag {
        start,
        target,
        timescale,
    }))
}

impl Kind for Lag {
    fn name(&self) -> &'static str {
        KIND.name
    }

    fn tables(&self) -> Vec<TableId> {
        vec![self.start.table]
    }

    fn timescale(&self) -> String {
        format!("within {}", self.timescale)
    }

    fn counting(&self) -> &'static str {
        KIND.counting
    }

    fn bind<'a>(&'a self, ds: &'a Dataset) -> Box<dyn Bound + 'a> {
        let start = &self.start;
        Box::new(BoundDeadline::new(
            ds,
            start,
            Some(self.target),
            None,
            &self.timescale,
        ))
    }
}
