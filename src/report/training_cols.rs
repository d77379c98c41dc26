//! The columns of the training outputs, shared by the CSV files and the workbook's
//! sheets (like [`super::columns`]): `training_needs.csv`, `training_impact.csv` (each
//! starting with the columns issue 10 fixes), `training_courses.csv` (the courses ranked
//! for L&D leads) and `training_needs_analysis.csv` (the needs-analysis forms).

use super::columns::{Cell, Column};
use crate::training::{CourseRank, ImpactRow, NeedRow, TnaForm};

const fn col<T>(
    name: &'static str,
    get: for<'r> fn(&'r super::Report, &'r T) -> Cell<'r>,
) -> Column<T> {
    Column { name, get }
}

fn date_text(d: Option<chrono::NaiveDate>) -> Cell<'static> {
    Cell::Date(d)
}

/// `training_needs.csv`: one row per member of staff, course and kind of need.
pub static NEED_COLUMNS: [Column<NeedRow>; 19] = [
    col("worker", |_, n| Cell::Text(&n.worker)),
    col("team", |_, n| Cell::Text(&n.team)),
    col("role", |_, n| Cell::Text(&n.role)),
    col("course_id", |_, n| Cell::Text(&n.course_id)),
    col("course", |_, n| Cell::Text(&n.course)),
    col("rule_ids", |_, n| Cell::Owned(n.rule_ids.join("; "))),
    col("due", |_, n| Cell::Int(n.due)),
    col("met", |_, n| Cell::Int(n.met)),
    col("percent_met", |_, n| Cell::Tenths(n.percent_tenths())),
    col("completed_date", |_, n| date_text(n.completed_date)),
    col("recommendation", |_, n| Cell::Text(&n.recommendation)),
    col("need", |_, n| Cell::Text(n.kind.as_str())),
    col("role_text", |_, n| Cell::Text(&n.role_text)),
    col("family", |_, n| Cell::Text(&n.family)),
    col("category", |_, n| Cell::Text(&n.category)),
    col("delivery", |_, n| Cell::Text(&n.delivery)),
    col("rules_detail", |_, n| Cell::Text(&n.rules_detail)),
    col("evidence", |_, n| Cell::Text(&n.evidence)),
    col("reasons", |_, n| Cell::Text(&n.reasons)),
];

/// `training_impact.csv`: per course, all completers, the comparison group, then each
/// completion.
pub static IMPACT_COLUMNS: [Column<ImpactRow>; 21] = [
    col("course_id", |_, i| Cell::Text(&i.course_id)),
    col("worker", |_, i| Cell::Text(&i.worker)),
    col("completed_date", |_, i| date_text(i.completed_date)),
    col("before_due", |_, i| Cell::Int(i.before.due)),
    col("before_met", |_, i| Cell::Int(i.before.met)),
    col("before_percent_met", |_, i| Cell::Tenths(i.before_pct)),
    col("after_due", |_, i| Cell::Int(i.after.due)),
    col("after_met", |_, i| Cell::Int(i.after.met)),
    col("after_percent_met", |_, i| Cell::Tenths(i.after_pct)),
    col("change_points", |_, i| Cell::Points(i.change)),
    col("judgement", |_, i| Cell::Text(&i.judgement)),
    col("course", |_, i| Cell::Text(&i.course)),
    col("team", |_, i| Cell::Text(&i.team)),
    col("role", |_, i| Cell::Text(&i.role)),
    col("rules", |_, i| Cell::Owned(i.rules.join("; "))),
    col("basis", |_, i| Cell::Text(&i.basis)),
    col("before_from", |_, i| date_text(i.before_from)),
    col("before_to", |_, i| date_text(i.before_to)),
    col("after_from", |_, i| date_text(i.after_from)),
    col("after_to", |_, i| date_text(i.after_to)),
    col("note", |_, i| Cell::Text(&i.note)),
];

/// `training_courses.csv`: the courses ranked by the staff below target they would reach.
pub static RANK_COLUMNS: [Column<CourseRank>; 11] = [
    col("rank", |_, r| Cell::Int(r.rank)),
    col("course_id", |_, r| Cell::Text(&r.course_id)),
    col("course", |_, r| Cell::Text(&r.course)),
    col("staff_below_target", |_, r| Cell::Int(r.staff)),
    col("exceptions", |_, r| Cell::Int(r.exceptions)),
    col("completed_still_below_target", |_, r| {
        Cell::Int(r.completed_still_below)
    }),
    col("teams", |_, r| {
        Cell::Owned(
            r.teams
                .iter()
                .map(|(t, n)| format!("{t} ({n})"))
                .collect::<Vec<_>>()
                .join("; "),
        )
    }),
    col("rule_ids", |_, r| Cell::Owned(r.rules.join("; "))),
    col("family", |_, r| Cell::Text(&r.family)),
    col("category", |_, r| Cell::Text(&r.category)),
    col("delivery", |_, r| Cell::Text(&r.delivery)),
];

/// `training_needs_analysis.csv`: one needs-analysis form per team and course.
pub static TNA_COLUMNS: [Column<TnaForm>; 10] = [
    col("team", |_, f| Cell::Text(&f.team)),
    col("course_id", |_, f| Cell::Text(&f.course_id)),
    col("course", |_, f| Cell::Text(&f.course)),
    col("staff_below_target", |_, f| Cell::Int(f.staff)),
    col("identified_by", |_, f| Cell::Text(&f.identified_by)),
    col("identified", |_, f| Cell::Text(&f.identified)),
    col("practice_to_see", |_, f| Cell::Text(&f.practice)),
    col("target_audience", |_, f| Cell::Text(&f.audience)),
    col("measure_effectiveness", |_, f| Cell::Text(&f.measure)),
    col("methods", |_, f| Cell::Owned(f.methods_text())),
];
