//! The course catalogue: the training offer as data (`rules/courses.toml`), loaded with
//! the rule pack. It holds every course (its audience, delivery, purpose, source, family,
//! aliases; placeholders marked), the reviewed links from rule ids to courses with a
//! reason each, extra names of courses (for matching training records) and the map from
//! a worker's role text to the audience roles courses are for.
//!
//! Loaded like a pack: serde reads the file (unknown keys are errors), then everything is
//! checked and every problem is reported with the file, the rule or course and the fix.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use regex::Regex;
use serde::Deserialize;

use crate::criteria::RuleError;

/// The catalogues shipped inside the binary, by name.
pub const BUNDLED: &[(&str, &str)] = &[("courses", include_str!("../../rules/courses.toml"))];

/// The catalogue a pack uses when it names none.
pub const DEFAULT: &str = "courses";

/// The audience value meaning every member of staff (also one whose role is not
/// recognised). It is never a worker's role.
pub const ALL: &str = "all";

/// The role of staff who manage or supervise: manager courses go to them.
pub const MANAGER: &str = "manager";

// ------------------------------------------------------------------ the file format

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct CatalogueSpec {
    catalogue: CatalogueMeta,
    #[serde(default, rename = "course")]
    courses: Vec<CourseSpec>,
    #[serde(default, rename = "link")]
    links: Vec<LinkSpec>,
    #[serde(default, rename = "alias")]
    aliases: Vec<AliasSpec>,
    #[serde(default)]
    role_map: Vec<RoleMapSpec>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct CatalogueMeta {
    id: String,
    title: String,
    source: Option<String>,
    /// Another catalogue this one builds on: a bundled name or a path relative to this file.
    extends: Option<String>,
}

/// Where a course stands in its source document.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SourceSpec {
    pub section: Option<String>,
    pub line: Option<u32>,
}

