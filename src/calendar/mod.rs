//! Working-day arithmetic against UK bank holidays and local closure days.
//!
//! Most practice-standard timescales are counted in working days (audit contract §2):
//! a working day is Monday–Friday, not a bank holiday of the chosen region and not a
//! local closure day, and `D + N working days` is the N-th working day strictly after
//! D. Every expectation the audit evaluates needs at least one such sum, so this module
//! makes them cheap: [`Calendar::new`] precomputes, over a wide span of days
//! (1990-01-01 to 2070-12-31), a prefix sum of working days and an index from
//! working-day ordinal to date. [`Calendar::add_working_days`],
//! [`Calendar::sub_working_days`] and [`Calendar::working_days_between`] are then O(1)
//! table look-ups inside the span.
//!
//! Outside the span only weekends and closure days are non-working (the bank-holiday
//! tables cover 2015–2030, see [`holidays`]); there the same answers come from
//! closed-form weekday arithmetic plus a binary search over the few closure days, so
//! every date chrono can represent is handled correctly and without panicking. A
//! result that would fall beyond chrono's range saturates to [`NaiveDate::MAX`] (adding)
//! or [`NaiveDate::MIN`] (subtracting).

mod duration;
pub mod holidays;

pub use duration::{Duration, Unit};

use std::fmt;
use std::ops::RangeInclusive;
use std::str::FromStr;

use chrono::{Datelike, NaiveDate};

/// A UK bank-holiday region.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Region {
    /// England and Wales (the default region of the audit contract).
    #[default]
    EnglandWales,
    Scotland,
    NorthernIreland,
}

impl Region {
    /// All regions, in a fixed order.
    pub const ALL: [Region; 3] = [
        Region::EnglandWales,
        Region::Scotland,
        Region::NorthernIreland,
    ];

    /// The canonical name, as accepted by [`FromStr`] and written by [`fmt::Display`].
    pub const fn as_str(self) -> &'static str {
        match self {
            Region::EnglandWales => "england-and-wales",
            Region::Scotland => "scotland",
            Region::NorthernIreland => "northern-ireland",
        }
    }
}

impl fmt::Display for Region {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The error from parsing an unknown region name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownRegion(pub String);

impl fmt::Display for UnknownRegion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "unknown region {:?}: expected one of england-and-wales (also england, wales, ew), \
             scotland, northern-ireland (also ni)",
            self.0
        )
    }
}

impl std::error::Error for UnknownRegion {}

impl FromStr for Region {
    type Err = UnknownRegion;

    /// Case-insensitive; `_`, `-` and spaces are equivalent.
    fn from_str(s: &str) -> Result<Region, UnknownRegion> {
        let norm: String = s
            .trim()
            .chars()
            .map(|c| match c {
                '_' | ' ' => '-',
                c => c.to_ascii_lowercase(),
            })
            .collect();
        match norm.as_str() {
            "england-and-wales" | "england" | "wales" | "ew" => Ok(Region::EnglandWales),
            "scotland" => Ok(Region::Scotland),
            "northern-ireland" | "ni" => Ok(Region::NorthernIreland),
            _ => Err(UnknownRegion(s.to_string())),
        }
    }
}

/// First day of the precomputed span.
const SPAN_FIRST: (i32, u32, u32) = (1990, 1, 1);
/// Last day of the precomputed span.
const SPAN_LAST: (i32, u32, u32) = (2070, 12, 31);

/// A working-day calendar for one region and a set of local closure days.
///
/// Immutable after construction, `Send + Sync`, and meant to be built once and shared
/// by reference. Holds about 100 KB of tables.
#[derive(Clone)]
pub struct Calendar {
    region: Region,
    holidays: &'static [holidays::Holiday],
    /// Sorted, deduplicated closure days as given.
    closures: Box<[NaiveDate]>,
    /// Day number (days from CE) of the first day of the span.
    start: i64,
    /// `cum[i]` = working days in `[start, start + i)`; `cum.len()` = span length + 1.
    cum: Box<[u16]>,
    /// `ord[k]` = offset from `start` of the k-th (0-based) working day of the span.
    ord: Box<[u16]>,
    /// Sorted day numbers of non-working weekdays outside the span (closures there).
    outside: Box<[i64]>,
}

