//! Date arithmetic used while *generating* sample data.
//!
//! The generator is not the auditor: this is a small, self-contained copy of
//! the England & Wales working-day calendar, good enough to place events on
//! (or just after) plausible due dates, on the Monday after a bank holiday, and
//! across Christmas, Easter and the May bank holidays. The auditor has its own,
//! authoritative calendar (contract §2).

use chrono::{Datelike, Duration, NaiveDate, Weekday};

/// One-off England & Wales bank holidays (royal events) in the years covered.
const ONE_OFFS: &[(i32, u32, u32)] = &[
    (2011, 4, 29), // royal wedding
    (2012, 6, 5),  // diamond jubilee
    (2022, 6, 3),  // platinum jubilee
    (2022, 9, 19), // state funeral
    (2023, 5, 8),  // coronation
];

/// Working-day calendar: Monday–Friday less the England & Wales bank holidays.
///
/// Working-day arithmetic is a table lookup within the calendar's years (the
/// generator does millions of these), and a day-by-day walk outside them.
pub struct Calendar {
    /// Day number (from the common era) of 1 January of the first year.
    base: i32,
    /// Per day from `base`: is it a bank holiday?
    holiday: Vec<bool>,
    /// Per day from `base`: working days in `base..=day`.
    cum: Vec<u32>,
    /// Day offsets (from `base`) of the working days, in order.
    working: Vec<u32>,
}

impl Calendar {
    /// A calendar whose bank holidays are known for `first_year..=last_year`
    /// (outside that range only weekends are non-working days).
    pub fn england_and_wales(first_year: i32, last_year: i32) -> Self {
        let first = ymd(first_year, 1, 1);
        let base = first.num_days_from_ce();
        let days = (ymd(last_year + 1, 1, 1).num_days_from_ce() - base) as usize;
        let mut holiday = vec![false; days];
        for year in first_year..=last_year {
            for d in bank_holidays(year) {
                holiday[(d.num_days_from_ce() - base) as usize] = true;
            }
        }
        let (mut cum, mut working) = (Vec::with_capacity(days), Vec::new());
        let mut n = 0;
        for (i, &h) in holiday.iter().enumerate() {
            let d = first + Duration::days(i as i64);
            if !h && !matches!(d.weekday(), Weekday::Sat | Weekday::Sun) {
                n += 1;
                working.push(i as u32);
            }
            cum.push(n);
        }
        Calendar {
            base,
            holiday,
            cum,
            working,
        }
    }

    /// Offset of `d` in the tables, if it is covered.
    fn offset(&self, d: NaiveDate) -> Option<usize> {
        let i = d.num_days_from_ce() - self.base;
        (i >= 0 && (i as usize) < self.holiday.len()).then_some(i as usize)
    }

    fn date(&self, offset: u32) -> NaiveDate {
        NaiveDate::from_num_days_from_ce_opt(self.base + offset as i32).expect("in range")
    }

    /// Is `d` an England & Wales bank holiday (within the calendar's years)?
    pub fn is_bank_holiday(&self, d: NaiveDate) -> bool {
        self.offset(d).is_some_and(|i| self.holiday[i])
    }

    /// Monday–Friday and not a bank holiday.
    pub fn is_working_day(&self, d: NaiveDate) -> bool {
        !matches!(d.weekday(), Weekday::Sat | Weekday::Sun) && !self.is_bank_holiday(d)
    }

    /// The `n`-th working day strictly after `d` (`n = 0` gives `d`).
    pub fn add_wd(&self, d: NaiveDate, n: u32) -> NaiveDate {
        if n == 0 {
            return d;
        }
        if let Some(i) = self.offset(d) {
            // Working days up to and including d, then the n-th after them.
            let k = self.cum[i] as usize + n as usize - 1;
            if let Some(&w) = self.working.get(k) {
                return self.date(w);
            }
        }
        let mut d = d;
        let mut left = n;
        while left > 0 {
            d += Duration::days(1);
            if self.is_working_day(d) {
                left -= 1;
            }
        }
        d
    }

