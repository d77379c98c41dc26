//! The bundled UK bank-holiday tables.
//!
//! The audit contract (§2) requires a bank-holiday table for each region covering at
//! least 2015–2030, one-off holidays included, so that working-day arithmetic does not
//! depend on network access or on a file the user has to supply. The tables live in
//! `data/*.txt` (one holiday per line, `YYYY-MM-DD<TAB>Name`, `#` starts a comment),
//! transcribed from gov.uk/bank-holidays, and are compiled into the binary with
//! `include_str!`. Each table is parsed once, on first use.

use std::sync::OnceLock;

use chrono::NaiveDate;

use super::Region;

/// First year the bundled tables cover completely.
pub const FIRST_YEAR: i32 = 2015;
/// Last year the bundled tables cover completely.
pub const LAST_YEAR: i32 = 2030;

const ENGLAND_AND_WALES: &str = include_str!("data/england-and-wales.txt");
const SCOTLAND: &str = include_str!("data/scotland.txt");
const NORTHERN_IRELAND: &str = include_str!("data/northern-ireland.txt");

/// One bank holiday: its date and its name as published.
pub type Holiday = (NaiveDate, &'static str);

/// The raw text of a region's bundled table.
pub fn source(region: Region) -> &'static str {
    match region {
        Region::EnglandWales => ENGLAND_AND_WALES,
        Region::Scotland => SCOTLAND,
        Region::NorthernIreland => NORTHERN_IRELAND,
    }
}

/// A region's bank holidays, sorted by date, without duplicates.
///
/// Parsed from the bundled text on first use. The bundled files are checked by the
/// unit tests, so the parse cannot fail at run time.
pub fn table(region: Region) -> &'static [Holiday] {
    static TABLES: [OnceLock<Vec<Holiday>>; 3] =
        [OnceLock::new(), OnceLock::new(), OnceLock::new()];
    let slot = match region {
        Region::EnglandWales => 0,
        Region::Scotland => 1,
        Region::NorthernIreland => 2,
    };
    TABLES[slot].get_or_init(|| {
        parse_table(source(region))
            .unwrap_or_else(|e| panic!("bundled {region} bank-holiday table is malformed: {e}"))
    })
}

/// The name of the bank holiday on `d` in `region`, if any.
pub fn bank_holiday_name(region: Region, d: NaiveDate) -> Option<&'static str> {
    let t = table(region);
    t.binary_search_by_key(&d, |h| h.0).ok().map(|i| t[i].1)
}

/// Parses a table in the bundled format: `YYYY-MM-DD<TAB>Name` per line, blank lines
/// and lines starting with `#` ignored. The result is sorted; a repeated date is an
/// error, as is a malformed line (reported with its 1-based line number).
pub fn parse_table(text: &str) -> Result<Vec<(NaiveDate, &str)>, String> {
    let mut out = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let line = raw.trim_end_matches('\r');
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let (date, name) = line
            .split_once('\t')
            .ok_or_else(|| format!("line {}: expected YYYY-MM-DD<TAB>Name", i + 1))?;
        let date =
            parse_iso(date.trim()).ok_or_else(|| format!("line {}: bad date {date:?}", i + 1))?;
        let name = name.trim();
        if name.is_empty() {
            return Err(format!("line {}: holiday has no name", i + 1));
        }
        out.push((date, name));
    }
    out.sort_by_key(|h| h.0);
    if let Some(w) = out.windows(2).find(|w| w[0].0 == w[1].0) {
        return Err(format!("{} is listed twice", w[0].0));
    }
    Ok(out)
}

