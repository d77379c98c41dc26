//! Mapping profiles: how a real case system's export (Liquidlogic, Mosaic, Ofsted's
//! Annex A, …) maps onto the contract's tables. A profile renames sheets and columns by
//! regular expression, fixes constants, splits a sheet into several tables or joins
//! several sheets into one, classifies free-text types into the contract's codes and
//! gives date-format hints. Profiles are data (`profiles/*.toml`), loaded like rule
//! packs: serde reads the file, then everything is validated with messages that name
//! the file, the table mapping and the fix. A profile may also write out example sheets
//! of the export it reads (`[[example]]`: name and header row), checked against its
//! mappings; `caseaudit-sample` writes its shaped exports from them.

pub mod spec;

use std::sync::Arc;

use regex::Regex;

use crate::calendar::{Duration, Unit};
use crate::plan::{Classifier, ColumnSource, Planner, RowTest, SheetPlan, Unmatched, fold_header};
use crate::schema::{ColumnKind, TABLES, TableDef, TableId, normalize_name};
use spec::{ColumnSpec, ExampleSheet, ProfileSpec};

/// The profiles shipped inside the binary, by name.
pub const BUNDLED: &[(&str, &str)] = &[
    ("annex-a", include_str!("../../profiles/annex-a.toml")),
    (
        "liquidlogic",
        include_str!("../../profiles/liquidlogic.toml"),
    ),
    ("mosaic", include_str!("../../profiles/mosaic.toml")),
    ("ssd", include_str!("../../profiles/ssd.toml")),
];

/// A loaded profile.
#[derive(Debug)]
pub struct Profile {
    pub id: String,
    pub title: String,
    pub description: Option<String>,
    pub file: String,
    pub tables: Vec<TableMap>,
    /// Example sheets of an export the profile reads, checked against the mappings.
    pub examples: Vec<ExampleSheet>,
    strip_prefix: Option<Regex>,
    date_formats: Vec<String>,
}

/// One source sheet pattern read into one table.
#[derive(Debug)]
pub struct TableMap {
    pub table: TableId,
    pub sheet: Regex,
    columns: Vec<(usize, Regex, Option<Duration>)>,
    constants: Vec<(usize, String)>,
    rows: Vec<(Regex, Regex, bool)>,
    skip_blank: Vec<usize>,
    classify: Vec<(usize, Arc<Classifier>)>,
    /// Whether hidden sheets matching `sheet` are read.
    pub hidden: bool,
}

/// Why a profile could not be loaded: every problem found.
#[derive(Debug, thiserror::Error)]
#[error("the mapping profile has {} problem(s):\n{}", .0.len(), .0.iter().map(|p| format!("  {p}\n")).collect::<String>())]
pub struct ProfileError(pub Vec<String>);

impl Profile {
    /// The table mappings that read a sheet (or CSV file stem) of this name.
    pub fn maps_for<'p>(&'p self, sheet: &str) -> Vec<&'p TableMap> {
        let folded = fold_header(sheet);
        self.tables
            .iter()
            .filter(|m| m.sheet.is_match(&folded))
            .collect()
    }

    /// A planner for one table mapping.
    pub fn planner<'p>(&'p self, map: &'p TableMap) -> ProfilePlanner<'p> {
        ProfilePlanner { profile: self, map }
    }
}

/// Plans a sheet by a profile's table mapping; contract columns the mapping does not
/// name are still found by the contract's own name matching.
pub struct ProfilePlanner<'p> {
    profile: &'p Profile,
    map: &'p TableMap,
}

impl Planner for ProfilePlanner<'_> {
    fn plan(&self, def: &'static TableDef, headers: &[String]) -> SheetPlan {
        let folded: Vec<String> = headers.iter().map(|h| fold_header(h)).collect();
        let mut plan = SheetPlan::native(def, headers);
        for (col, re, add) in &self.map.columns {
            plan.columns[*col] = match folded.iter().position(|h| re.is_match(h)) {
                Some(j) => ColumnSource::Sheet(j),
                None => ColumnSource::Absent,
            };
            plan.date_add[*col] = *add;
        }
        for (col, v) in &self.map.constants {
            plan.columns[*col] = ColumnSource::Constant(v.clone());
        }
        for (header, pattern, must_match) in &self.map.rows {
            match folded.iter().position(|h| header.is_match(h)) {
                Some(column) => plan.row_tests.push(RowTest {
                    column,
                    pattern: pattern.clone(),
                    must_match: *must_match,
                }),
                None => plan.problems.push(format!(
                    "the rows test's header /{header}/ matches no column of the sheet"
                )),
            }
        }
        plan.skip_blank = self.map.skip_blank.clone();
        for (col, c) in &self.map.classify {
            plan.classify[*col] = Some(c.clone());
        }
        plan.strip_prefix = self.profile.strip_prefix.clone();
        plan.date_formats = self.profile.date_formats.clone();
        plan
    }
}

