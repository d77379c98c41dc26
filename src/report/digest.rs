//! Figures the HTML and xlsx reports share, computed once from the [`Report`]: the
//! headline totals and the training needs (each course, the exceptions of the rules that
//! name it, and the teams and workers those exceptions belong to).

use rustc_hash::FxHashMap;

use super::{CourseRef, Report, Tally};
use crate::engine::Status;
use crate::model::Sym;

/// The headline: the counted expectations of the measured rules (KPIs' "all" scope
/// summed), the pending ones, and the counted expectations of rules the export does not
/// allow to be measured (left out of the headline).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Totals {
    pub due: u64,
    pub met: u64,
    pub late: u64,
    pub missing: u64,
    pub pending: u64,
    pub not_measured: u64,
    /// Exceptions that rest on a cell the export could not read.
    pub on_unreadable_cells: u64,
}

impl Totals {
    pub fn of(report: &Report) -> Totals {
        let mut t = Totals::default();
        let mut measured = Tally::default();
        for r in &report.rows {
            match (r.status, r.counted) {
                (Status::Pending, _) => t.pending += 1,
                (_, false) => {}
                (Status::NotMeasured, true) => t.not_measured += 1,
                (s, true) => {
                    measured.add(s);
                    if r.finding.is_some() {
                        t.on_unreadable_cells += 1;
                    }
                }
            }
        }
        Tally {
            due: t.due,
            met: t.met,
            late: t.late,
            missing: t.missing,
        } = measured;
        t
    }

    pub fn exceptions(&self) -> u64 {
        self.late + self.missing
    }
}

pub use super::{percent_tenths, tenths_text};

/// One worker's exceptions that a course addresses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkerNeed {
    pub team: String,
    pub worker: String,
    pub late: u64,
    pub missing: u64,
    /// The ids of the rules behind them, in id order.
    pub rules: Vec<String>,
}

impl WorkerNeed {
    pub fn exceptions(&self) -> u64 {
        self.late + self.missing
    }
}

/// One rule's exceptions within a course.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleNeed {
    pub id: String,
    pub title: String,
    pub late: u64,
    pub missing: u64,
}

/// A course and the exceptions it addresses: those of every rule naming it.
#[derive(Debug, Clone)]
pub struct CourseNeed {
    pub course: CourseRef,
    pub late: u64,
    pub missing: u64,
    /// The rules naming the course that have exceptions, most exceptions first.
    pub rules: Vec<RuleNeed>,
    /// Teams by their exceptions, most first: (team, exceptions).
    pub teams: Vec<(String, u64)>,
    /// Workers (within their team) by their exceptions, most first.
    pub workers: Vec<WorkerNeed>,
}

impl CourseNeed {
    pub fn exceptions(&self) -> u64 {
        self.late + self.missing
    }
}

/// A team and a worker (`None` when not recorded).
type TeamWorker = (Option<Sym>, Option<Sym>);
/// One team and worker's exceptions of a rule.
type Cell = (Option<Sym>, Option<Sym>, Tally);

/// Blank text counts as not recorded, like no value.
fn norm(report: &Report, s: Option<Sym>) -> Option<Sym> {
    s.filter(|_| !report.text(s).is_empty())
}

