//! The hostile and broken fixtures (`tests/fixtures/hostile/`, written by its `make.py`):
//! each runs the real binary and must end as its `case.toml` says — no panic, the
//! documented exit code, a message or finding naming the problem — and every summary it
//! writes must account for every row: `read = used + rejected + skipped` per table.
//!
//! `case.toml` keys: `family`, `description`, `args` (`{input}` is the fixture's input
//! folder, `{out}` a fresh output folder), `exit`, and any of `stderr_has`, `stderr_lacks`,
//! `finding_has`, `finding_lacks` (in `data_quality.csv`), `summary_has` (in
//! `summary.json`), `outputs_lack` (in no output file, the workbook's cells included),
//! `no_formula` (no text cell of any CSV or xlsx output starts like a formula), `cwd`
//! (a folder of the input to run in) and `env`.

use std::path::{Path, PathBuf};
use std::process::Command;

use libtest_mimic::{Arguments, Failed, Trial};
use serde::Deserialize;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    family: String,
    #[allow(dead_code)]
    description: String,
    args: Vec<String>,
    exit: i32,
    #[serde(default)]
    stderr_has: Vec<String>,
    #[serde(default)]
    stderr_lacks: Vec<String>,
    #[serde(default)]
    finding_has: Vec<String>,
    #[serde(default)]
    finding_lacks: Vec<String>,
    #[serde(default)]
    summary_has: Vec<String>,
    #[serde(default)]
    outputs_lack: Vec<String>,
    #[serde(default)]
    no_formula: bool,
    cwd: Option<String>,
    #[serde(default)]
    env: std::collections::BTreeMap<String, String>,
}

/// The families every fixture belongs to; each must have at least one fixture.
const FAMILIES: [&str; 7] = [
    "never panic",
    "nothing dropped",
    "nothing doubled",
    "messages",
    "bundled names",
    "safe outputs",
    "privacy",
];

fn fixtures() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/hostile");
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(&root)
        .expect("the hostile fixtures")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.join("case.toml").is_file())
        .collect();
    dirs.sort();
    dirs
}

fn case(dir: &Path) -> Case {
    let text = std::fs::read_to_string(dir.join("case.toml")).expect("case.toml");
    toml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
}

/// The text of every output file (a workbook as its cells' text, tab-separated).
fn outputs(out: &Path) -> Vec<(String, String)> {
    let mut files = Vec::new();
    let Ok(entries) = std::fs::read_dir(out) else {
        return files;
    };
    for e in entries.flatten() {
        let p = e.path();
        let name = e.file_name().to_string_lossy().to_string();
        if !p.is_file() {
            continue;
        }
        if name.ends_with(".xlsx") {
            files.push((name, xlsx_text(&p)));
        } else {
            files.push((
                name,
                String::from_utf8_lossy(&std::fs::read(&p).unwrap()).into(),
            ));
        }
    }
    files
}

fn xlsx_cells(p: &Path) -> Vec<String> {
    use calamine::{Data, Reader};
    let mut book = calamine::open_workbook_auto(p).expect("the workbook opens");
    let mut cells = Vec::new();
    for sheet in book.sheet_names() {
        let range = book.worksheet_range(&sheet).expect("a sheet");
        for row in range.rows() {
            for c in row {
                if let Data::String(s) = c {
                    cells.push(s.clone());
                }
            }
        }
    }
    cells
}

fn xlsx_text(p: &Path) -> String {
    xlsx_cells(p).join("\t")
}

fn formula_like(s: &str) -> bool {
    s.starts_with(['=', '+', '-', '@', '\t', '\r'])
}

