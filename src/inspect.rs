//! `caseaudit inspect`: what an export holds and how it maps onto the contract's tables,
//! so that a user can write or fix a mapping profile without a developer: sheets and
//! columns found and what each maps to, required columns missing (with the likely
//! column), rows per table, cells that do not parse and free-text values no pattern
//! classifies.

use std::collections::BTreeMap;
use std::fmt::Write;
use std::path::PathBuf;

use crate::ingest::{IngestError, Loaded};
use crate::profile::Profile;
use crate::schema::{TableId, normalize_name};

/// Other names case systems give some contract columns.
const SYNONYMS: &[(&str, &[&str])] = &[
    (
        "child_id",
        &[
            "person_id",
            "client_id",
            "subject_id",
            "child_unique_id",
            "person_ref",
            "lcs_id",
            "mosaic_id",
        ],
    ),
    (
        "worker",
        &[
            "allocated_worker",
            "social_worker",
            "case_worker",
            "key_worker",
            "practitioner",
        ],
    ),
    (
        "team",
        &[
            "allocated_team",
            "workers_team",
            "worker's_team",
            "service_team",
        ],
    ),
    (
        "visit_date",
        &["date_seen", "date_child_seen", "event_date", "contact_date"],
    ),
];

/// The header most like a contract column's name, if any is close.
pub fn suggest(column: &str, headers: &[String]) -> Option<String> {
    let synonyms: &[&str] = SYNONYMS
        .iter()
        .find(|(c, _)| *c == column)
        .map_or(&[], |(_, s)| s);
    headers
        .iter()
        .filter(|h| !h.trim().is_empty())
        .map(|h| {
            let n = normalize_name(h);
            let mut score = strsim::jaro_winkler(&n, column);
            if synonyms.iter().any(|s| n.contains(s)) {
                score = score.max(0.95);
            }
            // Every word of the contract name in the header ("date" + "visit" in
            // "Date of the Last Statutory Visit") is a strong hint.
            let words: Vec<&str> = column.split('_').filter(|w| w.len() > 2).collect();
            if !words.is_empty() && words.iter().all(|w| n.contains(w)) {
                score = score.max(0.9);
            }
            (score, h)
        })
        .filter(|(s, _)| *s >= 0.75)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, h)| h.clone())
}

