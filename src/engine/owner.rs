//! Who an expectation belongs to (contract §3): the team and worker that its exception,
//! its pending line and its per-team and per-worker KPIs are filed under.
//!
//! - A deadline, lag or lead expectation that starts from an event row naming a worker
//!   belongs to that row's worker and team.
//! - Every other child expectation (recurring and snapshot chains, deadlines that start
//!   from an episode, event rows naming no worker) belongs to the worker allocated to the
//!   child on its due date: the child's latest `allocations` row on or before the due date
//!   whose episode type is blank or the episode's own; failing that, the episode's worker.
//! - A team missing from the chosen row is the chosen worker's team in `workers`.

use chrono::NaiveDate;

use super::child::{ChildCtx, Episode};
use super::{Engine, Who};
use crate::model::{Dataset, Sym};
use crate::schema::{TableId, cols};

/// A team and a worker (either may be unrecorded).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Owner {
    pub team: Option<Sym>,
    pub worker: Option<Sym>,
}

/// One row of a child's allocation history.
#[derive(Debug, Clone, Copy)]
pub struct Allocation {
    pub date: NaiveDate,
    pub episode_type: Option<Sym>,
    pub owner: Owner,
}

/// A child's allocation rows (`rows` in date order, then file order), dated ones only.
pub fn history(ds: &Dataset, rows: &[u32]) -> Vec<Allocation> {
    let t = ds.table(TableId::Allocations);
    rows.iter()
        .filter_map(|&r| {
            Some(Allocation {
                date: t.at(r, cols::ALLOCATED_DATE).date()?,
                episode_type: t.at(r, cols::ALLOCATION_TYPE).sym(),
                owner: Owner {
                    team: t.at(r, cols::ALLOCATION_TEAM).sym(),
                    worker: t.at(r, cols::ALLOCATION_WORKER).sym(),
                },
            })
        })
        .collect()
}

impl Engine<'_> {
    /// A worker and team as recorded, the team completed from the `workers` table.
    pub fn owner(&self, worker: Option<Sym>, team: Option<Sym>) -> Owner {
        Owner {
            worker,
            team: team.or_else(|| worker.and_then(|w| self.team_of(w))),
        }
    }

    /// The owner of an episode row: its worker and team.
    pub fn episode_owner(&self, ep: Option<&Episode>) -> Owner {
        ep.map_or_else(Owner::default, |ep| self.owner(ep.worker, ep.team))
    }

    /// Who an expectation about an episode of a child belongs to: the worker allocated to
    /// the child on `on` for the episode's type, else the episode's worker.
    pub fn episode_who(&self, child: &ChildCtx, ep: &Episode, on: NaiveDate) -> Who {
        Who {
            child: Some(child.id),
            episode_type: Some(ep.kind),
            owner: self.allocated_on(
                &child.allocations,
                Some(ep.kind),
                on,
                self.episode_owner(Some(ep)),
            ),
        }
    }

    /// Who is allocated to the child on `due`: the latest allocation on or before it whose
    /// episode type is blank or `episode_type` (any, when `None`); else `fallback`.
    pub fn allocated_on(
        &self,
        history: &[Allocation],
        episode_type: Option<Sym>,
        due: NaiveDate,
        fallback: Owner,
    ) -> Owner {
        let upto = history.partition_point(|a| a.date <= due);
        history[..upto]
            .iter()
            .rev()
            .find(|a| {
                a.episode_type.is_none() || episode_type.is_none() || a.episode_type == episode_type
            })
            .map_or(fallback, |a| self.owner(a.owner.worker, a.owner.team))
    }
}
