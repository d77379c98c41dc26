//! The workbook's training sheets (Training needs, Courses ranked, Training impact,
//! Needs analysis: the training CSV files' columns, from [`super::super::training_cols`])
//! and the Summary sheet's list of courses ranked.

use rust_xlsxwriter::{RowNum, Workbook, Worksheet};

use super::super::training_cols::{IMPACT_COLUMNS, NEED_COLUMNS, RANK_COLUMNS, TNA_COLUMNS};
use super::{SHEETS, Styles, Table, clip, header_row};
use crate::report::columns::names;
use crate::report::{Report, WriteError};

/// Courses listed on the Summary sheet.
const SUMMARY_COURSES: usize = 15;

/// The training tables' header rows.
pub(super) struct Headers([Vec<&'static str>; 4]);

pub(super) fn headers() -> Headers {
    Headers([
        names(&NEED_COLUMNS),
        names(&RANK_COLUMNS),
        names(&IMPACT_COLUMNS),
        names(&TNA_COLUMNS),
    ])
}

/// The four training tables, in sheet order.
pub(super) fn tables<'a>(report: &Report, h: &'a Headers) -> [Table<'a>; 4] {
    let t = &report.training;
    [
        Table {
            name: SHEETS[9],
            headers: &h.0[0],
            total: t.needs.len(),
            what: "training needs",
            csv: "training_needs.csv",
        },
        Table {
            name: SHEETS[10],
            headers: &h.0[1],
            total: t.ranking.len(),
            what: "courses",
            csv: "training_courses.csv",
        },
        Table {
            name: SHEETS[11],
            headers: &h.0[2],
            total: t.impact.len(),
            what: "impact rows",
            csv: "training_impact.csv",
        },
        Table {
            name: SHEETS[12],
            headers: &h.0[3],
            total: t.forms.len(),
            what: "needs-analysis forms",
            csv: "training_needs_analysis.csv",
        },
    ]
}

/// Writes the training sheets.
pub(super) fn write(
    wb: &mut Workbook,
    st: &Styles,
    limit: u32,
    report: &Report,
    tables: &[Table<'_>; 4],
) -> Result<(), WriteError> {
    let t = &report.training;
    tables[0].write(wb, st, limit, t.needs.iter(), |c, n| {
        c.columns(report, &NEED_COLUMNS, n)
    })?;
    tables[1].write(wb, st, limit, t.ranking.iter(), |c, r| {
        c.columns(report, &RANK_COLUMNS, r)
    })?;
    tables[2].write(wb, st, limit, t.impact.iter(), |c, i| {
        c.columns(report, &IMPACT_COLUMNS, i)
    })?;
    tables[3].write(wb, st, limit, t.forms.iter(), |c, f| {
        c.columns(report, &TNA_COLUMNS, f)
    })?;
    Ok(())
}

/// The Summary sheet's courses ranked; returns the next free row.
pub(super) fn summary(
    ws: &mut Worksheet,
    st: &Styles,
    mut row: RowNum,
    report: &Report,
) -> Result<RowNum, WriteError> {
    let t = &report.training;
    ws.write_string_with_format(row, 0, "Courses ranked (training needs)", &st.title)?;
    row += 1;
    let headers = [
        "course",
        "staff below target",
        "their exceptions",
        "completed, still below",
        "rank",
        "category",
        "teams (staff)",
    ];
    row = header_row(ws, st, row, &headers)?;
    for r in t.ranking.iter().take(SUMMARY_COURSES) {
        ws.write_string(row, 0, clip(&r.course))?;
        ws.write_number(row, 1, r.staff as f64)?;
        ws.write_number(row, 2, r.exceptions as f64)?;
        ws.write_number(row, 3, r.completed_still_below as f64)?;
        ws.write_number(row, 4, r.rank as f64)?;
        ws.write_string(row, 5, &r.category)?;
        let teams: Vec<String> = r.teams.iter().map(|(t, n)| format!("{t} ({n})")).collect();
        ws.write_string(row, 6, clip(&teams.join(", ")))?;
        row += 1;
    }
    if t.ranking.len() > SUMMARY_COURSES {
        ws.write_string_with_format(
            row,
            0,
            format!(
                "… {} more courses: sheet \"Courses ranked\"",
                t.ranking.len() - SUMMARY_COURSES
            ),
            &st.note,
        )?;
        row += 1;
    }
    Ok(row + 1)
}
