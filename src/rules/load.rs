//! Loading a rule pack: a bundled pack by name or a file by path, with the packs it
//! extends (a local pack may extend a national one, override single rules by redefining
//! their id, and drop rules it does not use).

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use std::sync::Arc;

use super::compile::{KnownCourses, Strictness, check_course, compile_rules, target_tenths};
use super::compiled::{Course, DEFAULT_KPI_TARGET_TENTHS, Pack};
use super::spec::PackSpec;
use crate::calendar::Region;
use crate::criteria::Cx;
use crate::criteria::RuleError;
use crate::engine::{KINDS, KindDef};
use crate::training::catalogue::{self, Catalogue};

/// The packs shipped inside the binary, by name.
pub const BUNDLED: &[(&str, &str)] = &[
    (
        "middlesbrough",
        include_str!("../../rules/middlesbrough.toml"),
    ),
    ("england", include_str!("../../rules/england.toml")),
    ("wales", include_str!("../../rules/wales.toml")),
    ("annex-a", include_str!("../../rules/annex-a.toml")),
];

/// Why a pack could not be loaded: every problem found.
#[derive(Debug, thiserror::Error)]
#[error("the rule pack has {} problem(s):\n{}", .0.len(), problem_lines(.0))]
pub struct PackError(pub Vec<RuleError>);

/// One problem a line, indented.
fn problem_lines(problems: &[RuleError]) -> String {
    problems.iter().map(|p| format!("  {p}\n")).collect()
}

fn file_error(file: &str, message: String) -> PackError {
    PackError(vec![RuleError {
        file: file.to_string(),
        rule: None,
        message,
    }])
}

/// Loads a pack: `name_or_path` is a bundled pack's name or a `.toml` file.
pub fn load_pack(name_or_path: &str) -> Result<Pack, PackError> {
    let (label, text, dir) = read_source(name_or_path, None, false)?;
    load_text(&label, &text, dir.as_deref(), &mut Vec::new(), KINDS)
}

/// Loads a pack from text (used by tests and by `load_pack`).
pub fn load_pack_str(label: &str, text: &str) -> Result<Pack, PackError> {
    load_pack_str_with(label, text, KINDS)
}

/// Loads a pack from text with another registry of rule kinds (a test adding a kind).
pub fn load_pack_str_with(label: &str, text: &str, kinds: &[KindDef]) -> Result<Pack, PackError> {
    load_text(label, text, None, &mut Vec::new(), kinds)
}

/// Whether a pack or profile name given on the command line is a path to a file (it
/// holds a folder separator or ends in `.toml`) rather than a bundled name. A bare name
/// always means the bundled pack or profile, whatever files the current folder holds.
pub fn is_path(name: &str) -> bool {
    name.contains('/')
        || name.contains('\\')
        || Path::new(name)
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("toml"))
}

/// The text of a pack: a bundled name, or a file. From the command line (`dir` is
/// `None`) a path is read as given; for `extends` (`dir` is the extending pack's folder,
/// or `None` for a bundled pack) a path must be a relative `.toml` path inside that folder.
fn read_source(
    name: &str,
    dir: Option<&Path>,
    extends: bool,
) -> Result<(String, String, Option<PathBuf>), PackError> {
    let names: Vec<&str> = BUNDLED.iter().map(|(n, _)| *n).collect();
    if !is_path(name) {
        if let Some((n, text)) = BUNDLED.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)) {
            return Ok((format!("bundled:{n}"), text.to_string(), None));
        }
        return Err(file_error(
            name,
            format!(
                "no bundled pack of that name (bundled: {}); to read a file, give its path (./{name}.toml)",
                names.join(", ")
            ),
        ));
    }
    let as_path = if extends {
        let p = Path::new(name);
        let inside = p.is_relative()
            && p.components().all(|c| {
                matches!(
                    c,
                    std::path::Component::Normal(_) | std::path::Component::CurDir
                )
            });
        let Some(dir) = dir.filter(|_| inside) else {
            return Err(file_error(
                name,
                format!(
                    "extends: '{name}' must be a bundled pack ({}) or a .toml file beside the extending pack (a relative path without '..')",
                    names.join(", ")
                ),
            ));
        };
        dir.join(p)
    } else {
        PathBuf::from(name)
    };
    if !as_path.is_file() {
        return Err(file_error(
            &as_path.display().to_string(),
            "no such rule-pack file".into(),
        ));
    }
    let label = as_path.display().to_string();
    let text = std::fs::read_to_string(&as_path)
        .map_err(|e| file_error(&label, format!("cannot read: {e}")))?;
    Ok((label, text, as_path.parent().map(Path::to_path_buf)))
}

