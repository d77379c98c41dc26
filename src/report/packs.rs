//! Supervision packs (`--packs team|worker`): `packs/`, one printable HTML page and one
//! workbook per team (or worker). A pack holds every exception of its team by worker —
//! the missing ones first, then the most working days late, with no cap: a pack is for
//! printing — what falls due in the next working days, each worker's % met per rule
//! with its denominator, the children concerned, and the standard and the courses of
//! each line; a page break per worker. The workbook's `Exceptions` sheet holds exactly
//! the pack's rows of `exceptions.csv` (the same columns), `Due soon` its pending ones.

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::Path;

use rust_xlsxwriter::Workbook;
use serde::Serialize;

use super::columns::{exception_columns, names};
use super::html_out::{day, handlebars, opt_day};
use super::rating::Rating;
use super::xlsx_out::{EXCEL_ROWS, Styles, Table, rating_formats};
use super::{Format, Report, ResultRow, Tally, Timings, WriteError, Written, tenths_text};
use crate::engine::Status;

/// The packs' "due soon": working days after the as-at date (`--due-within`).
pub const DUE_SOON_DAYS: u32 = 10;

/// One pack per team or per worker.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum PackScope {
    Team,
    Worker,
}

impl PackScope {
    pub fn as_str(self) -> &'static str {
        match self {
            PackScope::Team => "team",
            PackScope::Worker => "worker",
        }
    }
}

pub struct Packs;

/// The order of a supervision list: missing first (still outstanding), then the most
/// working days late, then by child, due date and rule.
pub(super) fn urgency(report: &Report, a: &ResultRow, b: &ResultRow) -> std::cmp::Ordering {
    (a.status != Status::Missing)
        .cmp(&(b.status != Status::Missing))
        .then_with(|| b.working_days_late.cmp(&a.working_days_late))
        .then_with(|| report.child_id(a).cmp(report.child_id(b)))
        .then_with(|| a.due_date.cmp(&b.due_date))
        .then_with(|| report.rule_id(a).cmp(report.rule_id(b)))
}

/// A name made safe for a file name: `Team & "A"` → `team-a`.
pub fn slug(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    let out: String = out.trim_matches('-').chars().take(60).collect();
    let out = out.trim_end_matches('-').to_string();
    if out.is_empty() {
        "unnamed".into()
    } else {
        out
    }
}

/// A pack's group: which team (or worker) a row belongs to.
fn group_of<'a>(report: &'a Report, scope: PackScope, r: &ResultRow) -> &'a str {
    match scope {
        PackScope::Team => report.label(r.team),
        PackScope::Worker => report.label(r.worker),
    }
}

fn due_soon(report: &Report, r: &ResultRow) -> bool {
    r.status == Status::Pending && r.due_date <= report.settings.due_soon_until
}

/// The groups with anything counted or due soon, by name ("(not recorded)" last), each
/// with its file stem (unique).
pub fn groups(report: &Report, scope: PackScope) -> Vec<(String, String)> {
    let mut names: Vec<&str> = report
        .rows
        .iter()
        .filter(|r| r.counted || due_soon(report, r))
        .map(|r| group_of(report, scope, r))
        .collect();
    names.sort_by(|a, b| (*a == super::NOT_RECORDED, *a).cmp(&(*b == super::NOT_RECORDED, *b)));
    names.dedup();
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    names
        .into_iter()
        .map(|n| {
            let base = format!("{}-{}", scope.as_str(), slug(n));
            let k = seen.entry(base.clone()).or_default();
            *k += 1;
            let stem = if *k == 1 { base } else { format!("{base}-{k}") };
            (n.to_string(), stem)
        })
        .collect()
}

