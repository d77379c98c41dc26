//! A compiled rule: what every rule has (its id, the failure it names, the standard it
//! enforces, its KPI and courses) and the kind-specific part ([`Kind`]) that decides what
//! it expects of a child or a worker.

use super::kinds::Kind;

/// Where a rule's standard is written.
#[derive(Debug, Clone)]
pub struct Standard {
    pub section: String,
    /// The line of the source document where the standard stands (for maintainers).
    pub line: Option<u32>,
    /// The standard's own words.
    pub text: Option<String>,
}

/// One compiled rule of a pack.
#[derive(Debug)]
pub struct Rule {
    pub id: String,
    pub title: String,
    pub standard: Standard,
    pub kpi: Option<String>,
    /// The ids of the courses that address the rule's failure (those of `links`).
    pub courses: Vec<String>,
    /// The courses, each with why it addresses the failure.
    pub links: Vec<crate::training::catalogue::CourseLink>,
    /// Whether the rule names its own courses (else the catalogue's links apply).
    pub own_links: bool,
    /// The % met (in tenths) the rule is judged against for training needs, when it
    /// sets its own.
    pub kpi_target_tenths: Option<u64>,
    pub checks: Option<String>,
    pub why: Option<String>,
    /// Episode types a rule that starts from event rows attributes its results to (the
    /// child's open episode of these types; any type when empty).
    pub episode_types: Vec<String>,
    /// The % met the rule aims for (0–100), when the rule sets one (else the pack's).
    pub target_percent: Option<f64>,
    /// Published figures to compare its % met with.
    pub comparators: Vec<Comparator>,
    /// The KPI family the headline groups it under.
    pub family: Option<String>,
    /// The pack (id) whose file defines this rule.
    pub defined_in: String,
    pub kind: Box<dyn Kind>,
}

/// A published figure to compare a rule's % met with: whose, for when, and where from.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Comparator {
    pub label: String,
    pub period: String,
    pub percent: f64,
    pub source: String,
    /// False when the figure could not be checked against its source.
    pub verified: bool,
}

impl Rule {
    /// Sets the rule's courses.
    pub fn set_links(&mut self, links: Vec<crate::training::catalogue::CourseLink>) {
        self.courses = links.iter().map(|l| l.course.clone()).collect();
        self.links = links;
    }
}