impl fmt::Debug for Calendar {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Calendar")
            .field("region", &self.region)
            .field("closures", &self.closures)
            .finish_non_exhaustive()
    }
}

impl Default for Calendar {
    /// England and Wales, no closure days.
    fn default() -> Calendar {
        Calendar::new(Region::EnglandWales, &[])
    }
}

fn day_number(d: NaiveDate) -> i64 {
    i64::from(d.num_days_from_ce())
}

/// Converts a day number back to a date, saturating at chrono's limits.
fn from_day_number(t: i64) -> NaiveDate {
    if t <= day_number(NaiveDate::MIN) {
        NaiveDate::MIN
    } else if t >= day_number(NaiveDate::MAX) {
        NaiveDate::MAX
    } else {
        // In range, so this cannot fail; MAX keeps the function total regardless.
        NaiveDate::from_num_days_from_ce_opt(t as i32).unwrap_or(NaiveDate::MAX)
    }
}

/// Monday = 0 … Sunday = 6. Day number 1 (0001-01-01) is a Monday.
fn weekday_index(t: i64) -> i64 {
    (t - 1).rem_euclid(7)
}

fn is_weekday(t: i64) -> bool {
    weekday_index(t) < 5
}

/// Number of weekdays in `(-∞, t]`, relative to a fixed origin (only differences matter).
fn weekdays_upto(t: i64) -> i64 {
    let u = t - 1;
    u.div_euclid(7) * 5 + (u.rem_euclid(7) + 1).min(5)
}

/// The weekday `t` with `weekdays_upto(t) == v`.
fn weekday_with_count(v: i64) -> i64 {
    let v = v - 1;
    v.div_euclid(5) * 7 + v.rem_euclid(5) + 1
}

impl Calendar {
    /// Builds the calendar for `region`, treating every date in `closures` as a
    /// non-working day as well (order and duplicates do not matter).
    pub fn new(region: Region, closures: &[NaiveDate]) -> Calendar {
        let holidays = holidays::table(region);
        let mut closures: Vec<NaiveDate> = closures.to_vec();
        closures.sort_unstable();
        closures.dedup();

        let first = NaiveDate::from_ymd_opt(SPAN_FIRST.0, SPAN_FIRST.1, SPAN_FIRST.2)
            .expect("valid span start");
        let last =
            NaiveDate::from_ymd_opt(SPAN_LAST.0, SPAN_LAST.1, SPAN_LAST.2).expect("valid span end");
        let start = day_number(first);
        let len = (day_number(last) - start + 1) as usize;
        assert!(len < usize::from(u16::MAX), "span must be indexable by u16");

        let mut working: Vec<bool> = (0..len as i64).map(|i| is_weekday(start + i)).collect();
        let mut outside = Vec::new();
        for t in holidays
            .iter()
            .map(|h| day_number(h.0))
            .chain(closures.iter().map(|&d| day_number(d)))
        {
            let off = t - start;
            if (0..len as i64).contains(&off) {
                working[off as usize] = false;
            } else if is_weekday(t) {
                outside.push(t);
            }
        }
        outside.sort_unstable();
        outside.dedup();

        let mut cum = Vec::with_capacity(len + 1);
        let mut ord = Vec::with_capacity(len * 5 / 7 + 1);
        let mut n: u16 = 0;
        cum.push(0);
        for (i, &w) in working.iter().enumerate() {
            if w {
                ord.push(i as u16);
                n += 1;
            }
            cum.push(n);
        }

        Calendar {
            region,
            holidays,
            closures: closures.into_boxed_slice(),
            start,
            cum: cum.into_boxed_slice(),
            ord: ord.into_boxed_slice(),
            outside: outside.into_boxed_slice(),
        }
    }

    /// The bank-holiday region.
    pub fn region(&self) -> Region {
        self.region
    }

    /// The local closure days, sorted and deduplicated.
    pub fn closures(&self) -> &[NaiveDate] {
        &self.closures
    }

    /// Monday–Friday, not a bank holiday of the region and not a closure day.
    pub fn is_working_day(&self, d: NaiveDate) -> bool {
        let t = day_number(d);
        match self.span_offset(t) {
            Some(i) => self.cum[i + 1] != self.cum[i],
            None => is_weekday(t) && self.outside.binary_search(&t).is_err(),
        }
    }

