//! Fast, strict parsing of date and yes/no cells from case-record exports.
//!
//! The audit contract (§1) lets date columns hold real spreadsheet dates, ISO text, UK
//! day/month/year text in its usual spellings, or date-times, and lets flag columns
//! hold Y/N, Yes/No, True/False or 1/0. Exports run to millions of cells, so the text
//! parsers here are hand-written byte scanners that allocate nothing on success (no
//! format-string parsing, no regular expressions). They are also deliberately strict
//! where a guess could silently move a deadline: US-style month/day text and two-digit
//! years are rejected with a reason, never reinterpreted. A rejected cell yields a
//! [`CellError`] whose `reason` the caller reports with the file, sheet, row and column.
//!
//! Accepted date text (surrounding whitespace ignored, month names case-insensitive):
//!
//! | form | examples |
//! |---|---|
//! | ISO, year first | `2026-03-09`, `2026-3-9`, `2026/03/09` |
//! | numeric day/month/year | `09/03/2026`, `9/3/2026`, `09-03-2026`, `09.03.2026` |
//! | day, month name, year | `9 Mar 2026`, `9 March 2026`, `09-Mar-2026`, `9th March, 2026`, `9 Sept 2026` |
//! | any of these plus a time | `2026-03-09T14:30:00`, `2026-03-09 14:30`, `09/03/2026 14:30:15`, `2026-03-09T14:30:00.123Z`, `09/03/2026 2:30 PM` |
//!
//! A time is `H:MM` or `HH:MM`, optional `:SS`, optional fraction (`.123`), optional
//! `AM`/`PM`, optional `Z` or UTC offset (`+01:00`, ignored: the wall-clock time as
//! written is kept). It follows the date after `T` or whitespace. Seconds are dropped:
//! [`DateTimeValue::minute_of_day`] is the minute of the day, and `None` when no time
//! was written (so `2026-03-09 00:00` gives `Some(0)` but `2026-03-09` gives `None`).

use std::fmt;

use chrono::NaiveDate;

/// A date with an optional time of day (minute precision).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DateTimeValue {
    pub date: NaiveDate,
    /// Minutes since midnight, 0..=1439; `None` when no time was given.
    pub minute_of_day: Option<u16>,
}

impl DateTimeValue {
    /// A date without a time.
    pub fn date_only(date: NaiveDate) -> DateTimeValue {
        DateTimeValue {
            date,
            minute_of_day: None,
        }
    }
}

/// Why a cell could not be read, in words fit for a report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CellError {
    pub reason: String,
}

impl CellError {
    pub fn new(reason: impl Into<String>) -> CellError {
        CellError {
            reason: reason.into(),
        }
    }
}

impl fmt::Display for CellError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.reason)
    }
}

impl std::error::Error for CellError {}

/// Cell text quoted for an error message, cut short if very long.
fn quoted(s: &str) -> String {
    const MAX: usize = 40;
    match s.char_indices().nth(MAX) {
        Some((cut, _)) => format!("{:?}…", &s[..cut]),
        None => format!("{s:?}"),
    }
}

#[cold]
fn not_a_date(text: &str) -> CellError {
    CellError::new(format!(
        "not a date: expected YYYY-MM-DD or DD/MM/YYYY (got {})",
        quoted(text)
    ))
}

#[cold]
fn no_such_date(date_text: &str) -> CellError {
    CellError::new(format!("no such date: {date_text}"))
}

#[cold]
fn two_digit_year(text: &str) -> CellError {
    CellError::new(format!(
        "two-digit year is ambiguous: {} (write the year in full, e.g. 2026)",
        quoted(text)
    ))
}

#[cold]
fn us_style(text: &str, month: u32) -> CellError {
    CellError::new(format!(
        "not a valid day/month/year date: {} (there is no month {month}; \
         US-style month/day/year dates are not guessed)",
        quoted(text)
    ))
}

#[cold]
fn bad_time(text: &str) -> CellError {
    CellError::new(format!(
        "not a date: unreadable time of day in {} (expected e.g. 14:30 or 14:30:00 after the date)",
        quoted(text)
    ))
}

#[cold]
fn no_such_time(text: &str) -> CellError {
    CellError::new(format!("no such time of day: {}", quoted(text)))
}

