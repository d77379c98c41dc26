//! Tests of the sample generator: determinism, scaling, the contract's
//! columns, readable workbooks and a believable compliance mix.

use super::*;
use caseaudit::calendar::age_on;
use chrono::{Datelike, Months};
use std::collections::BTreeMap;
use std::fs;
use std::path::PathBuf;

/// Contract §1, then the two tables beyond its list (placements, missing), written out
/// independently of `caseaudit::schema`.
const CONTRACT: &[(&str, &str)] = &[
    (
        "children",
        "child_id,date_of_birth,gender,disability,complex_needs_stable",
    ),
    (
        "episodes",
        "child_id,episode_type,start_date,end_date,team,worker",
    ),
    (
        "visits",
        "child_id,visit_date,recorded_date,seen_alone,visit_type,setting,worker,team",
    ),
    (
        "assessments",
        "child_id,assessment_type,start_date,completed_date,worker,team",
    ),
    (
        "s47",
        "child_id,strategy_date,outcome_date,outcome,icpc_date,worker,team",
    ),
    (
        "meetings",
        "child_id,meeting_type,meeting_date,report_shared_date,minutes_shared_date,worker,team",
    ),
    ("health", "child_id,assessment_type,date"),
    ("education", "child_id,pep_date"),
    ("contacts", "child_id,contact_date,contact_type"),
    (
        "allocations",
        "child_id,allocated_date,first_contact_date,episode_type,worker,team",
    ),
    (
        "placements",
        "child_id,start_date,end_date,placement_type,provider,change_reason",
    ),
    (
        "missing",
        "child_id,start_date,end_date,missing_type,return_interview_offered,return_interview_date",
    ),
    ("supervisions", "worker,date,supervisor,child_id"),
    ("workers", "worker,team,manager,role"),
    ("training", "worker,course,completed_date"),
];

/// Rows written to `table`.
fn count(stats: &SampleStats, table: &str) -> usize {
    stats
        .rows
        .iter()
        .find(|(t, _)| *t == table)
        .map_or(0, |r| r.1)
}

fn csv_sample(cfg: &SampleConfig) -> (tempfile::TempDir, PathBuf, SampleStats) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("export");
    let stats = write_sample(cfg, &out).unwrap();
    (dir, out, stats)
}

fn read_all(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let p = e.unwrap().path();
            (
                p.file_name().unwrap().to_string_lossy().into_owned(),
                fs::read(&p).unwrap(),
            )
        })
        .collect()
}

fn records(dir: &Path, table: &str) -> Vec<csv::StringRecord> {
    let mut r = csv::Reader::from_path(dir.join(format!("{table}.csv"))).unwrap();
    r.records().map(|x| x.unwrap()).collect()
}

fn date(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()
}

#[test]
fn same_seed_same_bytes_different_seed_different() {
    let cfg = SampleConfig::new(120, 7);
    let (_a, a, _) = csv_sample(&cfg);
    let (_b, b, _) = csv_sample(&cfg);
    let (fa, fb) = (read_all(&a), read_all(&b));
    assert_eq!(fa.len(), 15);
    assert_eq!(fa, fb);
    let (_c, c, _) = csv_sample(&SampleConfig::new(120, 8));
    let fc = read_all(&c);
    assert_ne!(fa["visits.csv"], fc["visits.csv"]);
    assert_ne!(fa["children.csv"], fc["children.csv"]);
    assert_ne!(fa["placements.csv"], fc["placements.csv"]);
}

#[test]
fn messy_cells_do_not_move_the_data() {
    // Messy cells have their own random stream: clean and messy runs hold the
    // same rows, so the benchmark's clean data is the demo's data, tidied.
    let mut clean = SampleConfig::new(150, 3);
    clean.messy = false;
    let (_a, _, s1) = csv_sample(&clean);
    let (_b, _, s2) = csv_sample(&SampleConfig::new(150, 3));
    assert_eq!(s1, s2);
}

#[test]
fn every_table_has_the_contract_columns() {
    let (_d, out, stats) = csv_sample(&SampleConfig::new(60, 1));
    for (table, cols) in CONTRACT {
        let mut r = csv::Reader::from_path(out.join(format!("{table}.csv"))).unwrap();
        let header: Vec<_> = r.headers().unwrap().iter().map(str::to_owned).collect();
        assert_eq!(header.join(","), *cols, "{table}");
        let n = r.records().count();
        assert_eq!(n, count(&stats, table), "{table}");
    }
    let names: Vec<_> = stats.rows.iter().map(|r| r.0).collect();
    let expected: Vec<_> = CONTRACT.iter().map(|r| r.0).collect();
    assert_eq!(names, expected);
}

