//! England's national returns audited as they are: one folder per case under
//! `tests/fixtures/national/<case>/` holds the inputs (an SSDA903 folder, a CIN census
//! XML, …, listed in `fixture.toml`), every expectation of every measured rule of the
//! pack, hand-checked (`expected.csv`, with a `note` column saying why), and every
//! data-quality finding the inputs must produce (`expected_findings.csv`). Rules the
//! returns cannot measure are listed with a phrase their reason must contain. Each
//! folder is one test, named after it; `tests/fixtures/national/README.md` describes the
//! format.
//!
//! Run one alone: `cargo test --test national -- 903-and-cin --exact`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use caseaudit::config::AuditConfig;
use caseaudit::engine::Status;
use caseaudit::period::DateSpec;
use caseaudit::report::{Report, ResultRow};
use chrono::NaiveDate;
use libtest_mimic::{Arguments, Failed, Trial};
use serde::Deserialize;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Fixture {
    /// The inputs, relative to the case folder, in the order given to `audit`.
    inputs: Vec<String>,
    pack: String,
    /// A mapping profile (a bundled profile's name) for the inputs, e.g. `ssd`.
    #[serde(default)]
    profile: Option<String>,
    as_at: NaiveDate,
    from: NaiveDate,
    to: NaiveDate,
    #[allow(dead_code)]
    description: Option<String>,
    /// Every rule the inputs cannot measure, with a phrase its reason must contain.
    #[serde(default)]
    not_measured: BTreeMap<String, String>,
}

