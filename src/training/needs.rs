//! Training needs that follow the evidence: per member of staff and rule, the % of the
//! audit period's expectations met, judged against the rule's target when there are
//! enough of them (else "too few to judge"), never on raw counts. For a rule below
//! target, the courses linked to it are chosen for the member of staff's role, one per
//! course family: a course whose audience names the role before one for all staff, a
//! narrower audience before a wider one, then the order of the links. Manager courses
//! are judged on, and go to, the responsible manager (the supervisor for supervision
//! rules). A course of the family completed in the last 12 months is not recommended
//! again: the row says when it was completed and that practice is still below target.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::{Months, NaiveDate};

use super::catalogue::Course;
use super::{Cx, RECENT_MONTHS, pct};
use crate::engine::Status;
use crate::report::{NOT_RECORDED, Tally, tenths_text};

/// What a row of `training_needs.csv` asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum NeedKind {
    /// Below target: book the course.
    Book,
    /// Below target, and a course of the family was completed in the last 12 months:
    /// not recommended again; supervision or observation instead.
    CompletedStillBelow,
    /// Below target on fewer expectations than the minimum: not judged.
    TooFew,
    /// Below target, but no course linked to the rule is for this role.
    NoCourseFits,
    /// A manager course's need whose responsible manager is not a known manager.
    ManagerNotIdentified,
}

impl NeedKind {
    pub fn as_str(self) -> &'static str {
        match self {
            NeedKind::Book => "book",
            NeedKind::CompletedStillBelow => "completed, still below target",
            NeedKind::TooFew => "too few to judge",
            NeedKind::NoCourseFits => "no course for the role",
            NeedKind::ManagerNotIdentified => "manager not identified",
        }
    }
}

/// The worker column of a need whose manager is not identified.
pub const MANAGER_NOT_IDENTIFIED: &str = "(manager not identified)";

/// One row of `training_needs.csv`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NeedRow {
    pub worker: String,
    pub team: String,
    /// The audience role (empty when not recognised).
    pub role: String,
    pub role_text: String,
    /// Empty when no course fits.
    pub course_id: String,
    pub course: String,
    pub family: String,
    pub category: String,
    pub delivery: String,
    pub rule_ids: Vec<String>,
    pub due: u64,
    pub met: u64,
    pub completed_date: Option<NaiveDate>,
    pub recommendation: String,
    pub kind: NeedKind,
    /// Each rule: met of due, % met, its target.
    pub rules_detail: String,
    /// Whose expectations: "own" or, for a manager course, the staff managed.
    pub evidence: String,
    /// Why the course addresses the rules (the links' reasons).
    pub reasons: String,
}

impl NeedRow {
    pub fn percent_tenths(&self) -> Option<u64> {
        pct(self.met, self.due)
    }

    pub fn exceptions(&self) -> u64 {
        self.due - self.met
    }
}

/// A course ranked for L&D leads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CourseRank {
    /// 1 for the course that would reach most staff below target.
    pub rank: u64,
    pub course_id: String,
    pub course: String,
    pub family: String,
    pub category: String,
    pub delivery: String,
    /// Staff below target it would reach (not completed in the last 12 months).
    pub staff: u64,
    /// Their exceptions on its rules (each counted once per course family).
    pub exceptions: u64,
    /// Staff below target who completed it (or its family) in the last 12 months.
    pub completed_still_below: u64,
    pub rules: Vec<String>,
    /// Teams and their staff below target, most first.
    pub teams: Vec<(String, u64)>,
}

/// Who a need is for.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
enum Recipient {
    Staff(String),
    /// A manager course's need in a team whose responsible manager is not known.
    Unidentified {
        team: String,
    },
}

/// Whether a course goes to the worker or to their responsible manager.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Route {
    Worker,
    Manager,
}

/// A rule's expectations for one recipient: the tally, and for a manager, per member
/// of staff managed, their count.
#[derive(Default)]
struct Evidence {
    tally: Tally,
    of: BTreeMap<String, u64>,
}

/// One (recipient, rule, course) before rows are merged.
struct Piece {
    recipient: Recipient,
    route: Route,
    rule: usize,
    course: Option<usize>,
    kind: NeedKind,
    completed: Option<NaiveDate>,
    tally: Tally,
    of: BTreeMap<String, u64>,
}

/// Completion dates by (worker, course id).
pub(super) fn completed_by<'a>(cx: &Cx<'a>) -> HashMap<(&'a str, &'a str), Vec<NaiveDate>> {
    let mut map: HashMap<(&str, &str), Vec<NaiveDate>> = HashMap::new();
    for c in cx.completions {
        if c.date <= cx.settings.as_at {
            map.entry((c.worker.as_str(), c.course.as_str()))
                .or_default()
                .push(c.date);
        }
    }
    map
}

