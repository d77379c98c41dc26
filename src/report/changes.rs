//! What changed since a previous audit (`--previous DIR`, a previous run's output
//! folder): every exception of either run matched by rule, child (the worker, for worker
//! rules), start and due date, and what became of it (`changes.csv`); and each KPI's
//! % met then and now, per rule and per team (the HTML's "Since the last audit").

use std::collections::BTreeMap;
use std::path::Path;

use chrono::NaiveDate;
use rustc_hash::FxHashMap;

use super::{Report, Scope};
use crate::engine::Status;

/// What became of an exception.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Change {
    /// An exception now that was not one before (not yet due, or not in the last audit).
    New,
    /// An exception before that is not now: met, or missing before and recorded (late) now.
    Resolved,
    /// The same status in both.
    Unchanged,
    /// Late before, missing now (the event's record is gone).
    Worse,
    /// Not counted in this audit (due before its period, or no longer in the export).
    Gone,
}

impl Change {
    pub fn as_str(self) -> &'static str {
        match self {
            Change::New => "new",
            Change::Resolved => "resolved",
            Change::Unchanged => "unchanged",
            Change::Worse => "worse",
            Change::Gone => "gone",
        }
    }
}

/// One line of `changes.csv`.
#[derive(Debug, Clone)]
pub struct ChangeRow {
    pub rule_id: String,
    pub child_id: String,
    pub due_date: NaiveDate,
    pub change: Change,
    pub previous_status: String,
    pub status: String,
    pub team: String,
    pub worker: String,
    pub start_date: Option<NaiveDate>,
}

/// A KPI line of the previous run.
#[derive(Debug, Clone)]
pub struct PreviousKpi {
    pub rule_id: String,
    pub scope: Scope,
    pub scope_value: String,
    pub due: u64,
    pub met: u64,
    pub measured: bool,
}

/// The previous run, as compared with this one.
#[derive(Debug, Clone)]
pub struct Previous {
    pub dir: String,
    /// Its as-at date, from its `summary.json` (when it wrote one).
    pub as_at: Option<NaiveDate>,
    pub rows: Vec<ChangeRow>,
    pub kpis: Vec<PreviousKpi>,
}

impl Previous {
    /// How many lines of each change.
    pub fn count(&self, c: Change) -> usize {
        self.rows.iter().filter(|r| r.change == c).count()
    }
}

/// Why a previous run could not be read.
#[derive(Debug, thiserror::Error)]
pub enum PreviousError {
    #[error(
        "--previous {0}: no exceptions.csv there; give the output folder of a run that wrote the CSV files (--format csv)"
    )]
    NoExceptions(String),
    #[error("--previous: cannot read {path}: {message}")]
    Read { path: String, message: String },
}

/// An exception's identity across runs: rule, child (worker for a worker rule), start
/// and due date.
type Key = (String, String, String, String);

fn key(rule: &str, child: &str, worker: &str, start: &str, due: &str) -> Key {
    let who = if child.is_empty() {
        format!("worker:{worker}")
    } else {
        child.to_string()
    };
    (rule.to_string(), who, start.to_string(), due.to_string())
}

struct Line {
    child: String,
    team: String,
    worker: String,
    start: Option<NaiveDate>,
    due: NaiveDate,
    status: String,
}

fn read_err(path: &Path) -> impl Fn(csv::Error) -> PreviousError + '_ {
    move |e| PreviousError::Read {
        path: path.display().to_string(),
        message: e.to_string(),
    }
}

