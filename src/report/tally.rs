//! Counting expectations by status, in one place: every KPI, total and training need
//! is a [`Tally`].

use super::{Kpi, percent_tenths};
use crate::engine::Status;

/// Counted expectations: how many were due, and how many of them were met, late or
/// missing (a rule that cannot be measured adds to `due` only).
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Tally {
    pub due: u64,
    pub met: u64,
    pub late: u64,
    pub missing: u64,
}

impl Tally {
    /// Counts one counted expectation.
    pub fn add(&mut self, s: Status) {
        self.due += 1;
        match s {
            Status::Met => self.met += 1,
            Status::Late => self.late += 1,
            Status::Missing => self.missing += 1,
            Status::Pending | Status::NotMeasured => {}
        }
    }

    /// Adds another tally's counts.
    pub fn merge(&mut self, other: Tally) {
        self.due += other.due;
        self.met += other.met;
        self.late += other.late;
        self.missing += other.missing;
    }

    /// A KPI line's counts.
    pub fn of_kpi(k: &Kpi) -> Tally {
        Tally {
            due: k.due,
            met: k.met,
            late: k.late,
            missing: k.missing,
        }
    }

    /// `met` of `due`, the rest late (for tests of what is built on tallies).
    #[cfg(test)]
    pub fn met_of(met: u64, due: u64) -> Tally {
        Tally {
            due,
            met,
            late: due - met,
            missing: 0,
        }
    }

    /// Late or missing.
    pub fn exceptions(&self) -> u64 {
        self.late + self.missing
    }

    /// Percent met in tenths; `None` when nothing was due.
    pub fn percent_tenths(&self) -> Option<u64> {
        percent_tenths(self.met, self.due)
    }
}

impl std::ops::AddAssign for Tally {
    fn add_assign(&mut self, o: Tally) {
        self.due += o.due;
        self.met += o.met;
        self.late += o.late;
        self.missing += o.missing;
    }
}
