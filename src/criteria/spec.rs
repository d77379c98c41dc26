//! The pieces of a rule as written in `rules/*.toml` that several kinds share. Unknown
//! keys are errors, so a misspelt key is reported rather than ignored.

use serde::Deserialize;

/// Rows of a table that a rule starts from or counts.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SelectorSpec {
    pub table: String,
    pub date: String,
    #[serde(default, rename = "where")]
    pub filters: Vec<ConditionSpec>,
}

/// A test on one column of a row. Give exactly one of `matches`, `not_matches`, `blank`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConditionSpec {
    pub column: String,
    /// A regular expression the value must match (blank values are the empty string).
    pub matches: Option<String>,
    /// A regular expression the value must not match.
    pub not_matches: Option<String>,
    /// `true`: the value must be blank; `false`: it must be present.
    pub blank: Option<bool>,
}

/// What a deadline waits for: a date on the start row (`column`), qualifying rows of
/// another table (`table` + `date` + `where`), or both (the earliest wins).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TargetSpec {
    pub column: Option<String>,
    pub table: Option<String>,
    pub date: Option<String>,
    #[serde(default, rename = "where")]
    pub filters: Vec<ConditionSpec>,
    /// Whose rows of the target table count: `child` (default, the start row's child) or
    /// `worker` (the worker the expectation belongs to, e.g. their supervisions).
    pub by: Option<String>,
}

/// A timescale that replaces the default for start rows meeting `where`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TimescaleIfSpec {
    #[serde(rename = "where")]
    pub filters: Vec<ConditionSpec>,
    pub timescale: String,
}

/// The episodes (or workers holding them) a recurring rule applies to.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CohortSpec {
    pub episode_types: Vec<String>,
    /// `child` (default) or `worker`: for worker rules, a worker's periods holding any
    /// episode of the cohort.
    pub per: Option<String>,
}

/// One interval of a recurring rule; the first whose `when` holds is in force.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IntervalSpec {
    pub when: Option<WhenSpec>,
    pub every: String,
}

/// Conditions on the anchor date of an interval (all given must hold).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WhenSpec {
    /// The n-th expectation of the episode (1 = the first).
    pub ordinal: Option<u32>,
    /// The child's age in whole years on the anchor date is under this.
    pub age_under: Option<u32>,
    /// The anchor date is within this long of the episode start.
    pub within: Option<String>,
    /// This Y/N column of the child's `children` row is Y.
    pub child_flag: Option<String>,
}

/// The keys of a rule that starts from rows of a table (deadline, lag, lead): the start
/// rows, the target (`T`: what each kind waits for), the timescale and its cases.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StartSpec<T> {
    pub start: SelectorSpec,
    pub target: T,
    pub timescale: String,
    #[serde(default)]
    pub timescale_if: Vec<TimescaleIfSpec>,
}

/// A target that is a date column of the start row.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TargetColumnSpec {
    pub column: String,
}

/// The keys of a rule that follows a chain of events while episodes are open (recurring,
/// snapshot); `extra` holds a kind's own further keys.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChainSpec {
    pub cohort: CohortSpec,
    pub events: SelectorSpec,
    pub interval: Vec<IntervalSpec>,
    /// `episode_start` (default) or `first_event` (recurring rules only).
    pub anchor: Option<String>,
}