#[cold]
fn unknown_month(text: &str, name: &[u8]) -> CellError {
    CellError::new(format!(
        "not a date: unknown month name {:?} in {}",
        String::from_utf8_lossy(name),
        quoted(text)
    ))
}

/// A byte cursor over the trimmed cell text.
struct Cursor<'a> {
    b: &'a [u8],
    i: usize,
}

impl Cursor<'_> {
    #[inline]
    fn peek(&self) -> Option<u8> {
        self.b.get(self.i).copied()
    }

    #[inline]
    fn eat(&mut self, c: u8) -> bool {
        if self.peek() == Some(c) {
            self.i += 1;
            true
        } else {
            false
        }
    }

    /// A run of ASCII digits: (value, number of digits). The value saturates; callers
    /// check the digit count.
    #[inline]
    fn digits(&mut self) -> (u32, usize) {
        let start = self.i;
        let mut v: u32 = 0;
        while let Some(c @ b'0'..=b'9') = self.peek() {
            v = v.saturating_mul(10).saturating_add(u32::from(c - b'0'));
            self.i += 1;
        }
        (v, self.i - start)
    }

    /// A run of ASCII letters.
    #[inline]
    fn letters(&mut self) -> &[u8] {
        let start = self.i;
        while matches!(self.peek(), Some(c) if c.is_ascii_alphabetic()) {
            self.i += 1;
        }
        &self.b[start..self.i]
    }

    #[inline]
    fn spaces(&mut self) -> usize {
        let start = self.i;
        while matches!(self.peek(), Some(b' ' | b'\t')) {
            self.i += 1;
        }
        self.i - start
    }

    #[inline]
    fn at_end(&self) -> bool {
        self.i >= self.b.len()
    }
}

const MONTH_NAMES: [&[u8]; 12] = [
    b"january",
    b"february",
    b"march",
    b"april",
    b"may",
    b"june",
    b"july",
    b"august",
    b"september",
    b"october",
    b"november",
    b"december",
];

/// `Mar` / `March` / `Sept` (any case) to 1..=12.
fn month_from_name(word: &[u8]) -> Option<u32> {
    if !(3..=9).contains(&word.len()) {
        return None;
    }
    let mut buf = [0u8; 9];
    for (d, s) in buf.iter_mut().zip(word) {
        *d = s.to_ascii_lowercase();
    }
    let w = &buf[..word.len()];
    if w == b"sept" {
        return Some(9);
    }
    MONTH_NAMES
        .iter()
        .position(|full| full.starts_with(w) && (w.len() == 3 || w.len() == full.len()))
        .map(|i| i as u32 + 1)
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 0,
    }
}

/// Parses date text in any of the forms in the module documentation.
pub fn parse_date_text(s: &str) -> Result<DateTimeValue, CellError> {
    let text = s.trim();
    if text.is_empty() {
        return Err(CellError::new("empty: expected a date"));
    }
    let mut c = Cursor {
        b: text.as_bytes(),
        i: 0,
    };
    let date = parse_date_part(&mut c, text)?;
    if c.at_end() {
        return Ok(DateTimeValue::date_only(date));
    }
    // A time must be separated from the date by `T` or whitespace.
    if !(c.eat(b'T') || c.eat(b't') || c.spaces() > 0) {
        return Err(not_a_date(text));
    }
    let minute = parse_time_part(&mut c, text)?;
    Ok(DateTimeValue {
        date,
        minute_of_day: Some(minute),
    })
}

