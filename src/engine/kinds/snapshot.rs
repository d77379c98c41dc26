//! `snapshot`: for returns that hold only the latest date of each event (Ofsted's
//! Annex A), the latest event must be no older than the interval at the as-at date.
//!
//! For each episode of the cohort open at the as-at date, the base is the latest
//! qualifying event on or before the as-at date, or the episode start when there is none
//! or it is older than the start. Due = base + the interval in force on the base date
//! (ordinal 1 when there is no event since the start, 2 otherwise). Missing when due is
//! before the as-at date — counted whatever the audit period; otherwise met when there
//! was an event, pending when there was none yet.

use super::{Bound, Kind, KindDef, read_spec};
use crate::criteria::spec::ChainSpec;
use crate::criteria::{Chain, Cx};
use crate::engine::chain::{BoundChain, Subject, interval};
use crate::engine::{Expectation, Judged, Status, Visit};
use crate::model::Dataset;

pub const KIND: KindDef = KindDef {
    name: "snapshot",
    doc: "For returns that hold only each child's latest date (Annex A): the latest event must be no older than the interval at the as-at date. Keys: `cohort = { episode_types }`; `events = { table, date, where }`; `[[rule.interval]]` as for recurring rules (`ordinal = 1` is the first event after the episode start).",
    counting: "A snapshot knows only each child's latest date: one expectation per episode open at the as-at date, due one interval after the latest event (or the episode start); missing when that is before the as-at date — overdue now, by N working days — whatever the audit period. It belongs to the worker allocated to the child on the due date (else the episode's worker).",
    compile,
};

#[derive(Debug)]
struct Snapshot {
    chain: Chain,
}

fn compile(body: toml::Table, cx: &mut Cx<'_>) -> Option<Box<dyn Kind>> {
    let spec: ChainSpec = read_spec(KIND.name, body, cx)?;
    if spec.anchor.is_some() {
        cx.err("snapshot rules have no anchor: a snapshot holds only the latest date");
    }
    let chain = cx.chain(&spec)?;
    cx.per_child(KIND.name, &chain.cohort);
    Some(Box::new(Snapshot { chain }))
}

impl Kind for Snapshot {
    fn name(&self) -> &'static str {
        KIND.name
    }

    fn chain(&self) -> Option<&Chain> {
        Some(&self.chain)
    }

    fn counting(&self) -> &'static str {
        KIND.counting
    }

    fn counts_any_period(&self) -> bool {
        true
    }

    fn bind<'a>(&'a self, ds: &'a Dataset) -> Box<dyn Bound + 'a> {
        Box::new(BoundSnapshot(BoundChain::new(&self.chain, ds)))
    }
}

struct BoundSnapshot<'a>(BoundChain<'a>);

impl Bound for BoundSnapshot<'_> {
    fn not_measured(&self, ds: &Dataset) -> Option<String> {
        self.0.not_measured(ds)
    }

    fn eval_child(&self, visit: &Visit<'_>, out: &mut Vec<Expectation>) {
        let (e, rule, child) = (visit.e, visit.rule, visit.child);
        let r = self.0.chain;
        let as_at = e.dates.as_at;
        let dated = self
            .0
            .events(e, e.ds.children.rows(r.events.table, child.rank));
        let latest = dated.iter().rev().find(|(d, _)| *d <= as_at).copied();
        for ep in &child.episodes {
            let open = ep.start <= as_at && ep.end.is_none_or(|end| end > as_at);
            if !open || !self.0.follows(ep.kind) {
                continue;
            }
            let event = latest.filter(|(d, _)| *d >= ep.start);
            let base = event.map_or(ep.start, |(d, _)| d);
            let subject = Subject::of_child(e, child, ep);
            let ordinal = if event.is_some() { 2 } else { 1 };
            let due = interval(e, &r.intervals, &subject, base, ordinal).add(e.cal, base);
            let (status, late) = if due < as_at {
                (Status::Missing, e.cal.working_days_between(due, as_at))
            } else if event.is_some() {
                (Status::Met, 0)
            } else {
                (Status::Pending, 0)
            };
            let origin = event.map_or(subject.source, |(_, row)| (r.events.table, row));
            let judged = Judged {
                start: base,
                due,
                event: event.map(|(d, _)| d).filter(|_| status != Status::Missing),
                status,
                working_days_late: late,
                overdue_now: false,
            };
            out.push(subject.expectation(e, rule, judged, origin));
        }
    }
}
