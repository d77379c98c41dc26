//! Training impact, four months on: for each course and each member of staff who
//! completed it, the course's rules (their own expectations; for a manager course, those
//! of the staff they manage or supervise) in the window before the completion (up to the
//! day before) against the window after it (from the day after). Every expectation the
//! export allows is read, inside the audit period or not: the period does not cut the
//! windows. Per course, all completers together, and a comparison group: staff who did
//! not complete it, over the same calendar months, each month weighted by how many of
//! the completers' expectations fell due in it.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use rustc_hash::FxHashMap;

use chrono::{Datelike, Days, NaiveDate};

use super::{Cx, pct};
use crate::engine::Status;
use crate::report::Tally;

/// A change this large (in percentage points, as tenths) is a change.
pub const CHANGE_TENTHS: i64 = 100;

/// What a row of `training_impact.csv` is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImpactKind {
    /// Every completion of the course together.
    AllCompleters,
    /// Staff who did not complete it, over the same months.
    Comparison,
    /// One completion.
    Completion,
}

/// The worker column of the summary rows.
pub const ALL_COMPLETERS: &str = "(all completers)";
pub const COMPARISON: &str = "(comparison: did not complete it)";

/// One row of `training_impact.csv`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImpactRow {
    pub course_id: String,
    pub course: String,
    pub kind: ImpactKind,
    pub worker: String,
    pub team: String,
    pub role: String,
    pub completed_date: Option<NaiveDate>,
    pub before: Tally,
    pub after: Tally,
    /// % met before and after, in tenths (for the comparison group, weighted by month).
    pub before_pct: Option<u64>,
    pub after_pct: Option<u64>,
    /// After − before, in tenths of a percentage point.
    pub change: Option<i64>,
    pub judgement: String,
    pub rules: Vec<String>,
    /// "own expectations" or "as responsible manager".
    pub basis: String,
    pub before_from: Option<NaiveDate>,
    pub before_to: Option<NaiveDate>,
    pub after_from: Option<NaiveDate>,
    pub after_to: Option<NaiveDate>,
    pub note: String,
}

/// A calendar month as a number (year × 12 + month − 1).
fn month(d: NaiveDate) -> i32 {
    d.year() * 12 + d.month0() as i32
}

/// Expectations by recipient (sorted by due date: (due, met)), and by month for all.
#[derive(Default)]
struct Index {
    /// Each person's expectations (due date, met), in date order.
    by: FxHashMap<String, Vec<(NaiveDate, bool)>>,
    /// Everyone's expectations by month of the due date, summed.
    months: BTreeMap<i32, Tally>,
}

impl Index {
    fn tally(
        &self,
        who: &str,
        from: NaiveDate,
        to: NaiveDate,
        weights: &mut BTreeMap<i32, u64>,
    ) -> Tally {
        let mut t = Tally::default();
        let Some(v) = self.by.get(who) else {
            return t;
        };
        let lo = v.partition_point(|(d, _)| *d < from);
        for &(d, met) in &v[lo..] {
            if d > to {
                break;
            }
            t.add(if met { Status::Met } else { Status::Missing });
            *weights.entry(month(d)).or_default() += 1;
        }
        t
    }
}

