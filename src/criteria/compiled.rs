//! The shared pieces of a validated rule: every table and column resolved to its schema
//! index, every regular expression and timescale parsed, so that nothing about a rule
//! can fail while children are being audited.

use regex::Regex;

use crate::calendar::Duration;
use crate::schema::TableId;

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

impl Selector {
    /// "event (meeting_type matches ^ICPC$)" and the like, for messages.
    pub fn describe(&self, what: &str) -> String {
        if self.filters.is_empty() {
            return what.to_string();
        }
        let tests: Vec<String> = self
            .filters
            .iter()
            .map(|f| format!("{} {}", f.table.def().columns[f.column].name, f.test))
            .collect();
        format!("{what} ({})", tests.join(", "))
    }
}

/// A timescale that may differ by a test on the start row.
#[derive(Debug)]
pub struct Timescale {
    pub default: Duration,
    pub cases: Vec<(Vec<Filter>, Duration)>,
}

impl std::fmt::Display for Timescale {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.default)?;
        for (_, dur) in &self.cases {
            write!(f, " ({dur} in some cases)")?;
        }
        Ok(())
    }
}

/// Whether a chain's expectations are placed on children or on workers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Per {
    Child,
    Worker,
}

/// The episodes a chain rule applies to, and whether it is audited per child or per
/// worker holding them.
#[derive(Debug)]
pub struct Cohort {
    /// Episode type codes (`CP`, `CLA`, …).
    pub episode_types: Vec<String>,
    pub per: Per,
}

/// What a chain rule follows: the episodes of a cohort, the events that must recur and
/// the intervals they must recur within.
#[derive(Debug)]
pub struct Chain {
    pub cohort: Cohort,
    pub events: Selector,
    pub intervals: Vec<Interval>,
}

impl Chain {
    /// The tables a chain reads.
    pub fn tables(&self) -> Vec<TableId> {
        vec![TableId::Episodes, self.events.table]
    }
}

/// One interval of a chain and when it is in force.
#[derive(Debug)]
pub struct Interval {
    pub when: When,
    pub every: Duration,
}

/// Conditions on the anchor date of an interval (all given must hold).
#[derive(Debug, Default)]
pub struct When {
    pub ordinal: Option<u32>,
    pub age_under: Option<u32>,
    pub within: Option<Duration>,
    /// Column index in `children` of a Y/N flag.
    pub child_flag: Option<usize>,
}

/// "every 20 working days", "3 months (expectation 1); then 6 months", …
pub fn describe_intervals(intervals: &[Interval]) -> String {
    let parts: Vec<String> = intervals
        .iter()
        .map(|i| {
            let mut conds = Vec::new();
            if let Some(n) = i.when.ordinal {
                conds.push(format!("expectation {n}"));
            }
            if let Some(a) = i.when.age_under {
                conds.push(format!("under {a}"));
            }
            if let Some(w) = i.when.within {
                conds.push(format!("first {w}"));
            }
            if let Some(c) = i.when.child_flag {
                conds.push(TableId::Children.def().columns[c].name.to_string());
            }
            if conds.is_empty() {
                format!("every {}", i.every)
            } else {
                format!("{} ({})", i.every, conds.join(", "))
            }
        })
        .collect();
    parts.join("; then ")
}
