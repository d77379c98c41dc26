//! Typing one raw cell as its schema column says (contract §1: dates, Y/N flags, ids,
//! codes, text).

use super::cell::{date_from_excel_serial, parse_date_text, parse_flag};
use super::raw::RawCell;
use crate::model::{Interner, NO_TIME, Value};
use crate::schema::{ColumnKind, normalize_code};

/// Excel serials accepted as dates when a number stands in a date column
/// (1954-10-03 to 2119-01-10): outside that a number is surely not a date.
const SERIAL_RANGE: std::ops::RangeInclusive<f64> = 20_000.0..=80_000.0;

/// Per-source conversion settings from a mapping profile.
#[derive(Debug, Clone, Default)]
pub struct ConvertOptions {
    /// Extra chrono date formats tried when a text date is in none of the contract's forms.
    pub date_formats: Vec<String>,
}

/// Types a cell. Blank cells are `Value::Null`; an unreadable cell is `Err(reason)`.
pub fn convert(
    cell: &RawCell<'_>,
    kind: ColumnKind,
    strings: &mut Interner,
    options: &ConvertOptions,
) -> Result<Value, String> {
    let v = convert_unbounded(cell, kind, strings, options)?;
    match v {
        Value::Date(d, _) if !crate::limits::date_in_range(d) => Err(format!(
            "a date outside the years 1900 to 2199 ({d}): a time alone, a serial 0 or a mistyped year? Correct it in the export"
        )),
        v => Ok(v),
    }
}

fn convert_unbounded(
    cell: &RawCell<'_>,
    kind: ColumnKind,
    strings: &mut Interner,
    options: &ConvertOptions,
) -> Result<Value, String> {
    match cell {
        RawCell::Empty => Ok(Value::Null),
        RawCell::Error(e) if e == super::workbook::FORMULA_WITHOUT_VALUE => Err(e.clone()),
        RawCell::Error(e) => Err(format!("spreadsheet error value {e}")),
        RawCell::Text(t) => {
            let t = t.trim();
            if t.is_empty() {
                return Ok(Value::Null);
            }
            text(t, kind, strings).or_else(|reason| match kind {
                ColumnKind::Date => hinted_date(t, options).ok_or(reason),
                _ => Err(reason),
            })
        }
        RawCell::Int(i) => number(*i as f64, &i.to_string(), kind, strings),
        RawCell::Float(x) => number(*x, &float_text(*x), kind, strings),
        RawCell::Bool(b) => match kind {
            ColumnKind::Flag => Ok(Value::Flag(*b)),
            ColumnKind::Text | ColumnKind::Code => Ok(Value::Text(strings.intern(if *b {
                "TRUE"
            } else {
                "FALSE"
            }))),
            _ => Err(format!(
                "a TRUE/FALSE value where {} was expected",
                expected(kind)
            )),
        },
        RawCell::DateTime(d) => match kind {
            ColumnKind::Date => Ok(Value::Date(d.date, d.minute_of_day.unwrap_or(NO_TIME))),
            _ => Err(format!("a date where {} was expected", expected(kind))),
        },
    }
}

fn text(t: &str, kind: ColumnKind, strings: &mut Interner) -> Result<Value, String> {
    match kind {
        ColumnKind::Id | ColumnKind::Text => Ok(Value::Text(strings.intern(t))),
        ColumnKind::Code if is_code(t) => Ok(Value::Text(strings.intern(t))),
        ColumnKind::Code => Ok(Value::Text(strings.intern(&normalize_code(t)))),
        ColumnKind::Date => parse_date_text(t)
            .map(|d| Value::Date(d.date, d.minute_of_day.unwrap_or(NO_TIME)))
            .map_err(|e| e.reason),
        ColumnKind::Flag => parse_flag(t).map(Value::Flag).map_err(|e| e.reason),
    }
}