    /// The `n`-th working day strictly before `d` (`n = 0` gives `d`).
    pub fn sub_wd(&self, d: NaiveDate, n: u32) -> NaiveDate {
        if n == 0 {
            return d;
        }
        if let Some(i) = self.offset(d) {
            // Working days strictly before d.
            let before = self.cum[i] - u32::from(self.is_working_day(d));
            if before >= n {
                return self.date(self.working[(before - n) as usize]);
            }
        }
        let mut d = d;
        let mut left = n;
        while left > 0 {
            d -= Duration::days(1);
            if self.is_working_day(d) {
                left -= 1;
            }
        }
        d
    }

    /// `d` itself when it is a working day, else the next working day.
    pub fn on_or_after(&self, d: NaiveDate) -> NaiveDate {
        let mut d = d;
        while !self.is_working_day(d) {
            d += Duration::days(1);
        }
        d
    }

    /// `d` itself when it is a working day, else the previous working day.
    pub fn on_or_before(&self, d: NaiveDate) -> NaiveDate {
        let mut d = d;
        while !self.is_working_day(d) {
            d -= Duration::days(1);
        }
        d
    }
}

pub fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid calendar date")
}

/// Same day of the month `n` months later, clamped to the month's last day.
pub fn add_months(d: NaiveDate, n: u32) -> NaiveDate {
    let total = d.year() * 12 + d.month0() as i32 + n as i32;
    let (y, m) = (total.div_euclid(12), total.rem_euclid(12) as u32 + 1);
    let last = days_in_month(y, m);
    ymd(y, m, d.day().min(last))
}

/// Same day of the month `n` months earlier, clamped to the month's last day.
pub fn sub_months(d: NaiveDate, n: u32) -> NaiveDate {
    let total = d.year() * 12 + d.month0() as i32 - n as i32;
    let (y, m) = (total.div_euclid(12), total.rem_euclid(12) as u32 + 1);
    let last = days_in_month(y, m);
    ymd(y, m, d.day().min(last))
}

/// The date `years` years after `d` (29 Feb → 28 Feb in common years).
pub fn add_years(d: NaiveDate, years: u32) -> NaiveDate {
    add_months(d, years * 12)
}

fn days_in_month(y: i32, m: u32) -> u32 {
    let (ny, nm) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
    (ymd(ny, nm, 1) - ymd(y, m, 1)).num_days() as u32
}

/// Whole years between `dob` and `on` (a child born on 29 Feb turns a year
/// older on 1 Mar in common years).
pub fn age_on(dob: NaiveDate, on: NaiveDate) -> i32 {
    let mut age = on.year() - dob.year();
    if (on.month(), on.day()) < (dob.month(), dob.day()) {
        age -= 1;
    }
    age
}

/// Easter Sunday (anonymous Gregorian algorithm).
fn easter(y: i32) -> NaiveDate {
    let a = y % 19;
    let b = y / 100;
    let c = y % 100;
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    ymd(y, month as u32, day as u32)
}

fn first_monday(y: i32, m: u32) -> NaiveDate {
    let mut d = ymd(y, m, 1);
    while d.weekday() != Weekday::Mon {
        d += Duration::days(1);
    }
    d
}

fn last_monday(y: i32, m: u32) -> NaiveDate {
    let mut d = ymd(y, m, days_in_month(y, m));
    while d.weekday() != Weekday::Mon {
        d -= Duration::days(1);
    }
    d
}