impl Format for Packs {
    fn name(&self) -> &'static str {
        "packs"
    }

    fn write(&self, report: &Report, _: &Timings, dir: &Path) -> Written {
        let Some(scope) = report.settings.packs else {
            return Ok(Vec::new());
        };
        let packs = dir.join("packs");
        std::fs::create_dir_all(&packs).map_err(WriteError::io(&packs))?;
        let hb = handlebars()?;
        let mut files = Vec::new();
        for (name, stem) in groups(report, scope) {
            let view = view(report, scope, &name);
            let html = format!("packs/{stem}.html");
            let path = dir.join(&html);
            let file = File::create(&path).map_err(WriteError::io(&path))?;
            let mut w = BufWriter::new(file);
            hb.render_to_write("pack", &view, &mut w)?;
            w.flush().map_err(WriteError::io(&path))?;
            files.push(html);
            let xlsx = format!("packs/{stem}.xlsx");
            workbook(report, scope, &name, &dir.join(&xlsx), dir)?;
            files.push(xlsx);
        }
        Ok(files)
    }
}

#[derive(Serialize)]
struct PackView {
    title: String,
    kind: &'static str,
    name: String,
    pack: String,
    from: String,
    to: String,
    as_at: String,
    due_soon_until: String,
    due_soon_days: u32,
    min_due: u64,
    tool: String,
    exceptions: usize,
    missing: usize,
    late: usize,
    due_soon: usize,
    kpis: Vec<KpiLine>,
    standings: Vec<StandingLine>,
    workers: Vec<WorkerSection>,
}

#[derive(Serialize)]
struct KpiLine {
    rule_id: String,
    title: String,
    due: u64,
    met: u64,
    late: u64,
    missing: u64,
    pct: String,
    target: String,
    rating: &'static str,
    rating_label: &'static str,
}

#[derive(Serialize)]
struct StandingLine {
    worker: String,
    due: u64,
    met: u64,
    exceptions: u64,
    pct: String,
    rating: &'static str,
    rating_label: &'static str,
}

#[derive(Serialize)]
struct WorkerSection {
    worker: String,
    team: String,
    exceptions: usize,
    missing: usize,
    late: usize,
    kpis: Vec<KpiLine>,
    rows: Vec<PackRow>,
    children: Vec<ChildCount>,
    due_soon: Vec<PackRow>,
}

#[derive(Serialize)]
struct ChildCount {
    child: String,
    exceptions: usize,
}

#[derive(Serialize)]
struct PackRow {
    child: String,
    rule_id: String,
    rule_title: String,
    standard: String,
    courses: String,
    start: String,
    due: String,
    event: String,
    status: &'static str,
    days_late: u32,
    source: String,
    finding: String,
}

fn kpi_line(report: &Report, rule: usize, t: Tally) -> KpiLine {
    let info = &report.rules[rule];
    let rating = Rating::of(
        &t,
        info.target_tenths,
        report.settings.min_due,
        info.not_measured.is_some(),
    );
    KpiLine {
        rule_id: info.id.clone(),
        title: info.title.clone(),
        due: t.due,
        met: t.met,
        late: t.late,
        missing: t.missing,
        pct: match (rating, t.percent_tenths()) {
            (Rating::NotMeasured, _) | (_, None) => String::new(),
            (_, Some(p)) => tenths_text(p),
        },
        target: tenths_text(info.target_tenths),
        rating: rating.as_str(),
        rating_label: rating.label(),
    }
}

fn pack_row(report: &Report, r: &ResultRow) -> PackRow {
    let info = &report.rules[r.rule as usize];
    PackRow {
        child: match report.child_id(r) {
            "" => "—".into(),
            c => c.to_string(),
        },
        rule_id: info.id.clone(),
        rule_title: info.title.clone(),
        standard: info.standard_cited.clone(),
        courses: info.course_titles.clone(),
        start: day(r.start_date),
        due: day(r.due_date),
        event: opt_day(r.event_date),
        status: r.status.as_str(),
        days_late: r.working_days_late,
        source: format!("{} row {}", r.source_table.name(), r.source.row),
        finding: report.finding_text(r),
    }
}

/// KPI lines per rule (in rule-id order) from counted rows.
fn kpi_lines<'a>(report: &Report, rows: impl Iterator<Item = &'a ResultRow>) -> Vec<KpiLine> {
    let mut per: BTreeMap<&str, (usize, Tally)> = BTreeMap::new();
    for r in rows.filter(|r| r.counted) {
        let e = per
            .entry(report.rule_id(r))
            .or_insert((r.rule as usize, Tally::default()));
        e.1.add(r.status);
    }
    per.into_values()
        .map(|(rule, t)| kpi_line(report, rule, t))
        .collect()
}

