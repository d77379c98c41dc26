//! Trust in what caseaudit writes: pseudonyms (stable for a key, different for another,
//! no raw id anywhere), an interrupted run (no staging folder left), a failure part-way
//! through writing (the previous outputs intact), bundled names never shadowed, and
//! `caseaudit-sample` refusing to overwrite.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn caseaudit(args: &[&str], key: Option<&str>) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_caseaudit"));
    cmd.args(args).env_remove("CASEAUDIT_PSEUDONYM_KEY");
    if let Some(k) = key {
        cmd.env("CASEAUDIT_PSEUDONYM_KEY", k);
    }
    cmd.output().expect("caseaudit runs")
}

fn sample(dir: &Path, children: usize) -> PathBuf {
    let out = dir.join("export");
    caseaudit_sample::write_sample(&caseaudit_sample::SampleConfig::new(children, 1), &out)
        .expect("sample export");
    out
}

fn audit(input: &Path, out: &Path, extra: &[&str], key: Option<&str>) -> Output {
    let mut args = vec![
        "audit",
        input.to_str().unwrap(),
        "--rules",
        "middlesbrough",
        "--to",
        "2026-10-31",
        "--out",
        out.to_str().unwrap(),
        "--quiet",
    ];
    args.extend_from_slice(extra);
    caseaudit(&args, key)
}

/// Every output file's text (the workbook's text cells, tab-separated).
fn all_text(out: &Path) -> Vec<(String, String)> {
    let mut v = Vec::new();
    for e in std::fs::read_dir(out).unwrap().flatten() {
        let name = e.file_name().to_string_lossy().to_string();
        let text = if name.ends_with(".xlsx") {
            use calamine::{Data, Reader};
            let mut book = calamine::open_workbook_auto(e.path()).unwrap();
            let mut cells = Vec::new();
            for s in book.sheet_names() {
                for row in book.worksheet_range(&s).unwrap().rows() {
                    for c in row {
                        if let Data::String(t) = c {
                            cells.push(t.clone());
                        }
                    }
                }
            }
            cells.join("\t")
        } else {
            String::from_utf8_lossy(&std::fs::read(e.path()).unwrap()).to_string()
        };
        v.push((name, text));
    }
    v
}

/// The values of one column of a CSV file.
fn column(path: &Path, name: &str) -> Vec<String> {
    let mut r = csv::Reader::from_path(path).unwrap();
    let i = r.headers().unwrap().iter().position(|h| h == name).unwrap();
    r.records().map(|rec| rec.unwrap()[i].to_string()).collect()
}

const KEY_A: &str = "first-test-key-0123456789";
const KEY_B: &str = "second-test-key-0123456789";

