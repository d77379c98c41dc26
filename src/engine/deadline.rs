//! Deadline, lag and lead rules (contract §3): one expectation per qualifying start row.

use chrono::{NaiveDate, NaiveDateTime, NaiveTime, TimeDelta};

use super::bind::BoundRule;
use super::child::{ChildCtx, Episode, episode};
use super::{Engine, Expectation, Judged, Who};
use crate::model::TableData;
use crate::rules::{Deadline, Duration, Lead, Timescale, Unit};
use crate::schema::TableId;

/// The worker, team and episode-type columns of a start table, resolved once.
#[derive(Clone, Copy)]
struct RowColumns {
    worker: Option<usize>,
    team: Option<usize>,
    episode_type: Option<usize>,
}

impl RowColumns {
    fn of(table: &TableData) -> RowColumns {
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
fn attribute(
    e: &Engine<'_>,
    rule: &BoundRule<'_>,
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
    let open = child.open_episode(e.ds, start, &rule.rule.episode_types);
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

/// The timescale in force for a start row: the first case whose tests pass.
fn timescale_for(
    e: &Engine<'_>,
    rule: &BoundRule<'_>,
    ts: &Timescale,
    table: &TableData,
    row: u32,
) -> Duration {
    ts.cases
        .iter()
        .zip(&rule.cases)
        .find(|(_, set)| set.passes(e.ds, table, row))
        .map_or(ts.default, |((_, d), _)| *d)
}

fn at(date: NaiveDate, minute: u16) -> NaiveDateTime {
    date.and_time(NaiveTime::MIN) + TimeDelta::minutes(i64::from(minute))
}

/// Due date (and due moment, for an hours timescale from a start with a time of day).
fn due_of(
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

pub fn eval(
    e: &Engine<'_>,
    rule: &BoundRule<'_>,
    d: &Deadline,
    child: &ChildCtx,
    out: &mut Vec<Expectation>,
) {
    let ds = e.ds;
    let as_at = e.dates.as_at;
    let table = ds.table(d.start.table);
    let cols = RowColumns::of(table);
    for &row in ds.children.rows(d.start.table, child.rank) {
        if !rule.primary.passes(ds, table, row) {
            continue;
        }
        let Some((start, start_minute)) = table.get(row, d.start.date).date_time() else {
            continue;
        };
        if start > as_at {
            continue;
        }
        let dur = timescale_for(e, rule, &d.timescale, table, row);
        let (due, due_moment) = due_of(e, start, start_minute, dur);
        let (who, episode) = attribute(e, rule, child, (table, cols), row, (start, due));
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
        if let Some(c) = d.target_column {
            consider(table.get(row, c).date_time());
        }
        if let (Some(sel), Some(filters)) = (&d.target_events, &rule.target) {
            let tt = ds.table(sel.table);
            for &r in ds.children.rows(sel.table, child.rank) {
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
        };
        let origin = (d.start.table, row);
        let mut x = e.expectation(rule, who, judged, origin);
        if x.is_failure() {
            x.finding = d.target_column.and_then(|c| e.unreadable(origin, c));
        }
        out.push(x);
    }
}

pub fn eval_lead(
    e: &Engine<'_>,
    rule: &BoundRule<'_>,
    l: &Lead,
    child: &ChildCtx,
    out: &mut Vec<Expectation>,
) {
    let ds = e.ds;
    let table = ds.table(l.start.table);
    let cols = RowColumns::of(table);
    for &row in ds.children.rows(l.start.table, child.rank) {
        if !rule.primary.passes(ds, table, row) {
            continue;
        }
        let Some(meeting) = table.date(row, l.start.date) else {
            continue;
        };
        let dur = timescale_for(e, rule, &l.timescale, table, row);
        let due = dur.sub(e.cal, meeting);
        let (who, _) = attribute(e, rule, child, (table, cols), row, (meeting, due));
        let shared = table.date(row, l.document).filter(|s| *s <= e.dates.as_at);
        let (status, late) = e.judge(due, shared, None);
        let judged = Judged {
            start: meeting,
            due,
            event: shared,
            status,
            working_days_late: late,
        };
        let origin = (l.start.table, row);
        let mut x = e.expectation(rule, who, judged, origin);
        if x.is_failure() {
            x.finding = e.unreadable(origin, l.document);
        }
        out.push(x);
    }
}
