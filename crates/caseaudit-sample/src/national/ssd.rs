//! The synthetic Standard Safeguarding Dataset dump: one CSV file per `ssd_*` table the
//! bundled `ssd` profile reads, named after the table, with the header row of the
//! profile's `[[example]]` sheet for it (so the dump and the profile cannot drift
//! apart: a column written here that the example lacks is an error). Date-times are
//! written as SQL Server writes them (`2025-06-10 00:00:00.000`), flags `Y`/`N`.
//!
//! It holds every kind of fact of the world: people, referrals, assessments, section 47
//! enquiries and initial conferences, plans and their reviews, periods of care as
//! episodes (several per period, joined by ceased reason `X1`) and placements, reviews,
//! visits with seen and seen alone, health assessments, missing episodes, involvements
//! (allocations) and care leavers' latest contact. Rows the profile must leave out are
//! there too, as real dumps have them: visits where the child was not seen, cancelled
//! reviews, reviews and conferences due but not held yet (no date), refused health
//! assessments.
//!
//! Deliberate faults (not with `--clean`), appended at the end of their files: a
//! looked-after visit dated in month 13 (rejected) and a health check of a type the
//! profile does not classify, `Health Check` (rejected, and listed).

use std::path::Path;

use anyhow::{Context, Result, bail};
use chrono::{Datelike, Months, NaiveDate};

use super::world::{Child, HealthKind, S47Outcome, Sex, Team, World, worker_id};
use super::{folder, write_csv};

/// The tables written, in the profile's order.
pub(super) const TABLES: [&str; 17] = [
    "ssd_person",
    "ssd_cin_episodes",
    "ssd_cin_assessments",
    "ssd_s47_enquiry",
    "ssd_initial_cp_conference",
    "ssd_cp_plans",
    "ssd_cla_episodes",
    "ssd_cla_placement",
    "ssd_cin_visits",
    "ssd_cp_visits",
    "ssd_cla_visits",
    "ssd_cp_reviews",
    "ssd_cla_reviews",
    "ssd_cla_health",
    "ssd_missing",
    "ssd_involvements",
    "ssd_care_leavers",
];

/// An SQL Server date-time at midnight.
fn dt(d: NaiveDate) -> String {
    d.format("%Y-%m-%d 00:00:00.000").to_string()
}

fn odt(d: Option<NaiveDate>) -> String {
    d.map(dt).unwrap_or_default()
}

fn yn(b: bool) -> String {
    if b { "Y" } else { "N" }.into()
}

/// One table being filled by header name.
struct Table {
    name: &'static str,
    headers: Vec<String>,
    rows: Vec<Vec<String>>,
    /// Headers written that the profile's example sheet lacks.
    unknown: Vec<String>,
}

impl Table {
    fn row(&mut self, cells: &[(&str, String)]) {
        let mut row = vec![String::new(); self.headers.len()];
        for (h, v) in cells {
            match self.headers.iter().position(|x| x == h) {
                Some(i) => row[i] = v.clone(),
                None => self.unknown.push((*h).to_string()),
            }
        }
        self.rows.push(row);
    }
}

/// A running id per kind of record (`REF000001`, …).
#[derive(Default)]
struct Ids {
    next: std::collections::HashMap<&'static str, u32>,
}

impl Ids {
    fn next(&mut self, prefix: &'static str) -> String {
        let n = self.next.entry(prefix).or_insert(0);
        *n += 1;
        format!("{prefix}{n:06}")
    }
}

