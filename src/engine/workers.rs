//! Worker rules (supervision): a worker is in the cohort while they hold at least one
//! open episode of the cohort's types; overlapping episodes merge into one period, and
//! each period is audited like an episode against the worker's supervisions.

use chrono::NaiveDate;
use rayon::prelude::*;
use rustc_hash::FxHashMap;

use super::chain::{ChainRule, Subject, chain};
use super::child::{Episode, episode};
use super::owner::Owner;
use super::{Engine, Expectation, RuleCtx};
use crate::model::{Dataset, Sym};
use crate::schema::{TableId, cols};

/// Each worker's team from the `workers` table.
pub fn worker_teams(ds: &Dataset) -> FxHashMap<Sym, Sym> {
    let t = ds.table(TableId::Workers);
    (0..t.len() as u32)
        .filter_map(|r| {
            Some((
                t.at(r, cols::WORKERS_WORKER).sym()?,
                t.at(r, cols::WORKERS_TEAM).sym()?,
            ))
        })
        .collect()
}

/// Merges a worker's episodes (sorted by start) into periods of continuous holding.
fn periods(mut eps: Vec<Episode>) -> Vec<Episode> {
    eps.sort_by_key(|e| (e.start, e.row));
    let mut out: Vec<Episode> = Vec::new();
    for ep in eps {
        match out.last_mut() {
            Some(cur) if cur.end.is_none_or(|end| ep.start <= end) => {
                cur.end = match (cur.end, ep.end) {
                    (Some(a), Some(b)) => Some(a.max(b)),
                    _ => None,
                };
            }
            _ => out.push(ep),
        }
    }
    out
}

/// The chains of every worker holding episodes of the cohort (`cohort`: its types as
/// symbols), against the events `events_of` gives for each worker.
pub fn eval(
    e: &Engine<'_>,
    rule: &RuleCtx<'_>,
    r: ChainRule<'_>,
    cohort: &[Sym],
    events_of: impl Fn(Sym) -> Vec<(NaiveDate, u32)> + Sync,
) -> Vec<Expectation> {
    let ds = e.ds;
    let t = ds.table(TableId::Episodes);
    let mut by_worker: FxHashMap<Sym, Vec<Episode>> = FxHashMap::default();
    for row in 0..t.len() as u32 {
        let Some(ep) = episode(ds, row) else { continue };
        let Some(worker) = ep.worker else { continue };
        if cohort.contains(&ep.kind) {
            by_worker.entry(worker).or_default().push(ep);
        }
    }
    let mut workers: Vec<(Sym, Vec<Episode>)> = by_worker.into_iter().collect();
    workers.sort_by(|a, b| ds.text(a.0).cmp(ds.text(b.0)));
    workers
        .into_par_iter()
        .flat_map_iter(|(worker, eps)| {
            let events = events_of(worker);
            let mut out = Vec::new();
            for period in periods(eps) {
                let subject = Subject {
                    child: None,
                    dob: None,
                    child_row: None,
                    episode: Episode {
                        worker: Some(worker),
                        ..period
                    },
                    source: (TableId::Episodes, period.row),
                    fallback: Owner {
                        worker: Some(worker),
                        team: e.team_of(worker).or(period.team),
                    },
                    allocations: &[],
                };
                chain(e, rule, r, &subject, &events, &mut out);
            }
            out
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ep(row: u32, start: &str, end: Option<&str>) -> Episode {
        Episode {
            row,
            kind: Sym::from_index(0),
            start: start.parse().unwrap(),
            end: end.map(|e| e.parse().unwrap()),
            team: None,
            worker: None,
        }
    }

    #[test]
    fn overlapping_episodes_merge_into_one_period() {
        let p = periods(vec![
            ep(2, "2026-03-01", Some("2026-05-01")),
            ep(1, "2026-01-01", Some("2026-03-15")),
            ep(3, "2026-07-01", None),
            ep(4, "2026-08-01", Some("2026-09-01")),
        ]);
        assert_eq!(p.len(), 2);
        assert_eq!(p[0].start.to_string(), "2026-01-01");
        assert_eq!(p[0].end.unwrap().to_string(), "2026-05-01");
        assert_eq!(p[1].end, None);
    }
}
