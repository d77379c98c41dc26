//! `lead`: a document must be shared at least a timescale before its meeting (a
//! conference report 3 WD before the review conference).

use super::{Bound, Kind, KindDef, read_spec};
use crate::criteria::spec::{StartSpec, TargetColumnSpec};
use crate::criteria::{Cx, FilterSet, Selector, Timescale};
use crate::engine::measure;
use crate::engine::rows::{BoundTimescale, RowColumns, attribute};
use crate::engine::{Expectation, Judged, Visit};
use crate::model::Dataset;
use crate::schema::TableId;

pub const KIND: KindDef = KindDef {
    name: "lead",
    doc: "A document must be shared at least a timescale before its meeting. Keys: `start = { table, date, where }` (the meeting); `target = { column }` (the date the document was shared, a column of the same row); `timescale` (counted backwards from the meeting); optional `[[rule.timescale_if]]` cases.",
    counting: "One expectation per meeting: the document is due the timescale before the meeting, counted backwards; shared on or before that day is met, later is late (even after the meeting), never shared is missing once the due date has passed. The exception's start date is the meeting's. It belongs to the worker named on the meeting row, else the worker allocated to the child on the due date.",
    compile,
};

#[derive(Debug)]
struct Lead {
    start: Selector,
    /// The date the document was shared: a column of the start row.
    document: usize,
    timescale: Timescale,
}

fn compile(body: toml::Table, cx: &mut Cx<'_>) -> Option<Box<dyn Kind>> {
    let spec: StartSpec<TargetColumnSpec> = read_spec(KIND.name, body, cx)?;
    let (start, timescale) = cx.start(&spec)?;
    let document = cx.target_column(&start, &spec.target)?;
    Some(Box::new(Lead {
        start,
        document,
        timescale,
    }))
}

impl Kind for Lead {
    fn name(&self) -> &'static str {
        KIND.name
    }

    fn tables(&self) -> Vec<TableId> {
        vec![self.start.table]
    }

    fn timescale(&self) -> String {
        format!("at least {} before", self.timescale.default)
    }

    fn counting(&self) -> &'static str {
        KIND.counting
    }

    fn bind<'a>(&'a self, ds: &'a Dataset) -> Box<dyn Bound + 'a> {
        Box::new(BoundLead {
            lead: self,
            start: FilterSet::new(&self.start.filters, ds),
            timescale: BoundTimescale::new(&self.timescale, ds),
        })
    }
}

struct BoundLead<'a> {
    lead: &'a Lead,
    start: FilterSet<'a>,
    timescale: BoundTimescale<'a>,
}

impl Bound for BoundLead<'_> {
    fn not_measured(&self, ds: &Dataset) -> Option<String> {
        let l = self.lead;
        measure::absent(ds, l.start.table)
            .or_else(|| measure::blank_column(ds, l.start.table, l.document))
    }

    fn eval_child(&self, visit: &Visit<'_>, out: &mut Vec<Expectation>) {
        let (e, rule, child) = (visit.e, visit.rule, visit.child);
        let (ds, l) = (e.ds, self.lead);
        let table = ds.table(l.start.table);
        let cols = RowColumns::of(table);
        for &row in ds.children.rows(l.start.table, child.rank) {
            if !self.start.passes(ds, table, row) {
                continue;
            }
            let Some(meeting) = table.date(row, l.start.date) else {
                continue;
            };
            let due = self.timescale.for_row(ds, table, row).sub(e.cal, meeting);
            let types = rule.episode_types.as_deref();
            let (who, _) = attribute(e, types, child, (table, cols), row, (meeting, due));
            let shared = table.date(row, l.document).filter(|s| *s <= e.dates.as_at);
            let (status, late) = e.judge(due, shared, None);
            let judged = Judged {
                start: meeting,
                due,
                event: shared,
                status,
                working_days_late: late,
                overdue_now: false,
            };
            let origin = (l.start.table, row);
            let mut x = e.expectation(rule, who, judged, origin);
            if x.is_failure() {
                x.finding = e.unreadable(origin, l.document);
            }
            out.push(x);
        }
    }
}
