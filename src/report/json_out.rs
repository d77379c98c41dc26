//! `summary.json`: the run's settings, the row accounting per table, the totals per
//! rule, warnings and stage timings — what a script or a dashboard reads.

use std::path::Path;

use serde::Serialize;

use super::{Format, Kpi, Meta, Report, Scope, TableCount, Timings};
use crate::engine::Status;

pub struct Json;

#[derive(Serialize)]
struct RuleTotals<'a> {
    id: &'a str,
    title: &'a str,
    due: u64,
    met: u64,
    late: u64,
    missing: u64,
    percent_met: String,
    pending: usize,
    not_in_period: usize,
}

#[derive(Serialize)]
struct Totals {
    expectations: usize,
    counted: usize,
    met: usize,
    late: usize,
    missing: usize,
    pending: usize,
    exceptions: usize,
    data_quality_findings: usize,
}

#[derive(Serialize)]
struct Summary<'a> {
    run: &'a Meta,
    totals: Totals,
    tables: &'a [TableCount],
    ignored_inputs: &'a [String],
    rules: Vec<RuleTotals<'a>>,
    warnings: &'a [String],
    timings_ms: &'a Timings,
}

impl Format for Json {
    fn name(&self) -> &'static str {
        "json"
    }

    fn write(&self, report: &Report, dir: &Path) -> anyhow::Result<Vec<String>> {
        let count = |s: Status| {
            report
                .rows
                .iter()
                .filter(|r| r.counted && r.status == s)
                .count()
        };
        let totals = Totals {
            expectations: report.rows.len(),
            counted: report.rows.iter().filter(|r| r.counted).count(),
            met: count(Status::Met),
            late: count(Status::Late),
            missing: count(Status::Missing),
            pending: report.pending().count(),
            exceptions: report.exception_count(),
            data_quality_findings: report.issues.len(),
        };
        let rules = report
            .kpis
            .iter()
            .filter(|k| k.scope == Scope::All)
            .map(|k: &Kpi| {
                let info = report
                    .rules
                    .iter()
                    .find(|r| r.id == k.rule_id)
                    .expect("kpi of a rule");
                let of_rule = report.rows.iter().filter(|r| r.rule_id == k.rule_id);
                RuleTotals {
                    id: &info.id,
                    title: &info.title,
                    due: k.due,
                    met: k.met,
                    late: k.late,
                    missing: k.missing,
                    percent_met: k.percent_met(),
                    pending: of_rule
                        .clone()
                        .filter(|r| r.status == Status::Pending)
                        .count(),
                    not_in_period: of_rule
                        .filter(|r| !r.counted && r.status != Status::Pending)
                        .count(),
                }
            })
            .collect();
        let summary = Summary {
            run: &report.meta,
            totals,
            tables: &report.tables,
            ignored_inputs: &report.ignored_inputs,
            rules,
            warnings: &report.warnings,
            timings_ms: &report.timings,
        };
        let file = std::fs::File::create(dir.join("summary.json"))?;
        let mut w = std::io::BufWriter::new(file);
        serde_json::to_writer_pretty(&mut w, &summary)?;
        std::io::Write::write_all(&mut w, b"\n")?;
        std::io::Write::flush(&mut w)?;
        Ok(vec!["summary.json".into()])
    }
}
