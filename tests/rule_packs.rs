//! Rule packs load in two steps and reject bad packs with messages that name the file,
//! the rule and the fix.

use caseaudit::rules::{load_pack, load_pack_str};

const HEAD: &str = "[pack]\nid = \"test\"\ntitle = \"Test pack\"\n";

fn errors(body: &str) -> String {
    match load_pack_str("test.toml", &format!("{HEAD}{body}")) {
        Ok(_) => panic!("the pack should have been rejected"),
        Err(e) => e.to_string(),
    }
}

const GOOD_RULE: &str = r#"
[[rule]]
id = "X-1"
title = "Thing not done within 5 working days"
kind = "deadline"
standard = { section = "1" }
start = { table = "assessments", date = "start_date" }
target = { column = "completed_date" }
timescale = "5 WD"
"#;

#[test]
fn the_bundled_middlesbrough_pack_loads_with_every_contract_rule_id_and_issue_9s() {
    let pack = load_pack("middlesbrough").unwrap();
    let ids = [
        "ASMT-CFA-45",
        "ASMT-MFP-30",
        "REC-VISIT-5",
        "EH-CONTACT-3",
        "EH-REVIEW-6W",
        "CIN-CONTACT-5",
        "CIN-VISIT-20",
        "CIN-REVIEW-20",
        "S47-SEEN-24H",
        "S47-OUTCOME-7",
        "S47-ICPC-15",
        "CP-CG1-10",
        "CP-CG-20",
        "CP-VISIT-10",
        "CP-RCPC",
        "CP-MINUTES-15",
        "CP-REPORT-3",
        "CLA-REVIEW",
        "CLA-VISIT",
        "CLA-REPORT-2",
        "CLA-HEALTH",
        "CLA-PEP-10",
        "CLA-CTM-4W",
        "CL-CONTACT-8W",
        "SUP-CP-4W",
        "SUP-CIN-8W",
        "YOS-ASMT-15",
        // Issue 9: further standards of the seed the export has data for.
        "ASMT-CFA-10",
        "ASMT-UPDATE-12M",
        "CLA-CAREPLAN-10",
        "CP-ICPC-REPORT-2",
        "CP-CG-RECORD-72H",
        "YOS-SUP-1M",
        // Shares, counts and the further standards the new rule kinds allow.
        "CIN-SEEN-ALONE",
        "CP-SEEN-ALONE",
        "CLA-SEEN-ALONE",
        "CIN-PLAN-9M",
        "SUP-EH-ALLOC",
        "EH-VISIT-1M",
    ];
    for id in ids {
        let rule = pack.rule(id).unwrap_or_else(|| panic!("{id} missing"));
        assert!(rule.standard.line.is_some(), "{id} cites no source line");
        assert!(!rule.courses.is_empty(), "{id} links no course");
    }
    assert_eq!(pack.rules.len(), ids.len());
}

#[test]
fn a_good_rule_loads() {
    let pack = load_pack_str("test.toml", &format!("{HEAD}{GOOD_RULE}")).unwrap();
    assert_eq!(pack.rules.len(), 1);
}

#[test]
fn duplicate_ids_are_rejected() {
    let e = errors(&format!("{GOOD_RULE}{GOOD_RULE}"));
    assert!(e.contains("test.toml: rule X-1: duplicate rule id"), "{e}");
}

#[test]
fn unknown_kind_names_the_kinds() {
    let e = errors(&GOOD_RULE.replace("\"deadline\"", "\"deadlines\""));
    assert!(
        e.contains("unknown kind 'deadlines': kinds are deadline, lag, lead, recurring, snapshot"),
        "{e}"
    );
}

#[test]
fn bad_duration_says_how_to_write_one() {
    let e = errors(&GOOD_RULE.replace("\"5 WD\"", "\"5 fortnights\""));
    assert!(
        e.contains("rule X-1: timescale: bad timescale '5 fortnights'"),
        "{e}"
    );
    assert!(e.contains("e.g. \"15 WD\""), "{e}");
}

#[test]
fn unknown_table_and_column_list_what_exists() {
    let e = errors(&GOOD_RULE.replace("\"assessments\"", "\"assesments\""));
    assert!(
        e.contains("unknown table 'assesments'; tables are: children, episodes"),
        "{e}"
    );
    let e = errors(&GOOD_RULE.replace("\"completed_date\"", "\"completion_date\""));
    assert!(
        e.contains(
            "table 'assessments' has no column 'completion_date'; its columns are: child_id"
        ),
        "{e}"
    );
    let e = errors(&GOOD_RULE.replace("\"completed_date\"", "\"worker\""));
    assert!(
        e.contains("column 'worker' of 'assessments' is not a date"),
        "{e}"
    );
}

