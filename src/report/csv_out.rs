//! CSV outputs: `exceptions.csv` and `kpis.csv` exactly as contract §4 fixes them (extra
//! columns only after the fixed ones), `pending.csv` (what falls due next) and
//! `data_quality.csv` (every unreadable cell and rejected row).

use std::fs::File;
use std::io::BufWriter;
use std::path::Path;

use chrono::{Datelike, NaiveDate};

use super::{EXCEPTION_COLUMNS, Format, KPI_COLUMNS, Report, ResultRow, WriteError};

pub struct Csv;

type Writer = csv::Writer<BufWriter<File>>;

fn writer(path: &Path) -> Result<Writer, WriteError> {
    let file = File::create(path).map_err(WriteError::io(path))?;
    Ok(csv::Writer::from_writer(BufWriter::with_capacity(
        1 << 16,
        file,
    )))
}

/// An ISO date (`YYYY-MM-DD`) written without a general-purpose formatter.
fn iso(d: NaiveDate, buf: &mut [u8; 10]) -> &[u8] {
    let (y, m, day) = (d.year().clamp(0, 9999) as u32, d.month(), d.day());
    let digits = [
        y / 1000,
        y / 100 % 10,
        y / 10 % 10,
        y % 10,
        m / 10,
        m % 10,
        day / 10,
        day % 10,
    ];
    let at = [0, 1, 2, 3, 5, 6, 8, 9];
    for (i, v) in at.iter().zip(digits) {
        buf[*i] = b'0' + v as u8;
    }
    buf[4] = b'-';
    buf[7] = b'-';
    &buf[..]
}

fn write_row(w: &mut Writer, report: &Report, r: &ResultRow) -> csv::Result<()> {
    let mut buf = [0u8; 10];
    let rule = &report.rules[r.rule as usize];
    w.write_field(&rule.id)?;
    w.write_field(report.text(r.child))?;
    w.write_field(report.text(r.episode_type))?;
    w.write_field(report.text(r.team))?;
    w.write_field(report.text(r.worker))?;
    w.write_field(iso(r.start_date, &mut buf))?;
    w.write_field(iso(r.due_date, &mut buf))?;
    match r.event_date {
        Some(d) => w.write_field(iso(d, &mut buf))?,
        None => w.write_field("")?,
    }
    w.write_field(r.status.as_str())?;
    w.write_field(itoa(r.working_days_late))?;
    w.write_field(&rule.title)?;
    w.write_field(&rule.standard_cited)?;
    w.write_field(&rule.course_titles)?;
    w.write_field(r.source_table.name())?;
    w.write_field(itoa(r.source.row))?;
    w.write_field(report.finding_text(r))?;
    w.write_record(None::<&[u8]>)
}

fn itoa(n: u32) -> String {
    n.to_string()
}

fn write_rows<'a>(
    path: &Path,
    report: &Report,
    rows: impl Iterator<Item = &'a ResultRow>,
) -> Result<(), WriteError> {
    let mut w = writer(path)?;
    w.write_record(EXCEPTION_COLUMNS)?;
    for r in rows {
        write_row(&mut w, report, r)?;
    }
    w.flush().map_err(WriteError::io(path))?;
    Ok(())
}

impl Format for Csv {
    fn name(&self) -> &'static str {
        "csv"
    }

    fn write(
        &self,
        report: &Report,
        _timings: &super::Timings,
        dir: &Path,
    ) -> Result<Vec<String>, WriteError> {
        // The two long lists are written at once, one per core.
        let (exceptions, pending) = rayon::join(
            || write_rows(&dir.join("exceptions.csv"), report, report.exceptions()),
            || write_rows(&dir.join("pending.csv"), report, report.pending()),
        );
        exceptions?;
        pending?;

        let mut w = writer(&dir.join("kpis.csv"))?;
        w.write_record(KPI_COLUMNS)?;
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
                k.not_measured.clone().unwrap_or_default(),
            ])?;
        }
        w.flush().map_err(WriteError::io(dir))?;

        let mut w = writer(&dir.join("data_quality.csv"))?;
        w.write_record([
            "file", "sheet", "row", "column", "value", "reason", "action",
        ])?;
        for i in &report.issues {
            w.write_record([
                i.file.as_str(),
                i.sheet.as_str(),
                &i.row.to_string(),
                i.column.as_str(),
                i.value.as_str(),
                i.reason.as_str(),
                i.action.as_str(),
            ])?;
        }
        w.flush().map_err(WriteError::io(dir))?;
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso_dates_are_zero_padded() {
        let mut b = [0u8; 10];
        let d = NaiveDate::from_ymd_opt(2026, 3, 9).unwrap();
        assert_eq!(iso(d, &mut b), b"2026-03-09");
        let d = NaiveDate::from_ymd_opt(987, 12, 31).unwrap();
        assert_eq!(iso(d, &mut b), b"0987-12-31");
    }
}
