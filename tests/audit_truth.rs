//! The audit's truth, end to end (contract §3 as revised): a child on a plan who is
//! never seen never vanishes from an audit, and a lapse is filed under the worker who
//! held the child when each visit fell due.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

use caseaudit::config::AuditConfig;
use caseaudit::criteria::Per;
use caseaudit::engine::Anchor;
use caseaudit::engine::Status;
use caseaudit::period::DateSpec;
use caseaudit::report::Report;
use chrono::NaiveDate;

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn config(input: &Path, to: NaiveDate) -> AuditConfig {
    let from = to
        .checked_sub_months(chrono::Months::new(12))
        .unwrap()
        .succ_opt()
        .unwrap();
    AuditConfig {
        input: input.to_path_buf(),
        extra_inputs: Vec::new(),
        rules: "middlesbrough".into(),
        profile: None,
        dates: DateSpec::fixed(from, to, to),
        out: PathBuf::new(),
        region: None,
        closures: Vec::new(),
        formats: Vec::new(),
        threads: None,
        only: Vec::new(),
        verbose: false,
        quiet: true,
        reports: Default::default(),
        options: Default::default(),
    }
}

fn audit(input: &Path, to: NaiveDate) -> Report {
    let config = config(input, to);
    let pack = caseaudit::run::load_pack(&config).unwrap();
    let loaded = caseaudit::ingest::load(input).unwrap();
    caseaudit::run::evaluate(&config, &pack, &loaded).unwrap()
}

/// Every child with an episode of a rule's cohort open at the as-at date has an
/// expectation of that rule (met, late, missing or pending); every child with one open
/// throughout the audit period has one counted or pending. Recurring child rules that
/// can be measured only.
fn assert_no_child_vanishes(input: &Path, to: NaiveDate) -> usize {
    let report = audit(input, to);
    let loaded = caseaudit::ingest::load(input).unwrap();
    let ds = &loaded.dataset;
    let pack = caseaudit::rules::load_pack("middlesbrough").unwrap();
    let episodes = ds.table(caseaudit::schema::TableId::Episodes);
    let def = episodes.def();
    let col = |n: &str| def.column_index(n).unwrap();
    let (child_c, type_c, start_c, end_c) = (
        col("child_id"),
        col("episode_type"),
        col("start_date"),
        col("end_date"),
    );
    let (from, as_at) = (report.meta.from, report.meta.as_at);

    // (rule, child) pairs with any expectation, and with a counted or pending one.
    let mut any: BTreeSet<(String, String)> = BTreeSet::new();
    let mut counted: BTreeSet<(String, String)> = BTreeSet::new();
    // Children with a deadline that starts from their episode (e.g. the first core group).
    let mut episode_deadline: BTreeSet<String> = BTreeSet::new();
    for r in &report.rows {
        if r.source_table == caseaudit::schema::TableId::Episodes
            && report.rules[r.rule as usize].kind == "deadline"
        {
            episode_deadline.insert(report.child_id(r).to_string());
        }
        let key = (
            report.rule_id(r).to_string(),
            report.child_id(r).to_string(),
        );
        if r.counted || r.status == Status::Pending {
            counted.insert(key.clone());
        }
        any.insert(key);
    }
    let mut checked = 0;
    let mut vanished = Vec::new();
    for (i, rule) in pack.rules.iter().enumerate() {
        if rule.kind.name() != "recurring" || report.rules[i].not_measured.is_some() {
            continue;
        }
        let Some(cohort) = rule.kind.cohort().filter(|c| c.per == Per::Child) else {
            continue;
        };
        for row in 0..episodes.len() as u32 {
            let (Some(child), Some(kind), Some(start)) = (
                episodes.sym(row, child_c),
                episodes.sym(row, type_c),
                episodes.date(row, start_c),
            ) else {
                continue;
            };
            if !cohort.episode_types.iter().any(|t| t == ds.text(kind)) || start > as_at {
                continue;
            }
            let end = episodes.date(row, end_c);
            let open_at_as_at = end.is_none_or(|e| e >= as_at);
            let open_throughout = start < from && open_at_as_at;
            let key = (rule.id.clone(), ds.text(child).to_string());
            checked += 1;
            // A chain that starts at its first event (core groups after the first) has
            // nothing to judge before it: the episode's own deadline covers the child.
            if rule.kind.anchor() == Some(Anchor::FirstEvent) && episode_deadline.contains(&key.1) {
                continue;
            }
            if (open_at_as_at && !any.contains(&key))
                || (open_throughout && !counted.contains(&key))
            {
                vanished.push(format!("{} {} (episode from {start})", key.0, key.1));
            }
        }
    }
    assert!(
        vanished.is_empty(),
        "{} episode(s) of {} vanished from the audit: {:?}",
        vanished.len(),
        input.display(),
        &vanished[..vanished.len().min(20)]
    );
    checked
}

#[test]
fn no_child_vanishes_from_the_bundled_sample() {
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-exports/native.xlsx");
    let checked = assert_no_child_vanishes(&sample, d("2026-10-31"));
    assert!(checked > 300, "only {checked} episodes checked");
}

#[test]
fn no_child_vanishes_from_a_generated_5000_child_export() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("export");
    let mut cfg = caseaudit_sample::SampleConfig::new(5000, 11);
    cfg.messy = true;
    caseaudit_sample::write_sample(&cfg, &out).unwrap();
    let checked = assert_no_child_vanishes(&out, cfg.as_at);
    assert!(checked > 5000, "only {checked} episodes checked");
}