fn number(
    x: f64,
    as_text: &str,
    kind: ColumnKind,
    strings: &mut Interner,
) -> Result<Value, String> {
    match kind {
        ColumnKind::Id | ColumnKind::Text | ColumnKind::Code => {
            Ok(Value::Text(strings.intern(as_text)))
        }
        ColumnKind::Flag if x == 1.0 => Ok(Value::Flag(true)),
        ColumnKind::Flag if x == 0.0 => Ok(Value::Flag(false)),
        ColumnKind::Flag => Err("not a Y/N value: expected Y/N, Yes/No, True/False or 1/0".into()),
        ColumnKind::Date if SERIAL_RANGE.contains(&x) => date_from_excel_serial(x)
            .map(|d| Value::Date(d.date, d.minute_of_day.unwrap_or(NO_TIME)))
            .map_err(|e| e.reason),
        ColumnKind::Date => Err("a number that is not a plausible spreadsheet date".into()),
    }
}

/// Whether a text is already a normalised code (upper case, digits, `_`), as most
/// cells of a code column are: then it needs no folding.
fn is_code(t: &str) -> bool {
    let b = t.as_bytes();
    !b.is_empty()
        && b[0] != b'_'
        && b[b.len() - 1] != b'_'
        && b.iter()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || *c == b'_')
        && !t.contains("__")
}

/// Tries a profile's date formats (date, then date-time) on a text.
fn hinted_date(t: &str, options: &ConvertOptions) -> Option<Value> {
    options.date_formats.iter().find_map(|f| {
        chrono::NaiveDate::parse_from_str(t, f)
            .ok()
            .map(|d| Value::Date(d, NO_TIME))
            .or_else(|| {
                chrono::NaiveDateTime::parse_from_str(t, f).ok().map(|dt| {
                    let m = chrono::Timelike::num_seconds_from_midnight(&dt.time()) / 60;
                    Value::Date(dt.date(), m as u16)
                })
            })
    })
}

/// A float as an id shows it: whole numbers without `.0` (`9212044.0` → `9212044`).
fn float_text(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        format!("{}", x as i64)
    } else {
        format!("{x}")
    }
}

fn expected(kind: ColumnKind) -> &'static str {
    match kind {
        ColumnKind::Id => "an identifier",
        ColumnKind::Date => "a date",
        ColumnKind::Flag => "a Y/N value",
        ColumnKind::Code => "a type code",
        ColumnKind::Text => "text",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::borrow::Cow;

    fn conv(cell: RawCell<'_>, kind: ColumnKind) -> (Result<Value, String>, Interner) {
        let mut i = Interner::default();
        let v = convert(&cell, kind, &mut i, &ConvertOptions::default());
        (v, i)
    }

    #[test]
    fn profile_date_formats_are_tried_after_the_contract_forms() {
        let mut i = Interner::default();
        let opts = ConvertOptions {
            date_formats: vec!["%d.%m.%y".into()],
        };
        let cell = RawCell::Text(Cow::Borrowed("09.03.26"));
        let v = convert(&cell, ColumnKind::Date, &mut i, &opts);
        assert_eq!(v.unwrap().date().unwrap().to_string(), "2026-03-09");
    }

    #[test]
    fn ids_stored_as_numbers_lose_the_trailing_zero() {
        let (v, i) = conv(RawCell::Float(9212044.0), ColumnKind::Id);
        assert_eq!(i.resolve(v.unwrap().sym().unwrap()), "9212044");
    }

    #[test]
    fn codes_are_normalised() {
        let (v, i) = conv(
            RawCell::Text(Cow::Borrowed(" Core group ")),
            ColumnKind::Code,
        );
        assert_eq!(i.resolve(v.unwrap().sym().unwrap()), "CORE_GROUP");
    }

    #[test]
    fn blank_text_is_null_and_bad_dates_are_errors() {
        assert_eq!(
            conv(RawCell::Text(Cow::Borrowed("  ")), ColumnKind::Date).0,
            Ok(Value::Null)
        );
        assert!(
            conv(RawCell::Text(Cow::Borrowed("TBC")), ColumnKind::Date)
                .0
                .is_err()
        );
        assert!(conv(RawCell::Float(3.5), ColumnKind::Date).0.is_err());
        assert!(conv(RawCell::Bool(true), ColumnKind::Date).0.is_err());
        assert_eq!(
            conv(RawCell::Int(0), ColumnKind::Flag).0,
            Ok(Value::Flag(false))
        );
    }

    #[test]
    fn serial_numbers_in_date_columns_are_dates() {
        let v = conv(RawCell::Float(46090.0), ColumnKind::Date).0.unwrap();
        assert_eq!(v.date().unwrap().to_string(), "2026-03-09");
    }
}