    /// The name of the region's bank holiday on `d`, if it is one.
    pub fn bank_holiday(&self, d: NaiveDate) -> Option<&str> {
        self.holidays
            .binary_search_by_key(&d, |h| h.0)
            .ok()
            .map(|i| self.holidays[i].1)
    }

    /// The n-th working day strictly after d (d never counts). n = 0 returns d.
    /// Friday + 1 = Monday (when Monday is a working day).
    ///
    /// Saturates to [`NaiveDate::MAX`] if the answer is beyond chrono's range.
    pub fn add_working_days(&self, d: NaiveDate, n: u32) -> NaiveDate {
        if n == 0 {
            return d;
        }
        from_day_number(self.day_of_rank(self.rank(day_number(d)) + i64::from(n)))
    }

    /// The n-th working day strictly before d. n = 0 returns d.
    ///
    /// Saturates to [`NaiveDate::MIN`] if the answer is before chrono's range.
    pub fn sub_working_days(&self, d: NaiveDate, n: u32) -> NaiveDate {
        if n == 0 {
            return d;
        }
        let t = day_number(d);
        // Rank of the last working day strictly before d, then n - 1 further back.
        let before = self.rank(t) - i64::from(self.is_working_day(d));
        from_day_number(self.day_of_rank(before - i64::from(n) + 1))
    }

    /// Number of working days in the half-open interval (a, b]; 0 when b <= a.
    pub fn working_days_between(&self, a: NaiveDate, b: NaiveDate) -> u32 {
        if b <= a {
            return 0;
        }
        // At most ~137 million working days exist in chrono's whole range.
        (self.rank(day_number(b)) - self.rank(day_number(a))) as u32
    }

    /// Years for which the bundled bank-holiday table is known (2015..=2030).
    /// Outside these years only weekends and closure days are non-working.
    pub fn covered_years(&self) -> RangeInclusive<i32> {
        holidays::FIRST_YEAR..=holidays::LAST_YEAR
    }

    /// Whether `d` falls in a year the bank-holiday table covers.
    pub fn covers(&self, d: NaiveDate) -> bool {
        self.covered_years().contains(&d.year())
    }

    /// The region's bank holidays with their names, sorted by date.
    pub fn bank_holidays(&self) -> impl Iterator<Item = (NaiveDate, &str)> {
        self.holidays.iter().map(|&(d, name)| (d, name))
    }

    fn span_len(&self) -> usize {
        self.cum.len() - 1
    }

    fn span_offset(&self, t: i64) -> Option<usize> {
        let off = t - self.start;
        (off >= 0 && (off as usize) < self.span_len()).then_some(off as usize)
    }

    fn span_end(&self) -> i64 {
        self.start + self.span_len() as i64 - 1
    }

    fn span_total(&self) -> i64 {
        i64::from(self.cum[self.span_len()])
    }

    /// Non-working weekdays outside the span within `lo..=hi`.
    fn outside_in(&self, lo: i64, hi: i64) -> i64 {
        if hi < lo {
            return 0;
        }
        (self.outside.partition_point(|&x| x <= hi) - self.outside.partition_point(|&x| x < lo))
            as i64
    }

    /// The rank of day `t`: the number of working days in `[start, t]`, where `start`
    /// is the first day of the span (zero or negative before the span). Differences of
    /// ranks count working days in half-open intervals.
    fn rank(&self, t: i64) -> i64 {
        if let Some(i) = self.span_offset(t) {
            return i64::from(self.cum[i + 1]);
        }
        if t < self.start {
            let last = self.start - 1;
            -(weekdays_upto(last) - weekdays_upto(t) - self.outside_in(t + 1, last))
        } else {
            let end = self.span_end();
            self.span_total() + weekdays_upto(t) - weekdays_upto(end) - self.outside_in(end + 1, t)
        }
    }