/// The impact rows, and how many completions were of courses no rule links.
pub fn impact(cx: &Cx<'_>) -> (Vec<ImpactRow>, u64) {
    let report = cx.report;
    let pack = cx.pack;
    let s = cx.settings;
    let min = s.min_expectations;
    let mut by_course: BTreeMap<&str, Vec<&super::Completion>> = BTreeMap::new();
    for c in cx.completions.iter().filter(|c| c.date <= s.as_at) {
        by_course.entry(c.course.as_str()).or_default().push(c);
    }
    // The courses completed, each with the measured rules that link it.
    let mut plans = Vec::new();
    let mut unlinked = 0;
    for (id, completions) in by_course {
        let Some(course) = pack.course(id) else {
            continue;
        };
        let rules: Vec<usize> = pack
            .rules
            .iter()
            .enumerate()
            .filter(|(i, r)| {
                r.courses.iter().any(|c| c == id) && report.rules[*i].not_measured.is_none()
            })
            .map(|(i, _)| i)
            .collect();
        if rules.is_empty() || course.placeholder {
            unlinked += completions.len() as u64;
            continue;
        }
        plans.push((id, course, rules, completions));
    }
    let indexes = build_indexes(cx, &plans);
    let index = |rule: usize, manager: bool| -> &Index { &indexes[&(rule, manager)] };

    let mut rows = Vec::new();
    for (id, course, rules, mut completions) in plans {
        let manager = course.for_managers_only();
        completions.sort_by(|a, b| (a.date, &a.worker).cmp(&(b.date, &b.worker)));
        let rule_ids: Vec<String> = {
            let mut v: Vec<String> = rules.iter().map(|&r| pack.rules[r].id.clone()).collect();
            v.sort();
            v
        };
        let basis = if manager {
            "as responsible manager (the staff they manage or supervise)"
        } else {
            "own expectations"
        };
        let completers: BTreeSet<&str> = completions.iter().map(|c| c.worker.as_str()).collect();
        let (mut w_before, mut w_after) = (BTreeMap::new(), BTreeMap::new());
        let (mut all_before, mut all_after) = (Tally::default(), Tally::default());
        let mut individual = Vec::new();
        for c in &completions {
            let d = c.date;
            let before_from = s.window.before(d);
            let before_to = d.checked_sub_days(Days::new(1)).unwrap_or(d);
            let after_from = d.checked_add_days(Days::new(1)).unwrap_or(d);
            let after_to = s.window.after(d);
            let (mut before, mut after) = (Tally::default(), Tally::default());
            for &r in &rules {
                let ix = index(r, manager);
                before += ix.tally(&c.worker, before_from, before_to, &mut w_before);
                after += ix.tally(&c.worker, after_from, after_to, &mut w_after);
            }
            all_before += before;
            all_after += after;
            let mut notes = Vec::new();
            if d < s.from {
                notes.push(format!(
                    "completed before the audit period ({} to {}): the windows read expectations outside it",
                    s.from, s.to
                ));
            }
            if after_to > s.as_at {
                notes.push(format!(
                    "the after window ends on {after_to}, after the records' as-at date {}: part of it is not recorded yet",
                    s.as_at
                ));
            }
            let (bp, ap) = (pct(before.met, before.due), pct(after.met, after.due));
            let change = change(bp, ap);
            let judgement = if before.due < min || after.due < min {
                format!("too few to judge (fewer than {min} expectations before or after)")
            } else {
                judge(
                    change.unwrap_or(0),
                    "improved",
                    "declined",
                    "no clear change",
                )
                .to_string()
            };
            let person = cx.staff.person(&c.worker);
            individual.push(ImpactRow {
                course_id: id.to_string(),
                course: course.title.clone(),
                kind: ImpactKind::Completion,
                worker: c.worker.clone(),
                team: cx.staff.team(&c.worker),
                role: person.and_then(|p| p.role.clone()).unwrap_or_default(),
                completed_date: Some(d),
                before,
                after,
                before_pct: bp,
                after_pct: ap,
                change,
                judgement,
                rules: rule_ids.clone(),
                basis: basis.to_string(),
                before_from: Some(before_from),
                before_to: Some(before_to),
                after_from: Some(after_from),
                after_to: Some(after_to),
                note: notes.join("; "),
            });
        }

        // The comparison group: everyone else's expectations of these rules, by month.
        // Everyone's, less the completers' own (a month left with nothing due is skipped
        // by the weighting below, as a month never seen).
        let mut others: BTreeMap<i32, Tally> = BTreeMap::new();
        for &r in &rules {
            let ix = index(r, manager);
            for (m, t) in &ix.months {
                others.entry(*m).or_default().merge(*t);
            }
            for who in &completers {
                for &(d, met) in ix.by.get(*who).map_or(&[][..], Vec::as_slice) {
                    let t = others.get_mut(&month(d)).expect("in everyone's months");
                    t.due -= 1;
                    if met {
                        t.met -= 1;
                    } else {
                        t.missing -= 1;
                    }
                }
            }
        }
        let weighted = |w: &BTreeMap<i32, u64>| -> (Tally, Option<u64>) {
            let mut t = Tally::default();
            let (mut num, mut den) = (0f64, 0u64);
            for (m, &weight) in w {
                if let Some(o) = others.get(m).filter(|o| o.due > 0) {
                    t += *o;
                    num += weight as f64 * o.met as f64 / o.due as f64;
                    den += weight;
                }
            }
            let p = (den > 0).then(|| (1000.0 * num / den as f64).round() as u64);
            (t, p)
        };
        let (cmp_before, cmp_bp) = weighted(&w_before);
        let (cmp_after, cmp_ap) = weighted(&w_after);
        let cmp_change = change(cmp_bp, cmp_ap);
        let (bp, ap) = (
            pct(all_before.met, all_before.due),
            pct(all_after.met, all_after.due),
        );
        let all_change = change(bp, ap);
        let judgement = match (all_change, cmp_change) {
            (Some(a), Some(c))
                if all_before.due >= min
                    && all_after.due >= min
                    && cmp_before.due >= min
                    && cmp_after.due >= min =>
            {
                judge(
                    a - c,
                    "improved more than the comparison group",
                    "declined against the comparison group",
                    "no clear difference from the comparison group",
                )
                .to_string()
            }
            _ => format!(
                "too few to judge (fewer than {min} expectations before or after, for the completers or the comparison group)"
            ),
        };
        let staff = completers.len();
        let summary = |kind,
                       worker: &str,
                       before: Tally,
                       after: Tally,
                       bp,
                       ap,
                       change,
                       judgement: String,
                       note: String| ImpactRow {
            course_id: id.to_string(),
            course: course.title.clone(),
            kind,
            worker: worker.to_string(),
            team: String::new(),
            role: String::new(),
            completed_date: None,
            before,
            after,
            before_pct: bp,
            after_pct: ap,
            change,
            judgement,
            rules: rule_ids.clone(),
            basis: basis.to_string(),
            before_from: None,
            before_to: None,
            after_from: None,
            after_to: None,
            note,
        };
        rows.push(summary(
            ImpactKind::AllCompleters,
            ALL_COMPLETERS,
            all_before,
            all_after,
            bp,
            ap,
            all_change,
            judgement,
            format!(
                "{} completion(s) by {staff} member(s) of staff; change against the comparison group: {}",
                completions.len(),
                match (all_change, cmp_change) {
                    (Some(a), Some(c)) => format!("{} points", super::points_text(a - c)),
                    _ => "not known".into(),
                }
            ),
        ));
        rows.push(summary(
            ImpactKind::Comparison,
            COMPARISON,
            cmp_before,
            cmp_after,
            cmp_bp,
            cmp_ap,
            cmp_change,
            "comparison group".into(),
            "staff with expectations of these rules who did not complete the course, in the same calendar months as the completers' windows; each month's % met weighted by the completers' expectations due in it (due and met are the group's counts in those months)".into(),
        ));
        rows.append(&mut individual);
    }
    (rows, unlinked)
}

