//! `count`: episodes of a cohort that stay open longer than a timescale (the seed's
//! "Number of Child in Need Plans open over 9 months"). One expectation per episode: the
//! count the KPI asks for is its exceptions (late: closed after the limit; missing: still
//! open past it).

use serde::Deserialize;

use super::{Bound, Kind, KindDef, read_spec};
use crate::calendar::Duration;
use crate::criteria::spec::CohortSpec;
use crate::criteria::{Cohort, Cx};
use crate::engine::{Expectation, Judged, Status, Visit, measure};
use crate::model::{Dataset, Sym};
use crate::schema::TableId;

pub const KIND: KindDef = KindDef {
    name: "count",
    doc: "Episodes of a cohort that stay open longer than a timescale; the KPI is their count. Keys: `cohort = { episode_types }`; `limit = \"9 months\"`.",
    counting: "One expectation per episode of the cohort starting on or before the as-at date, due the limit after its start: met when the episode closed on or before the due date; late when it closed after it (working days to the end); missing when it is still open and the due date has passed (working days to the as-at date), counted whatever the audit period since the plan is open over the limit now: the plans open over the limit are the late and missing ones; pending while open and not yet due. It belongs to the worker allocated to the child on the due date (else the episode's worker).",
    compile,
};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Spec {
    cohort: CohortSpec,
    limit: String,
}

#[derive(Debug)]
struct Count {
    cohort: Cohort,
    limit: Duration,
}

fn compile(body: toml::Table, cx: &mut Cx<'_>) -> Option<Box<dyn Kind>> {
    let spec: Spec = read_spec(KIND.name, body, cx)?;
    let cohort = cx.cohort(&spec.cohort);
    cx.per_child(KIND.name, &cohort);
    let limit = cx.duration("limit", &spec.limit)?;
    Some(Box::new(Count { cohort, limit }))
}

impl Kind for Count {
    fn name(&self) -> &'static str {
        KIND.name
    }

    fn tables(&self) -> Vec<TableId> {
        vec![TableId::Episodes]
    }

    fn timescale(&self) -> String {
        format!("open no longer than {}", self.limit)
    }

    fn counting(&self) -> &'static str {
        KIND.counting
    }

    fn cohort(&self) -> Option<&Cohort> {
        Some(&self.cohort)
    }

    fn bind<'a>(&'a self, ds: &'a Dataset) -> Box<dyn Bound + 'a> {
        let cohort = self.cohort.symbols(ds);
        Box::new(BoundCount {
            limit: self.limit,
            cohort,
        })
    }
}

struct BoundCount {
    limit: Duration,
    cohort: Vec<Sym>,
}

impl Bound for BoundCount {
    fn not_measured(&self, ds: &Dataset) -> Option<String> {
        measure::absent(ds, TableId::Episodes)
    }

    fn eval_child(&self, visit: &Visit<'_>, out: &mut Vec<Expectation>) {
        let (e, child) = (visit.e, visit.child);
        let as_at = e.dates.as_at;
        for ep in &child.episodes {
            if ep.start > as_at || !self.cohort.contains(&ep.kind) {
                continue;
            }
            let due = self.limit.add(e.cal, ep.start);
            let closed = ep.end.filter(|end| *end <= as_at);
            let (status, late) = match closed {
                Some(end) if end <= due => (Status::Met, 0),
                Some(end) => (Status::Late, e.cal.working_days_between(due, end)),
                None if as_at > due => (Status::Missing, e.cal.working_days_between(due, as_at)),
                None => (Status::Pending, 0),
            };
            let judged = Judged {
                start: ep.start,
                due,
                event: closed.filter(|_| status != Status::Missing),
                status,
                working_days_late: late,
                // Still open past the limit: a plan open over it now, whenever it fell due.
                overdue_now: status == Status::Missing,
            };
            let who = e.episode_who(child, ep, due);
            out.push(e.expectation(visit.rule, who, judged, (TableId::Episodes, ep.row)));
        }
    }
}
