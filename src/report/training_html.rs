//! The training sections of `report.html`: the view built here from the report's
//! training analysis, laid out by the partial `templates/training.hbs` (registered as
//! `training`). Long lists are capped (the page says so); the CSV files hold every row.

use serde::Serialize;

use super::{Report, tenths_text};
use crate::training::{
    ImpactKind, ImpactRow, METHODS, NeedKind, Q_AUDIENCE, Q_IDENTIFIED, Q_MEASURE, Q_METHODS,
    Q_PRACTICE, RECENT_MONTHS, TITLE, points_text,
};

/// The partial's template.
pub const TEMPLATE: &str = include_str!("templates/training.hbs");

/// Need rows listed per team.
const TEAM_ROWS: usize = 60;
/// Completions listed per course.
const COURSE_COMPLETIONS: usize = 40;

#[derive(Serialize)]
pub struct TrainingView {
    target: String,
    min: u64,
    window: String,
    recent_months: u32,
    catalogue: String,
    period: String,
    counts: Counts,
    ranking: Vec<RankView>,
    teams: Vec<TeamNeeds>,
    unrecognised: Vec<Unrecognised>,
    unmatched: Vec<Named>,
    placeholders: Vec<Named>,
    rules_without_courses: Vec<String>,
    forms: Vec<TeamForms>,
    impact: Vec<CourseImpact>,
    team_rows: usize,
    course_completions: usize,
    /// The proforma's title and questions, verbatim.
    q: Questions,
}

#[derive(Serialize)]
struct Questions {
    title: &'static str,
    identified: &'static str,
    practice: &'static str,
    audience: &'static str,
    measure: &'static str,
    methods: &'static str,
}

#[derive(Serialize)]
struct Counts {
    rows: usize,
    book: usize,
    staff_below: usize,
    completed_still_below: usize,
    too_few: usize,
    no_course: usize,
    manager_unknown: usize,
    records: u64,
    completions: u64,
    impact_completions: usize,
    unlinked: u64,
}

#[derive(Serialize)]
struct RankView {
    rank: u64,
    id: String,
    title: String,
    category: String,
    delivery: String,
    staff: u64,
    exceptions: u64,
    completed: u64,
    teams: String,
    rules: String,
}

#[derive(Serialize)]
struct TeamNeeds {
    team: String,
    rows: Vec<NeedView>,
    more: Option<usize>,
}

#[derive(Serialize)]
struct NeedView {
    worker: String,
    role: String,
    course: String,
    course_id: String,
    rules: String,
    due: u64,
    met: u64,
    pct: String,
    recommendation: String,
    kind: &'static str,
    detail: String,
    evidence: String,
}

#[derive(Serialize)]
struct Unrecognised {
    worker: String,
    team: String,
    role_text: String,
}

#[derive(Serialize)]
struct Named {
    name: String,
    count: u64,
}

#[derive(Serialize)]
struct TeamForms {
    team: String,
    forms: Vec<FormView>,
}

#[derive(Serialize)]
struct FormView {
    course: String,
    course_id: String,
    identified_by: String,
    identified: Vec<String>,
    practice: Vec<String>,
    audience: Vec<String>,
    measure: String,
    methods: Vec<Method>,
}

#[derive(Serialize)]
struct Method {
    name: &'static str,
    ticked: bool,
}

#[derive(Serialize)]
struct CourseImpact {
    id: String,
    title: String,
    rules: String,
    basis: String,
    all: ImpactLine,
    comparison: ImpactLine,
    rows: Vec<ImpactLine>,
    more: Option<usize>,
}

#[derive(Serialize)]
struct ImpactLine {
    worker: String,
    team: String,
    completed: String,
    before: String,
    after: String,
    change: String,
    judgement: String,
    class: &'static str,
    note: String,
}

fn pct_text(p: Option<u64>) -> String {
    p.map(|p| format!("{}%", tenths_text(p)))
        .unwrap_or_else(|| "–".into())
}

fn line(r: &ImpactRow) -> ImpactLine {
    let side = |t: crate::report::Tally, p: Option<u64>| {
        format!("{} ({} of {})", pct_text(p), t.met, t.due)
    };
    let class = if r.judgement.starts_with("improved") {
        "good"
    } else if r.judgement.starts_with("declined") {
        "poor"
    } else {
        "none"
    };
    ImpactLine {
        worker: r.worker.clone(),
        team: r.team.clone(),
        completed: r.completed_date.map(|d| d.to_string()).unwrap_or_default(),
        before: side(r.before, r.before_pct),
        after: side(r.after, r.after_pct),
        change: r.change.map(points_text).unwrap_or_else(|| "–".into()),
        judgement: r.judgement.clone(),
        class,
        note: r.note.clone(),
    }
}

