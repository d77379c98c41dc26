//! A loaded rule pack: its rules (compiled, `engine::Rule`), its courses, its calendar.

use crate::calendar::Region;

pub use crate::engine::{Rule, Standard};

/// A loaded rule pack (after `extends` has been applied).
#[derive(Debug)]
pub struct Pack {
    pub id: String,
    pub title: String,
    pub region: Region,
    pub source: Option<String>,
    pub closures: Vec<chrono::NaiveDate>,
    /// The % met the pack's rules aim for, unless a rule sets its own.
    pub target_percent: Option<f64>,
    /// The files the pack was read from, the extended packs first.
    pub files: Vec<String>,
    /// The catalogue's courses, with the pack's own.
    pub courses: Vec<Course>,
    pub rules: Vec<Rule>,
    /// The course catalogue: role map, extra course names, its files.
    pub catalogue: std::sync::Arc<Catalogue>,
    /// The % met (in tenths) rules are judged against for training needs, unless a rule
    /// sets its own.
    pub kpi_target_tenths: u64,
}

impl Pack {
    pub fn rule(&self, id: &str) -> Option<&Rule> {
        self.rules.iter().find(|r| r.id.eq_ignore_ascii_case(id))
    }

    /// Keeps only the rules whose ids are listed (case-insensitive).
    pub fn retain_rules(&mut self, ids: &[String]) {
        self.rules
            .retain(|r| ids.iter().any(|id| id.eq_ignore_ascii_case(&r.id)));
    }

    pub fn course(&self, id: &str) -> Option<&Course> {
        self.courses.iter().find(|c| c.id == id)
    }

    /// The % met (in tenths) a rule is judged against for training needs.
    pub fn kpi_target_tenths(&self, rule: &Rule) -> u64 {
        rule.kpi_target_tenths.unwrap_or(self.kpi_target_tenths)
    }
}

pub use crate::training::catalogue::{Catalogue, Course, CourseLink};

/// The % met rules are judged against when the pack sets none, in tenths.
pub const DEFAULT_KPI_TARGET_TENTHS: u64 = 900;
