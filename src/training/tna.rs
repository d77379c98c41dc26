//! The training-needs-analysis form, one per team and course, in the shape of the
//! proforma of the seed's L&D strategy (North Somerset Safeguarding Children Board,
//! Appendix One): how the need was identified (audit: the rules, % met, the period),
//! the practice to see, the audience, how effectiveness will be measured (the KPI and
//! the four-month review), and the methods preferred, ticked from the course's delivery.

use std::collections::BTreeMap;

use chrono::{Datelike, Months};

use super::needs::{NeedKind, NeedRow};
use super::{Cx, pct};
use crate::engine::Status;
use crate::report::{Tally, tenths_text};

/// The proforma's title, as the seed writes it.
pub const TITLE: &str = "Training needs analysis/ training request";
/// The proforma's questions, verbatim.
pub const Q_IDENTIFIED: &str = "How has this need been identified? Audit / Case Review/ National Requirement / other (please specify)";
pub const Q_PRACTICE: &str = "Workforce development requirement (Please describe the practice you want to see as a result of providing learning and development)";
pub const Q_AUDIENCE: &str = "Target Audience";
pub const Q_MEASURE: &str =
    "How will you measure the effectiveness of the learning and development within practice?";
pub const Q_METHODS: &str =
    "Which learning and development method/s would you prefer? Tick all that apply";

/// The methods the proforma lists, in its order.
pub const METHODS: [&str; 9] = [
    "Single agency training",
    "Multi-agency training",
    "Newsletters and emails",
    "Audit finding newsletters",
    "Briefings",
    "Themed Reading with follow up within teams or supervision",
    "Conference",
    "Guidance notes and procedures",
    "Webinars and/ or elearning",
];

/// One form: a team's need of one course.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TnaForm {
    pub team: String,
    pub course_id: String,
    pub course: String,
    /// Staff below target it would reach, and those who completed it recently.
    pub staff: u64,
    pub completed: u64,
    /// "Audit", and what the audit found.
    pub identified_by: String,
    pub identified: String,
    pub practice: String,
    pub audience: String,
    pub measure: String,
    /// One per [`METHODS`]: ticked or not.
    pub methods: [bool; 9],
}

impl TnaForm {
    /// The ticked methods, `; `-separated.
    pub fn methods_text(&self) -> String {
        METHODS
            .iter()
            .zip(self.methods)
            .filter(|(_, t)| *t)
            .map(|(m, _)| *m)
            .collect::<Vec<_>>()
            .join("; ")
    }
}