    /// The working day whose rank is `r` (the inverse of [`Calendar::rank`] on working
    /// days). The result may lie beyond chrono's range; callers saturate.
    fn day_of_rank(&self, r: i64) -> i64 {
        let total = self.span_total();
        if (1..=total).contains(&r) {
            self.start + i64::from(self.ord[(r - 1) as usize])
        } else if r > total {
            self.kth_after(self.span_end(), r - total)
        } else {
            self.kth_before(self.start, 1 - r)
        }
    }

    /// The k-th (k >= 1) working day strictly after `x`, where `x` is at or after the
    /// end of the span (so only weekends and `outside` days are non-working).
    fn kth_after(&self, mut x: i64, mut k: i64) -> i64 {
        loop {
            let e = weekday_with_count(weekdays_upto(x) + k);
            let skipped = self.outside_in(x + 1, e);
            if skipped == 0 {
                return e;
            }
            x = e;
            k = skipped;
        }
    }

    /// The k-th (k >= 1) working day strictly before `x`, where `x` is at or before the
    /// start of the span.
    fn kth_before(&self, mut x: i64, mut k: i64) -> i64 {
        loop {
            let e = weekday_with_count(weekdays_upto(x - 1) - k + 1);
            let skipped = self.outside_in(e, x - 1);
            if skipped == 0 {
                return e;
            }
            x = e;
            k = skipped;
        }
    }
}

