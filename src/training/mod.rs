//! Training that follows the evidence.
//!
//! - [`catalogue`]: the course catalogue (`rules/courses.toml`), loaded with the pack:
//!   courses with their audience, links from rules to courses with reasons, the role map.
//! - [`records`]: who completed which course (the export's `training` table and
//!   `--training` files), matched to catalogue courses.
//! - [`analyse`]: from the audit's expectations, the staff directory (`workers`,
//!   `supervisions`) and the records: the training needs per member of staff and course
//!   (judged on % met against each rule's target, with a minimum number of expectations;
//!   manager courses to the responsible manager or supervisor; a course completed in the
//!   last 12 months flagged, not recommended again), the courses ranked for L&D leads, a
//!   training-needs-analysis form per team, and the impact of each completion: the
//!   course's rules in the window before and after it, against staff who did not take it.

pub mod catalogue;
mod impact;
mod needs;
pub mod records;
mod staff;
mod tna;

use std::path::PathBuf;

use chrono::{Days, Months, NaiveDate};

pub use impact::{ImpactKind, ImpactRow};
pub use needs::{CourseRank, NeedKind, NeedRow};
pub use records::{Completion, Records};
pub use tna::{
    METHODS, Q_AUDIENCE, Q_IDENTIFIED, Q_MEASURE, Q_METHODS, Q_PRACTICE, TITLE, TnaForm,
};

use crate::model::Dataset;
use crate::report::Report;
use crate::rules::Pack;

/// How training needs and impact are judged, as the command line sets it.
#[derive(Debug, Clone)]
pub struct Options {
    /// Training records of an L&D system (`--training`): workbooks or CSV files.
    pub files: Vec<PathBuf>,
    /// The mapping profile for them (`--training-profile`; default the audit's profile).
    pub profile: Option<String>,
    /// Fewer expectations than this are too few to judge (`--min-expectations`).
    pub min_expectations: u64,
    /// The impact window before and after a completion (`--impact-window`).
    pub window: Window,
}

/// The default minimum number of expectations behind a judgement.
pub const DEFAULT_MIN_EXPECTATIONS: u64 = 10;

/// A completion this recent (before the as-at date) is not recommended again.
pub const RECENT_MONTHS: u32 = 12;

impl Default for Options {
    fn default() -> Self {
        Options {
            files: Vec::new(),
            profile: None,
            min_expectations: DEFAULT_MIN_EXPECTATIONS,
            window: Window::Months(4),
        }
    }
}

/// The span of time before and after a completion over which practice is compared.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Window {
    Months(u32),
    Weeks(u32),
    Days(u32),
}

impl Window {
    /// Reads `4m`, `4 months`, `16w`, `16 weeks`, `120d`, `120 days`.
    pub fn parse(s: &str) -> Result<Window, String> {
        let t = s.trim().to_ascii_lowercase();
        let split = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
        let (n, unit) = t.split_at(split);
        let bad = || {
            format!(
                "'{s}' is not a window: write a number of months, weeks or days, e.g. 4m, 4 months, 16w, 120d"
            )
        };
        let n: u32 = n.parse().map_err(|_| bad())?;
        if n == 0 {
            return Err(bad());
        }
        match unit.trim() {
            "m" | "month" | "months" => Ok(Window::Months(n)),
            "w" | "week" | "weeks" => Ok(Window::Weeks(n)),
            "d" | "day" | "days" => Ok(Window::Days(n)),
            _ => Err(bad()),
        }
    }

    /// The window in words: "4 months".
    pub fn describe(self) -> String {
        let (n, unit) = match self {
            Window::Months(n) => (n, "month"),
            Window::Weeks(n) => (n, "week"),
            Window::Days(n) => (n, "day"),
        };
        format!("{n} {unit}{}", if n == 1 { "" } else { "s" })
    }

    /// `d` moved back by the window (the first day of the window before `d`).
    pub fn before(self, d: NaiveDate) -> NaiveDate {
        match self {
            Window::Months(n) => d.checked_sub_months(Months::new(n)),
            Window::Weeks(n) => d.checked_sub_days(Days::new(7 * u64::from(n))),
            Window::Days(n) => d.checked_sub_days(Days::new(u64::from(n))),
        }
        .unwrap_or(NaiveDate::MIN)
    }

    /// `d` moved on by the window (the last day of the window after `d`).
    pub fn after(self, d: NaiveDate) -> NaiveDate {
        match self {
            Window::Months(n) => d.checked_add_months(Months::new(n)),
            Window::Weeks(n) => d.checked_add_days(Days::new(7 * u64::from(n))),
            Window::Days(n) => d.checked_add_days(Days::new(u64::from(n))),
        }
        .unwrap_or(NaiveDate::MAX)
    }
}

