//! `report.xlsx`: the report as a workbook for filtering and pivoting. Sheets:
//!
//! - **Summary**: the run, the headline totals, rows per table, the training needs per
//!   course, warnings, and a note for any sheet cut short.
//! - **KPIs**: `kpis.csv`'s rows (percent met and target as percent cells, coloured by
//!   conditional formats on the rating), with the rule's title.
//! - **Matrix**: % met per rule (rows) and team (columns), coloured against each rule's
//!   target, then the same grid of expectations due.
//! - **Workers**: the KPI rows of every worker, with the worker's team.
//! - **Trend**: % met per month and KPI family, with a native line chart; **By month**:
//!   `kpis_by_month.csv`'s rows.
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
    Chart, ChartType, ColNum, ConditionalFormatFormula, ExcelDateTime, Format as CellFormat,
    FormatBorder, RowNum, Workbook, Worksheet, XlsxError,
};

use super::columns::{
    Cell, Column, KPI_COLUMNS, MONTH_COLUMNS, QUALITY_COLUMNS, exception_columns, names,
};
use super::digest::Totals;
use super::rating::Rating;
use super::{Format, Report, Scope, Timings, WriteError, Written};

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

pub const SHEETS: [&str; 13] = [
    "Summary",
    "KPIs",
    "Matrix",
    "Workers",
    "Trend",
    "By month",
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

/// Percentages as Excel shows them: `76.5%` (the cell holds 0.765).
pub(super) const PERCENT_FORMAT: &str = "0.0%";

pub(super) struct Styles {
    pub header: CellFormat,
    pub title: CellFormat,
    pub bold: CellFormat,
    pub date: CellFormat,
    pub pct: CellFormat,
    pub points: CellFormat,
    pub note: CellFormat,
}

impl Styles {
    pub fn new() -> Styles {
        Styles {
            header: CellFormat::new().set_bold().set_background_color(0xE9EDF2),
            title: CellFormat::new().set_bold().set_font_size(14),
            bold: CellFormat::new().set_bold(),
            date: CellFormat::new().set_num_format(DATE_FORMAT),
            pct: CellFormat::new().set_num_format(PERCENT_FORMAT),
            points: CellFormat::new().set_num_format("+0.0;-0.0;0.0"),
            note: CellFormat::new().set_italic().set_font_color(0xC62828),
        }
    }

    /// The fill of a rating (none for nothing due / not measured).
    pub fn rating(rating: Rating) -> Option<CellFormat> {
        let (bg, fg) = match rating {
            Rating::Green => (0xDCEFDC, 0x1B5E20),
            Rating::Amber => (0xFDF0CC, 0x7A4F01),
            Rating::Red => (0xF8D7D7, 0x8E1B1B),
            Rating::TooFew => (0xEEEEEE, 0x6B6B6B),
            Rating::NothingDue | Rating::NotMeasured => return None,
        };
        Some(
            CellFormat::new()
                .set_background_color(bg)
                .set_font_color(fg)
                .set_border(FormatBorder::Thin)
                .set_border_color(0xD5DBE3),
        )
    }
}

/// Colours the cells of `col` in rows `1..=last` by the rating in `rating_col` of the
/// same row: conditional formats, so that they follow a filter or a sort.
pub(super) fn rating_formats(
    ws: &mut Worksheet,
    last: RowNum,
    col: ColNum,
    rating_col: ColNum,
) -> Result<(), XlsxError> {
    if last < 1 {
        return Ok(());
    }
    let letter = rust_xlsxwriter::utility::column_number_to_name(rating_col);
    for r in [Rating::Green, Rating::Amber, Rating::Red, Rating::TooFew] {
        let Some(fmt) = Styles::rating(r) else {
            continue;
        };
        let cf = ConditionalFormatFormula::new()
            .set_rule(format!("=${letter}2=\"{}\"", r.as_str()).as_str())
            .set_format(fmt);
        ws.add_conditional_format(1, col, last, col, &cf)?;
    }
    Ok(())
}

/// Text cut to what a cell holds, made safe against formula injection
/// ([`super::columns::neutralise`]).
fn clip(s: &str) -> std::borrow::Cow<'_, str> {
    let s = super::columns::neutralise(s);
    if s.len() <= CELL_CHARS {
        return s;
    }
    match s.char_indices().nth(CELL_CHARS) {
        Some((at, _)) => s[..at].to_string().into(),
        None => s,
    }
}