/// The training sections' view.
pub fn view(report: &Report) -> TrainingView {
    let t = &report.training;
    let s = &t.settings;
    let count = |k: NeedKind| t.needs.iter().filter(|n| n.kind == k).count();
    let mut staff_below: Vec<&str> = t
        .needs
        .iter()
        .filter(|n| matches!(n.kind, NeedKind::Book | NeedKind::CompletedStillBelow))
        .map(|n| n.worker.as_str())
        .collect();
    staff_below.sort();
    staff_below.dedup();

    let mut teams: Vec<TeamNeeds> = Vec::new();
    for n in &t.needs {
        if teams.last().is_none_or(|tn| tn.team != n.team) {
            teams.push(TeamNeeds {
                team: n.team.clone(),
                rows: Vec::new(),
                more: None,
            });
        }
        let tn = teams.last_mut().expect("pushed");
        if tn.rows.len() >= TEAM_ROWS {
            *tn.more.get_or_insert(0) += 1;
            continue;
        }
        tn.rows.push(NeedView {
            worker: n.worker.clone(),
            role: if n.role_text.is_empty() {
                n.role.clone()
            } else {
                n.role_text.clone()
            },
            course: n.course.clone(),
            course_id: n.course_id.clone(),
            rules: n.rule_ids.join(", "),
            due: n.due,
            met: n.met,
            pct: pct_text(n.percent_tenths()),
            recommendation: n.recommendation.clone(),
            kind: match n.kind {
                NeedKind::Book => "book",
                NeedKind::CompletedStillBelow => "done",
                NeedKind::TooFew => "few",
                NeedKind::NoCourseFits | NeedKind::ManagerNotIdentified => "gap",
            },
            detail: n.rules_detail.clone(),
            evidence: n.evidence.clone(),
        });
    }

    let mut forms: Vec<TeamForms> = Vec::new();
    for f in &t.forms {
        if forms.last().is_none_or(|tf| tf.team != f.team) {
            forms.push(TeamForms {
                team: f.team.clone(),
                forms: Vec::new(),
            });
        }
        let lines = |s: &str| s.lines().map(str::to_string).collect::<Vec<_>>();
        forms.last_mut().expect("pushed").forms.push(FormView {
            course: f.course.clone(),
            course_id: f.course_id.clone(),
            identified_by: f.identified_by.clone(),
            identified: lines(&f.identified),
            practice: lines(&f.practice),
            audience: lines(&f.audience),
            measure: f.measure.clone(),
            methods: METHODS
                .iter()
                .zip(f.methods)
                .map(|(name, ticked)| Method { name, ticked })
                .collect(),
        });
    }

    let mut impact: Vec<CourseImpact> = Vec::new();
    let mut i = 0;
    while i < t.impact.len() {
        let all = &t.impact[i];
        let cmp = t
            .impact
            .get(i + 1)
            .filter(|r| r.kind == ImpactKind::Comparison);
        let (Some(cmp), ImpactKind::AllCompleters) = (cmp, all.kind) else {
            i += 1;
            continue;
        };
        let rows: Vec<&ImpactRow> = t.impact[i + 2..]
            .iter()
            .take_while(|r| r.kind == ImpactKind::Completion && r.course_id == all.course_id)
            .collect();
        i += 2 + rows.len();
        impact.push(CourseImpact {
            id: all.course_id.clone(),
            title: all.course.clone(),
            rules: all.rules.join(", "),
            basis: all.basis.clone(),
            all: line(all),
            comparison: line(cmp),
            more: Some(rows.len().saturating_sub(COURSE_COMPLETIONS)).filter(|n| *n > 0),
            rows: rows
                .iter()
                .take(COURSE_COMPLETIONS)
                .map(|r| line(r))
                .collect(),
        });
    }

    TrainingView {
        target: tenths_text(s.default_target_tenths),
        min: s.min_expectations,
        window: s.window.describe(),
        recent_months: RECENT_MONTHS,
        catalogue: s.catalogue.clone(),
        period: format!("{} to {}", s.from, s.to),
        counts: Counts {
            rows: t.needs.len(),
            book: count(NeedKind::Book),
            staff_below: staff_below.len(),
            completed_still_below: count(NeedKind::CompletedStillBelow),
            too_few: count(NeedKind::TooFew),
            no_course: count(NeedKind::NoCourseFits),
            manager_unknown: count(NeedKind::ManagerNotIdentified),
            records: t.records,
            completions: t.completions,
            impact_completions: t
                .impact
                .iter()
                .filter(|r| r.kind == ImpactKind::Completion)
                .count(),
            unlinked: t.unlinked_completions,
        },
        ranking: t
            .ranking
            .iter()
            .map(|r| RankView {
                rank: r.rank,
                id: r.course_id.clone(),
                title: r.course.clone(),
                category: r.category.clone(),
                delivery: r.delivery.clone(),
                staff: r.staff,
                exceptions: r.exceptions,
                completed: r.completed_still_below,
                teams: r
                    .teams
                    .iter()
                    .map(|(t, n)| format!("{t} ({n})"))
                    .collect::<Vec<_>>()
                    .join(", "),
                rules: r.rules.join(", "),
            })
            .collect(),
        teams,
        unrecognised: t
            .unrecognised
            .iter()
            .map(|u| Unrecognised {
                worker: u.worker.clone(),
                team: u.team.clone(),
                role_text: if u.role_text.is_empty() {
                    "(blank)".into()
                } else {
                    u.role_text.clone()
                },
            })
            .collect(),
        unmatched: t
            .unmatched
            .iter()
            .map(|(name, count)| Named {
                name: name.clone(),
                count: *count,
            })
            .collect(),
        placeholders: t
            .placeholders
            .iter()
            .map(|(name, count)| Named {
                name: name.clone(),
                count: *count,
            })
            .collect(),
        rules_without_courses: report
            .rules
            .iter()
            .enumerate()
            .filter(|(i, r)| {
                r.courses.is_empty() && report.exceptions().any(|x| x.rule as usize == *i)
            })
            .map(|(_, r)| r.id.clone())
            .collect(),
        forms,
        impact,
        team_rows: TEAM_ROWS,
        course_completions: COURSE_COMPLETIONS,
        q: Questions {
            title: TITLE,
            identified: Q_IDENTIFIED,
            practice: Q_PRACTICE,
            audience: Q_AUDIENCE,
            measure: Q_MEASURE,
            methods: Q_METHODS,
        },
    }
}
