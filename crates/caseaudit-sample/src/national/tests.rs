//! Tests of the national shapes: determinism, that caseaudit reads every file as the
//! return it is (nothing rejected but the deliberate faults), and that the samples hold
//! the cases England's rules look for, checked on the files written (not on the facts
//! they were written from).

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use caseaudit::ingest::{Loaded, Mode, load_inputs};
use caseaudit::quality::Action;
use chrono::{Months, NaiveDate};

use crate::{SampleConfig, Shape, write_sample};

const SHAPES: [Shape; 3] = [Shape::Ssda903, Shape::Cin, Shape::Ssd];

fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn config(shape: Shape, children: usize, seed: u64, clean: bool) -> SampleConfig {
    let mut cfg = SampleConfig::new(children, seed);
    cfg.shape = shape;
    cfg.as_at = ymd(2026, 3, 31);
    cfg.messy = !clean;
    cfg
}

/// Writes a sample into a temporary folder: (folder, the output path).
fn sample(cfg: &SampleConfig) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let out = match cfg.shape {
        Shape::Cin => dir.path().join("cin_census.xml"),
        Shape::Ssda903 => dir.path().join("ssda903"),
        _ => dir.path().join("ssd"),
    };
    write_sample(cfg, &out).unwrap();
    (dir, out)
}

/// Every file under `out` (or `out` itself), by name.
fn files(out: &Path) -> BTreeMap<String, Vec<u8>> {
    if out.is_file() {
        return BTreeMap::from([(String::new(), fs::read(out).unwrap())]);
    }
    fs::read_dir(out)
        .unwrap()
        .map(|e| {
            let p = e.unwrap().path();
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            (name, fs::read(&p).unwrap())
        })
        .collect()
}

fn load(shape: Shape, out: &Path) -> Loaded {
    let profile = (shape == Shape::Ssd).then(|| caseaudit::profile::load_profile("ssd").unwrap());
    load_inputs(&[out.to_path_buf()], profile.as_ref(), Mode::Strict).unwrap()
}

/// A CSV file's rows as maps of header to value.
fn csv_rows(path: &Path) -> Vec<BTreeMap<String, String>> {
    let mut r = csv::Reader::from_path(path).unwrap();
    let headers = r.headers().unwrap().clone();
    r.records()
        .map(|rec| {
            let rec = rec.unwrap();
            headers
                .iter()
                .zip(rec.iter())
                .map(|(h, v)| (h.to_string(), v.to_string()))
                .collect()
        })
        .collect()
}

fn d903(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s, "%d/%m/%Y").ok()
}

fn iso(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s.get(..10)?, "%Y-%m-%d").ok()
}

#[test]
fn same_seed_same_bytes_another_seed_other_records() {
    for shape in SHAPES {
        let (_a, a) = sample(&config(shape, 60, 5, false));
        let (_b, b) = sample(&config(shape, 60, 5, false));
        let (_c, c) = sample(&config(shape, 60, 6, false));
        let (fa, fb, fc) = (files(&a), files(&b), files(&c));
        assert!(!fa.is_empty(), "{shape}");
        assert_eq!(fa, fb, "{shape}: the same seed writes the same bytes");
        assert_ne!(fa, fc, "{shape}: another seed writes other records");
    }
}

