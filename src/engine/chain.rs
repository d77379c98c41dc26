//! Chains of due points (contract §3, recurring): while an episode (or a worker's period
//! holding cases) is open, qualifying events must recur. Each due point is one
//! expectation; a missed point does not stop the chain. Shared by the recurring kind
//! (children and workers) and the snapshot kind (the interval in force).

use chrono::NaiveDate;

use super::child::{ChildCtx, Episode};
use super::owner::{Allocation, Owner};
use super::{Engine, Expectation, Judged, RuleCtx, Status, Who};
use crate::calendar::{Duration, age_on};
use crate::criteria::{Chain, FilterSet, Interval, Selector};
use crate::model::Dataset;
use crate::model::Sym;
use crate::schema::TableId;

/// Where a chain starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Anchor {
    /// At the episode start: the first event is due one interval after it.
    EpisodeStart,
    /// At the first event on or after the episode start (which is another rule's
    /// business, e.g. the first core group).
    FirstEvent,
}

/// A chain rule bound to a dataset: its events' filters precomputed and its cohort's
/// episode types as the dataset's symbols.
pub struct BoundChain<'a> {
    pub chain: &'a Chain,
    pub events: FilterSet<'a>,
    /// The cohort's types present in the export.
    pub cohort: Vec<Sym>,
}

impl<'a> BoundChain<'a> {
    pub fn new(chain: &'a Chain, ds: &Dataset) -> BoundChain<'a> {
        BoundChain {
            chain,
            events: FilterSet::new(&chain.events.filters, ds),
            cohort: chain.cohort.symbols(ds),
        }
    }

    /// Not measured when the export has no episodes or no events table, or no row of it
    /// qualifies as an event.
    pub fn not_measured(&self, ds: &Dataset) -> Option<String> {
        let sel = &self.chain.events;
        super::measure::absent(ds, TableId::Episodes)
            .or_else(|| super::measure::absent(ds, sel.table))
            .or_else(|| super::measure::no_event(ds, sel, &self.events, "event"))
    }

    /// The qualifying events among `rows` of the events table, in date order.
    pub fn events(&self, e: &Engine<'_>, rows: &[u32]) -> Vec<(NaiveDate, u32)> {
        events(e, &self.chain.events, &self.events, rows)
    }

    /// Whether an episode of this type belongs to the cohort.
    pub fn follows(&self, kind: Sym) -> bool {
        self.cohort.contains(&kind)
    }
}

/// What a chain is made of: its events' table, its intervals and its anchor.
#[derive(Clone, Copy)]
pub struct ChainRule<'r> {
    pub table: TableId,
    pub intervals: &'r [Interval],
    pub anchor: Anchor,
}

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
        rule: &RuleCtx<'_>,
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
    sel: &Selector,
    filters: &FilterSet<'_>,
    rows: &[u32],
) -> Vec<(NaiveDate, u32)> {
    let table = e.ds.table(sel.table);
    let mut v: Vec<(NaiveDate, u32)> = rows
        .iter()
        .filter(|&&row| filters.passes(e.ds, table, row))
        .filter_map(|&row| table.date(row, sel.date).map(|d| (d, row)))
        .collect();
    v.sort_unstable();
    v
}

/// The interval in force on `anchor` for the `ordinal`-th due point: the first whose
/// conditions hold.
pub fn interval(
    e: &Engine<'_>,
    intervals: &[Interval],
    s: &Subject<'_>,
    anchor: NaiveDate,
    ordinal: u32,
) -> Duration {
    let ds = e.ds;
    for i in intervals {
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
    intervals
        .last()
        .expect("a chain rule has an interval")
        .every
}

/// Walks one episode's chain of expectations (contract §3, recurring): one due point
/// every interval from the anchor; an event on or before the due point keeps it (met)
/// and becomes the anchor; one after it but no later than the next due point keeps it
/// late and becomes the anchor; otherwise the point is missing and the chain goes on from
/// the missed point, until a due point reaches min(episode end, as-at) with no event.
pub fn chain(
    e: &Engine<'_>,
    rule: &RuleCtx<'_>,
    r: ChainRule<'_>,
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
    let table = r.table;
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
        let due = interval(e, r.intervals, s, anchor, ordinal).add(e.cal, anchor);
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
            overdue_now: false,
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
        let following = interval(e, r.intervals, s, due, ordinal + 1).add(e.cal, due);
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
