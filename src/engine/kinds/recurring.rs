//! `recurring`: while an episode of a cohort is open, qualifying events must recur (CP
//! visits every 10 WD; CLA reviews at 20 WD, 3 months, then 6-monthly). With
//! `per = "worker"` the chain follows a worker holding cases of the cohort (supervision).

use serde::Deserialize;

use super::{Bound, Kind, KindDef, read_spec};
use crate::criteria::spec::{CohortSpec, IntervalSpec, SelectorSpec};
use crate::criteria::{Cohort, Cx, FilterSet, Interval, Per, Selector, describe_intervals};
use crate::engine::chain::{ChainRule, Subject, chain, events};
use crate::engine::child::ChildCtx;
use crate::engine::{Engine, Expectation, RuleCtx, measure, workers};
use crate::model::{Dataset, Sym};
use crate::schema::TableId;

pub use crate::engine::chain::Anchor;

pub const KIND: KindDef = KindDef {
    name: "recurring",
    doc: "While an episode of the cohort is open, qualifying events must recur. Keys: `cohort = { episode_types = [\"CP\"], per = \"child\"|\"worker\" }`; `events = { table, date, where }`; one or more `[[rule.interval]]` (`every`, and `when = { ordinal, age_under, within, child_flag }` on all but the last); `anchor = \"episode_start\"` (default) or `\"first_event\"`.",
    counting: "While the episode is open, one due point every interval from the anchor (the episode start or the previous event): an event on or before it is met; one after it but no later than the next due point is late; otherwise the point is missing and the chain goes on from the missed point, so a child who is never seen misses every due point and each one in the audit period counts. A missing point's lateness runs to the next event (the child was next seen then), else to the as-at date. Each expectation belongs to the worker allocated to the child on its due date (else the episode's worker).",
    compile,
};

/// How a worker rule is counted.
const WORKER_COUNTING: &str = "While the worker holds a case of the cohort (overlapping cases merge into one period), one due point every interval: a supervision on or before it is met; one after it but no later than the next due point is late; otherwise the point is missing and the chain goes on from the missed point, so every missed point in the audit period counts. A missing point's lateness runs to the next supervision, else to the as-at date. Exceptions belong to the worker and their team in `workers`.";

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Spec {
    cohort: CohortSpec,
    events: SelectorSpec,
    interval: Vec<IntervalSpec>,
    /// `episode_start` (default) or `first_event`.
    anchor: Option<String>,
}

#[derive(Debug)]
struct Recurring {
    cohort: Cohort,
    events: Selector,
    intervals: Vec<Interval>,
    anchor: Anchor,
}

fn compile(body: toml::Table, cx: &mut Cx<'_>) -> Option<Box<dyn Kind>> {
    let spec: Spec = read_spec(KIND.name, body, cx)?;
    let cohort = cx.cohort(&spec.cohort);
    let events = cx.events(&spec.events, cohort.per);
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
    let intervals = cx.intervals(&spec.interval)?;
    Some(Box::new(Recurring {
        cohort,
        events: events?,
        intervals,
        anchor,
    }))
}

impl Kind for Recurring {
    fn name(&self) -> &'static str {
        KIND.name
    }

    fn tables(&self) -> Vec<TableId> {
        vec![TableId::Episodes, self.events.table]
    }

    fn timescale(&self) -> String {
        describe_intervals(&self.intervals)
    }

    fn counting(&self) -> &'static str {
        match self.cohort.per {
            Per::Child => KIND.counting,
            Per::Worker => WORKER_COUNTING,
        }
    }

    fn cohort(&self) -> Option<&Cohort> {
        Some(&self.cohort)
    }

    fn anchor(&self) -> Option<Anchor> {
        Some(self.anchor)
    }

    fn bind<'a>(&'a self, ds: &'a Dataset) -> Box<dyn Bound + 'a> {
        Box::new(BoundRecurring {
            rule: self,
            events: FilterSet::new(&self.events.filters, ds),
            cohort: cohort_syms(&self.cohort, ds),
        })
    }
}

/// The cohort's episode types as the dataset's symbols (types absent from the export
/// have none).
pub fn cohort_syms(cohort: &Cohort, ds: &Dataset) -> Vec<Sym> {
    cohort
        .episode_types
        .iter()
        .filter_map(|t| ds.strings.get(t))
        .collect()
}

struct BoundRecurring<'a> {
    rule: &'a Recurring,
    events: FilterSet<'a>,
    cohort: Vec<Sym>,
}

impl BoundRecurring<'_> {
    fn chain_rule(&self) -> ChainRule<'_> {
        ChainRule {
            table: self.rule.events.table,
            intervals: &self.rule.intervals,
            anchor: self.rule.anchor,
        }
    }
}

impl Bound for BoundRecurring<'_> {
    fn not_measured(&self, ds: &Dataset) -> Option<String> {
        let sel = &self.rule.events;
        measure::absent(ds, TableId::Episodes)
            .or_else(|| measure::absent(ds, sel.table))
            .or_else(|| measure::no_event(ds, sel, &self.events, "event"))
    }

    fn eval_child(
        &self,
        e: &Engine<'_>,
        rule: &RuleCtx<'_>,
        child: &ChildCtx,
        out: &mut Vec<Expectation>,
    ) {
        if self.rule.cohort.per != Per::Child {
            return;
        }
        let sel = &self.rule.events;
        let mut dated: Option<Vec<_>> = None;
        for ep in child
            .episodes
            .iter()
            .filter(|ep| self.cohort.contains(&ep.kind))
        {
            let dated = dated.get_or_insert_with(|| {
                events(
                    e,
                    sel,
                    &self.events,
                    e.ds.children.rows(sel.table, child.rank),
                )
            });
            let subject = Subject::of_child(e, child, ep);
            chain(e, rule, self.chain_rule(), &subject, dated, out);
        }
    }

    fn eval_workers(&self, e: &Engine<'_>, rule: &RuleCtx<'_>) -> Vec<Expectation> {
        if self.rule.cohort.per != Per::Worker {
            return Vec::new();
        }
        workers::eval(e, rule, self.chain_rule(), &self.cohort, |worker| {
            let sel = &self.rule.events;
            match e.ds.workers.rank(worker) {
                Some(rank) => events(e, sel, &self.events, e.ds.workers.rows(sel.table, rank)),
                None => Vec::new(),
            }
        })
    }
}