/// England & Wales bank holidays of one year, substitute days included.
pub fn bank_holidays(y: i32) -> Vec<NaiveDate> {
    let mut out = Vec::with_capacity(10);
    // New Year's Day, or the following Monday.
    let ny = ymd(y, 1, 1);
    out.push(match ny.weekday() {
        Weekday::Sat => ymd(y, 1, 3),
        Weekday::Sun => ymd(y, 1, 2),
        _ => ny,
    });
    let e = easter(y);
    out.push(e - Duration::days(2));
    out.push(e + Duration::days(1));
    // Early May: first Monday, moved to Friday 8 May for VE Day in 2020.
    out.push(if y == 2020 {
        ymd(y, 5, 8)
    } else {
        first_monday(y, 5)
    });
    // Spring: last Monday of May, moved for the 2012 and 2022 jubilees.
    out.push(match y {
        2012 => ymd(y, 6, 4),
        2022 => ymd(y, 6, 2),
        _ => last_monday(y, 5),
    });
    out.push(last_monday(y, 8));
    // Christmas and Boxing Day with substitutes.
    let xmas = ymd(y, 12, 25);
    match xmas.weekday() {
        Weekday::Fri => out.extend([xmas, ymd(y, 12, 28)]),
        Weekday::Sat => out.extend([ymd(y, 12, 27), ymd(y, 12, 28)]),
        Weekday::Sun => out.extend([ymd(y, 12, 26), ymd(y, 12, 27)]),
        _ => out.extend([xmas, ymd(y, 12, 26)]),
    }
    out.extend(
        ONE_OFFS
            .iter()
            .filter(|(oy, _, _)| *oy == y)
            .map(|&(oy, m, d)| ymd(oy, m, d)),
    );
    out.sort();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_bank_holidays() {
        let s = |y| {
            bank_holidays(y)
                .iter()
                .map(|d| d.format("%m-%d").to_string())
                .collect::<Vec<_>>()
                .join(" ")
        };
        assert_eq!(
            s(2022),
            "01-03 04-15 04-18 05-02 06-02 06-03 08-29 09-19 12-26 12-27"
        );
        assert_eq!(
            s(2023),
            "01-02 04-07 04-10 05-01 05-08 05-29 08-28 12-25 12-26"
        );
        assert_eq!(s(2024), "01-01 03-29 04-01 05-06 05-27 08-26 12-25 12-26");
        assert_eq!(s(2025), "01-01 04-18 04-21 05-05 05-26 08-25 12-25 12-26");
        assert_eq!(s(2026), "01-01 04-03 04-06 05-04 05-25 08-31 12-25 12-28");
        assert_eq!(s(2027), "01-01 03-26 03-29 05-03 05-31 08-30 12-27 12-28");
    }

    #[test]
    fn working_day_arithmetic() {
        let cal = Calendar::england_and_wales(2020, 2030);
        // Friday + 1 WD = Monday.
        assert_eq!(cal.add_wd(ymd(2026, 3, 6), 1), ymd(2026, 3, 9));
        // Maundy Thursday 2026 + 1 WD skips Good Friday and Easter Monday.
        assert_eq!(cal.add_wd(ymd(2026, 4, 2), 1), ymd(2026, 4, 7));
        assert_eq!(cal.sub_wd(ymd(2026, 4, 7), 1), ymd(2026, 4, 2));
        // Table lookups agree with a day-by-day walk, at the edges too.
        let walk = |d: NaiveDate, n: u32, step: i64| {
            let (mut d, mut left) = (d, n);
            while left > 0 {
                d += Duration::days(step);
                if cal.is_working_day(d) {
                    left -= 1;
                }
            }
            d
        };
        let mut d = ymd(2019, 12, 1);
        while d < ymd(2031, 2, 1) {
            for n in [1, 2, 5, 10, 20, 45] {
                assert_eq!(cal.add_wd(d, n), walk(d, n, 1), "{d} + {n}");
                assert_eq!(cal.sub_wd(d, n), walk(d, n, -1), "{d} - {n}");
            }
            d += Duration::days(1);
        }
        assert_eq!(add_months(ymd(2026, 1, 31), 1), ymd(2026, 2, 28));
        assert_eq!(add_months(ymd(2027, 12, 31), 2), ymd(2028, 2, 29));
        assert_eq!(sub_months(ymd(2026, 3, 31), 1), ymd(2026, 2, 28));
        assert_eq!(age_on(ymd(2016, 2, 29), ymd(2021, 2, 28)), 4);
        assert_eq!(age_on(ymd(2016, 2, 29), ymd(2021, 3, 1)), 5);
    }
}
