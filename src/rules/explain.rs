//! Plain-words documentation of a rule, under fixed headings, for `rules explain` and
//! the reports.

use std::fmt::Write;

use super::compiled::*;

/// The rule's timescale in a few words, e.g. "within 15 working days of the start" or
/// "every 20 working days (12 weeks when …)".
pub fn describe_timescale(rule: &Rule) -> String {
    match &rule.kind {
        RuleKind::Deadline(d) | RuleKind::Lag(d) => {
            let mut s = format!("within {}", d.timescale.default);
            for (_, dur) in &d.timescale.cases {
                let _ = write!(s, " ({dur} in some cases)");
            }
            s
        }
        RuleKind::Lead(l) => format!("at least {} before", l.timescale.default),
        RuleKind::Recurring(r) | RuleKind::Snapshot(r) => {
            let parts: Vec<String> = r
                .intervals
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
                        conds.push(
                            crate::schema::TableId::Children.def().columns[c]
                                .name
                                .to_string(),
                        );
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
    }
}

/// How a rule of this kind turns records into expectations and who owns them (contract §3).
pub fn counting(rule: &Rule) -> &'static str {
    match &rule.kind {
        RuleKind::Deadline(_) | RuleKind::Lag(_) => {
            "One expectation per start row: met when the target comes on or before the due date, late when after it, missing when there is none and the due date is before the as-at date, pending when it is not yet due. It belongs to the worker named on the start row; a row naming no worker, and a deadline that starts from an episode, belong to the worker allocated to the child on the due date (else the episode's worker)."
        }
        RuleKind::Lead(_) => {
            "One expectation per meeting: the document is due the timescale before the meeting; shared on or before that day is met, later is late (even after the meeting), never shared is missing once the due date has passed. It belongs to the worker named on the meeting row, else the worker allocated to the child on the due date."
        }
        RuleKind::Recurring(r) if r.per == Per::Worker => {
            "While the worker holds a case of the cohort, one due point every interval: a supervision on or before it is met; one after it but no later than the next due point is late; otherwise the point is missing and the chain goes on from the missed point, so every missed point in the audit period counts. A missing point's lateness runs to the next supervision, else to the as-at date."
        }
        RuleKind::Recurring(_) => {
            "While the episode is open, one due point every interval from the anchor (the episode start or the previous event): an event on or before it is met; one after it but no later than the next due point is late; otherwise the point is missing and the chain goes on from the missed point, so a child who is never seen misses every due point and each one in the audit period counts. A missing point's lateness runs to the next event (the child was next seen then), else to the as-at date. Each expectation belongs to the worker allocated to the child on its due date (else the episode's worker)."
        }
        RuleKind::Snapshot(_) => {
            "A snapshot knows only each child's latest date: one expectation per open episode, due one interval after the latest event (or the episode start); missing when that is before the as-at date — overdue now, by N working days — whatever the audit period. It belongs to the worker allocated to the child on the due date (else the episode's worker)."
        }
    }
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
    let _ = writeln!(s, "\nHow it is counted:");
    for line in wrap(counting(rule), 86) {
        let _ = writeln!(s, "  {line}");
    }
    let _ = write!(s, "\nStandard:\n  {}", rule.standard.section);
    if let Some(line) = rule.standard.line {
        let _ = write!(s, " (source line {line})");
    }
    let _ = writeln!(s);
    if let Some(text) = &rule.standard.text {
        let _ = writeln!(s, "  \"{text}\"");
    }
    if let Some(src) = &pack.source {
        let _ = writeln!(s, "  Source: {src}");
    }
    if let Some(kpi) = &rule.kpi {
        let _ = writeln!(s, "\nKPI:\n  {kpi}");
    }
    let _ = writeln!(s, "\nCourses that address it:");
    if rule.courses.is_empty() {
        let _ = writeln!(s, "  (none listed)");
    }
    for c in &rule.courses {
        match pack.course(c) {
            Some(course) => {
                let cat = course
                    .category
                    .as_deref()
                    .map(|c| format!(" [{c}]"))
                    .unwrap_or_default();
                let _ = writeln!(s, "  {} — {}{}", course.id, course.title, cat);
            }
            None => {
                let _ = writeln!(s, "  {c}");
            }
        }
    }
    let _ = writeln!(s, "\nDefined in pack: {}", rule.defined_in);
    s
}
