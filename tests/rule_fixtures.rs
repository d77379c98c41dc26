//! One fixture per rule: `tests/fixtures/rules/<RULE-ID>/` holds the input tables
//! (`input/<table>.csv`), the run's dates (`fixture.toml`) and every expectation the rule
//! must produce, hand-checked (`expected.csv`, with a `note` column saying why). The test
//! runs the rule alone over the input and compares every expectation — met, late,
//! missing and pending — with the expected file.

use std::path::{Path, PathBuf};

use caseaudit::cli::AuditConfig;
use caseaudit::report::{Report, ResultRow};
use chrono::NaiveDate;
use serde::Deserialize;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Fixture {
    rule: String,
    #[serde(default = "default_pack")]
    pack: String,
    as_at: NaiveDate,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
    region: Option<String>,
    #[allow(dead_code)]
    description: Option<String>,
}

fn default_pack() -> String {
    "middlesbrough".into()
}

#[derive(Deserialize, Debug)]
struct Expected {
    child_id: String,
    start_date: String,
    due_date: String,
    event_date: String,
    status: String,
    working_days_late: u32,
    counted: String,
    #[allow(dead_code)]
    note: String,
}

fn line(
    child: &str,
    start: &str,
    due: &str,
    event: &str,
    status: &str,
    late: u32,
    counted: &str,
) -> String {
    format!("{child},{start},{due},{event},{status},{late},{counted}")
}

fn actual_line(report: &Report, r: &ResultRow) -> String {
    line(
        report.child_id(r),
        &r.start_date.to_string(),
        &r.due_date.to_string(),
        &r.event_date.map(|d| d.to_string()).unwrap_or_default(),
        r.status.as_str(),
        r.working_days_late,
        if r.counted { "Y" } else { "N" },
    )
}

fn run_fixture(dir: &Path) -> Result<(), String> {
    let fx: Fixture = toml::from_str(
        &std::fs::read_to_string(dir.join("fixture.toml")).map_err(|e| e.to_string())?,
    )
    .map_err(|e| format!("fixture.toml: {e}"))?;
    let pack_path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("rules")
        .join(format!("{}.toml", fx.pack));
    let to = fx.to.unwrap_or(fx.as_at);
    let config = AuditConfig {
        input: dir.join("input"),
        rules: pack_path.display().to_string(),
        profile: None,
        from: fx
            .from
            .unwrap_or_else(|| NaiveDate::from_ymd_opt(2000, 1, 1).unwrap()),
        to,
        as_at: fx.as_at,
        out: PathBuf::new(),
        region: fx.region.map(|r| r.parse().expect("fixture region")),
        closures: Vec::new(),
        formats: Vec::new(),
        threads: Some(1),
        only: vec![fx.rule.clone()],
        verbose: false,
        quiet: true,
    };
    let pack = caseaudit::run::load_pack(&config).map_err(|e| e.to_string())?;
    let loaded = caseaudit::ingest::load(&config.input).map_err(|e| e.to_string())?;
    if !loaded.issues.is_empty() {
        return Err(format!(
            "input has data-quality findings: {:?}",
            loaded.issues
        ));
    }
    let report = caseaudit::run::evaluate(&config, &pack, &loaded).map_err(|e| e.to_string())?;
    let actual: Vec<String> = report
        .rows
        .iter()
        .map(|r| actual_line(&report, r))
        .collect();

    let mut reader = csv::Reader::from_path(dir.join("expected.csv")).map_err(|e| e.to_string())?;
    let mut expected: Vec<String> = Vec::new();
    for rec in reader.deserialize::<Expected>() {
        let e = rec.map_err(|e| format!("expected.csv: {e}"))?;
        expected.push(line(
            &e.child_id,
            &e.start_date,
            &e.due_date,
            &e.event_date,
            &e.status,
            e.working_days_late,
            &e.counted,
        ));
    }
    let mut sorted = expected.clone();
    sorted.sort();
    let mut actual_sorted = actual.clone();
    actual_sorted.sort();
    if sorted != actual_sorted {
        let missing: Vec<&String> = sorted
            .iter()
            .filter(|l| !actual_sorted.contains(l))
            .collect();
        let extra: Vec<&String> = actual_sorted
            .iter()
            .filter(|l| !sorted.contains(l))
            .collect();
        return Err(format!(
            "expectations differ\n  expected but not produced:\n    {}\n  produced but not expected:\n    {}",
            missing
                .iter()
                .map(|s| s.as_str())
                .collect::<Vec<_>>()
                .join("\n    "),
            extra
                .iter()
                .map(|s| s.as_str())
                .collect::<Vec<_>>()
                .join("\n    ")
        ));
    }
    Ok(())
}

/// Fixture folders: `tests/fixtures/rules/<ID>/` for the Middlesbrough pack and
/// `tests/fixtures/rules/<pack>/<ID>/` for the others.
fn fixture_dirs() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/rules");
    let mut dirs = Vec::new();
    let mut stack = vec![root];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).expect("fixture folder").flatten() {
            let p = entry.path();
            if p.join("fixture.toml").is_file() {
                dirs.push(p);
            } else if p.is_dir() && p.file_name().is_some_and(|n| n != "input") {
                stack.push(p);
            }
        }
    }
    dirs.sort();
    dirs
}

fn fixture_folder(pack: &str, rule: &str) -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/rules");
    if pack == "middlesbrough" {
        root.join(rule)
    } else {
        root.join(pack).join(rule)
    }
}

#[test]
fn every_rule_fixture_produces_its_hand_checked_expectations() {
    let dirs = fixture_dirs();
    assert!(!dirs.is_empty(), "no rule fixtures found");
    let failures: Vec<String> = dirs
        .iter()
        .filter_map(|d| {
            run_fixture(d)
                .err()
                .map(|e| format!("{}: {e}", d.display()))
        })
        .collect();
    assert!(
        failures.is_empty(),
        "{} of {} fixtures failed:\n{}",
        failures.len(),
        dirs.len(),
        failures.join("\n\n")
    );
}

#[test]
fn every_rule_of_every_bundled_pack_has_a_fixture() {
    let mut missing = Vec::new();
    for (name, _) in caseaudit::rules::BUNDLED {
        let pack = caseaudit::rules::load_pack(name).unwrap();
        for r in &pack.rules {
            // A rule inherited unchanged from an extended pack is tested with that pack.
            if r.defined_in == pack.id
                && !fixture_folder(&pack.id, &r.id)
                    .join("fixture.toml")
                    .is_file()
            {
                missing.push(format!("{}/{}", pack.id, r.id));
            }
        }
    }
    assert!(missing.is_empty(), "rules without a fixture: {missing:?}");
}