#[test]
fn rows_scale_with_children() {
    let (_a, _, small) = csv_sample(&SampleConfig::new(100, 11));
    let (_b, _, big) = csv_sample(&SampleConfig::new(400, 11));
    assert_eq!(count(&small, "children"), 100);
    assert_eq!(count(&big, "children"), 400);
    for t in [
        "episodes",
        "visits",
        "meetings",
        "allocations",
        "assessments",
    ] {
        let ratio = count(&big, t) as f64 / count(&small, t) as f64;
        assert!((2.8..5.5).contains(&ratio), "{t}: {ratio}");
    }
    for (t, n) in &big.rows {
        assert!(*n > 0, "{t} is empty");
    }
}

#[test]
fn target_visits_lands_within_five_percent() {
    for (target, seed) in [(5_000usize, 1u64), (30_000, 2)] {
        let mut cfg = SampleConfig::new(1, seed);
        cfg.target_visits = Some(target);
        cfg.messy = false;
        let (_d, _, stats) = csv_sample(&cfg);
        let got = count(&stats, "visits") as f64;
        let off = (got - target as f64).abs() / target as f64;
        assert!(off < 0.05, "target {target}: got {got}");
        assert!(count(&stats, "children") > 50);
    }
}

#[test]
fn clean_data_is_clean_and_messy_data_is_messy() {
    let mut cfg = SampleConfig::new(300, 5);
    cfg.messy = false;
    let (_a, clean, _) = csv_sample(&cfg);
    let (_b, messy, _) = csv_sample(&SampleConfig::new(300, 5));
    let date_cols = |table: &str| -> Vec<usize> {
        let cols = CONTRACT.iter().find(|c| c.0 == table).unwrap().1;
        cols.split(',')
            .enumerate()
            .filter(|(_, c)| c.contains("date") || *c == "date")
            .map(|(i, _)| i)
            .collect()
    };
    let (mut uk, mut bad, mut blank_ids, mut cells) = (0, 0, 0, 0);
    for (table, _) in CONTRACT {
        for (dir, is_messy) in [(&clean, false), (&messy, true)] {
            for rec in records(dir, table) {
                if table.ends_with('s')
                    && rec.get(0) == Some("")
                    && !matches!(*table, "supervisions")
                {
                    assert!(is_messy, "blank key in clean {table}");
                    blank_ids += 1;
                }
                for i in date_cols(table) {
                    let v = &rec[i];
                    if v.is_empty() {
                        continue;
                    }
                    if is_messy {
                        cells += 1;
                    }
                    if date(v).is_none() {
                        assert!(is_messy, "{table}: {v:?} in clean data");
                        if NaiveDate::parse_from_str(v, "%d/%m/%Y").is_ok()
                            || NaiveDate::parse_from_str(v, "%e %b %Y").is_ok()
                        {
                            uk += 1;
                        } else {
                            bad += 1;
                        }
                    }
                }
            }
        }
    }
    let share = (uk + bad) as f64 / cells as f64;
    assert!((0.002..0.01).contains(&share), "messy share {share}");
    assert!(uk > bad && bad > 0, "uk {uk} bad {bad}");
    assert!((1..=2).contains(&blank_ids), "blank ids {blank_ids}");
}

