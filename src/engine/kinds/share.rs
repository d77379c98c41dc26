//! `share`: the share of a cohort's events that have a Y/N property (the seed's "%
//! children seen alone": the visits at which the child was seen alone). One expectation
//! per qualifying event of a child in the cohort: met when the flag is Y, missing when it
//! is N. An event whose flag is blank tells nothing and is not counted.

use serde::Deserialize;

use super::{Bound, Kind, KindDef, read_spec};
use crate::criteria::spec::{CohortSpec, SelectorSpec};
use crate::criteria::{Cohort, Cx, FilterSet, Per, Selector};
use crate::engine::rows::{RowColumns, attribute};
use crate::engine::{Expectation, Judged, Status, Visit, measure};
use crate::model::{Dataset, Sym};
use crate::schema::{ColumnKind, TableId};

pub const KIND: KindDef = KindDef {
    name: "share",
    doc: "The share of a cohort's events with a Y/N property (the visits at which the child was seen alone). Keys: `cohort = { episode_types }`; `events = { table, date, where }`; `flag = \"seen_alone\"` (a Y/N column of the events table).",
    counting: "One expectation per event of a child with an episode of the cohort open on its date (events after the as-at date are ignored), dated by the event: met when the flag is Y, missing when it is N (working days late 0: there is no timescale); an event whose flag is blank tells nothing and is not counted; one whose flag could not be read is missing and names the unreadable cell. % met is the share of events with the property. It belongs to the worker named on the event row, else the worker allocated to the child on that date.",
    compile,
};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Spec {
    cohort: CohortSpec,
    events: SelectorSpec,
    flag: String,
}

#[derive(Debug)]
struct Share {
    cohort: Cohort,
    events: Selector,
    /// The Y/N column of the events table.
    flag: usize,
}

fn compile(body: toml::Table, cx: &mut Cx<'_>) -> Option<Box<dyn Kind>> {
    let spec: Spec = read_spec(KIND.name, body, cx)?;
    let cohort = cx.cohort(&spec.cohort);
    cx.per_child(KIND.name, &cohort);
    let events = cx.events(&spec.events, Per::Child)?;
    let flag = cx.column("flag", events.table, &spec.flag, false)?;
    if events.table.def().columns[flag].kind != ColumnKind::Flag {
        cx.err(format!(
            "flag: '{}' is not a Y/N column of {}",
            spec.flag,
            events.table.name()
        ));
        return None;
    }
    Some(Box::new(Share {
        cohort,
        events,
        flag,
    }))
}

impl Kind for Share {
    fn name(&self) -> &'static str {
        KIND.name
    }

    fn tables(&self) -> Vec<TableId> {
        vec![TableId::Episodes, self.events.table]
    }

    fn timescale(&self) -> String {
        format!(
            "{} = Y at each event",
            self.events.table.def().columns[self.flag].name
        )
    }

    fn counting(&self) -> &'static str {
        KIND.counting
    }

    fn cohort(&self) -> Option<&Cohort> {
        Some(&self.cohort)
    }

    fn bind<'a>(&'a self, ds: &'a Dataset) -> Box<dyn Bound + 'a> {
        Box::new(BoundShare {
            share: self,
            events: FilterSet::new(&self.events.filters, ds),
            cohort: self.cohort.symbols(ds),
        })
    }
}

struct BoundShare<'a> {
    share: &'a Share,
    events: FilterSet<'a>,
    cohort: Vec<Sym>,
}

impl Bound for BoundShare<'_> {
    fn not_measured(&self, ds: &Dataset) -> Option<String> {
        let sel = &self.share.events;
        measure::absent(ds, TableId::Episodes)
            .or_else(|| measure::absent(ds, sel.table))
            .or_else(|| measure::blank_column(ds, sel.table, self.share.flag))
            .or_else(|| measure::no_event(ds, sel, &self.events, "event"))
    }

    fn eval_child(&self, visit: &Visit<'_>, out: &mut Vec<Expectation>) {
        let (e, child) = (visit.e, visit.child);
        let sel = &self.share.events;
        let table = e.ds.table(sel.table);
        let cols = RowColumns::of(table);
        for &row in e.ds.children.rows(sel.table, child.rank) {
            if !self.events.passes(e.ds, table, row) {
                continue;
            }
            let Some(date) = table.date(row, sel.date).filter(|d| *d <= e.dates.as_at) else {
                continue;
            };
            // Blank tells nothing; an unreadable cell is reported as not shown, naming
            // the cell, so nobody is blamed for a typo unknowingly.
            let origin = (sel.table, row);
            let unreadable = e.unreadable(origin, self.share.flag);
            let flag = match table.get(row, self.share.flag).flag() {
                Some(flag) => flag,
                None if unreadable.is_some() => false,
                None => continue,
            };
            if child.open_episode(date, Some(&self.cohort)).is_none() {
                continue;
            }
            let types = Some(self.cohort.as_slice());
            let (who, _) = attribute(e, types, child, (table, cols), row, (date, date));
            let judged = Judged {
                start: date,
                due: date,
                event: flag.then_some(date),
                status: if flag { Status::Met } else { Status::Missing },
                working_days_late: 0,
                overdue_now: false,
            };
            let mut x = e.expectation(visit.rule, who, judged, origin);
            if x.is_failure() {
                x.finding = unreadable;
            }
            out.push(x);
        }
    }
}