fn excel_date(d: NaiveDate) -> Option<ExcelDateTime> {
    let year = u16::try_from(d.year()).ok()?;
    ExcelDateTime::from_ymd(year, d.month() as u8, d.day() as u8).ok()
}

/// One row being written, a cell at a time, left to right.
pub(super) struct Cells<'a> {
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

    pub fn str(&mut self, s: &str) -> Result<(), XlsxError> {
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

    pub fn num(&mut self, n: impl Into<f64>) -> Result<(), XlsxError> {
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
    pub fn columns<T>(
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

    /// A percentage (tenths) as a percent cell (`76.5%` holds 0.765); blank when none.
    pub fn pct(&mut self, tenths: Option<u64>) -> Result<(), XlsxError> {
        if let Some(t) = tenths {
            self.ws.write_number_with_format(
                self.row,
                self.col,
                t as f64 / 1000.0,
                &self.st.pct,
            )?;
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
        ws.write_string_with_format(row, c as ColNum, clip(h), &st.header)?;
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
pub(super) struct Table<'a> {
    pub name: &'a str,
    pub headers: &'a [&'a str],
    pub total: usize,
    /// What the rows are, for the note (`exceptions`), and the file that has them all
    /// (empty when none does).
    pub what: &'a str,
    pub csv: &'a str,
}

impl Table<'_> {
    /// Writes the sheet; returns the last row written (0: the header only).
    pub fn write<T>(
        &self,
        wb: &mut Workbook,
        st: &Styles,
        limit: u32,
        rows: impl Iterator<Item = T>,
        mut write: impl FnMut(&mut Cells, T) -> Result<(), XlsxError>,
    ) -> Result<RowNum, WriteError> {
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
        Ok(last)
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
        .chain(["rule_title", "kpi_label"])
        .collect();
    let month_headers = names(&MONTH_COLUMNS);
    let worker_kpis: Vec<&super::Kpi> = report
        .kpis
        .iter()
        .filter(|k| k.scope == Scope::Worker)
        .collect();
    let workers = Table {
        name: SHEETS[3],
        headers: &kpi_headers,
        total: worker_kpis.len(),
        what: "worker KPI rows",
        csv: "kpis.csv",
    };
    let by_month = Table {
        name: SHEETS[5],
        headers: &month_headers,
        total: report.by_month.len(),
        what: "monthly KPI rows",
        csv: "kpis_by_month.csv",
    };
    let exception_columns = exception_columns(report);
    let exception_headers = names(&exception_columns);
    let quality_headers = names(&QUALITY_COLUMNS);
    let kpis = Table {
        name: SHEETS[1],
        headers: &kpi_headers,
        total: report.kpis.len(),
        what: "KPI rows",
        csv: "kpis.csv",
    };
    let exceptions = Table {
        name: SHEETS[6],
        headers: &exception_headers,
        total: report.exception_count(),
        what: "exceptions",
        csv: "exceptions.csv",
    };
    let pending = Table {
        name: SHEETS[7],
        headers: &exception_headers,
        total: report.pending().count(),
        what: "pending expectations",
        csv: "pending.csv",
    };
    let quality = Table {
        name: SHEETS[8],
        headers: &quality_headers,
        total: report.issues.len(),
        what: "data-quality findings",
        csv: "data_quality.csv",
    };
    let training_headers = training::headers();
    let training = training::tables(report, &training_headers);
    let notes: Vec<String> = [&kpis, &workers, &by_month, &exceptions, &pending, &quality]
        .into_iter()
        .chain(training.iter())
        .filter_map(|t| t.note(limit))
        .collect();

    summary(wb.add_worksheet(), &st, report, &notes)?;

    let rule = |id: &str| report.rules.iter().find(|r| r.id == id);
    // The percent column and the rating column of the KPI table.
    let pct_col = KPI_COLUMNS
        .iter()
        .position(|c| c.name == "percent_met")
        .unwrap_or(0) as ColNum;
    let rating_col = KPI_COLUMNS
        .iter()
        .position(|c| c.name == "rating")
        .unwrap_or(0) as ColNum;
    let kpi_row = |c: &mut Cells<'_>, k: &super::Kpi| {
        c.columns(report, &KPI_COLUMNS, k)?;
        let r = rule(&k.rule_id);
        c.str(r.map_or("", |r| r.title.as_str()))?;
        c.str(r.and_then(|r| r.kpi.as_deref()).unwrap_or(""))
    };
    let last = kpis.write(&mut wb, &st, limit, report.kpis.iter(), kpi_row)?;
    rating_formats(
        wb.worksheet_from_name(SHEETS[1])?,
        last,
        pct_col,
        rating_col,
    )?;
    matrix(wb.add_worksheet(), &st, report)?;
    let last = workers.write(&mut wb, &st, limit, worker_kpis.iter().copied(), kpi_row)?;
    rating_formats(
        wb.worksheet_from_name(SHEETS[3])?,
        last,
        pct_col,
        rating_col,
    )?;
    trend(wb.add_worksheet(), &st, report)?;
    by_month.write(&mut wb, &st, limit, report.by_month.iter(), |c, k| {
        c.columns(report, &MONTH_COLUMNS, k)
    })?;
    exceptions.write(&mut wb, &st, limit, report.exceptions(), |c, r| {
        c.columns(report, &exception_columns, r)
    })?;
    pending.write(&mut wb, &st, limit, report.pending(), |c, r| {
        c.columns(report, &exception_columns, r)
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
    row += 1;
    ws.write_string_with_format(row, 0, "% met by KPI family", &st.title)?;
    row += 1;
    let headers = ["family", "due", "met", "late", "missing", "% met", "rules"];
    row = header_row(ws, st, row, &headers)?;
    for f in super::headline::families(report) {
        ws.write_string(row, 0, clip(&f.family))?;
        for (c, n) in [f.tally.due, f.tally.met, f.tally.late, f.tally.missing]
            .into_iter()
            .enumerate()
        {
            ws.write_number(row, c as ColNum + 1, n as f64)?;
        }
        if let Some(p) = f.tally.percent_tenths() {
            ws.write_number_with_format(row, 5, p as f64 / 1000.0, &st.pct)?;
        }
        ws.write_string(row, 6, clip(&f.rules.join(", ")))?;
        row += 1;
    }
    row += 1;

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

/// The Matrix sheet: % met per rule and team, coloured against the rule's target (grey:
/// too few due to judge), then the expectations due in the same grid.
fn matrix(ws: &mut Worksheet, st: &Styles, report: &Report) -> Result<(), WriteError> {
    ws.set_name(SHEETS[2])?;
    let mut teams: Vec<&str> = report
        .kpis
        .iter()
        .filter(|k| k.scope == Scope::Team)
        .map(|k| k.scope_value.as_str())
        .collect();
    teams.sort_by(|a, b| (*a == super::NOT_RECORDED, *a).cmp(&(*b == super::NOT_RECORDED, *b)));
    teams.dedup();
    let teams: Vec<&str> = teams.into_iter().take(16_000).collect();
    let cells: rustc_hash::FxHashMap<(&str, &str), &super::Kpi> = report
        .kpis
        .iter()
        .filter(|k| k.scope != Scope::Worker)
        .map(|k| ((k.rule_id.as_str(), k.scope_value.as_str()), k))
        .collect();
    let rules: Vec<&super::Kpi> = report
        .kpis
        .iter()
        .filter(|k| k.scope == Scope::All)
        .collect();
    ws.write_string_with_format(0, 0, "% met by rule and team", &st.title)?;
    ws.write_string(
        1,
        0,
        format!(
            "Green: at or above the rule's target; amber: less than 10 points below; red: further below; grey: fewer than {} due, too few to judge. The second grid gives the expectations due.",
            report.settings.min_due
        ),
    )?;
    let mut row: RowNum = 3;
    let mut widths = vec![10usize, 10];
    for (grid, title) in [(0, "% met"), (1, "Due")] {
        ws.write_string_with_format(row, 0, title, &st.bold)?;
        row += 1;
        let mut headers = vec!["rule_id", "target", "All teams"];
        headers.extend(teams.iter().copied());
        header_row(ws, st, row, &headers)?;
        for (c, h) in headers.iter().enumerate() {
            if widths.len() <= c {
                widths.push(8);
            }
            widths[c] = widths[c].max(h.chars().count().min(24));
        }
        row += 1;
        for a in &rules {
            let info = report.rule_info(&a.rule_id);
            ws.write_string(row, 0, clip(&a.rule_id))?;
            if let Some(i) = info {
                ws.write_number_with_format(row, 1, i.target_tenths as f64 / 1000.0, &st.pct)?;
            }
            widths[0] = widths[0].max(a.rule_id.len());
            let values = std::iter::once(Some(*a)).chain(
                teams
                    .iter()
                    .map(|t| cells.get(&(a.rule_id.as_str(), *t)).copied()),
            );
            for (c, k) in values.enumerate() {
                let col = c as ColNum + 2;
                let Some(k) = k else { continue };
                if grid == 1 {
                    ws.write_number(row, col, k.due as f64)?;
                    continue;
                }
                match (k.percent_tenths(), Styles::rating(report.rating(k))) {
                    (Some(p), Some(fmt)) => {
                        ws.write_number_with_format(
                            row,
                            col,
                            p as f64 / 1000.0,
                            &fmt.set_num_format(PERCENT_FORMAT),
                        )?;
                    }
                    (Some(p), None) => {
                        ws.write_number_with_format(row, col, p as f64 / 1000.0, &st.pct)?;
                    }
                    (None, _) if k.not_measured.is_some() => {
                        ws.write_string(row, col, "not measured")?;
                    }
                    (None, _) => {}
                }
            }
            row += 1;
        }
        row += 1;
    }
    for (c, w) in widths.iter().enumerate() {
        ws.set_column_width(c as ColNum, (*w as f64 + 2.0).max(9.0))?;
    }
    ws.set_freeze_panes(5, 1)?;
    Ok(())
}

/// The Trend sheet: % met per month for every KPI family (the measured rules of the
/// family summed) and every rule, and a native line chart of the families.
fn trend(ws: &mut Worksheet, st: &Styles, report: &Report) -> Result<(), WriteError> {
    ws.set_name(SHEETS[4])?;
    let months = super::trend::months(report.meta.from, report.meta.to, &report.rows);
    let families = super::headline::families(report);
    ws.write_string_with_format(0, 0, "% met by month of the due date", &st.title)?;
    ws.write_string(
        1,
        0,
        "Each KPI family's measured rules summed, then each rule; a blank cell: nothing fell due that month. kpis_by_month.csv and the By month sheet hold the counts.",
    )?;
    let head: RowNum = 3;
    ws.write_string_with_format(head, 0, "month", &st.header)?;
    let mut col: ColNum = 1;
    let mut columns: Vec<(String, Vec<Option<u64>>)> = Vec::new();
    for f in &families {
        let per: Vec<Option<u64>> = months
            .iter()
            .map(|m| {
                let mut t = super::Tally::default();
                for k in report.by_month.iter().filter(|k| {
                    k.scope == Scope::All
                        && k.month == *m
                        && !k.not_measured
                        && report.rules[k.rule as usize].family == f.family
                }) {
                    t += k.tally;
                }
                t.percent_tenths()
            })
            .collect();
        columns.push((f.family.clone(), per));
    }
    let family_cols = columns.len();
    for k in report
        .kpis
        .iter()
        .filter(|k| k.scope == Scope::All && k.not_measured.is_none())
    {
        let Some(rule) = report.rules.iter().position(|r| r.id == k.rule_id) else {
            continue;
        };
        let per: Vec<Option<u64>> = months
            .iter()
            .map(|m| {
                report
                    .by_month
                    .iter()
                    .find(|x| x.rule as usize == rule && x.scope == Scope::All && x.month == *m)
                    .and_then(|x| x.percent_tenths())
            })
            .collect();
        columns.push((k.rule_id.clone(), per));
    }
    for (name, _) in &columns {
        ws.write_string_with_format(head, col, clip(name), &st.header)?;
        ws.set_column_width(col, (name.chars().count().clamp(8, 22) + 2) as f64)?;
        col += 1;
    }
    for (i, m) in months.iter().enumerate() {
        let row = head + 1 + i as RowNum;
        ws.write_string(row, 0, clip(&m.text()))?;
        for (c, (_, per)) in columns.iter().enumerate() {
            if let Some(p) = per[i] {
                ws.write_number_with_format(row, c as ColNum + 1, p as f64 / 1000.0, &st.pct)?;
            }
        }
    }
    ws.set_column_width(0, 10)?;
    ws.set_freeze_panes(head + 1, 1)?;
    if !months.is_empty() && family_cols > 0 {
        let last = head + months.len() as RowNum;
        let mut chart = Chart::new(ChartType::Line);
        chart.title().set_name("% met by month and KPI family");
        chart.y_axis().set_num_format("0%").set_min(0).set_max(1);
        for c in 0..family_cols {
            let c = c as ColNum + 1;
            chart
                .add_series()
                .set_name((SHEETS[4], head, c))
                .set_categories((SHEETS[4], head + 1, 0, last, 0))
                .set_values((SHEETS[4], head + 1, c, last, c));
        }
        chart.set_width(720).set_height(360);
        ws.insert_chart(last + 2, 0, &chart)?;
    }
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
