//! `report.xlsx`: the report as a workbook for filtering and pivoting. Sheets:
//!
//! - **Summary**: the run, the headline totals, rows per table, the training needs per
//!   course, warnings, and a note for any sheet cut short.
//! - **KPIs**: `kpis.csv`'s rows (percent met as a number), with the rule's title.
//! - **Exceptions** and **Pending**: `exceptions.csv`'s and `pending.csv`'s columns, in
//!   their order (contract §4 first), dates as date cells.
//! - **Data quality**: `data_quality.csv`'s rows.
//! - **Training needs**, **Courses ranked**, **Training impact** and **Needs analysis**:
//!   `training_needs.csv`'s, `training_courses.csv`'s, `training_impact.csv`'s and
//!   `training_needs_analysis.csv`'s rows (written by [`training`]).
//!
//! Each table has a bold, frozen header row, an autofilter and column widths sized to its
//! text. The large sheets are written in constant-memory mode (rows stream to a temporary
//! file in the output's staging folder). A sheet holds at most Excel's 1,048,576 rows: a
//! longer table is cut, its last row says so, and the CSV holds every row.

use std::path::Path;

use chrono::{Datelike, NaiveDate};
use rust_xlsxwriter::{
    ColNum, ExcelDateTime, Format as CellFormat, RowNum, Workbook, Worksheet, XlsxError,
};

use super::columns::{Cell, Column, EXCEPTION_COLUMNS, KPI_COLUMNS, QUALITY_COLUMNS, names};
use super::digest::{self, Totals};
use super::{Format, Report, Timings, WriteError, Written};

pub struct Xlsx;

/// Rows in an Excel worksheet.
pub const EXCEL_ROWS: u32 = 1_048_576;
/// Characters in an Excel cell.
const CELL_CHARS: usize = 32_767;
/// The rows whose text sizes a table's columns.
const WIDTH_SAMPLE: u32 = 2_000;
const MAX_WIDTH: usize = 60;
const DATE_FORMAT: &str = "dd mmm yyyy";
const DATE_WIDTH: usize = 11;

pub const SHEETS: [&str; 9] = [
    "Summary",
    "KPIs",
    "Exceptions",
    "Pending",
    "Data quality",
    "Training needs",
    "Courses ranked",
    "Training impact",
    "Needs analysis",
];

mod training;

impl Format for Xlsx {
    fn name(&self) -> &'static str {
        "xlsx"
    }

    fn write(&self, report: &Report, _: &Timings, dir: &Path) -> Written {
        write_workbook(report, &dir.join("report.xlsx"), dir, EXCEL_ROWS)?;
        Ok(vec!["report.xlsx".into()])
    }
}

/// How many of a table's `total` rows fit a sheet of `limit` rows: all of them under the
/// header, or, when they do not fit, as many as leave a last row for the note.
fn fit(total: usize, limit: u32) -> usize {
    if total < limit as usize {
        total
    } else {
        limit.saturating_sub(2) as usize
    }
}

/// The note on a cut table; `csv` is the file holding every row (none for a derived table).
fn cut_note(shown: usize, total: usize, limit: u32, what: &str, csv: &str) -> String {
    let rest = if csv.is_empty() {
        "the others follow from exceptions.csv (the exceptions of each course's rules)".into()
    } else {
        format!("{csv} holds all {total}")
    };
    format!(
        "Only the first {shown} of {total} {what} fit in an Excel worksheet ({limit} rows): {rest}."
    )
}

struct Styles {
    header: CellFormat,
    title: CellFormat,
    bold: CellFormat,
    date: CellFormat,
    pct: CellFormat,
    points: CellFormat,
    note: CellFormat,
}

impl Styles {
    fn new() -> Styles {
        Styles {
            header: CellFormat::new().set_bold().set_background_color(0xE9EDF2),
            title: CellFormat::new().set_bold().set_font_size(14),
            bold: CellFormat::new().set_bold(),
            date: CellFormat::new().set_num_format(DATE_FORMAT),
            pct: CellFormat::new().set_num_format("0.0"),
            points: CellFormat::new().set_num_format("+0.0;-0.0;0.0"),
            note: CellFormat::new().set_italic().set_font_color(0xC62828),
        }
    }
}

/// Text cut to what a cell holds.
fn clip(s: &str) -> &str {
    if s.len() <= CELL_CHARS {
        return s;
    }
    match s.char_indices().nth(CELL_CHARS) {
        Some((at, _)) => &s[..at],
        None => s,
    }
}

