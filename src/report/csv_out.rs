//! CSV outputs: `exceptions.csv` and `kpis.csv` exactly as contract §4 fixes them (extra
//! columns only after the fixed ones), `pending.csv` (what falls due next) and
//! `data_quality.csv` (every unreadable cell and rejected row).

use std::path::Path;

use super::{Format, Report, ResultRow};

pub struct Csv;

const EXCEPTION_COLUMNS: [&str; 10] = [
    "rule_id",
    "child_id",
    "episode_type",
    "team",
    "worker",
    "start_date",
    "due_date",
    "event_date",
    "status",
    "working_days_late",
];
/// Columns after the contract's: the rule's title, standard and courses, and the row
/// of the export the exception comes from.
const EXTRA_COLUMNS: [&str; 5] = [
    "rule_title",
    "standard",
    "courses",
    "source_table",
    "source_row",
];

fn result_record(report: &Report, r: &ResultRow) -> Vec<String> {
    let rule = &report.rules[r.rule];
    let standard = match rule.standard_line {
        Some(l) => format!("{} (line {l})", rule.standard),
        None => rule.standard.clone(),
    };
    vec![
        r.rule_id.clone(),
        r.child_id.clone(),
        r.episode_type.clone(),
        r.team.clone(),
        r.worker.clone(),
        r.start_date.to_string(),
        r.due_date.to_string(),
        r.event_date.map(|d| d.to_string()).unwrap_or_default(),
        r.status.as_str().to_string(),
        r.working_days_late.to_string(),
        rule.title.clone(),
        standard,
        rule.courses
            .iter()
            .map(|c| c.title.as_str())
            .collect::<Vec<_>>()
            .join("; "),
        r.source_table.to_string(),
        r.source_row.to_string(),
    ]
}

fn write_rows<'a>(
    path: &Path,
    report: &Report,
    rows: impl Iterator<Item = &'a ResultRow>,
) -> anyhow::Result<()> {
    let mut w = csv::Writer::from_path(path)?;
    w.write_record(EXCEPTION_COLUMNS.iter().chain(EXTRA_COLUMNS.iter()))?;
    for r in rows {
        w.write_record(result_record(report, r))?;
    }
    w.flush()?;
    Ok(())
}

impl Format for Csv {
    fn name(&self) -> &'static str {
        "csv"
    }

    fn write(&self, report: &Report, dir: &Path) -> anyhow::Result<Vec<String>> {
        write_rows(&dir.join("exceptions.csv"), report, report.exceptions())?;
        write_rows(&dir.join("pending.csv"), report, report.pending())?;

        let mut w = csv::Writer::from_path(dir.join("kpis.csv"))?;
        w.write_record([
            "rule_id",
            "scope",
            "scope_value",
            "due",
            "met",
            "late",
            "missing",
            "percent_met",
        ])?;
        for k in &report.kpis {
            w.write_record([
                k.rule_id.clone(),
                k.scope.as_str().to_string(),
                k.scope_value.clone(),
                k.due.to_string(),
                k.met.to_string(),
                k.late.to_string(),
                k.missing.to_string(),
                k.percent_met(),
            ])?;
        }
        w.flush()?;

        let mut w = csv::Writer::from_path(dir.join("data_quality.csv"))?;
        w.write_record([
            "file", "sheet", "row", "column", "value", "reason", "action",
        ])?;
        for i in &report.issues {
            w.write_record([
                i.file.clone(),
                i.sheet.clone(),
                i.row.to_string(),
                i.column.clone(),
                i.value.clone(),
                i.reason.clone(),
                i.action.as_str().to_string(),
            ])?;
        }
        w.flush()?;
        Ok([
            "exceptions.csv",
            "pending.csv",
            "kpis.csv",
            "data_quality.csv",
        ]
        .map(String::from)
        .to_vec())
    }
}
