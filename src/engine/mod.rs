//! The engine: every rule × every child (and every worker, for worker rules), evaluated
//! in parallel with rayon, into one flat list of expectations — met, late, missing,
//! pending or not measured — each pointing back to the row it comes from and filed
//! under its owner. What a rule expects is its kind's business ([`kinds`]); what the
//! kinds share lives here: the child's view ([`child`]), chains ([`chain`]), start rows
//! ([`rows`]), owners ([`owner`]), what can be measured ([`measure`]), and the one
//! constructor of an [`Expectation`], which decides whether it is counted.
//!
//! Children are independent, so each is evaluated on its own and the results are
//! gathered in child order: the output is the same for any number of threads.

mod chain;
pub mod child;
pub mod kinds;
mod measure;
mod owner;
mod rows;
mod rule;
mod workers;

use chrono::NaiveDate;
use rayon::prelude::*;
use rustc_hash::FxHashMap;

use crate::calendar::Calendar;
use crate::model::{Dataset, RowRef, Sym};
use crate::quality::DataIssue;
use crate::schema::TableId;

pub use chain::Anchor;
pub use kinds::{Bound, KINDS, Kind, KindDef};
pub use owner::Owner;
pub use rule::{Comparator, Rule, Standard};

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
    /// The rule cannot be measured on this export (contract §3): neither kept nor failed.
    NotMeasured,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Met => "met",
            Status::Late => "late",
            Status::Missing => "missing",
            Status::Pending => "pending",
            Status::NotMeasured => "not_measured",
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
    /// Whether it counts in KPIs: due in the audit period (any time, for snapshot rules)
    /// and not pending.
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
    /// The data-quality finding (index into the ingest findings) of an unreadable cell
    /// this exception rests on.
    pub finding: Option<u32>,
}

/// What an evaluation found, with what the reports need to read it: the text of the
/// interned values and the sources rows came from.
#[derive(Debug, Clone)]
pub struct Results {
    /// Every expectation, in child order (worker rules' after them).
    pub rows: Vec<Expectation>,
    /// Per rule (in pack order): why the export does not allow it to be measured.
    pub not_measured: Vec<Option<String>>,
    /// The text of every interned value (index = `Sym::index`).
    pub names: Vec<Box<str>>,
    /// Per interned value: 1 + the child's rank in child-id order; 0 when not a child id.
    pub child_rank: Vec<u32>,
    /// The sources rows came from (index = `RowRef::source`).
    pub sources: Vec<crate::model::Source>,
}

/// Whose expectation it is: the child (none for worker rules), the episode type and the
/// owner it is filed under.
#[derive(Debug, Clone, Copy)]
pub struct Who {
    pub child: Option<Sym>,
    pub episode_type: Option<Sym>,
    pub owner: Owner,
}

/// How one expectation was kept.
#[derive(Debug, Clone, Copy)]
pub struct Judged {
    /// What the timescale counts from.
    pub start: NaiveDate,
    pub due: NaiveDate,
    pub event: Option<NaiveDate>,
    pub status: Status,
    pub working_days_late: u32,
    /// A state at the as-at date (still overdue now) rather than an event in time:
    /// counted whatever the audit period, as a snapshot's are.
    pub overdue_now: bool,
}

impl Expectation {
    /// Late or missing.
    pub fn is_failure(&self) -> bool {
        matches!(self.status, Status::Late | Status::Missing)
    }

    /// A counted failure: a row of `exceptions.csv`.
    pub fn is_exception(&self) -> bool {
        self.counted && self.is_failure()
    }
}

/// A rule as its kind's evaluation sees it: its place in the pack, its common fields,
/// and what the export allows of it.
pub struct RuleCtx<'a> {
    /// Index of the rule in the pack.
    pub index: u16,
    pub rule: &'a Rule,
    /// Why the export does not allow the rule to be measured.
    pub not_measured: Option<String>,
    /// The rule's attribution episode types as the dataset's symbols (`None`: any type).
    pub episode_types: Option<Vec<Sym>>,
}

/// One child as a rule's evaluation visits it.
pub struct Visit<'a> {
    pub e: &'a Engine<'a>,
    pub rule: &'a RuleCtx<'a>,
    pub child: &'a child::ChildCtx,
}

/// A rule bound to the dataset.
struct BoundRule<'a> {
    ctx: RuleCtx<'a>,
    kind: Box<dyn Bound + 'a>,
}

/// Everything a rule evaluation needs to see.
pub struct Engine<'a> {
    pub ds: &'a Dataset,
    pub cal: &'a Calendar,
    pub dates: AuditDates,
    rules: Vec<BoundRule<'a>>,
    worker_team: FxHashMap<Sym, Sym>,
    /// Unreadable cells by (source, row, column name): the finding's index.
    unreadable: FxHashMap<(RowRef, &'static str), u32>,
}