/// Age in whole years on `d`; a 29 February birthday falls on 1 March in other years.
pub fn age_on(dob: NaiveDate, d: NaiveDate) -> i32 {
    let mut age = d.year() - dob.year();
    let birthday = if dob.month() == 2
        && dob.day() == 29
        && NaiveDate::from_ymd_opt(d.year(), 2, 29).is_none()
    {
        (3, 1)
    } else {
        (dob.month(), dob.day())
    };
    if (d.month(), d.day()) < birthday {
        age -= 1;
    }
    age
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Weekday;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn ew() -> Calendar {
        Calendar::new(Region::EnglandWales, &[])
    }

    #[test]
    fn ages_turn_on_the_birthday() {
        assert_eq!(age_on(d(2021, 3, 10), d(2026, 3, 9)), 4);
        assert_eq!(age_on(d(2021, 3, 10), d(2026, 3, 10)), 5);
        assert_eq!(age_on(d(2020, 2, 29), d(2025, 2, 28)), 4);
        assert_eq!(age_on(d(2020, 2, 29), d(2025, 3, 1)), 5);
        assert_eq!(age_on(d(2020, 2, 29), d(2024, 2, 29)), 4);
    }

    #[test]
    fn calendar_is_send_sync() {
        fn check<T: Send + Sync>() {}
        check::<Calendar>();
    }

    #[test]
    fn weekday_arithmetic_matches_chrono() {
        let mut x = d(1850, 1, 1);
        while x < d(1853, 1, 1) {
            let t = day_number(x);
            assert_eq!(
                weekday_index(t),
                i64::from(x.weekday().num_days_from_monday())
            );
            if is_weekday(t) {
                assert_eq!(weekday_with_count(weekdays_upto(t)), t);
            }
            assert_eq!(
                weekdays_upto(t) - weekdays_upto(t - 1),
                i64::from(is_weekday(t))
            );
            x = x.succ_opt().unwrap();
        }
    }

    #[test]
    fn region_names_round_trip() {
        for r in Region::ALL {
            assert_eq!(r.to_string().parse::<Region>().unwrap(), r);
        }
        let cases = [
            ("England and Wales", Region::EnglandWales),
            ("ENGLAND_AND_WALES", Region::EnglandWales),
            (" england ", Region::EnglandWales),
            ("Wales", Region::EnglandWales),
            ("EW", Region::EnglandWales),
            ("Scotland", Region::Scotland),
            ("Northern Ireland", Region::NorthernIreland),
            ("northern_ireland", Region::NorthernIreland),
            ("NI", Region::NorthernIreland),
        ];
        for (s, r) in cases {
            assert_eq!(s.parse::<Region>().unwrap(), r, "{s}");
        }
        let err = "uk".parse::<Region>().unwrap_err().to_string();
        for name in [
            "england-and-wales",
            "scotland",
            "northern-ireland",
            "ni",
            "ew",
        ] {
            assert!(err.contains(name), "{err}");
        }
        assert_eq!(Region::default(), Region::EnglandWales);
    }

    #[test]
    fn friday_plus_one_is_monday_and_d_never_counts() {
        let c = ew();
        assert_eq!(c.add_working_days(d(2026, 3, 6), 1), d(2026, 3, 9));
        assert_eq!(d(2026, 3, 6).weekday(), Weekday::Fri);
        // Working day D: D + 1 is the next day, never D itself.
        assert_eq!(c.add_working_days(d(2026, 3, 9), 1), d(2026, 3, 10));
        // Weekend D: Saturday + 1 = Monday, Sunday + 1 = Monday.
        assert_eq!(c.add_working_days(d(2026, 3, 7), 1), d(2026, 3, 9));
        assert_eq!(c.add_working_days(d(2026, 3, 8), 1), d(2026, 3, 9));
        assert_eq!(c.add_working_days(d(2026, 3, 9), 5), d(2026, 3, 16));
        assert_eq!(c.add_working_days(d(2026, 3, 7), 0), d(2026, 3, 7));
        assert_eq!(c.sub_working_days(d(2026, 3, 7), 0), d(2026, 3, 7));
    }

    #[test]
    fn easter_2026() {
        let c = ew();
        assert!(!c.is_working_day(d(2026, 4, 3)));
        assert!(!c.is_working_day(d(2026, 4, 6)));
        assert_eq!(c.add_working_days(d(2026, 4, 2), 1), d(2026, 4, 7));
        assert_eq!(c.sub_working_days(d(2026, 4, 7), 1), d(2026, 4, 2));
        assert_eq!(c.working_days_between(d(2026, 4, 2), d(2026, 4, 7)), 1);
        // Scotland has no Easter Monday.
        let s = Calendar::new(Region::Scotland, &[]);
        assert_eq!(s.add_working_days(d(2026, 4, 2), 1), d(2026, 4, 6));
    }

    #[test]
    fn christmas_2026() {
        let c = ew();
        assert_eq!(c.add_working_days(d(2026, 12, 24), 1), d(2026, 12, 29));
        assert_eq!(c.add_working_days(d(2026, 12, 24), 3), d(2026, 12, 31));
        assert_eq!(c.add_working_days(d(2026, 12, 31), 1), d(2027, 1, 4));
        assert_eq!(c.sub_working_days(d(2026, 12, 29), 1), d(2026, 12, 24));
        assert_eq!(c.working_days_between(d(2026, 12, 24), d(2026, 12, 29)), 1);
        assert_eq!(
            c.bank_holiday(d(2026, 12, 28)),
            Some("Boxing Day (substitute day)")
        );
    }

    #[test]
    fn state_funeral_2022() {
        let c = ew();
        assert_eq!(c.add_working_days(d(2022, 9, 16), 1), d(2022, 9, 20));
        assert_eq!(c.sub_working_days(d(2022, 9, 20), 1), d(2022, 9, 16));
    }

    #[test]
    fn leap_day_2024() {
        let c = ew();
        assert!(c.is_working_day(d(2024, 2, 29)));
        assert_eq!(c.add_working_days(d(2024, 2, 28), 1), d(2024, 2, 29));
        assert_eq!(c.add_working_days(d(2024, 2, 29), 1), d(2024, 3, 1));
        assert_eq!(c.add_working_days(d(2024, 2, 29), 2), d(2024, 3, 4));
        assert_eq!(c.sub_working_days(d(2024, 3, 1), 1), d(2024, 2, 29));
        assert_eq!(c.working_days_between(d(2024, 2, 28), d(2024, 3, 1)), 2);
    }

    #[test]
    fn sub_across_bank_holidays() {
        let c = ew();
        // Tuesday after the late-May bank holiday 2026 (25 May).
        assert_eq!(c.sub_working_days(d(2026, 5, 26), 1), d(2026, 5, 22));
        assert_eq!(c.sub_working_days(d(2026, 5, 26), 2), d(2026, 5, 21));
        // A report due 3 WD before a conference on Wednesday 8 April 2026.
        assert_eq!(c.sub_working_days(d(2026, 4, 8), 3), d(2026, 4, 1));
        // From a non-working day: the first working day strictly before it.
        assert_eq!(c.sub_working_days(d(2026, 4, 6), 1), d(2026, 4, 2));
        assert_eq!(c.sub_working_days(d(2026, 3, 8), 1), d(2026, 3, 6));
        // Jubilee 2022: Thursday 2 and Friday 3 June.
        assert_eq!(c.sub_working_days(d(2022, 6, 6), 1), d(2022, 6, 1));
    }

    #[test]
    fn working_days_between_examples() {
        let c = ew();
        assert_eq!(c.working_days_between(d(2026, 3, 9), d(2026, 3, 9)), 0);
        assert_eq!(c.working_days_between(d(2026, 3, 10), d(2026, 3, 9)), 0);
        assert_eq!(c.working_days_between(d(2026, 3, 6), d(2026, 3, 9)), 1);
        assert_eq!(c.working_days_between(d(2026, 3, 6), d(2026, 3, 8)), 0);
        assert_eq!(c.working_days_between(d(2026, 3, 9), d(2026, 3, 16)), 5);
        // 2026 has 261 weekdays and 8 bank holidays (all on weekdays).
        assert_eq!(
            c.working_days_between(d(2025, 12, 31), d(2026, 12, 31)),
            253
        );
        // 2022 E&W: 260 weekdays, 10 bank holidays.
        assert_eq!(
            c.working_days_between(d(2021, 12, 31), d(2022, 12, 31)),
            250
        );
        // ICPC within 15 WD of a strategy discussion on 2026-03-27 (Easter in between).
        let due = c.add_working_days(d(2026, 3, 27), 15);
        // Mar 30–Apr 2 (4), Apr 7–10 (8), Apr 13–17 (13), Apr 20, 21 (15).
        assert_eq!(due, d(2026, 4, 21));
        assert_eq!(c.working_days_between(d(2026, 3, 27), due), 15);
    }

    #[test]
    fn closures_are_non_working() {
        let closures = [
            d(2026, 12, 29),
            d(2026, 12, 30),
            d(2026, 12, 31),
            d(2026, 12, 30),
        ];
        let c = Calendar::new(Region::EnglandWales, &closures);
        assert_eq!(c.closures().len(), 3);
        assert!(!c.is_working_day(d(2026, 12, 30)));
        assert_eq!(c.add_working_days(d(2026, 12, 24), 1), d(2027, 1, 4));
        assert_eq!(c.sub_working_days(d(2027, 1, 4), 1), d(2026, 12, 24));
        assert_eq!(c.working_days_between(d(2026, 12, 24), d(2027, 1, 4)), 1);
    }

    #[test]
    fn regions_differ() {
        let s = Calendar::new(Region::Scotland, &[]);
        let ni = Calendar::new(Region::NorthernIreland, &[]);
        assert_eq!(s.region(), Region::Scotland);
        assert_eq!(s.add_working_days(d(2026, 1, 1), 1), d(2026, 1, 5));
        assert_eq!(ew().add_working_days(d(2026, 1, 1), 1), d(2026, 1, 2));
        assert_eq!(s.add_working_days(d(2025, 11, 28), 1), d(2025, 12, 2));
        assert_eq!(ni.add_working_days(d(2026, 7, 10), 1), d(2026, 7, 14));
        assert_eq!(ni.add_working_days(d(2026, 3, 16), 1), d(2026, 3, 18));
    }

    #[test]
    fn covered_years_and_table() {
        let c = ew();
        assert_eq!(c.covered_years(), 2015..=2030);
        assert!(c.covers(d(2015, 1, 1)));
        assert!(c.covers(d(2030, 12, 31)));
        assert!(!c.covers(d(2014, 12, 31)));
        assert!(!c.covers(d(2031, 1, 1)));
        let all: Vec<_> = c.bank_holidays().collect();
        assert!(all.windows(2).all(|w| w[0].0 < w[1].0));
        assert_eq!(all.len(), 8 * 16 + 2 + 1);
        assert_eq!(all[0], (d(2015, 1, 1), "New Year’s Day"));
    }

    #[test]
    fn outside_the_span_is_weekends_and_closures_only() {
        let closures = [d(1985, 6, 3), d(2100, 6, 1), d(2100, 6, 2)];
        let c = Calendar::new(Region::EnglandWales, &closures);
        // 1985-05-31 is a Friday; Monday 3 June 1985 is a closure.
        assert_eq!(c.add_working_days(d(1985, 5, 31), 1), d(1985, 6, 4));
        assert_eq!(c.sub_working_days(d(1985, 6, 4), 1), d(1985, 5, 31));
        assert!(!c.is_working_day(d(1985, 6, 3)));
        // Christmas 2080 is an ordinary working day (no table that far ahead).
        assert!(c.is_working_day(d(2080, 12, 25)));
        assert_eq!(c.add_working_days(d(2100, 5, 31), 1), d(2100, 6, 3));
        assert_eq!(c.working_days_between(d(2100, 5, 31), d(2100, 6, 3)), 1);
        // Across the span boundaries in both directions.
        let a = d(1989, 12, 29);
        let b = c.add_working_days(a, 30_000);
        assert!(b > d(2070, 12, 31));
        assert_eq!(c.working_days_between(a, b), 30_000);
        assert_eq!(c.sub_working_days(b, 30_000), a);
    }

    #[test]
    fn extreme_dates_do_not_panic() {
        let c = Calendar::new(Region::Scotland, &[NaiveDate::MAX, NaiveDate::MIN]);
        assert_eq!(c.add_working_days(NaiveDate::MAX, 1), NaiveDate::MAX);
        assert_eq!(c.add_working_days(d(2026, 1, 1), u32::MAX), NaiveDate::MAX);
        assert_eq!(c.sub_working_days(NaiveDate::MIN, 1), NaiveDate::MIN);
        assert_eq!(c.sub_working_days(d(2026, 1, 1), u32::MAX), NaiveDate::MIN);
        let n = c.working_days_between(NaiveDate::MIN, NaiveDate::MAX);
        assert!(n > 100_000_000);
        let near_max = c.sub_working_days(NaiveDate::MAX, 10);
        assert!(near_max < NaiveDate::MAX);
        let fwd = c.add_working_days(near_max, 5);
        assert_eq!(c.working_days_between(near_max, fwd), 5);
        assert_eq!(c.sub_working_days(fwd, 5), near_max);
        let near_min = c.add_working_days(NaiveDate::MIN, 10);
        assert!(near_min > NaiveDate::MIN);
        let back = c.sub_working_days(near_min, 5);
        assert_eq!(c.working_days_between(back, near_min), 5);
        assert_eq!(c.add_working_days(back, 5), near_min);
    }
}

