//! The reports people act on, through the command line: supervision packs, the trend by
//! month, the change since the last audit, the output folder's manifest, `--exit-zero`,
//! `--team`, and reports that point only to files written.

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

use calamine::{Data, Reader, open_workbook_auto};

fn caseaudit(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_caseaudit"))
        .args(args)
        .output()
        .expect("caseaudit runs")
}

/// A synthetic export (seed 1) as a folder of CSV files.
fn sample(dir: &Path, children: usize) -> String {
    let out = dir.join("export");
    caseaudit_sample::write_sample(&caseaudit_sample::SampleConfig::new(children, 1), &out)
        .expect("sample export");
    out.display().to_string()
}

fn audit(input: &str, out: &Path, to: &str, extra: &[&str]) -> std::process::Output {
    let mut args = vec![
        "audit",
        input,
        "--rules",
        "middlesbrough",
        "--to",
        to,
        "--out",
        out.to_str().unwrap(),
        "--quiet",
    ];
    args.extend_from_slice(extra);
    let o = caseaudit(&args);
    assert!(
        matches!(o.status.code(), Some(0 | 1)),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    o
}

/// A CSV file as a header and records of text.
fn read_csv(path: &Path) -> (Vec<String>, Vec<Vec<String>>) {
    let mut r = csv::Reader::from_path(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let header = r.headers().unwrap().iter().map(String::from).collect();
    let rows = r
        .records()
        .map(|x| x.unwrap().iter().map(String::from).collect())
        .collect();
    (header, rows)
}

/// A workbook cell as the CSV writes it (dates as ISO text).
fn text(d: &Data) -> String {
    match d {
        Data::String(s) => s.clone(),
        Data::Empty => String::new(),
        Data::DateTime(x) => x.as_datetime().unwrap().date().to_string(),
        Data::Float(f) if f.fract() == 0.0 => format!("{}", *f as i64),
        other => other.to_string(),
    }
}

fn sheet(path: &Path, name: &str) -> Vec<Vec<String>> {
    let mut wb = open_workbook_auto(path).unwrap();
    let range = wb
        .worksheet_range(name)
        .unwrap_or_else(|e| panic!("{}: no sheet {name}: {e}", path.display()));
    range.rows().map(|r| r.iter().map(text).collect()).collect()
}

#[test]
fn each_team_pack_holds_exactly_its_teams_exceptions() {
    let dir = tempfile::tempdir().unwrap();
    let input = sample(dir.path(), 150);
    let out = dir.path().join("out");
    audit(&input, &out, "2026-10-31", &["--packs", "team"]);
    let (header, rows) = read_csv(&out.join("exceptions.csv"));
    let team_col = header.iter().position(|h| h == "team").unwrap();
    let mut per_team: BTreeMap<String, Vec<Vec<String>>> = BTreeMap::new();
    for r in &rows {
        let team = match r[team_col].as_str() {
            "" => "(not recorded)".to_string(),
            t => t.to_string(),
        };
        per_team.entry(team).or_default().push(r.clone());
    }
    assert!(per_team.len() >= 3, "{:?}", per_team.keys());
    let packs: Vec<_> = std::fs::read_dir(out.join("packs"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "xlsx"))
        .collect();
    let mut seen = 0;
    for pack in &packs {
        let html = std::fs::read_to_string(pack.with_extension("html")).unwrap();
        let got = sheet(pack, "Exceptions");
        assert_eq!(
            got[0],
            header,
            "{}: the Exceptions sheet has exceptions.csv's columns",
            pack.display()
        );
        let body = &got[1..];
        // The team is named in the pack's title; its rows are exactly that team's, in order.
        let team = per_team
            .keys()
            .find(|t| {
                let esc = t
                    .replace('&', "&amp;")
                    .replace('"', "&quot;")
                    .replace('<', "&lt;")
                    .replace('>', "&gt;");
                html.contains(&format!("<title>Supervision pack: {esc} (team)</title>"))
            })
            .cloned();
        match team {
            Some(t) => {
                let want = &per_team[&t];
                assert_eq!(body.len(), want.len(), "{t}");
                for (g, w) in body.iter().zip(want) {
                    let g: Vec<&str> = g.iter().map(String::as_str).collect();
                    let w: Vec<&str> = w.iter().map(String::as_str).collect();
                    assert_eq!(g[..w.len().min(g.len())], w[..w.len().min(g.len())], "{t}");
                }
                seen += 1;
            }
            None => assert!(body.is_empty(), "{}: exceptions of no team", pack.display()),
        }
        // Every exception of the team is listed in the printable page too (no cap).
        let listed = html.matches("<tr class=\"exception ").count();
        assert_eq!(listed, body.len(), "{}", pack.display());
        let due_soon = sheet(pack, "Due soon");
        assert!(!due_soon.is_empty());
        assert!(html.contains("break-before: page"));
    }
    assert_eq!(
        seen,
        per_team.len(),
        "a pack for every team with exceptions"
    );
}

#[test]
fn months_sum_to_the_kpis_and_every_month_of_the_period_is_there() {
    let dir = tempfile::tempdir().unwrap();
    let input = sample(dir.path(), 120);
    let out = dir.path().join("out");
    audit(&input, &out, "2026-10-31", &[]);
    let (kh, kpis) = read_csv(&out.join("kpis.csv"));
    let (mh, months) = read_csv(&out.join("kpis_by_month.csv"));
    assert_eq!(
        mh,
        [
            "rule_id",
            "month",
            "scope",
            "scope_value",
            "due",
            "met",
            "late",
            "missing",
            "percent_met"
        ]
    );
    let n = |v: &str| v.parse::<u64>().unwrap();
    let mut sums: BTreeMap<(String, String, String), [u64; 4]> = BTreeMap::new();
    let mut all_months: BTreeMap<String, std::collections::BTreeSet<String>> = BTreeMap::new();
    for m in &months {
        let s = sums
            .entry((m[0].clone(), m[2].clone(), m[3].clone()))
            .or_default();
        for i in 0..4 {
            s[i] += n(&m[4 + i]);
        }
        if m[2] == "all" {
            all_months
                .entry(m[0].clone())
                .or_default()
                .insert(m[1].clone());
        }
    }
    let col = |name: &str| kh.iter().position(|h| h == name).unwrap();
    let (due, met, late, missing) = (col("due"), col("met"), col("late"), col("missing"));
    let mut checked = 0;
    for k in &kpis {
        let want = [n(&k[due]), n(&k[met]), n(&k[late]), n(&k[missing])];
        let got = sums
            .get(&(k[0].clone(), k[1].clone(), k[2].clone()))
            .copied()
            .unwrap_or_default();
        assert_eq!(got, want, "{} {} {}", k[0], k[1], k[2]);
        checked += 1;
    }
    assert_eq!(
        checked,
        sums.len(),
        "no month line without its kpis.csv line"
    );
    // The period is November 2025 to October 2026: twelve months for every rule.
    for (rule, ms) in &all_months {
        assert!(ms.len() >= 12, "{rule}: {ms:?}");
        assert!(ms.contains("2025-11") && ms.contains("2026-10"), "{rule}");
    }
    // The HTML draws the trend; the workbook has a Trend sheet with a chart.
    let html = std::fs::read_to_string(out.join("report.html")).unwrap();
    assert!(html.contains("<svg class=\"chart\""));
    let wb = open_workbook_auto(out.join("report.xlsx")).unwrap();
    for s in ["Trend", "Matrix", "Workers", "By month"] {
        assert!(wb.sheet_names().iter().any(|n| n == s), "{s}");
    }
    // Percentages are percent cells: 76.5% is the number 0.765.
    let mut book = open_workbook_auto(out.join("report.xlsx")).unwrap();
    let range = book.worksheet_range("KPIs").unwrap();
    let pct = col("percent_met");
    let mut checked_pct = 0;
    for (i, k) in kpis.iter().enumerate() {
        match (range.get((i + 1, pct)), k[pct].as_str()) {
            (Some(Data::Float(f)), want) => {
                let want: f64 = want.parse().unwrap();
                assert!((f * 100.0 - want).abs() < 1e-9, "{f} vs {want}");
                checked_pct += 1;
            }
            (None | Some(Data::Empty), "") => {}
            (got, want) => panic!("row {}: {got:?} for {want:?}", i + 1),
        }
    }
    assert!(checked_pct > 10);
    let zip = std::fs::File::open(out.join("report.xlsx")).unwrap();
    let names = zip_names(zip);
    assert!(
        names.iter().any(|n| n.starts_with("xl/charts/chart")),
        "{names:?}"
    );
}

/// The entries of a zip file (the workbook), read from its central directory.
fn zip_names(mut f: std::fs::File) -> Vec<String> {
    use std::io::Read;
    let mut b = Vec::new();
    f.read_to_end(&mut b).unwrap();
    let mut out = Vec::new();
    let mut i = 0;
    while i + 46 <= b.len() {
        if b[i..i + 4] == [0x50, 0x4b, 0x01, 0x02] {
            let len = u16::from_le_bytes([b[i + 28], b[i + 29]]) as usize;
            out.push(String::from_utf8_lossy(&b[i + 46..i + 46 + len]).into_owned());
            i += 46 + len;
        } else {
            i += 1;
        }
    }
    out
}

#[test]
fn changes_since_a_previous_run_at_an_earlier_as_at_date() {
    let dir = tempfile::tempdir().unwrap();
    let input = sample(dir.path(), 120);
    let before = dir.path().join("june");
    let now = dir.path().join("october");
    audit(&input, &before, "2026-06-30", &[]);
    audit(
        &input,
        &now,
        "2026-10-31",
        &["--previous", before.to_str().unwrap()],
    );
    let (h, changes) = read_csv(&now.join("changes.csv"));
    assert_eq!(
        h[..6],
        [
            "rule_id",
            "child_id",
            "due_date",
            "change",
            "previous_status",
            "status"
        ]
    );
    let (_, exc_before) = read_csv(&before.join("exceptions.csv"));
    let (_, exc_now) = read_csv(&now.join("exceptions.csv"));
    let count = |f: &dyn Fn(&Vec<String>) -> bool| changes.iter().filter(|r| f(r)).count();
    // Every exception of this run is a line, new or not.
    let is_exc = |s: &str| s == "late" || s == "missing";
    assert_eq!(count(&|r| is_exc(&r[5]) && r[3] != "gone"), exc_now.len());
    // Every exception of the previous run is a line, whatever became of it.
    assert_eq!(count(&|r| is_exc(&r[4])), exc_before.len());
    for r in &changes {
        match r[3].as_str() {
            "new" => assert!(is_exc(&r[5]) && !is_exc(&r[4]), "{r:?}"),
            "unchanged" => assert_eq!(r[4], r[5], "{r:?}"),
            "resolved" => assert!(
                r[5] == "met" || (r[4] == "missing" && r[5] == "late"),
                "{r:?}"
            ),
            "worse" => assert!(r[4] == "late" && r[5] == "missing", "{r:?}"),
            "gone" => assert!(is_exc(&r[4]), "{r:?}"),
            other => panic!("unknown change {other}"),
        }
    }
    // Exceptions due before 30 June 2026 were due then as now: most are unchanged.
    assert!(count(&|r| r[3] == "unchanged") > 0);
    assert!(count(&|r| r[3] == "new") > 0);
    // Expectations due after the first as-at date are new or met, never unchanged.
    assert!(
        changes
            .iter()
            .filter(|r| r[2].as_str() > "2026-06-30")
            .all(|r| r[3] == "new" || r[3] == "resolved" || r[4] == "pending" || r[4].is_empty())
    );
    let html = std::fs::read_to_string(now.join("report.html")).unwrap();
    assert!(html.contains("id=\"changes\""));
    // A folder without a previous run is refused with the reason.
    let o = caseaudit(&[
        "audit",
        &input,
        "--to",
        "2026-10-31",
        "--out",
        dir.path().join("x").to_str().unwrap(),
        "--previous",
        dir.path().to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("no exceptions.csv"));
}

#[test]
fn outputs_not_written_are_removed_and_never_pointed_to() {
    let dir = tempfile::tempdir().unwrap();
    let input = sample(dir.path(), 60);
    let out = dir.path().join("out");
    let o = audit(&input, &out, "2026-10-31", &["--packs", "worker"]);
    assert_eq!(
        o.status.code(),
        Some(1),
        "exceptions found: exit 1 by default"
    );
    std::fs::write(out.join("notes.txt"), "mine").unwrap();
    assert!(out.join("report.html").exists() && out.join("packs").exists());
    let o = audit(
        &input,
        &out,
        "2026-10-31",
        &["--format", "csv,json", "--exit-zero"],
    );
    assert_eq!(
        o.status.code(),
        Some(0),
        "--exit-zero: 0 when the audit ran"
    );
    for gone in ["report.html", "report.xlsx", "packs"] {
        assert!(
            !out.join(gone).exists(),
            "{gone} is left from the previous run"
        );
    }
    for kept in [
        "exceptions.csv",
        "kpis_by_month.csv",
        "summary.json",
        "notes.txt",
    ] {
        assert!(out.join(kept).exists(), "{kept}");
    }
    // An HTML-only run names no file it did not write.
    let html_only = dir.path().join("html");
    audit(&input, &html_only, "2026-10-31", &["--format", "html"]);
    let page = std::fs::read_to_string(html_only.join("report.html")).unwrap();
    for f in [
        "exceptions.csv",
        "pending.csv",
        "kpis.csv",
        "data_quality.csv",
        "report.xlsx",
        "kpis_by_month.csv",
    ] {
        assert!(
            !page.contains(f),
            "report.html points to {f}, which was not written"
        );
    }
}

#[test]
fn a_run_restricted_to_one_team_reports_only_that_team() {
    let dir = tempfile::tempdir().unwrap();
    let input = sample(dir.path(), 80);
    let all = dir.path().join("all");
    audit(&input, &all, "2026-10-31", &[]);
    let (h, rows) = read_csv(&all.join("exceptions.csv"));
    let team_col = h.iter().position(|x| x == "team").unwrap();
    let team = rows
        .iter()
        .map(|r| r[team_col].clone())
        .find(|t| !t.is_empty())
        .unwrap();
    let one = dir.path().join("one");
    audit(
        &input,
        &one,
        "2026-10-31",
        &["--team", &team.to_uppercase()],
    );
    let (_, mine) = read_csv(&one.join("exceptions.csv"));
    let want = rows.iter().filter(|r| r[team_col] == team).count();
    assert_eq!(mine.len(), want);
    assert!(mine.iter().all(|r| r[team_col] == team));
    let o = caseaudit(&[
        "audit",
        &input,
        "--to",
        "2026-10-31",
        "--out",
        dir.path().join("none").to_str().unwrap(),
        "--team",
        "No Such Team",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains(&team));
}

#[test]
fn targets_and_comparators_are_checked_when_a_pack_loads() {
    let pack = |rule_keys: &str, pack_keys: &str| {
        caseaudit::rules::load_pack_str(
            "test.toml",
            &format!(
                "[pack]\nid = \"t\"\ntitle = \"T\"\n{pack_keys}\n\n[[rule]]\nid = \"R\"\ntitle = \"Visit late\"\nkind = \"lag\"\nstandard = {{ section = \"S\" }}\nstart = {{ table = \"visits\", date = \"visit_date\" }}\ntarget = {{ column = \"recorded_date\" }}\ntimescale = \"5 WD\"\n{rule_keys}\n"
            ),
        )
    };
    let ok = pack(
        "target_percent = 95\nfamily = \"Recording\"\ncomparators = [{ label = \"England\", period = \"2024-25\", percent = 81.4, source = \"a table\" }]",
        "target_percent = 80",
    )
    .unwrap();
    let r = &ok.rules[0];
    assert_eq!(
        (r.target_percent, ok.target_percent),
        (Some(95.0), Some(80.0))
    );
    assert_eq!(r.family.as_deref(), Some("Recording"));
    assert!(r.comparators[0].verified);
    let text = caseaudit::rules::explain(&ok, r);
    assert!(
        text.contains("Target: 95% met (the rule's)") && text.contains("England 2024-25: 81.4%"),
        "{text}"
    );
    let err = pack(
        "target_percent = 120\ncomparators = [{ label = \"England\", period = \"2024-25\", percent = 81.4, source = \" \" }]",
        "target_percent = -1",
    )
    .unwrap_err()
    .to_string();
    for want in [
        "target_percent = 120",
        "has no source",
        "pack.target_percent = -1",
    ] {
        assert!(err.contains(want), "{want}: {err}");
    }
    let err = pack(
        "comparators = [{ label = \"E\", period = \"1\", percent = 1, source = \"s\", year = 1 }]",
        "",
    )
    .unwrap_err()
    .to_string();
    assert!(err.contains("year"), "{err}");
}
