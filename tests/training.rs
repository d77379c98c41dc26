//! Training that follows the evidence (issue 10): the course catalogue loads with the
//! packs and every rule links reviewed courses; training needs and impact on a
//! hand-checked fixture (`tests/fixtures/training/README.md` has the working); and the
//! bundled sample's default run writes `training_needs.csv` and `training_impact.csv`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use caseaudit::rules::{BUNDLED, load_pack, load_pack_str};
use caseaudit::training::catalogue::bundled;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn fixture(name: &str) -> PathBuf {
    root().join("tests/fixtures/training").join(name)
}

fn caseaudit(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_caseaudit"))
        .args(args)
        .output()
        .expect("runs")
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// The rows of a CSV file, each as its columns.
fn csv_rows(path: &Path) -> Vec<Vec<String>> {
    let mut r = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_path(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    r.records()
        .map(|rec| rec.unwrap().iter().map(String::from).collect())
        .collect()
}

/// The first `n` columns of every row.
fn prefix(rows: &[Vec<String>], n: usize) -> Vec<Vec<String>> {
    rows.iter().map(|r| r[..n.min(r.len())].to_vec()).collect()
}

/// Audits the fixture (with the L&D file) into a temporary folder.
fn audit_fixture(extra: &[&str]) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let mut args = vec![
        "audit",
        s(&fixture("export")).to_string().leak(),
        "--only",
        "REC-VISIT-5,SUP-CP-4W",
        "--to",
        "2026-10-31",
        "--format",
        "csv,json,html",
        "--quiet",
        "--out",
        s(&out).to_string().leak(),
    ];
    args.extend_from_slice(extra);
    let o = caseaudit(&args);
    assert_eq!(
        o.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    (dir, out)
}

fn lnd_args() -> Vec<&'static str> {
    vec![
        "--training",
        s(&fixture("lnd-records.csv")).to_string().leak(),
        "--training-profile",
        s(&fixture("lnd-profile.toml")).to_string().leak(),
    ]
}

const NEED_PREFIX: [&str; 11] = [
    "worker",
    "team",
    "role",
    "course_id",
    "course",
    "rule_ids",
    "due",
    "met",
    "percent_met",
    "completed_date",
    "recommendation",
];

const IMPACT_PREFIX: [&str; 11] = [
    "course_id",
    "worker",
    "completed_date",
    "before_due",
    "before_met",
    "before_percent_met",
    "after_due",
    "after_met",
    "after_percent_met",
    "change_points",
    "judgement",
];

/// The fixture's needs, by worker: (course_id, due, met, completed_date, recommendation).
fn needs_by_worker(out: &Path) -> BTreeMap<String, Vec<[String; 5]>> {
    let mut map: BTreeMap<String, Vec<[String; 5]>> = BTreeMap::new();
    for r in csv_rows(&out.join("training_needs.csv")).iter().skip(1) {
        map.entry(r[0].clone()).or_default().push([
            r[3].clone(),
            r[6].clone(),
            r[7].clone(),
            r[9].clone(),
            r[10].clone(),
        ]);
    }
    map
}

#[test]
fn the_fixtures_needs_and_impact_are_the_hand_computed_ones() {
    let (_dir, out) = audit_fixture(&lnd_args());
    let needs = csv_rows(&out.join("training_needs.csv"));
    assert_eq!(needs[0][..11], NEED_PREFIX.map(String::from));
    assert_eq!(
        prefix(&needs, 11),
        csv_rows(&fixture("expected_needs.csv")),
        "training_needs.csv"
    );
    let impact = csv_rows(&out.join("training_impact.csv"));
    assert_eq!(impact[0][..11], IMPACT_PREFIX.map(String::from));
    assert_eq!(
        prefix(&impact, 11),
        csv_rows(&fixture("expected_impact.csv")),
        "training_impact.csv"
    );
}

#[test]
fn a_worker_who_completed_the_linked_course_is_not_recommended_it_again() {
    let (_dir, out) = audit_fixture(&lnd_args());
    let needs = needs_by_worker(&out);
    for (who, date) in [
        ("Cal Completed", "2026-06-01"),
        ("Ike Impact", "2026-05-15"),
    ] {
        let rows = &needs[who];
        assert_eq!(rows.len(), 1, "{who}: {rows:?}");
        assert_eq!(rows[0][0], "lcs-ehm");
        assert_eq!(rows[0][3], date);
        assert!(
            rows[0][4].starts_with(&format!(
                "completed on {date} — practice still below target"
            )),
            "{rows:?}"
        );
        assert!(!rows[0][4].contains("book"), "{rows:?}");
    }
}

#[test]
fn a_manager_course_goes_to_the_manager_not_the_supervisee() {
    let (_dir, out) = audit_fixture(&lnd_args());
    let needs = needs_by_worker(&out);
    assert_eq!(
        needs["Mo Manager"],
        [[
            "supervision-skills".to_string(),
            "12".into(),
            "0".into(),
            String::new(),
            "book the course".into()
        ]]
    );
    assert!(!needs.contains_key("Sid Supervisee"), "{needs:?}");
    let text = std::fs::read_to_string(out.join("training_needs.csv")).unwrap();
    assert!(text.contains("as responsible manager of: Sid Supervisee (12)"));
}

#[test]
fn an_asye_module_is_not_offered_to_a_senior_practitioner() {
    let (_dir, out) = audit_fixture(&lnd_args());
    let needs = needs_by_worker(&out);
    let courses = |who: &str| -> Vec<String> { needs[who].iter().map(|r| r[0].clone()).collect() };
    assert_eq!(courses("Sam Senior"), ["lcs-ehm"]);
    assert_eq!(courses("Ann Asye"), ["asye-1", "asye-3"]);
}

#[test]
fn a_worker_below_the_minimum_is_too_few_to_judge() {
    let (_dir, out) = audit_fixture(&lnd_args());
    let needs = needs_by_worker(&out);
    assert_eq!(
        needs["Fay Few"][0][4],
        "too few to judge: 4 due, fewer than 10"
    );
    // With a minimum of 4, Fay is judged: below target, the course is booked.
    let (_dir, out) = audit_fixture(&[&lnd_args()[..], &["--min-expectations", "4"]].concat());
    let needs = needs_by_worker(&out);
    assert_eq!(needs["Fay Few"][0][4], "book the course");
}

#[test]
fn an_impact_window_of_ten_due_five_met_then_ten_due_nine_met_improves_by_forty_points() {
    let (_dir, out) = audit_fixture(&lnd_args());
    let impact = csv_rows(&out.join("training_impact.csv"));
    let ike = impact.iter().find(|r| r[1] == "Ike Impact").unwrap();
    assert_eq!(
        ike[2..11],
        [
            "2026-05-15",
            "10",
            "5",
            "50.0",
            "10",
            "9",
            "90.0",
            "+40.0",
            "improved"
        ]
        .map(String::from)
    );
    let header = &impact[0];
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    assert_eq!(ike[col("before_from")], "2026-01-15");
    assert_eq!(ike[col("before_to")], "2026-05-14");
    assert_eq!(ike[col("after_from")], "2026-05-16");
    assert_eq!(ike[col("after_to")], "2026-09-15");
}

#[test]
fn a_course_completed_before_the_audit_period_is_measured_on_expectations_outside_it() {
    let (_dir, out) = audit_fixture(&lnd_args());
    let impact = csv_rows(&out.join("training_impact.csv"));
    let pat = impact.iter().find(|r| r[1] == "Pat Past").unwrap();
    assert_eq!(
        pat[2..11],
        [
            "2025-08-01",
            "10",
            "3",
            "30.0",
            "10",
            "8",
            "80.0",
            "+50.0",
            "improved"
        ]
        .map(String::from)
    );
    assert!(
        pat.last()
            .unwrap()
            .contains("completed before the audit period")
    );
    // Without the L&D file Pat has no training record: no impact row, and the course is
    // recommended with no completed date.
    let (_dir, out) = audit_fixture(&[]);
    let impact = csv_rows(&out.join("training_impact.csv"));
    assert!(!impact.iter().any(|r| r[1] == "Pat Past"));
    assert_eq!(
        needs_by_worker(&out)["Pat Past"][0][3..],
        [String::new(), "book the course".into()]
    );
}

#[test]
fn a_worker_with_no_training_record_is_recommended_with_no_completed_date() {
    let (_dir, out) = audit_fixture(&lnd_args());
    let needs = needs_by_worker(&out);
    assert_eq!(
        needs["Ned Notrained"],
        [[
            "lcs-ehm".to_string(),
            "10".into(),
            "2".into(),
            String::new(),
            "book the course".into()
        ]]
    );
    let impact = csv_rows(&out.join("training_impact.csv"));
    assert!(!impact.iter().any(|r| r[1] == "Ned Notrained"));
}

#[test]
fn unmatched_course_names_are_reported_and_the_l_and_d_file_is_counted() {
    let (_dir, out) = audit_fixture(&lnd_args());
    let dq = csv_rows(&out.join("data_quality.csv"));
    let row = dq
        .iter()
        .find(|r| r[4] == "Made Up Course")
        .expect("a finding");
    assert_eq!(row[2], "4");
    assert_eq!(row[3], "course");
    assert_eq!(row[6], "warning");
    let summary: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("summary.json")).unwrap()).unwrap();
    assert!(
        summary["warnings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|w| w.as_str().unwrap().contains("'Made Up Course' (1)")),
        "{summary}"
    );
    let training = summary["tables"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["table"] == "training")
        .unwrap();
    assert_eq!(
        training["read"], 4,
        "3 rows of the export, 1 of the L&D file"
    );
    assert_eq!(summary["training"]["completions_matched"], 3);
    assert_eq!(summary["training"]["unmatched_course_names"], 1);
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    assert!(html.contains("Training needs analysis/ training request — LCS/EHM Training"));
    assert!(html.contains(
        "How will you measure the effectiveness of the learning and development within practice?"
    ));
}

