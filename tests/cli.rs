//! The command line as a user meets it: exit codes, identical outputs for any thread
//! count and for the xlsx and CSV forms of one export, and outputs written whole or not
//! at all.

use std::path::Path;
use std::process::Command;

fn caseaudit(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_caseaudit"))
        .args(args)
        .output()
        .expect("caseaudit runs")
}

/// Writes a synthetic export (seed 1) and returns its path.
fn sample(dir: &Path, name: &str, children: usize) -> String {
    let out = dir.join(name);
    caseaudit_sample::write_sample(&caseaudit_sample::SampleConfig::new(children, 1), &out)
        .expect("sample export");
    out.display().to_string()
}

fn audit(input: &str, out: &Path, extra: &[&str]) -> std::process::Output {
    let mut args = vec![
        "audit",
        input,
        "--rules",
        "middlesbrough",
        "--to",
        "2026-10-31",
        "--out",
        out.to_str().unwrap(),
        "--quiet",
    ];
    args.extend_from_slice(extra);
    caseaudit(&args)
}

fn read(p: &Path) -> Vec<u8> {
    std::fs::read(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

/// An exception resting on an unreadable cell names the cell's file and sheet
/// (`export.xlsx [visits] row 5 …` or `visits.csv row 5 …`): the one place where the two
/// forms of an export may differ. The rest of the text must be the same.
fn same_cell_names(bytes: Vec<u8>) -> Vec<u8> {
    let text = String::from_utf8(bytes).expect("UTF-8 output");
    let re = regex::Regex::new(r"(export\.xlsx \[[a-z0-9_]+\]|[a-z0-9_]+\.csv) row ").unwrap();
    re.replace_all(&text, "<cell> row ")
        .into_owned()
        .into_bytes()
}

#[test]
fn xlsx_and_csv_forms_and_thread_counts_give_byte_identical_outputs() {
    let dir = tempfile::tempdir().unwrap();
    let xlsx = sample(dir.path(), "export.xlsx", 150);
    let csv = sample(dir.path(), "export-csv", 150);
    let a = dir.path().join("a");
    let b = dir.path().join("b");
    let c = dir.path().join("c");
    assert_eq!(audit(&xlsx, &a, &["--threads", "1"]).status.code(), Some(1));
    assert_eq!(audit(&csv, &b, &["--threads", "2"]).status.code(), Some(1));
    assert_eq!(audit(&xlsx, &c, &["--threads", "2"]).status.code(), Some(1));
    for f in ["exceptions.csv", "kpis.csv", "pending.csv"] {
        let (x, y, z) = (
            same_cell_names(read(&a.join(f))),
            same_cell_names(read(&b.join(f))),
            same_cell_names(read(&c.join(f))),
        );
        assert!(x.len() > 200, "{f} is nearly empty");
        assert!(x == y, "{f}: xlsx and CSV forms differ");
        assert!(x == z, "{f}: 1 and 2 threads differ");
    }
    let header = String::from_utf8(read(&a.join("exceptions.csv"))).unwrap();
    assert!(
        header.contains("unreadable value"),
        "the sample should have an exception resting on an unreadable cell"
    );
    assert!(header.starts_with(
        "rule_id,child_id,episode_type,team,worker,start_date,due_date,event_date,status,working_days_late"
    ));
    let kpis = String::from_utf8(read(&a.join("kpis.csv"))).unwrap();
    assert!(
        kpis.starts_with(
            "rule_id,scope,scope_value,due,met,late,missing,percent_met,not_measured,team,target_percent,rating\n"
        )
    );
    let summary: serde_json::Value =
        serde_json::from_slice(&read(&a.join("summary.json"))).unwrap();
    for t in summary["tables"].as_array().unwrap() {
        let n = |k: &str| t[k].as_u64().unwrap();
        assert_eq!(n("read"), n("used") + n("rejected") + n("skipped"), "{t}");
    }
}

#[test]
fn no_exceptions_exits_0_and_errors_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir(&input).unwrap();
    std::fs::write(
        input.join("episodes.csv"),
        "child_id,episode_type,start_date,end_date\nC1,CP,2026-03-02,2026-03-06\n",
    )
    .unwrap();
    std::fs::write(
        input.join("visits.csv"),
        "child_id,visit_date,recorded_date\nC1,2026-03-04,2026-03-04\n",
    )
    .unwrap();
    let out = dir.path().join("out");
    let o = audit(
        input.to_str().unwrap(),
        &out,
        &["--only", "CP-VISIT-10,REC-VISIT-5"],
    );
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let rows = String::from_utf8(read(&out.join("exceptions.csv"))).unwrap();
    assert_eq!(rows.lines().count(), 1, "only the header: {rows}");

    // A missing input, a bad rule id, a bad date: exit 2 with a message.
    let o = audit("/no/such/export.xlsx", &out, &[]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("does not exist"));
    let o = audit(input.to_str().unwrap(), &out, &["--only", "NOPE-1"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("no rule 'NOPE-1'"));
    let o = caseaudit(&[
        "audit",
        input.to_str().unwrap(),
        "--to",
        "31/10/2026",
        "--out",
        "x",
    ]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn outputs_are_written_whole_or_not_at_all() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir(&input).unwrap();
    // A required column missing: the run stops before writing anything.
    std::fs::write(input.join("visits.csv"), "child_id,date\nC1,2026-03-04\n").unwrap();
    let out = dir.path().join("out");
    let o = audit(input.to_str().unwrap(), &out, &[]);
    assert_eq!(o.status.code(), Some(2));
    let msg = String::from_utf8_lossy(&o.stderr);
    assert!(
        msg.contains("visits table lacks the required column(s) visit_date"),
        "{msg}"
    );
    assert!(!out.join("exceptions.csv").exists());

    // An output folder that cannot be written: exit 2, and no staging folder left behind.
    std::fs::write(
        input.join("visits.csv"),
        "child_id,visit_date\nC1,2026-03-04\n",
    )
    .unwrap();
    let blocked = dir.path().join("file-not-folder");
    std::fs::write(&blocked, "x").unwrap();
    let o = audit(input.to_str().unwrap(), &blocked, &[]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn rules_list_and_explain_name_the_standard_and_courses() {
    let o = caseaudit(&["rules", "list"]);
    assert!(o.status.success());
    let list = String::from_utf8(o.stdout).unwrap();
    assert!(
        list.contains("CP-VISIT-10") && list.contains("every 10 working days"),
        "{list}"
    );
    let o = caseaudit(&["rules", "explain", "cp-visit-10"]);
    let text = String::from_utf8(o.stdout).unwrap();
    for heading in [
        "What it checks:",
        "Why it matters:",
        "Timescale:",
        "Standard:",
        "KPI:",
        "Courses that address it:",
    ] {
        assert!(text.contains(heading), "{heading} in {text}");
    }
    // The standard by its section and its own sentence; the line for maintainers.
    assert!(text.contains("7. Child Protection"), "{text}");
    assert!(
        text.contains("\u{201c}I see my child every 10 working days as a minimum"),
        "{text}"
    );
    assert!(text.contains("line 3013 of the source text"), "{text}");
    assert!(text.contains("Communicating With Children"), "{text}");
    let o = caseaudit(&["rules", "explain", "NOPE"]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn without_dates_the_as_at_date_is_the_exports_latest_record() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    std::fs::create_dir(&input).unwrap();
    std::fs::write(
        input.join("episodes.csv"),
        "child_id,episode_type,start_date,end_date\nC1,CP,2026-09-01,\n",
    )
    .unwrap();
    // The latest record is a visit on Fri 30 Oct 2026; a recorded date in 2099 is after
    // today and not taken.
    std::fs::write(
        input.join("visits.csv"),
        "child_id,visit_date,recorded_date\nC1,2026-10-30,2099-01-01\n",
    )
    .unwrap();
    let out = dir.path().join("out");
    let o = caseaudit(&[
        "audit",
        input.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--format",
        "csv,json",
    ]);
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(o.status.code().is_some_and(|c| c < 2), "{stderr}");
    assert!(
        stderr.contains("as at 2026-10-30 (the latest date recorded in the export"),
        "{stderr}"
    );
    let summary: serde_json::Value =
        serde_json::from_slice(&read(&out.join("summary.json"))).unwrap();
    assert_eq!(summary["run"]["as_at"], "2026-10-30");
    assert_eq!(summary["run"]["as_at_source"], "export");
    assert_eq!(summary["run"]["from"], "2025-10-31");

    // An as-at date long after the latest record is warned about; so is a period with no
    // record in it.
    let o = caseaudit(&[
        "audit",
        input.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--as-at",
        "2026-12-31",
        "--from",
        "2026-11-01",
        "--format",
        "csv",
    ]);
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(
        stderr.contains("warning: the latest date recorded in the export is 2026-10-30, 42 working days before the as-at date 2026-12-31"),
        "{stderr}"
    );
    assert!(
        stderr.contains("warning: the audit period 2026-11-01 to 2026-12-31 holds no record"),
        "{stderr}"
    );
}

/// `caseaudit sample …` hands its arguments, untouched, to the `caseaudit-sample` binary
/// beside it and passes on whether it worked; without the generator it says how to
/// build it (exit 2). A stand-in generator records the arguments it was given.
#[cfg(unix)]
#[test]
fn sample_runs_the_generator_beside_caseaudit_with_its_arguments() {
    use std::os::unix::fs::PermissionsExt;
    let tmp = tempfile::tempdir().unwrap();
    let exe = tmp.path().join("caseaudit");
    std::fs::copy(env!("CARGO_BIN_EXE_caseaudit"), &exe).unwrap();
    let run = |args: &[&str]| {
        Command::new(&exe)
            .args(args)
            .env("PATH", "")
            .output()
            .expect("caseaudit runs")
    };
    let alone = run(&["sample", "--shape", "903", "--out", "x"]);
    assert_eq!(alone.status.code(), Some(2));
    let err = String::from_utf8_lossy(&alone.stderr);
    assert!(
        err.contains("cargo build --release -p caseaudit-sample"),
        "{err}"
    );

    let record = tmp.path().join("args.txt");
    let generator = tmp.path().join("caseaudit-sample");
    std::fs::write(
        &generator,
        format!(
            "#!/bin/sh\nprintf '%s\\n' \"$@\" > '{}'\n[ \"$1\" = --fail ] && exit 3\nexit 0\n",
            record.display()
        ),
    )
    .unwrap();
    std::fs::set_permissions(&generator, std::fs::Permissions::from_mode(0o755)).unwrap();
    let ok = run(&["sample", "--shape", "cin", "--out", "a b.xml", "--help"]);
    assert_eq!(ok.status.code(), Some(0), "{ok:?}");
    assert_eq!(
        std::fs::read_to_string(&record).unwrap(),
        "--shape\ncin\n--out\na b.xml\n--help\n"
    );
    assert_eq!(run(&["sample", "--fail"]).status.code(), Some(2));
}
