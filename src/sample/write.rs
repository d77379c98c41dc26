//! Streaming writers for the sample: a folder of CSV files or one workbook
//! (rust_xlsxwriter in constant-memory mode). Rows go straight to disk in the
//! order they are handed over; nothing is held per table.

use super::generate::{Roster, TEAM_NAMES};
use super::tables::{Cell, TABLES, Table};
use anyhow::{Context, Result, bail};
use chrono::{Datelike, NaiveDate};
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook};
use std::fs::File;
use std::io::BufWriter;
use std::path::{Path, PathBuf};

/// Where rows go.
pub trait Sink {
    fn row(&mut self, t: Table, cells: &[Cell]) -> Result<()>;
    fn finish(self: Box<Self>) -> Result<()>;
}

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

fn put_num(buf: &mut [u8], mut n: u32, width: usize) {
    for i in (0..width).rev() {
        buf[i] = b'0' + (n % 10) as u8;
        n /= 10;
    }
}

fn digits(n: u32) -> usize {
    n.checked_ilog10().map_or(1, |l| l as usize + 1)
}

/// `YYYY-MM-DD`.
fn iso(d: NaiveDate, buf: &mut [u8; 24]) -> &[u8] {
    put_num(&mut buf[0..4], d.year() as u32, 4);
    buf[4] = b'-';
    put_num(&mut buf[5..7], d.month(), 2);
    buf[7] = b'-';
    put_num(&mut buf[8..10], d.day(), 2);
    &buf[..10]
}

/// Text of a cell for CSV (and for the text cells of a workbook).
pub(super) fn render<'a>(cell: Cell, roster: &'a Roster, buf: &'a mut [u8; 24]) -> &'a [u8] {
    match cell {
        Cell::Blank => b"",
        Cell::Date(d) => iso(d, buf),
        Cell::Text(s) => s.as_bytes(),
        Cell::Child(i) => {
            let n = i + 1;
            let w = digits(n).max(6);
            buf[0] = b'C';
            put_num(&mut buf[1..=w], n, w);
            &buf[..=w]
        }
        Cell::Worker(i) => roster.workers[i as usize].name.as_bytes(),
        Cell::Team(t) => TEAM_NAMES[t as usize].as_bytes(),
        Cell::UkDate(d) => {
            put_num(&mut buf[0..2], d.day(), 2);
            buf[2] = b'/';
            put_num(&mut buf[3..5], d.month(), 2);
            buf[5] = b'/';
            put_num(&mut buf[6..10], d.year() as u32, 4);
            &buf[..10]
        }
        Cell::UkLongDate(d) => {
            let dl = digits(d.day());
            put_num(&mut buf[0..dl], d.day(), dl);
            buf[dl] = b' ';
            buf[dl + 1..dl + 4].copy_from_slice(MONTHS[d.month0() as usize].as_bytes());
            buf[dl + 4] = b' ';
            put_num(&mut buf[dl + 5..dl + 9], d.year() as u32, 4);
            &buf[..dl + 9]
        }
    }
}

// ---------------------------------------------------------------------------
// CSV
// ---------------------------------------------------------------------------

/// A folder of `<table>.csv` files, UTF-8, comma-separated, header row.
pub struct CsvSink<'r> {
    roster: &'r Roster,
    writers: Vec<csv::Writer<BufWriter<File>>>,
}

impl<'r> CsvSink<'r> {
    pub fn create(dir: &Path, roster: &'r Roster) -> Result<Self> {
        std::fs::create_dir_all(dir)
            .with_context(|| format!("creating folder {}", dir.display()))?;
        let mut writers = Vec::with_capacity(TABLES.len());
        for t in TABLES {
            let path = dir.join(format!("{}.csv", t.name()));
            let file =
                File::create(&path).with_context(|| format!("creating {}", path.display()))?;
            let mut w = csv::Writer::from_writer(BufWriter::with_capacity(1 << 16, file));
            w.write_record(t.columns().iter().map(|c| c.name))?;
            writers.push(w);
        }
        Ok(CsvSink { roster, writers })
    }
}

impl Sink for CsvSink<'_> {
    fn row(&mut self, t: Table, cells: &[Cell]) -> Result<()> {
        let w = &mut self.writers[t.index()];
        let mut buf = [0u8; 24];
        for &cell in &cells[..t.columns().len()] {
            w.write_field(render(cell, self.roster, &mut buf))?;
        }
        w.write_record(None::<&[u8]>)?;
        Ok(())
    }

    fn finish(self: Box<Self>) -> Result<()> {
        for mut w in self.writers {
            w.flush()?;
        }
        Ok(())
    }
}