fn parse_date_part(c: &mut Cursor<'_>, text: &str) -> Result<NaiveDate, CellError> {
    let (first, n_first) = c.digits();
    match n_first {
        4 => {
            // Year first: YYYY-MM-DD (also YYYY/MM/DD, YYYY.MM.DD).
            let sep = match c.peek() {
                Some(s @ (b'-' | b'/' | b'.')) => s,
                _ => return Err(not_a_date(text)),
            };
            c.i += 1;
            let (month, nm) = c.digits();
            if !(1..=2).contains(&nm) || !c.eat(sep) {
                return Err(not_a_date(text));
            }
            let (day, nd) = c.digits();
            if !(1..=2).contains(&nd) {
                return Err(not_a_date(text));
            }
            let end = c.i;
            make_date(first as i32, month, day).ok_or_else(|| no_such_date(&text[..end]))
        }
        1 | 2 => {
            let day = first;
            // Optional ordinal suffix: 1st, 2nd, 3rd, 9th.
            let save = c.i;
            let suffix = c.letters();
            let has_suffix = !suffix.is_empty();
            if has_suffix && !is_ordinal_suffix(suffix) {
                c.i = save;
            }
            let sep = match c.peek() {
                Some(s @ (b'/' | b'-' | b'.')) if !has_suffix => {
                    c.i += 1;
                    s
                }
                Some(b' ' | b'\t') => {
                    c.spaces();
                    b' '
                }
                _ => return Err(not_a_date(text)),
            };
            let month = match c.peek() {
                Some(b'0'..=b'9') if sep != b' ' => {
                    let (m, nm) = c.digits();
                    if nm > 2 || !c.eat(sep) {
                        return Err(not_a_date(text));
                    }
                    m
                }
                Some(ch) if ch.is_ascii_alphabetic() => {
                    let name = c.letters();
                    let m = month_from_name(name).ok_or_else(|| unknown_month(text, name))?;
                    if sep == b' ' {
                        c.eat(b',');
                        if c.spaces() == 0 {
                            return Err(not_a_date(text));
                        }
                    } else if !c.eat(sep) {
                        return Err(not_a_date(text));
                    }
                    m
                }
                _ => return Err(not_a_date(text)),
            };
            let (year, ny) = c.digits();
            match ny {
                4 => {}
                2 => return Err(two_digit_year(text)),
                _ => return Err(not_a_date(text)),
            }
            if month > 12 {
                return Err(us_style(&text[..c.i], month));
            }
            let end = c.i;
            make_date(year as i32, month, day).ok_or_else(|| no_such_date(&text[..end]))
        }
        _ => Err(not_a_date(text)),
    }
}

fn is_ordinal_suffix(s: &[u8]) -> bool {
    s.len() == 2
        && [b"st", b"nd", b"rd", b"th"]
            .iter()
            .any(|x| s.eq_ignore_ascii_case(x.as_slice()))
}

#[inline]
fn make_date(year: i32, month: u32, day: u32) -> Option<NaiveDate> {
    if day == 0 || day > days_in_month(year, month) {
        return None;
    }
    NaiveDate::from_ymd_opt(year, month, day)
}

/// `H:MM[:SS[.fff]][ AM|PM][Z|±HH:MM]` → minute of the day.
fn parse_time_part(c: &mut Cursor<'_>, text: &str) -> Result<u16, CellError> {
    let (mut hour, nh) = c.digits();
    if !(1..=2).contains(&nh) || !c.eat(b':') {
        return Err(bad_time(text));
    }
    let (minute, nm) = c.digits();
    if nm != 2 {
        return Err(bad_time(text));
    }
    let mut second = 0;
    if c.eat(b':') {
        let (s, ns) = c.digits();
        if ns != 2 {
            return Err(bad_time(text));
        }
        second = s;
        if c.eat(b'.') || c.eat(b',') {
            let (_, nf) = c.digits();
            if nf == 0 {
                return Err(bad_time(text));
            }
        }
    }
    // Optional AM/PM.
    let save = c.i;
    c.spaces();
    let word = c.letters();
    let ampm = if word.eq_ignore_ascii_case(b"am") {
        Some(false)
    } else if word.eq_ignore_ascii_case(b"pm") {
        Some(true)
    } else {
        c.i = save;
        None
    };
    if let Some(pm) = ampm {
        if !(1..=12).contains(&hour) {
            return Err(no_such_time(text));
        }
        hour = hour % 12 + if pm { 12 } else { 0 };
    }
    // Optional zone designator, ignored.
    if !(c.eat(b'Z') || c.eat(b'z')) && matches!(c.peek(), Some(b'+' | b'-')) {
        c.i += 1;
        let (_, n1) = c.digits();
        let ok = match n1 {
            4 => true,
            2 => !c.eat(b':') || c.digits().1 == 2,
            _ => false,
        };
        if !ok {
            return Err(bad_time(text));
        }
    }
    if !c.at_end() {
        return Err(bad_time(text));
    }
    if hour > 23 || minute > 59 || second > 59 {
        return Err(no_such_time(text));
    }
    Ok((hour * 60 + minute) as u16)
}

