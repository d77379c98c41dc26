//! Timescales (`15 WD`, `30 days`, `6 weeks`, `3 months`, `24 hours`) and how they are
//! counted forwards and backwards from a date (contract §2).

use std::fmt;

use chrono::{Days, Months, NaiveDate};

use super::Calendar;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    WorkingDays,
    Days,
    Weeks,
    Months,
    Hours,
}

/// A timescale: a count of a unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Duration {
    pub n: u32,
    pub unit: Unit,
}

impl Duration {
    /// Parses `15 WD`, `15 working days`, `30 days`, `6 weeks`, `3 months`, `24 hours`.
    pub fn parse(text: &str) -> Result<Duration, String> {
        let bad = || {
            format!(
                "bad timescale '{text}': write a whole number and a unit (working days or WD, \
                 days, weeks, months, hours), e.g. \"15 WD\", \"6 weeks\" or \"3 months\""
            )
        };
        let t = text.trim();
        let split = t.find(|c: char| !c.is_ascii_digit()).ok_or_else(bad)?;
        let n: u32 = t[..split].parse().map_err(|_| bad())?;
        let unit = match t[split..].trim().to_ascii_lowercase().as_str() {
            "wd" | "working day" | "working days" => Unit::WorkingDays,
            "d" | "day" | "days" => Unit::Days,
            "w" | "week" | "weeks" => Unit::Weeks,
            "m" | "month" | "months" => Unit::Months,
            "h" | "hour" | "hours" => Unit::Hours,
            _ => return Err(bad()),
        };
        let max = crate::limits::max_timescale(unit);
        if n > max {
            return Err(format!(
                "timescale '{text}' is too long: at most {max} {} (30 years)",
                t[split..].trim()
            ));
        }
        Ok(Duration { n, unit })
    }

    /// Whole calendar days an `hours` timescale covers on date-only data (24 h = 1 day),
    /// rounding part days up.
    fn hour_days(self) -> u64 {
        u64::from(self.n).div_ceil(24)
    }

    /// `d + self` (contract §2). Saturates at chrono's last date.
    pub fn add(self, cal: &Calendar, d: NaiveDate) -> NaiveDate {
        let n = u64::from(self.n);
        let r = match self.unit {
            Unit::WorkingDays => return cal.add_working_days(d, self.n),
            Unit::Days => d.checked_add_days(Days::new(n)),
            Unit::Weeks => d.checked_add_days(Days::new(7 * n)),
            Unit::Months => d.checked_add_months(Months::new(self.n)),
            Unit::Hours => d.checked_add_days(Days::new(self.hour_days())),
        };
        r.unwrap_or(NaiveDate::MAX)
    }

    /// `d + self` for a timescale that needs no calendar (working days count as calendar
    /// days here). Used by mapping profiles to derive dates.
    pub fn add_calendar(self, d: NaiveDate) -> NaiveDate {
        let n = u64::from(self.n);
        let r = match self.unit {
            Unit::WorkingDays | Unit::Days => d.checked_add_days(Days::new(n)),
            Unit::Weeks => d.checked_add_days(Days::new(7 * n)),
            Unit::Months => d.checked_add_months(Months::new(self.n)),
            Unit::Hours => d.checked_add_days(Days::new(self.hour_days())),
        };
        r.unwrap_or(NaiveDate::MAX)
    }

    /// `self before d`, counted backwards the same way. Saturates at chrono's first date.
    pub fn sub(self, cal: &Calendar, d: NaiveDate) -> NaiveDate {
        let n = u64::from(self.n);
        let r = match self.unit {
            Unit::WorkingDays => return cal.sub_working_days(d, self.n),
            Unit::Days => d.checked_sub_days(Days::new(n)),
            Unit::Weeks => d.checked_sub_days(Days::new(7 * n)),
            Unit::Months => d.checked_sub_months(Months::new(self.n)),
            Unit::Hours => d.checked_sub_days(Days::new(self.hour_days())),
        };
        r.unwrap_or(NaiveDate::MIN)
    }
}

impl fmt::Display for Duration {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (one, many) = match self.unit {
            Unit::WorkingDays => ("working day", "working days"),
            Unit::Days => ("day", "days"),
            Unit::Weeks => ("week", "weeks"),
            Unit::Months => ("month", "months"),
            Unit::Hours => ("hour", "hours"),
        };
        write!(f, "{} {}", self.n, if self.n == 1 { one } else { many })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::Region;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn parses_every_unit_and_rejects_nonsense() {
        assert_eq!(
            Duration::parse("15 WD").unwrap(),
            Duration {
                n: 15,
                unit: Unit::WorkingDays
            }
        );
        assert_eq!(
            Duration::parse("1 working day").unwrap().unit,
            Unit::WorkingDays
        );
        assert_eq!(Duration::parse("30 days").unwrap().unit, Unit::Days);
        assert_eq!(Duration::parse("6 weeks").unwrap().unit, Unit::Weeks);
        assert_eq!(Duration::parse("3 months").unwrap().unit, Unit::Months);
        assert_eq!(Duration::parse("24 hours").unwrap().unit, Unit::Hours);
        for bad in [
            "",
            "WD",
            "15",
            "fifteen WD",
            "15 fortnights",
            "-3 days",
            "1.5 days",
            "4000000000 hours",
            "99999999999 days",
            "361 months",
        ] {
            assert!(Duration::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn months_clamp_to_the_month_end() {
        let cal = Calendar::new(Region::EnglandWales, &[]);
        let m = Duration::parse("1 month").unwrap();
        assert_eq!(m.add(&cal, d("2026-01-31")), d("2026-02-28"));
        assert_eq!(m.add(&cal, d("2024-01-31")), d("2024-02-29"));
        assert_eq!(
            Duration::parse("6 months")
                .unwrap()
                .add(&cal, d("2025-08-31")),
            d("2026-02-28")
        );
        assert_eq!(m.sub(&cal, d("2026-03-31")), d("2026-02-28"));
    }

    #[test]
    fn hours_on_dates_are_whole_days() {
        let cal = Calendar::new(Region::EnglandWales, &[]);
        assert_eq!(
            Duration::parse("24 hours")
                .unwrap()
                .add(&cal, d("2026-03-06")),
            d("2026-03-07")
        );
        assert_eq!(
            Duration::parse("72 hours")
                .unwrap()
                .add(&cal, d("2026-03-06")),
            d("2026-03-09")
        );
        assert_eq!(
            Duration::parse("3 weeks")
                .unwrap()
                .add(&cal, d("2026-12-14")),
            d("2027-01-04")
        );
    }
}
