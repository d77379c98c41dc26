//! `recurring`: while an episode of a cohort is open, qualifying events must recur (CP
//! visits every 10 WD; CLA reviews at 20 WD, 3 months, then 6-monthly). With
//! `per = "worker"` the chain follows a worker holding cases of the cohort (supervision).

use super::{Bound, Kind, KindDef, read_spec};
use crate::criteria::spec::ChainSpec;
use crate::criteria::{Chain, Cx, Per};
use crate::engine::chain::{BoundChain, ChainRule, Subject, chain};
use crate::engine::{Engine, Expectation, RuleCtx, Visit, workers};
use crate::model::Dataset;

pub use crate::engine::chain::Anchor;

pub const KIND: KindDef = KindDef {
    name: "recurring",
    doc: "While an episode of the cohort is open, qualifying events must recur. Keys: `cohort = { episode_types = [\"CP\"], per = \"child\"|\"worker\" }`; `events = { table, date, where }`; one or more `[[rule.interval]]` (`every`, and `when = { ordinal, age_under, within, child_flag }` on all but the last); `anchor = \"episode_start\"` (default) or `\"first_event\"`.",
    counting: "While the episode is open, one due point every interval from the anchor (the episode start or the previous event): an event on or before it is met; one after it but no later than the next due point is late; otherwise the point is missing and the chain goes on from the missed point, so a child who is never seen misses every due point and each one in the audit period counts. A missing point's lateness runs to the next event (the child was next seen then), else to the as-at date. Each expectation belongs to the worker allocated to the child on its due date (else the episode's worker).",
    compile,
};

/// How a worker rule is counted.
const WORKER_COUNTING: &str = "While the worker holds a case of the cohort (overlapping cases merge into one period), one due point every interval: a supervision on or before it is met; one after it but no later than the next due point is late; otherwise the point is missing and the chain goes on from the missed point, so every missed point in the audit period counts. A missing point's lateness runs to the next supervision, else to the as-at date. Exceptions belong to the worker and their team in `workers`.";

#[derive(Debug)]
struct Recurring {
    chain: Chain,
    anchor: Anchor,
}

fn compile(body: toml::Table, cx: &mut Cx<'_>) -> Option<Box<dyn Kind>> {
    let spec: ChainSpec = read_spec(KIND.name, body, cx)?;
    let anchor = match spec.anchor.as_deref() {
        None | Some("episode_start") => Anchor::EpisodeStart,
        Some("first_event") => Anchor::FirstEvent,
        Some(other) => {
            cx.err(format!(
                "anchor = '{other}': write \"episode_start\" or \"first_event\""
            ));
            Anchor::EpisodeStart
        }
    };
    let chain = cx.chain(&spec)?;
    Some(Box::new(Recurring { chain, anchor }))
}

impl Kind for Recurring {
    fn name(&self) -> &'static str {
        KIND.name
    }

    fn chain(&self) -> Option<&Chain> {
        Some(&self.chain)
    }

    fn counting(&self) -> &'static str {
        match self.chain.cohort.per {
            Per::Child => KIND.counting,
            Per::Worker => WORKER_COUNTING,
        }
    }

    fn anchor(&self) -> Option<Anchor> {
        Some(self.anchor)
    }

    fn bind<'a>(&'a self, ds: &'a Dataset) -> Box<dyn Bound + 'a> {
        Box::new(BoundRecurring {
            bound: BoundChain::new(&self.chain, ds),
            anchor: self.anchor,
        })
    }
}

struct BoundRecurring<'a> {
    bound: BoundChain<'a>,
    anchor: Anchor,
}

impl BoundRecurring<'_> {
    fn rule(&self) -> ChainRule<'_> {
        let chain = self.bound.chain;
        ChainRule {
            table: chain.events.table,
            intervals: &chain.intervals,
            anchor: self.anchor,
        }
    }
}

impl Bound for BoundRecurring<'_> {
    fn not_measured(&self, ds: &Dataset) -> Option<String> {
        self.bound.not_measured(ds)
    }

    fn eval_child(&self, visit: &Visit<'_>, out: &mut Vec<Expectation>) {
        if self.bound.chain.cohort.per != Per::Child {
            return;
        }
        let (e, child) = (visit.e, visit.child);
        let table = self.bound.chain.events.table;
        let mut dated: Option<Vec<_>> = None;
        for ep in child
            .episodes
            .iter()
            .filter(|ep| self.bound.follows(ep.kind))
        {
            let dated = dated
                .get_or_insert_with(|| self.bound.events(e, e.ds.children.rows(table, child.rank)));
            let subject = Subject::of_child(e, child, ep);
            chain(e, visit.rule, self.rule(), &subject, dated, out);
        }
    }

    fn eval_workers(&self, e: &Engine<'_>, rule: &RuleCtx<'_>) -> Vec<Expectation> {
        if self.bound.chain.cohort.per != Per::Worker {
            return Vec::new();
        }
        let table = self.bound.chain.events.table;
        workers::eval(e, rule, self.rule(), &self.bound.cohort, |worker| {
            match e.ds.workers.rank(worker) {
                Some(rank) => self.bound.events(e, e.ds.workers.rows(table, rank)),
                None => Vec::new(),
            }
        })
    }
}