fn load_text(
    label: &str,
    text: &str,
    dir: Option<&Path>,
    chain: &mut Vec<String>,
    kinds: &[KindDef],
) -> Result<Pack, PackError> {
    let spec: PackSpec = toml::from_str(text).map_err(|e| file_error(label, e.to_string()))?;
    if chain.contains(&spec.pack.id) {
        return Err(file_error(
            label,
            format!(
                "packs extend each other in a loop: {} → {}",
                chain.join(" → "),
                spec.pack.id
            ),
        ));
    }
    chain.push(spec.pack.id.clone());
    let base = match &spec.pack.extends {
        Some(parent) => {
            let (plabel, ptext, pdir) = read_source(parent, dir, true)?;
            Some(load_text(&plabel, &ptext, pdir.as_deref(), chain, kinds)?)
        }
        None => None,
    };
    let mut errors = Vec::new();
    let err = |errors: &mut Vec<RuleError>, m: String| {
        errors.push(RuleError {
            file: label.to_string(),
            rule: None,
            message: m,
        })
    };

    let region = match (&spec.pack.region, &base) {
        (Some(r), _) => r.parse::<Region>().unwrap_or_else(|e| {
            err(&mut errors, format!("pack.region: {e}"));
            Region::EnglandWales
        }),
        (None, Some(b)) => b.region,
        (None, None) => Region::EnglandWales,
    };
    let mut closures = base
        .as_ref()
        .map(|b| b.closures.clone())
        .unwrap_or_default();
    for c in &spec.pack.closures {
        match c.parse::<chrono::NaiveDate>() {
            Ok(d) => closures.push(d),
            Err(_) => err(
                &mut errors,
                format!("pack.closures: '{c}' is not an ISO date (YYYY-MM-DD)"),
            ),
        }
    }
    closures.sort();
    closures.dedup();
    let target_percent = spec
        .pack
        .target_percent
        .or(base.as_ref().and_then(|b| b.target_percent));
    if let Some(t) = target_percent
        && !(0.0..=100.0).contains(&t)
    {
        err(
            &mut errors,
            format!("pack.target_percent = {t}: a target is a percentage from 0 to 100"),
        );
    }

    // The course catalogue: the one this pack names, else the extended pack's, else the
    // bundled one. The pack's own [[course]]s are added to its courses (or replace them).
    let named = match &spec.pack.catalogue {
        Some(name) => match catalogue::load_catalogue(name, dir) {
            Ok(c) => Some(Arc::new(c)),
            Err(mut e) => {
                errors.append(&mut e);
                None
            }
        },
        None => None,
    };
    let catalogue: Arc<Catalogue> = match (named, &base) {
        (Some(c), _) => c,
        (None, Some(b)) => b.catalogue.clone(),
        (None, None) => Arc::new(catalogue::bundled()),
    };
    let mut courses: Vec<Course> = match (&spec.pack.catalogue, &base) {
        (None, Some(b)) => b.courses.clone(),
        _ => catalogue.courses.clone(),
    };
    let mut own = HashSet::new();
    for c in &spec.courses {
        if !own.insert(c.id.clone()) {
            err(&mut errors, format!("duplicate course id '{}'", c.id));
        }
        let course = Course::from_spec(c);
        match courses.iter_mut().find(|x| x.id == c.id) {
            Some(slot) => *slot = course,
            None => courses.push(course),
        }
    }
    let known: KnownCourses = courses
        .iter()
        .map(|c| (c.id.clone(), c.placeholder))
        .collect();
    let kpi_target_tenths = match (spec.pack.kpi_target, &base) {
        (Some(t), _) => {
            let mut cx = Cx {
                file: label,
                rule: "(pack)",
                errors: &mut errors,
            };
            target_tenths(&mut cx, t).unwrap_or(DEFAULT_KPI_TARGET_TENTHS)
        }
        (None, Some(b)) => b.kpi_target_tenths,
        (None, None) => DEFAULT_KPI_TARGET_TENTHS,
    };
    let strictness = Strictness {
        kinds,
        documented: label.starts_with("bundled:"),
    };
    let own_rules = match compile_rules(label, &spec.pack.id, &spec.rules, &known, strictness) {
        Ok(r) => r,
        Err(mut e) => {
            errors.append(&mut e);
            Vec::new()
        }
    };

    let mut rules = Vec::new();
    let mut files = Vec::new();
    if let Some(b) = base {
        for d in &spec.pack.drop {
            if b.rule(d).is_none() {
                err(
                    &mut errors,
                    format!("pack.drop: the extended pack has no rule '{d}'"),
                );
            }
        }
        files = b.files;
        rules = b
            .rules
            .into_iter()
            .filter(|r| !spec.pack.drop.iter().any(|d| d.eq_ignore_ascii_case(&r.id)))
            .collect();
    } else if !spec.pack.drop.is_empty() {
        err(
            &mut errors,
            "pack.drop needs pack.extends: there is no other pack to drop rules from".into(),
        );
    }
    for rule in own_rules {
        match rules
            .iter()
            .position(|r: &super::Rule| r.id.eq_ignore_ascii_case(&rule.id))
        {
            Some(i) => rules[i] = rule,
            None => rules.push(rule),
        }
    }
    // Rules that name no courses of their own take the catalogue's links for their id.
    for rule in &mut rules {
        if rule.own_links {
            continue;
        }
        let links = catalogue.links_of(&rule.id);
        if links.is_empty() {
            continue;
        }
        let mut cx = Cx {
            file: catalogue.files.last().map_or(label, String::as_str),
            rule: &rule.id,
            errors: &mut errors,
        };
        for l in &links {
            check_course(&mut cx, &l.course, &known);
        }
        rule.set_links(links);
    }
    files.push(label.to_string());
    chain.pop();
    if !errors.is_empty() {
        return Err(PackError(errors));
    }
    Ok(Pack {
        id: spec.pack.id,
        title: spec.pack.title,
        region,
        source: spec.pack.source,
        closures,
        target_percent,
        files,
        courses,
        rules,
        catalogue,
        kpi_target_tenths,
    })
}
