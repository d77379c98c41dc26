//! One fixture per rule (and more for single readings): `tests/fixtures/rules/<RULE-ID>/`
//! holds the input tables (`input/<table>.csv`), the run's dates (`fixture.toml`) and
//! every expectation the rule must produce, hand-checked (`expected.csv`, with a `note`
//! column saying why). Each folder is one test, named after it, comparing every column
//! of every expectation — met, late, missing, pending and not measured — with the
//! expected file; `tests/fixtures/rules/README.md` describes the format.
//!
//! Run one alone: `cargo test --test rule_fixtures -- CP-VISIT-10 --exact`.

use std::path::{Path, PathBuf};

use caseaudit::config::AuditConfig;
use caseaudit::period::DateSpec;
use caseaudit::report::{Report, ResultRow, Scope};
use chrono::NaiveDate;
use libtest_mimic::{Arguments, Failed, Trial};
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
    /// A phrase the reason must contain when the rule cannot be measured on the input.
    not_measured: Option<String>,
    /// How many data-quality findings the input is meant to produce.
    #[serde(default)]
    findings: usize,
}

fn default_pack() -> String {
    "middlesbrough".into()
}

/// The compared columns of `expected.csv`, in order.
const COLUMNS: [&str; 12] = [
    "child_id",
    "episode_type",
    "team",
    "worker",
    "start_date",
    "due_date",
    "event_date",
    "status",
    "working_days_late",
    "counted",
    "source",
    "data_quality",
];

fn actual_line(report: &Report, r: &ResultRow) -> String {
    let data_quality = r.finding.map_or(String::new(), |i| {
        let f = &report.issues[i as usize];
        format!("{}:{}:{}", r.source_table.name(), f.row, f.column)
    });
    [
        report.child_id(r).to_string(),
        report.text(r.episode_type).to_string(),
        report.text(r.team).to_string(),
        report.text(r.worker).to_string(),
        r.start_date.to_string(),
        r.due_date.to_string(),
        r.event_date.map(|d| d.to_string()).unwrap_or_default(),
        r.status.as_str().to_string(),
        r.working_days_late.to_string(),
        if r.counted { "Y" } else { "N" }.to_string(),
        format!("{}:{}", r.source_table.name(), r.source.row),
        data_quality,
    ]
    .join(",")
}

fn expected_lines(path: &Path) -> Result<Vec<String>, String> {
    let mut reader = csv::Reader::from_path(path).map_err(|e| e.to_string())?;
    let headers = reader.headers().map_err(|e| e.to_string())?.clone();
    let at: Vec<usize> = COLUMNS
        .iter()
        .map(|c| {
            headers
                .iter()
                .position(|h| h == *c)
                .ok_or_else(|| format!("expected.csv has no column '{c}'"))
        })
        .collect::<Result<_, _>>()?;
    let mut out = Vec::new();
    for (i, rec) in reader.records().enumerate() {
        let rec = rec.map_err(|e| format!("expected.csv line {}: {e}", i + 2))?;
        let cells: Vec<&str> = at.iter().map(|&c| rec.get(c).unwrap_or("")).collect();
        out.push(cells.join(","));
    }
    Ok(out)
}

