//! Building the one [`Report`] from the engine's results, the pack and the ingest
//! accounting. Rows stay compact (interned text); sorting uses integer keys whose order
//! is the text order (children are indexed in child-id order, rules are ranked by id).

use rayon::slice::ParallelSliceMut;
use rustc_hash::FxHashMap;
use serde::Serialize;

use super::Tally;
use super::*;
use crate::engine::{Results, Status};
use crate::ingest::IngestSummary;
use crate::rules::{Pack, describe_timescale};

/// Milliseconds spent in each stage before writing, as `summary.json` states them.
#[derive(Debug, Clone, Copy, Default, Serialize)]
pub struct Timings {
    pub read_ms: u64,
    /// Evaluating the rules (children in parallel).
    pub evaluate_ms: u64,
    /// Building the report from the results: KPIs, trends, training needs and impact.
    pub report_ms: u64,
}

fn rule_infos(pack: &Pack) -> Vec<RuleInfo> {
    pack.rules
        .iter()
        .map(|r| {
            let courses: Vec<CourseRef> = r
                .courses
                .iter()
                .map(|c| match pack.course(c) {
                    Some(course) => CourseRef {
                        id: course.id.clone(),
                        title: course.title.clone(),
                        category: course.category.clone(),
                    },
                    None => CourseRef {
                        id: c.clone(),
                        title: c.clone(),
                        category: None,
                    },
                })
                .collect();
            let (target_tenths, target_from) = match (r.target_percent, pack.target_percent) {
                (Some(t), _) => (rating::target_tenths(t), rating::TargetFrom::Rule),
                (None, Some(t)) => (rating::target_tenths(t), rating::TargetFrom::Pack),
                (None, None) => (rating::DEFAULT_TARGET_TENTHS, rating::TargetFrom::Default),
            };
            RuleInfo {
                target_tenths,
                target_from,
                comparators: r.comparators.clone(),
                family: r.family.clone().unwrap_or_else(|| "Other".into()),
                id: r.id.clone(),
                title: r.title.clone(),
                kind: r.kind.name().to_string(),
                timescale: describe_timescale(r),
                standard: r.standard.section.clone(),
                standard_line: r.standard.line,
                kpi: r.kpi.clone(),
                not_measured: None,
                standard_cited: match &r.standard.text {
                    Some(text) => format!("{}: \u{201c}{text}\u{201d}", r.standard.section),
                    None => r.standard.section.clone(),
                },
                course_titles: courses
                    .iter()
                    .map(|c| c.title.as_str())
                    .collect::<Vec<_>>()
                    .join("; "),
                courses,
            }
        })
        .collect()
}

pub fn build(
    meta: Meta,
    pack: &Pack,
    results: Results,
    intake: IngestSummary<'_>,
    warnings: Vec<String>,
) -> Report {
    let mut rules = rule_infos(pack);
    for (info, why) in rules.iter_mut().zip(results.not_measured) {
        info.not_measured = why;
    }
    let mut by_id: Vec<usize> = (0..rules.len()).collect();
    by_id.sort_by(|a, b| rules[*a].id.cmp(&rules[*b].id));
    let mut rule_rank = vec![0u32; rules.len()];
    for (rank, &i) in by_id.iter().enumerate() {
        rule_rank[i] = rank as u32;
    }

    let mut rows: Vec<ResultRow> = results.rows;
    // Child ranks follow child-id text order; rows without a child (worker rules) first.
    let rank_of = &results.child_rank;
    let child_key = |r: &ResultRow| r.child.map_or(0, |c| rank_of[c.index()]);
    // Only exceptions and pending expectations are listed, so only they are sorted: they
    // go first, the met and uncounted ones after them.
    let listed = partition(&mut rows, |r| {
        r.is_exception() || r.status == Status::Pending
    });
    rows[..listed].par_sort_unstable_by_key(|r| {
        (
            rule_rank[r.rule as usize],
            child_key(r),
            r.due_date,
            r.start_date,
            r.event_date,
            r.source_table,
            r.source.row,
        )
    });

    let names = results.names;
    let kpis = kpis(&rules, &by_id, &rows, &names);
    let by_month = trend::by_month(&rules, &by_id, &rows, &names, meta.from, meta.to);
    let settings = Settings::new(meta.as_at);
    let tables = intake
        .counts
        .iter()
        .map(|(id, c)| TableCount {
            table: id.name(),
            read: c.read,
            used: c.used,
            rejected: c.rejected,
            skipped: c.skipped,
            blank: c.blank,
            sources: intake
                .sources
                .iter()
                .filter(|s| s.table == id.name())
                .map(|s| {
                    if s.sheet.is_empty() {
                        s.file.clone()
                    } else {
                        format!("{} [{}]", s.file, s.sheet)
                    }
                })
                .collect(),
        })
        .collect();
    Report {
        meta,
        rules,
        rows,
        names,
        sources: results.sources,
        kpis,
        issues: intake.issues.to_vec(),
        tables,
        ignored_inputs: intake.ignored.to_vec(),
        warnings,
        by_month,
        previous: None,
        settings,
        training: Default::default(),
    }
}

