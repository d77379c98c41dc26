//! Plain-words documentation of a rule, under fixed headings, for `rules explain` and
//! the reports.

use std::fmt::Write;

use super::compiled::*;

/// The rule's timescale in a few words, e.g. "within 15 working days" or "every 20
/// working days (12 weeks when …)".
pub fn describe_timescale(rule: &Rule) -> String {
    rule.kind.timescale()
}

/// The reference of the rule kinds, generated from the registry: `rules kinds` prints it
/// and the README holds it (a test keeps the two the same).
pub fn kinds_reference(kinds: &[crate::engine::KindDef]) -> String {
    let mut s = String::new();
    for k in kinds {
        let _ = writeln!(s, "#### `{}`\n", k.name);
        for line in wrap(k.doc, 90) {
            let _ = writeln!(s, "{line}");
        }
        let _ = writeln!(s);
        for line in wrap(&format!("How it is counted: {}", k.counting), 90) {
            let _ = writeln!(s, "{line}");
        }
        let _ = writeln!(s);
    }
    s
}

/// Words of `text` in lines of at most `width` characters.
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = vec![String::new()];
    for word in text.split_whitespace() {
        let line = lines.last_mut().expect("one line at least");
        if !line.is_empty() && line.len() + 1 + word.len() > width {
            lines.push(word.to_string());
        } else {
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(word);
        }
    }
    lines
}

/// The full explanation of a rule, with the pack's course titles.
pub fn explain(pack: &Pack, rule: &Rule) -> String {
    let mut s = String::new();
    let _ = writeln!(s, "{} — {}", rule.id, rule.title);
    let _ = writeln!(s, "\nKind: {}", rule.kind.name());
    let _ = writeln!(
        s,
        "\nWhat it checks:\n  {}",
        rule.checks.as_deref().unwrap_or(&rule.title)
    );
    if let Some(why) = &rule.why {
        let _ = writeln!(s, "\nWhy it matters:\n  {why}");
    }
    let _ = writeln!(s, "\nTimescale:\n  {}", describe_timescale(rule));
    let tables: Vec<&str> = rule.kind.tables().iter().map(|t| t.name()).collect();
    let _ = writeln!(
        s,
        "\nReads:\n  {} (without them it is not measured)",
        tables.join(", ")
    );
    let _ = writeln!(s, "\nHow it is counted:");
    for line in wrap(rule.kind.counting(), 86) {
        let _ = writeln!(s, "  {line}");
    }
    let _ = writeln!(s, "\nStandard:\n  {}", rule.standard.section);
    if let Some(text) = &rule.standard.text {
        for line in wrap(&format!("\u{201c}{text}\u{201d}"), 86) {
            let _ = writeln!(s, "  {line}");
        }
    }
    if let Some(src) = &pack.source {
        let _ = writeln!(s, "  Source: {src}");
    }
    if let Some(line) = rule.standard.line {
        let _ = writeln!(s, "  (line {line} of the source text, for maintainers)");
    }
    if let Some(kpi) = &rule.kpi {
        let _ = writeln!(s, "\nKPI:\n  {kpi}");
    }
    let _ = match (rule.target_percent, pack.target_percent) {
        (Some(t), _) => writeln!(s, "  Target: {t}% met (the rule's)"),
        (None, Some(t)) => writeln!(s, "  Target: {t}% met (the pack's)"),
        (None, None) => writeln!(
            s,
            "  Target: 90% met (caseaudit's default; the pack sets none)"
        ),
    };
    if let Some(f) = &rule.family {
        let _ = writeln!(s, "  Family: {f}");
    }
    for c in &rule.comparators {
        let checked = if c.verified { "" } else { " (unverified)" };
        let _ = writeln!(
            s,
            "  {} {}: {}%{checked} — {}",
            c.label, c.period, c.percent, c.source
        );
    }
    let _ = writeln!(s, "\nCourses that address it:");
    if rule.links.is_empty() {
        let _ = writeln!(s, "  (none listed)");
    }
    for l in &rule.links {
        match pack.course(&l.course) {
            Some(course) => {
                let mut about: Vec<String> = Vec::new();
                if let Some(c) = &course.category {
                    about.push(c.clone());
                }
                if let Some(d) = &course.delivery {
                    about.push(d.clone());
                }
                about.push(format!("for {}", course.audience.join(", ")));
                let _ = writeln!(
                    s,
                    "  {} — {} [{}]",
                    course.id,
                    course.title,
                    about.join("; ")
                );
                if course.for_managers_only() {
                    let _ = writeln!(
                        s,
                        "    goes to the responsible manager (the supervisor, for supervision rules), not to the worker"
                    );
                }
                if let Some(reason) = &l.reason {
                    for line in wrap(&format!("Why: {reason}"), 84) {
                        let _ = writeln!(s, "    {line}");
                    }
                }
            }
            None => {
                let _ = writeln!(s, "  {}", l.course);
            }
        }
    }
    let _ = writeln!(
        s,
        "  Judged per worker on % met against {}% (`training_needs.csv`).",
        crate::report::tenths_text(pack.kpi_target_tenths(rule))
    );
    let _ = writeln!(s, "\nDefined in pack: {}", rule.defined_in);
    s
}

/// The course catalogue of a pack: every course, its audience and delivery, whether it
/// is a placeholder, and the pack's rules that link it.
pub fn list_courses(pack: &Pack) -> String {
    let mut s = String::new();
    let cat = &pack.catalogue;
    let _ = writeln!(
        s,
        "{} — {} ({} courses; {})\n",
        cat.id,
        cat.title,
        pack.courses.len(),
        cat.files.join(", ")
    );
    for c in &pack.courses {
        let rules: Vec<&str> = pack
            .rules
            .iter()
            .filter(|r| r.courses.contains(&c.id))
            .map(|r| r.id.as_str())
            .collect();
        let _ = writeln!(
            s,
            "{}  {}{}",
            c.id,
            c.title,
            if c.placeholder {
                "  (PLACEHOLDER: never recommended)"
            } else {
                ""
            }
        );
        let _ = writeln!(
            s,
            "    {} · {} · for {} · family {}",
            c.category.as_deref().unwrap_or("-"),
            c.delivery.as_deref().unwrap_or("delivery not stated"),
            c.audience.join(", "),
            c.family
        );
        if !rules.is_empty() {
            let _ = writeln!(s, "    linked by {}", rules.join(", "));
        }
    }
    let _ = writeln!(s, "\nRoles (from the role map): {}", cat.roles().join(", "));
    s
}
