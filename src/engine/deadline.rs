//! Deadline, lag and lead rules (contract §3): one expectation per qualifying start row.

use chrono::{NaiveDate, NaiveDateTime, NaiveTime, TimeDelta};

use super::bind::BoundRule;
use super::child::{ChildCtx, Episode, episode};
use super::{Engine, Expectation, Status};
use crate::model::{Sym, TableData};
use crate::rules::{Deadline, Duration, Lead, Timescale, Unit};
use crate::schema::TableId;

/// Who and what a start row's expectation is reported under.
struct Attribution {
    episode_type: Option<Sym>,
    team: Option<Sym>,
    worker: Option<Sym>,
    /// For rules that start from an episode: that episode.
    episode: Option<Episode>,
}

fn attribute(
    e: &Engine<'_>,
    rule: &BoundRule<'_>,
    child: &ChildCtx,
    table: &TableData,
    row: u32,
    date: NaiveDate,
) -> Attribution {
    if table.id == TableId::Episodes {
        let ep = episode(e.ds, row);
        let worker = ep.and_then(|x| x.worker);
        return Attribution {
            episode_type: ep.map(|x| x.kind),
            team: ep
                .and_then(|x| x.team)
                .or_else(|| worker.and_then(|w| e.team_of(w))),
            worker,
            episode: ep,
        };
    }
    let def = table.def();
    let col = |name: &str| def.column_index(name).and_then(|c| table.sym(row, c));
    let open = child.open_episode(e.ds, date, &rule.rule.episode_types);
    let worker = col("worker").or_else(|| open.and_then(|x| x.worker));
    Attribution {
        episode_type: col("episode_type").or_else(|| open.map(|x| x.kind)),
        team: col("team")
            .or_else(|| open.and_then(|x| x.team))
            .or_else(|| worker.and_then(|w| e.team_of(w))),
        worker,
        episode: None,
    }
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
        let who = attribute(e, rule, child, table, row, start);
        let dur = timescale_for(e, rule, &d.timescale, table, row);
        let (due, due_moment) = due_of(e, start, start_minute, dur);
        let last = who
            .episode
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
        if target.is_none() && who.episode.and_then(|x| x.end).is_some_and(|end| end < due) {
            continue; // the episode ended before the deadline without the target event
        }
        let in_time = match (due_moment, target) {
            (Some(due_at), Some((t, Some(m)))) => Some(at(t, m) <= due_at),
            _ => None,
        };
        let (status, late) = e.judge(due, target.map(|t| t.0), in_time);
        out.push(Expectation {
            rule: rule.index,
            child: Some(child.id),
            episode_type: who.episode_type,
            team: who.team,
            worker: who.worker,
            start_date: start,
            due_date: due,
            event_date: target.map(|t| t.0),
            status,
            working_days_late: late,
            counted: false,
            source_table: d.start.table,
            source: e.prov((d.start.table, row)),
        });
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
    for &row in ds.children.rows(l.start.table, child.rank) {
        if !rule.primary.passes(ds, table, row) {
            continue;
        }
        let Some(meeting) = table.date(row, l.start.date) else {
            continue;
        };
        let who = attribute(e, rule, child, table, row, meeting);
        let dur = timescale_for(e, rule, &l.timescale, table, row);
        let due = dur.sub(e.cal, meeting);
        let shared = table.date(row, l.document).filter(|s| *s <= e.dates.as_at);
        let (status, late) = e.judge(due, shared, None);
        debug_assert!(status != Status::Pending || shared.is_none());
        out.push(Expectation {
            rule: rule.index,
            child: Some(child.id),
            episode_type: who.episode_type,
            team: who.team,
            worker: who.worker,
            start_date: meeting,
            due_date: due,
            event_date: shared,
            status,
            working_days_late: late,
            counted: false,
            source_table: l.start.table,
            source: e.prov((l.start.table, row)),
        });
    }
}