/// The compared columns of `expected.csv`, in order.
const COLUMNS: [&str; 13] = [
    "rule_id",
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

/// The compared columns of `expected_findings.csv`, in order.
const FINDING_COLUMNS: [&str; 6] = ["file", "sheet", "row", "column", "value", "action"];

/// A path as the fixture writes it: relative to the case folder, with `/`.
fn relative(dir: &Path, file: &str) -> String {
    let p = Path::new(file);
    p.strip_prefix(dir)
        .unwrap_or(p)
        .to_string_lossy()
        .replace('\\', "/")
}

fn actual_line(dir: &Path, report: &Report, r: &ResultRow) -> String {
    let source = &report.sources[r.source.source as usize];
    let data_quality = r.finding.map_or(String::new(), |i| {
        let f = &report.issues[i as usize];
        format!("{}:{}:{}", relative(dir, &f.file), f.row, f.column)
    });
    [
        report.rule_id(r).to_string(),
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
        format!("{}:{}", relative(dir, &source.file), r.source.row),
        data_quality,
    ]
    .join(",")
}

/// The compared cells of a CSV file's rows, joined; and, per row, the extra column
/// `extra` if asked for.
fn expected_lines(
    path: &Path,
    columns: &[&str],
    extra: Option<&str>,
) -> Result<Vec<(String, String)>, String> {
    let mut reader =
        csv::Reader::from_path(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let headers = reader.headers().map_err(|e| e.to_string())?.clone();
    let find = |c: &str| {
        headers
            .iter()
            .position(|h| h == c)
            .ok_or_else(|| format!("{} has no column '{c}'", path.display()))
    };
    let at: Vec<usize> = columns.iter().map(|c| find(c)).collect::<Result<_, _>>()?;
    let extra_at = extra.map(find).transpose()?;
    let mut out = Vec::new();
    for (i, rec) in reader.records().enumerate() {
        let rec = rec.map_err(|e| format!("{} line {}: {e}", path.display(), i + 2))?;
        let cells: Vec<&str> = at.iter().map(|&c| rec.get(c).unwrap_or("")).collect();
        let x = extra_at.map_or("", |c| rec.get(c).unwrap_or(""));
        out.push((cells.join(","), x.to_string()));
    }
    Ok(out)
}

/// Lines only in `a` (a multiset difference), for the failure message.
fn only_in(a: &[String], b: &[String]) -> String {
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
}

fn run_fixture(dir: &Path) -> Result<(), Failed> {
    let fx: Fixture = toml::from_str(
        &std::fs::read_to_string(dir.join("fixture.toml")).map_err(|e| e.to_string())?,
    )
    .map_err(|e| format!("fixture.toml: {e}"))?;
    let inputs: Vec<PathBuf> = fx.inputs.iter().map(|i| dir.join(i)).collect();
    let pack_path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("rules")
        .join(format!("{}.toml", fx.pack));
    let config = AuditConfig {
        input: inputs[0].clone(),
        extra_inputs: inputs[1..].to_vec(),
        rules: pack_path.display().to_string(),
        profile: fx.profile.clone(),
        dates: DateSpec::fixed(fx.from, fx.to, fx.as_at),
        out: PathBuf::new(),
        region: None,
        closures: Vec::new(),
        formats: Vec::new(),
        threads: Some(1),
        only: Vec::new(),
        verbose: false,
        quiet: true,
        reports: Default::default(),
        options: Default::default(),
    };
    let pack = caseaudit::run::load_pack(&config).map_err(|e| e.to_string())?;
    let profile = fx
        .profile
        .as_deref()
        .map(caseaudit::profile::load_profile)
        .transpose()
        .map_err(|e| e.to_string())?;
    let loaded = caseaudit::ingest::load_inputs(
        &config.inputs(),
        profile.as_ref(),
        caseaudit::ingest::Mode::Strict,
    )
    .map_err(|e| e.to_string())?;
    let report = caseaudit::run::evaluate(&config, &pack, &loaded).map_err(|e| e.to_string())?;
    let mut errors = Vec::new();

    // Rules not measured: exactly those listed, each for the reason given.
    for rule in &report.rules {
        match (fx.not_measured.get(&rule.id), &rule.not_measured) {
            (None, None) => {}
            (None, Some(why)) => errors.push(format!("{} is not measured: {why}", rule.id)),
            (Some(p), None) => errors.push(format!(
                "{} is measured; the fixture expects it not measured ({p})",
                rule.id
            )),
            (Some(p), Some(why)) if !why.contains(p.as_str()) => errors.push(format!(
                "{} is not measured because '{why}', which does not say '{p}'",
                rule.id
            )),
            _ => {}
        }
    }
    for id in fx.not_measured.keys() {
        if !report.rules.iter().any(|r| &r.id == id) {
            errors.push(format!("the pack has no rule {id}"));
        }
    }

    // Every expectation of the measured rules.
    let mut actual: Vec<String> = report
        .rows
        .iter()
        .filter(|r| r.status != Status::NotMeasured)
        .map(|r| actual_line(dir, &report, r))
        .collect();
    let mut expected: Vec<String> = expected_lines(&dir.join("expected.csv"), &COLUMNS, None)?
        .into_iter()
        .map(|(l, _)| l)
        .collect();
    actual.sort();
    expected.sort();
    if expected != actual {
        errors.push(format!(
            "expectations differ ({})\n  expected but not produced:\n{}\n  produced but not expected:\n{}",
            COLUMNS.join(","),
            only_in(&expected, &actual),
            only_in(&actual, &expected)
        ));
    }

    // Every data-quality finding, each with a phrase of its reason.
    let mut found: Vec<(String, String)> = loaded
        .issues
        .iter()
        .map(|i| {
            (
                [
                    relative(dir, &i.file),
                    i.sheet.clone(),
                    i.row.to_string(),
                    i.column.clone(),
                    i.value.clone(),
                    i.action.as_str().to_string(),
                ]
                .join(","),
                i.reason.clone(),
            )
        })
        .collect();
    let mut wanted = expected_lines(
        &dir.join("expected_findings.csv"),
        &FINDING_COLUMNS,
        Some("reason_has"),
    )?;
    found.sort();
    wanted.sort();
    let keys = |v: &[(String, String)]| v.iter().map(|(k, _)| k.clone()).collect::<Vec<_>>();
    if keys(&found) != keys(&wanted) {
        errors.push(format!(
            "findings differ ({})\n  expected but not found:\n{}\n  found but not expected:\n{}",
            FINDING_COLUMNS.join(","),
            only_in(&keys(&wanted), &keys(&found)),
            only_in(&keys(&found), &keys(&wanted))
        ));
    } else {
        for ((k, reason), (_, phrase)) in found.iter().zip(&wanted) {
            if !reason.contains(phrase.as_str()) {
                errors.push(format!("finding {k}: '{reason}' does not say '{phrase}'"));
            }
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors.join("\n").into())
    }
}

fn fixtures_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/national")
}

fn main() {
    let args = Arguments::from_args();
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(fixtures_root())
        .expect("tests/fixtures/national")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.join("fixture.toml").is_file())
        .collect();
    dirs.sort();
    assert!(!dirs.is_empty(), "no national fixtures found");
    let trials: Vec<Trial> = dirs
        .into_iter()
        .map(|dir| {
            let name = dir
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            Trial::test(name, move || run_fixture(&dir))
        })
        .collect();
    libtest_mimic::run(&args, trials).exit();
}