#[test]
fn pseudonyms_are_stable_per_key_differ_between_keys_and_hide_every_id() {
    let dir = tempfile::tempdir().unwrap();
    let export = sample(dir.path(), 60);
    let ids = column(&export.join("children.csv"), "child_id");
    let workers = column(&export.join("workers.csv"), "worker");
    let births = column(&export.join("children.csv"), "date_of_birth");
    let (a1, a2, b) = (
        dir.path().join("a1"),
        dir.path().join("a2"),
        dir.path().join("b"),
    );
    let key_file = dir.path().join("key");
    std::fs::write(&key_file, format!("{KEY_A}\n")).unwrap();
    let workers_flag = ["--pseudonymise", "--pseudonymise-workers"];
    let o = audit(&export, &a1, &workers_flag, Some(KEY_A));
    assert_eq!(
        o.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let mut with_file = workers_flag.to_vec();
    with_file.extend(["--key-file", key_file.to_str().unwrap()]);
    assert_eq!(audit(&export, &a2, &with_file, None).status.code(), Some(1));
    assert_eq!(
        audit(&export, &b, &workers_flag, Some(KEY_B)).status.code(),
        Some(1)
    );

    let ex = |d: &Path| std::fs::read(d.join("exceptions.csv")).unwrap();
    assert_eq!(
        ex(&a1),
        ex(&a2),
        "the same key (env or file) gives the same tokens"
    );
    let children = |d: &Path| -> Vec<String> {
        column(&d.join("exceptions.csv"), "child_id")
            .into_iter()
            .filter(|c| !c.is_empty())
            .collect()
    };
    let (children_a, children_b) = (children(&a1), children(&b));
    assert!(!children_a.is_empty());
    assert!(
        children_a
            .iter()
            .all(|c| c.starts_with("P-") && c.len() == 34)
    );
    assert_eq!(children_a.len(), children_b.len());
    assert!(
        children_a.iter().zip(&children_b).all(|(x, y)| x != y),
        "another key gives other tokens"
    );
    for (name, text) in all_text(&a1) {
        for id in &ids {
            assert!(
                !text.contains(id.as_str()),
                "{name} holds the child id {id}"
            );
        }
        for w in &workers {
            assert!(!text.contains(w.as_str()), "{name} holds the worker {w}");
        }
        for d in births.iter().filter(|d| !d.is_empty()) {
            assert!(
                !text.contains(&format!("date_of_birth,{d}")),
                "{name} holds a date of birth"
            );
        }
    }
}

#[test]
fn an_interrupted_run_leaves_no_staging_folder() {
    let dir = tempfile::tempdir().unwrap();
    let export = sample(dir.path(), 1500);
    let mut interrupted = 0;
    for (i, delay) in [30u64, 120, 250, 400, 600, 900, 1300].iter().enumerate() {
        let out = dir.path().join(format!("out{i}"));
        let mut child = Command::new(env!("CARGO_BIN_EXE_caseaudit"))
            .args([
                "audit",
                export.to_str().unwrap(),
                "--to",
                "2026-10-31",
                "--out",
                out.to_str().unwrap(),
                "--quiet",
            ])
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(*delay));
        let signal = if i % 2 == 0 { "-INT" } else { "-TERM" };
        let _ = Command::new("kill")
            .args([signal, &child.id().to_string()])
            .status();
        let status = child.wait().unwrap();
        if out.exists() {
            let staging: Vec<String> = std::fs::read_dir(&out)
                .unwrap()
                .flatten()
                .map(|e| e.file_name().to_string_lossy().to_string())
                .filter(|n| n.starts_with(".caseaudit-staging-"))
                .collect();
            assert!(
                staging.is_empty(),
                "after {delay} ms ({status}): {staging:?} left"
            );
            // Whole or nothing: a summary only with every other output.
            if out.join("summary.json").exists() {
                for f in ["exceptions.csv", "kpis.csv", "pending.csv", "report.xlsx"] {
                    assert!(out.join(f).exists(), "{f} missing beside summary.json");
                }
            }
        }
        if status.code() == Some(130) {
            interrupted += 1;
        }
    }
    assert!(
        interrupted > 0,
        "no run was interrupted: the export is too small"
    );
}

#[test]
fn a_failure_part_way_through_writing_leaves_the_previous_outputs_intact() {
    let dir = tempfile::tempdir().unwrap();
    let export = sample(dir.path(), 40);
    let out = dir.path().join("out");
    assert_eq!(
        audit(&export, &out, &["--format", "csv,json"], None)
            .status
            .code(),
        Some(1)
    );
    let before: Vec<(String, Vec<u8>)> = ["exceptions.csv", "kpis.csv", "summary.json"]
        .iter()
        .map(|f| (f.to_string(), std::fs::read(out.join(f)).unwrap()))
        .collect();
    // A folder stands where the next run's report.html goes.
    std::fs::create_dir(out.join("report.html")).unwrap();
    let o = audit(&export, &out, &[], None);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("report.html") && err.contains("a folder stands"),
        "{err}"
    );
    for (f, bytes) in before {
        assert_eq!(std::fs::read(out.join(&f)).unwrap(), bytes, "{f} changed");
    }
    assert!(
        !out.join("report.xlsx").exists(),
        "no file of the failed run"
    );
    let left: Vec<_> = std::fs::read_dir(&out)
        .unwrap()
        .flatten()
        .filter(|e| {
            e.file_name()
                .to_string_lossy()
                .starts_with(".caseaudit-staging-")
        })
        .collect();
    assert!(left.is_empty());
}