#[test]
fn clean_samples_are_read_whole_every_file_as_intended() {
    for shape in SHAPES {
        let cfg = config(shape, 100, 1, true);
        let (_d, out) = sample(&cfg);
        let loaded = load(shape, &out);
        assert!(
            loaded.issues.is_empty(),
            "{shape}: {:#?}",
            &loaded.issues[..loaded.issues.len().min(5)]
        );
        for s in &loaded.sources {
            assert_eq!(s.counts.rejected, 0, "{shape}: {} {}", s.file, s.sheet);
            assert_eq!(
                s.counts.read,
                s.counts.used + s.counts.skipped,
                "{shape}: {} {}",
                s.file,
                s.sheet
            );
        }
        match shape {
            Shape::Ssda903 => {
                // Every file is recognised as the table it was written as.
                for name in super::ssda903::FILES {
                    let file = out.join(format!("{name}.csv"));
                    let f = loaded
                        .formats
                        .iter()
                        .find(|f| Path::new(&f.file) == file)
                        .unwrap_or_else(|| panic!("{name} not recognised"));
                    assert_eq!(f.format, format!("SSDA903 {name} table"));
                    assert!(f.why.contains("all"), "{}", f.why);
                }
                // The tables read hold every row written.
                for (name, table) in [
                    ("header", "children"),
                    ("episodes", "episodes"),
                    ("reviews", "meetings"),
                    ("sw_episodes", "allocations"),
                ] {
                    let rows = csv_rows(&out.join(format!("{name}.csv"))).len() as u64;
                    let s = loaded
                        .sources
                        .iter()
                        .find(|s| s.file.ends_with(&format!("{name}.csv")))
                        .unwrap();
                    assert_eq!((s.table, s.counts.used), (table, rows), "{name}");
                }
            }
            Shape::Cin => {
                assert_eq!(loaded.formats.len(), 1);
                assert_eq!(loaded.formats[0].format, "CIN census (XML)");
                let text = fs::read_to_string(&out).unwrap();
                for (element, table) in [
                    ("<ChildIdentifiers>", "children"),
                    ("<CINdetails>", "episodes"),
                    ("<Assessments>", "assessments"),
                    ("<Section47>", "s47"),
                    ("<ChildProtectionPlans>", "episodes"),
                    ("<CPPreviewDate>", "meetings"),
                ] {
                    let written = text.matches(element).count() as u64;
                    let name = element.trim_matches(['<', '>']);
                    let s = loaded.sources.iter().find(|s| s.sheet == name).unwrap();
                    assert_eq!((s.table, s.counts.used), (table, written), "{name}");
                    assert!(written > 0, "{name}");
                }
            }
            _ => {
                // Every ssd_* file is read by the profile, into the table intended.
                for (name, table) in [
                    ("ssd_person", "children"),
                    ("ssd_cin_episodes", "episodes"),
                    ("ssd_cin_assessments", "assessments"),
                    ("ssd_s47_enquiry", "s47"),
                    ("ssd_initial_cp_conference", "meetings"),
                    ("ssd_cp_plans", "episodes"),
                    ("ssd_cla_episodes", "episodes"),
                    ("ssd_cla_placement", "placements"),
                    ("ssd_cin_visits", "visits"),
                    ("ssd_cp_visits", "visits"),
                    ("ssd_cla_visits", "visits"),
                    ("ssd_cp_reviews", "meetings"),
                    ("ssd_cla_reviews", "meetings"),
                    ("ssd_cla_health", "health"),
                    ("ssd_missing", "missing"),
                    ("ssd_involvements", "allocations"),
                    ("ssd_care_leavers", "contacts"),
                ] {
                    let s = loaded
                        .sources
                        .iter()
                        .find(|s| s.file.ends_with(&format!("{name}.csv")))
                        .unwrap_or_else(|| panic!("{name} is not read"));
                    assert_eq!(s.table, table, "{name}");
                    assert!(s.counts.used > 0, "{name}: no row used");
                }
                assert!(loaded.ignored.is_empty(), "{:?}", loaded.ignored);
            }
        }
    }
}