#[test]
fn training_records_are_read_from_a_workbook_through_a_profile() {
    let dir = tempfile::tempdir().unwrap();
    let book = dir.path().join("lnd.xlsx");
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("Training Records").unwrap();
    for (c, h) in ["Staff Name", "Course", "Completed"].iter().enumerate() {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    ws.write_string(1, 0, "Pat Past").unwrap();
    ws.write_string(1, 1, "LCS/EHM Training (recording system)")
        .unwrap();
    ws.write_string(1, 2, "1 Aug 2025").unwrap();
    wb.save(&book).unwrap();
    let (_d, out) = audit_fixture(&[
        "--training",
        s(&book).to_string().leak(),
        "--training-profile",
        "mosaic",
    ]);
    let impact = csv_rows(&out.join("training_impact.csv"));
    let pat = impact
        .iter()
        .find(|r| r[1] == "Pat Past")
        .expect("Pat's completion");
    assert_eq!(
        pat[2..11],
        csv_rows(&fixture("expected_impact.csv"))[3][2..11]
    );
}

#[test]
fn the_impact_window_is_configurable() {
    let (_dir, out) = audit_fixture(&[&lnd_args()[..], &["--impact-window", "2m"]].concat());
    let impact = csv_rows(&out.join("training_impact.csv"));
    let ike = impact.iter().find(|r| r[1] == "Ike Impact").unwrap();
    // 15 Mar–14 May 2026: the visits of 9, 16 and 23 Mar (due 16, 23, 30 Mar), none met;
    // 16 May–15 Jul 2026: 1 Jun–6 Jul (due 8 Jun–13 Jul), 6 met.
    assert_eq!(
        ike[3..11],
        [
            "3",
            "0",
            "0.0",
            "6",
            "6",
            "100.0",
            "+100.0",
            "too few to judge (fewer than 10 expectations before or after)"
        ]
        .map(String::from)
    );
    let o = caseaudit(&[
        "audit",
        ".",
        "--out",
        "o",
        "--impact-window",
        "4 fortnights",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("is not a window"));
}

// ------------------------------------------------------------------ the catalogue

#[test]
fn every_rule_of_every_bundled_pack_links_reviewed_courses() {
    for (name, _) in BUNDLED {
        let pack = load_pack(name).unwrap();
        for rule in &pack.rules {
            assert!(
                !rule.links.is_empty(),
                "{name}: {} links no course",
                rule.id
            );
            for l in &rule.links {
                let course = pack
                    .course(&l.course)
                    .unwrap_or_else(|| panic!("{}: unknown {}", rule.id, l.course));
                assert!(!course.placeholder, "{}: placeholder {}", rule.id, l.course);
                let reason = l.reason.as_deref().unwrap_or("");
                assert!(reason.len() > 30, "{}: {} has no reason", rule.id, l.course);
            }
            // Every rule's failure has a course some non-ASYE member of staff may take,
            // or a manager course (a link only ASYE workers could act on is not enough).
            assert!(
                rule.links.iter().any(|l| {
                    let c = pack.course(&l.course).unwrap();
                    c.for_all() || c.audience.iter().any(|a| a != "asye")
                }) || ["CLA-REVIEW", "AA-CLA-REVIEW", "AA-CLA-DENTAL"].contains(&rule.id.as_str()),
                "{}: only ASYE modules",
                rule.id
            );
        }
    }
}

#[test]
fn the_catalogue_holds_the_whole_offer_with_titles_at_their_source_lines() {
    let cat = bundled();
    let seed = std::fs::read_to_string(
        root().join("rules/sources/middlesbrough-learning-and-development-offer.txt"),
    )
    .unwrap();
    let lines: Vec<&str> = seed.lines().collect();
    let fold = |s: &str| {
        s.replace(['’', '‘'], "'")
            .replace(['–', '—'], "-")
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase()
    };
    let count = |cat_name: &str| {
        cat.courses
            .iter()
            .filter(|c| c.category.as_deref() == Some(cat_name))
            .count()
    };
    assert_eq!(cat.courses.len(), 88);
    assert_eq!(count("e-learning"), 31, "the Teeswide directory");
    assert_eq!(
        cat.courses
            .iter()
            .filter(|c| c.id.starts_with("asye-") && c.id[5..].parse::<u32>().is_ok())
            .count(),
        11,
        "the 11 ASYE modules"
    );
    for c in &cat.courses {
        let line = c
            .source_line
            .unwrap_or_else(|| panic!("{} has no source line", c.id)) as usize;
        let title = fold(c.title.strip_prefix("ASYE ").unwrap_or(&c.title));
        let head: String = title
            .split(" - ")
            .next()
            .unwrap_or("")
            .chars()
            .take(12)
            .collect();
        let window = fold(&lines[line.saturating_sub(4)..(line + 3).min(lines.len())].join(" "));
        assert!(
            window.contains(&head),
            "{}: '{head}' not near line {line}",
            c.id
        );
        if c.placeholder {
            assert!(c.placeholder_text.is_some(), "{}", c.id);
        }
    }
    for id in ["permanency", "chronologies"] {
        assert!(cat.course(id).unwrap().placeholder, "{id}");
    }
}

#[test]
fn a_pack_linking_an_unknown_or_placeholder_course_is_refused_naming_the_rule() {
    let pack = |courses: &str| {
        format!(
            "[pack]\nid = \"t\"\ntitle = \"T\"\n[[rule]]\nid = \"X-1\"\ntitle = \"Thing not done\"\nkind = \"deadline\"\nstandard = {{ section = \"1\" }}\ncourses = {courses}\nstart = {{ table = \"assessments\", date = \"start_date\" }}\ntarget = {{ column = \"completed_date\" }}\ntimescale = \"5 WD\"\n"
        )
    };
    let e = load_pack_str("t.toml", &pack("[\"section-74\"]"))
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("t.toml: rule X-1: unknown course 'section-74' (did you mean 'section-47'?)"),
        "{e}"
    );
    let e = load_pack_str("t.toml", &pack("[\"permanency\"]"))
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("rule X-1: course 'permanency' is a placeholder"),
        "{e}"
    );
    let ok = load_pack_str(
        "t.toml",
        &pack("[{ id = \"section-47\", reason = \"Because.\" }]"),
    )
    .unwrap();
    assert_eq!(ok.rules[0].links[0].reason.as_deref(), Some("Because."));
}