/// Property tests against a naive day-by-day reference implementation.
#[cfg(test)]
mod proptests {
    use super::*;
    use chrono::{Days, Weekday};
    use proptest::prelude::*;
    use std::collections::HashSet;

    /// The contract's definition, evaluated literally one day at a time.
    struct Reference {
        holidays: HashSet<NaiveDate>,
        closures: HashSet<NaiveDate>,
    }

    impl Reference {
        fn new(region: Region, closures: &[NaiveDate]) -> Reference {
            Reference {
                holidays: holidays::table(region).iter().map(|h| h.0).collect(),
                closures: closures.iter().copied().collect(),
            }
        }

        fn is_working(&self, d: NaiveDate) -> bool {
            !matches!(d.weekday(), Weekday::Sat | Weekday::Sun)
                && !self.holidays.contains(&d)
                && !self.closures.contains(&d)
        }

        fn add(&self, mut d: NaiveDate, n: u32) -> NaiveDate {
            let mut left = n;
            while left > 0 {
                d = d.succ_opt().unwrap();
                if self.is_working(d) {
                    left -= 1;
                }
            }
            d
        }

        fn sub(&self, mut d: NaiveDate, n: u32) -> NaiveDate {
            let mut left = n;
            while left > 0 {
                d = d.pred_opt().unwrap();
                if self.is_working(d) {
                    left -= 1;
                }
            }
            d
        }

