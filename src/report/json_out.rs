//! `summary.json`: the run's settings, the row accounting per table, the totals per
//! rule, warnings and stage timings — what a script or a dashboard reads.

use std::path::Path;

use serde::Serialize;

use super::{Format, Kpi, Meta, Report, Scope, TableCount, Timings, WriteError, Written};
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
    /// Why the rule is not measured on this export, if it is not.
    not_measured: Option<&'a str>,
    pending: usize,
    not_in_period: usize,
}

#[derive(Serialize)]
struct Totals {
    expectations: usize,
    counted: u64,
    met: u64,
    late: u64,
    missing: u64,
    pending: u64,
    exceptions: u64,
    exceptions_on_unreadable_cells: u64,
    /// Counted expectations of rules the export does not allow to be measured (not in
    /// `counted`).
    not_measured: u64,
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
    /// How the reports were asked for: formats, the minimum denominator, packs, a
    /// restriction to one team or worker.
    reports: &'a super::Settings,
    training: crate::training::Summary,
    timings_ms: &'a Timings,
}

impl Format for Json {
    fn name(&self) -> &'static str {
        "json"
    }

    fn write(&self, report: &Report, timings: &Timings, dir: &Path) -> Written {
        #[derive(Default, Clone, Copy)]
        struct Count {
            pending: usize,
            not_in_period: usize,
        }
        let mut per_rule = vec![Count::default(); report.rules.len()];
        for r in &report.rows {
            let c = &mut per_rule[r.rule as usize];
            match (r.status, r.counted) {
                (Status::Pending, _) => c.pending += 1,
                (_, false) => c.not_in_period += 1,
                _ => {}
            }
        }
        let t = super::Totals::of(report);
        let totals = Totals {
            expectations: report.rows.len(),
            counted: t.due,
            met: t.met,
            late: t.late,
            missing: t.missing,
            pending: t.pending,
            exceptions: t.exceptions(),
            exceptions_on_unreadable_cells: t.on_unreadable_cells,
            not_measured: t.not_measured,
            data_quality_findings: report.issues.len(),
        };
        let rules = report
            .kpis
            .iter()
            .filter(|k| k.scope == Scope::All)
            .map(|k: &Kpi| {
                let i = report
                    .rules
                    .iter()
                    .position(|r| r.id == k.rule_id)
                    .expect("kpi of a rule");
                let info = &report.rules[i];
                RuleTotals {
                    id: &info.id,
                    title: &info.title,
                    due: k.due,
                    met: k.met,
                    late: k.late,
                    missing: k.missing,
                    percent_met: k.percent_met(),
                    not_measured: info.not_measured.as_deref(),
                    pending: per_rule[i].pending,
                    not_in_period: per_rule[i].not_in_period,
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
            reports: &report.settings,
            training: report.training.summary(),
            timings_ms: timings,
        };
        let path = dir.join("summary.json");
        let file = std::fs::File::create(&path).map_err(WriteError::io(&path))?;
        let mut w = std::io::BufWriter::new(file);
        serde_json::to_writer_pretty(&mut w, &summary)?;
        std::io::Write::write_all(&mut w, b"\n").map_err(WriteError::io(&path))?;
        std::io::Write::flush(&mut w).map_err(WriteError::io(&path))?;
        Ok(vec!["summary.json".into()])
    }
}