/// Reads an exceptions.csv-like file: key → its lines (several expectations may share one).
fn read_lines(path: &Path) -> Result<FxHashMap<Key, Vec<Line>>, PreviousError> {
    let mut out: FxHashMap<Key, Vec<Line>> = FxHashMap::default();
    let mut r = csv::Reader::from_path(path).map_err(read_err(path))?;
    let headers = r.headers().map_err(read_err(path))?.clone();
    let col = |name: &str| headers.iter().position(|h| h == name);
    let need = |name: &str| {
        col(name).ok_or_else(|| PreviousError::Read {
            path: path.display().to_string(),
            message: format!("no column '{name}': not an exceptions.csv of caseaudit"),
        })
    };
    let (rule, child, due, status) = (
        need("rule_id")?,
        need("child_id")?,
        need("due_date")?,
        need("status")?,
    );
    let (team, worker, start) = (col("team"), col("worker"), col("start_date"));
    for rec in r.records() {
        let rec = rec.map_err(read_err(path))?;
        let get = |i: Option<usize>| i.and_then(|i| rec.get(i)).unwrap_or("").to_string();
        let due_text = get(Some(due));
        let Ok(due_date) = due_text.parse::<NaiveDate>() else {
            continue;
        };
        let start_text = get(start);
        let k = key(
            &get(Some(rule)),
            &get(Some(child)),
            &get(worker),
            &start_text,
            &due_text,
        );
        out.entry(k).or_default().push(Line {
            child: get(Some(child)),
            team: get(team),
            worker: get(worker),
            start: start_text.parse().ok(),
            due: due_date,
            status: get(Some(status)),
        });
    }
    Ok(out)
}

fn read_kpis(path: &Path) -> Result<Vec<PreviousKpi>, PreviousError> {
    let mut out = Vec::new();
    let mut r = csv::Reader::from_path(path).map_err(read_err(path))?;
    let headers = r.headers().map_err(read_err(path))?.clone();
    let col = |name: &str| headers.iter().position(|h| h == name);
    let (Some(rule), Some(scope), Some(value), Some(due), Some(met)) = (
        col("rule_id"),
        col("scope"),
        col("scope_value"),
        col("due"),
        col("met"),
    ) else {
        return Ok(out);
    };
    let nm = col("not_measured");
    for rec in r.records() {
        let rec = rec.map_err(read_err(path))?;
        let scope = match rec.get(scope) {
            Some("all") => Scope::All,
            Some("team") => Scope::Team,
            Some("worker") => Scope::Worker,
            _ => continue,
        };
        out.push(PreviousKpi {
            rule_id: rec.get(rule).unwrap_or("").to_string(),
            scope,
            scope_value: rec.get(value).unwrap_or("").to_string(),
            due: rec.get(due).and_then(|v| v.parse().ok()).unwrap_or(0),
            met: rec.get(met).and_then(|v| v.parse().ok()).unwrap_or(0),
            measured: nm.and_then(|i| rec.get(i)).unwrap_or("").is_empty(),
        });
    }
    Ok(out)
}