#[test]
fn records_are_believable() {
    let mut cfg = SampleConfig::new(400, 9);
    cfg.messy = false;
    let (_d, out, stats) = csv_sample(&cfg);
    let as_at = cfg.as_at;
    let cal = Calendar::new(Region::EnglandWales, &[]);
    // Every event is on or before the as-at date and within ~4 years.
    let mut earliest = as_at;
    for (table, cols) in CONTRACT {
        if *table == "children" || *table == "training" {
            continue;
        }
        for rec in records(&out, table) {
            for (i, c) in cols.split(',').enumerate() {
                if c.contains("date")
                    && let Some(d) = date(&rec[i])
                {
                    assert!(d <= as_at, "{table}.{c} {d} after as-at");
                    earliest = earliest.min(d);
                }
            }
        }
    }
    assert!((as_at - earliest).num_days() < 366 * 5);
    // Ages 0–21, a few children born on or next to a leap day.
    let children = records(&out, "children");
    let mut leapish = 0;
    for c in &children {
        let dob = date(&c[1]).unwrap();
        let age = age_on(dob, as_at);
        assert!((0..=21).contains(&age), "{c:?}");
        leapish +=
            usize::from(dob.month() == 2 && dob.day() >= 28 || dob.month() == 3 && dob.day() == 1);
    }
    assert!(leapish > 0);
    // Visits recorded within 5 working days: mostly, not always.
    let visits = records(&out, "visits");
    let (mut ok, mut late, mut blank) = (0, 0, 0);
    let mut bank_holiday_after = 0;
    for v in &visits {
        let d = date(&v[1]).unwrap();
        match date(&v[2]) {
            Some(r) if r <= cal.add_working_days(d, 5) => ok += 1,
            Some(_) => late += 1,
            None => blank += 1,
        }
        let prev = cal.sub_working_days(d, 1);
        if (d - prev).num_days() > 1
            && prev
                .iter_days()
                .skip(1)
                .take_while(|x| *x < d)
                .any(|x| cal.bank_holiday(x).is_some())
        {
            bank_holiday_after += 1;
        }
    }
    let n = visits.len() as f64;
    let on_time = ok as f64 / n;
    assert!((0.78..0.90).contains(&on_time), "on time {on_time}");
    assert!((0.05..0.16).contains(&(late as f64 / n)), "late {late}");
    assert!(blank > 0);
    assert!(
        bank_holiday_after > 10,
        "visits just after bank holidays: {bank_holiday_after}"
    );
    // Episode types and open episodes.
    let episodes = records(&out, "episodes");
    for t in ["EH", "CIN", "CP", "CLA", "CL", "YOS"] {
        assert!(episodes.iter().any(|e| &e[1] == t), "no {t} episode");
    }
    let open = episodes.iter().filter(|e| e[3].is_empty()).count();
    assert!(open > episodes.len() / 5 && open < episodes.len() * 4 / 5);
    // CP episodes start on the ICPC date of an S47.
    let icpcs: std::collections::HashSet<(String, String)> = records(&out, "s47")
        .iter()
        .map(|r| (r[0].to_string(), r[4].to_string()))
        .collect();
    for e in episodes.iter().filter(|e| &e[1] == "CP") {
        assert!(
            icpcs.contains(&(e[0].to_string(), e[2].to_string())),
            "CP without ICPC: {e:?}"
        );
    }
    // Visits interleave children within a block.
    let ids: Vec<&str> = visits.iter().map(|v| v.get(0).unwrap()).collect();
    let switches = ids.windows(2).filter(|w| w[0] != w[1]).count();
    assert!(switches > count(&stats, "children") * 3);
    // Workers: ~6 per team, each with a team, and managers listed.
    let workers = records(&out, "workers");
    assert!((30..60).contains(&workers.len()), "{}", workers.len());
    let names: std::collections::HashSet<&str> =
        workers.iter().map(|w| w.get(0).unwrap()).collect();
    assert_eq!(names.len(), workers.len(), "worker names are unique");
    for w in &workers {
        assert!(
            w[2].is_empty() || names.contains(&w[2]),
            "unknown manager {}",
            &w[2]
        );
    }
    for s in records(&out, "supervisions") {
        assert!(names.contains(&s[0]) && names.contains(&s[2]));
    }
}

#[test]
fn workbook_has_real_dates() {
    use calamine::{Data, Reader, Xlsx, open_workbook};
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sample.xlsx");
    let stats = write_sample(&SampleConfig::new(80, 2), &path).unwrap();
    let mut wb: Xlsx<_> = open_workbook(&path).unwrap();
    let expected: Vec<_> = CONTRACT.iter().map(|c| c.0.to_string()).collect();
    assert_eq!(wb.sheet_names(), expected);
    for (table, cols) in CONTRACT {
        let range = wb.worksheet_range(table).unwrap();
        let header: Vec<String> = range
            .rows()
            .next()
            .unwrap()
            .iter()
            .map(|c| c.to_string())
            .collect();
        assert_eq!(header.join(","), *cols);
        assert_eq!(range.height() - 1, count(&stats, table), "{table}");
    }
    let visits = wb.worksheet_range("visits").unwrap();
    let cell = visits.get((1, 1)).unwrap();
    assert!(matches!(cell, Data::DateTime(_)), "visit_date is {cell:?}");
    let Data::DateTime(x) = cell else {
        unreachable!()
    };
    let d =
        NaiveDate::from_ymd_opt(1899, 12, 30).unwrap() + chrono::Duration::days(x.as_f64() as i64);
    assert!(d <= SampleConfig::new(1, 1).as_at && d.year() >= 2024);
    assert!(matches!(visits.get((1, 6)).unwrap(), Data::String(_)));
}

