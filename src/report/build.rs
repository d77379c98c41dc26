//! Building the one [`Report`] from the engine's expectations, the pack and the ingest
//! accounting.

use std::collections::BTreeMap;

use serde::Serialize;

use super::*;
use crate::engine::{AuditDates, Expectation, Status};
use crate::ingest::Loaded;
use crate::model::{Dataset, Sym};
use crate::rules::{Pack, describe_timescale};

/// Milliseconds spent in each stage.
#[derive(Debug, Clone, Copy, Default, Serialize)]
pub struct Timings {
    pub read_ms: u64,
    pub evaluate_ms: u64,
    pub report_ms: u64,
    pub write_ms: u64,
}

fn text(ds: &Dataset, s: Option<Sym>) -> String {
    s.map(|s| ds.text(s).to_string()).unwrap_or_default()
}

pub fn build(
    meta: Meta,
    pack: &Pack,
    loaded: &Loaded,
    dates: &AuditDates,
    expectations: Vec<Expectation>,
    warnings: Vec<String>,
) -> Report {
    let ds = &loaded.dataset;
    let rules: Vec<RuleInfo> = pack
        .rules
        .iter()
        .map(|r| RuleInfo {
            id: r.id.clone(),
            title: r.title.clone(),
            kind: r.kind.name().to_string(),
            timescale: describe_timescale(r),
            standard: r.standard.section.clone(),
            standard_line: r.standard.line,
            kpi: r.kpi.clone(),
            courses: r
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
                .collect(),
        })
        .collect();

    // Snapshot rules count whatever the audit period (the return is a snapshot).
    let snapshot: Vec<bool> = pack
        .rules
        .iter()
        .map(|r| matches!(r.kind, crate::rules::RuleKind::Snapshot(_)))
        .collect();
    let mut rows: Vec<ResultRow> = expectations
        .into_iter()
        .map(|x| {
            let (table, row) = x.source;
            let prov = ds.table(table).prov(row);
            let src = ds.source(prov);
            ResultRow {
                rule_id: rules[x.rule as usize].id.clone(),
                rule: x.rule as usize,
                child_id: text(ds, x.child),
                episode_type: text(ds, x.episode_type),
                team: text(ds, x.team),
                worker: text(ds, x.worker),
                start_date: x.start,
                due_date: x.due,
                event_date: x.event,
                status: x.status,
                working_days_late: x.working_days_late,
                counted: x.status != Status::Pending
                    && (snapshot[x.rule as usize] || dates.in_period(x.due)),
                source_table: table.name(),
                source_row: prov.row,
                source_file: src.file.clone(),
                source_sheet: src.sheet.clone(),
            }
        })
        .collect();
    rows.sort_by(|a, b| {
        (
            &a.rule_id,
            &a.child_id,
            a.due_date,
            a.start_date,
            a.event_date,
            a.source_table,
            a.source_row,
        )
            .cmp(&(
                &b.rule_id,
                &b.child_id,
                b.due_date,
                b.start_date,
                b.event_date,
                b.source_table,
                b.source_row,
            ))
    });

    let kpis = kpis(&rules, &rows);
    let tables = loaded
        .counts
        .iter()
        .map(|(id, c)| TableCount {
            table: id.name(),
            read: c.read,
            used: c.used,
            rejected: c.rejected,
            skipped: c.skipped,
            blank: c.blank,
            sources: loaded
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
        kpis,
        issues: loaded.issues.clone(),
        tables,
        ignored_inputs: loaded.ignored.clone(),
        warnings,
        timings: Timings::default(),
    }
}

#[derive(Default, Clone, Copy)]
struct Tally {
    met: u64,
    late: u64,
    missing: u64,
}

impl Tally {
    fn add(&mut self, s: Status) {
        match s {
            Status::Met => self.met += 1,
            Status::Late => self.late += 1,
            Status::Missing => self.missing += 1,
            Status::Pending => {}
        }
    }
}

fn kpis(rules: &[RuleInfo], rows: &[ResultRow]) -> Vec<Kpi> {
    let mut all: BTreeMap<&str, Tally> = rules
        .iter()
        .map(|r| (r.id.as_str(), Tally::default()))
        .collect();
    let mut scoped: BTreeMap<(&str, Scope, &str), Tally> = BTreeMap::new();
    for r in rows.iter().filter(|r| r.counted) {
        all.entry(&r.rule_id).or_default().add(r.status);
        let team = if r.team.is_empty() {
            NOT_RECORDED
        } else {
            &r.team
        };
        let worker = if r.worker.is_empty() {
            NOT_RECORDED
        } else {
            &r.worker
        };
        scoped
            .entry((&r.rule_id, Scope::Team, team))
            .or_default()
            .add(r.status);
        scoped
            .entry((&r.rule_id, Scope::Worker, worker))
            .or_default()
            .add(r.status);
    }
    let mut out = Vec::new();
    let kpi = |rule: &str, scope, value: &str, t: Tally| Kpi {
        rule_id: rule.to_string(),
        scope,
        scope_value: value.to_string(),
        due: t.met + t.late + t.missing,
        met: t.met,
        late: t.late,
        missing: t.missing,
    };
    for (rule, t) in all {
        out.push(kpi(rule, Scope::All, "", t));
        for ((_, scope, value), t) in
            scoped.range((rule, Scope::Team, "")..=(rule, Scope::Worker, "\u{10ffff}"))
        {
            out.push(kpi(rule, *scope, value, *t));
        }
    }
    out
}
