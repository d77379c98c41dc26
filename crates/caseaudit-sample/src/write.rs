//! Streaming writers: a folder of `<sheet>.csv` files or one workbook (rust_xlsxwriter
//! in constant-memory mode), one sheet per [`Sheet`]. Rows go straight to disk in the
//! order they are handed over; nothing is held per sheet.

use std::fs::File;
use std::io::BufWriter;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use chrono::{Datelike, NaiveDate};
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook};

use crate::cell::{Cell, render};
use crate::generate::Roster;

/// One sheet (a CSV file's stem): its name and header row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sheet {
    pub name: String,
    pub headers: Vec<String>,
}

/// Excel's last row index (1,048,576 rows in all, header included).
const XLSX_MAX_ROW: u32 = 1_048_575;

pub enum Writer<'r> {
    Csv {
        roster: &'r Roster,
        files: Vec<csv::Writer<BufWriter<File>>>,
    },
    Xlsx(Box<Xlsx<'r>>),
}

/// One workbook, one constant-memory worksheet per sheet: header row in bold, dates as
/// real date cells formatted `dd/mm/yyyy`.
pub struct Xlsx<'r> {
    roster: &'r Roster,
    path: PathBuf,
    workbook: Workbook,
    date: Format,
    names: Vec<String>,
    next_row: Vec<u32>,
}

impl<'r> Writer<'r> {
    /// A folder of `<sheet>.csv` files (created if needed), UTF-8, header row.
    pub fn csv(dir: &Path, sheets: &[Sheet], roster: &'r Roster) -> Result<Self> {
        std::fs::create_dir_all(dir)
            .with_context(|| format!("creating folder {}", dir.display()))?;
        let mut files = Vec::with_capacity(sheets.len());
        for s in sheets {
            let path = dir.join(format!("{}.csv", s.name));
            let file =
                File::create(&path).with_context(|| format!("creating {}", path.display()))?;
            let mut w = csv::Writer::from_writer(BufWriter::with_capacity(1 << 16, file));
            w.write_record(&s.headers)?;
            files.push(w);
        }
        Ok(Writer::Csv { roster, files })
    }

    /// One workbook. `title` and `comment` are its document properties; its creation
    /// date is `as_at`, so the same records always give the same workbook.
    pub fn xlsx(
        path: &Path,
        sheets: &[Sheet],
        roster: &'r Roster,
        as_at: NaiveDate,
        (title, comment): (&str, &str),
    ) -> Result<Self> {
        let mut workbook = Workbook::new();
        // Keep the temporary sheet files beside the output, not in /tmp.
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)
                .with_context(|| format!("creating folder {}", dir.display()))?;
            workbook.set_tempdir(dir)?;
        }
        workbook.set_properties(
            &DocProperties::new()
                .set_title(title)
                .set_comment(comment)
                .set_creation_datetime(&excel_date(as_at)?),
        );
        let header = Format::new().set_bold();
        for s in sheets {
            let ws = workbook.add_worksheet_with_constant_memory()?;
            ws.set_name(&s.name)?;
            for (c, h) in s.headers.iter().enumerate() {
                let width = (h.chars().count() as f64 + 2.0).max(12.0);
                ws.set_column_width(c as u16, width)?;
                ws.write_string_with_format(0, c as u16, h, &header)?;
            }
            ws.set_freeze_panes(1, 0)?;
        }
        Ok(Writer::Xlsx(Box::new(Xlsx {
            roster,
            path: path.to_path_buf(),
            workbook,
            date: Format::new().set_num_format("dd/mm/yyyy"),
            names: sheets.iter().map(|s| s.name.clone()).collect(),
            next_row: vec![1; sheets.len()],
        })))
    }

    /// Writes one row to sheet number `sheet`.
    pub fn row(&mut self, sheet: usize, cells: &[Cell]) -> Result<()> {
        let mut buf = [0u8; 24];
        match self {
            Writer::Csv { roster, files } => {
                let w = &mut files[sheet];
                for &cell in cells {
                    w.write_field(render(cell, roster, &mut buf))?;
                }
                w.write_record(None::<&[u8]>)?;
            }
            Writer::Xlsx(x) => {
                let r = x.next_row[sheet];
                if r > XLSX_MAX_ROW {
                    bail!(
                        "the {} sheet has more rows than an Excel sheet holds (1,048,576); \
                         write CSV instead",
                        x.names[sheet]
                    );
                }
                x.next_row[sheet] = r + 1;
                let ws = x.workbook.worksheet_from_index(sheet)?;
                for (c, &cell) in cells.iter().enumerate() {
                    let c = c as u16;
                    match cell {
                        Cell::Blank => {}
                        Cell::Date(d) => {
                            ws.write_date_with_format(r, c, &excel_date(d)?, &x.date)?;
                        }
                        Cell::Text(s) => {
                            ws.write_string(r, c, s)?;
                        }
                        other => {
                            let text = render(other, x.roster, &mut buf);
                            ws.write_string(r, c, std::str::from_utf8(text)?)?;
                        }
                    }
                }
            }
        }
        Ok(())
    }

    pub fn finish(self) -> Result<()> {
        match self {
            Writer::Csv { files, .. } => {
                for mut w in files {
                    w.flush()?;
                }
            }
            Writer::Xlsx(mut x) => {
                x.workbook
                    .save(&x.path)
                    .with_context(|| format!("writing {}", x.path.display()))?;
            }
        }
        Ok(())
    }
}

fn excel_date(d: NaiveDate) -> Result<ExcelDateTime> {
    Ok(ExcelDateTime::from_ymd(
        d.year() as u16,
        d.month() as u8,
        d.day() as u8,
    )?)
}