#[test]
fn misspelt_keys_and_bad_regexes_are_reported() {
    let e = errors(&GOOD_RULE.replace("timescale =", "timscale ="));
    assert!(
        e.contains("key `timscale` is not used by deadline rules"),
        "{e}"
    );
    let bad = GOOD_RULE.replace(
        "date = \"start_date\" }",
        "date = \"start_date\", where = [{ column = \"assessment_type\", matches = \"(CFA\" }] }",
    );
    let e = errors(&bad);
    assert!(e.contains("bad regular expression '(CFA'"), "{e}");
}

#[test]
fn recurring_rules_need_a_final_unconditional_interval() {
    let e = errors(
        r#"
[[rule]]
id = "R-1"
title = "Not seen"
kind = "recurring"
standard = { section = "1" }
cohort = { episode_types = ["CP", "XX"] }
events = { table = "visits", date = "visit_date" }
[[rule.interval]]
when = { ordinal = 1 }
every = "10 WD"
"#,
    );
    assert!(e.contains("unknown episode type 'XX'"), "{e}");
    assert!(
        e.contains("the last [[rule.interval]] must have no 'when'"),
        "{e}"
    );
}

#[test]
fn keys_of_another_kind_are_rejected() {
    let e = errors(&format!("{GOOD_RULE}anchor = \"first_event\"\n"));
    assert!(
        e.contains("key `anchor` is not used by deadline rules"),
        "{e}"
    );
    assert!(e.contains("their keys: one of `start`, `target`"), "{e}");
}

#[test]
fn unknown_courses_are_rejected_when_the_pack_has_a_catalogue() {
    let body = format!(
        "[[course]]\nid = \"c1\"\ntitle = \"Course\"\n{}",
        GOOD_RULE.replace(
            "kind = \"deadline\"",
            "kind = \"deadline\"\ncourses = [\"c2\"]"
        )
    );
    let e = errors(&body);
    assert!(e.contains("unknown course 'c2'"), "{e}");
}

#[test]
fn a_pack_extends_another_overriding_and_dropping_rules() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("base.toml"),
        format!(
            "[pack]\nid = \"base\"\ntitle = \"Base\"\n{GOOD_RULE}{}",
            GOOD_RULE.replace("X-1", "X-2")
        ),
    )
    .unwrap();
    let local = format!(
        "[pack]\nid = \"local\"\ntitle = \"Local\"\nextends = \"base.toml\"\ndrop = [\"X-2\"]\n{}",
        GOOD_RULE.replace("\"5 WD\"", "\"3 WD\"")
    );
    std::fs::write(dir.path().join("local.toml"), local).unwrap();
    let pack = load_pack(dir.path().join("local.toml").to_str().unwrap()).unwrap();
    assert_eq!(pack.rules.len(), 1);
    assert_eq!(pack.rules[0].defined_in, "local");
    assert_eq!(
        caseaudit::rules::describe_timescale(&pack.rules[0]),
        "within 3 working days"
    );
    assert_eq!(pack.files.len(), 2);
}

#[test]
fn the_readme_holds_the_registrys_kind_reference() {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md"))
        .expect("README.md");
    let begin = readme
        .find("<!-- kinds:begin -->\n")
        .expect("kinds:begin marker");
    let end = readme
        .find("\n<!-- kinds:end -->")
        .expect("kinds:end marker");
    let section = &readme[begin + "<!-- kinds:begin -->\n".len()..end];
    let generated = caseaudit::rules::kinds_reference(caseaudit::engine::KINDS);
    assert_eq!(
        section.trim_end(),
        generated.trim_end(),
        "the README's kind reference is stale: paste `caseaudit rules kinds` between the markers"
    );
}

#[test]
fn a_bundled_pack_rule_must_say_what_it_checks_why_its_kpi_and_standard() {
    // Packs shipped with caseaudit are loaded under a `bundled:` label.
    let text = r#"
[pack]
id = "p"
title = "P"

[[rule]]
id = "X-1"
title = "Assessment late"
kind = "deadline"
standard = { section = "1" }
start = { table = "assessments", date = "start_date" }
target = { column = "completed_date" }
timescale = "45 WD"
"#;
    let e = caseaudit::rules::load_pack_str_with("bundled:p", text, caseaudit::engine::KINDS)
        .unwrap_err()
        .to_string();
    for key in ["checks", "why", "kpi", "standard.text"] {
        assert!(e.contains(&format!("rule X-1: {key} is missing")), "{e}");
    }
    // A user's own pack may leave them out.
    assert!(caseaudit::rules::load_pack_str("mine.toml", text).is_ok());
}
