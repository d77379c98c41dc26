//! The trend: every KPI line of `kpis.csv` by month of the due date
//! (`kpis_by_month.csv`, the HTML's charts, the workbook's Trend sheet). The months of a
//! rule, team or worker sum to its line of `kpis.csv`.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};
use rustc_hash::FxHashMap;

use super::{NOT_RECORDED, ResultRow, RuleInfo, Scope, Tally};
use crate::model::Sym;

/// A month, as `kpis_by_month.csv` names it: `(year, month)`, written `YYYY-MM`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Month(pub i32, pub u32);

impl Month {
    pub fn of(d: NaiveDate) -> Month {
        Month(d.year(), d.month())
    }

    pub fn next(self) -> Month {
        if self.1 == 12 {
            Month(self.0 + 1, 1)
        } else {
            Month(self.0, self.1 + 1)
        }
    }

    /// `2026-03`.
    pub fn text(self) -> String {
        format!("{:04}-{:02}", self.0, self.1)
    }

    /// `Mar 2026`, `Mar` when `short`.
    pub fn label(self, short: bool) -> String {
        const NAMES: [&str; 12] = [
            "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
        ];
        let name = NAMES[(self.1 as usize).clamp(1, 12) - 1];
        if short {
            name.to_string()
        } else {
            format!("{name} {}", self.0)
        }
    }
}

/// One rule's counted expectations in a scope and a month.
#[derive(Debug, Clone)]
pub struct MonthKpi {
    /// Index of the rule in `Report::rules`.
    pub rule: u16,
    pub month: Month,
    pub scope: Scope,
    pub scope_value: String,
    pub tally: Tally,
    /// The rule is not measured (no percentage).
    pub not_measured: bool,
}

impl MonthKpi {
    pub fn percent_tenths(&self) -> Option<u64> {
        if self.not_measured {
            None
        } else {
            self.tally.percent_tenths()
        }
    }
}

/// The months of the period, and any other month a counted expectation falls due in
/// (snapshot rules count whatever the period), in order.
pub fn months(from: NaiveDate, to: NaiveDate, rows: &[ResultRow]) -> Vec<Month> {
    let mut set: std::collections::BTreeSet<Month> = std::collections::BTreeSet::new();
    let mut m = Month::of(from);
    let last = Month::of(to);
    while m <= last {
        set.insert(m);
        m = m.next();
    }
    set.extend(
        rows.iter()
            .filter(|r| r.counted)
            .map(|r| Month::of(r.due_date)),
    );
    set.into_iter().collect()
}

/// Every rule (in `by_id` order): the whole authority and each team in every month of
/// [`months`], each worker in the months something fell due to them.
pub fn by_month(
    rules: &[RuleInfo],
    by_id: &[usize],
    rows: &[ResultRow],
    names: &[Box<str>],
    from: NaiveDate,
    to: NaiveDate,
) -> Vec<MonthKpi> {
    let months = months(from, to, rows);
    let label = |s: Option<Sym>| -> String {
        match s {
            Some(s) if !names[s.index()].is_empty() => names[s.index()].to_string(),
            _ => NOT_RECORDED.to_string(),
        }
    };
    type Key = (u16, Month);
    // Tallied by interned value first (no text per row), then merged by label: a blank
    // name and no name are both "(not recorded)".
    type PerSym = FxHashMap<(u16, Option<Sym>, Month), Tally>;
    let mut all: FxHashMap<Key, Tally> = FxHashMap::default();
    let (mut by_team, mut by_worker): (PerSym, PerSym) = Default::default();
    for r in rows.iter().filter(|r| r.counted) {
        let m = Month::of(r.due_date);
        all.entry((r.rule, m)).or_default().add(r.status);
        by_team
            .entry((r.rule, r.team, m))
            .or_default()
            .add(r.status);
        by_worker
            .entry((r.rule, r.worker, m))
            .or_default()
            .add(r.status);
    }
    // Per rule, per label, per month (in order).
    let by_label = |per_sym: PerSym| {
        let mut out: FxHashMap<u16, BTreeMap<String, BTreeMap<Month, Tally>>> =
            FxHashMap::default();
        for ((rule, sym, m), t) in per_sym {
            let per = out.entry(rule).or_default().entry(label(sym)).or_default();
            per.entry(m).or_default().merge(t);
        }
        out
    };
    let (teams, workers) = (by_label(by_team), by_label(by_worker));
    let mut out = Vec::new();
    for &i in by_id {
        let rule = i as u16;
        let not_measured = rules[i].not_measured.is_some();
        let line = |month: Month, scope: Scope, value: &str, tally: Tally| MonthKpi {
            rule,
            month,
            scope,
            scope_value: value.to_string(),
            tally,
            not_measured,
        };
        for &m in &months {
            let t = all.get(&(rule, m)).copied().unwrap_or_default();
            out.push(line(m, Scope::All, "", t));
        }
        if let Some(ts) = teams.get(&rule) {
            for (team, per) in ts {
                for &m in &months {
                    let t = per.get(&m).copied().unwrap_or_default();
                    out.push(line(m, Scope::Team, team, t));
                }
            }
        }
        if let Some(ws) = workers.get(&rule) {
            for (worker, per) in ws {
                for (&m, &t) in per {
                    out.push(line(m, Scope::Worker, worker, t));
                }
            }
        }
    }
    out
}

/// The months of one rule (`None`: every measured rule, summed) in one scope, in order.
pub fn series<'a>(
    by_month: &'a [MonthKpi],
    rule: Option<u16>,
    scope: Scope,
    value: &'a str,
) -> Vec<(Month, Tally)> {
    let mut per: BTreeMap<Month, Tally> = BTreeMap::new();
    for k in by_month {
        if k.scope == scope
            && k.scope_value == value
            && rule.is_none_or(|r| r == k.rule)
            && !(rule.is_none() && k.not_measured)
        {
            *per.entry(k.month).or_default() += k.tally;
        }
    }
    per.into_iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::testutil::tiny_report;

    #[test]
    fn months_sum_to_the_kpis() {
        let (_dir, report) = tiny_report();
        assert!(!report.by_month.is_empty());
        for k in &report.kpis {
            let rule = report.rules.iter().position(|r| r.id == k.rule_id).unwrap() as u16;
            let mut sum = Tally::default();
            for m in report
                .by_month
                .iter()
                .filter(|m| m.rule == rule && m.scope == k.scope && m.scope_value == k.scope_value)
            {
                sum += m.tally;
            }
            assert_eq!(
                sum,
                Tally::of_kpi(k),
                "{} {:?} {}",
                k.rule_id,
                k.scope,
                k.scope_value
            );
        }
        // Every month of the period, for the whole authority, of every rule.
        let all = report
            .by_month
            .iter()
            .filter(|m| m.rule == 0 && m.scope == Scope::All)
            .count();
        assert!(all >= 12, "{all}");
        assert_eq!(Month(2025, 12).next(), Month(2026, 1));
        assert_eq!(Month(2026, 3).text(), "2026-03");
    }
}
