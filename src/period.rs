//! The audit's dates from the command line and the export (contract §3): the as-at date
//! is `--as-at`, else `--to`, else the latest date recorded in the export that is not
//! after today — so that an export made at the end of October and audited in December
//! does not count November as a month of missed visits. The period defaults to the 12
//! months ending on `--to` (itself the as-at date by default).

use chrono::{Months, NaiveDate};
use serde::Serialize;

use crate::engine::AuditDates;

/// The dates as given on the command line, before the export is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DateSpec {
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub as_at: Option<NaiveDate>,
    /// The day of the run.
    pub today: NaiveDate,
}

/// Dates that cannot make an audit period.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DateError {
    #[error("--from {from} is after --to {to}")]
    FromAfterTo { from: NaiveDate, to: NaiveDate },
    #[error("--to {0} is too early to count 12 months back from")]
    TooEarly(NaiveDate),
}

/// Where the as-at date came from, as the console and `summary.json` say it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AsAtSource {
    /// `--as-at`.
    AsAtFlag,
    /// `--to` (no `--as-at`).
    ToFlag,
    /// The latest date in the export's date columns not after today.
    Export,
    /// Today: the export holds no date on or before today.
    Today,
}

impl AsAtSource {
    pub fn describe(self) -> &'static str {
        match self {
            AsAtSource::AsAtFlag => "given by --as-at",
            AsAtSource::ToFlag => "the end of the period given by --to",
            AsAtSource::Export => {
                "the latest date recorded in the export not after today (give --as-at or --to to choose another)"
            }
            AsAtSource::Today => "today: the export records no date on or before today",
        }
    }
}

impl DateSpec {
    /// Fixed dates (tests, library callers): the period and the as-at date.
    pub fn fixed(from: NaiveDate, to: NaiveDate, as_at: NaiveDate) -> DateSpec {
        DateSpec {
            from: Some(from),
            to: Some(to),
            as_at: Some(as_at),
            today: as_at,
        }
    }

    /// Whether the export is needed to find the as-at date.
    pub fn needs_export(&self) -> bool {
        self.as_at.is_none() && self.to.is_none()
    }

    /// The audit's dates; `latest` is the latest date of the export not after today
    /// (asked only when neither `--as-at` nor `--to` was given).
    pub fn resolve(
        &self,
        latest: impl FnOnce() -> Option<NaiveDate>,
    ) -> Result<(AuditDates, AsAtSource), DateError> {
        let (as_at, source) = match (self.as_at, self.to) {
            (Some(a), _) => (a, AsAtSource::AsAtFlag),
            (None, Some(t)) => (t, AsAtSource::ToFlag),
            (None, None) => match latest() {
                Some(d) => (d, AsAtSource::Export),
                None => (self.today, AsAtSource::Today),
            },
        };
        let to = self.to.unwrap_or(as_at);
        let from = match self.from {
            Some(f) => f,
            None => to
                .checked_sub_months(Months::new(12))
                .and_then(|d| d.succ_opt())
                .ok_or(DateError::TooEarly(to))?,
        };
        if from > to {
            return Err(DateError::FromAfterTo { from, to });
        }
        Ok((AuditDates { from, to, as_at }, source))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn spec(from: Option<&str>, to: Option<&str>, as_at: Option<&str>) -> DateSpec {
        DateSpec {
            from: from.map(d),
            to: to.map(d),
            as_at: as_at.map(d),
            today: d("2026-12-02"),
        }
    }

    #[test]
    fn without_dates_the_as_at_date_is_the_exports_latest() {
        let (dates, source) = spec(None, None, None)
            .resolve(|| Some(d("2026-10-31")))
            .unwrap();
        assert_eq!(source, AsAtSource::Export);
        assert_eq!(dates.as_at, d("2026-10-31"));
        assert_eq!(dates.to, d("2026-10-31"));
        assert_eq!(dates.from, d("2025-11-01"));
    }

    #[test]
    fn an_export_without_dates_is_audited_to_today() {
        let (dates, source) = spec(None, None, None).resolve(|| None).unwrap();
        assert_eq!(source, AsAtSource::Today);
        assert_eq!(dates.as_at, d("2026-12-02"));
    }

    #[test]
    fn flags_win_over_the_export() {
        let never = || -> Option<NaiveDate> { panic!("the export is not asked") };
        let (dates, source) = spec(None, Some("2026-03-31"), None).resolve(never).unwrap();
        assert_eq!((dates.as_at, source), (d("2026-03-31"), AsAtSource::ToFlag));
        let (dates, source) = spec(None, Some("2026-03-31"), Some("2026-04-15"))
            .resolve(never)
            .unwrap();
        assert_eq!((dates.as_at, dates.to), (d("2026-04-15"), d("2026-03-31")));
        assert_eq!(source, AsAtSource::AsAtFlag);
        // --as-at alone ends the period too.
        let (dates, _) = spec(None, None, Some("2026-04-15")).resolve(never).unwrap();
        assert_eq!(dates.to, d("2026-04-15"));
    }

    #[test]
    fn a_period_that_ends_before_it_starts_is_refused() {
        let err = spec(Some("2026-05-01"), Some("2026-04-01"), None)
            .resolve(|| None)
            .unwrap_err();
        assert!(err.to_string().contains("after --to"), "{err}");
    }
}
