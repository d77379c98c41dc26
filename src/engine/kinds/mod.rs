//! The rule-kind registry: each kind of rule lives in one file of this folder and
//! implements [`Kind`] — its name, its documentation, how its part of a rule file is
//! read (its own spec struct, unknown keys refused) and validated, the tables it needs,
//! its timescale in words, and how it is bound to a dataset and evaluated. [`KINDS`]
//! lists them: `rules explain`, the README's kind reference and the loader all read it.
//!
//! Adding a kind = one new file here + one line in [`KINDS`].

mod count;
mod deadline;
mod frequency;
mod lag;
mod lead;
mod recurring;
mod repeat;
mod share;
mod snapshot;

use crate::criteria::{Chain, Cohort, Cx, describe_intervals};
use crate::model::Dataset;
use crate::schema::TableId;

use super::{Engine, Expectation, RuleCtx, Visit};

pub use recurring::Anchor;

/// A compiled kind-specific part of a rule.
pub trait Kind: std::fmt::Debug + Send + Sync {
    /// The kind's name, as written in a rule file (`kind = "deadline"`).
    fn name(&self) -> &'static str;
    /// The chain the rule follows, for kinds that follow episodes (recurring, snapshot).
    fn chain(&self) -> Option<&Chain> {
        None
    }
    /// The tables the rule reads; a rule whose table the export lacks is not measured.
    fn tables(&self) -> Vec<TableId> {
        self.chain().map(Chain::tables).unwrap_or_default()
    }
    /// The timescale in a few words: "within 15 working days", "every 10 working days".
    fn timescale(&self) -> String {
        self.chain()
            .map(|c| describe_intervals(&c.intervals))
            .unwrap_or_default()
    }
    /// How the rule turns records into expectations and who owns them, for `rules
    /// explain` (the kind's [`KindDef::counting`] unless a rule's settings change it).
    fn counting(&self) -> &'static str;
    /// The episodes the rule follows, for kinds that follow episodes.
    fn cohort(&self) -> Option<&Cohort> {
        self.chain().map(|c| &c.cohort)
    }
    /// The recurring chain's anchor, for kinds that have one.
    fn anchor(&self) -> Option<Anchor> {
        None
    }
    /// Whether its expectations count whatever the audit period (a snapshot knows only
    /// "overdue now").
    fn counts_any_period(&self) -> bool {
        false
    }
    /// The rule bound to a dataset: filters precomputed, ready to evaluate.
    fn bind<'a>(&'a self, ds: &'a Dataset) -> Box<dyn Bound + 'a>;
}

/// A kind bound to a dataset.
pub trait Bound: Send + Sync {
    /// Why the export does not allow the rule to be measured (`None`: it does).
    fn not_measured(&self, ds: &Dataset) -> Option<String>;
    /// The rule's expectations of one child.
    fn eval_child(&self, _visit: &Visit<'_>, _out: &mut Vec<Expectation>) {}
    /// The rule's expectations of workers (worker rules).
    fn eval_workers(&self, _e: &Engine<'_>, _rule: &RuleCtx<'_>) -> Vec<Expectation> {
        Vec::new()
    }
}

/// A kind in the registry.
#[derive(Clone, Copy)]
pub struct KindDef {
    pub name: &'static str,
    /// What a rule of the kind checks and the keys it is written with.
    pub doc: &'static str,
    /// How it is counted (the contract's reading), for `rules explain` and the README.
    pub counting: &'static str,
    /// Reads and validates the kind's keys of a rule (everything but the common keys).
    pub compile: fn(toml::Table, &mut Cx<'_>) -> Option<Box<dyn Kind>>,
}

/// Every kind a rule file may name.
pub const KINDS: &[KindDef] = &[
    deadline::KIND,
    lag::KIND,
    lead::KIND,
    recurring::KIND,
    snapshot::KIND,
    share::KIND,
    count::KIND,
    repeat::KIND,
    frequency::KIND,
];

/// Reads a kind's own keys into its spec struct, reporting unknown or missing keys.
pub fn read_spec<T: serde::de::DeserializeOwned>(
    kind: &str,
    body: toml::Table,
    cx: &mut Cx<'_>,
) -> Option<T> {
    match toml::Value::Table(body).try_into::<T>() {
        Ok(spec) => Some(spec),
        Err(e) => {
            let msg = e.message();
            // serde: "unknown field `anchor`, expected one of `start`, `target`, …"
            let msg = match msg.strip_prefix("unknown field ") {
                Some(rest) => {
                    let (key, keys) = rest.split_once(", expected ").unwrap_or((rest, ""));
                    format!("key {key} is not used by {kind} rules (their keys: {keys})")
                }
                None => format!("{kind} rule: {msg}"),
            };
            cx.err(msg);
            None
        }
    }
}

/// The kind of a rule by name, among `kinds`.
pub fn find<'k>(kinds: &'k [KindDef], name: &str) -> Option<&'k KindDef> {
    kinds.iter().find(|k| k.name == name)
}
