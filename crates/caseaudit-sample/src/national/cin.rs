//! The synthetic Children in Need census: one XML file (`Message/Header`, then
//! `Children/Child`), as caseaudit's census reader reads it. Every child with a referral
//! is in it (the looked-after children of the same seed's 903 too, born on the same
//! day), with each referral (`CINdetails`), its assessment, section 47 enquiries (with
//! `ICPCnotRequired` true or 1 when no conference was needed) and child protection plans
//! with their review dates.
//!
//! It holds children re-referred within 12 months of a previous referral (a second
//! `CINdetails`) and some just after 12 months, children with a second plan after an
//! earlier one ended (`NumberOfPreviousCPP` 1), plans that started more than two years
//! before the year end (some still open, some ended during the year), and enquiries not
//! yet decided at the year end.
//!
//! Deliberate fault (not with `--clean`): one assessment's `AssessmentAuthorisationDate`
//! is 31 September, a date that does not exist (the date is dropped, and the assessment's
//! exception names it).

use std::fmt::Write as _;
use std::path::Path;

use anyhow::{Context, Result, bail};
use chrono::{Datelike, NaiveDate};

use super::world::{S47Outcome, Sex, World};

fn iso(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

/// Appends `<name>value</name>` on its own line.
fn leaf(x: &mut String, indent: usize, name: &str, value: &str) {
    let _ = writeln!(x, "{:indent$}<{name}>{}</{name}>", "", escape(value));
}

fn open(x: &mut String, indent: usize, name: &str) {
    let _ = writeln!(x, "{:indent$}<{name}>", "");
}

fn close(x: &mut String, indent: usize, name: &str) {
    let _ = writeln!(x, "{:indent$}</{name}>", "");
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

pub(super) fn write(world: &World, faults: bool, out: &Path) -> Result<Vec<(&'static str, usize)>> {
    if out.is_dir() {
        bail!(
            "{} is a folder: the CIN census is one XML file",
            out.display()
        );
    }
    if let Some(dir) = out.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)
            .with_context(|| format!("creating folder {}", dir.display()))?;
    }
    let mut x = String::new();
    x.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<Message>\n");
    open(&mut x, 2, "Header");
    open(&mut x, 4, "CollectionDetails");
    leaf(&mut x, 6, "Collection", "CIN");
    leaf(&mut x, 6, "Year", &world.as_at.year().to_string());
    leaf(&mut x, 6, "ReferenceDate", &iso(world.as_at));
    close(&mut x, 4, "CollectionDetails");
    open(&mut x, 4, "Source");
    leaf(&mut x, 6, "SourceLevel", "L");
    leaf(&mut x, 6, "LEA", "999");
    leaf(&mut x, 6, "SoftwareCode", "caseaudit-sample (synthetic)");
    leaf(&mut x, 6, "Release", "1");
    leaf(&mut x, 6, "SerialNo", "001");
    leaf(
        &mut x,
        6,
        "DateTime",
        &format!("{}T09:00:00", iso(world.as_at)),
    );
    close(&mut x, 4, "Source");
    close(&mut x, 2, "Header");
    open(&mut x, 2, "Children");
    let mut counts = [0usize; 5];
    let mut fault = faults;
    for c in world.children.iter().filter(|c| !c.referrals.is_empty()) {
        counts[0] += 1;
        open(&mut x, 4, "Child");
        open(&mut x, 6, "ChildIdentifiers");
        leaf(&mut x, 8, "LAchildID", &c.id);
        leaf(&mut x, 8, "UPNunknown", "UN1");
        leaf(&mut x, 8, "PersonBirthDate", &iso(c.dob));
        let sex = match c.sex {
            Sex::Male => "M",
            Sex::Female => "F",
        };
        leaf(&mut x, 8, "Sex", sex);
        close(&mut x, 6, "ChildIdentifiers");
        open(&mut x, 6, "ChildCharacteristics");
        leaf(&mut x, 8, "Ethnicity", c.ethnicity);
        open(&mut x, 8, "Disabilities");
        leaf(&mut x, 10, "Disability", c.disability);
        close(&mut x, 8, "Disabilities");
        close(&mut x, 6, "ChildCharacteristics");
        for r in &c.referrals {
            counts[1] += 1;
            open(&mut x, 6, "CINdetails");
            leaf(&mut x, 8, "CINreferralDate", &iso(r.date));
            leaf(&mut x, 8, "ReferralSource", r.source);
            leaf(&mut x, 8, "PrimaryNeedCode", r.need);
            if let Some(cl) = r.closure {
                leaf(&mut x, 8, "CINclosureDate", &iso(cl));
                leaf(&mut x, 8, "ReasonForClosure", r.close_reason);
            }
            leaf(
                &mut x,
                8,
                "ReferralNFA",
                if r.nfa { "true" } else { "false" },
            );
            for a in &r.assessments {
                counts[2] += 1;
                open(&mut x, 8, "Assessments");
                leaf(&mut x, 10, "AssessmentActualStartDate", &iso(a.start));
                if let Some(done) = a.completed {
                    let text = if fault {
                        fault = false;
                        format!("{}-09-31", done.year())
                    } else {
                        iso(done)
                    };
                    leaf(&mut x, 10, "AssessmentAuthorisationDate", &text);
                }
                open(&mut x, 10, "FactorsIdentifiedAtAssessment");
                leaf(&mut x, 12, "AssessmentFactors", a.factor);
                close(&mut x, 10, "FactorsIdentifiedAtAssessment");
                close(&mut x, 8, "Assessments");
            }
            for s in &r.s47s {
                counts[3] += 1;
                open(&mut x, 8, "Section47");
                leaf(&mut x, 10, "S47ActualStartDate", &iso(s.start));
                leaf(&mut x, 10, "InitialCPCtarget", &iso(s.icpc_target));
                if let Some(icpc) = s.icpc {
                    leaf(&mut x, 10, "DateOfInitialCPC", &iso(icpc));
                }
                let not_required = match (s.outcome, s.not_required_as_1) {
                    (S47Outcome::Nfa | S47Outcome::Services, true) => "1",
                    (S47Outcome::Nfa | S47Outcome::Services, false) => "true",
                    _ => "false",
                };
                leaf(&mut x, 10, "ICPCnotRequired", not_required);
                close(&mut x, 8, "Section47");
            }
            for p in &r.plans {
                counts[4] += 1;
                open(&mut x, 8, "ChildProtectionPlans");
                leaf(&mut x, 10, "CPPstartDate", &iso(p.start));
                if let Some(e) = p.end {
                    leaf(&mut x, 10, "CPPendDate", &iso(e));
                }
                leaf(&mut x, 10, "InitialCategoryOfAbuse", p.initial_category);
                leaf(&mut x, 10, "LatestCategoryOfAbuse", p.latest_category);
                leaf(&mut x, 10, "NumberOfPreviousCPP", &p.previous.to_string());
                open(&mut x, 10, "Reviews");
                for d in &p.reviews {
                    leaf(&mut x, 12, "CPPreviewDate", &iso(*d));
                }
                close(&mut x, 10, "Reviews");
                close(&mut x, 8, "ChildProtectionPlans");
            }
            close(&mut x, 6, "CINdetails");
        }
        close(&mut x, 4, "Child");
    }
    close(&mut x, 2, "Children");
    x.push_str("</Message>\n");
    std::fs::write(out, x).with_context(|| format!("writing {}", out.display()))?;
    Ok(vec![
        ("Child", counts[0]),
        ("CINdetails", counts[1]),
        ("Assessments", counts[2]),
        ("Section47", counts[3]),
        ("ChildProtectionPlans", counts[4]),
    ])
}