/// Reads the previous run in `dir` and compares it with `report`.
pub fn compare(dir: &Path, report: &Report) -> Result<Previous, PreviousError> {
    let exceptions = dir.join("exceptions.csv");
    if !exceptions.is_file() {
        return Err(PreviousError::NoExceptions(dir.display().to_string()));
    }
    let mut before = read_lines(&exceptions)?;
    let pending_path = dir.join("pending.csv");
    let pending = if pending_path.is_file() {
        read_lines(&pending_path)?
    } else {
        FxHashMap::default()
    };
    let kpis_path = dir.join("kpis.csv");
    let kpis = if kpis_path.is_file() {
        read_kpis(&kpis_path)?
    } else {
        Vec::new()
    };
    let as_at = std::fs::read(dir.join("summary.json"))
        .ok()
        .and_then(|b| serde_json::from_slice::<serde_json::Value>(&b).ok())
        .and_then(|v| v["run"]["as_at"].as_str().and_then(|s| s.parse().ok()));

    let mut rows = Vec::new();
    for r in &report.rows {
        let exception = r.is_exception() && r.counted;
        let (rule, child, worker) = (report.rule_id(r), report.child_id(r), report.text(r.worker));
        let (start, due) = (r.start_date.to_string(), r.due_date.to_string());
        // Only rows that are exceptions now or were then need a key.
        let k = key(rule, child, worker, &start, &due);
        let was = before.get_mut(&k).and_then(|v| {
            let at = v
                .iter()
                .position(|l| l.status == r.status.as_str())
                .unwrap_or(0);
            (!v.is_empty()).then(|| v.remove(at))
        });
        let status = if r.counted || r.status == Status::Pending {
            r.status.as_str().to_string()
        } else {
            format!("{} (not counted)", r.status.as_str())
        };
        let change = match (&was, exception) {
            (None, false) => continue,
            (None, true) => Change::New,
            (Some(_), _) if !r.counted => Change::Gone,
            (Some(w), _) if w.status == r.status.as_str() => Change::Unchanged,
            (Some(_), _) if r.status == Status::Met => Change::Resolved,
            (Some(w), _) if w.status == "missing" && r.status == Status::Late => Change::Resolved,
            (Some(_), _) => Change::Worse,
        };
        let previous_status = match &was {
            Some(w) => w.status.clone(),
            None => pending
                .get(&k)
                .map(|_| "pending".to_string())
                .unwrap_or_default(),
        };
        rows.push(ChangeRow {
            rule_id: rule.to_string(),
            child_id: child.to_string(),
            due_date: r.due_date,
            change,
            previous_status,
            status,
            team: report.text(r.team).to_string(),
            worker: worker.to_string(),
            start_date: Some(r.start_date),
        });
    }
    // Previous exceptions no expectation of this run matches.
    for ((rule, _, _, _), lines) in before {
        for l in lines {
            rows.push(ChangeRow {
                rule_id: rule.clone(),
                child_id: l.child,
                due_date: l.due,
                change: Change::Gone,
                previous_status: l.status,
                status: String::new(),
                team: l.team,
                worker: l.worker,
                start_date: l.start,
            });
        }
    }
    rows.sort_by(|a, b| {
        (
            &a.rule_id,
            &a.child_id,
            a.due_date,
            a.start_date,
            &a.worker,
            a.change,
        )
            .cmp(&(
                &b.rule_id,
                &b.child_id,
                b.due_date,
                b.start_date,
                &b.worker,
                b.change,
            ))
    });
    Ok(Previous {
        dir: dir.display().to_string(),
        as_at,
        rows,
        kpis,
    })
}

/// A KPI's % met in the previous run and now.
#[derive(Debug, Clone)]
pub struct Delta {
    pub rule_id: String,
    pub scope: Scope,
    pub scope_value: String,
    pub before: Option<(u64, u64)>,
    pub now: Option<(u64, u64)>,
}

impl Delta {
    /// Percentage points × 10 (`42` = +4.2 points), when both runs had something due.
    pub fn tenths(&self) -> Option<i64> {
        let p = |(met, due): (u64, u64)| super::percent_tenths(met, due).map(|t| t as i64);
        Some(p(self.now?)? - p(self.before?)?)
    }
}

/// Each rule's and each team's KPI lines, then and now (measured rules only), in rule id
/// order, the whole authority before the teams.
pub fn deltas(report: &Report, previous: &Previous) -> Vec<Delta> {
    let mut map: BTreeMap<(String, Scope, String), Delta> = BTreeMap::new();
    for k in report
        .kpis
        .iter()
        .filter(|k| k.scope != Scope::Worker && k.not_measured.is_none())
    {
        map.entry((k.rule_id.clone(), k.scope, k.scope_value.clone()))
            .or_insert_with(|| Delta {
                rule_id: k.rule_id.clone(),
                scope: k.scope,
                scope_value: k.scope_value.clone(),
                before: None,
                now: None,
            })
            .now = Some((k.met, k.due));
    }
    for k in previous
        .kpis
        .iter()
        .filter(|k| k.scope != Scope::Worker && k.measured)
    {
        map.entry((k.rule_id.clone(), k.scope, k.scope_value.clone()))
            .or_insert_with(|| Delta {
                rule_id: k.rule_id.clone(),
                scope: k.scope,
                scope_value: k.scope_value.clone(),
                before: None,
                now: None,
            })
            .before = Some((k.met, k.due));
    }
    map.into_values().collect()
}