#[test]
fn removing_a_childs_visits_never_improves_the_visit_kpi() {
    // The first contract let a never-seen child vanish: removing visits raised % met.
    let dir = tempfile::tempdir().unwrap();
    let full = dir.path().join("full");
    let mut cfg = caseaudit_sample::SampleConfig::new(200, 5);
    cfg.messy = false;
    caseaudit_sample::write_sample(&cfg, &full).unwrap();
    let kpi = |report: &Report| {
        let k = report
            .kpis
            .iter()
            .find(|k| k.rule_id == "CP-VISIT-10" && k.scope_value.is_empty())
            .unwrap()
            .clone();
        (k.due, k.met, k.missing)
    };
    let before = kpi(&audit(&full, cfg.as_at));

    // The same export without any visit of the CP children.
    let episodes = std::fs::read_to_string(full.join("episodes.csv")).unwrap();
    let cp: BTreeSet<&str> = episodes
        .lines()
        .filter(|l| l.split(',').nth(1) == Some("CP"))
        .filter_map(|l| l.split(',').next())
        .collect();
    assert!(cp.len() > 5, "the sample should have CP children");
    let visits = std::fs::read_to_string(full.join("visits.csv")).unwrap();
    let kept: Vec<&str> = visits
        .lines()
        .enumerate()
        .filter(|(i, l)| *i == 0 || !cp.contains(l.split(',').next().unwrap_or("")))
        .map(|(_, l)| l)
        .collect();
    std::fs::write(full.join("visits.csv"), kept.join("\n") + "\n").unwrap();
    let after = kpi(&audit(&full, cfg.as_at));

    // Without visits every child is still due a visit every 10 WD: each due point counts.
    assert!(
        after.0 * 10 >= before.0 * 9,
        "far fewer visits due: {before:?} -> {after:?}"
    );
    assert_eq!(after.1, 0, "nothing can be met without visits: {after:?}");
    assert!(
        after.2 > before.2,
        "no more missing: {before:?} -> {after:?}"
    );
}

/// A CP child seen on 2 March 2026, then not again; allocated to W1, then to W2 from
/// 20 April 2026 (a CIN allocation to W9 in between is for another episode type).
fn reallocated_export(dir: &Path) -> PathBuf {
    let input = dir.join("in");
    std::fs::create_dir(&input).unwrap();
    let files = [
        (
            "episodes.csv",
            "child_id,episode_type,start_date,end_date,team,worker\nC1,CP,2026-02-16,,Team B,W2\n",
        ),
        (
            "visits.csv",
            "child_id,visit_date,recorded_date,seen_alone,worker,team\nC1,2026-03-02,2026-03-02,Y,W1,Team A\n",
        ),
        (
            "allocations.csv",
            "child_id,allocated_date,first_contact_date,episode_type,worker,team\n\
             C1,2026-02-16,2026-02-17,CP,W1,Team A\n\
             C1,2026-04-01,2026-04-01,CIN,W9,Team C\n\
             C1,2026-04-20,2026-04-21,CP,W2,Team B\n",
        ),
    ];
    for (name, text) in files {
        std::fs::write(input.join(name), text).unwrap();
    }
    input
}

#[test]
fn a_lapse_is_filed_under_the_worker_allocated_on_each_due_date() {
    let dir = tempfile::tempdir().unwrap();
    let input = reallocated_export(dir.path());
    let out = dir.path().join("out");
    let o = Command::new(env!("CARGO_BIN_EXE_caseaudit"))
        .args(["audit", input.to_str().unwrap(), "--only", "CP-VISIT-10"])
        .args(["--to", "2026-05-29", "--format", "csv", "--quiet"])
        .args(["--out", out.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(
        o.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let text = std::fs::read_to_string(out.join("exceptions.csv")).unwrap();
    let rows: Vec<Vec<&str>> = text
        .lines()
        .skip(1)
        .map(|l| l.split(',').collect())
        .collect();
    // Seen Mon 2 Mar; +10 WD = Mon 16 Mar, then 10 WD on from each missed point: Mon
    // 30 Mar; Wed 15 Apr (Good Friday 3 Apr and Easter Monday 6 Apr skipped); Wed 29 Apr;
    // Thu 14 May (4 May bank holiday skipped); Fri 29 May = the as-at date: pending.
    // Lateness runs to the as-at date: (16 Mar, 29 May] holds 50 working days (three bank
    // holidays and 25 May skipped), and each later point 10 fewer. Reallocated on 20 Apr:
    // W1 before, W2 from then; the CIN allocation to W9 does not apply to the CP chain.
    let got: Vec<(&str, &str, &str, &str)> =
        rows.iter().map(|r| (r[6], r[3], r[4], r[9])).collect();
    assert_eq!(
        got,
        [
            ("2026-03-16", "Team A", "W1", "50"),
            ("2026-03-30", "Team A", "W1", "40"),
            ("2026-04-15", "Team A", "W1", "30"),
            ("2026-04-29", "Team B", "W2", "20"),
            ("2026-05-14", "Team B", "W2", "10"),
        ]
    );
    let pending = std::fs::read_to_string(out.join("pending.csv")).unwrap();
    assert!(
        pending.contains(",CP,Team B,W2,2026-05-14,2026-05-29,,pending,0,"),
        "{pending}"
    );
    // The worker KPIs follow: W1 met the first point (2 Mar: the plan start, 16 Feb, +
    // 10 WD) and missed 3; W2 missed 2 of 2.
    let kpis = std::fs::read_to_string(out.join("kpis.csv")).unwrap();
    assert!(
        kpis.contains("CP-VISIT-10,worker,W1,4,1,0,3,25.0,"),
        "{kpis}"
    );
    assert!(
        kpis.contains("CP-VISIT-10,worker,W2,2,0,0,2,0.0,"),
        "{kpis}"
    );
    assert!(!kpis.contains(",W9,"), "{kpis}");
}