// ---------------------------------------------------------------------------
// xlsx
// ---------------------------------------------------------------------------

/// Excel's last row index (1,048,576 rows in all, header included).
const XLSX_MAX_ROW: u32 = 1_048_575;

/// One workbook, one constant-memory worksheet per table, header row in
/// bold, dates as real date cells formatted `dd/mm/yyyy`.
pub struct XlsxSink<'r> {
    roster: &'r Roster,
    path: PathBuf,
    workbook: Workbook,
    date: Format,
    next_row: Vec<u32>,
}

impl<'r> XlsxSink<'r> {
    pub fn create(path: &Path, roster: &'r Roster, as_at: NaiveDate) -> Result<Self> {
        let mut workbook = Workbook::new();
        // Keep the temporary sheet files beside the output, not in /tmp.
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)
                .with_context(|| format!("creating folder {}", dir.display()))?;
            workbook.set_tempdir(dir)?;
        }
        // Fixed metadata so the same seed gives the same workbook contents.
        let created =
            ExcelDateTime::from_ymd(as_at.year() as u16, as_at.month() as u8, as_at.day() as u8)?;
        workbook.set_properties(
            &DocProperties::new()
                .set_title("caseaudit synthetic sample")
                .set_comment("Synthetic data: every child, worker and event is invented.")
                .set_creation_datetime(&created),
        );
        let header = Format::new().set_bold();
        for t in TABLES {
            let ws = workbook.add_worksheet_with_constant_memory()?;
            ws.set_name(t.name())?;
            for (c, col) in t.columns().iter().enumerate() {
                let width = (col.name.len() as f64 + 2.0).max(12.0);
                ws.set_column_width(c as u16, width)?;
                ws.write_string_with_format(0, c as u16, col.name, &header)?;
            }
            ws.set_freeze_panes(1, 0)?;
        }
        Ok(XlsxSink {
            roster,
            path: path.to_path_buf(),
            workbook,
            date: Format::new().set_num_format("dd/mm/yyyy"),
            next_row: vec![1; TABLES.len()],
        })
    }
}

impl Sink for XlsxSink<'_> {
    fn row(&mut self, t: Table, cells: &[Cell]) -> Result<()> {
        let r = self.next_row[t.index()];
        if r > XLSX_MAX_ROW {
            bail!(
                "the {} table has more rows than an Excel sheet holds (1,048,576); write CSV instead",
                t.name()
            );
        }
        self.next_row[t.index()] = r + 1;
        let ws = self.workbook.worksheet_from_index(t.index())?;
        let mut buf = [0u8; 24];
        for (c, &cell) in cells[..t.columns().len()].iter().enumerate() {
            let c = c as u16;
            match cell {
                Cell::Blank => {}
                Cell::Date(d) => {
                    let x =
                        ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8)?;
                    ws.write_date_with_format(r, c, &x, &self.date)?;
                }
                Cell::Text(s) => {
                    ws.write_string(r, c, s)?;
                }
                Cell::Worker(i) => {
                    ws.write_string(r, c, &self.roster.workers[i as usize].name)?;
                }
                Cell::Team(i) => {
                    ws.write_string(r, c, TEAM_NAMES[i as usize])?;
                }
                Cell::Child(_) | Cell::UkDate(_) | Cell::UkLongDate(_) => {
                    let text = render(cell, self.roster, &mut buf);
                    ws.write_string(r, c, std::str::from_utf8(text)?)?;
                }
            }
        }
        Ok(())
    }

    fn finish(mut self: Box<Self>) -> Result<()> {
        self.workbook
            .save(&self.path)
            .with_context(|| format!("writing {}", self.path.display()))?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_dates_and_ids() {
        let roster = Roster {
            workers: Vec::new(),
            members: Vec::new(),
        };
        let d = NaiveDate::from_ymd_opt(2026, 3, 9).unwrap();
        let mut buf = [0u8; 24];
        assert_eq!(render(Cell::Date(d), &roster, &mut buf), b"2026-03-09");
        assert_eq!(render(Cell::UkDate(d), &roster, &mut buf), b"09/03/2026");
        assert_eq!(
            render(Cell::UkLongDate(d), &roster, &mut buf),
            b"9 Mar 2026"
        );
        assert_eq!(render(Cell::Child(122), &roster, &mut buf), b"C000123");
        assert_eq!(
            render(Cell::Child(1_234_566), &roster, &mut buf),
            b"C1234567"
        );
    }
}