        fn between(&self, a: NaiveDate, b: NaiveDate) -> u32 {
            let mut n = 0;
            let mut d = a;
            while d < b {
                d = d.succ_opt().unwrap();
                n += u32::from(self.is_working(d));
            }
            n
        }
    }

    fn region() -> impl Strategy<Value = Region> {
        prop_oneof![
            Just(Region::EnglandWales),
            Just(Region::Scotland),
            Just(Region::NorthernIreland)
        ]
    }

    /// A date in `first..=last`.
    fn date_in(first: NaiveDate, last: NaiveDate) -> impl Strategy<Value = NaiveDate> {
        let span = (last - first).num_days() as u64;
        (0..=span).prop_map(move |k| first + Days::new(k))
    }

    fn covered_date() -> impl Strategy<Value = NaiveDate> {
        date_in(
            NaiveDate::from_ymd_opt(2015, 1, 1).unwrap(),
            NaiveDate::from_ymd_opt(2030, 12, 31).unwrap(),
        )
    }

    /// Dates within a few years of either end of the precomputed span (1990–2070),
    /// to exercise the fallback and the joins.
    fn wide_date() -> impl Strategy<Value = NaiveDate> {
        let ymd = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        prop_oneof![
            date_in(ymd(1986, 1, 1), ymd(1993, 12, 31)),
            date_in(ymd(2067, 1, 1), ymd(2074, 12, 31)),
        ]
    }