#[test]
fn spans_a_leap_day_and_other_as_at_dates() {
    let mut cfg = SampleConfig::new(200, 12);
    cfg.as_at = NaiveDate::from_ymd_opt(2028, 6, 30).unwrap();
    cfg.messy = false;
    let (_d, out, stats) = csv_sample(&cfg);
    assert!(count(&stats, "visits") > 500);
    let around = |d: NaiveDate| {
        d.year() == 2028 && (d.month() == 2 && d.day() >= 27 || d.month() == 3 && d.day() <= 2)
    };
    let near_leap_day = records(&out, "visits")
        .iter()
        .filter(|v| date(&v[1]).is_some_and(around))
        .count();
    assert!(near_leap_day > 0);
    for v in records(&out, "visits") {
        assert!(date(&v[1]).unwrap() <= cfg.as_at);
    }
}

/// SSDA903 codes (PLACE, PLACE_PROVIDER, REASON_PLACE_CHANGE) a placement may carry.
const PLACE: [&str; 11] = [
    "U1", "U2", "U3", "U4", "U5", "U6", "K1", "K2", "R1", "P1", "P2",
];
const PROVIDER: [&str; 6] = ["PR0", "PR1", "PR2", "PR3", "PR4", "PR5"];
const REASON: [&str; 12] = [
    "CARPL", "CLOSE", "ALLEG", "STAND", "APPRR", "CREQB", "CREQO", "CHILD", "LAREQ", "PLACE",
    "CUSTOD", "OTHER",
];