/// A course as a catalogue (or a pack's own `[[course]]`) writes it.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CourseSpec {
    pub id: String,
    pub title: String,
    pub category: Option<String>,
    /// The roles the course is for (`all`: everyone); default `["all"]`.
    pub audience: Option<Vec<String>>,
    pub delivery: Option<String>,
    pub purpose: Option<String>,
    pub source: Option<SourceSpec>,
    /// The source line alone (the older pack format).
    pub source_line: Option<u32>,
    /// Courses on the same subject for other roles or in other formats share a family.
    pub family: Option<String>,
    #[serde(default)]
    pub placeholder: bool,
    pub placeholder_text: Option<String>,
    pub placeholder_line: Option<u32>,
    /// Whether training records may name the course by its title (default true).
    pub match_by_title: Option<bool>,
    #[serde(default)]
    pub aliases: Vec<String>,
    pub note: Option<String>,
    pub module: Option<u32>,
    pub kss: Option<u32>,
    pub kss_title: Option<String>,
    pub detail_line: Option<u32>,
    /// What records and audit should show afterwards (the seed's "Impact of Learning").
    #[serde(default)]
    pub impact: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct LinkSpec {
    rule: String,
    course: String,
    reason: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct AliasSpec {
    course: String,
    names: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct RoleMapSpec {
    matches: String,
    /// The audience role; empty: no role.
    role: String,
}

// ------------------------------------------------------------------ the loaded form

/// A course of the offer.
#[derive(Debug, Clone)]
pub struct Course {
    pub id: String,
    pub title: String,
    pub category: Option<String>,
    /// The roles it is for; `all` for everyone.
    pub audience: Vec<String>,
    pub delivery: Option<String>,
    pub purpose: Option<String>,
    pub source_section: Option<String>,
    pub source_line: Option<u32>,
    /// Its family (its own id when it has none).
    pub family: String,
    /// Still to be developed or provided: never linked, never recommended.
    pub placeholder: bool,
    pub placeholder_text: Option<String>,
    pub aliases: Vec<String>,
    pub match_by_title: bool,
    pub impact: Vec<String>,
}

impl Course {
    /// A course from its spec.
    pub fn from_spec(c: &CourseSpec) -> Course {
        Course {
            id: c.id.clone(),
            title: c.title.clone(),
            category: c.category.clone(),
            audience: c.audience.clone().unwrap_or_else(|| vec![ALL.to_string()]),
            delivery: c.delivery.clone(),
            purpose: c.purpose.clone(),
            source_section: c.source.as_ref().and_then(|s| s.section.clone()),
            source_line: c.source.as_ref().and_then(|s| s.line).or(c.source_line),
            family: c.family.clone().unwrap_or_else(|| c.id.clone()),
            placeholder: c.placeholder,
            placeholder_text: c.placeholder_text.clone(),
            aliases: c.aliases.clone(),
            match_by_title: c.match_by_title.unwrap_or(true),
            impact: c.impact.clone(),
        }
    }

    /// Whether it is for everyone.
    pub fn for_all(&self) -> bool {
        self.audience.iter().any(|a| a == ALL)
    }

    /// A manager course: for managers only. Its needs arise from the practice of the
    /// staff they manage or supervise, and go to the manager.
    pub fn for_managers_only(&self) -> bool {
        !self.audience.is_empty() && self.audience.iter().all(|a| a == MANAGER)
    }

    /// Whether a member of staff of this role may take it (`None`: role not recognised).
    pub fn fits(&self, role: Option<&str>) -> bool {
        self.for_all() || role.is_some_and(|r| self.audience.iter().any(|a| a == r))
    }

    /// Whether the audience names the role itself (not through `all`).
    pub fn names_role(&self, role: Option<&str>) -> bool {
        role.is_some_and(|r| self.audience.iter().any(|a| a == r))
    }
}

/// A rule's link to a course, and why the course addresses the rule's failure.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CourseLink {
    pub course: String,
    pub reason: Option<String>,
}

/// One line of the role map: role text matching `pattern` is `role` (`None`: no role).
#[derive(Debug, Clone)]
pub struct RoleRule {
    pub pattern: Regex,
    pub role: Option<String>,
}

/// A loaded catalogue.
#[derive(Debug, Clone)]
pub struct Catalogue {
    pub id: String,
    pub title: String,
    pub source: Option<String>,
    /// The files it was read from, the extended ones first.
    pub files: Vec<String>,
    pub courses: Vec<Course>,
    /// Links by rule id, in the order written.
    pub links: Vec<(String, CourseLink)>,
    /// Extra names of courses (for training records): (name, course id).
    pub extra_names: Vec<(String, String)>,
    pub role_map: Vec<RoleRule>,
}

impl Catalogue {
    pub fn course(&self, id: &str) -> Option<&Course> {
        self.courses.iter().find(|c| c.id == id)
    }

    /// The links the catalogue gives a rule id (case-insensitive), in order.
    pub fn links_of(&self, rule: &str) -> Vec<CourseLink> {
        self.links
            .iter()
            .filter(|(r, _)| r.eq_ignore_ascii_case(rule))
            .map(|(_, l)| l.clone())
            .collect()
    }

    /// The audience role of a worker's role text: the first role-map pattern that
    /// matches decides (`None`: no role, or no pattern matches).
    pub fn role_of(&self, text: &str) -> Option<&str> {
        role_of(&self.role_map, text)
    }

    /// The roles the role map gives.
    pub fn roles(&self) -> Vec<&str> {
        let mut roles: Vec<&str> = self
            .role_map
            .iter()
            .filter_map(|r| r.role.as_deref())
            .collect();
        roles.sort();
        roles.dedup();
        roles
    }
}

/// The audience role of a role text under a role map.
pub fn role_of<'m>(map: &'m [RoleRule], text: &str) -> Option<&'m str> {
    let text = text.trim();
    map.iter()
        .find(|r| r.pattern.is_match(text))
        .and_then(|r| r.role.as_deref())
}

/// A course name folded for matching: lower case, `&` as "and", every run of other
/// characters than letters and digits one space (so quotes, dashes, slashes and
/// brackets do not matter).
pub fn fold_name(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut gap = false;
    for ch in s.trim().chars() {
        if ch == '&' {
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str("and");
            gap = true;
            continue;
        }
        if ch.is_alphanumeric() {
            if gap && !out.is_empty() {
                out.push(' ');
            }
            gap = false;
            out.extend(ch.to_lowercase());
        } else {
            gap = true;
        }
    }
    out
}

/// Course names (ids, titles, aliases) → course ids, for matching training records.
#[derive(Debug, Clone, Default)]
pub struct Names {
    by_name: HashMap<String, String>,
}

impl Names {
    /// The names of `courses`, with `extra` names; the first problem for each name given
    /// to two courses is returned.
    pub fn new(courses: &[Course], extra: &[(String, String)]) -> (Names, Vec<String>) {
        let mut by_name: HashMap<String, String> = HashMap::new();
        let mut problems = Vec::new();
        let mut add = |name: &str, id: &str, what: &str| {
            let key = fold_name(name);
            if key.is_empty() {
                return;
            }
            match by_name.get(&key) {
                Some(other) if other != id => problems.push(format!(
                    "the {what} '{name}' of course '{id}' is also a name of course '{other}': training records naming it could not be told apart (give one of them `match_by_title = false` or another alias)"
                )),
                Some(_) => {}
                None => {
                    by_name.insert(key, id.to_string());
                }
            }
        };
        for c in courses {
            add(&c.id, &c.id, "id");
        }
        for c in courses {
            if c.match_by_title {
                add(&c.title, &c.id, "title");
            }
            for a in &c.aliases {
                add(a, &c.id, "alias");
            }
        }
        for (name, id) in extra {
            add(name, id, "alias");
        }
        (Names { by_name }, problems)
    }