#[test]
fn only_the_deliberate_faults_are_rejected() {
    for shape in SHAPES {
        let (_d, out) = sample(&config(shape, 100, 1, false));
        let loaded = load(shape, &out);
        let mut found: Vec<(String, u32, String, Action)> = loaded
            .issues
            .iter()
            .map(|i| {
                let file = Path::new(&i.file)
                    .file_name()
                    .unwrap()
                    .to_string_lossy()
                    .into_owned();
                (file, i.row, i.column.clone(), i.action)
            })
            .collect();
        found.sort_by(|a, b| (&a.0, a.1).cmp(&(&b.0, b.1)));
        // Rows of a CSV file: the header is line 1, so the last row is line n + 1.
        let last = |file: &str| csv_rows(&out.join(file)).len() as u32 + 1;
        let want: Vec<(String, u32, String, Action)> = match shape {
            Shape::Ssda903 => vec![
                (
                    "episodes.csv".into(),
                    last("episodes.csv"),
                    "RNE".into(),
                    Action::RowRejected,
                ),
                (
                    "reviews.csv".into(),
                    last("reviews.csv"),
                    "meeting_date".into(),
                    Action::RowRejected,
                ),
            ],
            Shape::Cin => {
                // The first authorisation date written is the fault; the finding is on
                // the line of its Assessments element.
                let text = fs::read_to_string(&out).unwrap();
                let lines: Vec<&str> = text.lines().collect();
                let date = lines
                    .iter()
                    .position(|l| l.contains("<AssessmentAuthorisationDate>"))
                    .unwrap();
                assert!(lines[date].contains("-09-31<"), "{}", lines[date]);
                let element = lines[..date]
                    .iter()
                    .rposition(|l| l.trim() == "<Assessments>")
                    .unwrap()
                    + 1;
                vec![(
                    "cin_census.xml".into(),
                    element as u32,
                    "completed_date".into(),
                    Action::ValueIgnored,
                )]
            }
            _ => vec![
                (
                    "ssd_cla_health.csv".into(),
                    last("ssd_cla_health.csv"),
                    "assessment_type".into(),
                    Action::RowRejected,
                ),
                (
                    "ssd_cla_visits.csv".into(),
                    last("ssd_cla_visits.csv"),
                    "visit_date".into(),
                    Action::RowRejected,
                ),
            ],
        };
        assert_eq!(found, want, "{shape}");
        let rejected: u64 = loaded.sources.iter().map(|s| s.counts.rejected).sum();
        let faults = want.iter().filter(|w| w.3 == Action::RowRejected).count() as u64;
        assert_eq!(rejected, faults, "{shape}");
    }
}

/// A child's episodes from the 903's episodes file, by start.
fn episodes_by_child(out: &Path) -> BTreeMap<String, Vec<BTreeMap<String, String>>> {
    let mut by: BTreeMap<String, Vec<BTreeMap<String, String>>> = BTreeMap::new();
    for r in csv_rows(&out.join("episodes.csv")) {
        by.entry(r["CHILD"].clone()).or_default().push(r);
    }
    for eps in by.values_mut() {
        eps.sort_by_key(|e| d903(&e["DECOM"]));
    }
    by
}

#[test]
fn the_903_holds_moves_legal_changes_and_missing_episodes() {
    let as_at = ymd(2026, 3, 31);
    let (_d, out) = sample(&config(Shape::Ssda903, 100, 1, true));
    let by = episodes_by_child(&out);
    let mut rne: BTreeMap<String, usize> = BTreeMap::new();
    // Per child: the most placements (episodes starting a new one: RNE S, P, T or B)
    // that start within any 12 months.
    let mut most = Vec::new();
    for eps in by.values() {
        for (k, e) in eps.iter().enumerate() {
            *rne.entry(e["RNE"].clone()).or_default() += 1;
            // Episodes of a period are joined: an X1 episode ends on the next one's start.
            if e["REC"] == "X1" {
                assert_eq!(e["DEC"], eps[k + 1]["DECOM"], "{e:?}");
                assert_ne!(eps[k + 1]["RNE"], "S");
            }
        }
        let starts: Vec<NaiveDate> = eps
            .iter()
            .filter(|e| ["S", "P", "T", "B"].contains(&e["RNE"].as_str()))
            .filter_map(|e| d903(&e["DECOM"]))
            .collect();
        let n = starts
            .iter()
            .map(|a| {
                starts
                    .iter()
                    .filter(|b| **b >= *a && **b < *a + Months::new(12))
                    .count()
            })
            .max()
            .unwrap_or(0);
        most.push(n);
    }
    for code in ["S", "P", "T", "B", "L"] {
        assert!(
            rne.get(code).copied().unwrap_or(0) > 0,
            "no RNE {code}: {rne:?}"
        );
    }
    let three_or_more = most.iter().filter(|n| **n >= 3).count();
    let one_or_two = most.iter().filter(|n| **n <= 2).count();
    assert!(three_or_more >= 3, "{most:?}");
    assert!(
        one_or_two * 2 > most.len(),
        "most have 1-2 placements: {most:?}"
    );
    // Two collection years: every episode starts in them, some in each.
    let span_start = ymd(2024, 4, 1);
    let year_start = ymd(2025, 4, 1);
    let starts: Vec<NaiveDate> = by
        .values()
        .flatten()
        .filter_map(|e| d903(&e["DECOM"]))
        .collect();
    assert!(starts.iter().all(|d| *d >= span_start && *d <= as_at));
    assert!(starts.iter().any(|d| *d < year_start));
    assert!(starts.iter().any(|d| *d >= year_start));

    let missing = csv_rows(&out.join("missing.csv"));
    let mut per_child: BTreeMap<&str, usize> = BTreeMap::new();
    for m in &missing {
        *per_child.entry(m["CHILD"].as_str()).or_default() += 1;
        assert!(by.contains_key(&m["CHILD"]), "a looked-after child");
    }
    assert!(missing.iter().any(|m| m["MISSING"] == "M"));
    assert!(missing.iter().any(|m| m["MISSING"] == "A"));
    assert!(
        missing.iter().any(|m| m["MIS_END"].is_empty()),
        "one still missing"
    );
    assert!(per_child.values().any(|n| *n >= 3), "several episodes");
    assert!(
        per_child.len() * 2 < by.len(),
        "missing episodes for a fraction of the children: {} of {}",
        per_child.len(),
        by.len()
    );
}