/// Day number (from CE) of 1899-12-30, Excel's day 0 for serials from 61 on.
const EXCEL_EPOCH: i32 = 693_594;
/// Day number of 1904-01-01, day 0 of the 1904 date system.
const EXCEL_1904_EPOCH: i32 = 695_056;
/// Day number of 9999-12-31, the last date Excel can show.
const EXCEL_LAST_DAY: i32 = 3_652_059;

/// Excel serial date (1900 date system, with Excel's fictitious 1900-02-29 handled as
/// Excel does; fraction = time of day).
///
/// Serial 1 is 1900-01-01. Excel counts a 29 February 1900 that never existed as
/// serial 60, so serials 1–59 are 1899-12-31 + serial, serial 60 is an error (no such
/// date), and serials from 61 are 1899-12-30 + serial, exactly as Excel displays them.
/// The fraction is the time of day, rounded to the nearest second; a whole number gives
/// `minute_of_day: None` (a spreadsheet date with no time). Serials below 1 (including
/// time-only values), after 9999-12-31, NaN and infinities are errors.
pub fn date_from_excel_serial(serial: f64) -> Result<DateTimeValue, CellError> {
    let (days, minute) = split_serial(serial)?;
    let day_number = match days {
        0 if minute.is_some() => return Err(time_only(serial)),
        0 => {
            return Err(CellError::new(
                "not a date: spreadsheet value 0 is day 0 (shown by Excel as 1900-01-00)",
            ));
        }
        1..=59 => EXCEL_EPOCH + 1 + days,
        60 => {
            return Err(CellError::new(
                "no such date: 1900-02-29 (spreadsheet day 60, a leap day Excel invents)",
            ));
        }
        _ => EXCEL_EPOCH + days,
    };
    serial_result(day_number, minute, serial)
}

/// Excel serial date in the 1904 date system (workbooks flagged `date1904`, from old
/// Mac Excel): serial 0 is 1904-01-01. Fraction = time of day, as for
/// [`date_from_excel_serial`]; a value below 1 with a fraction is a time-only value
/// and an error.
pub fn date_from_excel_serial_1904(serial: f64) -> Result<DateTimeValue, CellError> {
    let (days, minute) = split_serial(serial)?;
    if days == 0 && minute.is_some() {
        return Err(time_only(serial));
    }
    serial_result(EXCEL_1904_EPOCH + days, minute, serial)
}

#[cold]
fn time_only(serial: f64) -> CellError {
    CellError::new(format!(
        "not a date: spreadsheet value {serial} is a time of day with no date"
    ))
}

#[cold]
fn serial_out_of_range(serial: f64) -> CellError {
    CellError::new(format!(
        "not a date: spreadsheet value {serial} is not a date Excel can show"
    ))
}

/// Whole days (>= 0) and the time of day (None when the serial is whole).
#[inline]
fn split_serial(serial: f64) -> Result<(i32, Option<u16>), CellError> {
    // Also rejects NaN and infinities; 4e6 is beyond 9999-12-31 in both systems.
    if !(0.0..4.0e6).contains(&serial) {
        return Err(serial_out_of_range(serial));
    }
    let whole = serial.floor();
    let mut days = whole as i32;
    let mut secs = ((serial - whole) * 86_400.0).round() as u32;
    if secs >= 86_400 {
        days += 1;
        secs -= 86_400;
    }
    let minute = (secs != 0).then_some((secs / 60) as u16);
    Ok((days, minute))
}

#[inline]
fn serial_result(
    day_number: i32,
    minute_of_day: Option<u16>,
    serial: f64,
) -> Result<DateTimeValue, CellError> {
    if day_number > EXCEL_LAST_DAY {
        return Err(serial_out_of_range(serial));
    }
    NaiveDate::from_num_days_from_ce_opt(day_number)
        .map(|date| DateTimeValue {
            date,
            minute_of_day,
        })
        .ok_or_else(|| serial_out_of_range(serial))
}