fn excel_date(d: NaiveDate) -> Option<ExcelDateTime> {
    let year = u16::try_from(d.year()).ok()?;
    ExcelDateTime::from_ymd(year, d.month() as u8, d.day() as u8).ok()
}

/// One row being written, a cell at a time, left to right.
struct Cells<'a> {
    ws: &'a mut Worksheet,
    st: &'a Styles,
    row: RowNum,
    col: ColNum,
    /// Widest text per column so far, when the row is one that sizes the columns.
    widths: Option<&'a mut [usize]>,
}

impl Cells<'_> {
    fn seen(&mut self, chars: usize) {
        if let Some(w) = self.widths.as_deref_mut() {
            let c = &mut w[self.col as usize];
            *c = (*c).max(chars);
        }
        self.col += 1;
    }

    fn str(&mut self, s: &str) -> Result<(), XlsxError> {
        if !s.is_empty() {
            self.ws.write_string(self.row, self.col, clip(s))?;
        }
        let n = if self.widths.is_some() {
            s.chars().count()
        } else {
            0
        };
        self.seen(n);
        Ok(())
    }

    fn num(&mut self, n: impl Into<f64>) -> Result<(), XlsxError> {
        let n = n.into();
        self.ws.write_number(self.row, self.col, n)?;
        let width = if self.widths.is_some() {
            n.to_string().len()
        } else {
            0
        };
        self.seen(width);
        Ok(())
    }

    /// A date cell; ISO text for a date Excel cannot hold (before 1900).
    fn date(&mut self, d: Option<NaiveDate>) -> Result<(), XlsxError> {
        if let Some(d) = d {
            match excel_date(d) {
                Some(x) => self
                    .ws
                    .write_date_with_format(self.row, self.col, x, &self.st.date)?,
                None => self.ws.write_string(self.row, self.col, d.to_string())?,
            };
        }
        self.seen(DATE_WIDTH);
        Ok(())
    }

    /// A cell of a column table, as its type says.
    fn cell(&mut self, cell: Cell<'_>) -> Result<(), XlsxError> {
        match cell {
            Cell::Text(s) => self.str(s),
            Cell::Owned(s) => self.str(&s),
            Cell::Date(d) => self.date(d),
            Cell::Int(n) => self.num(n as f64),
            Cell::Tenths(t) => self.pct(t),
            Cell::Points(p) => {
                if let Some(p) = p {
                    self.ws.write_number_with_format(
                        self.row,
                        self.col,
                        p as f64 / 10.0,
                        &self.st.points,
                    )?;
                }
                self.seen(6);
                Ok(())
            }
        }
    }

    /// A row of a column table.
    fn columns<T>(
        &mut self,
        report: &Report,
        columns: &[Column<T>],
        row: &T,
    ) -> Result<(), XlsxError> {
        for c in columns {
            self.cell((c.get)(report, row))?;
        }
        Ok(())
    }

    /// Percent met to one place, as a number; blank when nothing was due.
    fn pct(&mut self, tenths: Option<u64>) -> Result<(), XlsxError> {
        if let Some(t) = tenths {
            self.ws
                .write_number_with_format(self.row, self.col, t as f64 / 10.0, &self.st.pct)?;
        }
        self.seen(5);
        Ok(())
    }
}

/// A row of bold headers; returns the next row.
fn header_row(
    ws: &mut Worksheet,
    st: &Styles,
    row: RowNum,
    headers: &[&str],
) -> Result<RowNum, XlsxError> {
    for (c, h) in headers.iter().enumerate() {
        ws.write_string_with_format(row, c as ColNum, *h, &st.header)?;
    }
    Ok(row + 1)
}

/// Sizes columns to their widest text (header included), within bounds.
fn set_widths(ws: &mut Worksheet, widths: &[usize]) -> Result<(), XlsxError> {
    for (c, w) in widths.iter().enumerate() {
        ws.set_column_width(c as ColNum, (w.clamp(&6, &MAX_WIDTH) + 2) as f64)?;
    }
    Ok(())
}

/// A table on its own sheet, in constant-memory mode: the header row (bold, frozen,
/// filtered), then as many rows as fit, then a note when some did not.
struct Table<'a> {
    name: &'a str,
    headers: &'a [&'a str],
    total: usize,
    /// What the rows are, for the note (`exceptions`), and the file that has them all
    /// (empty when none does).
    what: &'a str,
    csv: &'a str,
}