/// How the run judged, as the outputs state it.
#[derive(Debug, Clone)]
pub struct Settings {
    pub min_expectations: u64,
    pub window: Window,
    /// The as-at date, the audit period.
    pub as_at: NaiveDate,
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// The pack's target (rules may set their own), in tenths.
    pub default_target_tenths: u64,
    pub catalogue: String,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            min_expectations: DEFAULT_MIN_EXPECTATIONS,
            window: Window::Months(4),
            as_at: NaiveDate::MIN,
            from: NaiveDate::MIN,
            to: NaiveDate::MIN,
            default_target_tenths: crate::rules::DEFAULT_KPI_TARGET_TENTHS,
            catalogue: String::new(),
        }
    }
}

/// A member of staff whose role text the role map does not recognise.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unrecognised {
    pub worker: String,
    pub team: String,
    pub role_text: String,
}

/// What the training analysis found: every output's training sections come from it.
#[derive(Debug, Clone, Default)]
pub struct Training {
    pub settings: Settings,
    /// `training_needs.csv`: per member of staff and course.
    pub needs: Vec<NeedRow>,
    /// Courses ranked by the staff below target they would reach.
    pub ranking: Vec<CourseRank>,
    /// `training_impact.csv`: per course, all completers, the comparison group, then each
    /// completion.
    pub impact: Vec<ImpactRow>,
    /// One training-needs-analysis form per team and course.
    pub forms: Vec<TnaForm>,
    /// Staff whose role is not recognised (they receive courses for all staff only).
    pub unrecognised: Vec<Unrecognised>,
    /// Course names of the training records that match no course, with their counts.
    pub unmatched: Vec<(String, u64)>,
    /// Completions of placeholder courses, by course id.
    pub placeholders: Vec<(String, u64)>,
    /// Training records read, and completions matched to a course.
    pub records: u64,
    pub completions: u64,
    /// Completions (matched, on or before the as-at date) of courses no rule of the pack
    /// links: their impact is not measured.
    pub unlinked_completions: u64,
}

/// The training analysis of a report: needs, the courses ranked, the forms and the
/// impact. `ds` is the export the report was built from (workers, supervisions).
pub fn analyse(
    report: &Report,
    pack: &Pack,
    ds: &Dataset,
    records: &Records,
    options: &Options,
) -> Training {
    let settings = Settings {
        min_expectations: options.min_expectations.max(1),
        window: options.window,
        as_at: report.meta.as_at,
        from: report.meta.from,
        to: report.meta.to,
        default_target_tenths: pack.kpi_target_tenths,
        catalogue: pack.catalogue.files.join(", "),
    };
    let staff = staff::Staff::new(report, pack, ds);
    let cx = Cx {
        report,
        pack,
        staff: &staff,
        completions: &records.completions,
        settings: &settings,
    };
    let needs = needs::needs(&cx);
    let ranking = needs::rank(&needs);
    let forms = tna::forms(&cx, &needs);
    let (impact, unlinked) = impact::impact(&cx);
    Training {
        unrecognised: staff.unrecognised(),
        unmatched: records.unmatched.clone(),
        placeholders: records.placeholders.clone(),
        records: records.records,
        completions: records.completions.len() as u64,
        unlinked_completions: unlinked,
        settings,
        needs,
        ranking,
        impact,
        forms,
    }
}

/// What every part of the analysis reads.
struct Cx<'a> {
    report: &'a Report,
    pack: &'a Pack,
    staff: &'a staff::Staff,
    completions: &'a [Completion],
    settings: &'a Settings,
}

/// The training analysis in figures, for `summary.json`.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Summary {
    pub min_expectations: u64,
    pub impact_window: String,
    pub default_kpi_target: String,
    pub catalogue: String,
    pub needs_rows: usize,
    pub staff_below_target: usize,
    pub courses_to_book: usize,
    pub completed_still_below_target: usize,
    pub too_few_to_judge: usize,
    pub courses_ranked: Vec<RankedCourse>,
    pub impact_rows: usize,
    pub completions_measured: usize,
    pub training_records: u64,
    pub completions_matched: u64,
    pub unmatched_course_names: u64,
    pub roles_not_recognised: usize,
}

/// A course of the ranking, for `summary.json`.
#[derive(Debug, Clone, serde::Serialize)]
pub struct RankedCourse {
    pub rank: u64,
    pub course_id: String,
    pub staff_below_target: u64,
    pub exceptions: u64,
}

