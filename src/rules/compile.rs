//! Step two of loading a rule pack: validating a [`PackSpec`] and compiling its rules.
//! Every problem is reported with the file, the rule and what to write instead; all the
//! problems of a file are reported together.

use std::collections::HashSet;

use regex::Regex;

use super::compiled::*;
use super::duration::Duration;
use super::spec::*;
use crate::schema::{ColumnKind, EPISODE_TYPES, TABLES, TableDef, TableId};

/// A problem in a rule-pack file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleError {
    pub file: String,
    pub rule: Option<String>,
    pub message: String,
}

impl std::fmt::Display for RuleError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.rule {
            Some(id) => write!(f, "{}: rule {}: {}", self.file, id, self.message),
            None => write!(f, "{}: {}", self.file, self.message),
        }
    }
}

/// Compiles the rules of one file. `courses` are the course ids known to the pack (its
/// own and the extended packs'); an empty set skips the check.
pub fn compile_rules(
    file: &str,
    pack_id: &str,
    spec: &PackSpec,
    courses: &HashSet<String>,
) -> Result<Vec<Rule>, Vec<RuleError>> {
    let mut errors = Vec::new();
    let mut rules = Vec::new();
    let mut seen = HashSet::new();
    for r in &spec.rules {
        let mut cx = Cx {
            file,
            rule: &r.id,
            errors: &mut errors,
        };
        if r.id.trim().is_empty() {
            cx.err("a rule has an empty id: give every rule a unique id such as \"CP-VISIT-10\"");
            continue;
        }
        if !seen.insert(r.id.to_ascii_uppercase()) {
            cx.err("duplicate rule id in this file: each id may appear once (to change a rule of an extended pack, define it once here)");
            continue;
        }
        if let Some(rule) = compile_rule(&mut cx, pack_id, r, courses) {
            rules.push(rule);
        }
    }
    if errors.is_empty() {
        Ok(rules)
    } else {
        Err(errors)
    }
}

struct Cx<'a> {
    file: &'a str,
    rule: &'a str,
    errors: &'a mut Vec<RuleError>,
}