pub(super) fn write(world: &World, faults: bool, out: &Path) -> Result<Vec<(&'static str, usize)>> {
    let profile = caseaudit::profile::load_profile("ssd").context("the bundled ssd profile")?;
    let mut tables: Vec<Table> = Vec::new();
    for name in TABLES {
        let Some(ex) = profile.examples.iter().find(|e| e.sheet == name) else {
            bail!("the bundled ssd profile has no example sheet {name}");
        };
        tables.push(Table {
            name,
            headers: ex.headers.clone(),
            rows: Vec::new(),
            unknown: Vec::new(),
        });
    }
    let mut t: [Table; 17] = tables
        .try_into()
        .map_err(|_| anyhow::anyhow!("17 tables"))?;
    let mut ids = Ids::default();
    for c in &world.children {
        child(c, &mut t, &mut ids);
    }
    if faults {
        let [.., cla_visits, _, _, health, _, _, _] = &mut t;
        if let Some(c) = world.children.iter().find(|c| !c.periods.is_empty()) {
            let p = &c.periods[0];
            cla_visits.row(&[
                ("clav_cla_visit_id", ids.next("CLAV")),
                // The first period of care written is this child's (ids count up).
                ("clav_cla_id", "CLA000001".into()),
                ("clav_person_id", c.id.clone()),
                (
                    "clav_cla_visit_date",
                    format!("{}-13-01 00:00:00.000", p.start.year()),
                ),
                ("clav_cla_visit_seen", "Y".into()),
                ("clav_cla_visit_seen_alone", "N".into()),
            ]);
            health.row(&[
                ("clah_health_check_id", ids.next("CLAH")),
                ("clah_person_id", c.id.clone()),
                ("clah_health_check_type", "Health Check".into()),
                ("clah_health_check_date", dt(p.start + Months::new(2))),
                ("clah_health_check_status", "Completed".into()),
            ]);
        }
    }
    folder(out)?;
    let mut counts = Vec::new();
    for table in &t {
        if let Some(h) = table.unknown.first() {
            bail!(
                "the ssd profile's example sheet {} has no column {h}",
                table.name
            );
        }
        let headers: Vec<&str> = table.headers.iter().map(String::as_str).collect();
        write_csv(out, table.name, &headers, &table.rows)?;
        counts.push((table.name, table.rows.len()));
    }
    Ok(counts)
}

/// The JSON outcome of an enquiry as the SSD's SystemC extract writes it.
fn s47_outcome_json(outcome: S47Outcome) -> String {
    let flag = |b: bool| if b { "Y" } else { "N" };
    let (nfa, services, conference) = match outcome {
        S47Outcome::Nfa => (true, false, false),
        S47Outcome::Services => (false, true, false),
        S47Outcome::Conference => (false, false, true),
        S47Outcome::Undecided => return String::new(),
    };
    format!(
        "{{\"NFA_FLAG\": \"{}\", \"LEGAL_ACTION_FLAG\": \"N\", \"PROV_OF_SERVICES_FLAG\": \"{}\", \"PROV_OF_SB_CARE_FLAG\": \"N\", \"CP_CONFERENCE_FLAG\": \"{}\", \"NFA_CONTINUE_SINGLE_FLAG\": \"N\", \"MONITOR_FLAG\": \"N\", \"OTHER_OUTCOMES_EXIST_FLAG\": \"N\", \"TOTAL_NO_OF_OUTCOMES\": 1, \"OUTCOME_COMMENTS\": \"\"}}",
        flag(nfa),
        flag(services),
        flag(conference)
    )
}

