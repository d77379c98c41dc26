//! `frequency`: how often something happened to a child of a cohort in the window before
//! the as-at date, against a most (the DfE's looked-after children with three or more
//! placements in the year; children who went missing). One expectation per child of the
//! cohort at the as-at date: met at or under the most, missing over it.

use chrono::{Days, NaiveDate};
use serde::Deserialize;

use super::{Bound, Kind, KindDef, read_spec};
use crate::calendar::Duration;
use crate::criteria::spec::{CohortSpec, SelectorSpec};
use crate::criteria::{Cohort, Cx, FilterSet, Per, Selector};
use crate::engine::{Expectation, Judged, Status, Visit, measure};
use crate::model::{Dataset, Sym};
use crate::schema::{ColumnKind, TableId};

pub const KIND: KindDef = KindDef {
    name: "frequency",
    doc: "How many events a child of a cohort had in the window before the as-at date, at most `max` (placements in 12 months; times missing). Keys: `cohort = { episode_types }`; `events = { table, date, where }`; `until = \"end_date\"` (optional: a date column of the events table; an event then counts for as long as it lasts, so one that began before the window but ran into it counts); `window = \"12 months\"`; `max = 2`.",
    counting: "One expectation per child with an episode of the cohort open on the as-at date (its start on or before, its end blank or on or after), due on the as-at date and counted whatever the audit period, as a snapshot. The window is the `window` up to the as-at date: from the day after the as-at date less the window (31 Mar 2026 less 12 months is 31 Mar 2025: the window is 1 Apr 2025 to 31 Mar 2026, both included). An event counts when its date is in the window — with `until`, when its date is on or before the as-at date and its `until` is blank or on or after the window's first day — and the child had an episode of the cohort open on its date (a child missing from home before coming into care did not go missing from care). Met when the count is at most `max`; missing when over it (working days late 0: there is no timescale), its source row the event that took the count over (the events in date order) and its start date the window's first day. An event whose date could not be read is not counted (ingest reports the cell). It belongs to the worker allocated to the child on the as-at date (else the open episode's worker).",
    compile,
};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Spec {
    cohort: CohortSpec,
    events: SelectorSpec,
    until: Option<String>,
    window: String,
    max: u32,
}

#[derive(Debug)]
struct Frequency {
    cohort: Cohort,
    events: Selector,
    /// The date column an event lasts until, if it lasts.
    until: Option<usize>,
    window: Duration,
    max: u32,
}

fn compile(body: toml::Table, cx: &mut Cx<'_>) -> Option<Box<dyn Kind>> {
    let spec: Spec = read_spec(KIND.name, body, cx)?;
    let cohort = cx.cohort(&spec.cohort);
    cx.per_child(KIND.name, &cohort);
    let events = cx.events(&spec.events, Per::Child)?;
    let until = match &spec.until {
        Some(name) => {
            let col = cx.column("until", events.table, name, false)?;
            if events.table.def().columns[col].kind != ColumnKind::Date {
                cx.err(format!(
                    "until: '{name}' is not a date column of {}",
                    events.table.name()
                ));
            }
            Some(col)
        }
        None => None,
    };
    let window = cx.duration("window", &spec.window)?;
    Some(Box::new(Frequency {
        cohort,
        events,
        until,
        window,
        max: spec.max,
    }))
}

impl Kind for Frequency {
    fn name(&self) -> &'static str {
        KIND.name
    }

    fn tables(&self) -> Vec<TableId> {
        vec![TableId::Episodes, self.events.table]
    }

    fn timescale(&self) -> String {
        format!(
            "at most {} in the {} to the as-at date",
            self.max, self.window
        )
    }

    fn counting(&self) -> &'static str {
        KIND.counting
    }

    fn cohort(&self) -> Option<&Cohort> {
        Some(&self.cohort)
    }

    fn counts_any_period(&self) -> bool {
        true
    }

    fn bind<'a>(&'a self, ds: &'a Dataset) -> Box<dyn Bound + 'a> {
        Box::new(BoundFrequency {
            rule: self,
            events: FilterSet::new(&self.events.filters, ds),
            cohort: self.cohort.symbols(ds),
        })
    }
}

struct BoundFrequency<'a> {
    rule: &'a Frequency,
    events: FilterSet<'a>,
    cohort: Vec<Sym>,
}

impl Bound for BoundFrequency<'_> {
    fn not_measured(&self, ds: &Dataset) -> Option<String> {
        // A table present with no qualifying row is a measure of none (nobody went
        // missing); only an absent table leaves the rule unable to tell.
        measure::absent(ds, TableId::Episodes)
            .or_else(|| measure::absent(ds, self.rule.events.table))
    }

    fn eval_child(&self, visit: &Visit<'_>, out: &mut Vec<Expectation>) {
        let (e, child) = (visit.e, visit.child);
        let as_at = e.dates.as_at;
        let Some(ep) = child.open_episode(as_at, Some(&self.cohort)) else {
            return;
        };
        let first_day = window_start(self.rule.window, e.cal, as_at);
        let sel = &self.rule.events;
        let table = e.ds.table(sel.table);
        let mut counted: Vec<(NaiveDate, u32)> =
            e.ds.children
                .rows(sel.table, child.rank)
                .iter()
                .filter(|&&row| self.events.passes(e.ds, table, row))
                .filter_map(|&row| {
                    let date = table.date(row, sel.date).filter(|d| *d <= as_at)?;
                    // Only what happened while the child was in the cohort (looked after).
                    child.open_episode(date, Some(&self.cohort))?;
                    let lasts_into = match self.rule.until {
                        Some(col) => table.date(row, col).is_none_or(|end| end >= first_day),
                        None => date >= first_day,
                    };
                    lasts_into.then_some((date, row))
                })
                .collect();
        counted.sort_unstable();
        let over = counted.get(self.rule.max as usize).copied();
        let judged = Judged {
            start: first_day,
            due: as_at,
            event: None,
            status: if over.is_some() {
                Status::Missing
            } else {
                Status::Met
            },
            working_days_late: 0,
            overdue_now: false,
        };
        let who = e.episode_who(child, ep, as_at);
        let origin = over.map_or((TableId::Episodes, ep.row), |(_, row)| (sel.table, row));
        out.push(e.expectation(visit.rule, who, judged, origin));
    }
}

/// The first day of a window of `window` up to and including `as_at`.
fn window_start(window: Duration, cal: &crate::calendar::Calendar, as_at: NaiveDate) -> NaiveDate {
    let before = window.sub(cal, as_at);
    before.checked_add_days(Days::new(1)).unwrap_or(before)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::Calendar;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn the_window_runs_from_the_day_after_the_as_at_date_less_the_window() {
        let cal = Calendar::default();
        let year = Duration::parse("12 months").unwrap();
        assert_eq!(window_start(year, &cal, d("2026-03-31")), d("2025-04-01"));
        // Leap day: 29 Feb 2028 less 12 months is 28 Feb 2027 (clamped).
        assert_eq!(window_start(year, &cal, d("2028-02-29")), d("2027-03-01"));
        // Month end: 30 Apr less a month is 30 Mar.
        let month = Duration::parse("1 month").unwrap();
        assert_eq!(window_start(month, &cal, d("2026-04-30")), d("2026-03-31"));
    }
}