#[test]
fn a_smaller_run_leaves_no_file_of_the_previous_one() {
    let dir = tempfile::tempdir().unwrap();
    let export = sample(dir.path(), 30);
    let out = dir.path().join("out");
    audit(&export, &out, &[], None);
    assert!(out.join("report.xlsx").exists());
    audit(&export, &out, &["--format", "csv"], None);
    assert!(
        !out.join("report.xlsx").exists(),
        "an older run's workbook would mix two runs"
    );
    assert!(!out.join("summary.json").exists());
    assert!(out.join("exceptions.csv").exists());
}

#[test]
fn the_sample_generator_refuses_to_overwrite_without_force() {
    let dir = tempfile::tempdir().unwrap();
    let book = dir.path().join("s.xlsx");
    std::fs::write(&book, "precious").unwrap();
    let sample = env!("CARGO_MANIFEST_DIR").to_string() + "/target/debug/caseaudit-sample";
    let bin = Path::new(&sample);
    if !bin.exists() {
        // Built with the workspace; the CLI of the generator is tested where it is built.
        return;
    }
    let o = Command::new(bin)
        .args(["--children", "5", "--out", book.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("--force"));
    assert_eq!(std::fs::read_to_string(&book).unwrap(), "precious");
    let o = Command::new(bin)
        .args([
            "--children",
            "5",
            "--force",
            "--out",
            book.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0));
}

/// Every field the HTML report shows from the export or the pack is escaped: each carries
/// its own tag, which must appear escaped and never raw.
#[test]
fn every_field_of_the_html_report_is_escaped() {
    let dir = tempfile::tempdir().unwrap();
    let export = dir.path().join("<x-file>");
    std::fs::create_dir(&export).unwrap();
    std::fs::write(
        export.join("episodes.csv"),
        "child_id,episode_type,start_date,end_date,team,worker\n<x-child>,CP,2026-01-05,,<x-team>,<x-worker>\n",
    )
    .unwrap();
    std::fs::write(
        export.join("visits.csv"),
        "child_id,visit_date,recorded_date\n<x-child>,2026-01-12,<x-value>\n",
    )
    .unwrap();
    let pack = dir.path().join("pack.toml");
    std::fs::write(
        &pack,
        r#"[pack]
id = "x-pack"
title = "<x-pack-title>"

[[course]]
id = "c1"
title = "<x-course>"

[[rule]]
id = "X-1"
title = "<x-rule-title>"
kind = "recurring"
courses = ["c1"]
standard = { section = "<x-section>" }
checks = "<x-checks>"
cohort = { episode_types = ["CP"] }
events = { table = "visits", date = "visit_date" }
[[rule.interval]]
every = "10 WD"

[[rule]]
id = "X-2"
title = "Recording"
kind = "lag"
standard = { section = "s" }
start = { table = "visits", date = "visit_date" }
target = { column = "recorded_date" }
timescale = "5 WD"
"#,
    )
    .unwrap();
    let out = dir.path().join("out");
    let o = caseaudit(
        &[
            "audit",
            export.to_str().unwrap(),
            "--rules",
            pack.to_str().unwrap(),
            "--to",
            "2026-03-31",
            "--out",
            out.to_str().unwrap(),
            "--quiet",
        ],
        None,
    );
    assert_eq!(
        o.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    for field in [
        "x-child",
        "x-team",
        "x-worker",
        "x-value",
        "x-file",
        "x-pack-title",
        "x-course",
        "x-rule-title",
        "x-section",
    ] {
        assert!(
            !html.contains(&format!("<{field}>")),
            "{field} is not escaped"
        );
        assert!(
            html.contains(&format!("&lt;{field}&gt;")),
            "{field} is not in the report"
        );
    }
}