/// Loads a profile: a bundled profile's name or a `.toml` file.
pub fn load_profile(name_or_path: &str) -> Result<Profile, ProfileError> {
    let path = std::path::Path::new(name_or_path);
    if crate::rules::is_path(name_or_path) {
        if !path.is_file() {
            return Err(ProfileError(vec![format!(
                "{name_or_path}: no such profile file (a bare name such as 'liquidlogic' means a bundled profile: {})",
                BUNDLED
                    .iter()
                    .map(|(n, _)| *n)
                    .collect::<Vec<_>>()
                    .join(", ")
            )]));
        }
        let text = std::fs::read_to_string(path)
            .map_err(|e| ProfileError(vec![format!("{name_or_path}: cannot read: {e}")]))?;
        return load_profile_str(name_or_path, &text);
    }
    match BUNDLED
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name_or_path))
    {
        Some((n, text)) => load_profile_str(&format!("bundled:{n}"), text),
        None => Err(ProfileError(vec![format!(
            "{name_or_path}: no bundled profile of that name (bundled: {}); to read a file, give its path (./{name_or_path}.toml)",
            BUNDLED
                .iter()
                .map(|(n, _)| *n)
                .collect::<Vec<_>>()
                .join(", ")
        )])),
    }
}

/// Loads a profile from text.
pub fn load_profile_str(file: &str, text: &str) -> Result<Profile, ProfileError> {
    let spec: ProfileSpec =
        toml::from_str(text).map_err(|e| ProfileError(vec![format!("{file}: {e}")]))?;
    let mut errors = Vec::new();
    let regex = |what: &str, p: &str, errors: &mut Vec<String>| {
        Regex::new(p)
            .map_err(|e| errors.push(format!("{file}: {what}: bad regular expression '{p}': {e}")))
            .ok()
    };
    let strip_prefix = spec
        .profile
        .strip_prefix
        .as_deref()
        .and_then(|p| regex("profile.strip_prefix", p, &mut errors));
    let mut tables = Vec::new();
    for (n, t) in spec.tables.iter().enumerate() {
        let at = format!("[[table]] #{} ({})", n + 1, t.table);
        let Some(table) = TableId::from_name(&t.table) else {
            let names: Vec<&str> = TABLES.iter().map(|t| t.name).collect();
            errors.push(format!(
                "{file}: {at}: unknown table '{}'; tables are: {}",
                t.table,
                names.join(", ")
            ));
            continue;
        };
        let def = table.def();
        let column = |name: &str, errors: &mut Vec<String>| {
            let c = def.column_index(name);
            if c.is_none() {
                errors.push(format!(
                    "{file}: {at}: table '{}' has no column '{name}'; its columns are: {}",
                    def.name,
                    def.column_names().join(", ")
                ));
            }
            c
        };
        let sheet = regex(&format!("{at} sheet"), &t.sheet, &mut errors);
        let mut columns = Vec::new();
        for (name, c) in &t.columns {
            let (header, add) = match c {
                ColumnSpec::Header(h) => (h.as_str(), None),
                ColumnSpec::Full(f) => (f.header.as_str(), f.add.as_deref()),
            };
            let col = column(name, &mut errors);
            let re = regex(&format!("{at} column {name}"), header, &mut errors);
            let add = add.and_then(|a| match Duration::parse(a) {
                Ok(d) if d.unit != Unit::WorkingDays => Some(d),
                Ok(_) => {
                    errors.push(format!("{file}: {at}: column {name}: add counts calendar time; write days, weeks or months"));
                    None
                }
                Err(e) => {
                    errors.push(format!("{file}: {at}: column {name}: add: {e}"));
                    None
                }
            });
            if let (Some(col), Some(add)) = (col, add) {
                if def.columns[col].kind != ColumnKind::Date {
                    errors.push(format!(
                        "{file}: {at}: column {name}: add applies to date columns only"
                    ));
                }
                let _ = add;
            }
            if let (Some(col), Some(re)) = (col, re) {
                columns.push((col, re, add));
            }
        }
        let constants = t
            .constants
            .iter()
            .filter_map(|(name, v)| column(name, &mut errors).map(|c| (c, v.clone())))
            .collect();
        let mut rows = Vec::new();
        for r in &t.rows {
            let header = regex(&format!("{at} rows header"), &r.header, &mut errors);
            let (pattern, must) = match (&r.matches, &r.not_matches) {
                (Some(p), None) => (p, true),
                (None, Some(p)) => (p, false),
                _ => {
                    errors.push(format!(
                        "{file}: {at}: a rows test needs exactly one of matches or not_matches"
                    ));
                    continue;
                }
            };
            if let (Some(h), Some(p)) = (header, regex(&format!("{at} rows"), pattern, &mut errors))
            {
                rows.push((h, p, must));
            }
        }
        let skip_blank = t
            .skip_blank
            .iter()
            .filter_map(|name| column(name, &mut errors))
            .collect();
        let mut classify = Vec::new();
        for c in &t.classify {
            let Some(col) = column(&c.column, &mut errors) else {
                continue;
            };
            let unmatched = match c.unmatched.as_deref() {
                None | Some("keep") => Unmatched::Keep,
                Some("blank") => Unmatched::Blank,
                Some("reject") => Unmatched::Reject,
                Some(other) => {
                    errors.push(format!("{file}: {at}: classify {}: unmatched = '{other}': write keep, blank or reject", c.column));
                    Unmatched::Keep
                }
            };
            let codes = c
                .codes
                .iter()
                .filter_map(|code| {
                    regex(
                        &format!("{at} classify {}", c.column),
                        &code.matches,
                        &mut errors,
                    )
                    .map(|re| (code.code.clone(), re))
                })
                .collect();
            classify.push((col, Arc::new(Classifier { codes, unmatched })));
        }
        if let Some(sheet) = sheet {
            tables.push(TableMap {
                table,
                sheet,
                columns,
                constants,
                rows,
                skip_blank,
                classify,
                hidden: t.hidden,
            });
        }
    }
    check_examples(file, &spec.examples, &tables, &mut errors);
    if !errors.is_empty() {
        return Err(ProfileError(errors));
    }
    Ok(Profile {
        id: spec.profile.id,
        title: spec.profile.title,
        description: spec.profile.description,
        file: file.to_string(),
        tables,
        examples: spec.examples,
        strip_prefix,
        date_formats: spec.profile.date_formats,
    })
}