impl Cx<'_> {
    fn err(&mut self, message: impl Into<String>) {
        self.errors.push(RuleError {
            file: self.file.to_string(),
            rule: Some(self.rule.to_string()),
            message: message.into(),
        });
    }

    fn duration(&mut self, what: &str, text: &str) -> Option<Duration> {
        Duration::parse(text)
            .map_err(|e| self.err(format!("{what}: {e}")))
            .ok()
    }

    fn table(&mut self, what: &str, name: &str) -> Option<TableId> {
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

    fn column(&mut self, what: &str, table: TableId, name: &str, want_date: bool) -> Option<usize> {
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

    fn filters(&mut self, what: &str, table: TableId, specs: &[ConditionSpec]) -> Vec<Filter> {
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

    fn selector(&mut self, what: &str, s: &SelectorSpec) -> Option<Selector> {
        let table = self.table(what, &s.table)?;
        let date = self.column(what, table, &s.date, true);
        let filters = self.filters(what, table, &s.filters);
        Some(Selector {
            table,
            date: date?,
            filters,
        })
    }

    fn timescale(&mut self, r: &RuleSpec, table: Option<TableId>) -> Option<Timescale> {
        let Some(text) = &r.timescale else {
            self.err("missing timescale: add e.g. timescale = \"15 WD\"");
            return None;
        };
        let default = self.duration("timescale", text);
        let mut cases = Vec::new();
        for case in &r.timescale_if {
            let d = self.duration("timescale_if", &case.timescale);
            let filters = match table {
                Some(t) => self.filters("timescale_if", t, &case.filters),
                None => Vec::new(),
            };
            if let Some(d) = d {
                cases.push((filters, d));
            }
        }
        Some(Timescale {
            default: default?,
            cases,
        })
    }

    fn episode_types(&mut self, what: &str, types: &[String]) -> Vec<String> {
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

    /// Reports keys given that a kind does not use.
    fn unused(&mut self, kind: &str, keys: &[(&str, bool)]) {
        for (key, given) in keys {
            if *given {
                self.err(format!("'{key}' is not used by {kind} rules: remove it"));
            }
        }
    }
}

const KINDS: &str = "deadline, lag, lead, recurring, snapshot";

fn compile_rule(
    cx: &mut Cx<'_>,
    pack_id: &str,
    r: &RuleSpec,
    courses: &HashSet<String>,
) -> Option<Rule> {
    if r.title.trim().is_empty() {
        cx.err("empty title: the title names the failure, e.g. \"CP child not seen within 10 working days\"");
    }
    if !courses.is_empty() {
        for c in &r.courses {
            if !courses.contains(c) {
                let mut known: Vec<&String> = courses.iter().collect();
                known.sort();
                cx.err(format!(
                    "unknown course '{c}': add a [[course]] with this id or use one of: {}",
                    known
                        .iter()
                        .map(|s| s.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                ));
            }
        }
    }
    let episode_types = cx.episode_types("episode_types", &r.episode_types);
    let kind = match r.kind.as_str() {
        "deadline" | "lag" => {
            cx.unused(
                &r.kind,
                &[
                    ("cohort", r.cohort.is_some()),
                    ("events", r.events.is_some()),
                    ("interval", !r.interval.is_empty()),
                    ("anchor", r.anchor.is_some()),
                ],
            );
            let d = deadline(cx, r)?;
            if r.kind == "lag" {
                if d.target_events.is_some() || d.target_column.is_none() {
                    cx.err("a lag rule's target is a date column of the same row: write target = { column = \"recorded_date\" }");
                    return None;
                }
                RuleKind::Lag(d)
            } else {
                RuleKind::Deadline(d)
            }
        }
        "lead" => {
            cx.unused(
                "lead",
                &[
                    ("cohort", r.cohort.is_some()),
                    ("events", r.events.is_some()),
                    ("interval", !r.interval.is_empty()),
                    ("anchor", r.anchor.is_some()),
                ],
            );
            RuleKind::Lead(lead(cx, r)?)
        }
        "snapshot" => {
            cx.unused(
                "snapshot",
                &[
                    ("start", r.start.is_some()),
                    ("target", r.target.is_some()),
                    ("timescale", r.timescale.is_some()),
                    ("timescale_if", !r.timescale_if.is_empty()),
                    ("anchor", r.anchor.is_some()),
                ],
            );
            let s = recurring(cx, r)?;
            if s.per == Per::Worker {
                cx.err("snapshot rules are per child: remove per = \"worker\"");
            }
            RuleKind::Snapshot(s)
        }
        "recurring" => {
            cx.unused(
                "recurring",
                &[
                    ("start", r.start.is_some()),
                    ("target", r.target.is_some()),
                    ("timescale", r.timescale.is_some()),
                    ("timescale_if", !r.timescale_if.is_empty()),
                ],
            );
            RuleKind::Recurring(recurring(cx, r)?)
        }
        other => {
            cx.err(format!("unknown kind '{other}': kinds are {KINDS}"));
            return None;
        }
    };
    Some(Rule {
        id: r.id.clone(),
        title: r.title.clone(),
        standard: Standard {
            section: r.standard.section.clone(),
            line: r.standard.line,
            text: r.standard.text.clone(),
        },
        kpi: r.kpi.clone(),
        courses: r.courses.clone(),
        checks: r.checks.clone(),
        why: r.why.clone(),
        episode_types,
        defined_in: pack_id.to_string(),
        kind,
    })
}

fn deadline(cx: &mut Cx<'_>, r: &RuleSpec) -> Option<Deadline> {
    let Some(start_spec) = &r.start else {
        cx.err("missing start: add start = { table = \"…\", date = \"…\" }");
        return None;
    };
    let start = cx.selector("start", start_spec);
    let timescale = cx.timescale(r, start.as_ref().map(|s| s.table));
    let Some(t) = &r.target else {
        cx.err("missing target: add target = { column = \"completed_date\" } or target = { table = \"…\", date = \"…\" }");
        return None;
    };
    let start = start?;
    let target_column = t
        .column
        .as_ref()
        .and_then(|c| cx.column("target", start.table, c, true));
    let target_events = match (&t.table, &t.date) {
        (Some(table), Some(date)) => cx.selector(
            "target",
            &SelectorSpec {
                table: table.clone(),
                date: date.clone(),
                filters: t.filters.clone(),
            },
        ),
        (None, None) => {
            if !t.filters.is_empty() {
                cx.err("target: 'where' applies to a target table: add table and date, or remove where");
            }
            None
        }
        _ => {
            cx.err("target: give both table and date for events of another table");
            None
        }
    };
    if t.column.is_none() && t.table.is_none() {
        cx.err("target: give column (a date of the start row) and/or table + date");
        return None;
    }
    if let Some(ev) = &target_events
        && (ev.table.def().key != "child_id" || start.table.def().key != "child_id")
    {
        cx.err(
            "target: events of another table are matched by child_id; both tables must have one",
        );
    }
    Some(Deadline {
        start,
        target_column,
        target_events,
        timescale: timescale?,
    })
}

fn lead(cx: &mut Cx<'_>, r: &RuleSpec) -> Option<Lead> {
    let Some(start_spec) = &r.start else {
        cx.err("missing start: add start = { table = \"meetings\", date = \"meeting_date\", where = [...] }");
        return None;
    };
    let start = cx.selector("start", start_spec);
    let timescale = cx.timescale(r, start.as_ref().map(|s| s.table));
    let start = start?;
    let document = match r.target.as_ref().and_then(|t| t.column.as_ref()) {
        Some(c) if r.target.as_ref().is_some_and(|t| t.table.is_none()) => {
            cx.column("target", start.table, c, true)
        }
        _ => {
            cx.err("a lead rule's target is the date the document was shared, a column of the start row: write target = { column = \"report_shared_date\" }");
            None
        }
    };
    Some(Lead {
        start,
        document: document?,
        timescale: timescale?,
    })
}

fn recurring(cx: &mut Cx<'_>, r: &RuleSpec) -> Option<Recurring> {
    let Some(cohort) = &r.cohort else {
        cx.err("missing cohort: add cohort = { episode_types = [\"CP\"] }");
        return None;
    };
    let episode_types = cx.episode_types("cohort", &cohort.episode_types);
    if cohort.episode_types.is_empty() {
        cx.err("cohort: list at least one episode type");
    }
    let per = match cohort.per.as_deref() {
        None | Some("child") => Per::Child,
        Some("worker") => Per::Worker,
        Some(other) => {
            cx.err(format!(
                "cohort: per = '{other}': write per = \"child\" or per = \"worker\""
            ));
            Per::Child
        }
    };
    let Some(ev) = &r.events else {
        cx.err("missing events: add events = { table = \"visits\", date = \"visit_date\" }");
        return None;
    };
    let events = cx.selector("events", ev);
    if let Some(e) = &events {
        let want = if per == Per::Worker {
            "worker"
        } else {
            "child_id"
        };
        if e.table.def().key != want {
            cx.err(format!(
                "events: table '{}' is not keyed by {want}, so its rows cannot be matched to the cohort",
                e.table.name()
            ));
        }
    }
    let anchor = match r.anchor.as_deref() {
        None | Some("episode_start") => Anchor::EpisodeStart,
        Some("first_event") => Anchor::FirstEvent,
        Some(other) => {
            cx.err(format!(
                "anchor = '{other}': write \"episode_start\" or \"first_event\""
            ));
            Anchor::EpisodeStart
        }
    };
    if r.interval.is_empty() {
        cx.err("missing interval: add [[rule.interval]] every = \"10 WD\"");
        return None;
    }
    if r.interval.last().is_some_and(|i| i.when.is_some()) {
        cx.err("the last [[rule.interval]] must have no 'when', so that an interval is always in force");
    }
    let mut intervals = Vec::new();
    for i in &r.interval {
        let every = cx.duration("interval", &i.every);
        let w = i.when.clone().unwrap_or_default();
        let when = When {
            ordinal: w.ordinal,
            age_under: w.age_under,
            within: w
                .within
                .as_deref()
                .and_then(|t| cx.duration("interval when.within", t)),
            child_flag: w.child_flag.as_deref().and_then(|c| {
                let i = cx.column("interval when.child_flag", TableId::Children, c, false)?;
                if TableId::Children.def().columns[i].kind != ColumnKind::Flag {
                    cx.err(format!(
                        "interval when.child_flag: '{c}' is not a Y/N column of children"
                    ));
                    return None;
                }
                Some(i)
            }),
        };
        if w.ordinal == Some(0) {
            cx.err("interval when.ordinal counts from 1 (the first expectation)");
        }
        if let Some(every) = every {
            intervals.push(Interval { when, every });
        }
    }
    Some(Recurring {
        episode_types,
        per,
        events: events?,
        intervals,
        anchor,
    })
}
