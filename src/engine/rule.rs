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
    /// The pack (id) whose file defines this rule.
    pub defined_in: String,
    pub kind: Box<dyn Kind>,
}

impl Rule {
    /// Sets the rule's courses.
    pub fn set_links(&mut self, links: Vec<crate::training::catalogue::CourseLink>) {
        self.courses = links.iter().map(|l| l.course.clone()).collect();
        self.links = links;
    }
}
