//! `repeat`: an episode that should not have needed to start again (the DfE's
//! re-referrals within 12 months of a previous referral; second or subsequent child
//! protection plans). One expectation per episode of the cohort, dated by its start: met
//! when the child had no earlier episode of the cohort close enough before it; missing
//! (the stability it stands for is missing) when it had.

use chrono::NaiveDate;
use serde::Deserialize;

use super::{Bound, Kind, KindDef, read_spec};
use crate::calendar::Duration;
use crate::criteria::spec::CohortSpec;
use crate::criteria::{Cohort, Cx};
use crate::engine::child::Episode;
use crate::engine::{Engine, Expectation, Judged, Status, Visit, measure};
use crate::model::{Dataset, Sym};
use crate::schema::TableId;

pub const KIND: KindDef = KindDef {
    name: "repeat",
    doc: "An episode of a cohort that starts again within a window of an earlier one of the same child (re-referrals, repeat plans). Keys: `cohort = { episode_types }`; `within = \"12 months\"` (leave out: any earlier episode, however long ago); `after = \"start\"` (default: the window runs from the earlier episode's start) or `\"end\"` (from its end).",
    counting: "One expectation per episode of the cohort starting on or before the as-at date, dated (due) by its own start. It is a repeat — missing, working days late 0 (there is no timescale to be late against) — when the child has an earlier episode of the cohort (starting before it) close enough: without `within`, any; with `within`, one whose start (or end, with after = \"end\") plus the window is on or after the new start — a start on that very day is within it — or, with after = \"end\", one still open at the new start. Met otherwise, including a child's first episode in the export (an export holds only the years given). A repeat's start date is the latest start (or end) it repeats. It belongs to the worker allocated to the child on the new episode's start (else that episode's worker).",
    compile,
};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Spec {
    cohort: CohortSpec,
    within: Option<String>,
    #[serde(default)]
    after: After,
}

/// Where the window of a repeat is counted from on the earlier episode.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
enum After {
    #[default]
    Start,
    End,
}

#[derive(Debug)]
struct Repeat {
    cohort: Cohort,
    within: Option<Duration>,
    after: After,
}

fn compile(body: toml::Table, cx: &mut Cx<'_>) -> Option<Box<dyn Kind>> {
    let spec: Spec = read_spec(KIND.name, body, cx)?;
    let cohort = cx.cohort(&spec.cohort);
    cx.per_child(KIND.name, &cohort);
    let within = match &spec.within {
        Some(text) => Some(cx.duration("within", text)?),
        None => None,
    };
    let after = spec.after;
    if after == After::End && within.is_none() {
        cx.err("after = \"end\" needs a window: add within = \"…\" (without one, any earlier episode is a repeat)");
    }
    Some(Box::new(Repeat {
        cohort,
        within,
        after,
    }))
}

impl Kind for Repeat {
    fn name(&self) -> &'static str {
        KIND.name
    }

    fn tables(&self) -> Vec<TableId> {
        vec![TableId::Episodes]
    }

    fn timescale(&self) -> String {
        let from = match self.after {
            After::Start => "start",
            After::End => "end",
        };
        match self.within {
            Some(w) => format!("none within {w} of the previous one's {from}"),
            None => "no earlier one".to_string(),
        }
    }

    fn counting(&self) -> &'static str {
        KIND.counting
    }

    fn cohort(&self) -> Option<&Cohort> {
        Some(&self.cohort)
    }

    fn bind<'a>(&'a self, ds: &'a Dataset) -> Box<dyn Bound + 'a> {
        let cohort = self.cohort.symbols(ds);
        Box::new(BoundRepeat { rule: self, cohort })
    }
}

struct BoundRepeat<'a> {
    rule: &'a Repeat,
    cohort: Vec<Sym>,
}

impl BoundRepeat<'_> {
    /// Whether an episode starting on `start` repeats `earlier`: the date its window runs
    /// from when it does.
    fn repeats(&self, e: &Engine<'_>, earlier: &Episode, start: NaiveDate) -> Option<NaiveDate> {
        let Some(within) = self.rule.within else {
            return Some(earlier.start);
        };
        let from = match self.rule.after {
            After::Start => earlier.start,
            // Still open when the new one starts: a repeat whatever the window.
            After::End => match earlier.end.filter(|end| *end <= start) {
                Some(end) => end,
                None => return Some(earlier.start),
            },
        };
        (start <= within.add(e.cal, from)).then_some(from)
    }
}

impl Bound for BoundRepeat<'_> {
    fn not_measured(&self, ds: &Dataset) -> Option<String> {
        measure::absent(ds, TableId::Episodes)
    }

    fn eval_child(&self, visit: &Visit<'_>, out: &mut Vec<Expectation>) {
        let (e, child) = (visit.e, visit.child);
        let as_at = e.dates.as_at;
        let cohort: Vec<&Episode> = child
            .episodes
            .iter()
            .filter(|ep| self.cohort.contains(&ep.kind))
            .collect();
        for ep in cohort.iter().filter(|ep| ep.start <= as_at) {
            // Any earlier episode close enough makes this one a repeat; the latest date a
            // window runs from is the one shown.
            let from = cohort
                .iter()
                .filter(|x| x.start < ep.start)
                .filter_map(|x| self.repeats(e, x, ep.start))
                .max();
            let judged = Judged {
                start: from.unwrap_or(ep.start),
                due: ep.start,
                event: from.is_none().then_some(ep.start),
                status: if from.is_some() {
                    Status::Missing
                } else {
                    Status::Met
                },
                working_days_late: 0,
                overdue_now: false,
            };
            let who = e.episode_who(child, ep, ep.start);
            out.push(e.expectation(visit.rule, who, judged, (TableId::Episodes, ep.row)));
        }
    }
}