/// How a worker ranks: judged first, then the lowest % met, then the most due.
type RankKey = (bool, u64, std::cmp::Reverse<u64>);

fn view(report: &Report, scope: PackScope, name: &str) -> PackView {
    let mine: Vec<&ResultRow> = report
        .rows
        .iter()
        .filter(|r| group_of(report, scope, r) == name)
        .collect();
    let mut by_worker: BTreeMap<&str, Vec<&ResultRow>> = BTreeMap::new();
    for r in &mine {
        by_worker.entry(report.label(r.worker)).or_default().push(r);
    }
    let measured = |r: &&&ResultRow| report.rules[r.rule as usize].not_measured.is_none();
    // Workers ranked by % met (the furthest below first), as the main report ranks them.
    let mut standings: Vec<(StandingLine, RankKey)> = by_worker
        .iter()
        .map(|(w, rows)| {
            let mut t = Tally::default();
            let mut target_sum = 0;
            for r in rows.iter().filter(|r| r.counted).filter(measured) {
                t.add(r.status);
                target_sum += report.rules[r.rule as usize].target_tenths;
            }
            let target = super::rating::weighted_target(target_sum, t.due);
            let rating = Rating::of(&t, target, report.settings.min_due, false);
            let key = (
                !rating.judged(),
                t.percent_tenths().unwrap_or(u64::MAX),
                std::cmp::Reverse(t.due),
            );
            (
                StandingLine {
                    worker: w.to_string(),
                    due: t.due,
                    met: t.met,
                    exceptions: t.exceptions(),
                    pct: t.percent_tenths().map(tenths_text).unwrap_or_default(),
                    rating: rating.as_str(),
                    rating_label: rating.label(),
                },
                key,
            )
        })
        .collect();
    standings.sort_by(|a, b| a.1.cmp(&b.1).then_with(|| a.0.worker.cmp(&b.0.worker)));
    let workers: Vec<WorkerSection> = by_worker
        .iter()
        .map(|(w, rows)| {
            let mut exceptions: Vec<&ResultRow> =
                rows.iter().copied().filter(|r| r.is_exception()).collect();
            exceptions.sort_by(|a, b| urgency(report, a, b));
            let missing = exceptions
                .iter()
                .filter(|r| r.status == Status::Missing)
                .count();
            let mut children: BTreeMap<&str, usize> = BTreeMap::new();
            for r in &exceptions {
                let c = report.child_id(r);
                if !c.is_empty() {
                    *children.entry(c).or_default() += 1;
                }
            }
            let mut children: Vec<ChildCount> = children
                .into_iter()
                .map(|(c, n)| ChildCount {
                    child: c.to_string(),
                    exceptions: n,
                })
                .collect();
            children.sort_by(|a, b| {
                b.exceptions
                    .cmp(&a.exceptions)
                    .then_with(|| a.child.cmp(&b.child))
            });
            let mut soon: Vec<&ResultRow> = rows
                .iter()
                .copied()
                .filter(|r| due_soon(report, r))
                .collect();
            soon.sort_by(|a, b| {
                a.due_date
                    .cmp(&b.due_date)
                    .then_with(|| report.child_id(a).cmp(report.child_id(b)))
                    .then_with(|| report.rule_id(a).cmp(report.rule_id(b)))
            });
            let mut teams: Vec<&str> = rows.iter().map(|r| report.label(r.team)).collect();
            teams.sort();
            teams.dedup();
            WorkerSection {
                worker: w.to_string(),
                team: teams.join("; "),
                exceptions: exceptions.len(),
                missing,
                late: exceptions.len() - missing,
                kpis: kpi_lines(report, rows.iter().copied()),
                rows: exceptions.iter().map(|r| pack_row(report, r)).collect(),
                children,
                due_soon: soon.iter().map(|r| pack_row(report, r)).collect(),
            }
        })
        .filter(|w| !w.kpis.is_empty() || !w.due_soon.is_empty() || w.exceptions > 0)
        .collect();
    let exceptions: usize = workers.iter().map(|w| w.exceptions).sum();
    let missing: usize = workers.iter().map(|w| w.missing).sum();
    let m = &report.meta;
    PackView {
        title: format!(
            "Supervision pack: {name} ({})",
            match scope {
                PackScope::Team => "team",
                PackScope::Worker => "worker",
            }
        ),
        kind: match scope {
            PackScope::Team => "Team",
            PackScope::Worker => "Worker",
        },
        name: name.to_string(),
        pack: m.pack_title.clone(),
        from: day(m.from),
        to: day(m.to),
        as_at: day(m.as_at),
        due_soon_until: day(report.settings.due_soon_until),
        due_soon_days: report.settings.due_soon_days,
        min_due: report.settings.min_due,
        tool: m.tool.clone(),
        exceptions,
        missing,
        late: exceptions - missing,
        due_soon: workers.iter().map(|w| w.due_soon.len()).sum(),
        kpis: kpi_lines(report, mine.iter().copied()),
        standings: standings.into_iter().map(|s| s.0).collect(),
        workers,
    }
}