    /// The course a training record's name means: by id, title or alias.
    pub fn find(&self, name: &str) -> Option<&str> {
        self.by_name.get(&fold_name(name)).map(String::as_str)
    }
}

// ------------------------------------------------------------------ loading

/// Reads a catalogue by bundled name or path (relative to `dir` when given).
fn read_source(
    name: &str,
    dir: Option<&Path>,
) -> Result<(String, String, Option<PathBuf>), RuleError> {
    let as_path = match dir {
        Some(d) => d.join(name),
        None => PathBuf::from(name),
    };
    let with_ext = as_path.with_extension("toml");
    for p in [&as_path, &with_ext] {
        if p.is_file() {
            let text = std::fs::read_to_string(p).map_err(|e| RuleError {
                file: p.display().to_string(),
                rule: None,
                message: format!("cannot read the course catalogue: {e}"),
            })?;
            return Ok((
                p.display().to_string(),
                text,
                p.parent().map(Path::to_path_buf),
            ));
        }
    }
    if let Some((n, text)) = BUNDLED.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)) {
        return Ok((format!("bundled:{n}"), text.to_string(), None));
    }
    Err(RuleError {
        file: name.to_string(),
        rule: None,
        message: format!(
            "no such course catalogue file, and no bundled catalogue of that name (bundled: {})",
            BUNDLED
                .iter()
                .map(|(n, _)| *n)
                .collect::<Vec<_>>()
                .join(", ")
        ),
    })
}

/// Loads a catalogue: a bundled name (`courses`) or a `.toml` file, relative to `dir`
/// (the pack's folder) when given.
pub fn load_catalogue(name: &str, dir: Option<&Path>) -> Result<Catalogue, Vec<RuleError>> {
    load_chain(name, dir, &mut Vec::new())
}

/// Loads the bundled default catalogue.
pub fn bundled() -> Catalogue {
    load_catalogue(DEFAULT, None).expect("the bundled catalogue loads (tested)")
}

/// Loads a catalogue from text (tests).
pub fn load_catalogue_str(label: &str, text: &str) -> Result<Catalogue, Vec<RuleError>> {
    load_text(label, text, None, &mut Vec::new())
}

fn load_chain(
    name: &str,
    dir: Option<&Path>,
    chain: &mut Vec<String>,
) -> Result<Catalogue, Vec<RuleError>> {
    let (label, text, dir) = read_source(name, dir).map_err(|e| vec![e])?;
    load_text(&label, &text, dir.as_deref(), chain)
}

