//! The engine: every rule of a pack × every child (and every worker, for worker rules),
//! evaluated in parallel with rayon, into one flat list of expectations — met, late,
//! missing or pending — each pointing back to the row it comes from.
//!
//! Children are independent, so each is evaluated on its own and the results are
//! gathered in child order: the output is the same for any number of threads.

mod bind;
mod child;
mod deadline;
mod recurring;
mod snapshot;
mod workers;

use chrono::NaiveDate;
use rayon::prelude::*;
use rustc_hash::FxHashMap;

use crate::calendar::Calendar;
use crate::model::{Dataset, RowRef, Sym};
use crate::rules::{Pack, Per, RuleKind};
use crate::schema::TableId;

pub use bind::BoundRule;

/// The dates an audit runs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AuditDates {
    /// First day of the audit period (inclusive).
    pub from: NaiveDate,
    /// Last day of the audit period (inclusive).
    pub to: NaiveDate,
    /// The date the records are taken as complete to.
    pub as_at: NaiveDate,
}

impl AuditDates {
    /// Whether an expectation due on `due` is counted.
    pub fn in_period(&self, due: NaiveDate) -> bool {
        self.from <= due && due <= self.to
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Status {
    Met,
    Late,
    Missing,
    /// Not yet due at the as-at date (not counted).
    Pending,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Met => "met",
            Status::Late => "late",
            Status::Missing => "missing",
            Status::Pending => "pending",
        }
    }
}

/// One expectation a rule placed on a child (or worker) and how it was kept. Compact
/// (48 bytes): text is interned, and the source row is resolved to its provenance.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Expectation {
    /// Index of the rule in the pack.
    pub rule: u16,
    pub status: Status,
    /// Whether it counts in KPIs and exceptions: set by the report (audit period,
    /// snapshot rules), `false` from the engine.
    pub counted: bool,
    /// The table of the row the expectation comes from.
    pub source_table: TableId,
    pub child: Option<Sym>,
    pub episode_type: Option<Sym>,
    pub team: Option<Sym>,
    pub worker: Option<Sym>,
    pub start_date: NaiveDate,
    pub due_date: NaiveDate,
    pub event_date: Option<NaiveDate>,
    /// Working days in (due, event] when late; in (due, as-at] when missing.
    pub working_days_late: u32,
    /// The row the expectation comes from, as the export numbers it.
    pub source: RowRef,
}

impl Expectation {
    pub fn is_exception(&self) -> bool {
        self.counted && matches!(self.status, Status::Late | Status::Missing)
    }
}

/// Everything a rule evaluation needs to see.
pub struct Engine<'a> {
    pub pack: &'a Pack,
    pub ds: &'a Dataset,
    pub cal: &'a Calendar,
    pub dates: AuditDates,
    rules: Vec<BoundRule<'a>>,
    worker_team: FxHashMap<Sym, Sym>,
}

impl<'a> Engine<'a> {
    pub fn new(
        pack: &'a Pack,
        ds: &'a Dataset,
        cal: &'a Calendar,
        dates: AuditDates,
    ) -> Engine<'a> {
        let rules = pack
            .rules
            .par_iter()
            .enumerate()
            .map(|(i, r)| BoundRule::new(i as u16, r, ds))
            .collect();
        Engine {
            pack,
            ds,
            cal,
            dates,
            rules,
            worker_team: workers::worker_teams(ds),
        }
    }

    /// Evaluates every rule for every child and worker.
    pub fn run(&self) -> Vec<Expectation> {
        let children = self.ds.children.keys().len() as u32;
        let mut out: Vec<Expectation> = (0..children)
            .into_par_iter()
            .flat_map_iter(|rank| self.eval_child(rank))
            .collect();
        for rule in &self.rules {
            if let RuleKind::Recurring(r) = &rule.rule.kind
                && r.per == Per::Worker
            {
                out.extend(workers::eval(self, rule, r));
            }
        }
        out
    }

    fn eval_child(&self, rank: u32) -> Vec<Expectation> {
        let child = child::ChildCtx::new(self.ds, rank);
        let mut out = Vec::new();
        for rule in &self.rules {
            match &rule.rule.kind {
                RuleKind::Deadline(d) | RuleKind::Lag(d) => {
                    deadline::eval(self, rule, d, &child, &mut out)
                }
                RuleKind::Lead(l) => deadline::eval_lead(self, rule, l, &child, &mut out),
                RuleKind::Recurring(r) if r.per == Per::Child => {
                    recurring::eval_child(self, rule, r, &child, &mut out)
                }
                RuleKind::Recurring(_) => {}
                RuleKind::Snapshot(s) => snapshot::eval(self, rule, s, &child, &mut out),
            }
        }
        out
    }

    /// The provenance of a row of a table.
    fn prov(&self, (table, row): (TableId, u32)) -> RowRef {
        self.ds.table(table).prov(row)
    }

    /// The team recorded for a worker in the `workers` table.
    pub fn team_of(&self, worker: Sym) -> Option<Sym> {
        self.worker_team.get(&worker).copied()
    }

    /// Status and lateness of an expectation due on `due`, kept on `event` (if any).
    /// `None`: absent and not yet due — pending.
    fn judge(
        &self,
        due: NaiveDate,
        event: Option<NaiveDate>,
        in_time: Option<bool>,
    ) -> (Status, u32) {
        match event {
            Some(e) => {
                let on_time = in_time.unwrap_or(e <= due);
                if on_time {
                    (Status::Met, 0)
                } else {
                    (Status::Late, self.cal.working_days_between(due, e))
                }
            }
            None if self.dates.as_at > due => (
                Status::Missing,
                self.cal.working_days_between(due, self.dates.as_at),
            ),
            None => (Status::Pending, 0),
        }
    }
}
