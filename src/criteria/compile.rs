//! Validating the shared pieces of a rule: [`Cx`] resolves tables and columns, compiles
//! regular expressions and parses timescales, and records every problem with the file,
//! the rule and what to write instead, so that all the problems of a file are reported
//! together.

use regex::Regex;

use super::compiled::*;
use super::spec::*;
use crate::calendar::Duration;
use crate::schema::{ColumnKind, EPISODE_TYPES, TABLES, TableDef, TableId};

/// A problem in a rule-pack file.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}: {}{message}", rule.as_ref().map(|r| format!("rule {r}: ")).unwrap_or_default())]
pub struct RuleError {
    pub file: String,
    pub rule: Option<String>,
    pub message: String,
}

/// The compile context of one rule: where problems are reported.
pub struct Cx<'a> {
    pub file: &'a str,
    pub rule: &'a str,
    pub errors: &'a mut Vec<RuleError>,
}

impl Cx<'_> {
    /// Reports a problem of the rule.
    pub fn err(&mut self, message: impl Into<String>) {
        self.errors.push(RuleError {
            file: self.file.to_string(),
            rule: Some(self.rule.to_string()),
            message: message.into(),
        });
    }

    /// A timescale (`0 days` is "on the same day").
    pub fn duration(&mut self, what: &str, text: &str) -> Option<Duration> {
        Duration::parse(text)
            .map_err(|e| self.err(format!("{what}: {e}")))
            .ok()
    }

    pub fn table(&mut self, what: &str, name: &str) -> Option<TableId> {
        let t = TableId::from_name(name);
        if t.is_none() {
            let names: Vec<&str> = TABLES.iter().map(|t| t.name).collect();
            self.err(format!(
                "{what}: unknown table '{name}'; tables are: {}",
                names.join(", ")
            ));
        }
        t
    }

    pub fn column(
        &mut self,
        what: &str,
        table: TableId,
        name: &str,
        want_date: bool,
    ) -> Option<usize> {
        let def: &TableDef = table.def();
        let Some(i) = def.column_index(name) else {
            self.err(format!(
                "{what}: table '{}' has no column '{name}'; its columns are: {}",
                def.name,
                def.column_names().join(", ")
            ));
            return None;
        };
        if want_date && def.columns[i].kind != ColumnKind::Date {
            let dates: Vec<&str> = def
                .columns
                .iter()
                .filter(|c| c.kind == ColumnKind::Date)
                .map(|c| c.name)
                .collect();
            self.err(format!(
                "{what}: column '{name}' of '{}' is not a date; its date columns are: {}",
                def.name,
                dates.join(", ")
            ));
            return None;
        }
        Some(i)
    }

    fn regex(&mut self, what: &str, pattern: &str) -> Option<Regex> {
        Regex::new(pattern)
            .map_err(|e| self.err(format!("{what}: bad regular expression '{pattern}': {e}")))
            .ok()
    }

    pub fn filters(&mut self, what: &str, table: TableId, specs: &[ConditionSpec]) -> Vec<Filter> {
        let mut out = Vec::new();
        for c in specs {
            let Some(column) = self.column(what, table, &c.column, false) else {
                continue;
            };
            let given = [
                c.matches.is_some(),
                c.not_matches.is_some(),
                c.blank.is_some(),
            ];
            if given.iter().filter(|g| **g).count() != 1 {
                self.err(format!(
                    "{what}: the condition on '{}' must have exactly one of matches = \"regex\", not_matches = \"regex\" or blank = true/false",
                    c.column
                ));
                continue;
            }
            let test = if let Some(p) = &c.matches {
                self.regex(what, p).map(Test::Matches)
            } else if let Some(p) = &c.not_matches {
                self.regex(what, p).map(Test::NotMatches)
            } else {
                c.blank.map(Test::Blank)
            };
            if let Some(test) = test {
                out.push(Filter {
                    table,
                    column,
                    test,
                });
            }
        }
        out
    }

    pub fn selector(&mut self, what: &str, s: &SelectorSpec) -> Option<Selector> {
        let table = self.table(what, &s.table)?;
        let date = self.column(what, table, &s.date, true);
        let filters = self.filters(what, table, &s.filters);
        Some(Selector {
            table,
            date: date?,
            filters,
        })
    }

    /// A timescale with its `timescale_if` cases, tested on rows of `table`.
    pub fn timescale(
        &mut self,
        text: &str,
        cases: &[TimescaleIfSpec],
        table: Option<TableId>,
    ) -> Option<Timescale> {
        let default = self.duration("timescale", text);
        let mut out = Vec::new();
        for case in cases {
            let d = self.duration("timescale_if", &case.timescale);
            let filters = match table {
                Some(t) => self.filters("timescale_if", t, &case.filters),
                None => Vec::new(),
            };
            if let Some(d) = d {
                out.push((filters, d));
            }
        }
        Some(Timescale {
            default: default?,
            cases: out,
        })
    }

    /// The start rows and timescale of a rule that starts from rows of a table, and the
    /// date column of the start row its target is (when `T` names one).
    pub fn start<T>(&mut self, spec: &StartSpec<T>) -> Option<(Selector, Timescale)> {
        let start = self.selector("start", &spec.start);
        let timescale = self.timescale(
            &spec.timescale,
            &spec.timescale_if,
            start.as_ref().map(|s| s.table),
        );
        Some((start?, timescale?))
    }

    /// A target date column of the start row.
    pub fn target_column(&mut self, start: &Selector, t: &TargetColumnSpec) -> Option<usize> {
        self.column("target", start.table, &t.column, true)
    }

    /// The cohort, events and intervals of a chain rule.
    pub fn chain(&mut self, spec: &ChainSpec) -> Option<Chain> {
        let cohort = self.cohort(&spec.cohort);
        let events = self.events(&spec.events, cohort.per);
        let intervals = self.intervals(&spec.interval)?;
        Some(Chain {
            cohort,
            events: events?,
            intervals,
        })
    }

    /// Episode type codes, each one of the schema's.
    pub fn episode_types(&mut self, what: &str, types: &[String]) -> Vec<String> {
        let mut out = Vec::new();
        for t in types {
            let code = crate::schema::normalize_code(t);
            if EPISODE_TYPES.contains(&code.as_str()) {
                out.push(code);
            } else {
                self.err(format!(
                    "{what}: unknown episode type '{t}'; episode types are: {}",
                    EPISODE_TYPES.join(", ")
                ));
            }
        }
        out
    }

    pub fn cohort(&mut self, c: &CohortSpec) -> Cohort {
        let episode_types = self.episode_types("cohort", &c.episode_types);
        if c.episode_types.is_empty() {
            self.err("cohort: list at least one episode type");
        }
        let per = match c.per.as_deref() {
            None | Some("child") => Per::Child,
            Some("worker") => Per::Worker,
            Some(other) => {
                self.err(format!(
                    "cohort: per = '{other}': write per = \"child\" or per = \"worker\""
                ));
                Per::Child
            }
        };
        Cohort { episode_types, per }
    }

    /// Reports a cohort audited per worker in a kind that audits children only.
    pub fn per_child(&mut self, kind: &str, cohort: &Cohort) {
        if cohort.per == Per::Worker {
            self.err(format!(
                "{kind} rules are per child: remove per = \"worker\""
            ));
        }
    }

    /// Events that recur for a cohort: rows of a table keyed like the cohort.
    pub fn events(&mut self, ev: &SelectorSpec, per: Per) -> Option<Selector> {
        let events = self.selector("events", ev)?;
        let want = match per {
            Per::Worker => "worker",
            Per::Child => "child_id",
        };
        if events.table.def().key != want {
            self.err(format!(
                "events: table '{}' is not keyed by {want}, so its rows cannot be matched to the cohort",
                events.table.name()
            ));
        }
        Some(events)
    }

    pub fn intervals(&mut self, specs: &[IntervalSpec]) -> Option<Vec<Interval>> {
        if specs.is_empty() {
            self.err("missing interval: add [[rule.interval]] every = \"10 WD\"");
            return None;
        }
        if specs.last().is_some_and(|i| i.when.is_some()) {
            self.err("the last [[rule.interval]] must have no 'when', so that an interval is always in force");
        }
        let mut intervals = Vec::new();
        for i in specs {
            let every = self.duration("interval", &i.every).filter(|d| {
                let moves = d.n > 0;
                if !moves {
                    self.err(format!(
                        "interval: every = '{}' is no time at all: a chain would never move on; give at least 1",
                        i.every
                    ));
                }
                moves
            });
            let w = i.when.clone().unwrap_or_default();
            let when = When {
                ordinal: w.ordinal,
                age_under: w.age_under,
                within: w
                    .within
                    .as_deref()
                    .and_then(|t| self.duration("interval when.within", t)),
                child_flag: w.child_flag.as_deref().and_then(|c| self.child_flag(c)),
            };
            if w.ordinal == Some(0) {
                self.err("interval when.ordinal counts from 1 (the first expectation)");
            }
            if let Some(every) = every {
                intervals.push(Interval { when, every });
            }
        }
        Some(intervals)
    }

    fn child_flag(&mut self, name: &str) -> Option<usize> {
        let i = self.column("interval when.child_flag", TableId::Children, name, false)?;
        if TableId::Children.def().columns[i].kind != ColumnKind::Flag {
            self.err(format!(
                "interval when.child_flag: '{name}' is not a Y/N column of children"
            ));
            return None;
        }
        Some(i)
    }
}
