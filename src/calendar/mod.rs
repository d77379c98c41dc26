//! TEMPORARY stub (helper replaces it): naive working-day arithmetic.
use chrono::{Datelike, NaiveDate, Weekday};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Region {
    EnglandWales,
    Scotland,
    NorthernIreland,
}

impl std::str::FromStr for Region {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "england-and-wales" | "england" | "wales" => Ok(Region::EnglandWales),
            "scotland" => Ok(Region::Scotland),
            "northern-ireland" => Ok(Region::NorthernIreland),
            _ => Err(format!("unknown region {s}")),
        }
    }
}

impl std::fmt::Display for Region {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Region::EnglandWales => "england-and-wales",
            Region::Scotland => "scotland",
            Region::NorthernIreland => "northern-ireland",
        })
    }
}

pub struct Calendar {
    region: Region,
    closures: Vec<NaiveDate>,
}

impl Calendar {
    pub fn new(region: Region, closures: &[NaiveDate]) -> Calendar {
        Calendar {
            region,
            closures: closures.to_vec(),
        }
    }
    pub fn region(&self) -> Region {
        self.region
    }
    pub fn is_working_day(&self, d: NaiveDate) -> bool {
        !matches!(d.weekday(), Weekday::Sat | Weekday::Sun) && !self.closures.contains(&d)
    }
    pub fn add_working_days(&self, mut d: NaiveDate, n: u32) -> NaiveDate {
        let mut k = 0;
        while k < n {
            d = d.succ_opt().unwrap();
            if self.is_working_day(d) {
                k += 1;
            }
        }
        d
    }
    pub fn sub_working_days(&self, mut d: NaiveDate, n: u32) -> NaiveDate {
        let mut k = 0;
        while k < n {
            d = d.pred_opt().unwrap();
            if self.is_working_day(d) {
                k += 1;
            }
        }
        d
    }
    pub fn working_days_between(&self, a: NaiveDate, b: NaiveDate) -> u32 {
        let mut n = 0;
        let mut d = a;
        while d < b {
            d = d.succ_opt().unwrap();
            if self.is_working_day(d) {
                n += 1;
            }
        }
        n
    }
    pub fn covered_years(&self) -> std::ops::RangeInclusive<i32> {
        2015..=2030
    }
    pub fn covers(&self, d: NaiveDate) -> bool {
        self.covered_years().contains(&d.year())
    }
}