fn run_fixture(dir: &Path) -> Result<(), Failed> {
    let fx: Fixture = toml::from_str(
        &std::fs::read_to_string(dir.join("fixture.toml")).map_err(|e| e.to_string())?,
    )
    .map_err(|e| format!("fixture.toml: {e}"))?;
    let pack_path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("rules")
        .join(format!("{}.toml", fx.pack));
    let from = fx
        .from
        .unwrap_or_else(|| NaiveDate::from_ymd_opt(2000, 1, 1).unwrap());
    let config = AuditConfig {
        input: dir.join("input"),
        extra_inputs: Vec::new(),
        rules: pack_path.display().to_string(),
        profile: None,
        dates: DateSpec::fixed(from, fx.to.unwrap_or(fx.as_at), fx.as_at),
        out: PathBuf::new(),
        region: fx
            .region
            .as_deref()
            .map(|r| r.parse().expect("fixture region")),
        closures: Vec::new(),
        formats: Vec::new(),
        threads: Some(1),
        only: vec![fx.rule.clone()],
        verbose: false,
        quiet: true,
        reports: Default::default(),
        options: Default::default(),
    };
    let pack = caseaudit::run::load_pack(&config).map_err(|e| e.to_string())?;
    let loaded = caseaudit::ingest::load(&config.input).map_err(|e| e.to_string())?;
    if loaded.issues.len() != fx.findings {
        return Err(format!(
            "the input has {} data-quality finding(s), the fixture expects {}: {:#?}",
            loaded.issues.len(),
            fx.findings,
            loaded.issues
        )
        .into());
    }
    let report = caseaudit::run::evaluate(&config, &pack, &loaded).map_err(|e| e.to_string())?;
    check_measured(&report, &fx)?;

    let mut actual: Vec<String> = report
        .rows
        .iter()
        .map(|r| actual_line(&report, r))
        .collect();
    let mut expected = expected_lines(&dir.join("expected.csv"))?;
    actual.sort();
    expected.sort();
    if expected == actual {
        return Ok(());
    }
    let only_in = |a: &[String], b: &[String]| -> String {
        let mut b = b.to_vec();
        let mut out = Vec::new();
        for l in a {
            match b.iter().position(|x| x == l) {
                Some(i) => {
                    b.remove(i);
                }
                None => out.push(format!("    {l}")),
            }
        }
        out.join("\n")
    };
    Err(format!(
        "expectations differ ({})\n  expected but not produced:\n{}\n  produced but not expected:\n{}",
        COLUMNS.join(","),
        only_in(&expected, &actual),
        only_in(&actual, &expected)
    )
    .into())
}

/// A rule is not measured exactly when the fixture says so; then it has no exception and
/// no percentage.
fn check_measured(report: &Report, fx: &Fixture) -> Result<(), String> {
    let rule = &report.rules[0];
    match (&fx.not_measured, &rule.not_measured) {
        (None, None) => Ok(()),
        (None, Some(why)) => Err(format!("the rule is not measured: {why}")),
        (Some(phrase), None) => Err(format!(
            "the rule is measured; the fixture expects it not measured ({phrase})"
        )),
        (Some(phrase), Some(why)) => {
            if !why.contains(phrase.as_str()) {
                return Err(format!("the reason '{why}' does not say '{phrase}'"));
            }
            if report.exception_count() != 0 {
                return Err("a rule that is not measured reports exceptions".into());
            }
            let kpi = report
                .kpis
                .iter()
                .find(|k| k.scope == Scope::All)
                .ok_or("no KPI row")?;
            if !kpi.percent_met().is_empty() || kpi.not_measured.is_none() {
                return Err("the KPI of a rule not measured shows a percentage".into());
            }
            if !report.warnings.iter().any(|w| w.contains(&rule.id)) {
                return Err("no warning names the rule not measured".into());
            }
            Ok(())
        }
    }
}

/// Fixture folders: `tests/fixtures/rules/<ID>/` for the Middlesbrough pack and
/// `tests/fixtures/rules/<pack>/<ID>/` for the others.
fn fixture_dirs() -> Vec<PathBuf> {
    let root = fixtures_root();
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

fn fixtures_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/rules")
}

fn fixture_folder(pack: &str, rule: &str) -> PathBuf {
    if pack == "middlesbrough" {
        fixtures_root().join(rule)
    } else {
        fixtures_root().join(pack).join(rule)
    }
}

fn every_rule_of_every_bundled_pack_has_a_fixture() -> Result<(), Failed> {
    let mut missing = Vec::new();
    for (name, _) in caseaudit::rules::BUNDLED {
        let pack = caseaudit::rules::load_pack(name).map_err(|e| e.to_string())?;
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
    if missing.is_empty() {
        Ok(())
    } else {
        Err(format!("rules without a fixture: {missing:?}").into())
    }
}

fn main() {
    let args = Arguments::from_args();
    let root = fixtures_root();
    let dirs = fixture_dirs();
    assert!(!dirs.is_empty(), "no rule fixtures found");
    let mut trials: Vec<Trial> = dirs
        .into_iter()
        .map(|dir| {
            let name = dir
                .strip_prefix(&root)
                .unwrap_or(&dir)
                .to_string_lossy()
                .replace('\\', "/");
            Trial::test(name, move || run_fixture(&dir))
        })
        .collect();
    trials.push(Trial::test(
        "every_rule_of_every_bundled_pack_has_a_fixture",
        every_rule_of_every_bundled_pack_has_a_fixture,
    ));
    libtest_mimic::run(&args, trials).exit();
}
