//! TEMPORARY stub: replaced by the fast parser (helper). Same API.
use chrono::NaiveDate;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DateTimeValue {
    pub date: NaiveDate,
    pub minute_of_day: Option<u16>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CellError {
    pub reason: String,
}

pub fn parse_date_text(s: &str) -> Result<DateTimeValue, CellError> {
    let s = s.trim();
    for f in ["%Y-%m-%d", "%d/%m/%Y", "%d %b %Y", "%d %B %Y"] {
        if let Ok(date) = NaiveDate::parse_from_str(s, f) {
            return Ok(DateTimeValue {
                date,
                minute_of_day: None,
            });
        }
    }
    Err(CellError {
        reason: "not a date".into(),
    })
}

pub fn date_from_excel_serial(serial: f64) -> Result<DateTimeValue, CellError> {
    let base = NaiveDate::from_ymd_opt(1899, 12, 30).unwrap();
    let days = serial.floor() as i64;
    Ok(DateTimeValue {
        date: base + chrono::Duration::days(days),
        minute_of_day: None,
    })
}

pub fn parse_flag(s: &str) -> Result<bool, CellError> {
    match s.trim().to_ascii_lowercase().as_str() {
        "y" | "yes" | "true" | "1" => Ok(true),
        "n" | "no" | "false" | "0" => Ok(false),
        _ => Err(CellError {
            reason: "not Y/N".into(),
        }),
    }
}