impl Table<'_> {
    fn write<T>(
        &self,
        wb: &mut Workbook,
        st: &Styles,
        limit: u32,
        rows: impl Iterator<Item = T>,
        mut write: impl FnMut(&mut Cells, T) -> Result<(), XlsxError>,
    ) -> Result<(), WriteError> {
        let ws = wb.add_worksheet_with_constant_memory()?;
        ws.set_name(self.name)?;
        let mut widths: Vec<usize> = self.headers.iter().map(|h| h.chars().count()).collect();
        for (c, h) in self.headers.iter().enumerate() {
            ws.write_string_with_format(0, c as ColNum, *h, &st.header)?;
        }
        let shown = fit(self.total, limit);
        let mut last: RowNum = 0;
        for item in rows.take(shown) {
            last += 1;
            let mut cells = Cells {
                ws: &mut *ws,
                st,
                row: last,
                col: 0,
                widths: (last <= WIDTH_SAMPLE).then_some(widths.as_mut_slice()),
            };
            write(&mut cells, item)?;
        }
        let last_col = self.headers.len() as ColNum - 1;
        ws.set_freeze_panes(1, 0)?;
        ws.autofilter(0, 0, last, last_col)?;
        if shown < self.total {
            let note = cut_note(shown, self.total, limit, self.what, self.csv);
            ws.write_string_with_format(last + 1, 0, note, &st.note)?;
        }
        set_widths(ws, &widths)?;
        Ok(())
    }

    fn note(&self, limit: u32) -> Option<String> {
        let shown = fit(self.total, limit);
        (shown < self.total).then(|| {
            format!(
                "{}: {}",
                self.name,
                cut_note(shown, self.total, limit, self.what, self.csv)
            )
        })
    }
}

/// Writes the workbook to `path`; constant-memory sheets stream through `tempdir`.
/// `limit` is the rows a sheet holds (Excel's, except in tests).
fn write_workbook(
    report: &Report,
    path: &Path,
    tempdir: &Path,
    limit: u32,
) -> Result<(), WriteError> {
    let st = Styles::new();
    let mut wb = Workbook::new();
    wb.set_tempdir(tempdir)?;
    // The fastest deflate: on a 1M-visit audit it writes in about 60% of the time of
    // the default level, for a file about 1.5 times the size.
    wb.set_zip_compression_level(1);

    let kpi_headers: Vec<&str> = names(&KPI_COLUMNS)
        .into_iter()
        .chain(["rule_title"])
        .collect();
    let exception_headers = names(&EXCEPTION_COLUMNS);
    let quality_headers = names(&QUALITY_COLUMNS);
    let kpis = Table {
        name: SHEETS[1],
        headers: &kpi_headers,
        total: report.kpis.len(),
        what: "KPI rows",
        csv: "kpis.csv",
    };
    let exceptions = Table {
        name: SHEETS[2],
        headers: &exception_headers,
        total: report.exception_count(),
        what: "exceptions",
        csv: "exceptions.csv",
    };
    let pending = Table {
        name: SHEETS[3],
        headers: &exception_headers,
        total: report.pending().count(),
        what: "pending expectations",
        csv: "pending.csv",
    };
    let quality = Table {
        name: SHEETS[4],
        headers: &quality_headers,
        total: report.issues.len(),
        what: "data-quality findings",
        csv: "data_quality.csv",
    };
    let training_headers = training::headers();
    let training = training::tables(report, &training_headers);
    let notes: Vec<String> = [&kpis, &exceptions, &pending, &quality]
        .into_iter()
        .chain(training.iter())
        .filter_map(|t| t.note(limit))
        .collect();

    summary(wb.add_worksheet(), &st, report, &notes)?;

    let rule_title = |id: &str| {
        report
            .rules
            .iter()
            .find(|r| r.id == id)
            .map_or("", |r| r.title.as_str())
    };
    kpis.write(&mut wb, &st, limit, report.kpis.iter(), |c, k| {
        c.columns(report, &KPI_COLUMNS, k)?;
        c.str(rule_title(&k.rule_id))
    })?;
    exceptions.write(&mut wb, &st, limit, report.exceptions(), |c, r| {
        c.columns(report, &EXCEPTION_COLUMNS, r)
    })?;
    pending.write(&mut wb, &st, limit, report.pending(), |c, r| {
        c.columns(report, &EXCEPTION_COLUMNS, r)
    })?;
    quality.write(&mut wb, &st, limit, report.issues.iter(), |c, i| {
        c.columns(report, &QUALITY_COLUMNS, i)
    })?;
    training::write(&mut wb, &st, limit, report, &training)?;

    wb.save(path)?;
    Ok(())
}