/// The expectations of every (rule, route) the completed courses need, in one pass.
fn build_indexes(
    cx: &Cx<'_>,
    plans: &[(
        &str,
        &crate::rules::Course,
        Vec<usize>,
        Vec<&super::Completion>,
    )],
) -> HashMap<(usize, bool), Index> {
    let report = cx.report;
    let mut wanted: Vec<Vec<bool>> = vec![Vec::new(); report.rules.len()];
    for (_, course, rules, _) in plans {
        let manager = course.for_managers_only();
        for &r in rules {
            if !wanted[r].contains(&manager) {
                wanted[r].push(manager);
            }
        }
    }
    let mut indexes: HashMap<(usize, bool), Index> = HashMap::new();
    for (r, routes) in wanted.iter().enumerate() {
        for &m in routes {
            indexes.insert((r, m), Index::default());
        }
    }
    for row in &report.rows {
        let rule = row.rule as usize;
        if wanted[rule].is_empty() {
            continue;
        }
        let met = match row.status {
            Status::Met => true,
            Status::Late | Status::Missing => false,
            Status::Pending | Status::NotMeasured => continue,
        };
        let worker = report.text(row.worker).trim();
        if worker.is_empty() {
            continue;
        }
        for &manager in &wanted[rule] {
            let who = if manager {
                match cx.staff.responsible_manager(row, worker) {
                    Some(m) => m,
                    None => continue,
                }
            } else {
                worker
            };
            let by = &mut indexes.get_mut(&(rule, manager)).expect("wanted").by;
            match by.get_mut(who) {
                Some(v) => v.push((row.due_date, met)),
                None => {
                    by.insert(who.to_string(), vec![(row.due_date, met)]);
                }
            }
        }
    }
    for ix in indexes.values_mut() {
        for v in ix.by.values_mut() {
            v.sort();
            for &(d, met) in v.iter() {
                let status = if met { Status::Met } else { Status::Missing };
                ix.months.entry(month(d)).or_default().add(status);
            }
        }
    }
    indexes
}

/// After − before in tenths of a point, when both are known.
fn change(before: Option<u64>, after: Option<u64>) -> Option<i64> {
    Some(after? as i64 - before? as i64)
}

/// Names a change: up by 10 points or more, down by 10 or more, or neither.
fn judge(change: i64, up: &'static str, down: &'static str, neither: &'static str) -> &'static str {
    if change >= CHANGE_TENTHS {
        up
    } else if change <= -CHANGE_TENTHS {
        down
    } else {
        neither
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changes_of_ten_points_count() {
        assert_eq!(judge(100, "up", "down", "same"), "up");
        assert_eq!(judge(99, "up", "down", "same"), "same");
        assert_eq!(judge(-100, "up", "down", "same"), "down");
        assert_eq!(change(Some(500), Some(900)), Some(400));
        assert_eq!(change(None, Some(900)), None);
    }
}
