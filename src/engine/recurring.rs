//! Recurring rules (contract §3): while an episode is open, qualifying events must recur.
//! Each due point is one expectation; a late event moves the anchor to itself.

use chrono::NaiveDate;

use super::bind::BoundRule;
use super::child::{ChildCtx, Episode, age_on};
use super::{Engine, Expectation};
use crate::model::Sym;
use crate::rules::{Anchor, Duration, Recurring};
use crate::schema::TableId;

/// What the chain of one episode (or worker period) is reported under.
pub struct Subject {
    pub child: Option<Sym>,
    pub dob: Option<NaiveDate>,
    /// The child's `children` row, for `child_flag` conditions.
    pub child_row: Option<u32>,
    pub episode: Episode,
    /// The row to point at when no event is involved.
    pub source: (TableId, u32),
    pub team: Option<Sym>,
}

impl Subject {
    /// A child's episode, reported under its team (or its worker's team).
    pub fn of_child(e: &Engine<'_>, child: &ChildCtx, ep: &Episode) -> Subject {
        Subject {
            child: Some(child.id),
            dob: child.dob,
            child_row: child.row,
            episode: *ep,
            source: (TableId::Episodes, ep.row),
            team: ep.team.or_else(|| ep.worker.and_then(|w| e.team_of(w))),
        }
    }
}

/// The dated rows among `rows` (one child's or one worker's) that pass the rule's event
/// filters, in date order.
pub fn events(
    e: &Engine<'_>,
    rule: &BoundRule<'_>,
    r: &Recurring,
    rows: &[u32],
) -> Vec<(NaiveDate, u32)> {
    let table = e.ds.table(r.events.table);
    let mut v: Vec<(NaiveDate, u32)> = rows
        .iter()
        .filter(|&&row| rule.primary.passes(e.ds, table, row))
        .filter_map(|&row| table.date(row, r.events.date).map(|d| (d, row)))
        .collect();
    v.sort_unstable();
    v
}

pub fn eval_child(
    e: &Engine<'_>,
    rule: &BoundRule<'_>,
    r: &Recurring,
    child: &ChildCtx,
    out: &mut Vec<Expectation>,
) {
    let ds = e.ds;
    let mut events: Option<Vec<(NaiveDate, u32)>> = None;
    for ep in &child.episodes {
        if !r.episode_types.iter().any(|t| t == ds.text(ep.kind)) {
            continue;
        }
        let events = events.get_or_insert_with(|| {
            self::events(e, rule, r, ds.children.rows(r.events.table, child.rank))
        });
        chain(e, rule, r, &Subject::of_child(e, child, ep), events, out);
    }
}

pub fn interval(
    e: &Engine<'_>,
    r: &Recurring,
    s: &Subject,
    anchor: NaiveDate,
    ordinal: u32,
) -> Duration {
    let ds = e.ds;
    for i in &r.intervals {
        let w = &i.when;
        let holds = w.ordinal.is_none_or(|n| n == ordinal)
            && w.age_under
                .is_none_or(|n| s.dob.is_some_and(|dob| age_on(dob, anchor) < n as i32))
            && w.within
                .is_none_or(|d| anchor < d.add(e.cal, s.episode.start))
            && w.child_flag.is_none_or(|c| {
                s.child_row
                    .and_then(|row| ds.table(TableId::Children).get(row, c).flag())
                    .unwrap_or(false)
            });
        if holds {
            return i.every;
        }
    }
    r.intervals
        .last()
        .expect("a recurring rule has an interval")
        .every
}

/// Walks one episode's chain of expectations.
pub fn chain(
    e: &Engine<'_>,
    rule: &BoundRule<'_>,
    r: &Recurring,
    s: &Subject,
    events: &[(NaiveDate, u32)],
    out: &mut Vec<Expectation>,
) {
    let as_at = e.dates.as_at;
    let ep = &s.episode;
    if ep.start > as_at {
        return;
    }
    let window_end = ep.end.map_or(as_at, |end| end.min(as_at));
    let table = r.events.table;
    // Events that count for the episode: after its start, no later than its end / as-at.
    let lo = events.partition_point(|(d, _)| *d <= ep.start);
    let hi = events.partition_point(|(d, _)| *d <= window_end);
    let counted = &events[lo..hi.max(lo)];

    let (mut anchor, mut anchor_src, mut rest) = match r.anchor {
        Anchor::EpisodeStart => (ep.start, s.source, counted),
        Anchor::FirstEvent => {
            // The first event may fall on the start date itself (as the deadline rule for
            // the first event counts it).
            let first = events.partition_point(|(d, _)| *d < ep.start);
            match events[first..hi.max(first)].first() {
                Some(&(d, row)) => (d, (table, row), &events[first + 1..hi.max(first + 1)]),
                None => return,
            }
        }
    };
    let mut ordinal = 1;
    loop {
        let every = interval(e, r, s, anchor, ordinal);
        let due = every.add(e.cal, anchor);
        let skip = rest.partition_point(|(d, _)| *d <= anchor);
        rest = &rest[skip..];
        let next = rest.first().copied();
        if next.is_none() && due >= window_end && ep.end.is_some_and(|end| end < as_at) {
            return; // the episode ended before this expectation fell due
        }
        let (status, late) = e.judge(due, next.map(|n| n.0), None);
        let origin = next.map_or(anchor_src, |(_, row)| (table, row));
        out.push(Expectation {
            rule: rule.index,
            child: s.child,
            episode_type: Some(ep.kind),
            team: s.team,
            worker: ep.worker,
            start_date: anchor,
            due_date: due,
            event_date: next.map(|n| n.0),
            status,
            working_days_late: late,
            counted: false,
            source_table: origin.0,
            source: e.prov(origin),
        });
        match next {
            Some((d, row)) => {
                anchor = d;
                anchor_src = (table, row);
                ordinal += 1;
            }
            None => return,
        }
    }
}