/// The Summary sheet: the run, the totals, rows per table, the courses ranked for
/// training, notes and warnings.
fn summary(
    ws: &mut Worksheet,
    st: &Styles,
    report: &Report,
    notes: &[String],
) -> Result<(), WriteError> {
    ws.set_name(SHEETS[0])?;
    let m = &report.meta;
    ws.write_string_with_format(0, 0, format!("Case audit: {}", m.pack_title), &st.title)?;
    let mut row: RowNum = 2;
    let text_rows: [(&str, String); 4] = [
        ("Rule pack", format!("{} ({})", m.pack_title, m.pack_id)),
        ("Bank-holiday region", m.region.clone()),
        ("Input", m.input.clone()),
        (
            "Mapping profile",
            m.profile
                .clone()
                .unwrap_or_else(|| "none (native export)".into()),
        ),
    ];
    for (label, value) in &text_rows[..2] {
        ws.write_string_with_format(row, 0, *label, &st.bold)?;
        ws.write_string(row, 1, clip(value))?;
        row += 1;
    }
    for (label, d) in [
        ("Period from", m.from),
        ("Period to", m.to),
        ("Records as at", m.as_at),
    ] {
        ws.write_string_with_format(row, 0, label, &st.bold)?;
        match excel_date(d) {
            Some(x) => ws.write_date_with_format(row, 1, x, &st.date)?,
            None => ws.write_string(row, 1, d.to_string())?,
        };
        row += 1;
    }
    for (label, value) in text_rows[2..]
        .iter()
        .chain(std::iter::once(&("Generated by", m.tool.clone())))
    {
        ws.write_string_with_format(row, 0, *label, &st.bold)?;
        ws.write_string(row, 1, clip(value))?;
        row += 1;
    }

    row += 1;
    ws.write_string_with_format(row, 0, "Totals", &st.title)?;
    row += 1;
    let t = Totals::of(report);
    let counts: [(&str, u64); 9] = [
        ("Expectations due in the period", t.due),
        ("Met in time", t.met),
        ("Late", t.late),
        ("Missing", t.missing),
        ("Exceptions (late or missing)", t.exceptions()),
        ("… of which rest on unreadable cells", t.on_unreadable_cells),
        ("Pending (not yet due)", t.pending),
        ("Due under rules not measured (left out)", t.not_measured),
        ("Data-quality findings", report.issues.len() as u64),
    ];
    for (label, n) in counts {
        ws.write_string_with_format(row, 0, label, &st.bold)?;
        ws.write_number(row, 1, n as f64)?;
        row += 1;
    }
    ws.write_string_with_format(row, 0, "% met", &st.bold)?;
    if let Some(p) = digest::percent_tenths(t.met, t.due) {
        ws.write_number_with_format(row, 1, p as f64 / 10.0, &st.pct)?;
    }
    row += 2;

    ws.write_string_with_format(row, 0, "Rows per table", &st.title)?;
    row += 1;
    let headers = [
        "table",
        "read",
        "used",
        "rejected",
        "skipped",
        "blank",
        "read from",
    ];
    row = header_row(ws, st, row, &headers)?;
    for tc in &report.tables {
        ws.write_string(row, 0, tc.table)?;
        for (c, n) in [tc.read, tc.used, tc.rejected, tc.skipped, tc.blank]
            .into_iter()
            .enumerate()
        {
            ws.write_number(row, c as ColNum + 1, n as f64)?;
        }
        ws.write_string(row, 6, clip(&tc.sources.join("; ")))?;
        row += 1;
    }
    row += 1;

    row = training::summary(ws, st, row, report)?;

    if !notes.is_empty() || !report.warnings.is_empty() {
        row += 1;
        ws.write_string_with_format(row, 0, "Notes", &st.title)?;
        row += 1;
        for n in notes {
            ws.write_string_with_format(row, 0, clip(n), &st.note)?;
            row += 1;
        }
        for w in &report.warnings {
            ws.write_string(row, 0, clip(&format!("Warning: {w}")))?;
            row += 1;
        }
    }
    ws.set_column_width(0, 34)?;
    for c in 1..=5 {
        ws.set_column_width(c, 12)?;
    }
    ws.set_column_width(6, 60)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use calamine::{Data, Reader, open_workbook_auto};

    use super::super::testutil::tiny_report;
    use super::*;
    use crate::report::Timings;

    fn read_sheet(path: &Path, name: &str) -> calamine::Range<Data> {
        let mut wb = open_workbook_auto(path).unwrap();
        wb.worksheet_range(name).unwrap()
    }

    fn text(d: &Data) -> String {
        match d {
            Data::String(s) => s.clone(),
            Data::Empty => String::new(),
            other => other.to_string(),
        }
    }

    #[test]
    fn rows_fit_under_the_header_or_leave_a_row_for_the_note() {
        assert_eq!(fit(0, 10), 0);
        assert_eq!(fit(9, 10), 9);
        assert_eq!(fit(10, 10), 8);
        assert_eq!(fit(5_000_000, EXCEL_ROWS), 1_048_574);
        assert_eq!(fit(1_048_575, EXCEL_ROWS), 1_048_575);
    }

    #[test]
    fn the_workbook_has_every_sheet_real_dates_and_every_exception() {
        let (dir, report) = tiny_report();
        let out = dir.path().join("out");
        std::fs::create_dir_all(&out).unwrap();
        super::super::Csv
            .write(&report, &Timings::default(), &out)
            .unwrap();
        assert_eq!(
            Xlsx.write(&report, &Timings::default(), &out).unwrap(),
            ["report.xlsx"]
        );
        let path = out.join("report.xlsx");

        let wb = open_workbook_auto(&path).unwrap();
        assert_eq!(wb.sheet_names(), SHEETS.map(String::from).to_vec());

        // The Exceptions sheet: exceptions.csv's header and row count.
        let csv = std::fs::read_to_string(out.join("exceptions.csv")).unwrap();
        let mut reader = csv::Reader::from_reader(csv.as_bytes());
        let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
        let records: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
        assert!(records.len() > 10);
        let sheet = read_sheet(&path, "Exceptions");
        assert_eq!(sheet.height(), records.len() + 1);
        let got: Vec<String> = (0..header.len())
            .map(|c| text(sheet.get((0, c)).unwrap()))
            .collect();
        assert_eq!(got, header);
        // Every row matches the CSV, dates as real date cells.
        for (i, rec) in records.iter().enumerate() {
            for (c, want) in rec.iter().enumerate() {
                let cell = sheet.get((i + 1, c)).unwrap_or(&Data::Empty);
                let got = match cell {
                    Data::DateTime(d) => {
                        assert!(matches!(c, 5..=7), "column {} holds a date", header[c]);
                        d.as_datetime().unwrap().date().to_string()
                    }
                    other => text(other),
                };
                assert_eq!(got, want, "row {} column {}", i + 1, header[c]);
            }
        }
        match sheet.get((1, 6)).unwrap() {
            Data::DateTime(d) => assert!(d.is_datetime()),
            other => panic!("due_date is not a date cell: {other:?}"),
        }

        let pending = read_sheet(&path, "Pending");
        assert_eq!(pending.height(), report.pending().count() + 1);
        let kpis = read_sheet(&path, "KPIs");
        assert_eq!(kpis.height(), report.kpis.len() + 1);
        let quality = read_sheet(&path, "Data quality");
        assert_eq!(quality.height(), report.issues.len() + 1);
        let training = read_sheet(&path, "Training needs");
        assert_eq!(training.height(), report.training.needs.len() + 1);
        let impact = read_sheet(&path, "Training impact");
        assert_eq!(impact.height(), report.training.impact.len() + 1);
        // The summary's period is a date.
        let summary = read_sheet(&path, "Summary");
        assert!(
            summary
                .rows()
                .any(|r| text(&r[0]) == "Records as at" && matches!(r[1], Data::DateTime(_)))
        );
    }

    #[test]
    fn a_table_longer_than_a_sheet_is_cut_with_a_note() {
        let (dir, report) = tiny_report();
        let total = report.exception_count();
        assert!(total > 8, "the tiny report has {total} exceptions");
        let path = dir.path().join("small.xlsx");
        write_workbook(&report, &path, dir.path(), 10).unwrap();
        let sheet = read_sheet(&path, "Exceptions");
        assert_eq!(sheet.height(), 10, "header, 8 rows, the note");
        let first: Vec<&crate::report::ResultRow> = report.exceptions().take(8).collect();
        for (i, r) in first.iter().enumerate() {
            assert_eq!(text(sheet.get((i + 1, 0)).unwrap()), report.rule_id(r));
            assert_eq!(text(sheet.get((i + 1, 1)).unwrap()), report.child_id(r));
        }
        let note = text(sheet.get((9, 0)).unwrap());
        assert!(
            note.contains(&format!("first 8 of {total} exceptions"))
                && note.contains("exceptions.csv"),
            "{note}"
        );
        let summary = read_sheet(&path, "Summary");
        assert!(
            summary
                .rows()
                .any(|r| text(&r[0]).starts_with("Exceptions: Only the first 8"))
        );
    }
}