/// Checks the example sheets against the table mappings: each sheet is read by a mapping,
/// and every column pattern and rows-test header of the mappings that read it matches
/// exactly one of its headers.
fn check_examples(
    file: &str,
    examples: &[ExampleSheet],
    tables: &[TableMap],
    errors: &mut Vec<String>,
) {
    for (n, ex) in examples.iter().enumerate() {
        let at = format!("[[example]] #{} ({})", n + 1, ex.sheet);
        let name = fold_header(&ex.sheet);
        if examples[..n].iter().any(|e| fold_header(&e.sheet) == name) {
            errors.push(format!(
                "{file}: {at}: an earlier example has this sheet name"
            ));
        }
        let folded: Vec<String> = ex.headers.iter().map(|h| fold_header(h)).collect();
        let maps: Vec<&TableMap> = tables.iter().filter(|m| m.sheet.is_match(&name)).collect();
        if maps.is_empty() {
            errors.push(format!(
                "{file}: {at}: no [[table]] sheet pattern matches this sheet name"
            ));
        }
        for m in maps {
            let def = m.table.def();
            let patterns = m
                .columns
                .iter()
                .map(|(c, re, _)| (format!("column {}", def.columns[*c].name), re))
                .chain(
                    m.rows
                        .iter()
                        .map(|(re, _, _)| ("rows test".to_string(), re)),
                );
            for (what, re) in patterns {
                let hits: Vec<&str> = ex
                    .headers
                    .iter()
                    .zip(&folded)
                    .filter(|(_, f)| re.is_match(f))
                    .map(|(h, _)| h.as_str())
                    .collect();
                match hits.len() {
                    1 => {}
                    0 => errors.push(format!(
                        "{file}: {at}: the {} mapping's {what} header /{re}/ matches none of \
                         the headers",
                        def.name
                    )),
                    k => errors.push(format!(
                        "{file}: {at}: the {} mapping's {what} header /{re}/ matches {k} \
                         headers ({}); it must match exactly one",
                        def.name,
                        hits.join(", ")
                    )),
                }
            }
        }
    }
}

/// Whether a sheet name is a native table name (for sources a profile does not map).
pub fn native_table(sheet: &str) -> Option<TableId> {
    TableId::from_name(&normalize_name(sheet))
}