impl<'a> Engine<'a> {
    /// An engine for rules over a dataset; `issues` are ingest's data-quality findings,
    /// so that an exception resting on an unreadable cell can name it.
    pub fn new(
        rules: &'a [Rule],
        ds: &'a Dataset,
        cal: &'a Calendar,
        dates: AuditDates,
        issues: &[DataIssue],
    ) -> Engine<'a> {
        let rules = rules
            .par_iter()
            .enumerate()
            .map(|(i, rule)| {
                let kind = rule.kind.bind(ds);
                let not_measured = kind.not_measured(ds);
                BoundRule {
                    ctx: RuleCtx {
                        index: i as u16,
                        rule,
                        not_measured,
                        episode_types: (!rule.episode_types.is_empty()).then(|| {
                            crate::criteria::episode_type_symbols(&rule.episode_types, ds)
                        }),
                    },
                    kind,
                }
            })
            .collect();
        Engine {
            ds,
            cal,
            dates,
            rules,
            worker_team: workers::worker_teams(ds),
            unreadable: measure::unreadable_cells(ds, issues),
        }
    }

    /// Why each rule cannot be measured on this export (`None`: it can).
    pub fn not_measured(&self) -> Vec<Option<String>> {
        self.rules
            .iter()
            .map(|r| r.ctx.not_measured.clone())
            .collect()
    }

    /// Evaluates every rule for every child and worker: the one result the reports are
    /// built from.
    pub fn evaluate(&self) -> Results {
        let rows = self.run();
        let ds = self.ds;
        let mut child_rank = vec![0u32; ds.strings.len()];
        for (rank, c) in ds.children.keys().iter().enumerate() {
            child_rank[c.index()] = rank as u32 + 1;
        }
        Results {
            rows,
            not_measured: self.not_measured(),
            names: ds.strings.iter().map(|(_, s)| s.into()).collect(),
            child_rank,
            sources: ds.sources.clone(),
        }
    }

    /// Evaluates every rule for every child and worker: the expectations alone.
    pub fn run(&self) -> Vec<Expectation> {
        let children = self.ds.children.keys().len() as u32;
        let mut out: Vec<Expectation> = (0..children)
            .into_par_iter()
            .flat_map_iter(|rank| self.eval_child(rank))
            .collect();
        for rule in &self.rules {
            out.extend(rule.kind.eval_workers(self, &rule.ctx));
        }
        out
    }

    fn eval_child(&self, rank: u32) -> Vec<Expectation> {
        let child = child::ChildCtx::new(self.ds, rank);
        let mut out = Vec::new();
        for rule in &self.rules {
            let visit = Visit {
                e: self,
                rule: &rule.ctx,
                child: &child,
            };
            rule.kind.eval_child(&visit, &mut out);
        }
        out
    }

    /// Makes the row of one expectation: whether it is counted, and, for a rule that
    /// cannot be measured, its status, are decided here.
    pub fn expectation(
        &self,
        rule: &RuleCtx<'_>,
        who: Who,
        judged: Judged,
        origin: (TableId, u32),
    ) -> Expectation {
        let mut j = judged;
        let any_period = rule.rule.kind.counts_any_period() || j.overdue_now;
        let counted = j.status != Status::Pending && (any_period || self.dates.in_period(j.due));
        if rule.not_measured.is_some() {
            j.status = Status::NotMeasured;
            j.event = None;
            j.working_days_late = 0;
        }
        Expectation {
            rule: rule.index,
            status: j.status,
            counted,
            source_table: origin.0,
            child: who.child,
            episode_type: who.episode_type,
            team: who.owner.team,
            worker: who.owner.worker,
            start_date: j.start,
            due_date: j.due,
            event_date: j.event,
            working_days_late: j.working_days_late,
            source: self.prov(origin),
            finding: None,
        }
    }

    /// The finding of an unreadable cell of a row, if it was unreadable.
    pub fn unreadable(&self, (table, row): (TableId, u32), column: usize) -> Option<u32> {
        if self.unreadable.is_empty() {
            return None;
        }
        let name = table.def().columns[column].name;
        self.unreadable
            .get(&(self.prov((table, row)), name))
            .copied()
    }

    /// The provenance of a row of a table.
    fn prov(&self, (table, row): (TableId, u32)) -> RowRef {
        self.ds.table(table).prov(row)
    }

    /// The team recorded for a worker in the `workers` table.
    pub fn team_of(&self, worker: Sym) -> Option<Sym> {
        self.worker_team.get(&worker).copied()
    }

    /// Status and lateness of an expectation due on `due`, kept on `event` (if any):
    /// pending when absent and not yet due.
    pub fn judge(
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
