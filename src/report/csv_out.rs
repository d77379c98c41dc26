//! CSV outputs: `exceptions.csv` and `kpis.csv` exactly as contract §4 fixes them (extra
//! columns only after the fixed ones), `pending.csv` (what falls due next) and
//! `data_quality.csv` (every unreadable cell and rejected row). The columns are the
//! report's column tables ([`super::columns`]), rendered as text.

use std::fs::File;
use std::io::BufWriter;
use std::path::Path;

use chrono::{Datelike, NaiveDate};

use super::columns::{
    CHANGE_COLUMNS, Cell, Column, KPI_COLUMNS, MONTH_COLUMNS, QUALITY_COLUMNS, exception_columns,
    names, neutralise,
};
use super::{Format, Report, Timings, WriteError, Written, tenths_text};

pub struct Csv;

type Writer = csv::Writer<BufWriter<File>>;

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

fn write_cell(w: &mut Writer, cell: Cell<'_>) -> csv::Result<()> {
    let mut buf = [0u8; 10];
    match cell {
        Cell::Text(s) => w.write_field(neutralise(s).as_bytes()),
        Cell::Owned(s) => w.write_field(neutralise(&s).as_bytes()),
        Cell::Date(Some(d)) => w.write_field(iso(d, &mut buf)),
        Cell::Date(None) | Cell::Tenths(None) | Cell::Points(None) => w.write_field(""),
        Cell::Points(Some(p)) => w.write_field(crate::training::points_text(p)),
        Cell::Int(n) => w.write_field(n.to_string()),
        Cell::Tenths(Some(t)) => w.write_field(tenths_text(t)),
    }
}

/// Writes one CSV file: the columns' names, then a line per row.
fn write_table<'a, T: 'a>(
    path: &Path,
    report: &'a Report,
    columns: &[Column<T>],
    rows: impl Iterator<Item = &'a T>,
) -> Result<(), WriteError> {
    let file = File::create(path).map_err(WriteError::io(path))?;
    let mut w = csv::Writer::from_writer(BufWriter::with_capacity(1 << 16, file));
    w.write_record(names(columns))?;
    for row in rows {
        for c in columns {
            write_cell(&mut w, (c.get)(report, row))?;
        }
        w.write_record(None::<&[u8]>)?;
    }
    w.flush().map_err(WriteError::io(path))?;
    Ok(())
}

impl Format for Csv {
    fn name(&self) -> &'static str {
        "csv"
    }

    fn write(&self, report: &Report, _: &Timings, dir: &Path) -> Written {
        // The two long lists are written at once, one per core.
        let (exceptions, pending) = rayon::join(
            || {
                let path = dir.join("exceptions.csv");
                write_table(
                    &path,
                    report,
                    &exception_columns(report),
                    report.exceptions(),
                )
            },
            || {
                let path = dir.join("pending.csv");
                write_table(&path, report, &exception_columns(report), report.pending())
            },
        );
        exceptions?;
        pending?;
        let kpis = dir.join("kpis.csv");
        write_table(&kpis, report, &KPI_COLUMNS, report.kpis.iter())?;
        let by_month = dir.join("kpis_by_month.csv");
        write_table(&by_month, report, &MONTH_COLUMNS, report.by_month.iter())?;
        let quality = dir.join("data_quality.csv");
        write_table(&quality, report, &QUALITY_COLUMNS, report.issues.iter())?;
        let mut files: Vec<String> = [
            "exceptions.csv",
            "pending.csv",
            "kpis.csv",
            "kpis_by_month.csv",
            "data_quality.csv",
        ]
        .map(String::from)
        .to_vec();
        if let Some(previous) = &report.previous {
            let changes = dir.join("changes.csv");
            write_table(&changes, report, &CHANGE_COLUMNS, previous.rows.iter())?;
            files.push("changes.csv".into());
        }
        files.extend(write_training(report, dir)?);
        Ok(files)
    }
}

/// The training outputs: needs, impact, the courses ranked, the needs-analysis forms.
fn write_training(report: &Report, dir: &Path) -> Result<Vec<String>, WriteError> {
    use super::training_cols::{IMPACT_COLUMNS, NEED_COLUMNS, RANK_COLUMNS, TNA_COLUMNS};
    let t = &report.training;
    write_table(
        &dir.join("training_needs.csv"),
        report,
        &NEED_COLUMNS,
        t.needs.iter(),
    )?;
    write_table(
        &dir.join("training_impact.csv"),
        report,
        &IMPACT_COLUMNS,
        t.impact.iter(),
    )?;
    write_table(
        &dir.join("training_courses.csv"),
        report,
        &RANK_COLUMNS,
        t.ranking.iter(),
    )?;
    let forms = dir.join("training_needs_analysis.csv");
    write_table(&forms, report, &TNA_COLUMNS, t.forms.iter())?;
    Ok([
        "training_needs.csv",
        "training_impact.csv",
        "training_courses.csv",
        "training_needs_analysis.csv",
    ]
    .map(String::from)
    .to_vec())
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
