//! Figures the HTML and xlsx reports share, computed once from the [`Report`]: the
//! headline totals. (The training needs and impact are the report's `training`, from
//! [`crate::training`].)

use super::{Report, Tally};
use crate::engine::Status;

/// The headline: the counted expectations of the measured rules (KPIs' "all" scope
/// summed), the pending ones, and the counted expectations of rules the export does not
/// allow to be measured (left out of the headline).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Totals {
    pub due: u64,
    pub met: u64,
    pub late: u64,
    pub missing: u64,
    pub pending: u64,
    pub not_measured: u64,
    /// Exceptions that rest on a cell the export could not read.
    pub on_unreadable_cells: u64,
}

impl Totals {
    pub fn of(report: &Report) -> Totals {
        let mut t = Totals::default();
        let mut measured = Tally::default();
        for r in &report.rows {
            match (r.status, r.counted) {
                (Status::Pending, _) => t.pending += 1,
                (_, false) => {}
                (Status::NotMeasured, true) => t.not_measured += 1,
                (s, true) => {
                    measured.add(s);
                    if r.finding.is_some() {
                        t.on_unreadable_cells += 1;
                    }
                }
            }
        }
        Tally {
            due: t.due,
            met: t.met,
            late: t.late,
            missing: t.missing,
        } = measured;
        t
    }

    pub fn exceptions(&self) -> u64 {
        self.late + self.missing
    }
}

pub use super::{percent_tenths, tenths_text};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_rounds_like_the_kpis() {
        assert_eq!(
            percent_tenths(2, 3).map(tenths_text).as_deref(),
            Some("66.7")
        );
        assert_eq!(
            percent_tenths(1, 16).map(tenths_text).as_deref(),
            Some("6.3")
        );
        assert_eq!(percent_tenths(0, 0), None);
    }
}