/// The courses a rule links, split by who they go to, in link order (placeholders left
/// out: never recommended).
pub(super) fn rule_courses(cx: &Cx<'_>, rule: usize) -> (Vec<usize>, Vec<usize>) {
    let (mut worker, mut manager) = (Vec::new(), Vec::new());
    for l in &cx.pack.rules[rule].links {
        let Some(i) = cx.pack.courses.iter().position(|c| c.id == l.course) else {
            continue;
        };
        let c = &cx.pack.courses[i];
        if c.placeholder {
            continue;
        }
        if c.for_managers_only() {
            manager.push(i);
        } else {
            worker.push(i);
        }
    }
    (worker, manager)
}

/// The needs: one row per recipient, course and kind, in team and name order.
pub fn needs(cx: &Cx<'_>) -> Vec<NeedRow> {
    let report = cx.report;
    let rules = cx.pack.rules.len();
    let routes: Vec<(Vec<usize>, Vec<usize>)> = (0..rules).map(|r| rule_courses(cx, r)).collect();
    let mut evidence: HashMap<(usize, Route, Recipient), Evidence> = HashMap::new();
    for row in &report.rows {
        let rule = row.rule as usize;
        if !row.counted
            || !matches!(row.status, Status::Met | Status::Late | Status::Missing)
            || report.rules[rule].not_measured.is_some()
        {
            continue;
        }
        let (worker_courses, manager_courses) = &routes[rule];
        let worker = report.text(row.worker).trim();
        if !worker_courses.is_empty() && !worker.is_empty() {
            let e = evidence
                .entry((rule, Route::Worker, Recipient::Staff(worker.to_string())))
                .or_default();
            e.tally.add(row.status);
        }
        if !manager_courses.is_empty() {
            let who = match cx.staff.responsible_manager(row, worker) {
                Some(m) if !worker.is_empty() => Recipient::Staff(m.to_string()),
                _ => Recipient::Unidentified {
                    team: report.label(row.team).to_string(),
                },
            };
            let e = evidence.entry((rule, Route::Manager, who)).or_default();
            e.tally.add(row.status);
            let of = if worker.is_empty() {
                NOT_RECORDED
            } else {
                worker
            };
            *e.of.entry(of.to_string()).or_default() += 1;
        }
    }

    let done = completed_by(cx);
    let recent_from = cx
        .settings
        .as_at
        .checked_sub_months(Months::new(RECENT_MONTHS))
        .unwrap_or(NaiveDate::MIN);
    let min = cx.settings.min_expectations;
    let mut keys: Vec<&(usize, Route, Recipient)> = evidence.keys().collect();
    keys.sort_by(|a, b| (a.0, a.1 as u8, &a.2).cmp(&(b.0, b.1 as u8, &b.2)));
    let mut pieces: Vec<Piece> = Vec::new();
    for key in keys {
        let (rule, route, recipient) = key;
        let e = &evidence[key];
        let target = cx.pack.kpi_target_tenths(&cx.pack.rules[*rule]);
        let below = pct(e.tally.met, e.tally.due).is_some_and(|p| p < target);
        if !below {
            continue;
        }
        let judged = e.tally.due >= min;
        let piece = |course: Option<usize>, kind: NeedKind, completed: Option<NaiveDate>| Piece {
            recipient: recipient.clone(),
            route: *route,
            rule: *rule,
            course,
            kind,
            completed,
            tally: e.tally,
            of: e.of.clone(),
        };
        let (worker_courses, manager_courses) = &routes[*rule];
        let name = match recipient {
            Recipient::Staff(n) => n.as_str(),
            Recipient::Unidentified { .. } => {
                if judged {
                    for &c in manager_courses {
                        pieces.push(piece(Some(c), NeedKind::ManagerNotIdentified, None));
                    }
                }
                continue;
            }
        };
        let role = cx.staff.role(name);
        let candidates: Vec<usize> = match route {
            Route::Worker => worker_courses
                .iter()
                .copied()
                .filter(|&c| cx.pack.courses[c].fits(role))
                .collect(),
            Route::Manager => manager_courses.clone(),
        };
        if candidates.is_empty() {
            if judged {
                pieces.push(piece(None, NeedKind::NoCourseFits, None));
            }
            continue;
        }
        // One course per family, families in the order of the links.
        let mut families: Vec<&str> = Vec::new();
        for &c in &candidates {
            let f = cx.pack.courses[c].family.as_str();
            if !families.contains(&f) {
                families.push(f);
            }
        }
        for family in families {
            let mut of_family: Vec<(usize, usize)> = candidates
                .iter()
                .enumerate()
                .filter(|(_, c)| cx.pack.courses[**c].family == family)
                .map(|(order, &c)| (order, c))
                .collect();
            of_family.sort_by_key(|&(order, c)| {
                let course: &Course = &cx.pack.courses[c];
                (!course.names_role(role), course.audience.len(), order)
            });
            let preferred = of_family[0].1;
            // The latest completion of a course of the family, and of the preferred one.
            let latest = |c: usize| -> Option<NaiveDate> {
                done.get(&(name, cx.pack.courses[c].id.as_str()))
                    .and_then(|v| v.iter().max().copied())
            };
            let recent = of_family
                .iter()
                .filter_map(|&(_, c)| latest(c).map(|d| (d, c)))
                .filter(|(d, _)| *d > recent_from)
                .max();
            let (course, completed, kind) = match (recent, judged) {
                (Some((d, c)), true) => (c, Some(d), NeedKind::CompletedStillBelow),
                (Some((d, c)), false) => (c, Some(d), NeedKind::TooFew),
                (None, true) => (preferred, latest(preferred), NeedKind::Book),
                (None, false) => (preferred, latest(preferred), NeedKind::TooFew),
            };
            pieces.push(piece(Some(course), kind, completed));
        }
    }
    merge(cx, pieces)
}