/// The forms: per team (by name), its courses (most staff first).
pub fn forms(cx: &Cx<'_>, needs: &[NeedRow]) -> Vec<TnaForm> {
    let mut groups: BTreeMap<(&str, &str), Vec<&NeedRow>> = BTreeMap::new();
    for n in needs {
        if !n.course_id.is_empty()
            && matches!(n.kind, NeedKind::Book | NeedKind::CompletedStillBelow)
        {
            groups.entry((&n.team, &n.course_id)).or_default().push(n);
        }
    }
    let s = cx.settings;
    let report = cx.report;
    // Each rule's counted expectations per team.
    let mut team_tallies: BTreeMap<(usize, &str), Tally> = BTreeMap::new();
    for r in &report.rows {
        if r.counted && matches!(r.status, Status::Met | Status::Late | Status::Missing) {
            team_tallies
                .entry((r.rule as usize, report.label(r.team)))
                .or_default()
                .add(r.status);
        }
    }
    let next = s
        .as_at
        .checked_add_months(Months::new(1))
        .unwrap_or(s.as_at);
    let review = s.window.after(next);
    let month = |d: chrono::NaiveDate| format!("{} {}", d.format("%B"), d.year());

    let mut out: Vec<TnaForm> = groups
        .into_iter()
        .map(|((team, course_id), rows)| {
            let course = cx.pack.course(course_id).expect("a catalogue course");
            let mut rules: Vec<&str> = rows
                .iter()
                .flat_map(|n| n.rule_ids.iter().map(String::as_str))
                .collect();
            rules.sort();
            rules.dedup();
            let book: Vec<&&NeedRow> = rows.iter().filter(|n| n.kind == NeedKind::Book).collect();
            let done: Vec<&&NeedRow> = rows
                .iter()
                .filter(|n| n.kind == NeedKind::CompletedStillBelow)
                .collect();
            let mut identified = Vec::new();
            let mut practice = Vec::new();
            let mut kpis = Vec::new();
            for id in &rules {
                let Some((i, rule)) = cx.pack.rules.iter().enumerate().find(|(_, r)| r.id == *id)
                else {
                    continue;
                };
                let t = team_tallies.get(&(i, team)).copied().unwrap_or_default();
                let below = rows
                    .iter()
                    .filter(|n| n.rule_ids.iter().any(|r| r == id))
                    .count();
                let p = pct(t.met, t.due)
                    .map(|p| format!("{}%", tenths_text(p)))
                    .unwrap_or_else(|| "no % (nothing due)".into());
                identified.push(format!(
                    "{id} ({}): the team met {p} ({} of {} due) against a target of {}% in the audit period {} to {}; {below} member(s) of staff below target",
                    rule.title,
                    t.met,
                    t.due,
                    tenths_text(cx.pack.kpi_target_tenths(rule)),
                    s.from,
                    s.to
                ));
                practice.push(match &rule.standard.text {
                    Some(text) => format!("{id}: “{}” ({})", text.trim(), rule.standard.section),
                    None => format!(
                        "{id}: {} ({})",
                        rule.checks.as_deref().unwrap_or(&rule.title),
                        rule.standard.section
                    ),
                });
                kpis.push(format!(
                    "{id}: {} (baseline {p} met)",
                    rule.kpi.as_deref().unwrap_or(&rule.title)
                ));
            }
            if let Some(purpose) = &course.purpose {
                practice.push(format!("The course: {purpose}"));
            }
            if !course.impact.is_empty() {
                practice.push(format!(
                    "What records and audit should show afterwards (the offer's Impact of Learning): {}",
                    course.impact.join("; ")
                ));
            }
            let person = |n: &NeedRow| {
                if n.role_text.is_empty() {
                    n.worker.clone()
                } else {
                    format!("{} ({})", n.worker, n.role_text)
                }
            };
            let mut audience = Vec::new();
            if !book.is_empty() {
                audience.push(format!(
                    "{} member(s) of staff below target: {}",
                    book.len(),
                    book.iter().map(|n| person(n)).collect::<Vec<_>>().join(", ")
                ));
            }
            if !done.is_empty() {
                audience.push(format!(
                    "completed it in the last 12 months and still below target (for supervision or observation rather than the course): {}",
                    done.iter()
                        .map(|n| format!(
                            "{} (completed {})",
                            person(n),
                            n.completed_date.map(|d| d.to_string()).unwrap_or_default()
                        ))
                        .collect::<Vec<_>>()
                        .join(", ")
                ));
            }
            audience.push(format!("Course audience: {}", course.audience.join(", ")));
            let measure = format!(
                "KPI: {}. Four-month review: % met on {} in the {} before and the {} after each completion, against staff who have not completed it (training_impact.csv); staff completing it in {} are reviewed in {}.",
                kpis.join("; "),
                rules.join(", "),
                s.window.describe(),
                s.window.describe(),
                month(next),
                month(review)
            );
            let delivery = course.delivery.as_deref().unwrap_or("").to_ascii_lowercase();
            let category = course.category.as_deref().unwrap_or("");
            let mut methods = [false; 9];
            methods[0] = category != "multi-agency"
                && (delivery.contains("seminar")
                    || delivery.contains("programme")
                    || delivery.contains("contact od"));
            methods[1] = category == "multi-agency";
            methods[5] = !done.is_empty();
            methods[7] = course.id == "trix-procedures" || course.id == "practice-standards";
            methods[8] = delivery.contains("learning")
                || delivery.contains("video")
                || delivery.contains("information page");
            TnaForm {
                team: team.to_string(),
                course_id: course_id.to_string(),
                course: course.title.clone(),
                staff: book.len() as u64,
                completed: done.len() as u64,
                identified_by: "Audit".into(),
                identified: identified.join("\n"),
                practice: practice.join("\n"),
                audience: audience.join("\n"),
                measure,
                methods,
            }
        })
        .collect();
    out.sort_by(|a, b| {
        (a.team == crate::report::NOT_RECORDED, &a.team)
            .cmp(&(b.team == crate::report::NOT_RECORDED, &b.team))
            .then_with(|| b.staff.cmp(&a.staff))
            .then_with(|| b.completed.cmp(&a.completed))
            .then_with(|| a.course_id.cmp(&b.course_id))
    });
    out
}