fn run(dir: &Path) -> Result<(), Failed> {
    let c = case(dir);
    let input = dir.join("input").canonicalize().expect("input");
    let tmp = tempfile::tempdir().expect("a temporary folder");
    let out = tmp.path().join("out");
    let fill = |a: &str| {
        a.replace("{input}", &input.display().to_string())
            .replace("{out}", &out.display().to_string())
    };
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_caseaudit"));
    cmd.args(c.args.iter().map(|a| fill(a)));
    cmd.current_dir(match &c.cwd {
        Some(sub) => input.join(sub.trim_start_matches("input").trim_start_matches('/')),
        None => tmp.path().to_path_buf(),
    });
    cmd.env_remove("CASEAUDIT_PSEUDONYM_KEY");
    for (k, v) in &c.env {
        cmd.env(k, v);
    }
    let output = cmd.output().expect("the binary runs");
    let stderr = String::from_utf8_lossy(&output.stderr).to_string();
    let code = output.status.code().unwrap_or(-1);
    let mut problems = Vec::new();
    if stderr.contains("panicked") || code == 101 || code == 134 || code == -1 {
        problems.push(format!("it crashed (exit {code}): {stderr}"));
    }
    if code != c.exit {
        problems.push(format!(
            "exit {code}, expected {}; stderr: {stderr}",
            c.exit
        ));
    }
    for s in &c.stderr_has {
        if !stderr.contains(s.as_str()) {
            problems.push(format!("stderr lacks {s:?}: {stderr}"));
        }
    }
    for s in &c.stderr_lacks {
        if stderr.contains(s.as_str()) {
            problems.push(format!("stderr holds {s:?}"));
        }
    }
    let files = outputs(&out);
    let file = |name: &str| {
        files
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, t)| t.as_str())
    };
    if (c.exit == 0 || c.exit == 1) && c.args[0] == "audit" && file("summary.json").is_none() {
        problems.push("no summary.json written".into());
    }
    let quality = file("data_quality.csv").unwrap_or("");
    for s in &c.finding_has {
        if !quality.contains(s.as_str()) {
            problems.push(format!("data_quality.csv lacks {s:?}:\n{quality}"));
        }
    }
    for s in &c.finding_lacks {
        if quality.contains(s.as_str()) {
            problems.push(format!("data_quality.csv holds {s:?}:\n{quality}"));
        }
    }
    let summary = file("summary.json").unwrap_or("");
    for s in &c.summary_has {
        if !summary.contains(s.as_str()) {
            problems.push(format!("summary.json lacks {s:?}"));
        }
    }
    if !summary.is_empty() {
        let json: serde_json::Value = serde_json::from_str(summary).expect("summary.json parses");
        let tables = json["tables"].as_array().cloned().unwrap_or_default();
        for t in tables {
            let n = |k: &str| t[k].as_u64().unwrap_or(0);
            if n("read") != n("used") + n("rejected") + n("skipped") {
                problems.push(format!("summary: read != used + rejected + skipped: {t}"));
            }
        }
    }
    for s in &c.outputs_lack {
        let s = fill(s);
        for (name, text) in &files {
            if text.contains(s.as_str()) {
                problems.push(format!("{name} holds {s:?}"));
            }
        }
    }
    if c.no_formula {
        for (name, text) in &files {
            if name.ends_with(".csv") {
                let mut r = csv::ReaderBuilder::new()
                    .has_headers(false)
                    .from_reader(text.as_bytes());
                for rec in r.records() {
                    for f in rec.expect("a CSV record").iter() {
                        if formula_like(f) {
                            problems.push(format!("{name}: a cell starts like a formula: {f:?}"));
                        }
                    }
                }
            }
        }
        for cell in xlsx_cells(&out.join("report.xlsx")) {
            if formula_like(&cell) {
                problems.push(format!(
                    "report.xlsx: a cell starts like a formula: {cell:?}"
                ));
            }
        }
        if !files.iter().any(|(_, t)| t.contains("'=HYPERLINK")) {
            problems.push("the injected team is not in the outputs, neutralised".into());
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems.join("\n").into())
    }
}

fn main() {
    let args = Arguments::from_args();
    let dirs = fixtures();
    let mut trials: Vec<Trial> = dirs
        .iter()
        .map(|d| {
            let name = d.file_name().unwrap().to_string_lossy().to_string();
            let dir = d.clone();
            Trial::test(name, move || run(&dir))
        })
        .collect();
    trials.push(Trial::test(
        "at_least_30_fixtures_in_every_family",
        move || {
            if dirs.len() < 30 {
                return Err(
                    format!("{} hostile fixtures; at least 30 are needed", dirs.len()).into(),
                );
            }
            let families: Vec<String> = dirs.iter().map(|d| case(d).family).collect();
            for f in &families {
                if !FAMILIES.contains(&f.as_str()) {
                    return Err(format!("unknown family {f:?}").into());
                }
            }
            for f in FAMILIES {
                if !families.iter().any(|x| x == f) {
                    return Err(format!("no fixture of the family {f:?}").into());
                }
            }
            Ok(())
        },
    ));
    libtest_mimic::run(&args, trials).exit();
}
