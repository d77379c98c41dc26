//! Rankings by % met, not by caseload: each team's and each worker's counted
//! expectations of the measured rules, judged against the rules' targets weighted by
//! what fell due, the furthest below first; those with too few due to judge come last.

use std::collections::BTreeMap;

use super::rating::Rating;
use super::{Report, Tally};

/// A team's or a worker's standing.
#[derive(Debug, Clone)]
pub struct Standing {
    pub team: String,
    /// Empty for a team's own standing.
    pub worker: String,
    pub tally: Tally,
    pub rating: Rating,
}

impl Standing {
    pub fn exceptions(&self) -> u64 {
        self.tally.exceptions()
    }
}

#[derive(Default)]
struct Acc {
    tally: Tally,
    target_sum: u64,
}

fn finish(team: String, worker: String, a: Acc, min_due: u64) -> Standing {
    let target = super::rating::weighted_target(a.target_sum, a.tally.due);
    Standing {
        rating: Rating::of(&a.tally, target, min_due, false),
        team,
        worker,
        tally: a.tally,
    }
}

/// The furthest below the standard first (judged ones by % met, lowest first, then most
/// due), then those with too few due; by name within a tie.
fn order(a: &Standing, b: &Standing) -> std::cmp::Ordering {
    let key = |s: &Standing| {
        (
            !s.rating.judged(),
            s.tally.percent_tenths().unwrap_or(u64::MAX),
            std::cmp::Reverse(s.tally.due),
        )
    };
    key(a)
        .cmp(&key(b))
        .then_with(|| a.team.cmp(&b.team))
        .then_with(|| a.worker.cmp(&b.worker))
}

/// Every team's standing, ranked.
pub fn teams(report: &Report) -> Vec<Standing> {
    rank(report, false)
}

/// Every worker's standing within each team, ranked (across all teams).
pub fn workers(report: &Report) -> Vec<Standing> {
    rank(report, true)
}

fn rank(report: &Report, per_worker: bool) -> Vec<Standing> {
    let mut acc: BTreeMap<(String, String), Acc> = BTreeMap::new();
    for r in report.rows.iter().filter(|r| r.counted) {
        let rule = &report.rules[r.rule as usize];
        if rule.not_measured.is_some() {
            continue;
        }
        let worker = if per_worker {
            report.label(r.worker).to_string()
        } else {
            String::new()
        };
        let a = acc
            .entry((report.label(r.team).to_string(), worker))
            .or_default();
        a.tally.add(r.status);
        a.target_sum += rule.target_tenths;
    }
    let mut out: Vec<Standing> = acc
        .into_iter()
        .map(|((t, w), a)| finish(t, w, a, report.settings.min_due))
        .collect();
    out.sort_by(order);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::testutil::tiny_report;

    #[test]
    fn workers_are_ranked_by_percent_met_not_by_caseload() {
        let (_dir, report) = tiny_report();
        let ws = workers(&report);
        assert!(ws.len() >= 2);
        let judged: Vec<&Standing> = ws.iter().filter(|s| s.rating.judged()).collect();
        assert!(
            judged
                .windows(2)
                .all(|w| w[0].tally.percent_tenths() <= w[1].tally.percent_tenths())
        );
        // Those too few to judge come after every judged one.
        let first_unjudged = ws.iter().position(|s| !s.rating.judged());
        if let Some(i) = first_unjudged {
            assert!(ws[i..].iter().all(|s| !s.rating.judged()));
        }
        let total: u64 = ws.iter().map(|s| s.tally.due).sum();
        let by_team: u64 = teams(&report).iter().map(|s| s.tally.due).sum();
        assert_eq!(total, by_team);
    }
}