impl Training {
    /// The figures `summary.json` states.
    pub fn summary(&self) -> Summary {
        let kind = |k: NeedKind| self.needs.iter().filter(|n| n.kind == k).count();
        let mut staff: Vec<&str> = self
            .needs
            .iter()
            .filter(|n| matches!(n.kind, NeedKind::Book | NeedKind::CompletedStillBelow))
            .map(|n| n.worker.as_str())
            .collect();
        staff.sort();
        staff.dedup();
        Summary {
            min_expectations: self.settings.min_expectations,
            impact_window: self.settings.window.describe(),
            default_kpi_target: crate::report::tenths_text(self.settings.default_target_tenths),
            catalogue: self.settings.catalogue.clone(),
            needs_rows: self.needs.len(),
            staff_below_target: staff.len(),
            courses_to_book: kind(NeedKind::Book),
            completed_still_below_target: kind(NeedKind::CompletedStillBelow),
            too_few_to_judge: kind(NeedKind::TooFew),
            courses_ranked: self
                .ranking
                .iter()
                .map(|r| RankedCourse {
                    rank: r.rank,
                    course_id: r.course_id.clone(),
                    staff_below_target: r.staff,
                    exceptions: r.exceptions,
                })
                .collect(),
            impact_rows: self.impact.len(),
            completions_measured: self
                .impact
                .iter()
                .filter(|r| r.kind == ImpactKind::Completion)
                .count(),
            training_records: self.records,
            completions_matched: self.completions,
            unmatched_course_names: self.unmatched.iter().map(|u| u.1).sum(),
            roles_not_recognised: self.unrecognised.len(),
        }
    }

    /// Warnings for the run: staff whose role is not recognised, course names matching
    /// no course, completions of placeholder courses.
    pub fn warnings(&self) -> Vec<String> {
        let mut out = Vec::new();
        if !self.unrecognised.is_empty() {
            let mut texts: std::collections::BTreeMap<&str, u64> = Default::default();
            for u in &self.unrecognised {
                *texts.entry(u.role_text.as_str()).or_default() += 1;
            }
            out.push(format!(
                "training: the role of {} member(s) of staff is not recognised, so they are offered only courses for all staff: {} (extend the catalogue's [[role_map]])",
                self.unrecognised.len(),
                texts
                    .iter()
                    .map(|(t, n)| format!(
                        "'{}' ({n})",
                        if t.is_empty() { "(blank)" } else { t }
                    ))
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
        if !self.unmatched.is_empty() {
            let n: u64 = self.unmatched.iter().map(|u| u.1).sum();
            out.push(format!(
                "training: {n} training record(s) name a course the catalogue does not know, and are not used: {} (the data-quality findings list each row; add an [[alias]] to the catalogue)",
                self.unmatched
                    .iter()
                    .map(|(name, n)| format!("'{name}' ({n})"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
        if !self.placeholders.is_empty() {
            out.push(format!(
                "training: completions of courses the offer says are still to be developed (placeholders, never recommended): {}",
                self.placeholders
                    .iter()
                    .map(|(id, n)| format!("{id} ({n})"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
        out
    }
}

/// Percent met in tenths, as every report rounds it.
fn pct(met: u64, due: u64) -> Option<u64> {
    crate::report::percent_tenths(met, due)
}

/// A change in percentage points (tenths, signed) as text: `+40.0`, `-5.3`, `0.0`.
pub fn points_text(tenths: i64) -> String {
    let sign = match tenths.signum() {
        1 => "+",
        -1 => "-",
        _ => "",
    };
    let a = tenths.unsigned_abs();
    format!("{sign}{}.{}", a / 10, a % 10)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_read_and_move_dates() {
        assert_eq!(Window::parse("4m"), Ok(Window::Months(4)));
        assert_eq!(Window::parse("4 months"), Ok(Window::Months(4)));
        assert_eq!(Window::parse("16W"), Ok(Window::Weeks(16)));
        assert_eq!(Window::parse("120d"), Ok(Window::Days(120)));
        assert!(Window::parse("0m").is_err());
        assert!(Window::parse("four months").is_err());
        assert!(Window::parse("4 fortnights").is_err());
        let d = NaiveDate::from_ymd_opt(2026, 6, 30).unwrap();
        assert_eq!(Window::Months(4).before(d).to_string(), "2026-02-28");
        assert_eq!(Window::Months(4).after(d).to_string(), "2026-10-30");
        assert_eq!(Window::Weeks(2).after(d).to_string(), "2026-07-14");
        assert_eq!(Window::Months(1).describe(), "1 month");
    }

    #[test]
    fn points_have_a_sign() {
        assert_eq!(points_text(400), "+40.0");
        assert_eq!(points_text(-53), "-5.3");
        assert_eq!(points_text(0), "0.0");
    }
}
