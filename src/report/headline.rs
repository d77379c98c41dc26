//! The headline per KPI family (visits and contact, assessments and plans, …): the
//! measured rules of each family summed, judged against their targets weighted by what
//! fell due, rather than one percentage pooling every measure.

use super::rating::Rating;
use super::{Report, Scope, Tally};

#[derive(Debug, Clone)]
pub struct Family {
    pub family: String,
    pub tally: Tally,
    /// The rules' targets weighted by expectations due (tenths).
    pub target_tenths: u64,
    pub rating: Rating,
    /// The measured rules of the family with something due, in id order.
    pub rules: Vec<String>,
    /// Rules of the family the export does not allow to be measured.
    pub not_measured: Vec<String>,
}

/// The families in order of first appearance in the pack.
pub fn families(report: &Report) -> Vec<Family> {
    let mut out: Vec<(Family, u64)> = Vec::new();
    for info in &report.rules {
        if !out.iter().any(|(f, _)| f.family == info.family) {
            out.push((
                Family {
                    family: info.family.clone(),
                    tally: Tally::default(),
                    target_tenths: 0,
                    rating: Rating::NothingDue,
                    rules: Vec::new(),
                    not_measured: Vec::new(),
                },
                0,
            ));
        }
    }
    for k in report.kpis.iter().filter(|k| k.scope == Scope::All) {
        let Some(info) = report.rule_info(&k.rule_id) else {
            continue;
        };
        let Some((f, target_sum)) = out.iter_mut().find(|(f, _)| f.family == info.family) else {
            continue;
        };
        if k.not_measured.is_some() {
            f.not_measured.push(k.rule_id.clone());
            continue;
        }
        if k.due > 0 {
            f.rules.push(k.rule_id.clone());
        }
        f.tally += Tally::of_kpi(k);
        *target_sum += k.due * info.target_tenths;
    }
    out.into_iter()
        .map(|(mut f, target_sum)| {
            f.target_tenths = super::rating::weighted_target(target_sum, f.tally.due);
            f.rating = Rating::of(&f.tally, f.target_tenths, report.settings.min_due, false);
            f
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::{Totals, testutil::tiny_report};

    #[test]
    fn the_families_add_up_to_the_totals() {
        let (_dir, report) = tiny_report();
        let fams = families(&report);
        assert!(fams.len() >= 3);
        let mut sum = Tally::default();
        for f in &fams {
            sum += f.tally;
        }
        let t = Totals::of(&report);
        assert_eq!(
            (sum.due, sum.met, sum.late, sum.missing),
            (t.due, t.met, t.late, t.missing)
        );
    }
}