fn load_text(
    label: &str,
    text: &str,
    dir: Option<&Path>,
    chain: &mut Vec<String>,
) -> Result<Catalogue, Vec<RuleError>> {
    let file_err = |message: String| RuleError {
        file: label.to_string(),
        rule: None,
        message,
    };
    let spec: CatalogueSpec = toml::from_str(text).map_err(|e| vec![file_err(e.to_string())])?;
    if chain.contains(&spec.catalogue.id) {
        return Err(vec![file_err(format!(
            "catalogues extend each other in a loop: {} → {}",
            chain.join(" → "),
            spec.catalogue.id
        ))]);
    }
    chain.push(spec.catalogue.id.clone());
    let base = match &spec.catalogue.extends {
        Some(parent) => Some(load_chain(parent, dir, chain)?),
        None => None,
    };
    chain.pop();
    let mut errors: Vec<RuleError> = Vec::new();
    let mut err = |rule: Option<&str>, message: String| {
        errors.push(RuleError {
            file: label.to_string(),
            rule: rule.map(str::to_string),
            message,
        })
    };

    // Courses: the extended catalogue's, each replaced by a course of the same id here.
    let mut courses: Vec<Course> = base.as_ref().map(|b| b.courses.clone()).unwrap_or_default();
    let mut seen = HashSet::new();
    for c in &spec.courses {
        if !seen.insert(c.id.clone()) {
            err(None, format!("duplicate course id '{}'", c.id));
        }
        if c.id.trim().is_empty() || c.title.trim().is_empty() {
            err(
                None,
                format!("course '{}': give it an id and a title", c.id),
            );
        }
        let course = Course::from_spec(c);
        match courses.iter_mut().find(|x| x.id == c.id) {
            Some(slot) => *slot = course,
            None => courses.push(course),
        }
    }

    // The role map: this file's, when it has one, else the extended catalogue's.
    let role_map = if spec.role_map.is_empty() {
        base.as_ref()
            .map(|b| b.role_map.clone())
            .unwrap_or_default()
    } else {
        spec.role_map
            .iter()
            .filter_map(|r| match Regex::new(&r.matches) {
                Ok(pattern) => Some(RoleRule {
                    pattern,
                    role: Some(r.role.trim().to_string()).filter(|s| !s.is_empty()),
                }),
                Err(e) => {
                    err(
                        None,
                        format!("role_map: bad regular expression '{}': {e}", r.matches),
                    );
                    None
                }
            })
            .collect()
    };
    let roles: HashSet<&str> = role_map.iter().filter_map(|r| r.role.as_deref()).collect();
    for c in &courses {
        for a in &c.audience {
            if a != ALL && !roles.contains(a.as_str()) {
                let mut known: Vec<&str> = roles.iter().copied().collect();
                known.sort();
                err(
                    None,
                    format!(
                        "course '{}': audience '{a}' is no role of the role map (roles: {}, and `all`)",
                        c.id,
                        known.join(", ")
                    ),
                );
            }
        }
    }

    // Links: for a rule id linked here, this file's links replace the extended ones.
    let here: HashSet<String> = spec
        .links
        .iter()
        .map(|l| l.rule.to_ascii_uppercase())
        .collect();
    let mut links: Vec<(String, CourseLink)> = base
        .as_ref()
        .map(|b| {
            b.links
                .iter()
                .filter(|(r, _)| !here.contains(&r.to_ascii_uppercase()))
                .cloned()
                .collect()
        })
        .unwrap_or_default();
    let mut pairs = HashSet::new();
    for l in &spec.links {
        let rule = Some(l.rule.as_str());
        match courses.iter().find(|c| c.id == l.course) {
            None => err(
                rule,
                format!(
                    "links unknown course '{}': add a [[course]] with this id or link one of the catalogue's ids",
                    l.course
                ),
            ),
            Some(c) if c.placeholder => err(
                rule,
                format!(
                    "links course '{}', a placeholder ({}): a course still to be developed is never linked or recommended",
                    c.id,
                    c.placeholder_text
                        .as_deref()
                        .unwrap_or("marked placeholder")
                ),
            ),
            Some(_) => {}
        }
        if !pairs.insert((l.rule.to_ascii_uppercase(), l.course.clone())) {
            err(rule, format!("links course '{}' twice", l.course));
        }
        links.push((
            l.rule.clone(),
            CourseLink {
                course: l.course.clone(),
                reason: l.reason.clone().filter(|r| !r.trim().is_empty()),
            },
        ));
    }

    let mut extra_names: Vec<(String, String)> = base
        .as_ref()
        .map(|b| b.extra_names.clone())
        .unwrap_or_default();
    for a in &spec.aliases {
        if !courses.iter().any(|c| c.id == a.course) {
            err(
                None,
                format!("[[alias]] names unknown course '{}'", a.course),
            );
        }
        extra_names.extend(a.names.iter().map(|n| (n.clone(), a.course.clone())));
    }
    let (_, problems) = Names::new(&courses, &extra_names);
    for p in problems {
        err(None, p);
    }

    if !errors.is_empty() {
        return Err(errors);
    }
    let mut files = base.as_ref().map(|b| b.files.clone()).unwrap_or_default();
    files.push(label.to_string());
    Ok(Catalogue {
        id: spec.catalogue.id,
        title: spec.catalogue.title,
        source: spec.catalogue.source,
        files,
        courses,
        links,
        extra_names,
        role_map,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bundled_catalogue_loads() {
        let c = bundled();
        assert_eq!(c.courses.len(), 88);
        assert!(c.course("permanency").unwrap().placeholder);
        assert!(c.course("supervision-skills").unwrap().for_managers_only());
        assert!(!c.course("section-47").unwrap().for_managers_only());
    }

    #[test]
    fn names_fold_case_punctuation_and_ampersands() {
        assert_eq!(
            fold_name(" Court Skills & Pre-Proceedings "),
            "court skills and pre proceedings"
        );
        assert_eq!(fold_name("LCS/EHM Training"), "lcs ehm training");
        assert_eq!(
            fold_name("ASYE Module 3 – KSS 2 - Communication"),
            "asye module 3 kss 2 communication"
        );
        let c = bundled();
        let (names, problems) = Names::new(&c.courses, &c.extra_names);
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(
            names.find("Court Skills and Pre Proceedings"),
            Some("court-skills")
        );
        assert_eq!(names.find("section-47"), Some("section-47"));
        assert_eq!(names.find("SECTION 47 ENQUIRY"), Some("section-47"));
        // The Teeswide "Neglect" is matched by its id or alias only.
        assert_eq!(names.find("Neglect"), Some("neglect"));
        assert_eq!(names.find("Teeswide Neglect"), Some("tw-neglect"));
        assert_eq!(names.find("Basket Weaving"), None);
    }

    /// The 38 worked cases of the role map (role text → audience role).
    #[test]
    fn the_role_map_reads_every_worked_case() {
        let c = bundled();
        let cases: [(&str, Option<&str>); 38] = [
            ("Social Worker", Some("social_worker")),
            ("Senior Practitioner", Some("senior_practitioner")),
            ("ASYE Social Worker", Some("asye")),
            ("Team Manager", Some("manager")),
            ("Early Help Practitioner", Some("eh_practitioner")),
            ("YOS Officer", Some("yos")),
            ("Residential Worker", Some("residential")),
            ("Senior Early Help Practitioner", Some("eh_practitioner")),
            ("Personal Adviser", None),
            ("Senior Personal Adviser", None),
            ("YOS Case Manager", Some("yos")),
            ("", None),
            ("   ", None),
            ("Assistant Team Manager", Some("manager")),
            ("Early Help Team Manager", Some("manager")),
            ("YOS Team Manager", Some("manager")),
            ("Registered Manager", Some("manager")),
            ("Senior Residential Worker", Some("residential")),
            ("Residential Care Worker", Some("residential")),
            ("Children's Home Support Worker", Some("residential")),
            ("Newly Qualified Social Worker", Some("asye")),
            ("NQSW", Some("asye")),
            ("Senior Social Worker", Some("senior_practitioner")),
            ("Advanced Practitioner", Some("senior_practitioner")),
            ("Consultant Social Worker", Some("senior_practitioner")),
            ("Practice Lead", Some("senior_practitioner")),
            ("Student Social Worker", None),
            ("Head of Service", Some("manager")),
            ("Independent Reviewing Officer", Some("manager")),
            ("IRO", Some("manager")),
            ("Child Protection Chair", Some("manager")),
            ("Family Support Worker", Some("eh_practitioner")),
            ("Youth Justice Officer", Some("yos")),
            ("Social Worker (Children in Care)", Some("social_worker")),
            ("social worker", Some("social_worker")),
            ("Principal Social Worker", Some("manager")),
            ("Team Leader", Some("manager")),
            ("Case Manager", None),
        ];
        for (text, role) in cases {
            assert_eq!(c.role_of(text), role, "{text:?}");
        }
        assert_eq!(c.role_of("Children’s Home Manager"), Some("manager"));
        assert_eq!(c.role_of("Childrens Home Worker"), Some("residential"));
    }

    const HEAD: &str = "[catalogue]\nid = \"t\"\ntitle = \"T\"\n[[role_map]]\nmatches = '(?i)social worker'\nrole = \"social_worker\"\n";

    fn errors(body: &str) -> String {
        match load_catalogue_str("t.toml", &format!("{HEAD}{body}")) {
            Ok(_) => panic!("the catalogue should have been rejected"),
            Err(e) => e
                .iter()
                .map(|e| e.to_string())
                .collect::<Vec<_>>()
                .join("\n"),
        }
    }

    #[test]
    fn bad_links_name_the_rule() {
        let courses = "[[course]]\nid = \"a\"\ntitle = \"A\"\n[[course]]\nid = \"p\"\ntitle = \"P\"\nplaceholder = true\nplaceholder_text = \"to be developed\"\n";
        let e = errors(&format!(
            "{courses}[[link]]\nrule = \"R-1\"\ncourse = \"b\"\n[[link]]\nrule = \"R-2\"\ncourse = \"p\"\n"
        ));
        assert!(e.contains("rule R-1: links unknown course 'b'"), "{e}");
        assert!(
            e.contains("rule R-2: links course 'p', a placeholder (to be developed)"),
            "{e}"
        );
        let e = errors("[[course]]\nid = \"a\"\ntitle = \"A\"\naudience = [\"wizard\"]\n");
        assert!(
            e.contains("audience 'wizard' is no role of the role map"),
            "{e}"
        );
        let e = errors(
            "[[course]]\nid = \"a\"\ntitle = \"Same\"\n[[course]]\nid = \"b\"\ntitle = \"same\"\n",
        );
        assert!(e.contains("also a name of course 'a'"), "{e}");
    }
}
