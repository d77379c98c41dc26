//! The rule-pack file format, exactly as written in `rules/*.toml` (step one of loading:
//! serde reads the text; [`super::compile`] then validates it). Unknown keys are errors,
//! so a misspelt key is reported rather than ignored.

use serde::Deserialize;

/// A rule-pack file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PackSpec {
    pub pack: PackMeta,
    #[serde(default, rename = "course")]
    pub courses: Vec<CourseSpec>,
    #[serde(default, rename = "rule")]
    pub rules: Vec<RuleSpec>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PackMeta {
    pub id: String,
    pub title: String,
    /// The bank-holiday calendar: `england-and-wales`, `scotland`, `northern-ireland`.
    pub region: Option<String>,
    /// Another pack this one builds on: a bundled pack's name or a path relative to this file.
    pub extends: Option<String>,
    /// Rule ids of the extended pack that this pack does not use.
    #[serde(default)]
    pub drop: Vec<String>,
    /// The document the pack's standards come from.
    pub source: Option<String>,
    /// Local closure days (non-working), ISO dates.
    #[serde(default)]
    pub closures: Vec<String>,
}

/// A course of the training offer that addresses audit gaps.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CourseSpec {
    pub id: String,
    pub title: String,
    pub category: Option<String>,
    pub source_line: Option<u32>,
}

/// Where a rule's standard is written.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StandardSpec {
    pub section: String,
    /// The line of the source document where the standard stands.
    pub line: Option<u32>,
    /// The standard's words.
    pub text: Option<String>,
}

/// One rule. Which of the optional keys are needed depends on `kind`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleSpec {
    pub id: String,
    pub title: String,
    pub kind: String,
    pub standard: StandardSpec,
    pub kpi: Option<String>,
    #[serde(default)]
    pub courses: Vec<String>,
    /// What the rule checks, in plain words.
    pub checks: Option<String>,
    /// Why it matters.
    pub why: Option<String>,
    /// Episode types to attribute a non-episode rule's results to (first open one wins).
    #[serde(default)]
    pub episode_types: Vec<String>,

    // deadline, lag, lead
    pub start: Option<SelectorSpec>,
    pub target: Option<TargetSpec>,
    pub timescale: Option<String>,
    #[serde(default)]
    pub timescale_if: Vec<TimescaleIfSpec>,

    // recurring
    pub cohort: Option<CohortSpec>,
    pub events: Option<SelectorSpec>,
    #[serde(default)]
    pub interval: Vec<IntervalSpec>,
    /// `episode_start` (default) or `first_event`.
    pub anchor: Option<String>,
}

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
