//! One child's view of the dataset: their episodes and details, read once per child.

use chrono::NaiveDate;

use super::owner::{Allocation, history};
use crate::model::{Dataset, Sym};
use crate::schema::{TableId, cols};

/// An episode (or, for worker rules, a period of holding episodes).
#[derive(Debug, Clone, Copy)]
pub struct Episode {
    pub row: u32,
    pub kind: Sym,
    pub start: NaiveDate,
    pub end: Option<NaiveDate>,
    pub team: Option<Sym>,
    pub worker: Option<Sym>,
}

impl Episode {
    pub fn open_on(&self, d: NaiveDate) -> bool {
        self.start <= d && self.end.is_none_or(|e| d <= e)
    }
}

/// Reads an episodes row.
pub fn episode(ds: &Dataset, row: u32) -> Option<Episode> {
    let t = ds.table(TableId::Episodes);
    Some(Episode {
        row,
        kind: t.at(row, cols::EPISODE_TYPE).sym()?,
        start: t.at(row, cols::EPISODE_START).date()?,
        end: t.at(row, cols::EPISODE_END).date(),
        team: t.at(row, cols::EPISODE_TEAM).sym(),
        worker: t.at(row, cols::EPISODE_WORKER).sym(),
    })
}

pub struct ChildCtx {
    pub rank: u32,
    pub id: Sym,
    /// The child's `children` row, if any.
    pub row: Option<u32>,
    pub dob: Option<NaiveDate>,
    pub episodes: Vec<Episode>,
    /// The child's allocation history, in date order.
    pub allocations: Vec<Allocation>,
}

impl ChildCtx {
    pub fn new(ds: &Dataset, rank: u32) -> ChildCtx {
        let id = ds.children.keys()[rank as usize];
        let row = ds.children.rows(TableId::Children, rank).first().copied();
        let dob = row.and_then(|r| ds.table(TableId::Children).at(r, cols::CHILD_DOB).date());
        let episodes = ds
            .children
            .rows(TableId::Episodes, rank)
            .iter()
            .filter_map(|&r| episode(ds, r))
            .collect();
        ChildCtx {
            rank,
            id,
            row,
            dob,
            episodes,
            allocations: history(ds, ds.children.rows(TableId::Allocations, rank)),
        }
    }

    /// The episode open on `d` whose type is among `types` (any type when `None`); the
    /// latest-starting one when several are.
    pub fn open_episode(&self, d: NaiveDate, types: Option<&[Sym]>) -> Option<&Episode> {
        self.episodes
            .iter()
            .filter(|e| e.open_on(d))
            .filter(|e| types.is_none_or(|t| t.contains(&e.kind)))
            .max_by_key(|e| (e.start, e.row))
    }
}
