//! What deadline, lag and lead rules share (contract §3): one expectation per qualifying
//! start row — its timescale (which may differ by a test on the row), its due date (and
//! due moment, for hours from a start with a time of day), who it belongs to, and the
//! evaluation of a deadline given its parts.

use chrono::{NaiveDate, NaiveDateTime, NaiveTime, TimeDelta};

use super::child::{ChildCtx, Episode, episode};
use super::{Engine, Expectation, Judged, Visit, Who};
use crate::calendar::{Duration, Unit};
use crate::criteria::{FilterSet, Selector, Timescale};
use crate::model::{Dataset, Sym, TableData};
use crate::schema::TableId;

/// The worker, team and episode-type columns of a start table, resolved once.
#[derive(Clone, Copy)]
pub struct RowColumns {
    worker: Option<usize>,
    team: Option<usize>,
    episode_type: Option<usize>,
}

impl RowColumns {
    pub fn of(table: &TableData) -> RowColumns {
        let def = table.def();
        RowColumns {
            worker: def.column_index("worker"),
            team: def.column_index("team"),
            episode_type: def.column_index("episode_type"),
        }
    }
}

/// Who a start row's expectation belongs to (contract §3), and, for rules that start
/// from an episode, that episode.
pub fn attribute(
    e: &Engine<'_>,
    types: Option<&[Sym]>,
    child: &ChildCtx,
    (table, cols): (&TableData, RowColumns),
    row: u32,
    (start, due): (NaiveDate, NaiveDate),
) -> (Who, Option<Episode>) {
    if table.id == TableId::Episodes {
        let ep = episode(e.ds, row);
        let kind = ep.map(|x| x.kind);
        let owner = e.allocated_on(&child.allocations, kind, due, e.episode_owner(ep.as_ref()));
        let who = Who {
            child: Some(child.id),
            episode_type: kind,
            owner,
        };
        return (who, ep);
    }
    let col = |c: Option<usize>| c.and_then(|c| table.sym(row, c));
    let open = child.open_episode(start, types);
    let episode_type = col(cols.episode_type).or_else(|| open.map(|x| x.kind));
    let owner = match col(cols.worker) {
        Some(worker) => e.owner(Some(worker), col(cols.team)),
        None => e.allocated_on(&child.allocations, episode_type, due, e.episode_owner(open)),
    };
    let who = Who {
        child: Some(child.id),
        episode_type,
        owner,
    };
    (who, None)
}

/// A timescale bound to a dataset: its cases' filters precomputed.
pub struct BoundTimescale<'a> {
    timescale: &'a Timescale,
    cases: Vec<FilterSet<'a>>,
}

impl<'a> BoundTimescale<'a> {
    pub fn new(timescale: &'a Timescale, ds: &Dataset) -> BoundTimescale<'a> {
        BoundTimescale {
            timescale,
            cases: timescale
                .cases
                .iter()
                .map(|(f, _)| FilterSet::new(f, ds))
                .collect(),
        }
    }

    /// The timescale in force for a start row: the first case whose tests pass.
    pub fn for_row(&self, ds: &Dataset, table: &TableData, row: u32) -> Duration {
        self.timescale
            .cases
            .iter()
            .zip(&self.cases)
            .find(|(_, set)| set.passes(ds, table, row))
            .map_or(self.timescale.default, |((_, d), _)| *d)
    }
}

pub fn at(date: NaiveDate, minute: u16) -> NaiveDateTime {
    date.and_time(NaiveTime::MIN) + TimeDelta::minutes(i64::from(minute))
}

/// Due date (and due moment, for an hours timescale from a start with a time of day).
pub fn due_of(
    e: &Engine<'_>,
    start: NaiveDate,
    start_minute: Option<u16>,
    dur: Duration,
) -> (NaiveDate, Option<NaiveDateTime>) {
    match (dur.unit, start_minute) {
        (Unit::Hours, Some(m)) => {
            let due = at(start, m) + TimeDelta::hours(i64::from(dur.n));
            (due.date(), Some(due))
        }
        _ => (dur.add(e.cal, start), None),
    }
}

/// A deadline's parts, bound: start rows, target (a date of the start row and/or rows of
/// another table) and timescale. Deadline and lag rules are evaluated through it.
pub struct BoundDeadline<'a> {
    pub start: &'a Selector,
    pub start_filters: FilterSet<'a>,
    pub target_column: Option<usize>,
    pub target_events: Option<(&'a Selector, FilterSet<'a>)>,
    /// Target rows are those of the worker the expectation belongs to.
    pub by_worker: bool,
    pub timescale: BoundTimescale<'a>,
}