/// Y/N, Yes/No, True/False, 1/0 (case-insensitive, trimmed). Err names the accepted values.
pub fn parse_flag(s: &str) -> Result<bool, CellError> {
    let t = s.trim().as_bytes();
    let is = |w: &[u8]| t.eq_ignore_ascii_case(w);
    match t.len() {
        1 if is(b"y") || t == b"1" => Ok(true),
        1 if is(b"n") || t == b"0" => Ok(false),
        2 if is(b"no") => Ok(false),
        3 if is(b"yes") => Ok(true),
        4 if is(b"true") => Ok(true),
        5 if is(b"false") => Ok(false),
        _ => Err(bad_flag(s)),
    }
}

#[cold]
fn bad_flag(s: &str) -> CellError {
    let t = s.trim();
    if t.is_empty() {
        CellError::new("empty: expected Y/N, Yes/No, True/False or 1/0")
    } else {
        CellError::new(format!(
            "not a yes/no value: expected Y/N, Yes/No, True/False or 1/0 (got {})",
            quoted(t)
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Datelike;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn date(s: &str) -> NaiveDate {
        let v = parse_date_text(s).unwrap_or_else(|e| panic!("{s:?}: {e}"));
        assert_eq!(v.minute_of_day, None, "{s:?}");
        v.date
    }

    fn dt(s: &str) -> (NaiveDate, u16) {
        let v = parse_date_text(s).unwrap_or_else(|e| panic!("{s:?}: {e}"));
        (
            v.date,
            v.minute_of_day
                .unwrap_or_else(|| panic!("{s:?} has no time")),
        )
    }

    fn err(s: &str) -> String {
        match parse_date_text(s) {
            Ok(v) => panic!("{s:?} parsed as {v:?}"),
            Err(e) => e.reason,
        }
    }

    #[test]
    fn epochs_are_right() {
        assert_eq!(d(1899, 12, 30).num_days_from_ce(), EXCEL_EPOCH);
        assert_eq!(d(1904, 1, 1).num_days_from_ce(), EXCEL_1904_EPOCH);
        assert_eq!(d(9999, 12, 31).num_days_from_ce(), EXCEL_LAST_DAY);
    }

    #[test]
    fn iso_dates() {
        let want = d(2026, 3, 9);
        for s in [
            "2026-03-09",
            "  2026-03-09\t",
            "2026-3-9",
            "2026/03/09",
            "2026.03.09",
        ] {
            assert_eq!(date(s), want, "{s:?}");
        }
        assert_eq!(date("2024-02-29"), d(2024, 2, 29));
        assert_eq!(date("2000-02-29"), d(2000, 2, 29));
        assert_eq!(date("1999-12-31"), d(1999, 12, 31));
    }

    #[test]
    fn uk_numeric_dates() {
        let want = d(2026, 3, 9);
        for s in [
            "09/03/2026",
            "9/3/2026",
            "09-03-2026",
            "09.03.2026",
            "9.3.2026",
            " 9/03/2026 ",
        ] {
            assert_eq!(date(s), want, "{s:?}");
        }
        // Day first, always: 03/09/2026 is 3 September.
        assert_eq!(date("03/09/2026"), d(2026, 9, 3));
        assert_eq!(date("31/12/2026"), d(2026, 12, 31));
        assert_eq!(date("29/02/2024"), d(2024, 2, 29));
    }

    #[test]
    fn uk_month_name_dates() {
        let want = d(2026, 3, 9);
        for s in [
            "9 Mar 2026",
            "09 Mar 2026",
            "9 March 2026",
            "9 MARCH 2026",
            "9 march 2026",
            "09-Mar-2026",
            "9-mar-2026",
            "09/Mar/2026",
            "9th March 2026",
            "9 March, 2026",
            "9  Mar  2026",
        ] {
            assert_eq!(date(s), want, "{s:?}");
        }
        assert_eq!(date("1 Sept 2026"), d(2026, 9, 1));
        assert_eq!(date("1 Sep 2026"), d(2026, 9, 1));
        assert_eq!(date("1st September 2026"), d(2026, 9, 1));
        assert_eq!(date("22nd May 2026"), d(2026, 5, 22));
        assert_eq!(date("3rd Jan 2026"), d(2026, 1, 3));
        for (i, name) in MONTH_NAMES.iter().enumerate() {
            let full = std::str::from_utf8(name).unwrap();
            let m = i as u32 + 1;
            assert_eq!(date(&format!("1 {full} 2026")), d(2026, m, 1));
            assert_eq!(date(&format!("1-{}-2026", &full[..3])), d(2026, m, 1));
        }
    }

    #[test]
    fn date_times() {
        let day = d(2026, 3, 9);
        let cases = [
            ("2026-03-09T14:30:00", 14 * 60 + 30),
            ("2026-03-09T14:30", 14 * 60 + 30),
            ("2026-03-09 14:30", 14 * 60 + 30),
            ("2026-03-09  14:30", 14 * 60 + 30),
            ("09/03/2026 14:30:15", 14 * 60 + 30),
            ("09/03/2026 9:05", 9 * 60 + 5),
            ("2026-03-09T14:30:00.123", 14 * 60 + 30),
            ("2026-03-09T14:30:59.999Z", 14 * 60 + 30),
            ("2026-03-09T14:30:00Z", 14 * 60 + 30),
            ("2026-03-09T14:30Z", 14 * 60 + 30),
            ("2026-03-09T14:30:00+01:00", 14 * 60 + 30),
            ("2026-03-09T14:30:00-0500", 14 * 60 + 30),
            ("2026-03-09 14:30:00,5", 14 * 60 + 30),
            ("9 Mar 2026 14:30", 14 * 60 + 30),
            ("09-Mar-2026 23:59:59", 23 * 60 + 59),
            ("09/03/2026 2:30 PM", 14 * 60 + 30),
            ("09/03/2026 12:15 am", 15),
            ("09/03/2026 12:15pm", 12 * 60 + 15),
            ("2026-03-09t08:00", 8 * 60),
        ];
        for (s, m) in cases {
            assert_eq!(dt(s), (day, m), "{s:?}");
        }
        // Midnight counts as a time only when written.
        assert_eq!(dt("2026-03-09T00:00:00"), (day, 0));
        assert_eq!(dt("09/03/2026 00:00"), (day, 0));
        assert_eq!(parse_date_text("2026-03-09").unwrap().minute_of_day, None);
    }

    #[test]
    fn rejects_us_style_dates() {
        let e = err("12/25/2026");
        assert!(e.contains("not a valid day/month/year date"), "{e}");
        assert!(e.contains("US-style"), "{e}");
        assert!(e.contains("12/25/2026"), "{e}");
        let e = err("03/13/2026 10:00");
        assert!(e.contains("US-style"), "{e}");
    }

    #[test]
    fn rejects_two_digit_years() {
        for s in ["09/03/26", "9/3/26", "09-Mar-26", "9 March 26", "09.03.26"] {
            let e = err(s);
            assert!(e.starts_with("two-digit year is ambiguous"), "{s:?}: {e}");
        }
        // Also when the month would be US-style: the year is the first problem.
        assert!(err("12/25/26").starts_with("two-digit year"));
    }

    #[test]
    fn rejects_impossible_dates() {
        assert_eq!(err("31/04/2026"), "no such date: 31/04/2026");
        assert_eq!(err("29/02/2025"), "no such date: 29/02/2025");
        assert_eq!(err("2026-02-30"), "no such date: 2026-02-30");
        assert_eq!(err("2026-13-01"), "no such date: 2026-13-01");
        assert_eq!(err("00/03/2026"), "no such date: 00/03/2026");
        assert_eq!(err("09/00/2026"), "no such date: 09/00/2026");
        assert_eq!(err("2025-02-29 10:00"), "no such date: 2025-02-29");
        assert_eq!(err("1900-02-29"), "no such date: 1900-02-29");
        assert_eq!(err("31 Apr 2026"), "no such date: 31 Apr 2026");
        assert!(err("2026-03-09 24:00").starts_with("no such time"));
        assert!(err("2026-03-09 12:60").starts_with("no such time"));
        assert!(err("2026-03-09 13:00 PM").starts_with("no such time"));
    }

    #[test]
    fn rejects_garbage_and_empty() {
        assert_eq!(err(""), "empty: expected a date");
        assert_eq!(err("   "), "empty: expected a date");
        for s in [
            "abc",
            "n/a",
            "TBC",
            "46090",
            "20260309",
            "2026",
            "2026-03",
            "2026-03-09x",
            "2026-03-09-",
            "09/03",
            "09/03/",
            "09/03-2026",
            "09-03/2026",
            "123/03/2026",
            "09/003/2026",
            "09/03/20266",
            "09 03 2026",
            "9Mar2026",
            "Mar 9 2026",
            "March 9, 2026",
            "2026-03-09T",
            "2026-03-09 14",
            "2026-03-09 14:3",
            "2026-03-09 14:30:5",
            "2026-03-09 14:30:00.",
            "2026-03-09 14:30 tomorrow",
            "2026-03-09 14:30+1",
            "9 Marc 2026",
            "9 Mrch 2026",
            "9th/03/2026",
            "9xx March 2026",
        ] {
            let e = parse_date_text(s).expect_err(s).reason;
            assert!(e.starts_with("not a date"), "{s:?}: {e}");
        }
        assert!(err("9 Mrch 2026").contains("unknown month name \"Mrch\""));
        assert!(err("abc").contains("expected YYYY-MM-DD or DD/MM/YYYY"));
        // Long garbage is cut short in the message; non-ASCII is fine.
        let long = "é".repeat(100);
        let e = err(&long);
        assert!(e.len() < 200, "{e}");
    }

    #[test]
    fn excel_serials() {
        let e = |x: f64| date_from_excel_serial(x).unwrap();
        assert_eq!(e(1.0), DateTimeValue::date_only(d(1900, 1, 1)));
        assert_eq!(e(59.0).date, d(1900, 2, 28));
        assert_eq!(e(61.0).date, d(1900, 3, 1));
        assert_eq!(e(25_569.0).date, d(1970, 1, 1));
        assert_eq!(e(44_927.0).date, d(2023, 1, 1));
        assert_eq!(e(45_658.0).date, d(2025, 1, 1));
        assert_eq!(e(46_090.0), DateTimeValue::date_only(d(2026, 3, 9)));
        assert_eq!(e(2_958_465.0).date, d(9999, 12, 31));
        // Time of day from the fraction, rounded to the second first.
        assert_eq!(e(46_090.5).minute_of_day, Some(720));
        assert_eq!(
            e(46_090.0 + (14.0 * 60.0 + 30.0) / 1440.0).minute_of_day,
            Some(870)
        );
        assert_eq!(e(46_090.604_166_666).minute_of_day, Some(870));
        assert_eq!(e(46_090.0 + 59.0 / 86_400.0).minute_of_day, Some(0));
        // A fraction that rounds up to midnight is the next day.
        assert_eq!(
            e(46_090.999_999_99),
            DateTimeValue::date_only(d(2026, 3, 10))
        );
        assert_eq!(e(59.5).minute_of_day, Some(720));
        // Excel's fictitious 1900-02-29.
        let err60 = date_from_excel_serial(60.0).unwrap_err().reason;
        assert!(err60.starts_with("no such date: 1900-02-29"), "{err60}");
        assert!(date_from_excel_serial(60.25).is_err());
        for bad in [
            0.0,
            -1.0,
            0.5,
            f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
            2_958_466.0,
            1e300,
        ] {
            let r = date_from_excel_serial(bad);
            assert!(r.is_err(), "{bad}");
            assert!(r.unwrap_err().reason.starts_with("not a date"), "{bad}");
        }
        assert!(
            date_from_excel_serial(0.5)
                .unwrap_err()
                .reason
                .contains("time of day")
        );
        assert!(date_from_excel_serial(2_958_465.5).is_ok());
    }

    #[test]
    fn excel_serials_1904() {
        let e = |x: f64| date_from_excel_serial_1904(x).unwrap();
        assert_eq!(e(0.0), DateTimeValue::date_only(d(1904, 1, 1)));
        assert_eq!(e(1.0).date, d(1904, 1, 2));
        // The same day is 1462 less in the 1904 system.
        assert_eq!(e(46_090.0 - 1_462.0).date, d(2026, 3, 9));
        assert_eq!(e(46_090.0 - 1_462.0 + 0.25).minute_of_day, Some(360));
        assert!(date_from_excel_serial_1904(0.5).is_err());
        assert!(date_from_excel_serial_1904(-1.0).is_err());
        assert_eq!(e(2_957_003.0).date, d(9999, 12, 31));
        assert!(date_from_excel_serial_1904(2_957_004.0).is_err());
        assert!(date_from_excel_serial_1904(f64::NAN).is_err());
    }

    #[test]
    fn serial_and_text_agree() {
        let mut s = 61.0;
        while s < 80_000.0 {
            let v = date_from_excel_serial(s).unwrap();
            let iso = format!(
                "{:04}-{:02}-{:02}",
                v.date.year(),
                v.date.month(),
                v.date.day()
            );
            let uk = format!(
                "{:02}/{:02}/{:04}",
                v.date.day(),
                v.date.month(),
                v.date.year()
            );
            assert_eq!(parse_date_text(&iso).unwrap(), v);
            assert_eq!(parse_date_text(&uk).unwrap(), v);
            assert_eq!(v.date.to_string(), iso);
            s += 37.0;
        }
    }

    #[test]
    fn flags() {
        for s in [
            "Y", "y", "Yes", "YES", "yes", "True", "TRUE", "true", "1", " y ", "\tYes\n",
        ] {
            assert_eq!(parse_flag(s), Ok(true), "{s:?}");
        }
        for s in [
            "N", "n", "No", "NO", "no", "False", "FALSE", "false", "0", " N ",
        ] {
            assert_eq!(parse_flag(s), Ok(false), "{s:?}");
        }
        for s in [
            "", " ", "maybe", "T", "F", "2", "yess", "ye", "nope", "10", "Y/N",
        ] {
            let e = parse_flag(s).expect_err(s).reason;
            assert!(e.contains("Y/N, Yes/No, True/False or 1/0"), "{s:?}: {e}");
        }
        assert!(parse_flag("").unwrap_err().reason.starts_with("empty"));
        assert!(
            parse_flag("maybe")
                .unwrap_err()
                .reason
                .contains("\"maybe\"")
        );
    }

    mod props {
        use super::*;
        use proptest::prelude::*;

        const MONTHS_SHORT: [&str; 12] = [
            "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
        ];

        proptest! {
            #[test]
            fn never_panics_on_arbitrary_text(s in "\\PC{0,30}") {
                let _ = parse_date_text(&s);
                let _ = parse_flag(&s);
            }

            #[test]
            fn never_panics_on_date_like_text(s in "[0-9 /:.TZAPMamp+-]{0,24}") {
                if let Ok(v) = parse_date_text(&s) {
                    prop_assert!(v.minute_of_day.is_none_or(|m| m < 1440));
                }
            }

            #[test]
            fn never_panics_on_any_serial(x in any::<f64>()) {
                if let Ok(v) = date_from_excel_serial(x) {
                    prop_assert!(v.minute_of_day.is_none_or(|m| m < 1440));
                }
                let _ = date_from_excel_serial_1904(x);
            }

            #[test]
            fn every_form_round_trips(
                day_number in 693_596i32..3_652_059,
                hour in 0u32..24,
                minute in 0u32..60,
                second in 0u32..60,
            ) {
                let date = NaiveDate::from_num_days_from_ce_opt(day_number).unwrap();
                let (y, m, dd) = (date.year(), date.month(), date.day());
                let mon = MONTHS_SHORT[m as usize - 1];
                let full = std::str::from_utf8(MONTH_NAMES[m as usize - 1]).unwrap();
                for text in [
                    format!("{y:04}-{m:02}-{dd:02}"),
                    format!("{dd:02}/{m:02}/{y:04}"),
                    format!("{dd}/{m}/{y:04}"),
                    format!("{dd:02}-{m:02}-{y:04}"),
                    format!("{dd:02}.{m:02}.{y:04}"),
                    format!("{dd} {mon} {y:04}"),
                    format!("{dd} {full} {y:04}"),
                    format!("{dd:02}-{mon}-{y:04}"),
                ] {
                    prop_assert_eq!(parse_date_text(&text), Ok(DateTimeValue::date_only(date)));
                    let want = Ok(DateTimeValue {
                        date,
                        minute_of_day: Some((hour * 60 + minute) as u16),
                    });
                    let t1 = format!("{text} {hour:02}:{minute:02}");
                    let t2 = format!("{text}T{hour:02}:{minute:02}:{second:02}.5Z");
                    prop_assert_eq!(parse_date_text(&t1), want.clone());
                    prop_assert_eq!(parse_date_text(&t2), want);
                }
            }
        }
    }
}