/// The pack's workbook: `Exceptions` (its rows of exceptions.csv, in that order),
/// `Due soon`, and `KPIs` (each worker's % met per rule, with the denominator).
fn workbook(
    report: &Report,
    scope: PackScope,
    name: &str,
    path: &Path,
    tempdir: &Path,
) -> Result<(), WriteError> {
    let st = Styles::new();
    let mut wb = Workbook::new();
    wb.set_tempdir(tempdir)?;
    let mine = |r: &&ResultRow| group_of(report, scope, r) == name;
    let columns = exception_columns(report);
    let headers = names(&columns);
    let exceptions: Vec<&ResultRow> = report.exceptions().filter(mine).collect();
    let table = Table {
        name: "Exceptions",
        headers: &headers,
        total: exceptions.len(),
        what: "exceptions",
        csv: "exceptions.csv",
    };
    table.write(&mut wb, &st, EXCEL_ROWS, exceptions.iter(), |c, r| {
        c.columns(report, &columns, *r)
    })?;
    let mut soon: Vec<&ResultRow> = report
        .pending()
        .filter(mine)
        .filter(|r| due_soon(report, r))
        .collect();
    soon.sort_by_key(|r| r.due_date);
    let table = Table {
        name: "Due soon",
        headers: &headers,
        total: soon.len(),
        what: "pending expectations",
        csv: "pending.csv",
    };
    table.write(&mut wb, &st, EXCEL_ROWS, soon.iter(), |c, r| {
        c.columns(report, &columns, *r)
    })?;
    let v = view(report, scope, name);
    let lines: Vec<(&str, &str, &KpiLine)> = v
        .workers
        .iter()
        .flat_map(|w| {
            w.kpis
                .iter()
                .map(move |k| (w.worker.as_str(), w.team.as_str(), k))
        })
        .collect();
    let kpi_headers = [
        "worker",
        "team",
        "rule_id",
        "rule_title",
        "due",
        "met",
        "late",
        "missing",
        "percent_met",
        "target_percent",
        "rating",
    ];
    let table = Table {
        name: "KPIs",
        headers: &kpi_headers,
        total: lines.len(),
        what: "KPI rows",
        csv: "",
    };
    let tenths = |s: &str| -> Option<u64> { s.replace('.', "").parse().ok() };
    let last = table.write(&mut wb, &st, EXCEL_ROWS, lines.iter(), |c, (w, t, k)| {
        c.str(w)?;
        c.str(t)?;
        c.str(&k.rule_id)?;
        c.str(&k.title)?;
        c.num(k.due as f64)?;
        c.num(k.met as f64)?;
        c.num(k.late as f64)?;
        c.num(k.missing as f64)?;
        c.pct(tenths(&k.pct))?;
        c.pct(tenths(&k.target))?;
        c.str(k.rating)
    })?;
    rating_formats(wb.worksheet_from_name("KPIs")?, last, 8, 10)?;
    wb.save(path)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_safe_file_names() {
        assert_eq!(slug("<Team & \"A\">"), "team-a");
        assert_eq!(slug("(not recorded)"), "not-recorded");
        assert_eq!(slug("Ärger"), "rger");
        assert_eq!(slug("///"), "unnamed");
        assert_eq!(slug("../../etc"), "etc");
    }
}
