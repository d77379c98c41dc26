//! Snapshot rules: for returns that hold only the latest date of each event (Ofsted's
//! Annex A), the latest event must be no older than the interval at the as-at date.
//!
//! For each episode of the cohort open at the as-at date, the base is the latest
//! qualifying event on or before the as-at date, or the episode start when there is none
//! or it is older than the start. Due = base + the interval in force on the base date
//! (ordinal 1 when there is no event since the start, 2 otherwise). Missing when due is
//! before the as-at date — counted whatever the audit period; otherwise met when there
//! was an event, pending when there was none yet.

use super::bind::BoundRule;
use super::child::ChildCtx;
use super::recurring::{Subject, events, interval};
use super::{Engine, Expectation, Judged, Status};
use crate::rules::Recurring;

pub fn eval(
    e: &Engine<'_>,
    rule: &BoundRule<'_>,
    r: &Recurring,
    child: &ChildCtx,
    out: &mut Vec<Expectation>,
) {
    let ds = e.ds;
    let as_at = e.dates.as_at;
    let dated = events(e, rule, r, ds.children.rows(r.events.table, child.rank));
    let latest = dated.iter().rev().find(|(d, _)| *d <= as_at).copied();
    for ep in &child.episodes {
        let open = ep.start <= as_at && ep.end.is_none_or(|end| end > as_at);
        if !open || !r.episode_types.iter().any(|t| t == ds.text(ep.kind)) {
            continue;
        }
        let event = latest.filter(|(d, _)| *d >= ep.start);
        let base = event.map_or(ep.start, |(d, _)| d);
        let subject = Subject::of_child(e, child, ep);
        let ordinal = if event.is_some() { 2 } else { 1 };
        let due = interval(e, r, &subject, base, ordinal).add(e.cal, base);
        let (status, late) = if due < as_at {
            (Status::Missing, e.cal.working_days_between(due, as_at))
        } else if event.is_some() {
            (Status::Met, 0)
        } else {
            (Status::Pending, 0)
        };
        let origin = event.map_or(subject.source, |(_, row)| (r.events.table, row));
        let judged = Judged {
            start: base,
            due,
            event: event.map(|(d, _)| d).filter(|_| status != Status::Missing),
            status,
            working_days_late: late,
        };
        out.push(subject.expectation(e, rule, judged, origin));
    }
}