#[test]
fn rules_explain_gives_each_link_its_reason_and_routing() {
    let o = caseaudit(&["rules", "explain", "SUP-CP-4W"]);
    let text = String::from_utf8(o.stdout).unwrap();
    assert!(
        text.contains("supervision-skills — Supervision Skills [manager; Seminar; for manager]"),
        "{text}"
    );
    assert!(text.contains("goes to the responsible manager"), "{text}");
    assert!(
        text.contains("Why: Late supervision is the supervisor's failure"),
        "{text}"
    );
    let o = caseaudit(&["rules", "courses"]);
    let text = String::from_utf8(o.stdout).unwrap();
    assert!(
        text.contains("permanency  Permanency  (PLACEHOLDER: never recommended)"),
        "{text}"
    );
    assert!(text.contains("linked by"), "{text}");
}

// ------------------------------------------------------------------ the bundled sample

#[test]
fn the_readmes_main_command_writes_meaningful_training_needs_and_impact() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let sample = root().join("sample-exports/native.xlsx");
    let o = caseaudit(&[
        "audit",
        s(&sample),
        "--rules",
        "middlesbrough",
        "--to",
        "2026-10-31",
        "--out",
        s(&out),
        "--quiet",
    ]);
    assert_eq!(
        o.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let needs = csv_rows(&out.join("training_needs.csv"));
    assert_eq!(needs[0][..11], NEED_PREFIX.map(String::from));
    let impact = csv_rows(&out.join("training_impact.csv"));
    assert_eq!(impact[0][..11], IMPACT_PREFIX.map(String::from));
    let kinds = |rows: &[Vec<String>], col: usize, what: &str| {
        rows.iter()
            .skip(1)
            .filter(|r| r[col].starts_with(what))
            .count()
    };
    // Some staff are below target with a course to book, some completed it and are still
    // below, some have too few expectations to judge.
    assert!(kinds(&needs, 10, "book the course") >= 20, "book");
    assert!(kinds(&needs, 10, "completed on") >= 3, "completed");
    assert!(kinds(&needs, 10, "too few to judge") >= 10, "too few");
    // Some workers improve after a course, some do not, some train with too few cases.
    assert!(kinds(&impact, 10, "improved") >= 3, "improved");
    assert!(
        kinds(&impact, 10, "no clear change") + kinds(&impact, 10, "declined") >= 3,
        "no improvement"
    );
    assert!(kinds(&impact, 10, "too few to judge") >= 10, "too few");
    // Courses go by role: no ASYE module to anyone but ASYE workers, manager courses to
    // managers only.
    for r in needs.iter().skip(1) {
        if r[3].starts_with("asye-") {
            assert_eq!(r[2], "asye", "{r:?}");
        }
        if [
            "supervision-skills",
            "decision-making-awareness",
            "chairing-safeguarding-meetings",
        ]
        .contains(&r[3].as_str())
        {
            assert_eq!(r[2], "manager", "{r:?}");
        }
    }
    let ranked = csv_rows(&out.join("training_courses.csv"));
    assert!(ranked.len() > 5);
    assert!(out.join("training_needs_analysis.csv").is_file());
}