    /// Usually no closures, sometimes a couple (possibly on weekends or bank holidays).
    fn closures(dates: BoxedStrategy<NaiveDate>) -> impl Strategy<Value = Vec<NaiveDate>> {
        prop_oneof![
            2 => Just(Vec::new()),
            3 => proptest::collection::vec(dates, 1..=3),
        ]
    }

    fn check_all(
        region: Region,
        closures: &[NaiveDate],
        a: NaiveDate,
        b: NaiveDate,
        n: u32,
    ) -> Result<(), TestCaseError> {
        let cal = Calendar::new(region, closures);
        let r = Reference::new(region, closures);
        prop_assert_eq!(cal.is_working_day(a), r.is_working(a));
        prop_assert_eq!(cal.is_working_day(b), r.is_working(b));
        let added = cal.add_working_days(a, n);
        prop_assert_eq!(added, r.add(a, n));
        prop_assert_eq!(cal.sub_working_days(a, n), r.sub(a, n));
        prop_assert_eq!(cal.working_days_between(a, b), r.between(a, b));
        prop_assert_eq!(cal.working_days_between(b, a), r.between(b, a));
        if n > 0 {
            prop_assert!(cal.is_working_day(added));
            prop_assert!(added > a);
        }
        prop_assert_eq!(cal.working_days_between(a, added), n);
        prop_assert!(cal.sub_working_days(added, n) <= a);
        let subbed = cal.sub_working_days(a, n);
        if n > 0 {
            prop_assert!(cal.is_working_day(subbed));
            prop_assert!(subbed < a);
            // (subbed, a] holds the n - 1 working days after subbed, plus a if working.
            let expected = n - 1 + u32::from(cal.is_working_day(a));
            prop_assert_eq!(cal.working_days_between(subbed, a), expected);
        }
        prop_assert!(cal.add_working_days(subbed, n) >= a);
        Ok(())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(384))]

        #[test]
        fn agrees_with_reference_in_covered_years(
            region in region(),
            closures in closures(covered_date().boxed()),
            a in covered_date(),
            b in covered_date(),
            n in 0u32..400,
        ) {
            check_all(region, &closures, a, b, n)?;
        }

        #[test]
        fn agrees_with_reference_near_a_date(
            region in region(),
            a in covered_date(),
            offsets in proptest::collection::vec(0u64..30, 0..=3),
            back in 0u64..60,
            n in 0u32..40,
        ) {
            // Closures clustered around the dates under test, so they matter.
            let closures: Vec<NaiveDate> = offsets.iter().map(|&k| a + Days::new(k)).collect();
            let b = a + Days::new(back);
            check_all(region, &closures, a, b, n)?;
            check_all(region, &closures, b, a, n)?;
        }

        #[test]
        fn agrees_with_reference_outside_the_span(
            region in region(),
            closures in closures(wide_date().boxed()),
            a in wide_date(),
            offset in -1500i64..1500,
            n in 0u32..800,
        ) {
            let b = a + chrono::TimeDelta::days(offset);
            check_all(region, &closures, a, b, n)?;
        }
    }
}