/// Per child of a census: the referral dates, and the plans (start, end, previous).
struct CensusChild {
    referrals: Vec<NaiveDate>,
    plans: Vec<(NaiveDate, Option<NaiveDate>, u32)>,
}

/// Reads the census written (one element a line, as the generator writes it).
fn census(text: &str) -> (Vec<CensusChild>, Vec<String>) {
    let value = |l: &str| {
        let l = l.trim();
        let a = l.find('>').unwrap() + 1;
        let b = l.rfind("</").unwrap();
        l[a..b].to_string()
    };
    let mut children = Vec::new();
    let mut not_required = Vec::new();
    for l in text.lines() {
        let t = l.trim();
        if t == "<Child>" {
            children.push(CensusChild {
                referrals: Vec::new(),
                plans: Vec::new(),
            });
        }
        let Some(c) = children.last_mut() else {
            continue;
        };
        if t.starts_with("<CINreferralDate>") {
            c.referrals.push(iso(&value(t)).unwrap());
        } else if t.starts_with("<CPPstartDate>") {
            c.plans.push((iso(&value(t)).unwrap(), None, 0));
        } else if t.starts_with("<CPPendDate>") {
            c.plans.last_mut().unwrap().1 = iso(&value(t));
        } else if t.starts_with("<NumberOfPreviousCPP>") {
            c.plans.last_mut().unwrap().2 = value(t).parse().unwrap();
        } else if t.starts_with("<ICPCnotRequired>") {
            not_required.push(value(t));
        }
    }
    (children, not_required)
}

#[test]
fn the_census_holds_re_referrals_repeat_and_long_plans() {
    let (as_at, year_start) = (ymd(2026, 3, 31), ymd(2025, 4, 1));
    let (_d, out) = sample(&config(Shape::Cin, 100, 1, true));
    let (children, not_required) = census(&fs::read_to_string(&out).unwrap());
    let rereferrals: Vec<(NaiveDate, NaiveDate)> = children
        .iter()
        .flat_map(|c| c.referrals.windows(2).map(|w| (w[0], w[1])))
        .collect();
    assert!(
        rereferrals
            .iter()
            .any(|(a, b)| *b <= *a + Months::new(12) && *b >= year_start),
        "re-referred within 12 months, in the year: {rereferrals:?}"
    );
    assert!(
        rereferrals
            .iter()
            .any(|(a, b)| *b > *a + Months::new(12) && *b <= *a + Months::new(13)),
        "re-referred just after 12 months: {rereferrals:?}"
    );
    // A second plan, after the first ended.
    assert!(children.iter().any(|c| {
        c.plans
            .windows(2)
            .any(|w| w[0].1.is_some_and(|end| end < w[1].0) && w[1].2 >= 1)
    }));
    let two_years_before_end = as_at - Months::new(24);
    let plans: Vec<_> = children.iter().flat_map(|c| c.plans.iter()).collect();
    assert!(
        plans
            .iter()
            .any(|(start, end, _)| *start < two_years_before_end && end.is_none()),
        "a plan open for more than 2 years"
    );
    assert!(
        plans.iter().any(|(start, end, _)| end
            .is_some_and(|e| { e >= year_start && e <= as_at && e > *start + Months::new(24) })),
        "a plan ended in the year after more than 2 years"
    );
    for v in ["true", "1", "false"] {
        assert!(not_required.iter().any(|x| x == v), "ICPCnotRequired {v}");
    }
}

