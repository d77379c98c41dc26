//! One child's view of the dataset: their episodes and details, read once per child.

use chrono::NaiveDate;

use super::owner::{Allocation, AllocationColumns};
use crate::model::{Dataset, Sym};
use crate::schema::TableId;

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

/// Episode column indices (fixed by the schema).
pub mod ep {
    pub const TYPE: usize = 1;
    pub const START: usize = 2;
    pub const END: usize = 3;
    pub const TEAM: usize = 4;
    pub const WORKER: usize = 5;
}

/// The `date_of_birth` column of `children` (fixed by the schema).
const DOB: usize = 1;

/// Reads an episodes row.
pub fn episode(ds: &Dataset, row: u32) -> Option<Episode> {
    let t = ds.table(TableId::Episodes);
    Some(Episode {
        row,
        kind: t.sym(row, ep::TYPE)?,
        start: t.date(row, ep::START)?,
        end: t.date(row, ep::END),
        team: t.sym(row, ep::TEAM),
        worker: t.sym(row, ep::WORKER),
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
    pub fn new(ds: &Dataset, rank: u32, allocations: &AllocationColumns) -> ChildCtx {
        let id = ds.children.keys()[rank as usize];
        let row = ds.children.rows(TableId::Children, rank).first().copied();
        let dob = row.and_then(|r| ds.table(TableId::Children).date(r, DOB));
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
            allocations: allocations.history(ds, ds.children.rows(TableId::Allocations, rank)),
        }
    }

    /// The episode open on `d` whose type is among `types` (any type when empty); the
    /// latest-starting one when several are.
    pub fn open_episode(&self, ds: &Dataset, d: NaiveDate, types: &[String]) -> Option<&Episode> {
        self.episodes
            .iter()
            .filter(|e| e.open_on(d))
            .filter(|e| types.is_empty() || types.iter().any(|t| t == ds.text(e.kind)))
            .max_by_key(|e| (e.start, e.row))
    }
}
