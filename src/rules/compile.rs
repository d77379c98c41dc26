//! Step two of loading a rule pack: validating each rule — its common keys here, its
//! kind's keys by the kind (`engine::kinds`). Every problem is reported with the file,
//! the rule and what to write instead; all the problems of a file are reported together.

use std::collections::HashSet;

use serde::Deserialize;

use super::compiled::{CourseLink, Rule, Standard};
use super::spec::{CourseLinkSpec, RuleSpec};
use crate::criteria::{Cx, RuleError};
use crate::engine::KindDef;

/// The courses a pack knows (its catalogue's and its own), by id: whether each is a
/// placeholder (never linked).
pub type KnownCourses = std::collections::HashMap<String, bool>;

/// How strictly a file's rules are read.
#[derive(Clone, Copy)]
pub struct Strictness<'k> {
    pub kinds: &'k [KindDef],
    /// Every rule must say what it checks, why, its KPI and its standard's words (the
    /// packs shipped with caseaudit).
    pub documented: bool,
}

/// Compiles the rules of one file. `courses` are the courses
/// known to the pack (the catalogue's and the pack's own); an empty map skips the check.
pub fn compile_rules(
    file: &str,
    pack_id: &str,
    rules: &[toml::Table],
    courses: &KnownCourses,
    strictness: Strictness<'_>,
) -> Result<Vec<Rule>, Vec<RuleError>> {
    let mut errors = Vec::new();
    let mut out = Vec::new();
    let mut seen = HashSet::new();
    for (n, table) in rules.iter().enumerate() {
        // The id names the rule in every message, even when the rest does not read.
        let label = match table.get("id").and_then(|v| v.as_str()) {
            Some(id) if !id.trim().is_empty() => id.to_string(),
            _ => format!("#{} (no id)", n + 1),
        };
        let mut cx = Cx {
            file,
            rule: &label,
            errors: &mut errors,
        };
        if label.starts_with('#') {
            cx.err("a rule has no id: give every rule a unique id such as \"CP-VISIT-10\"");
        } else if !seen.insert(label.to_ascii_uppercase()) {
            cx.err("duplicate rule id in this file: each id may appear once (to change a rule of an extended pack, define it once here)");
        }
        let spec = match RuleSpec::deserialize(toml::Value::Table(table.clone())) {
            Ok(spec) => spec,
            Err(e) => {
                cx.err(format!(
                    "{}: every rule needs id, title, kind and standard = {{ section = \"…\" }}",
                    e.message()
                ));
                // The kind is checked too, so that every problem is reported at once.
                match table.get("kind").and_then(|v| v.as_str()) {
                    Some(k) if crate::engine::kinds::find(strictness.kinds, k).is_none() => {
                        let names: Vec<&str> = strictness.kinds.iter().map(|k| k.name).collect();
                        cx.err(format!(
                            "unknown kind '{k}': kinds are {}",
                            names.join(", ")
                        ));
                    }
                    _ => {}
                }
                continue;
            }
        };
        if strictness.documented {
            require_docs(&mut cx, &spec);
        }
        if let Some(rule) = compile_rule(&mut cx, pack_id, spec, courses, strictness.kinds) {
            out.push(rule);
        }
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}

/// A bundled rule must say what it checks, why, its KPI and its standard's own words.
fn require_docs(cx: &mut Cx<'_>, r: &RuleSpec) {
    let blank = |v: &Option<String>| v.as_deref().is_none_or(|t| t.trim().is_empty());
    for (key, missing) in [
        ("checks", blank(&r.checks)),
        ("why", blank(&r.why)),
        ("kpi", blank(&r.kpi)),
        ("standard.text", blank(&r.standard.text)),
    ] {
        if missing {
            cx.err(format!(
                "{key} is missing: every rule of a bundled pack says what it checks (checks), why it matters (why), the KPI it measures (kpi) and the standard's own sentence (standard.text)"
            ));
        }
    }
    if r.standard.section.trim().is_empty() {
        cx.err("standard.section is empty: name the section of the standards it stands in");
    }
}

fn compile_rule(
    cx: &mut Cx<'_>,
    pack_id: &str,
    r: RuleSpec,
    courses: &KnownCourses,
    kinds: &[KindDef],
) -> Option<Rule> {
    if r.title.trim().is_empty() {
        cx.err("empty title: the title names the failure, e.g. \"CP child not seen within 10 working days\"");
    }
    let links: Vec<CourseLink> = r
        .courses
        .iter()
        .map(|c| match c {
            CourseLinkSpec::Id(id) => CourseLink {
                course: id.clone(),
                reason: None,
            },
            CourseLinkSpec::Link { id, reason } => CourseLink {
                course: id.clone(),
                reason: reason.clone().filter(|r| !r.trim().is_empty()),
            },
        })
        .collect();
    if !courses.is_empty() {
        for l in &links {
            check_course(cx, &l.course, courses);
        }
    }
    let kpi_target_tenths = r.kpi_target.and_then(|t| target_tenths(cx, t));
    let episode_types = cx.episode_types("episode_types", &r.episode_types);
    if let Some(t) = r.target_percent
        && !(0.0..=100.0).contains(&t)
    {
        cx.err(format!(
            "target_percent = {t}: a target is a percentage from 0 to 100"
        ));
    }
    for c in &r.comparators {
        if !(0.0..=100.0).contains(&c.percent) {
            cx.err(format!(
                "comparators: '{}' {} percent = {}: a percentage from 0 to 100",
                c.label, c.period, c.percent
            ));
        }
        if c.source.trim().is_empty() {
            cx.err(format!(
                "comparators: '{}' {} has no source: name the publication and table it comes from",
                c.label, c.period
            ));
        }
    }
    let Some(def) = crate::engine::kinds::find(kinds, &r.kind) else {
        let names: Vec<&str> = kinds.iter().map(|k| k.name).collect();
        cx.err(format!(
            "unknown kind '{}': kinds are {}",
            r.kind,
            names.join(", ")
        ));
        return None;
    };
    let kind = (def.compile)(r.body, cx)?;
    Some(Rule {
        id: r.id,
        title: r.title,
        standard: Standard {
            section: r.standard.section,
            line: r.standard.line,
            text: r.standard.text,
        },
        kpi: r.kpi,
        courses: links.iter().map(|l| l.course.clone()).collect(),
        own_links: !links.is_empty(),
        links,
        kpi_target_tenths,
        checks: r.checks,
        why: r.why,
        episode_types,
        target_percent: r.target_percent,
        comparators: r
            .comparators
            .into_iter()
            .map(|c| crate::engine::Comparator {
                label: c.label,
                period: c.period,
                percent: c.percent,
                source: c.source,
                verified: c.verified,
            })
            .collect(),
        family: r.family.filter(|f| !f.trim().is_empty()),
        defined_in: pack_id.to_string(),
        kind,
    })
}

/// Checks that a linked course is known and is no placeholder.
pub fn check_course(cx: &mut Cx<'_>, id: &str, courses: &KnownCourses) {
    match courses.get(id) {
        None => {
            let closest = courses
                .keys()
                .map(|k| (strsim::jaro_winkler(k, id), k))
                .filter(|(s, _)| *s > 0.8)
                .max_by(|a, b| a.0.total_cmp(&b.0).then_with(|| b.1.cmp(a.1)))
                .map(|(_, k)| format!(" (did you mean '{k}'?)"))
                .unwrap_or_default();
            cx.err(format!(
                "unknown course '{id}'{closest}: add a [[course]] with this id, or use an id of the catalogue (`caseaudit rules courses` lists them)"
            ));
        }
        Some(true) => cx.err(format!(
            "course '{id}' is a placeholder (still to be developed): a placeholder is never linked or recommended"
        )),
        Some(false) => {}
    }
}

/// A % target as tenths of a percent; refused outside 0–100.
pub fn target_tenths(cx: &mut Cx<'_>, percent: f64) -> Option<u64> {
    if (0.0..=100.0).contains(&percent) {
        Some((percent * 10.0).round() as u64)
    } else {
        cx.err(format!(
            "kpi_target {percent}: give the % met the rule is judged against, from 0 to 100"
        ));
        None
    }
}