/// The training needs: every course named by a rule with exceptions, most exceptions
/// first (then by course id). A rule naming two courses counts its exceptions for both.
pub fn training_needs(report: &Report) -> Vec<CourseNeed> {
    // Exceptions per rule, team and worker.
    type Key = (u16, Option<Sym>, Option<Sym>);
    let mut cells: FxHashMap<Key, Tally> = FxHashMap::default();
    for r in report.exceptions() {
        let t = cells
            .entry((r.rule, norm(report, r.team), norm(report, r.worker)))
            .or_default();
        t.add(r.status);
    }
    let mut by_rule: Vec<Vec<Cell>> = vec![Vec::new(); report.rules.len()];
    for ((rule, team, worker), t) in cells {
        by_rule[rule as usize].push((team, worker, t));
    }

    // Courses in order of first mention, each with the rules naming it.
    let mut courses: Vec<(CourseRef, Vec<usize>)> = Vec::new();
    for (i, rule) in report.rules.iter().enumerate() {
        if by_rule[i].is_empty() {
            continue;
        }
        for c in &rule.courses {
            match courses.iter_mut().find(|(k, _)| k.id == c.id) {
                Some((_, rules)) => rules.push(i),
                None => courses.push((c.clone(), vec![i])),
            }
        }
    }

    let mut out: Vec<CourseNeed> = courses
        .into_iter()
        .map(|(course, rule_ixs)| {
            let mut total = Tally::default();
            let mut rules = Vec::new();
            let mut teams: FxHashMap<Option<Sym>, u64> = FxHashMap::default();
            let mut workers: FxHashMap<TeamWorker, (Tally, Vec<usize>)> = FxHashMap::default();
            for &i in &rule_ixs {
                let mut rt = Tally::default();
                for &(team, worker, t) in &by_rule[i] {
                    rt += t;
                    *teams.entry(team).or_default() += t.exceptions();
                    let w = workers.entry((team, worker)).or_default();
                    w.0 += t;
                    w.1.push(i);
                }
                total += rt;
                rules.push(RuleNeed {
                    id: report.rules[i].id.clone(),
                    title: report.rules[i].title.clone(),
                    late: rt.late,
                    missing: rt.missing,
                });
            }
            rules.sort_by(|a, b| {
                (b.late + b.missing)
                    .cmp(&(a.late + a.missing))
                    .then_with(|| a.id.cmp(&b.id))
            });
            let mut teams: Vec<(String, u64)> = teams
                .into_iter()
                .map(|(t, n)| (report.label(t).to_string(), n))
                .collect();
            teams.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
            let mut workers: Vec<WorkerNeed> = workers
                .into_iter()
                .map(|((team, worker), (t, ixs))| {
                    let mut rules: Vec<String> =
                        ixs.iter().map(|&i| report.rules[i].id.clone()).collect();
                    rules.sort();
                    rules.dedup();
                    WorkerNeed {
                        team: report.label(team).to_string(),
                        worker: report.label(worker).to_string(),
                        late: t.late,
                        missing: t.missing,
                        rules,
                    }
                })
                .collect();
            workers.sort_by(|a, b| {
                b.exceptions()
                    .cmp(&a.exceptions())
                    .then_with(|| a.worker.cmp(&b.worker))
                    .then_with(|| a.team.cmp(&b.team))
            });
            CourseNeed {
                course,
                late: total.late,
                missing: total.missing,
                rules,
                teams,
                workers,
            }
        })
        .collect();
    out.sort_by(|a, b| {
        b.exceptions()
            .cmp(&a.exceptions())
            .then_with(|| a.course.id.cmp(&b.course.id))
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_rounds_like_the_kpis() {
        assert_eq!(
            percent_tenths(2, 3).map(tenths_text).as_deref(),
            Some("66.7")
        );
        assert_eq!(
            percent_tenths(1, 16).map(tenths_text).as_deref(),
            Some("6.3")
        );
        assert_eq!(percent_tenths(0, 0), None);
    }

    #[test]
    fn training_needs_add_up_the_exceptions_of_each_courses_rules() {
        let (_dir, report) = super::super::testutil::tiny_report();
        let needs = training_needs(&report);
        assert!(!needs.is_empty());
        for need in &needs {
            let expected = report
                .exceptions()
                .filter(|r| {
                    report.rules[r.rule as usize]
                        .courses
                        .iter()
                        .any(|c| c.id == need.course.id)
                })
                .count() as u64;
            assert_eq!(need.exceptions(), expected, "{}", need.course.id);
            let by_team: u64 = need.teams.iter().map(|t| t.1).sum();
            let by_worker: u64 = need.workers.iter().map(|w| w.exceptions()).sum();
            let by_rule: u64 = need.rules.iter().map(|r| r.late + r.missing).sum();
            assert_eq!(
                (by_team, by_worker, by_rule),
                (expected, expected, expected)
            );
        }
        assert!(
            needs
                .windows(2)
                .all(|w| w[0].exceptions() >= w[1].exceptions())
        );
        let t = Totals::of(&report);
        assert_eq!(t.exceptions(), report.exception_count() as u64);
    }
}
