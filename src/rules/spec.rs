//! The rule-pack file format, as written in `rules/*.toml` (step one of loading: serde
//! reads the text). A rule is read in two steps: its common keys here ([`RuleSpec`]),
//! then its kind's own keys by that kind (`engine::kinds`), each refusing unknown keys, so
//! a misspelt key is reported rather than ignored.

use serde::Deserialize;

/// A rule-pack file. Rules stay raw tables until each is read on its own, so that every
/// problem names its rule.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PackSpec {
    pub pack: PackMeta,
    /// Courses of the pack's own, added to (or replacing) the catalogue's.
    #[serde(default, rename = "course")]
    pub courses: Vec<CourseSpec>,
    #[serde(default, rename = "rule")]
    pub rules: Vec<toml::Table>,
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
    /// The % met every rule of the pack aims for, unless the rule sets its own
    /// (`target_percent`); the extended pack's when absent.
    pub target_percent: Option<f64>,
    /// The course catalogue: a bundled name (`courses`) or a file relative to this one
    /// (default: the extended pack's, else the bundled `courses`).
    pub catalogue: Option<String>,
    /// The % met each rule is judged against for training needs (default 90).
    pub kpi_target: Option<f64>,
}

/// A course of the training offer (the catalogue's format).
pub use crate::training::catalogue::CourseSpec;

/// A rule's course: its id, or its id and why it addresses the rule's failure.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum CourseLinkSpec {
    Id(String),
    Link { id: String, reason: Option<String> },
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

/// The keys every rule has; the rest (`body`) belong to its kind.
#[derive(Debug, Clone, Deserialize)]
pub struct RuleSpec {
    pub id: String,
    pub title: String,
    pub kind: String,
    pub standard: StandardSpec,
    pub kpi: Option<String>,
    /// The courses that address the rule's failure (default: the catalogue's links for
    /// its id).
    #[serde(default)]
    pub courses: Vec<CourseLinkSpec>,
    /// The % met the rule is judged against for training needs (default: the pack's).
    pub kpi_target: Option<f64>,
    /// What the rule checks, in plain words.
    pub checks: Option<String>,
    /// Why it matters.
    pub why: Option<String>,
    /// The % met this rule aims for (0–100); the pack's when absent.
    pub target_percent: Option<f64>,
    /// Published figures to compare the rule's % met with, each with its source.
    #[serde(default)]
    pub comparators: Vec<ComparatorSpec>,
    /// The family of KPIs the headline groups the rule under ("Visits and contact").
    pub family: Option<String>,
    /// Episode types to attribute a non-episode rule's results to (first open one wins).
    #[serde(default)]
    pub episode_types: Vec<String>,
    /// The kind's own keys.
    #[serde(flatten)]
    pub body: toml::Table,
}

/// A published figure to compare a rule's % met with.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ComparatorSpec {
    /// Whose figure it is ("England", "North East").
    pub label: String,
    /// The year or period it covers ("2024-25").
    pub period: String,
    pub percent: f64,
    /// Where it is published: the publication, its table and how it was read.
    pub source: String,
    /// False when the figure could not be checked against its source.
    #[serde(default = "yes")]
    pub verified: bool,
}

fn yes() -> bool {
    true
}
