//! Recurring rules (contract §3): while an episode is open, qualifying events must recur.
//! Each due point is one expectation; a missed point does not stop the chain.

use chrono::NaiveDate;

use super::bind::BoundRule;
use super::child::{ChildCtx, Episode};
use super::owner::{Allocation, Owner};
use super::{Engine, Expectation, Judged, Status, Who};
use crate::calendar::age_on;
use crate::model::Sym;
use crate::rules::{Anchor, Duration, Recurring};
use crate::schema::TableId;

/// What the chain of one episode (or worker period) is placed on.
pub struct Subject<'c> {
    pub child: Option<Sym>,
    pub dob: Option<NaiveDate>,
    /// The child's `children` row, for `child_flag` conditions.
    pub child_row: Option<u32>,
    pub episode: Episode,
    /// The row to point at when no event is involved.
    pub source: (TableId, u32),
    /// Who the expectations belong to when no allocation says otherwise.
    pub fallback: Owner,
    /// The child's allocation history (empty for a worker's chain).
    pub allocations: &'c [Allocation],
}

impl<'c> Subject<'c> {
    /// A child's episode: its expectations belong to the worker allocated on each due
    /// date, else to the episode's worker.
    pub fn of_child(e: &Engine<'_>, child: &'c ChildCtx, ep: &Episode) -> Subject<'c> {
        Subject {
            child: Some(child.id),
            dob: child.dob,
            child_row: child.row,
            episode: *ep,
            source: (TableId::Episodes, ep.row),
            fallback: e.episode_owner(Some(ep)),
            allocations: &child.allocations,
        }
    }

    /// Who an expectation due on `due` belongs to.
    pub fn owner(&self, e: &Engine<'_>, due: NaiveDate) -> Owner {
        e.allocated_on(
            self.allocations,
            Some(self.episode.kind),
            due,
            self.fallback,
        )
    }

    /// An expectation of this subject's chain.
    pub fn expectation(
        &self,
        e: &Engine<'_>,
        rule: &BoundRule<'_>,
        judged: Judged,
        origin: (TableId, u32),
    ) -> Expectation {
        let who = Who {
            child: self.child,
            episode_type: Some(self.episode.kind),
            owner: self.owner(e, judged.due),
        };
        e.expectation(rule, who, judged, origin)
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
    s: &Subject<'_>,
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

/// Walks one episode's chain of expectations (contract §3, recurring): one due point
/// every interval from the anchor; an event on or before the due point keeps it (met)
/// and becomes the anchor; one after it but no later than the next due point keeps it
/// late and becomes the anchor; otherwise the point is missing and the chain goes on from
/// the missed point, until a due point reaches min(episode end, as-at) with no event.
pub fn chain(
    e: &Engine<'_>,
    rule: &BoundRule<'_>,
    r: &Recurring,
    s: &Subject<'_>,
    events: &[(NaiveDate, u32)],
    out: &mut Vec<Expectation>,
) {
    let as_at = e.dates.as_at;
    let ep = &s.episode;
    if ep.start > as_at {
        return;
    }
    let window_end = ep.end.map_or(as_at, |end| end.min(as_at));
    let open_at_as_at = ep.end.is_none_or(|end| end >= as_at);
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
        let due = interval(e, r, s, anchor, ordinal).add(e.cal, anchor);
        if due <= anchor {
            return; // a timescale that does not move forward (rejected when the pack loads)
        }
        let skip = rest.partition_point(|(d, _)| *d <= anchor);
        rest = &rest[skip..];
        let next = rest.first().copied();
        let point = |status, event: Option<NaiveDate>, late| Judged {
            start: anchor,
            due,
            event,
            status,
            working_days_late: late,
        };
        // Kept in time, wherever the due point falls.
        if let Some((d, row)) = next.filter(|(d, _)| *d <= due) {
            out.push(s.expectation(e, rule, point(Status::Met, Some(d), 0), (table, row)));
            (anchor, anchor_src) = (d, (table, row));
            ordinal += 1;
            continue;
        }
        // No event by a due point at or past the end of the window: the chain ends.
        if due >= window_end {
            if open_at_as_at && due >= as_at {
                out.push(s.expectation(e, rule, point(Status::Pending, None, 0), anchor_src));
            }
            return;
        }
        let following = interval(e, r, s, due, ordinal + 1).add(e.cal, due);
        match next {
            Some((d, row)) if d <= following => {
                let late = e.cal.working_days_between(due, d);
                out.push(s.expectation(e, rule, point(Status::Late, Some(d), late), (table, row)));
                (anchor, anchor_src) = (d, (table, row));
            }
            _ => {
                // Missed: lateness runs to the next event (the child was next seen then),
                // else to the as-at date; the chain goes on from the missed point.
                let until = next.map_or(as_at, |(d, _)| d);
                let late = e.cal.working_days_between(due, until);
                out.push(s.expectation(e, rule, point(Status::Missing, None, late), anchor_src));
                anchor = due;
            }
        }
        ordinal += 1;
    }
}