/// Moves the rows for which `keep` holds to the front, in their order (the others'
/// order is shuffled, deterministically); returns how many there are.
fn partition(rows: &mut [ResultRow], keep: impl Fn(&ResultRow) -> bool) -> usize {
    let mut n = 0;
    for i in 0..rows.len() {
        if keep(&rows[i]) {
            rows.swap(n, i);
            n += 1;
        }
    }
    n
}

/// KPIs per rule (in rule-id order): all, then each team, then each worker, by name.
fn kpis(rules: &[RuleInfo], by_id: &[usize], rows: &[ResultRow], names: &[Box<str>]) -> Vec<Kpi> {
    let mut all = vec![Tally::default(); rules.len()];
    let mut teams: FxHashMap<(u16, Option<Sym>), Tally> = FxHashMap::default();
    let mut workers: FxHashMap<(u16, Option<Sym>), Tally> = FxHashMap::default();
    // Each worker's teams, by how many counted expectations they hold there.
    let mut worker_teams: FxHashMap<Option<Sym>, FxHashMap<Option<Sym>, u64>> =
        FxHashMap::default();
    for r in rows.iter().filter(|r| r.counted) {
        all[r.rule as usize].add(r.status);
        teams.entry((r.rule, r.team)).or_default().add(r.status);
        workers.entry((r.rule, r.worker)).or_default().add(r.status);
        *worker_teams
            .entry(r.worker)
            .or_default()
            .entry(r.team)
            .or_default() += 1;
    }
    let label = |s: Option<Sym>| -> String {
        match s {
            Some(s) if !names[s.index()].is_empty() => names[s.index()].to_string(),
            _ => NOT_RECORDED.to_string(),
        }
    };
    let worker_teams: FxHashMap<String, String> = worker_teams
        .into_iter()
        .map(|(w, ts)| {
            let mut ts: Vec<(String, u64)> = ts.into_iter().map(|(t, n)| (label(t), n)).collect();
            ts.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
            let ts: Vec<String> = ts.into_iter().map(|t| t.0).collect();
            (label(w), ts.join("; "))
        })
        .collect();
    let kpi = |rule: usize, scope, value: String, t: Tally| Kpi {
        team: match scope {
            Scope::All => String::new(),
            Scope::Team => value.clone(),
            Scope::Worker => worker_teams.get(&value).cloned().unwrap_or_default(),
        },
        rule_id: rules[rule].id.clone(),
        scope,
        scope_value: value,
        due: t.due,
        met: t.met,
        late: t.late,
        missing: t.missing,
        not_measured: rules[rule].not_measured.clone(),
    };
    let scoped = |map: &FxHashMap<(u16, Option<Sym>), Tally>, scope: Scope| {
        let mut v: Vec<(u16, String, Tally)> = map
            .iter()
            .map(|((rule, s), t)| (*rule, label(*s), *t))
            .collect();
        v.sort_by(|a, b| (a.0, &a.1).cmp(&(b.0, &b.1)));
        let mut per_rule: Vec<Vec<Kpi>> = vec![Vec::new(); rules.len()];
        for (rule, value, t) in v {
            per_rule[rule as usize].push(kpi(rule as usize, scope, value, t));
        }
        per_rule
    };
    let mut team_kpis = scoped(&teams, Scope::Team);
    let mut worker_kpis = scoped(&workers, Scope::Worker);
    let mut out = Vec::new();
    for &i in by_id {
        out.push(kpi(i, Scope::All, String::new(), all[i]));
        out.append(&mut team_kpis[i]);
        out.append(&mut worker_kpis[i]);
    }
    out
}