/// Merges the pieces of one recipient, course and kind into one row.
fn merge(cx: &Cx<'_>, pieces: Vec<Piece>) -> Vec<NeedRow> {
    type Key = (Recipient, Option<usize>, NeedKind);
    let mut groups: BTreeMap<Key, Vec<Piece>> = BTreeMap::new();
    for p in pieces {
        groups
            .entry((p.recipient.clone(), p.course, p.kind))
            .or_default()
            .push(p);
    }
    let min = cx.settings.min_expectations;
    let mut rows: Vec<NeedRow> = groups
        .into_iter()
        .map(|((recipient, course, kind), mut parts)| {
            parts.sort_by(|a, b| cx.pack.rules[a.rule].id.cmp(&cx.pack.rules[b.rule].id));
            let mut tally = Tally::default();
            let mut of: BTreeMap<String, u64> = BTreeMap::new();
            let mut detail = Vec::new();
            let mut reasons: Vec<String> = Vec::new();
            let completed = parts.iter().filter_map(|p| p.completed).max();
            for p in &parts {
                tally += p.tally;
                for (w, n) in &p.of {
                    *of.entry(w.clone()).or_default() += n;
                }
                let rule = &cx.pack.rules[p.rule];
                detail.push(format!(
                    "{}: {} of {} met ({}%), target {}%",
                    rule.id,
                    p.tally.met,
                    p.tally.due,
                    pct(p.tally.met, p.tally.due).map(tenths_text).unwrap_or_default(),
                    tenths_text(cx.pack.kpi_target_tenths(rule))
                ));
                if let Some(c) = course {
                    let id = &cx.pack.courses[c].id;
                    if let Some(r) = rule.links.iter().find(|l| &l.course == id).and_then(|l| l.reason.clone())
                        && !reasons.contains(&r)
                    {
                        reasons.push(r);
                    }
                }
            }
            let route = parts[0].route;
            let (worker, team, role, role_text) = match &recipient {
                Recipient::Staff(name) => {
                    let p = cx.staff.person(name);
                    (
                        name.clone(),
                        cx.staff.team(name),
                        p.and_then(|p| p.role.clone()).unwrap_or_default(),
                        p.map(|p| p.role_text.clone()).unwrap_or_default(),
                    )
                }
                Recipient::Unidentified { team } => (
                    MANAGER_NOT_IDENTIFIED.to_string(),
                    team.clone(),
                    String::new(),
                    String::new(),
                ),
            };
            let recommendation = match kind {
                NeedKind::Book => match completed {
                    Some(d) => format!(
                        "book the course: last completed on {d}, more than {RECENT_MONTHS} months ago"
                    ),
                    None => "book the course".to_string(),
                },
                NeedKind::CompletedStillBelow => format!(
                    "completed on {} — practice still below target: review in supervision or observe practice",
                    completed.map(|d| d.to_string()).unwrap_or_default()
                ),
                NeedKind::TooFew if parts.len() == 1 => {
                    format!("too few to judge: {} due, fewer than {min}", tally.due)
                }
                NeedKind::TooFew => format!(
                    "too few to judge: fewer than {min} due on each of its rules ({} due in all)",
                    tally.due
                ),
                NeedKind::NoCourseFits => {
                    if role.is_empty() {
                        format!(
                            "no course linked to these rules is for this role: role '{role_text}' not recognised (extend the catalogue's role map)"
                        )
                    } else {
                        format!(
                            "no course linked to these rules is for the role {role}: link one in the catalogue"
                        )
                    }
                }
                NeedKind::ManagerNotIdentified => "manager not identified: record the line manager (workers.manager) or the supervisor (supervisions.supervisor), a member of staff whose role is manager".to_string(),
            };
            let evidence = match route {
                Route::Worker => "own expectations".to_string(),
                Route::Manager => format!(
                    "as responsible manager of: {}",
                    of.iter()
                        .map(|(w, n)| format!("{w} ({n})"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            };
            let c = course.map(|c| &cx.pack.courses[c]);
            NeedRow {
                worker,
                team,
                role,
                role_text,
                course_id: c.map(|c| c.id.clone()).unwrap_or_default(),
                course: c.map(|c| c.title.clone()).unwrap_or_default(),
                family: c.map(|c| c.family.clone()).unwrap_or_default(),
                category: c.and_then(|c| c.category.clone()).unwrap_or_default(),
                delivery: c.and_then(|c| c.delivery.clone()).unwrap_or_default(),
                rule_ids: parts.iter().map(|p| cx.pack.rules[p.rule].id.clone()).collect(),
                due: tally.due,
                met: tally.met,
                completed_date: completed,
                recommendation,
                kind,
                rules_detail: detail.join("; "),
                evidence,
                reasons: reasons.join(" | "),
            }
        })
        .collect();
    rows.sort_by(|a, b| {
        (
            a.team == NOT_RECORDED,
            &a.team,
            &a.worker,
            a.kind,
            &a.course_id,
        )
            .cmp(&(
                b.team == NOT_RECORDED,
                &b.team,
                &b.worker,
                b.kind,
                &b.course_id,
            ))
    });
    rows
}

/// The courses ranked by the staff below target they would reach (then their
/// exceptions, then id), with the teams concerned.
pub fn rank(needs: &[NeedRow]) -> Vec<CourseRank> {
    let mut by_course: BTreeMap<&str, CourseRank> = BTreeMap::new();
    let mut teams: BTreeMap<&str, BTreeMap<&str, BTreeSet<&str>>> = BTreeMap::new();
    let mut staff: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    let mut trained: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for n in needs {
        if n.course_id.is_empty()
            || !matches!(n.kind, NeedKind::Book | NeedKind::CompletedStillBelow)
        {
            continue;
        }
        let r = by_course.entry(&n.course_id).or_insert_with(|| CourseRank {
            rank: 0,
            course_id: n.course_id.clone(),
            course: n.course.clone(),
            family: n.family.clone(),
            category: n.category.clone(),
            delivery: n.delivery.clone(),
            staff: 0,
            exceptions: 0,
            completed_still_below: 0,
            rules: Vec::new(),
            teams: Vec::new(),
        });
        for id in &n.rule_ids {
            if !r.rules.contains(id) {
                r.rules.push(id.clone());
            }
        }
        if n.kind == NeedKind::Book {
            r.exceptions += n.exceptions();
            staff.entry(&n.course_id).or_default().insert(&n.worker);
            teams
                .entry(&n.course_id)
                .or_default()
                .entry(&n.team)
                .or_default()
                .insert(&n.worker);
        } else {
            trained.entry(&n.course_id).or_default().insert(&n.worker);
        }
    }
    let mut out: Vec<CourseRank> = by_course
        .into_iter()
        .map(|(id, mut r)| {
            r.staff = staff.get(id).map_or(0, |s| s.len() as u64);
            r.completed_still_below = trained.get(id).map_or(0, |s| s.len() as u64);
            r.rules.sort();
            let mut t: Vec<(String, u64)> = teams
                .get(id)
                .map(|t| {
                    t.iter()
                        .map(|(team, w)| (team.to_string(), w.len() as u64))
                        .collect()
                })
                .unwrap_or_default();
            t.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
            r.teams = t;
            r
        })
        .collect();
    out.sort_by(|a, b| {
        b.staff
            .cmp(&a.staff)
            .then_with(|| b.exceptions.cmp(&a.exceptions))
            .then_with(|| a.course_id.cmp(&b.course_id))
    });
    for (i, r) in out.iter_mut().enumerate() {
        r.rank = i as u64 + 1;
    }
    out
}