impl<'a> BoundDeadline<'a> {
    pub fn new(
        ds: &'a Dataset,
        start: &'a Selector,
        target_column: Option<usize>,
        target_events: Option<&'a Selector>,
        timescale: &'a Timescale,
    ) -> BoundDeadline<'a> {
        BoundDeadline {
            start,
            start_filters: FilterSet::new(&start.filters, ds),
            target_column,
            target_events: target_events.map(|s| (s, FilterSet::new(&s.filters, ds))),
            by_worker: false,
            timescale: BoundTimescale::new(timescale, ds),
        }
    }

    /// One expectation per qualifying start row of the child.
    pub fn eval(&self, v: &Visit<'_>, out: &mut Vec<Expectation>) {
        let (e, rule, child) = (v.e, v.rule, v.child);
        let ds = e.ds;
        let as_at = e.dates.as_at;
        let table = ds.table(self.start.table);
        let cols = RowColumns::of(table);
        for &row in ds.children.rows(self.start.table, child.rank) {
            if !self.start_filters.passes(ds, table, row) {
                continue;
            }
            let Some((start, start_minute)) = table.get(row, self.start.date).date_time() else {
                continue;
            };
            if start > as_at {
                continue;
            }
            let dur = self.timescale.for_row(ds, table, row);
            let (due, due_moment) = due_of(e, start, start_minute, dur);
            let types = rule.episode_types.as_deref();
            let (who, episode) = attribute(e, types, child, (table, cols), row, (start, due));
            let last = episode
                .and_then(|x| x.end)
                .map_or(as_at, |end| end.min(as_at));

            let mut target: Option<(NaiveDate, Option<u16>)> = None;
            let mut consider = |t: Option<(NaiveDate, Option<u16>)>| {
                if let Some(t) = t
                    && t.0 >= start
                    && t.0 <= last
                    && target.is_none_or(|cur| t < cur)
                {
                    target = Some(t);
                }
            };
            if let Some(c) = self.target_column {
                consider(table.get(row, c).date_time());
            }
            if let Some((sel, filters)) = &self.target_events {
                let tt = ds.table(sel.table);
                let rows = if self.by_worker {
                    let rank = who.owner.worker.and_then(|w| ds.workers.rank(w));
                    rank.map_or(&[][..], |rank| ds.workers.rows(sel.table, rank))
                } else {
                    ds.children.rows(sel.table, child.rank)
                };
                for &r in rows {
                    if filters.passes(ds, tt, r) {
                        consider(tt.get(r, sel.date).date_time());
                    }
                }
            }
            if target.is_none() && episode.and_then(|x| x.end).is_some_and(|end| end < due) {
                continue; // the episode ended before the deadline without the target event
            }
            let in_time = match (due_moment, target) {
                (Some(due_at), Some((t, Some(m)))) => Some(at(t, m) <= due_at),
                _ => None,
            };
            let (status, late) = e.judge(due, target.map(|t| t.0), in_time);
            let judged = Judged {
                start,
                due,
                event: target.map(|t| t.0),
                status,
                working_days_late: late,
                overdue_now: false,
            };
            let origin = (self.start.table, row);
            let mut x = e.expectation(rule, who, judged, origin);
            if x.is_failure() {
                x.finding = self.target_column.and_then(|c| e.unreadable(origin, c));
            }
            out.push(x);
        }
    }

    /// Not measured when the start table is absent, or when no target can be found: the
    /// target column blank in every row and no row of the target table qualifying.
    pub fn not_measured(&self, ds: &Dataset) -> Option<String> {
        if let Some(why) = super::measure::absent(ds, self.start.table) {
            return Some(why);
        }
        let column = self
            .target_column
            .map(|c| super::measure::blank_column(ds, self.start.table, c));
        let events = self.target_events.as_ref().map(|(sel, f)| {
            super::measure::absent(ds, sel.table)
                .or_else(|| super::measure::no_event(ds, sel, f, "target event"))
        });
        match (column, events) {
            (Some(Some(a)), Some(Some(b))) => Some(format!("{a}, and {b}")),
            (Some(why), None) | (None, Some(why)) => why,
            _ => None,
        }
    }
}