pub fn render(inputs: &[PathBuf], profile: Option<&Profile>, loaded: &Loaded) -> String {
    let mut s = String::new();
    let names: Vec<String> = inputs.iter().map(|p| p.display().to_string()).collect();
    let _ = writeln!(s, "Export: {}", names.join(" + "));
    match profile {
        Some(p) => {
            let _ = writeln!(s, "Profile: {} — {} ({})", p.id, p.title, p.file);
        }
        None => {
            let _ = writeln!(
                s,
                "Profile: none (the contract's native schema; national returns recognised by their content)"
            );
        }
    }
    if !loaded.formats.is_empty() {
        let _ = writeln!(s, "\nFormats recognised:");
        for f in &loaded.formats {
            let _ = writeln!(s, "  {}: {} — {}", f.file, f.format, f.why);
        }
    }
    for src in &loaded.sources {
        let sheet = if src.sheet.is_empty() {
            src.file.clone()
        } else if src.file.ends_with(".xml") || src.file.ends_with(".XML") {
            format!("{} <{}>", src.file, src.sheet)
        } else {
            format!("sheet '{}'", src.sheet)
        };
        let _ = writeln!(s, "\n{sheet} → {}", src.table);
        let def = TableId::from_name(src.table).expect("a table").def();
        let width = def.columns.iter().map(|c| c.name.len()).max().unwrap_or(0);
        for c in def.columns {
            let how = match src.notes.mapped.get(c.name) {
                Some(m) => m.clone(),
                None if c.required => "MISSING (required)".into(),
                None => "—".into(),
            };
            let req = if c.required { "*" } else { " " };
            let _ = writeln!(s, "  {req}{:width$} ← {how}", c.name);
        }
        for r in &src.notes.remarks {
            let _ = writeln!(s, "  ({r})");
        }
        let used: Vec<&String> = src
            .notes
            .mapped
            .values()
            .chain(&src.notes.remarks)
            .collect();
        let unused: Vec<&str> = src
            .notes
            .headers
            .iter()
            .filter(|h| !h.is_empty() && !used.iter().any(|u| u.contains(&format!("'{h}'"))))
            .map(String::as_str)
            .collect();
        if !unused.is_empty() {
            let _ = writeln!(s, "  not used: {}", unused.join(", "));
        }
        let c = src.counts;
        let _ = writeln!(
            s,
            "  rows: {} read = {} used + {} rejected + {} skipped; {} blank",
            c.read, c.used, c.rejected, c.skipped, c.blank
        );
        for (col, values) in &src.notes.unclassified {
            let mut v: Vec<(&String, &u64)> = values.iter().collect();
            v.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
            let shown: Vec<String> = v
                .iter()
                .take(10)
                .map(|(t, n)| format!("'{t}' ×{n}"))
                .collect();
            let more = if v.len() > 10 {
                format!(" and {} more", v.len() - 10)
            } else {
                String::new()
            };
            let _ = writeln!(
                s,
                "  {col}: values no pattern classifies: {}{more}",
                shown.join(", ")
            );
        }
    }
    if !loaded.ignored.is_empty() {
        let _ = writeln!(
            s,
            "\nNot read (no table or profile mapping): {}",
            loaded.ignored.join("; ")
        );
    }
    if !loaded.problems.is_empty() {
        let _ = writeln!(s, "\nProblems (an audit would stop on these):");
        for p in &loaded.problems {
            let _ = writeln!(s, "  {p}");
            if let IngestError::MissingColumns { missing, found, .. } = p {
                for m in missing {
                    match suggest(m, found) {
                        Some(h) => {
                            let _ = writeln!(s, "    {m}: the likely column is '{h}'");
                        }
                        None => {
                            let _ = writeln!(s, "    {m}: no column looks like it");
                        }
                    }
                }
            }
        }
    }
    let mut bad: BTreeMap<(String, String), Vec<&crate::quality::DataIssue>> = BTreeMap::new();
    for i in &loaded.issues {
        let at = if i.sheet.is_empty() {
            i.file.clone()
        } else {
            i.sheet.clone()
        };
        bad.entry((at, i.column.clone())).or_default().push(i);
    }
    if !bad.is_empty() {
        let _ = writeln!(
            s,
            "\nCells that could not be used ({} in all):",
            loaded.issues.len()
        );
        for ((at, col), issues) in &bad {
            let examples: Vec<String> = issues
                .iter()
                .take(3)
                .map(|i| format!("row {} '{}' ({})", i.row, i.value, i.reason))
                .collect();
            let _ = writeln!(
                s,
                "  {at} {col}: {} — e.g. {}",
                issues.len(),
                examples.join("; ")
            );
        }
    }
    let _ = writeln!(s, "\nRows per table:");
    for (t, c) in &loaded.counts {
        if c.read + c.blank > 0 || loaded.sources.iter().any(|s| s.table == t.name()) {
            let _ = writeln!(
                s,
                "  {:13} {:>8} read {:>8} used {:>6} rejected {:>6} skipped",
                t.name(),
                c.read,
                c.used,
                c.rejected,
                c.skipped
            );
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_the_likely_column() {
        let h = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(
            suggest("visit_date", &h(&["Person ID", "Date of Visit", "Worker"])).as_deref(),
            Some("Date of Visit")
        );
        assert_eq!(
            suggest("child_id", &h(&["ChildID", "Name"])).as_deref(),
            Some("ChildID")
        );
        assert_eq!(
            suggest("child_id", &h(&["Name", "Person ID"])).as_deref(),
            Some("Person ID")
        );
        assert_eq!(suggest("strategy_date", &h(&["Colour", "Shoe size"])), None);
    }
}