fn parse_iso(s: &str) -> Option<NaiveDate> {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let num = |r: std::ops::Range<usize>| -> Option<u32> {
        b[r].iter().try_fold(0u32, |acc, &c| {
            c.is_ascii_digit().then(|| acc * 10 + u32::from(c - b'0'))
        })
    };
    NaiveDate::from_ymd_opt(num(0..4)? as i32, num(5..7)?, num(8..10)?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{Datelike, Weekday};

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn has(region: Region, date: NaiveDate) -> bool {
        bank_holiday_name(region, date).is_some()
    }

    fn count(region: Region, year: i32) -> usize {
        table(region).iter().filter(|h| h.0.year() == year).count()
    }

    #[test]
    fn bundled_tables_parse_and_cover_the_declared_years() {
        for r in Region::ALL {
            let t = parse_table(source(r)).unwrap();
            assert_eq!(t.first().unwrap().0.year(), FIRST_YEAR, "{r}");
            assert_eq!(t.last().unwrap().0.year(), LAST_YEAR, "{r}");
            for y in FIRST_YEAR..=LAST_YEAR {
                assert!(count(r, y) >= 8, "{r} {y}");
            }
            // Bank holidays are always weekdays (substitutes replace weekend dates).
            for (date, name) in t {
                assert!(
                    !matches!(date.weekday(), Weekday::Sat | Weekday::Sun),
                    "{r}: {date} {name} is at a weekend"
                );
            }
        }
    }

    #[test]
    fn counts_per_year_england_and_wales() {
        let expected = [
            (2015, 8),
            (2016, 8),
            (2017, 8),
            (2018, 8),
            (2019, 8),
            (2020, 8),
            (2021, 8),
            (2022, 10),
            (2023, 9),
            (2024, 8),
            (2025, 8),
            (2026, 8),
            (2027, 8),
            (2028, 8),
            (2029, 8),
            (2030, 8),
        ];
        for (y, n) in expected {
            assert_eq!(count(Region::EnglandWales, y), n, "E&W {y}");
            // Scotland: no Easter Monday, plus 2 January and St Andrew's Day.
            assert_eq!(count(Region::Scotland, y), n + 1, "Scotland {y}");
            // Northern Ireland: E&W plus St Patrick's Day and the Battle of the Boyne.
            assert_eq!(count(Region::NorthernIreland, y), n + 2, "NI {y}");
        }
    }

    #[test]
    fn one_off_holidays_apply_in_every_region() {
        for r in Region::ALL {
            assert!(has(r, d(2020, 5, 8)), "{r} VE day");
            assert!(!has(r, d(2020, 5, 4)), "{r} early May 2020 was moved");
            assert!(has(r, d(2022, 6, 2)), "{r} spring bank 2022");
            assert!(has(r, d(2022, 6, 3)), "{r} Platinum Jubilee");
            assert!(!has(r, d(2022, 5, 30)), "{r} spring bank 2022 was moved");
            assert!(has(r, d(2022, 9, 19)), "{r} State Funeral");
            assert!(has(r, d(2023, 5, 8)), "{r} Coronation");
            assert!(has(r, d(2023, 5, 1)), "{r} early May 2023");
        }
    }

    #[test]
    fn england_and_wales_known_dates() {
        let ew = Region::EnglandWales;
        let yes = [
            d(2015, 12, 28), // Boxing Day substitute (26th a Saturday)
            d(2016, 12, 27), // Christmas substitute (25th a Sunday)
            d(2017, 1, 2),   // New Year substitute
            d(2021, 12, 27), // Christmas on Saturday -> Monday
            d(2021, 12, 28), // Boxing Day -> Tuesday
            d(2022, 1, 3),   // New Year on Saturday
            d(2022, 12, 26),
            d(2022, 12, 27),
            d(2023, 1, 2),
            d(2026, 4, 3), // Good Friday
            d(2026, 4, 6), // Easter Monday
            d(2026, 8, 31),
            d(2026, 12, 25),
            d(2026, 12, 28),
            d(2027, 3, 26),
            d(2027, 3, 29),
            d(2028, 1, 3),
            d(2030, 4, 22),
        ];
        for date in yes {
            assert!(has(ew, date), "{date}");
        }
        let no = [
            d(2026, 12, 26), // Saturday, not itself listed
            d(2026, 3, 17),  // St Patrick's is NI only
            d(2026, 11, 30), // St Andrew's is Scotland only
            d(2026, 8, 3),   // Scottish summer holiday
            d(2026, 1, 2),
        ];
        for date in no {
            assert!(!has(ew, date), "{date}");
        }
    }

    #[test]
    fn scotland_known_dates() {
        let s = Region::Scotland;
        // 2 January and its substitutes.
        for date in [
            d(2015, 1, 2),
            d(2016, 1, 4),
            d(2017, 1, 2),
            d(2017, 1, 3),
            d(2021, 1, 1),
            d(2021, 1, 4),
            d(2022, 1, 3),
            d(2022, 1, 4),
            d(2023, 1, 2),
            d(2023, 1, 3),
            d(2026, 1, 2),
            d(2027, 1, 4),
            d(2028, 1, 3),
            d(2028, 1, 4),
        ] {
            assert!(has(s, date), "{date}");
        }
        // St Andrew's Day and substitutes.
        for date in [
            d(2019, 12, 2),
            d(2020, 11, 30),
            d(2024, 12, 2),
            d(2025, 12, 1),
            d(2026, 11, 30),
            d(2030, 12, 2),
        ] {
            assert!(has(s, date), "{date}");
        }
        // Summer bank holiday is the first Monday of August.
        assert!(has(s, d(2026, 8, 3)));
        assert!(!has(s, d(2026, 8, 31)));
        assert!(has(s, d(2024, 8, 5)));
        // No Easter Monday in Scotland.
        assert!(has(s, d(2026, 4, 3)));
        assert!(!has(s, d(2026, 4, 6)));
        assert!(!has(s, d(2021, 1, 2)));
    }

    #[test]
    fn northern_ireland_known_dates() {
        let ni = Region::NorthernIreland;
        for date in [
            d(2015, 7, 13),
            d(2018, 3, 19),
            d(2019, 3, 18),
            d(2020, 7, 13),
            d(2024, 3, 18),
            d(2025, 3, 17),
            d(2025, 7, 14),
            d(2026, 3, 17),
            d(2026, 7, 13),
            d(2026, 4, 6),
            d(2026, 8, 31),
            d(2027, 7, 12),
        ] {
            assert!(has(ni, date), "{date}");
        }
        assert!(!has(ni, d(2026, 7, 12)));
        assert!(!has(ni, d(2026, 11, 30)));
    }

    #[test]
    fn parse_table_rejects_malformed_lines() {
        assert!(parse_table("2026-01-01 New Year").is_err());
        assert!(parse_table("2026-02-30\tNope").is_err());
        assert!(parse_table("2026-01-01\t").is_err());
        assert!(parse_table("2026-01-01\tA\n2026-01-01\tB").is_err());
        let t = parse_table("# c\n\n2026-12-25\tChristmas Day\r\n2026-01-01\tNew Year\n").unwrap();
        assert_eq!(
            t,
            vec![
                (d(2026, 1, 1), "New Year"),
                (d(2026, 12, 25), "Christmas Day")
            ]
        );
    }
}