fn child(c: &Child, t: &mut [Table; 17], ids: &mut Ids) {
    let [
        person,
        cin_episodes,
        assessments,
        s47,
        icpc,
        cp_plans,
        cla_episodes,
        placements,
        cin_visits,
        cp_visits,
        cla_visits,
        cp_reviews,
        cla_reviews,
        health,
        missing,
        involvements,
        care_leavers,
    ] = t;
    let sex = match c.sex {
        Sex::Male => "M",
        Sex::Female => "F",
    };
    person.row(&[
        ("pers_person_id", c.id.clone()),
        ("pers_sex", sex.into()),
        ("pers_gender", sex.into()),
        ("pers_ethnicity", c.ethnicity.into()),
        ("pers_dob", dt(c.dob)),
        ("pers_send_flag", "N".into()),
        ("pers_is_mother", "N".into()),
    ]);
    let mut referral_ids: Vec<(NaiveDate, String)> = Vec::new();
    for r in &c.referrals {
        let rid = ids.next("REF");
        referral_ids.push((r.date, rid.clone()));
        cin_episodes.row(&[
            ("cine_referral_id", rid.clone()),
            ("cine_person_id", c.id.clone()),
            ("cine_referral_date", dt(r.date)),
            ("cine_cin_primary_need_code", r.need.into()),
            ("cine_referral_source_code", r.source.into()),
            ("cine_referral_nfa", yn(r.nfa)),
            (
                "cine_close_reason",
                if r.closure.is_some() {
                    r.close_reason.into()
                } else {
                    String::new()
                },
            ),
            ("cine_close_date", odt(r.closure)),
            ("cine_referral_team", r.team.name().into()),
            ("cine_referral_worker_id", worker_id(r.worker)),
        ]);
        for a in &r.assessments {
            assessments.row(&[
                ("cina_assessment_id", ids.next("ASMT")),
                ("cina_person_id", c.id.clone()),
                ("cina_referral_id", rid.clone()),
                ("cina_assessment_start_date", dt(a.start)),
                ("cina_assessment_child_seen", "Y".into()),
                ("cina_assessment_auth_date", odt(a.completed)),
                ("cina_assessment_outcome_nfa", "N".into()),
                ("cina_assessment_team", r.team.name().into()),
                ("cina_assessment_worker_id", worker_id(r.worker)),
            ]);
        }
        // Each plan follows the enquiry whose conference started it, in order.
        let mut plans = r.plans.iter();
        for e in &r.s47s {
            let sid = ids.next("S47E");
            s47.row(&[
                ("s47e_s47_enquiry_id", sid.clone()),
                ("s47e_referral_id", rid.clone()),
                ("s47e_person_id", c.id.clone()),
                ("s47e_s47_start_date", dt(e.start)),
                ("s47e_s47_end_date", odt(e.end)),
                ("s47e_s47_nfa", yn(e.outcome == S47Outcome::Nfa)),
                ("s47e_s47_outcome_json", s47_outcome_json(e.outcome)),
                ("s47e_s47_completed_by_team", r.team.name().into()),
                ("s47e_s47_completed_by_worker_id", worker_id(r.worker)),
            ]);
            if e.outcome != S47Outcome::Conference {
                continue;
            }
            let icpc_id = ids.next("ICPC");
            let plan = if e.icpc_plan { plans.next() } else { None };
            let plan_id = plan.map(|_| ids.next("CPP"));
            icpc.row(&[
                ("icpc_icpc_id", icpc_id.clone()),
                ("icpc_icpc_meeting_id", ids.next("MTG")),
                ("icpc_s47_enquiry_id", sid),
                ("icpc_person_id", c.id.clone()),
                ("icpc_cp_plan_id", plan_id.clone().unwrap_or_default()),
                ("icpc_referral_id", rid.clone()),
                ("icpc_icpc_transfer_in", "N".into()),
                ("icpc_icpc_target_date", dt(e.icpc_target)),
                ("icpc_icpc_date", odt(e.icpc)),
                (
                    "icpc_icpc_outcome_cp_flag",
                    if e.icpc.is_some() {
                        yn(e.icpc_plan)
                    } else {
                        String::new()
                    },
                ),
                ("icpc_icpc_team", Team::Protection.name().into()),
                ("icpc_icpc_worker_id", worker_id(r.worker)),
            ]);
            let (Some(p), Some(pid)) = (plan, plan_id) else {
                continue;
            };
            cp_plans.row(&[
                ("cppl_cp_plan_id", pid.clone()),
                ("cppl_referral_id", rid.clone()),
                ("cppl_icpc_id", icpc_id),
                ("cppl_person_id", c.id.clone()),
                ("cppl_cp_plan_start_date", dt(p.start)),
                ("cppl_cp_plan_end_date", odt(p.end)),
                ("cppl_cp_plan_ola", "N".into()),
                ("cppl_cp_plan_initial_category", p.initial_category.into()),
                ("cppl_cp_plan_latest_category", p.latest_category.into()),
            ]);
            let mut due = p.start + Months::new(3);
            for (k, d) in p.reviews.iter().enumerate() {
                let last = k + 1 == p.reviews.len();
                cp_reviews.row(&[
                    ("cppr_cp_review_id", ids.next("CPPR")),
                    ("cppr_person_id", c.id.clone()),
                    ("cppr_cp_plan_id", pid.clone()),
                    ("cppr_cp_review_due", dt(due)),
                    ("cppr_cp_review_date", dt(*d)),
                    ("cppr_cp_review_meeting_id", ids.next("MTG")),
                    (
                        "cppr_cp_review_outcome_continue_cp",
                        yn(!(last && p.end.is_some())),
                    ),
                    ("cppr_cp_review_quorate", "Y".into()),
                ]);
                due = *d + Months::new(6);
            }
            if let Some(next) = p.next_review_due {
                // Due, not held yet: a row with no review date.
                cp_reviews.row(&[
                    ("cppr_cp_review_id", ids.next("CPPR")),
                    ("cppr_person_id", c.id.clone()),
                    ("cppr_cp_plan_id", pid.clone()),
                    ("cppr_cp_review_due", dt(next)),
                ]);
            }
            for v in &p.visits {
                cp_visits.row(&[
                    ("cppv_cp_visit_id", ids.next("CPPV")),
                    ("cppv_person_id", c.id.clone()),
                    ("cppv_cp_plan_id", pid.clone()),
                    ("cppv_cp_visit_date", dt(v.date)),
                    ("cppv_cp_visit_seen", yn(v.seen)),
                    ("cppv_cp_visit_seen_alone", yn(v.seen_alone)),
                    ("cppv_cp_visit_bedroom", yn(v.seen && v.seen_alone)),
                ]);
            }
        }
        for v in &r.visits {
            cin_visits.row(&[
                ("cinv_cin_visit_id", ids.next("CINV")),
                ("cinv_person_id", c.id.clone()),
                ("cinv_cin_visit_date", dt(v.date)),
                ("cinv_cin_visit_seen", yn(v.seen)),
                ("cinv_cin_visit_seen_alone", yn(v.seen_alone)),
                ("cinv_cin_visit_bedroom", "N".into()),
            ]);
        }
    }
    let referral_on = |d: NaiveDate| {
        referral_ids
            .iter()
            .rfind(|(r, _)| *r <= d)
            .or(referral_ids.first())
            .map(|(_, id)| id.clone())
            .unwrap_or_default()
    };
    for p in &c.periods {
        let cla = ids.next("CLA");
        let placement_ids: Vec<String> = p.placements.iter().map(|_| ids.next("PL")).collect();
        for (pl, id) in p.placements.iter().zip(&placement_ids) {
            placements.row(&[
                ("clap_cla_placement_id", id.clone()),
                ("clap_cla_id", cla.clone()),
                ("clap_person_id", c.id.clone()),
                ("clap_cla_placement_start_date", dt(pl.start)),
                ("clap_cla_placement_type", pl.place.into()),
                ("clap_cla_placement_provider", pl.provider.into()),
                ("clap_cla_placement_end_date", odt(pl.end)),
                ("clap_cla_placement_change_reason", pl.change_reason.into()),
            ]);
        }
        let need = c.referrals.first().map_or("N1", |r| r.need);
        for e in &p.episodes {
            cla_episodes.row(&[
                ("clae_cla_episode_id", ids.next("CLAE")),
                ("clae_person_id", c.id.clone()),
                ("clae_cla_placement_id", placement_ids[e.placement].clone()),
                ("clae_cla_episode_start_date", dt(e.decom)),
                ("clae_cla_episode_start_reason", e.rne.into()),
                ("clae_cla_primary_need_code", need.into()),
                ("clae_cla_episode_ceased_date", odt(e.dec)),
                ("clae_cla_episode_ceased_reason", e.rec.into()),
                ("clae_cla_id", cla.clone()),
                ("clae_referral_id", referral_on(p.start)),
                ("clae_entered_care_date", dt(p.start)),
            ]);
        }
        for r in &p.reviews {
            if let Some(d) = r.cancelled_before {
                cla_reviews.row(&[
                    ("clar_cla_review_id", ids.next("CLAR")),
                    ("clar_cla_id", cla.clone()),
                    ("clar_cla_person_id", c.id.clone()),
                    ("clar_cla_review_due_date", dt(r.due)),
                    ("clar_cla_review_date", dt(d)),
                    ("clar_cla_review_cancelled", "Y".into()),
                ]);
            }
            cla_reviews.row(&[
                ("clar_cla_review_id", ids.next("CLAR")),
                ("clar_cla_id", cla.clone()),
                ("clar_cla_person_id", c.id.clone()),
                ("clar_cla_review_due_date", dt(r.due)),
                ("clar_cla_review_date", dt(r.date)),
                ("clar_cla_review_cancelled", "N".into()),
                ("clar_cla_review_participation", r.code.into()),
            ]);
        }
        if let Some(next) = p.next_review_due {
            cla_reviews.row(&[
                ("clar_cla_review_id", ids.next("CLAR")),
                ("clar_cla_id", cla.clone()),
                ("clar_cla_person_id", c.id.clone()),
                ("clar_cla_review_due_date", dt(next)),
                ("clar_cla_review_cancelled", "N".into()),
            ]);
        }
        for v in &p.visits {
            cla_visits.row(&[
                ("clav_cla_visit_id", ids.next("CLAV")),
                ("clav_cla_id", cla.clone()),
                ("clav_person_id", c.id.clone()),
                ("clav_cla_visit_date", dt(v.date)),
                ("clav_cla_visit_seen", yn(v.seen)),
                ("clav_cla_visit_seen_alone", yn(v.seen_alone)),
            ]);
        }
        for h in &p.health {
            let kind = match h.kind {
                HealthKind::Initial => "Initial Health Assessment",
                HealthKind::Review => "Review Health Assessment",
                HealthKind::Dental => "Dental Check",
            };
            health.row(&[
                ("clah_health_check_id", ids.next("CLAH")),
                ("clah_person_id", c.id.clone()),
                ("clah_health_check_type", kind.into()),
                ("clah_health_check_date", dt(h.date)),
                (
                    "clah_health_check_status",
                    if h.refused { "Refused" } else { "Completed" }.into(),
                ),
            ]);
        }
    }
    for m in &c.missing {
        missing.row(&[
            ("miss_table_id", ids.next("MISS")),
            ("miss_person_id", c.id.clone()),
            ("miss_missing_episode_start_date", dt(m.start)),
            (
                "miss_missing_episode_type",
                if m.missing { "Missing" } else { "Absent" }.into(),
            ),
            ("miss_missing_episode_end_date", odt(m.end)),
            ("miss_missing_rhi_offered", m.rhi_offered.into()),
            ("miss_missing_rhi_accepted", m.rhi_accepted.into()),
        ]);
    }
    for (k, a) in c.allocations.iter().enumerate() {
        // A worker who took over from another gives the change's reason.
        let took_over = k > 0 && c.allocations[k - 1].change;
        involvements.row(&[
            ("invo_involvements_id", ids.next("INV")),
            ("invo_professional_id", worker_id(a.worker)),
            (
                "invo_professional_role_id",
                if a.team == Team::LeavingCare {
                    "PA"
                } else {
                    "SW"
                }
                .into(),
            ),
            ("invo_professional_team", a.team.name().into()),
            ("invo_person_id", c.id.clone()),
            ("invo_involvement_start_date", dt(a.start)),
            ("invo_involvement_end_date", odt(a.end)),
            (
                "invo_worker_change_reason",
                if took_over { "Change of worker" } else { "" }.into(),
            ),
            ("invo_referral_id", referral_on(a.start)),
        ]);
    }
    if let Some(cl) = &c.care_leaver {
        care_leavers.row(&[
            ("clea_table_id", ids.next("CLEA")),
            ("clea_person_id", c.id.clone()),
            ("clea_care_leaver_eligibility", cl.eligibility.into()),
            ("clea_care_leaver_in_touch", cl.in_touch.into()),
            ("clea_care_leaver_latest_contact", dt(cl.latest_contact)),
            ("clea_care_leaver_accommodation", cl.accommodation.into()),
            ("clea_care_leaver_accom_suitable", "1".into()),
            ("clea_care_leaver_activity", cl.activity.into()),
            ("clea_pathway_plan_review_date", dt(cl.pathway_review)),
            ("clea_care_leaver_personal_advisor", worker_id(cl.worker)),
            (
                "clea_care_leaver_allocated_team",
                Team::LeavingCare.name().into(),
            ),
            ("clea_care_leaver_worker_id", worker_id(cl.worker)),
        ]);
    }
}
