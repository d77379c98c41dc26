//! The bounds caseaudit holds every input and option to, so that no file, rule pack or
//! flag can make it panic, hang or exhaust the machine. Each is documented in the README
//! ("Limits"); the ones an export can reach are configurable on the command line.
//!
//! | limit | default | flag |
//! |---|---|---|
//! | cells in one sheet or CSV file | 200,000,000 | `--max-cells` |
//! | sheets in one workbook | 1,000 | `--max-sheets` |
//! | worker threads | 1 to 256 | `--threads` |
//! | columns in one row | 16,384 (Excel's XFD) | — |
//! | rows in one sheet | 1,048,576 (Excel's) for workbooks; 2³² − 1 for CSV | — |
//! | a timescale (and a profile's `add`) | 30 years in its unit (10,980 days, 7,830 WD, 1,566 weeks, 360 months, 263,520 hours) | — |
//! | a date anywhere (cells, flags) | 1900-01-01 to 2199-12-31 | — |

use std::sync::OnceLock;

use chrono::NaiveDate;

/// The configurable limits of a run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Cells (fields) in one sheet or CSV file, blank ones included.
    pub max_cells: u64,
    /// Sheets in one workbook.
    pub max_sheets: usize,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            max_cells: 200_000_000,
            max_sheets: 1_000,
        }
    }
}

static LIMITS: OnceLock<Limits> = OnceLock::new();

/// Sets the process's limits (the command line does, once, before any work); later calls
/// are ignored.
pub fn set(limits: Limits) {
    let _ = LIMITS.set(limits);
}

/// The process's limits: those set, else the defaults.
pub fn get() -> Limits {
    LIMITS.get().copied().unwrap_or_default()
}

/// The most worker threads `--threads` may ask for: more than this only costs time.
pub const MAX_THREADS: usize = 256;

/// The most columns a row may have (Excel's last column, XFD).
pub const MAX_COLUMNS: u32 = 16_384;

/// The most rows a workbook sheet may have (Excel's last row).
pub const MAX_SHEET_ROWS: u32 = 1_048_576;

/// The longest timescale, in days: 30 years (a care leaver's episode may start 18 years
/// after birth; anything longer is surely a typo, and would push due dates past every
/// calendar).
pub const MAX_TIMESCALE_DAYS: u64 = 10_980;

/// The largest count a timescale may give in each unit (30 years of it).
pub fn max_timescale(unit: crate::calendar::Unit) -> u32 {
    use crate::calendar::Unit;
    match unit {
        Unit::WorkingDays => 7_830,
        Unit::Days => MAX_TIMESCALE_DAYS as u32,
        Unit::Weeks => 1_566,
        Unit::Months => 360,
        Unit::Hours => 263_520,
    }
}

/// The earliest date read from any cell or option.
pub fn earliest_date() -> NaiveDate {
    NaiveDate::from_ymd_opt(1900, 1, 1).expect("a date")
}

/// The latest date read from any cell or option.
pub fn latest_date() -> NaiveDate {
    NaiveDate::from_ymd_opt(2199, 12, 31).expect("a date")
}

/// Whether a date is within the dates caseaudit reads (1900–2199).
pub fn date_in_range(d: NaiveDate) -> bool {
    (earliest_date()..=latest_date()).contains(&d)
}

/// The share of a table's rows with findings of one kind past which the run warns.
pub const WARN_SHARE_PERCENT: u64 = 5;

/// Counts cells against [`Limits::max_cells`], shared by the workers of one load.
#[derive(Debug)]
pub struct CellBudget {
    used: std::sync::atomic::AtomicU64,
    max: u64,
}

impl CellBudget {
    pub fn new(max: u64) -> CellBudget {
        CellBudget {
            used: std::sync::atomic::AtomicU64::new(0),
            max,
        }
    }

    /// Takes `n` cells; `false` when the budget is spent.
    pub fn take(&self, n: u64) -> bool {
        let before = self.used.fetch_add(n, std::sync::atomic::Ordering::Relaxed);
        before.saturating_add(n) <= self.max
    }

    pub fn max(&self) -> u64 {
        self.max
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_budget_runs_out() {
        let b = CellBudget::new(10);
        assert!(b.take(6));
        assert!(b.take(4));
        assert!(!b.take(1));
    }

    #[test]
    fn dates_are_bounded() {
        assert!(date_in_range(NaiveDate::from_ymd_opt(2026, 3, 9).unwrap()));
        assert!(!date_in_range(
            NaiveDate::from_ymd_opt(1899, 12, 30).unwrap()
        ));
        assert!(!date_in_range(NaiveDate::from_ymd_opt(2200, 1, 1).unwrap()));
    }
}