#[test]
fn placements_follow_the_care_episodes_and_missing_episodes_are_believable() {
    let mut cfg = SampleConfig::new(2000, 4);
    cfg.messy = false;
    let (_d, out, _) = csv_sample(&cfg);
    let as_at = cfg.as_at;
    let year_before = as_at - Months::new(12);
    type Span = (NaiveDate, Option<NaiveDate>);
    let mut cla: BTreeMap<String, Vec<Span>> = BTreeMap::new();
    for e in records(&out, "episodes") {
        if &e[1] == "CLA" {
            cla.entry(e[0].to_string())
                .or_default()
                .push((date(&e[2]).unwrap(), date(&e[3])));
        }
    }
    let mut placed: BTreeMap<String, Vec<csv::StringRecord>> = BTreeMap::new();
    for p in records(&out, "placements") {
        placed.entry(p[0].to_string()).or_default().push(p);
    }
    assert!(cla.len() > 250, "{} children looked after", cla.len());
    let child_ids: std::collections::BTreeSet<&String> = placed.keys().collect();
    assert_eq!(
        child_ids,
        cla.keys().collect(),
        "placements exactly for CLA"
    );

    let (mut open_at_as_at, mut three_or_more) = (0, 0);
    let (mut episodes, mut one_or_two_a_year) = (0, 0);
    for (child, eps) in &cla {
        let mut rows: Vec<(NaiveDate, Option<NaiveDate>, &csv::StringRecord)> = placed[child]
            .iter()
            .map(|p| (date(&p[1]).unwrap(), date(&p[2]), p))
            .collect();
        rows.sort_by_key(|r| r.0);
        let mut used = 0;
        for &(start, end) in eps {
            // The placements of this episode: a chain from its start to its end.
            let mine: Vec<_> = rows
                .iter()
                .filter(|r| start <= r.0 && end.is_none_or(|e| r.0 < e))
                .collect();
            assert!(!mine.is_empty(), "{child}: no placement from {start}");
            assert_eq!(mine[0].0, start, "{child}: first placement");
            for pair in mine.windows(2) {
                assert_eq!(pair[0].1, Some(pair[1].0), "{child}: moves chain");
            }
            for (i, r) in mine.iter().enumerate() {
                let last = i + 1 == mine.len();
                if let Some(e) = r.1 {
                    assert!(e > r.0, "{child}: placement ends after it starts");
                }
                if last {
                    assert_eq!(r.1, end, "{child}: the last ends with the episode");
                }
                let p = r.2;
                assert!(PLACE.contains(&&p[3]), "{child}: type {}", &p[3]);
                assert!(PROVIDER.contains(&&p[4]), "{child}: provider {}", &p[4]);
                // A reason for the moves, none for the placement the episode ends in.
                assert_eq!(p[5].is_empty(), last, "{child}: reason {:?}", &p[5]);
                assert!(last || REASON.contains(&&p[5]), "{child}: reason {}", &p[5]);
                assert_eq!(&p[3] == "P1", &p[4] == "PR0", "{child}: with parents");
            }
            used += mine.len();
            let stop = end.unwrap_or(as_at);
            let years = ((stop - start).num_days() as f64 / 365.25).max(1.0);
            episodes += 1;
            one_or_two_a_year += usize::from(mine.len() as f64 / years <= 2.0);
            if end.is_none() {
                open_at_as_at += 1;
                let in_year = mine
                    .iter()
                    .filter(|r| r.1.is_none_or(|e| e >= year_before))
                    .count();
                three_or_more += usize::from(in_year >= 3);
            }
        }
        assert_eq!(
            used,
            rows.len(),
            "{child}: a placement outside the episodes"
        );
    }
    let share = three_or_more as f64 / open_at_as_at as f64;
    assert!(
        (0.06..0.15).contains(&share),
        "3+ placements in 12 months: {three_or_more} of {open_at_as_at}"
    );
    let settled = one_or_two_a_year as f64 / episodes as f64;
    assert!(settled > 0.8, "1-2 placements a year: {settled}");

    // Missing episodes: one at a time, returns after going, interviews after returns.
    let mut by_child: BTreeMap<String, Vec<csv::StringRecord>> = BTreeMap::new();
    for m in records(&out, "missing") {
        by_child.entry(m[0].to_string()).or_default().push(m);
    }
    let dob: BTreeMap<String, NaiveDate> = records(&out, "children")
        .iter()
        .map(|c| (c[0].to_string(), date(&c[1]).unwrap()))
        .collect();
    let (mut rows, mut open, mut within_72h, mut later, mut none) = (0, 0, 0, 0, 0);
    let (mut looked_after, mut not_looked_after) = (0, 0);
    for (child, ms) in &by_child {
        let in_care = |d: NaiveDate| {
            cla.get(child)
                .is_some_and(|eps| eps.iter().any(|&(s, e)| s <= d && e.is_none_or(|e| d <= e)))
        };
        let mut was_in_care = false;
        let mut previous: Option<NaiveDate> = None;
        for m in ms {
            rows += 1;
            let start = date(&m[1]).unwrap();
            assert!(
                previous.is_none_or(|p| start > p),
                "{child}: overlapping at {start}"
            );
            assert!(
                (10..18).contains(&age_on(dob[child], start)),
                "{child}: age"
            );
            match &m[3] {
                "MISSING" => {}
                "AWAY" => assert!(in_care(start), "{child}: away while not looked after"),
                t => panic!("{child}: missing type {t}"),
            }
            was_in_care |= in_care(start);
            let Some(end) = date(&m[2]) else {
                open += 1;
                assert!(m[4].is_empty() && m[5].is_empty(), "{child}: open {m:?}");
                previous = Some(as_at);
                continue;
            };
            assert!(end >= start, "{child}: back before gone");
            previous = Some(end);
            assert!(matches!(&m[4], "Y" | "N"), "{child}: offered {:?}", &m[4]);
            match date(&m[5]) {
                Some(i) => {
                    assert_eq!(&m[4], "Y", "{child}: an interview not offered");
                    assert!(i >= end, "{child}: interviewed before the return");
                    if (i - end).num_days() <= 3 {
                        within_72h += 1;
                    } else {
                        later += 1;
                    }
                }
                None => none += 1,
            }
        }
        if was_in_care {
            looked_after += 1;
        } else {
            not_looked_after += 1;
        }
    }
    assert!(rows > 100, "{rows} missing episodes");
    assert!((1..=rows / 10).contains(&open), "{open} still missing");
    let returned = (rows - open) as f64;
    assert!(
        within_72h as f64 / returned > 0.5,
        "{within_72h} within 72 hours"
    );
    assert!(later > 0 && none > 0, "later {later}, no interview {none}");
    assert!(
        looked_after > 2 * not_looked_after && not_looked_after > 0,
        "children missing: {looked_after} looked after, {not_looked_after} not"
    );
}
