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
    pub courses: Vec<Course>,
    pub rules: Vec<Rule>,
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
}

#[derive(Debug, Clone)]
pub struct Course {
    pub id: String,
    pub title: String,
    pub category: Option<String>,
    pub source_line: Option<u32>,
}
