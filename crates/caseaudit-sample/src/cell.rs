//! The compact cell and row the generator hands to the writers, and the text of a cell.
//! Tables and columns are the library's own ([`caseaudit::schema`]).

use chrono::{Datelike, NaiveDate};

use crate::generate::{Roster, TEAM_NAMES};

/// The tables keyed by child, generated child by child: the schema's first twelve.
pub const CHILD_TABLES: usize = 12;

/// One cell, kept small and `Copy`: names and ids are resolved by the writer.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Cell {
    #[default]
    Blank,
    /// A real date: ISO text in CSV, a date-formatted number in xlsx.
    Date(NaiveDate),
    Text(&'static str),
    /// A child, written `C000123`.
    Child(u32),
    /// A worker, by index into the roster.
    Worker(u32),
    /// A team, by index into [`TEAM_NAMES`].
    Team(u8),
    /// A messy-but-valid UK text date: `09/03/2026`.
    UkDate(NaiveDate),
    /// A messy-but-valid UK text date: `9 Mar 2026`.
    UkLongDate(NaiveDate),
    /// A text date with a two-digit year, as a Mosaic-like export writes it: `09.03.26`.
    ShortDate(NaiveDate),
}

impl Cell {
    /// The text of a text cell, else "".
    pub fn text(self) -> &'static str {
        match self {
            Cell::Text(s) => s,
            _ => "",
        }
    }

    /// The date of a date cell (real or text), if any.
    pub fn date(self) -> Option<NaiveDate> {
        match self {
            Cell::Date(d) | Cell::UkDate(d) | Cell::UkLongDate(d) | Cell::ShortDate(d) => Some(d),
            _ => None,
        }
    }
}

/// One row: up to eight cells (the widest table) and a sort key that orders
/// rows within a block (date, then child).
#[derive(Clone, Copy, Debug)]
pub struct Row {
    pub key: u64,
    pub cells: [Cell; 8],
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

/// The text of a cell: ISO dates, `C000123` ids, names from the roster.
pub fn render<'a>(cell: Cell, roster: &'a Roster, buf: &'a mut [u8; 24]) -> &'a [u8] {
    match cell {
        Cell::Blank => b"",
        Cell::Date(d) => {
            put_num(&mut buf[0..4], d.year() as u32, 4);
            buf[4] = b'-';
            put_num(&mut buf[5..7], d.month(), 2);
            buf[7] = b'-';
            put_num(&mut buf[8..10], d.day(), 2);
            &buf[..10]
        }
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
        Cell::ShortDate(d) => {
            put_num(&mut buf[0..2], d.day(), 2);
            buf[2] = b'.';
            put_num(&mut buf[3..5], d.month(), 2);
            buf[5] = b'.';
            put_num(&mut buf[6..8], d.year().rem_euclid(100) as u32, 2);
            &buf[..8]
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use caseaudit::schema::TABLES;

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
        assert_eq!(render(Cell::ShortDate(d), &roster, &mut buf), b"09.03.26");
        assert_eq!(render(Cell::Child(122), &roster, &mut buf), b"C000123");
        assert_eq!(
            render(Cell::Child(1_234_566), &roster, &mut buf),
            b"C1234567"
        );
    }

    #[test]
    fn the_child_tables_come_first_and_rows_hold_the_widest() {
        for (i, t) in TABLES.iter().enumerate() {
            assert_eq!(t.key == "child_id", i < CHILD_TABLES, "{}", t.name);
            assert!(t.columns.len() <= 8, "{}", t.name);
        }
    }
}
