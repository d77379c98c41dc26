//! The output folder's manifest (`.caseaudit-manifest`): the files the last run wrote
//! into `--out`. A run removes the files the previous run wrote that it did not write
//! itself (a `--format csv,json` run into an old folder leaves no stale `report.html`
//! beside the new files), and only those: a file caseaudit never wrote is never touched,
//! and a name in the manifest that is not one caseaudit writes is ignored.

use std::path::{Component, Path};

use super::WriteError;

/// The manifest's name in the output folder.
pub const MANIFEST: &str = ".caseaudit-manifest";

/// The files caseaudit writes at the top of `--out`.
const OUTPUTS: [&str; 9] = [
    "exceptions.csv",
    "pending.csv",
    "kpis.csv",
    "kpis_by_month.csv",
    "data_quality.csv",
    "changes.csv",
    "summary.json",
    "report.html",
    "report.xlsx",
];

/// Whether `name` is a file caseaudit writes: one of [`OUTPUTS`], or a pack
/// (`packs/<name>.html` or `.xlsx`).
pub fn is_output(name: &str) -> bool {
    if OUTPUTS.contains(&name) {
        return true;
    }
    let path = Path::new(name);
    let parts: Vec<Component> = path.components().collect();
    matches!(parts.as_slice(), [Component::Normal(dir), Component::Normal(file)]
        if *dir == "packs"
            && !file.to_string_lossy().starts_with('.')
            && matches!(path.extension().and_then(|e| e.to_str()), Some("html" | "xlsx")))
}

/// Removes from `out` what the previous manifest lists and `written` does not, then
/// records `written`. Returns the names removed.
pub fn update(out: &Path, written: &[String]) -> Result<Vec<String>, WriteError> {
    let path = out.join(MANIFEST);
    let before = std::fs::read_to_string(&path).unwrap_or_default();
    let mut removed = Vec::new();
    for name in before.lines().map(str::trim) {
        if name.is_empty() || name.starts_with('#') || written.iter().any(|w| w == name) {
            continue;
        }
        if !is_output(name) {
            continue;
        }
        let file = out.join(name);
        // Never follow a link out of the folder: only a plain file is removed.
        match std::fs::symlink_metadata(&file) {
            Ok(m) if m.is_file() => {
                std::fs::remove_file(&file).map_err(WriteError::io(&file))?;
                removed.push(name.to_string());
            }
            _ => {}
        }
    }
    let packs = out.join("packs");
    if std::fs::read_dir(&packs).is_ok_and(|mut d| d.next().is_none()) {
        let _ = std::fs::remove_dir(&packs);
    }
    let mut text = String::from(
        "# Files caseaudit wrote into this folder in its last run; the next run removes\n\
         # those it does not write again. Other files are never touched.\n",
    );
    for w in written {
        text.push_str(w);
        text.push('\n');
    }
    std::fs::write(&path, text).map_err(WriteError::io(&path))?;
    Ok(removed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_caseaudit_outputs_are_removed() {
        assert!(is_output("report.html"));
        assert!(is_output("packs/team-a.html"));
        assert!(!is_output("packs/../x.html"));
        assert!(!is_output("../report.html"));
        assert!(!is_output("/etc/passwd"));
        assert!(!is_output("notes.txt"));
        assert!(!is_output("packs/sub/x.html"));

        let dir = tempfile::tempdir().unwrap();
        let out = dir.path();
        for f in ["report.html", "report.xlsx", "kpis.csv", "notes.txt"] {
            std::fs::write(out.join(f), "x").unwrap();
        }
        std::fs::create_dir(out.join("packs")).unwrap();
        std::fs::write(out.join("packs/team-a.html"), "x").unwrap();
        let all: Vec<String> = [
            "report.html",
            "report.xlsx",
            "kpis.csv",
            "packs/team-a.html",
        ]
        .map(String::from)
        .to_vec();
        assert!(update(out, &all).unwrap().is_empty());
        // A manifest edited by hand to name a file caseaudit does not write.
        let text = std::fs::read_to_string(out.join(MANIFEST)).unwrap() + "notes.txt\n";
        std::fs::write(out.join(MANIFEST), text).unwrap();
        let removed = update(out, &["kpis.csv".to_string()]).unwrap();
        assert_eq!(removed, ["report.html", "report.xlsx", "packs/team-a.html"]);
        assert!(out.join("kpis.csv").exists() && out.join("notes.txt").exists());
        assert!(!out.join("packs").exists());
    }
}
