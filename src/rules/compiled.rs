//! Validated, compiled rules: what the engine runs. Every table and column is resolved
//! to its schema index and every regular expression and timescale is parsed, so nothing
//! about a rule can fail while children are being audited.

use regex::Regex;

use super::duration::Duration;
use crate::calendar::Region;
use crate::schema::TableId;

/// A loaded rule pack (after `extends` has been applied).
#[derive(Debug)]
pub struct Pack {
    pub id: String,
    pub title: String,
    pub region: Region,
    pub source: Option<String>,
    pub closures: Vec<chrono::NaiveDate>,
    /// The files the pack was read from, the extended packs first.
    pub files: Vec<String>,
    pub courses: Vec<Course>,
    pub rules: Vec<Rule>,
}

impl Pack {
    pub fn rule(&self, id: &str) -> Option<&Rule> {
        self.rules.iter().find(|r| r.id.eq_ignore_ascii_case(id))
    }

    /// Keeps only the rules whose ids are listed (case-insensitive).
    pub fn retain_rules(&mut self, ids: &[String]) {
        self.rules
            .retain(|r| ids.iter().any(|id| id.eq_ignore_ascii_case(&r.id)));
    }

    pub fn course(&self, id: &str) -> Option<&Course> {
        self.courses.iter().find(|c| c.id == id)
    }
}

#[derive(Debug, Clone)]
pub struct Course {
    pub id: String,
    pub title: String,
    pub category: Option<String>,
    pub source_line: Option<u32>,
}

#[derive(Debug, Clone)]
pub struct Standard {
    pub section: String,
    pub line: Option<u32>,
    pub text: Option<String>,
}

/// One compiled rule.
#[derive(Debug)]
pub struct Rule {
    pub id: String,
    pub title: String,
    pub standard: Standard,
    pub kpi: Option<String>,
    pub courses: Vec<String>,
    pub checks: Option<String>,
    pub why: Option<String>,
    pub episode_types: Vec<String>,
    /// The pack (id) whose file defines this rule.
    pub defined_in: String,
    pub kind: RuleKind,
}

#[derive(Debug)]
pub enum RuleKind {
    Deadline(Deadline),
    Lag(Deadline),
    Lead(Lead),
    Recurring(Recurring),
    /// The latest event is no older than the interval at the as-at date (Annex A).
    Snapshot(Recurring),
}

impl RuleKind {
    pub fn name(&self) -> &'static str {
        match self {
            RuleKind::Deadline(_) => "deadline",
            RuleKind::Lag(_) => "lag",
            RuleKind::Lead(_) => "lead",
            RuleKind::Recurring(_) => "recurring",
            RuleKind::Snapshot(_) => "snapshot",
        }
    }
}

/// Rows of a table, with the date column they are dated by and the tests they pass.
#[derive(Debug)]
pub struct Selector {
    pub table: TableId,
    pub date: usize,
    pub filters: Vec<Filter>,
}

#[derive(Debug)]
pub struct Filter {
    pub table: TableId,
    pub column: usize,
    pub test: Test,
}

#[derive(Debug)]
pub enum Test {
    Matches(Regex),
    NotMatches(Regex),
    Blank(bool),
}

impl std::fmt::Display for Test {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Test::Matches(re) => write!(f, "matches {}", re.as_str()),
            Test::NotMatches(re) => write!(f, "does not match {}", re.as_str()),
            Test::Blank(true) => f.write_str("is blank"),
            Test::Blank(false) => f.write_str("is not blank"),
        }
    }
}

/// A timescale that may differ by a test on the start row.
#[derive(Debug)]
pub struct Timescale {
    pub default: Duration,
    pub cases: Vec<(Vec<Filter>, Duration)>,
}

/// A deadline (or lag): a target must follow the start within the timescale.
#[derive(Debug)]
pub struct Deadline {
    pub start: Selector,
    /// A date column of the start row.
    pub target_column: Option<usize>,
    /// Qualifying rows of another table.
    pub target_events: Option<Selector>,
    pub timescale: Timescale,
}

/// A document shared at least the timescale before its event.
#[derive(Debug)]
pub struct Lead {
    pub start: Selector,
    pub document: usize,
    pub timescale: Timescale,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Anchor {
    EpisodeStart,
    FirstEvent,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Per {
    Child,
    Worker,
}

/// Events that must recur while an episode is open.
#[derive(Debug)]
pub struct Recurring {
    pub episode_types: Vec<String>,
    pub per: Per,
    pub events: Selector,
    pub intervals: Vec<Interval>,
    pub anchor: Anchor,
}

#[derive(Debug)]
pub struct Interval {
    pub when: When,
    pub every: Duration,
}

#[derive(Debug, Default)]
pub struct When {
    pub ordinal: Option<u32>,
    pub age_under: Option<u32>,
    pub within: Option<Duration>,
    /// Column index in `children` of a Y/N flag.
    pub child_flag: Option<usize>,
}