#[test]
fn the_census_and_the_903_share_their_looked_after_children() {
    let (_a, lac) = sample(&config(Shape::Ssda903, 40, 3, true));
    let (_b, cin) = sample(&config(Shape::Cin, 40, 3, true));
    let text = fs::read_to_string(&cin).unwrap();
    for h in csv_rows(&lac.join("header.csv")) {
        let dob = d903(&h["DOB"]).unwrap().format("%Y-%m-%d").to_string();
        let id = format!("<LAchildID>{}</LAchildID>", h["CHILD"]);
        let at = text
            .find(&id)
            .unwrap_or_else(|| panic!("{id} not in the census"));
        let rest = &text[at..];
        let birth = rest.find("<PersonBirthDate>").unwrap();
        assert_eq!(&rest[birth + 17..birth + 27], dob, "{id}");
    }
}

#[test]
fn the_ssd_is_written_with_the_profiles_example_headers() {
    let profile = caseaudit::profile::load_profile("ssd").unwrap();
    let sheets: Vec<&str> = profile.examples.iter().map(|e| e.sheet.as_str()).collect();
    assert_eq!(
        sheets,
        super::ssd::TABLES,
        "every example sheet is written, in order"
    );
    let (_d, out) = sample(&config(Shape::Ssd, 60, 2, true));
    for ex in &profile.examples {
        let mut r = csv::Reader::from_path(out.join(format!("{}.csv", ex.sheet))).unwrap();
        let headers: Vec<&str> = r.headers().unwrap().iter().collect();
        assert_eq!(headers, ex.headers, "{}", ex.sheet);
        assert!(r.records().count() > 0, "{} has rows", ex.sheet);
    }
    // Rows the profile must leave out are there.
    let rows = |t: &str| csv_rows(&out.join(format!("{t}.csv")));
    assert!(
        rows("ssd_cla_visits")
            .iter()
            .any(|r| r["clav_cla_visit_seen"] == "N")
    );
    assert!(
        rows("ssd_cla_reviews")
            .iter()
            .any(|r| r["clar_cla_review_cancelled"] == "Y")
    );
    assert!(
        rows("ssd_cla_reviews")
            .iter()
            .any(|r| r["clar_cla_review_date"].is_empty())
    );
    assert!(
        rows("ssd_cp_reviews")
            .iter()
            .any(|r| r["cppr_cp_review_date"].is_empty())
    );
    assert!(
        rows("ssd_cla_health")
            .iter()
            .any(|r| r["clah_health_check_status"] == "Refused")
    );
    // Date-times as SQL Server writes them, flags Y/N.
    let visit = &rows("ssd_cla_visits")[0];
    assert!(visit["clav_cla_visit_date"].ends_with(" 00:00:00.000"));
    assert!(["Y", "N"].contains(&visit["clav_cla_visit_seen_alone"].as_str()));
    // Periods of care of several episodes joined by ceased reason X1, each on a
    // placement of the placements table.
    let episodes = rows("ssd_cla_episodes");
    let placements: Vec<String> = rows("ssd_cla_placement")
        .iter()
        .map(|p| p["clap_cla_placement_id"].clone())
        .collect();
    assert!(
        episodes
            .iter()
            .any(|e| e["clae_cla_episode_ceased_reason"] == "X1")
    );
    assert!(
        episodes
            .iter()
            .all(|e| placements.contains(&e["clae_cla_placement_id"]))
    );
}

#[test]
fn outputs_of_the_wrong_kind_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("a-folder.xml");
    fs::create_dir(&folder).unwrap();
    let err = write_sample(&config(Shape::Cin, 10, 1, true), &folder).unwrap_err();
    assert!(format!("{err:#}").contains("is a folder"), "{err:#}");
    let file = dir.path().join("file");
    fs::write(&file, "x").unwrap();
    for shape in [Shape::Ssda903, Shape::Ssd] {
        let err = write_sample(&config(shape, 10, 1, true), &file).unwrap_err();
        assert!(format!("{err:#}").contains("is a file"), "{err:#}");
    }
    let mut cfg = config(Shape::Ssd, 10, 1, true);
    cfg.target_visits = Some(100);
    assert!(write_sample(&cfg, &dir.path().join("ssd")).is_err());
}
