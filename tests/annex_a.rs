//! Ofsted Annex A support, end to end (`--profile annex-a` with `rules/annex-a.toml`).
//!
//! 1. A synthetic Annex A workbook is built with rust_xlsxwriter (Lists 1–9, the published
//!    headers as the real sample spells them, with the variations real files have), read
//!    through the bundled profile and audited in-process; every result row (met, late,
//!    missing, pending) is compared with a hand-checked list.
//! 2. The real sample `tests/fixtures/real-samples/Annex_A_2024_Jan.xlsx` (liia-tools-pipeline,
//!    MIT) is audited as at 2021-03-31: no row rejected, no finding (its `#N/A` cells in
//!    optional columns are read as blank), and every result row matches a hand-checked list.
//!
//! Working days: England & Wales. Bank holidays used below: 2017: 25, 26 Dec; 2018: 1 Jan,
//! 30 Mar, 2 Apr, 7 May, 28 May, 27 Aug, 25, 26 Dec; 2019: 1 Jan, 19, 22 Apr, 6, 27 May,
//! 26 Aug, 25, 26 Dec; 2020: 1 Jan, 10, 13 Apr, 8 May (VE day), 25 May, 31 Aug, 25, 28 Dec;
//! 2021: 1 Jan, 2, 5 Apr; 2025: 1 Jan, 18, 21 Apr, 5, 26 May, 25 Aug, 25, 26 Dec; 2026:
//! 1 Jan, 3 Apr (Good Friday), 6 Apr (Easter Monday), 4 May, 25 May.
//! `D + N WD` is the N-th working day strictly after D; lateness is the number of working
//! days in (due, event] (late) or (due, as-at] (missing). Snapshot rules (contract §3 as
//! the issue extends it): base = the latest event on or before the as-at date, or the
//! episode start when there is none or it is older than the start; due = base + the
//! interval; missing when due < as-at (counted whatever the audit period), else met with an
//! event, pending without one (not counted).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use caseaudit::config::AuditConfig;
use caseaudit::ingest::{Loaded, Mode};
use caseaudit::report::Report;
use chrono::NaiveDate;
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook, Worksheet};

// ------------------------------------------------------------------ workbook building

/// A cell of the synthetic workbook.
#[derive(Clone, Copy)]
enum V {
    /// Text.
    T(&'static str),
    /// A number (ages; child ids stored as numbers, `2000101.0`).
    N(f64),
    /// A real date cell, formatted `dd/mm/yyyy`.
    D(u16, u8, u8),
    /// A real date-time cell (the time is ignored by these date-only rules).
    Dt(u16, u8, u8, u16, u8),
}
use V::{D, Dt, N, T};

type Row = Vec<(&'static str, V)>;

struct Sheet {
    name: &'static str,
    headers: Vec<&'static str>,
    rows: Vec<Row>,
}

fn write_sheet(ws: &mut Worksheet, sheet: &Sheet, date: &Format, date_time: &Format) {
    ws.set_name(sheet.name).unwrap();
    for (c, h) in sheet.headers.iter().enumerate() {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    for (r, row) in sheet.rows.iter().enumerate() {
        let r = r as u32 + 1;
        for (h, v) in row {
            let c = sheet
                .headers
                .iter()
                .position(|x| x == h)
                .unwrap_or_else(|| panic!("{}: no header {h:?}", sheet.name))
                as u16;
            match *v {
                T(s) => {
                    ws.write_string(r, c, s).unwrap();
                }
                N(x) => {
                    ws.write_number(r, c, x).unwrap();
                }
                D(y, m, d) => {
                    let dt = ExcelDateTime::from_ymd(y, m, d).unwrap();
                    ws.write_datetime_with_format(r, c, &dt, date).unwrap();
                }
                Dt(y, m, d, hh, mm) => {
                    let dt = ExcelDateTime::from_ymd(y, m, d)
                        .unwrap()
                        .and_hms(hh, mm, 0u8)
                        .unwrap();
                    ws.write_datetime_with_format(r, c, &dt, date_time).unwrap();
                }
            }
        }
    }
}

// Headers: as the real sample (Annex_A_2024_Jan.xlsx) spells them, with real-world
// variations: `Age of Child (Years)` on some lists and `Age` on others, `Sex` for `Gender`
// on List 8 (the 2026 rename), `Date of referral` not capitalised, curly apostrophes,
// lower-case variants, a non-breaking space and List 8's doubled bracket.

const LIST1: &[&str] = &[
    "Child Unique ID",
    "Gender",
    "Ethnicity",
    "Date of Birth",
    "Age of Child (Years)",
    "Date of Contact",
    "Contact Source",
];
const LIST2: &[&str] = &[
    "Child Unique ID",
    "Gender",
    "Ethnicity",
    "Date of Birth",
    "Age",
    "Assessment start date",
    "Assessment completion date",
    "Organisation completing assessment",
];
const LIST3: &[&str] = &[
    "Child Unique ID",
    "Gender",
    "Ethnicity",
    "Date of Birth",
    "Age of Child (Years)",
    "Date of referral",
    "Referral Source",
    "Referral NFA?",
    "Number of Referrals in Last 12 Months",
    "Allocated Team",
    "Allocated Worker",
];
const LIST4: &[&str] = &[
    "Child Unique ID",
    "Gender",
    "Ethnicity",
    "Date of Birth",
    "Age of Child (Years)",
    "Does the Child have a Disability",
    "Continuous Assessment Start Date",
    "Child Seen During Continuous Assessment",
    "Continuous Assessment Date of Authorisation",
    "Was the child assessed as requiring LA children\u{2019}s social care support?",
    "Allocated Team",
    "Allocated Worker",
];
const LIST5: &[&str] = &[
    "Child Unique ID",
    "Gender",
    "Ethnicity",
    "Date of Birth",
    "Age",
    "Does the Child have a Disability",
    "Strategy discussion initiating Section 47 Enquiry Start Date",
    "Was an Initial Child Protection Conference deemed unnecessary?",
    "Date of Initial Child Protection Conference",
    "Did the Initial Child Protection Conference Result in a Child Protection Plan",
    "Number of Section 47 Enquiries in the last 12 months",
    "Number of ICPCs in the last 12 months",
    "Allocated Team",
    "Allocated Worker",
];
const LIST6: &[&str] = &[
    "Child Unique ID",
    "Gender",
    "Ethnicity",
    "Date of Birth",
    "Age of Child (Years)",
    "Does the Child have a Disability",
    "CIN Start Date",
    "Primary Need Code",
    "Date child was last seen",
    "CIN Closure Date",
    "Reason for Closure",
    "Case Status",
    "Allocated Team",
    "Allocated Worker",
];
const LIST7: &[&str] = &[
    "Child Unique ID",
    "Gender",
    "Ethnicity",
    "Date of Birth",
    "Age",
    "Does the Child have a Disability",
    "Child Protection Plan Start Date",
    "Initial Category of Abuse",
    "Latest Category of Abuse",
    "Date of the Last Statutory Visit",
    "Was the child seen alone?",
    "Date of latest review conference",
    "Child Protection Plan End Date",
    "Subject to Emergency Protection Order or Protected Under Police Powers in Last Six Months (Y/N)",
    "Number of Previous Child Protection Plans",
    "Allocated Team",
    "Allocated Worker",
];
const LIST8: &[&str] = &[
    "Child Unique ID",
    "Sex",
    "Ethnicity",
    "Date of Birth",
    "Age of Child (Years)",
    "Unaccompanied Asylum Seeking Child (UASC) within the Last 12 Months (Y/N))",
    "Does the Child have a Disability",
    "Date Started to be Looked After",
    "Child\u{2019}s Category of Need",
    "Is this a second or subsequent period of being a Looked After Child within the last 12 months (Y/N)",
    "Start date of current legal status",
    "Child\u{2019}s Legal Status",
    "Date of latest statutory review",
    "Date of Last Social Work Visit",
    "What is the permanence plan for this child?",
    "Date of Last IRO Visit / Contact to the Child",
    "Date of Last Health Assessment",
    "Date of Last\u{a0}Dental Check",
    "Number of Placements in the Last 12 months",
    "Date Ceased to be Looked After",
    "Reason Ceased to be Looked After",
    "Start Date of Most Recent Placement",
    "Placement Type",
    "Placement Provider",
    "Placement postcode",
    "URN of Placement",
    "Placement Location",
    "LA of Placement",
    "Number of Episodes the Child has been \u{2018}Missing\u{2019} from their Placement in the last 12 months",
    "Number of Episodes the Child has been \u{2018}Absent\u{2019} from their Placement in the last 12 months",
    "Was the child offered a Return Interview after their last missing episode (Y/N)?",
    "Did the child accept a Return Interview after their last missing episode (Y/N)?",
    "Allocated Team",
    "Allocated Worker",
];
const LIST9: &[&str] = &[
    "Child Unique ID",
    "Gender",
    "Ethnicity",
    "Date of Birth",
    "Age",
    "Unaccompanied Asylum Seeking Child (UASC), or formerly UASC if 18 or over (Y/N)",
    "Does the Child have a Disability",
    "Allocated Team",
    "Allocated Worker",
    "Allocated Personal Advisor",
    "Eligibility Category",
    "Latest Pathway Plan Review Date",
    "LA in Touch",
    "Latest Date of Contact",
    "Type of Accommodation",
    "Suitability of Accommodation",
    "Activity Status",
];

fn opt(row: &mut Row, header: &'static str, v: Option<V>) {
    if let Some(v) = v {
        row.push((header, v));
    }
}

/// List 4: one continuous assessment.
fn l4(id: f64, start: V, authorised: Option<V>) -> Row {
    let mut r = vec![
        ("Child Unique ID", N(id)),
        ("Gender", T("b) Female")),
        ("Ethnicity", T("a) WBRI")),
        ("Date of Birth", D(2016, 4, 4)),
        ("Age of Child (Years)", N(9.0)),
        ("Does the Child have a Disability", T("b) No")),
        ("Continuous Assessment Start Date", start),
        ("Child Seen During Continuous Assessment", T("Yes")),
        (
            "Was the child assessed as requiring LA children\u{2019}s social care support?",
            T("CS Assessment Updated"),
        ),
        ("Allocated Team", T("Assessment Team 1")),
        ("Allocated Worker", T("Ida\u{a0}Example")),
    ];
    opt(
        &mut r,
        "Continuous Assessment Date of Authorisation",
        authorised,
    );
    r
}

/// List 5: one Section 47 enquiry.
fn l5(id: f64, strategy: V, unnecessary: Option<&'static str>, icpc: Option<V>) -> Row {
    let mut r = vec![
        ("Child Unique ID", N(id)),
        ("Gender", T("a) Male")),
        ("Ethnicity", T("s) NOBT")),
        ("Date of Birth", D(2012, 9, 9)),
        ("Age", N(13.0)),
        ("Does the Child have a Disability", T("b) No")),
        (
            "Strategy discussion initiating Section 47 Enquiry Start Date",
            strategy,
        ),
        (
            "Number of Section 47 Enquiries in the last 12 months",
            N(1.0),
        ),
        ("Number of ICPCs in the last 12 months", N(0.0)),
        ("Allocated Team", T("Locality 1 Duty Team")),
        ("Allocated Worker", T("Sam Sample")),
    ];
    opt(
        &mut r,
        "Was an Initial Child Protection Conference deemed unnecessary?",
        unnecessary.map(T),
    );
    opt(&mut r, "Date of Initial Child Protection Conference", icpc);
    r
}

/// List 6: one child in need.
fn l6(id: &'static str, start: V, last_seen: Option<V>, closed: Option<V>) -> Row {
    let mut r = vec![
        ("Child Unique ID", T(id)),
        ("Gender", T("a) Male")),
        ("Ethnicity", T("a) WBRI")),
        ("Date of Birth", D(2013, 1, 31)),
        ("Age of Child (Years)", N(13.0)),
        ("Does the Child have a Disability", T("b) No")),
        ("CIN Start Date", start),
        ("Primary Need Code", T("N1 - Abuse or Neglect")),
        ("Case Status", T("c) Child in need plan")),
        ("Allocated Team", T("Locality 2 Unit 1")),
        ("Allocated Worker", T("Kit\u{a0}Placeholder")),
    ];
    opt(&mut r, "Date child was last seen", last_seen);
    opt(&mut r, "CIN Closure Date", closed);
    r
}

/// List 7: one child protection plan.
fn l7(
    id: f64,
    dob: V,
    start: V,
    visit: Option<V>,
    alone: &'static str,
    review: Option<V>,
    end: Option<V>,
) -> Row {
    let mut r = vec![
        ("Child Unique ID", N(id)),
        ("Gender", T("b) Female")),
        ("Ethnicity", T("k) APKN")),
        ("Date of Birth", dob),
        ("Age", N(10.0)),
        ("Does the Child have a Disability", T("b) No")),
        ("Child Protection Plan Start Date", start),
        ("Initial Category of Abuse", T("Neglect")),
        ("Latest Category of Abuse", T("Neglect")),
        (
            "Subject to Emergency Protection Order or Protected Under Police Powers in Last Six Months (Y/N)",
            T("b) No"),
        ),
        ("Number of Previous Child Protection Plans", N(0.0)),
        ("Allocated Team", T("Locality 4 Unit 1")),
        ("Allocated Worker", T("Alex Invented")),
    ];
    opt(&mut r, "Date of the Last Statutory Visit", visit);
    opt(
        &mut r,
        "Was the child seen alone?",
        (!alone.is_empty()).then_some(T(alone)),
    );
    opt(&mut r, "Date of latest review conference", review);
    opt(&mut r, "Child Protection Plan End Date", end);
    r
}

/// List 8 dates of one child looked after.
struct Cla {
    id: f64,
    dob: V,
    start: V,
    review: Option<V>,
    visit: Option<V>,
    health: Option<V>,
    dental: Option<V>,
    ceased: Option<V>,
}

fn l8(c: Cla) -> Row {
    let mut r = vec![
        ("Child Unique ID", N(c.id)),
        ("Sex", T("a) Male")),
        ("Ethnicity", T("a) WBRI")),
        ("Date of Birth", c.dob),
        ("Age of Child (Years)", N(5.0)),
        (
            "Unaccompanied Asylum Seeking Child (UASC) within the Last 12 Months (Y/N))",
            T("b) No"),
        ),
        ("Does the Child have a Disability", T("b) No")),
        ("Date Started to be Looked After", c.start),
        (
            "Child\u{2019}s Category of Need",
            T("N1 - Abuse or Neglect"),
        ),
        (
            "Is this a second or subsequent period of being a Looked After Child within the last 12 months (Y/N)",
            T("b) No"),
        ),
        ("Child\u{2019}s Legal Status", T("C2: FCO")),
        ("Number of Placements in the Last 12 months", N(1.0)),
        ("Placement Type", T("f) U6: Foster placement - not FFA")),
        ("Allocated Team", T("Children in Care Team 1")),
        ("Allocated Worker", T("Jo Madeup")),
    ];
    opt(&mut r, "Date of latest statutory review", c.review);
    opt(&mut r, "Date of Last Social Work Visit", c.visit);
    opt(&mut r, "Date of Last Health Assessment", c.health);
    opt(&mut r, "Date of Last\u{a0}Dental Check", c.dental);
    opt(&mut r, "Date Ceased to be Looked After", c.ceased);
    r
}

/// List 9: one care leaver.
fn l9(id: f64, dob: V, contact: Option<V>) -> Row {
    let mut r = vec![
        ("Child Unique ID", N(id)),
        ("Gender", T("b) Female")),
        ("Ethnicity", T("r) OOTH")),
        ("Date of Birth", dob),
        ("Age", N(18.0)),
        ("Does the Child have a Disability", T("b) No")),
        ("Allocated Team", T("Care Leavers Team")),
        ("Allocated Worker", T("Pat Fictional")),
        ("Allocated Personal Advisor", T("Lee Notreal")),
        ("Eligibility Category", T("b) Former relevant child")),
        ("LA in Touch", T("a) Yes")),
    ];
    opt(&mut r, "Latest Date of Contact", contact);
    r
}

/// The synthetic Annex A return, as at Fri 10 Apr 2026 (the Friday after Easter Monday).
fn synthetic_lists() -> Vec<Sheet> {
    vec![
        Sheet {
            name: "List 1",
            headers: LIST1.to_vec(),
            rows: vec![
                // CP child 2000101, its id here as text: the same child as the number on List 7.
                vec![
                    ("Child Unique ID", T("2000101")),
                    ("Gender", T("b) Female")),
                    ("Ethnicity", T("k) APKN")),
                    ("Date of Birth", D(2015, 3, 3)),
                    ("Age of Child (Years)", N(11.0)),
                    ("Date of Contact", D(2025, 9, 1)),
                    ("Contact Source", T("q) 6: Police")),
                ],
                vec![
                    ("Child Unique ID", N(1000001.0)),
                    ("Gender", T("a) Male")),
                    ("Ethnicity", T("s) NOBT")),
                    ("Date of Birth", T("07/07/2019")),
                    ("Age of Child (Years)", N(6.0)),
                    ("Date of Contact", T("1 Apr 2026")),
                    ("Contact Source", T("b) 1B: Individual")),
                ],
            ],
        },
        Sheet {
            name: "List 2",
            headers: LIST2.to_vec(),
            rows: vec![vec![
                ("Child Unique ID", N(1000002.0)),
                ("Gender", T("c) Not stated/recorded")),
                ("Ethnicity", T("a) WBRI")),
                ("Date of Birth", D(2020, 1, 1)),
                ("Age", N(6.0)),
                ("Assessment start date", D(2026, 2, 2)),
                ("Assessment completion date", D(2026, 3, 2)),
                (
                    "Organisation completing assessment",
                    T("Early Help Locality 1"),
                ),
            ]],
        },
        Sheet {
            name: "List 3",
            headers: LIST3.to_vec(),
            rows: vec![
                vec![
                    ("Child Unique ID", T("AA6001")),
                    ("Gender", T("a) Male")),
                    ("Ethnicity", T("a) WBRI")),
                    ("Date of Birth", D(2013, 1, 31)),
                    ("Age of Child (Years)", N(13.0)),
                    ("Date of referral", D(2025, 4, 28)),
                    ("Referral Source", T("e) 2A: Schools")),
                    ("Referral NFA?", T("No")),
                    ("Number of Referrals in Last 12 Months", N(1.0)),
                    ("Allocated Team", T("Locality 2 Unit 1")),
                    ("Allocated Worker", T("Kit\u{a0}Placeholder")),
                ],
                vec![
                    ("Child Unique ID", N(1000003.0)),
                    ("Gender", T("b) Female")),
                    ("Ethnicity", T("a) WBRI")),
                    ("Date of Birth", D(2011, 11, 11)),
                    ("Age of Child (Years)", N(14.0)),
                    ("Date of referral", D(2026, 3, 30)),
                    ("Referral Source", T("q) 6: Police")),
                    ("Referral NFA?", T("Yes")),
                    ("Number of Referrals in Last 12 Months", N(0.0)),
                    ("Allocated Team", T("MASH")),
                    ("Allocated Worker", T("Robin Unreal")),
                ],
            ],
        },
        Sheet {
            name: "List 4",
            headers: LIST4.to_vec(),
            rows: vec![
                l4(4000001.0, D(2026, 1, 5), Some(D(2026, 3, 9))),
                l4(4000002.0, D(2025, 11, 3), Some(D(2026, 2, 2))),
                l4(4000003.0, D(2026, 1, 26), None),
                l4(4000004.0, D(2026, 3, 2), None),
                l4(4000005.0, D(2025, 2, 3), Some(D(2025, 4, 30))),
                // UK text dates.
                l4(4000006.0, T("07/02/2026"), Some(T("8 Apr 2026"))),
            ],
        },
        Sheet {
            name: "List 5",
            headers: LIST5.to_vec(),
            rows: vec![
                l5(
                    5000001.0,
                    D(2026, 3, 19),
                    Some("b) No"),
                    Some(D(2026, 4, 10)),
                ),
                l5(5000002.0, D(2025, 12, 15), Some("No"), Some(D(2026, 1, 12))),
                l5(5000003.0, D(2026, 3, 2), Some("b) No"), None),
                l5(5000004.0, D(2026, 2, 2), Some("a) Yes"), None),
                l5(5000005.0, D(2026, 1, 31), Some("No"), Some(D(2026, 2, 20))),
                l5(5000006.0, D(2026, 4, 1), None, None),
                l5(
                    5000007.0,
                    D(2025, 3, 20),
                    Some("b) No"),
                    Some(D(2025, 4, 8)),
                ),
                l5(5000008.0, T("05/03/2026"), Some("Yes"), None),
            ],
        },
        Sheet {
            name: "List 6",
            headers: LIST6.to_vec(),
            rows: vec![
                l6("AA6001", D(2025, 5, 1), Some(D(2026, 3, 12)), None),
                l6("AA6002", D(2025, 6, 2), Some(D(2026, 3, 11)), None),
                l6("AA6003", D(2025, 9, 15), Some(T("10/03/2026")), None),
                l6("AA6004", D(2025, 10, 6), Some(D(2026, 1, 9)), None),
                l6("AA6005", D(2026, 3, 16), None, None),
                l6("AA6006", D(2025, 12, 22), None, None),
                l6("AA6007", D(2026, 3, 14), Some(D(2026, 3, 14)), None),
                l6(
                    "AA6008",
                    D(2025, 6, 9),
                    Some(D(2025, 12, 1)),
                    Some(D(2026, 2, 27)),
                ),
            ],
        },
        Sheet {
            name: "List 7",
            headers: LIST7.to_vec(),
            rows: vec![
                l7(
                    2000101.0,
                    D(2015, 3, 3),
                    D(2025, 10, 1),
                    Some(Dt(2026, 3, 25, 14, 30)),
                    "a) Yes",
                    Some(D(2025, 12, 19)),
                    None,
                ),
                l7(
                    2000102.0,
                    D(2016, 6, 6),
                    D(2025, 6, 15),
                    Some(D(2026, 3, 24)),
                    "b) No",
                    Some(D(2025, 10, 10)),
                    None,
                ),
                l7(
                    2000103.0,
                    D(2017, 7, 7),
                    D(2026, 3, 30),
                    None,
                    "",
                    None,
                    None,
                ),
                l7(
                    2000104.0,
                    D(2018, 8, 8),
                    D(2026, 2, 20),
                    Some(D(2026, 1, 15)),
                    "a) Yes",
                    Some(D(2026, 1, 10)),
                    None,
                ),
                l7(
                    2000105.0,
                    D(2019, 9, 9),
                    D(2025, 9, 1),
                    Some(D(2026, 3, 2)),
                    "a) Yes",
                    Some(D(2025, 11, 28)),
                    Some(D(2026, 3, 20)),
                ),
                l7(
                    2000106.0,
                    D(2014, 4, 4),
                    D(2026, 3, 27),
                    Some(T("13/04/2026")),
                    "Yes",
                    None,
                    None,
                ),
                l7(
                    2000107.0,
                    D(2013, 5, 5),
                    D(2025, 11, 30),
                    Some(D(2026, 4, 1)),
                    "No",
                    None,
                    None,
                ),
                l7(
                    2000108.0,
                    D(2012, 6, 12),
                    D(2025, 1, 15),
                    Some(D(2026, 3, 31)),
                    "b) No",
                    Some(D(2025, 9, 30)),
                    None,
                ),
            ],
        },
        Sheet {
            name: "List 8",
            headers: LIST8.to_vec(),
            rows: vec![
                l8(Cla {
                    id: 3000201.0,
                    dob: D(2023, 6, 15),
                    start: D(2024, 1, 10),
                    review: Some(D(2025, 11, 20)),
                    visit: Some(D(2026, 3, 13)),
                    health: Some(D(2025, 10, 9)),
                    dental: Some(D(2025, 12, 1)),
                    ceased: None,
                }),
                l8(Cla {
                    id: 3000202.0,
                    dob: D(2015, 2, 10),
                    start: D(2023, 9, 4),
                    review: Some(D(2025, 9, 15)),
                    visit: Some(D(2026, 2, 20)),
                    health: Some(D(2025, 4, 10)),
                    dental: Some(T("31/03/2025")),
                    ceased: None,
                }),
                l8(Cla {
                    id: 3000203.0,
                    dob: D(2012, 5, 5),
                    start: D(2026, 3, 20),
                    review: None,
                    visit: None,
                    health: None,
                    dental: None,
                    ceased: None,
                }),
                l8(Cla {
                    id: 3000204.0,
                    dob: D(2022, 11, 30),
                    start: D(2026, 2, 2),
                    review: None,
                    visit: Some(D(2026, 3, 27)),
                    health: None,
                    dental: None,
                    ceased: None,
                }),
                l8(Cla {
                    id: 3000205.0,
                    dob: D(2021, 1, 20),
                    start: D(2024, 8, 11),
                    review: Some(D(2026, 1, 23)),
                    visit: Some(D(2026, 3, 9)),
                    health: Some(D(2025, 10, 20)),
                    dental: Some(D(2025, 4, 25)),
                    ceased: None,
                }),
                l8(Cla {
                    id: 3000206.0,
                    dob: D(2010, 1, 1),
                    start: D(2020, 5, 5),
                    review: Some(D(2025, 6, 1)),
                    visit: Some(D(2026, 1, 5)),
                    health: Some(D(2025, 1, 1)),
                    dental: Some(D(2025, 1, 2)),
                    ceased: Some(D(2026, 3, 31)),
                }),
                l8(Cla {
                    id: 3000207.0,
                    dob: D(2009, 7, 7),
                    start: D(2026, 1, 12),
                    review: Some(D(2026, 2, 6)),
                    visit: Some(D(2026, 4, 2)),
                    health: Some(D(2025, 11, 3)),
                    dental: Some(D(2025, 6, 30)),
                    ceased: None,
                }),
            ],
        },
        Sheet {
            name: "List 9",
            headers: LIST9.to_vec(),
            rows: vec![
                l9(9000001.0, D(2007, 3, 1), Some(D(2026, 2, 13))),
                l9(9000002.0, D(2006, 11, 30), Some(D(2026, 2, 12))),
                l9(9000003.0, D(2008, 2, 29), None),
                l9(9000004.0, D(2007, 1, 10), None),
                l9(9000005.0, D(2008, 1, 20), Some(D(2026, 1, 5))),
                l9(9000006.0, D(2009, 6, 1), None),
            ],
        },
    ]
}

fn build_workbook(path: &Path, sheets: &[Sheet]) {
    let mut wb = Workbook::new();
    let date = Format::new().set_num_format("dd/mm/yyyy");
    let date_time = Format::new().set_num_format("dd/mm/yyyy hh:mm");
    for s in sheets {
        write_sheet(wb.add_worksheet(), s, &date, &date_time);
    }
    wb.save(path).unwrap();
}

// ------------------------------------------------------------------ running and comparing

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn config(input: &Path, from: &str, as_at: &str) -> AuditConfig {
    AuditConfig {
        input: input.to_path_buf(),
        extra_inputs: Vec::new(),
        rules: Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("rules/annex-a.toml")
            .display()
            .to_string(),
        profile: Some("annex-a".into()),
        dates: caseaudit::period::DateSpec::fixed(d(from), d(as_at), d(as_at)),
        out: PathBuf::new(),
        region: None,
        closures: Vec::new(),
        formats: Vec::new(),
        threads: Some(1),
        only: Vec::new(),
        verbose: false,
        quiet: true,
        reports: Default::default(),
        options: Default::default(),
    }
}

fn load(path: &Path) -> Loaded {
    let profile = caseaudit::profile::load_profile("annex-a").expect("bundled annex-a profile");
    caseaudit::ingest::load_with(path, Some(&profile), Mode::Strict)
        .unwrap_or_else(|e| panic!("{} does not load: {e}", path.display()))
}

/// `rule_id,child_id,start_date,due_date,event_date,status,working_days_late,counted`
fn result_lines(report: &Report) -> Vec<String> {
    let mut v: Vec<String> = report
        .rows
        .iter()
        .map(|r| {
            format!(
                "{},{},{},{},{},{},{},{}",
                report.rule_id(r),
                report.child_id(r),
                r.start_date,
                r.due_date,
                r.event_date.map(|d| d.to_string()).unwrap_or_default(),
                r.status.as_str(),
                r.working_days_late,
                if r.counted { "Y" } else { "N" }
            )
        })
        .collect();
    v.sort();
    v
}

fn assert_same(actual: Vec<String>, expected: &[&str]) {
    let mut expected: Vec<String> = expected.iter().map(|s| s.to_string()).collect();
    expected.sort();
    let missing: Vec<&String> = expected.iter().filter(|l| !actual.contains(l)).collect();
    let extra: Vec<&String> = actual.iter().filter(|l| !expected.contains(l)).collect();
    assert!(
        missing.is_empty() && extra.is_empty(),
        "result rows differ from the hand-checked list\n  expected but not produced:\n    {}\n  produced but not expected:\n    {}",
        missing
            .iter()
            .map(|s| s.as_str())
            .collect::<Vec<_>>()
            .join("\n    "),
        extra
            .iter()
            .map(|s| s.as_str())
            .collect::<Vec<_>>()
            .join("\n    ")
    );
}

/// The contract columns the profile must find on each list, whatever the variations.
fn expected_mappings(list: u32) -> Vec<(&'static str, &'static [&'static str])> {
    let children: &'static [&'static str] = if list >= 4 {
        &["child_id", "date_of_birth", "gender", "disability"]
    } else {
        &["child_id", "date_of_birth", "gender"]
    };
    let mut m = vec![("children", children)];
    match list {
        4 => m.push((
            "assessments",
            &[
                "child_id",
                "assessment_type",
                "start_date",
                "completed_date",
                "team",
                "worker",
            ],
        )),
        5 => m.push((
            "s47",
            &[
                "child_id",
                "strategy_date",
                "outcome",
                "icpc_date",
                "team",
                "worker",
            ],
        )),
        6 => {
            m.push((
                "episodes",
                &[
                    "child_id",
                    "episode_type",
                    "start_date",
                    "end_date",
                    "team",
                    "worker",
                ],
            ));
            m.push(("visits", &["child_id", "visit_date"]));
        }
        7 => {
            m.push((
                "episodes",
                &[
                    "child_id",
                    "episode_type",
                    "start_date",
                    "end_date",
                    "team",
                    "worker",
                ],
            ));
            m.push(("visits", &["child_id", "visit_date", "seen_alone"]));
            m.push(("meetings", &["child_id", "meeting_type", "meeting_date"]));
        }
        8 => {
            m.push((
                "episodes",
                &[
                    "child_id",
                    "episode_type",
                    "start_date",
                    "end_date",
                    "team",
                    "worker",
                ],
            ));
            m.push(("meetings", &["child_id", "meeting_type", "meeting_date"]));
            m.push(("visits", &["child_id", "visit_date"]));
            // Two health sources (health assessment and dental check).
            m.push(("health", &["child_id", "assessment_type", "date"]));
        }
        9 => {
            m.push((
                "episodes",
                &["child_id", "episode_type", "start_date", "team", "worker"],
            ));
            m.push(("contacts", &["child_id", "contact_date"]));
        }
        _ => {}
    }
    m
}

/// Every list feeds the tables it should, with every mapped column found, and every row
/// is accounted for. Returns the unmapped (sheet, table, column) triples.
fn check_mappings(loaded: &Loaded) -> Vec<String> {
    let mut unmapped = Vec::new();
    for list in 1..=9u32 {
        let sheet = format!("List {list}");
        for (table, cols) in expected_mappings(list) {
            let sources: Vec<_> = loaded
                .sources
                .iter()
                .filter(|s| s.sheet == sheet && s.table == table)
                .collect();
            if sources.is_empty() {
                unmapped.push(format!("{sheet}: no {table} table read"));
            }
            for s in sources {
                for c in cols {
                    if !s.notes.mapped.contains_key(c) {
                        unmapped.push(format!(
                            "{sheet} -> {table}.{c}: no header mapped (headers: {:?})",
                            s.notes.headers
                        ));
                    }
                }
            }
        }
    }
    unmapped
}

fn check_accounting(loaded: &Loaded, report: &Report) {
    for s in &loaded.sources {
        let c = s.counts;
        assert_eq!(
            c.read,
            c.used + c.rejected + c.skipped,
            "{} [{}] -> {}: {c:?}",
            s.file,
            s.sheet,
            s.table
        );
        assert_eq!(c.rejected, 0, "{} -> {}: rows rejected", s.sheet, s.table);
    }
    for t in &report.tables {
        assert_eq!(t.rejected, 0, "table {} has rejected rows", t.table);
        assert_eq!(
            t.read,
            t.used + t.rejected + t.skipped,
            "table {}: read {} != used {} + rejected {} + skipped {}",
            t.table,
            t.read,
            t.used,
            t.rejected,
            t.skipped
        );
    }
}

// ------------------------------------------------------------------ the synthetic return

/// Every result row of the synthetic return as at Fri 10 Apr 2026, audit period
/// 11 Apr 2025 – 10 Apr 2026 (the CLI's default 12 months).
/// `rule,child,start_date,due_date,event_date,status,working_days_late,counted`
const SYNTHETIC_EXPECTED: &[&str] = &[
    // ---- AA-ASMT-45 (List 4, deadline: authorised within 45 WD of the start)
    // Mon 5 Jan 2026 +45 WD: Jan 6-9 (4), 12-16 (9), 19-23 (14), 26-30 (19), Feb 2-6 (24),
    // 9-13 (29), 16-20 (34), 23-27 (39), Mar 2-6 (44), Mon 9 Mar (45); authorised ON the due date.
    "AA-ASMT-45,4000001,2026-01-05,2026-03-09,2026-03-09,met,0,Y",
    // Mon 3 Nov 2025 +45 WD: Nov 4-7 (4), 10-14 (9), 17-21 (14), 24-28 (19), Dec 1-5 (24),
    // 8-12 (29), 15-19 (34), 22-24 (37), 25+26 Dec skipped, 29-31 (40), 1 Jan skipped, 2 (41),
    // 5-8 (45) -> Thu 8 Jan; authorised Mon 2 Feb: (8 Jan, 2 Feb] = 9, 12-16, 19-23, 26-30, 2 = 17.
    "AA-ASMT-45,4000002,2025-11-03,2026-01-08,2026-02-02,late,17,Y",
    // Mon 26 Jan +45 WD -> Mon 30 Mar (Jan 27-30 (4), Feb 2-27 (24), Mar 2-27 (44), 30 (45));
    // not authorised: (30 Mar, 10 Apr] = 31, 1, 2, [3, 6 Easter], 7-10 = 7.
    "AA-ASMT-45,4000003,2026-01-26,2026-03-30,,missing,7,Y",
    // Mon 2 Mar +45 WD: Mar 3-27 (19), 30 Mar-2 Apr (23), [3, 6], 7-10 (27), 13-17 (32),
    // 20-24 (37), 27 Apr-1 May (42), [4 May], 5-7 (45) -> Thu 7 May: pending, not counted.
    "AA-ASMT-45,4000004,2026-03-02,2026-05-07,,pending,0,N",
    // Mon 3 Feb 2025 +45 WD -> Mon 7 Apr 2025 (Feb 4-28 (19), Mar 3-28 (39), 31 Mar-4 Apr (44),
    // 7 (45)); authorised 30 Apr: 8-11 (4), 14-17 (8), [18, 21 Easter 2025], 22-25 (12), 28-30 (15);
    // due before the period (11 Apr 2025): not counted.
    "AA-ASMT-45,4000005,2025-02-03,2025-04-07,2025-04-30,late,15,N",
    // text dates '07/02/2026' (Sat) and '8 Apr 2026': Sat 7 Feb +45 WD: Feb 9-27 (15),
    // Mar 2-27 (35), 30 Mar-2 Apr (39), [3, 6], 7-10 (43), 13, 14 (45) -> Tue 14 Apr; met,
    // but due after the period end (10 Apr): not counted.
    "AA-ASMT-45,4000006,2026-02-07,2026-04-14,2026-04-08,met,0,N",
    // ---- AA-ICPC-15 (List 5, deadline: ICPC within 15 WD of the strategy discussion)
    // 'b) No' -> ICPC. Thu 19 Mar +15 WD: 20 (1), 23-27 (6), 30 Mar-2 Apr (10), [3, 6],
    // 7-10 (14), Mon 13 Apr (15); ICPC 10 Apr met; due after 10 Apr: not counted.
    "AA-ICPC-15,5000001,2026-03-19,2026-04-13,2026-04-10,met,0,N",
    // 'No'. Mon 15 Dec 2025 +15 WD: 16-19 (4), 22-24 (7), [25, 26], 29-31 (10), [1 Jan],
    // 2 (11), 5-8 (15) -> Thu 8 Jan; ICPC Mon 12 Jan: (8, 12 Jan] = 9, 12 = 2.
    "AA-ICPC-15,5000002,2025-12-15,2026-01-08,2026-01-12,late,2,Y",
    // 'b) No', ICPC date blank. Mon 2 Mar +15 WD: 3-6 (4), 9-13 (9), 16-20 (14), 23 (15);
    // (23 Mar, 10 Apr] = 24-27 (4), 30 Mar-2 Apr (8), [3, 6], 7-10 (12).
    "AA-ICPC-15,5000003,2026-03-02,2026-03-23,,missing,12,Y",
    // 5000004 'a) Yes' and 5000008 'Yes' (deemed unnecessary): not counted, no row.
    // 'No'. Sat 31 Jan +15 WD: Feb 2-6 (5), 9-13 (10), 16-20 (15) -> Fri 20 Feb; ICPC ON it.
    "AA-ICPC-15,5000005,2026-01-31,2026-02-20,2026-02-20,met,0,Y",
    // deemed-unnecessary blank -> counted. Wed 1 Apr +15 WD: 2 (1), [3, 6], 7-10 (5),
    // 13-17 (10), 20-24 (15) -> Fri 24 Apr: pending.
    "AA-ICPC-15,5000006,2026-04-01,2026-04-24,,pending,0,N",
    // 'b) No'. Thu 20 Mar 2025 +15 WD: 21 (1), 24-28 (6), 31 Mar-4 Apr (11), 7-10 (15) ->
    // Thu 10 Apr 2025; ICPC 8 Apr met; due the day before the period: not counted.
    "AA-ICPC-15,5000007,2025-03-20,2025-04-10,2025-04-08,met,0,N",
    // ---- AA-CIN-SEEN-20 (List 6, snapshot: last seen + 20 WD)
    // Thu 12 Mar +20 WD: 13 (1), 16-20 (6), 23-27 (11), 30 Mar-2 Apr (15), [3, 6], 7-10 (19),
    // Mon 13 Apr (20): met (counted although due after the period: snapshot).
    "AA-CIN-SEEN-20,AA6001,2026-03-12,2026-04-13,2026-03-12,met,0,Y",
    // Wed 11 Mar +20 WD: 12, 13 (2), 16-20 (7), 23-27 (12), 30 Mar-2 Apr (16), [3, 6],
    // 7-10 (20) -> Fri 10 Apr = as-at: not before it, met.
    "AA-CIN-SEEN-20,AA6002,2026-03-11,2026-04-10,2026-03-11,met,0,Y",
    // text '10/03/2026' (Tue) +20 WD: 11-13 (3), 16-20 (8), 23-27 (13), 30 Mar-2 Apr (17),
    // [3, 6], 7-9 (20) -> Thu 9 Apr: missing, (9, 10 Apr] = 1.
    "AA-CIN-SEEN-20,AA6003,2026-03-10,2026-04-09,,missing,1,Y",
    // Fri 9 Jan +20 WD: 12-16 (5), 19-23 (10), 26-30 (15), Feb 2-6 (20) -> Fri 6 Feb;
    // (6 Feb, 10 Apr] = Feb 9-27 (15), Mar 2-27 (35), 30 Mar-2 Apr (39), [3, 6], 7-10 (43).
    "AA-CIN-SEEN-20,AA6004,2026-01-09,2026-02-06,,missing,43,Y",
    // never seen: base = CIN start Mon 16 Mar +20 WD: 17-20 (4), 23-27 (9), 30 Mar-2 Apr (13),
    // [3, 6], 7-10 (17), 13-15 (20) -> Wed 15 Apr: pending.
    "AA-CIN-SEEN-20,AA6005,2026-03-16,2026-04-15,,pending,0,N",
    // never seen: base = start Mon 22 Dec 2025 +20 WD: 23, 24 (2), [25, 26], 29-31 (5),
    // [1 Jan], 2 (6), 5-9 (11), 12-16 (16), 19-22 (20) -> Thu 22 Jan; (22 Jan, 10 Apr] =
    // 23 (1), 26-30 (6), Feb (26), Mar 2-27 (46), 30 Mar-2 Apr (50), [3, 6], 7-10 (54).
    "AA-CIN-SEEN-20,AA6006,2025-12-22,2026-01-22,,missing,54,Y",
    // CIN start Sat 14 Mar, seen that day (not older than the start): Sat 14 Mar +20 WD:
    // 16-20 (5), 23-27 (10), 30 Mar-2 Apr (14), [3, 6], 7-10 (18), 13, 14 (20) -> Tue 14 Apr.
    "AA-CIN-SEEN-20,AA6007,2026-03-14,2026-04-14,2026-03-14,met,0,Y",
    // AA6008: closed 27 Feb 2026, no row.
    // ---- AA-CP-VISIT-10 (List 7, snapshot: last statutory visit + 10 WD)
    // visit Wed 25 Mar (a date-time cell, 14:30) +10 WD: 26, 27 (2), 30, 31 (4), 1, 2 (6),
    // [Good Fri 3, Easter Mon 6], 7-10 (10) -> Fri 10 Apr = as-at: met.
    "AA-CP-VISIT-10,2000101,2026-03-25,2026-04-10,2026-03-25,met,0,Y",
    // visit Tue 24 Mar (11 WD before as-at) +10 WD: 25-27 (3), 30 Mar-2 Apr (7), [3, 6],
    // 7-9 (10) -> Thu 9 Apr: missing 1.
    "AA-CP-VISIT-10,2000102,2026-03-24,2026-04-09,,missing,1,Y",
    // visit blank: base = plan start Mon 30 Mar +10 WD: 31, 1, 2 (3), [3, 6], 7-10 (7),
    // 13-15 (10) -> Wed 15 Apr: pending.
    "AA-CP-VISIT-10,2000103,2026-03-30,2026-04-15,,pending,0,N",
    // visit 15 Jan older than the plan start Fri 20 Feb: base = start +10 WD: 23-27 (5),
    // Mar 2-6 (10) -> Fri 6 Mar; (6 Mar, 10 Apr] = 9-27 (15), 30 Mar-2 Apr (19), 7-10 (23).
    "AA-CP-VISIT-10,2000104,2026-02-20,2026-03-06,,missing,23,Y",
    // 2000105: plan ended 20 Mar 2026, no row (either CP rule).
    // text visit '13/04/2026' is after as-at (ignored): base = start Fri 27 Mar +10 WD:
    // 30, 31 (2), 1, 2 (4), [3, 6], 7-10 (8), 13, 14 (10) -> Tue 14 Apr: pending.
    "AA-CP-VISIT-10,2000106,2026-03-27,2026-04-14,,pending,0,N",
    // visit Wed 1 Apr +10 WD: 2 (1), [3, 6], 7-10 (5), 13-17 (10) -> Fri 17 Apr: met.
    "AA-CP-VISIT-10,2000107,2026-04-01,2026-04-17,2026-04-01,met,0,Y",
    // visit Tue 31 Mar (not seen alone: still a visit) +10 WD: 1, 2 (2), [3, 6], 7-10 (6),
    // 13-16 (10) -> Thu 16 Apr: met.
    "AA-CP-VISIT-10,2000108,2026-03-31,2026-04-16,2026-03-31,met,0,Y",
    // ---- AA-CP-RCPC (List 7, snapshot: no review since the start -> start + 3 months,
    // else latest review + 6 months)
    // review 19 Dec 2025 + 6 months = 19 Jun 2026: met.
    "AA-CP-RCPC,2000101,2025-12-19,2026-06-19,2025-12-19,met,0,Y",
    // review Fri 10 Oct 2025 + 6 months = Fri 10 Apr 2026 = as-at: met.
    "AA-CP-RCPC,2000102,2025-10-10,2026-04-10,2025-10-10,met,0,Y",
    // no review: start 30 Mar + 3 months = 30 Jun: pending.
    "AA-CP-RCPC,2000103,2026-03-30,2026-06-30,,pending,0,N",
    // review 10 Jan older than the start 20 Feb: start + 3 months = 20 May: pending.
    "AA-CP-RCPC,2000104,2026-02-20,2026-05-20,,pending,0,N",
    // no review: start 27 Mar + 3 months = 27 Jun: pending.
    "AA-CP-RCPC,2000106,2026-03-27,2026-06-27,,pending,0,N",
    // no review: start Sun 30 Nov 2025 + 3 months = 30 Feb -> Sat 28 Feb 2026: missing;
    // (28 Feb, 10 Apr] = Mar 2-27 (20), 30 Mar-2 Apr (24), [3, 6], 7-10 (28).
    "AA-CP-RCPC,2000107,2025-11-30,2026-02-28,,missing,28,Y",
    // review 30 Sep 2025 + 6 months = Mon 30 Mar 2026: (30 Mar, 10 Apr] = 31, 1, 2, 7-10 = 7.
    "AA-CP-RCPC,2000108,2025-09-30,2026-03-30,,missing,7,Y",
    // ---- AA-CLA-VISIT-20 (List 8, snapshot: last social work visit + 20 WD)
    // Fri 13 Mar +20 WD: 16-20 (5), 23-27 (10), 30 Mar-2 Apr (14), [3, 6], 7-10 (18),
    // 13, 14 (20) -> Tue 14 Apr: met.
    "AA-CLA-VISIT-20,3000201,2026-03-13,2026-04-14,2026-03-13,met,0,Y",
    // Fri 20 Feb +20 WD -> Fri 20 Mar; (20 Mar, 10 Apr] = 23-27 (5), 30 Mar-2 Apr (9), 7-10 (13).
    "AA-CLA-VISIT-20,3000202,2026-02-20,2026-03-20,,missing,13,Y",
    // no visit: start Fri 20 Mar +20 WD: 23-27 (5), 30 Mar-2 Apr (9), [3, 6], 7-10 (13),
    // 13-17 (18), 20, 21 (20) -> Tue 21 Apr: pending.
    "AA-CLA-VISIT-20,3000203,2026-03-20,2026-04-21,,pending,0,N",
    // Fri 27 Mar +20 WD: 30 Mar-2 Apr (4), [3, 6], 7-10 (8), 13-17 (13), 20-24 (18),
    // 27, 28 (20) -> Tue 28 Apr: met.
    "AA-CLA-VISIT-20,3000204,2026-03-27,2026-04-28,2026-03-27,met,0,Y",
    // Mon 9 Mar +20 WD: 10-13 (4), 16-20 (9), 23-27 (14), 30 Mar-2 Apr (18), [3, 6],
    // 7, 8 (20) -> Wed 8 Apr: missing, (8, 10 Apr] = 2.
    "AA-CLA-VISIT-20,3000205,2026-03-09,2026-04-08,,missing,2,Y",
    // 3000206: ceased 31 Mar 2026, no row (any CLA rule).
    // Thu 2 Apr +20 WD: [3, 6], 7-10 (4), 13-17 (9), 20-24 (14), 27-30 (18), 1 May (19),
    // [4 May], 5 May (20): met.
    "AA-CLA-VISIT-20,3000207,2026-04-02,2026-05-05,2026-04-02,met,0,Y",
    // ---- AA-CLA-REVIEW (List 8, snapshot: none since the start -> start + 20 WD, else + 6 months)
    "AA-CLA-REVIEW,3000201,2025-11-20,2026-05-20,2025-11-20,met,0,Y",
    // 15 Sep 2025 + 6 months = Sun 15 Mar 2026; (15 Mar, 10 Apr] = 16-20 (5), 23-27 (10),
    // 30 Mar-2 Apr (14), [3, 6], 7-10 (18).
    "AA-CLA-REVIEW,3000202,2025-09-15,2026-03-15,,missing,18,Y",
    // no review: start Fri 20 Mar +20 WD -> Tue 21 Apr (as the visit above): pending.
    "AA-CLA-REVIEW,3000203,2026-03-20,2026-04-21,,pending,0,N",
    // no review: start Mon 2 Feb +20 WD: 3-6 (4), 9-13 (9), 16-20 (14), 23-27 (19),
    // Mon 2 Mar (20); (2 Mar, 10 Apr] = 3-6 (4), 9-27 (19), 30 Mar-2 Apr (23), [3, 6], 7-10 (27).
    "AA-CLA-REVIEW,3000204,2026-02-02,2026-03-02,,missing,27,Y",
    // 23 Jan 2026 + 6 months = 23 Jul: met.
    "AA-CLA-REVIEW,3000205,2026-01-23,2026-07-23,2026-01-23,met,0,Y",
    // review 6 Feb since the start 12 Jan: + 6 months = 6 Aug: met.
    "AA-CLA-REVIEW,3000207,2026-02-06,2026-08-06,2026-02-06,met,0,Y",
    // ---- AA-CLA-HEALTH (List 8, snapshot: none since the start -> + 20 WD; else 6 months
    // under 5, 12 months from 5, age on the assessment's date)
    // DOB 15 Jun 2023: age 2 on 9 Oct 2025 -> + 6 months = Thu 9 Apr 2026: missing 1.
    "AA-CLA-HEALTH,3000201,2025-10-09,2026-04-09,,missing,1,Y",
    // DOB 10 Feb 2015: age 10 on 10 Apr 2025 -> + 12 months = 10 Apr 2026 = as-at: met.
    "AA-CLA-HEALTH,3000202,2025-04-10,2026-04-10,2025-04-10,met,0,Y",
    // none: start Fri 20 Mar + 20 WD = Tue 21 Apr: pending.
    "AA-CLA-HEALTH,3000203,2026-03-20,2026-04-21,,pending,0,N",
    // none: start Mon 2 Feb + 20 WD = Mon 2 Mar: missing 27 (as the review above).
    "AA-CLA-HEALTH,3000204,2026-02-02,2026-03-02,,missing,27,Y",
    // DOB 20 Jan 2021: age 4 on 20 Oct 2025 (5 now) -> + 6 months = 20 Apr 2026: met.
    "AA-CLA-HEALTH,3000205,2025-10-20,2026-04-20,2025-10-20,met,0,Y",
    // last assessment 3 Nov 2025 older than the start Mon 12 Jan 2026 -> start + 20 WD:
    // 13-16 (4), 19-23 (9), 26-30 (14), Feb 2-6 (19), Mon 9 Feb (20); (9 Feb, 10 Apr] =
    // 10-13 (4), 16-20 (9), 23-27 (14), Mar 2-27 (34), 30 Mar-2 Apr (38), [3, 6], 7-10 (42).
    "AA-CLA-HEALTH,3000207,2026-01-12,2026-02-09,,missing,42,Y",
    // ---- AA-CLA-DENTAL (List 8, snapshot: 6 months under 5, 12 months from 5; per the
    // rule's checks text, a child with none since the start of care is due 12 months after it)
    // age 2 on 1 Dec 2025 -> + 6 months = 1 Jun 2026: met.
    "AA-CLA-DENTAL,3000201,2025-12-01,2026-06-01,2025-12-01,met,0,Y",
    // text '31/03/2025'; age 10 -> + 12 months = Tue 31 Mar 2026: (31 Mar, 10 Apr] =
    // 1, 2, [3, 6], 7-10 = 6.
    "AA-CLA-DENTAL,3000202,2025-03-31,2026-03-31,,missing,6,Y",
    // none since the start Fri 20 Mar 2026: + 12 months = 20 Mar 2027: pending.
    "AA-CLA-DENTAL,3000203,2026-03-20,2027-03-20,,pending,0,N",
    // under 5 (DOB 30 Nov 2022) and none since the start Mon 2 Feb 2026: the checks text
    // says 12 months after the start = 2 Feb 2027: pending.
    "AA-CLA-DENTAL,3000204,2026-02-02,2027-02-02,,pending,0,N",
    // age 4 on 25 Apr 2025 -> + 6 months = Sat 25 Oct 2025: missing; (25 Oct 2025, 10 Apr
    // 2026] = Mon 27 Oct to Sun 12 Apr: 24 weeks = 120 weekdays, less 25, 26 Dec, 1 Jan,
    // 3, 6 Apr = 115 (due before the period: counted, snapshot).
    "AA-CLA-DENTAL,3000205,2025-04-25,2025-10-25,,missing,115,Y",
    // check 30 Jun 2025 older than the start 12 Jan 2026: none since the start ->
    // + 12 months = 12 Jan 2027: pending.
    "AA-CLA-DENTAL,3000207,2026-01-12,2027-01-12,,pending,0,N",
    // ---- AA-CL-CONTACT-8W (List 9, snapshot: latest contact + 8 weeks; the episode
    // starts on the 18th birthday = date of birth + 216 months)
    // 18 on 1 Mar 2025; contact Fri 13 Feb 2026 + 56 days = Fri 10 Apr = as-at: met.
    "AA-CL-CONTACT-8W,9000001,2026-02-13,2026-04-10,2026-02-13,met,0,Y",
    // 18 on 30 Nov 2024; contact Thu 12 Feb + 56 days = Thu 9 Apr: missing 1.
    "AA-CL-CONTACT-8W,9000002,2026-02-12,2026-04-09,,missing,1,Y",
    // DOB 29 Feb 2008 + 216 months = 29 Feb 2026 -> Sat 28 Feb 2026; no contact:
    // + 56 days = Sat 25 Apr: pending.
    "AA-CL-CONTACT-8W,9000003,2026-02-28,2026-04-25,,pending,0,N",
    // 18 on Fri 10 Jan 2025, no contact: + 56 days = Fri 7 Mar 2025; (7 Mar 2025, 10 Apr
    // 2026] = Mon 10 Mar 2025 to Sun 5 Apr 2026: 56 weeks = 280, + 6-10 Apr = 285, less
    // 18, 21 Apr, 5, 26 May, 25 Aug, 25, 26 Dec 2025, 1 Jan, 3, 6 Apr 2026 = 275.
    "AA-CL-CONTACT-8W,9000004,2025-01-10,2025-03-07,,missing,275,Y",
    // 18 on Tue 20 Jan 2026; contact 5 Jan is older: base = 20 Jan + 56 days = Tue 17 Mar;
    // (17 Mar, 10 Apr] = 18-20 (3), 23-27 (8), 30 Mar-2 Apr (12), [3, 6], 7-10 (16).
    "AA-CL-CONTACT-8W,9000005,2026-01-20,2026-03-17,,missing,16,Y",
    // 9000006: DOB 1 Jun 2009, 18 on 1 Jun 2027 (after as-at): no row.
];

/// Rows of each list a profile-mapped table skips (a blank `skip_blank` date):
/// (sheet, table) -> skipped.
fn synthetic_skipped() -> BTreeMap<(&'static str, &'static str), u64> {
    BTreeMap::from([
        // AA6005, AA6006 never seen.
        (("List 6", "visits"), 2),
        // 2000103 no visit.
        (("List 7", "visits"), 1),
        // 2000103, 2000106, 2000107 no review conference.
        (("List 7", "meetings"), 3),
        // 3000203 (visit); 3000203, 3000204 (review); 3000203, 3000204 (health),
        // 3000203, 3000204 (dental).
        (("List 8", "visits"), 1),
        (("List 8", "meetings"), 2),
        (("List 8", "health"), 4),
        // 9000003, 9000004, 9000006 no contact.
        (("List 9", "contacts"), 3),
    ])
}

#[test]
fn synthetic_annex_a_workbook_audits_with_the_hand_checked_results() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("Annex_A_synthetic.xlsx");
    let sheets = synthetic_lists();
    build_workbook(&path, &sheets);

    let loaded = load(&path);
    assert!(
        loaded.issues.is_empty(),
        "data-quality findings: {:#?}",
        loaded.issues
    );
    assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
    let unmapped = check_mappings(&loaded);
    assert!(
        unmapped.is_empty(),
        "published headers the profile did not map:\n{}",
        unmapped.join("\n")
    );

    // Every row of every list is accounted for: read = the rows written, = used + skipped.
    let skipped = synthetic_skipped();
    for s in &loaded.sources {
        let written = sheets
            .iter()
            .find(|x| x.name == s.sheet)
            .map_or(0, |x| x.rows.len() as u64);
        assert_eq!(
            s.counts.read, written,
            "{} -> {}: read {} of {written} rows",
            s.sheet, s.table, s.counts.read
        );
        let want = skipped
            .get(&(s.sheet.as_str(), s.table))
            .copied()
            .unwrap_or(0);
        // List 8 has two health sources (health assessment, dental check).
        let got: u64 = loaded
            .sources
            .iter()
            .filter(|x| x.sheet == s.sheet && x.table == s.table)
            .map(|x| x.counts.skipped)
            .sum();
        assert_eq!(got, want, "{} -> {}: skipped rows", s.sheet, s.table);
    }

    let cfg = config(&path, "2025-04-11", "2026-04-10");
    let pack = caseaudit::run::load_pack(&cfg).unwrap();
    assert_eq!(pack.rules.len(), 10);
    let report = caseaudit::run::evaluate(&cfg, &pack, &loaded).unwrap();
    check_accounting(&loaded, &report);
    assert_same(result_lines(&report), SYNTHETIC_EXPECTED);
}

// ------------------------------------------------------------------ the real sample

/// Every result row of the real sample as at Wed 31 Mar 2021, period 1 Apr 2020 – 31 Mar 2021.
const REAL_EXPECTED: &[&str] = &[
    // ---- AA-ASMT-45 (List 4): every assessment authorised late.
    // Thu 16 May 2019 +45 WD: 17 (1), 20-24 (6), [27 May], 28-31 (10), Jun 3-28 (30),
    // Jul 1-19 (45) -> Fri 19 Jul 2019; authorised 8 Feb 2021: Mon 22 Jul 2019 - Sun 7 Feb
    // 2021 = 81 weeks = 405, + 8 Feb = 406, less 12 bank holidays (26 Aug, 25, 26 Dec 2019;
    // 1 Jan, 10, 13 Apr, 8, 25 May, 31 Aug, 25, 28 Dec 2020; 1 Jan 2021) = 394. Due before
    // the period: not counted.
    "AA-ASMT-45,10692868,2019-05-16,2019-07-19,2021-02-08,late,394,N",
    // Wed 30 Oct 2019 +45 WD: 31, 1 (2), Nov 4-29 (22), Dec 2-20 (37), 23, 24 (39), [25, 26],
    // 27 (40), 30, 31 (42), [1 Jan], 2, 3 (44), Mon 6 Jan 2020 (45); authorised 19 Jan 2021:
    // 7-10 Jan 2020 (4) + 13 Jan 2020 - 17 Jan 2021 = 53 weeks (265) + 18, 19 Jan (2) = 271,
    // less 8 (10, 13 Apr, 8, 25 May, 31 Aug, 25, 28 Dec 2020, 1 Jan 2021) = 263.
    "AA-ASMT-45,15221387,2019-10-30,2020-01-06,2021-01-19,late,263,N",
    // Thu 26 Dec 2019 (a bank holiday) +45 WD: 27 (1), 30, 31 (3), [1 Jan], 2, 3 (5),
    // Jan 6-31 (25), Feb 3-28 (45) -> Fri 28 Feb 2020; authorised 11 Nov 2020: Mon 2 Mar -
    // Sun 8 Nov = 36 weeks (180) + 9-11 Nov (3) = 183, less 10, 13 Apr, 8, 25 May, 31 Aug = 178.
    "AA-ASMT-45,12590177,2019-12-26,2020-02-28,2020-11-11,late,178,N",
    // Wed 26 Feb 2020 +45 WD: 27, 28 (2), Mar 2-27 (22), 30 Mar-3 Apr (27), 6-9 (31),
    // [Good Fri 10, Easter Mon 13 Apr 2020], 14-17 (35), 20-24 (40), 27-30 (44), Fri 1 May (45);
    // authorised 2 Feb 2021: Mon 4 May 2020 - Sun 31 Jan 2021 = 39 weeks (195) + 1, 2 Feb = 197,
    // less 8 May, 25 May, 31 Aug, 25, 28 Dec, 1 Jan = 191. Due in the period: counted.
    "AA-ASMT-45,15765513,2020-02-26,2020-05-01,2021-02-02,late,191,Y",
    "AA-ASMT-45,12012513,2020-02-26,2020-05-01,2021-02-02,late,191,Y",
    // ---- AA-ICPC-15 (List 5): 'No' -> counted; 10273003 and 4073694 'Yes' (deemed
    // unnecessary): no row. Wed 16 Sep 2020 +15 WD: 17, 18 (2), 21-25 (7), 28 Sep-2 Oct (12),
    // 5-7 (15) -> Wed 7 Oct; ICPCs 5 Oct and 1 Oct: met.
    "AA-ICPC-15,11641472,2020-09-16,2020-10-07,2020-10-05,met,0,Y",
    "AA-ICPC-15,6537810,2020-09-16,2020-10-07,2020-10-05,met,0,Y",
    "AA-ICPC-15,11578763,2020-09-16,2020-10-07,2020-10-01,met,0,Y",
    // ---- AA-CIN-SEEN-20 (List 6, all open)
    // Thu 21 Jan 2021 +20 WD: 22 (1), 25-29 (6), Feb 1-12 (16), 15-18 (20) -> Thu 18 Feb;
    // (18 Feb, 31 Mar] = 19 (1), 22-26 (6), Mar 1-26 (26), 29-31 (29).
    "AA-CIN-SEEN-20,12598894,2021-01-21,2021-02-18,,missing,29,Y",
    // Fri 5 Mar +20 WD: 8-12 (5), 15-19 (10), 22-26 (15), 29-31 (18), 1 Apr (19),
    // [Good Fri 2, Easter Mon 5 Apr 2021], Tue 6 Apr (20): met.
    "AA-CIN-SEEN-20,8140425,2021-03-05,2021-04-06,2021-03-05,met,0,Y",
    // Tue 16 Feb +20 WD: 17-19 (3), 22-26 (8), Mar 1-12 (18), 15, 16 (20) -> Tue 16 Mar;
    // (16, 31 Mar] = 17-19 (3), 22-26 (8), 29-31 (11).
    "AA-CIN-SEEN-20,10160219,2021-02-16,2021-03-16,,missing,11,Y",
    // Wed 3 Feb +20 WD: 4, 5 (2), 8-26 (17), Mar 1-3 (20) -> Wed 3 Mar; (3, 31 Mar] =
    // 4, 5 (2), 8-26 (17), 29-31 (20).
    "AA-CIN-SEEN-20,7657294,2021-02-03,2021-03-03,,missing,20,Y",
    // Mon 15 Mar +20 WD: 16-19 (4), 22-26 (9), 29 Mar-1 Apr (13), [2, 5], 6-9 (17),
    // 12-14 (20) -> Wed 14 Apr: met.
    "AA-CIN-SEEN-20,6434087,2021-03-15,2021-04-14,2021-03-15,met,0,Y",
    // ---- AA-CP-VISIT-10 / AA-CP-RCPC (List 7): only 5358472 and 14953858 are on open
    // plans (the others ended 2020-09-17, 2021-01-04, 2021-02-16).
    // visit Tue 2 Mar +10 WD: 3-5 (3), 8-12 (8), 15, 16 (10) -> Tue 16 Mar; missing 11.
    "AA-CP-VISIT-10,5358472,2021-03-02,2021-03-16,,missing,11,Y",
    "AA-CP-VISIT-10,14953858,2021-03-02,2021-03-16,,missing,11,Y",
    // no review conference: plan start 8 Feb + 3 months = 8 May 2021: pending.
    "AA-CP-RCPC,5358472,2021-02-08,2021-05-08,,pending,0,N",
    "AA-CP-RCPC,14953858,2021-02-08,2021-05-08,,pending,0,N",
    // ---- List 8 (3623204 ceased 22 Sep 2020: no rows)
    // AA-CLA-VISIT-20: Wed 6 Jan +20 WD: 7, 8 (2), 11-29 (17), Feb 1-3 (20) -> Wed 3 Feb;
    // (3 Feb, 31 Mar] = 4, 5 (2), 8-26 (17), Mar 1-26 (37), 29-31 (40).
    "AA-CLA-VISIT-20,1761444,2021-01-06,2021-02-03,,missing,40,Y",
    // Mon 22 Feb +20 WD: 23-26 (4), Mar 1-19 (19), 22 (20) -> Mon 22 Mar; (22, 31 Mar] =
    // 23-26 (4), 29-31 (7).
    "AA-CLA-VISIT-20,1373595,2021-02-22,2021-03-22,,missing,7,Y",
    // Wed 20 Jan +20 WD: 21, 22 (2), 25-29 (7), Feb 1-12 (17), 15-17 (20) -> Wed 17 Feb;
    // (17 Feb, 31 Mar] = 18, 19 (2), 22-26 (7), Mar 1-26 (27), 29-31 (30).
    "AA-CLA-VISIT-20,14065184,2021-01-20,2021-02-17,,missing,30,Y",
    "AA-CLA-VISIT-20,2529037,2021-02-22,2021-03-22,,missing,7,Y",
    // AA-CLA-REVIEW: latest reviews + 6 months, all after as-at: met.
    "AA-CLA-REVIEW,1761444,2021-01-12,2021-07-12,2021-01-12,met,0,Y",
    "AA-CLA-REVIEW,1373595,2021-01-12,2021-07-12,2021-01-12,met,0,Y",
    "AA-CLA-REVIEW,14065184,2020-12-08,2021-06-08,2020-12-08,met,0,Y",
    "AA-CLA-REVIEW,2529037,2021-02-26,2021-08-26,2021-02-26,met,0,Y",
    // AA-CLA-HEALTH: ages on the assessment date 18, 16, 13 -> 12 months: met.
    "AA-CLA-HEALTH,1761444,2020-05-27,2021-05-27,2020-05-27,met,0,Y",
    "AA-CLA-HEALTH,1373595,2020-05-27,2021-05-27,2020-05-27,met,0,Y",
    "AA-CLA-HEALTH,14065184,2020-10-05,2021-10-05,2020-10-05,met,0,Y",
    // DOB 13 Mar 2018: age 2 on 4 Aug 2020 -> + 6 months = Thu 4 Feb 2021; (4 Feb, 31 Mar] =
    // 5 (1), 8-26 (16), Mar 1-26 (36), 29-31 (39).
    "AA-CLA-HEALTH,2529037,2020-08-04,2021-02-04,,missing,39,Y",
    // AA-CLA-DENTAL: 17 Jan 2020 (ages 17 and 16) + 12 months = Sun 17 Jan 2021;
    // (17 Jan, 31 Mar] = Jan 18-29 (10), Feb (30), Mar 1-26 (50), 29-31 (53).
    "AA-CLA-DENTAL,1761444,2020-01-17,2021-01-17,,missing,53,Y",
    "AA-CLA-DENTAL,1373595,2020-01-17,2021-01-17,,missing,53,Y",
    // age 13 on 12 Oct 2020 -> + 12 months = 12 Oct 2021: met.
    "AA-CLA-DENTAL,14065184,2020-10-12,2021-10-12,2020-10-12,met,0,Y",
    // age 1 on 16 Dec 2019 -> + 6 months = Tue 16 Jun 2020; (16 Jun 2020, 31 Mar 2021] =
    // 17-19 Jun (3) + Mon 22 Jun 2020 - Sun 28 Mar 2021 = 40 weeks (200) + 29-31 Mar (3) = 206,
    // less 31 Aug, 25, 28 Dec, 1 Jan = 202.
    "AA-CLA-DENTAL,2529037,2019-12-16,2020-06-16,,missing,202,Y",
    // ---- AA-CL-CONTACT-8W (List 9): no 'Latest Date of Contact' at all, so the rule is not
    // measured (contract §3: no row qualifies as its event); the expectations keep their
    // dates (counted as due) but are neither met nor failed. Base = 18th
    // birthday (date of birth + 216 months), + 56 days.
    // DOB 7 Aug 2002 -> 7 Aug 2020 -> Fri 2 Oct 2020; Mon 5 Oct - Sun 28 Mar = 25 weeks
    // (125) + 29-31 Mar (3) = 128, less 25, 28 Dec, 1 Jan = 125.
    "AA-CL-CONTACT-8W,7961370,2020-08-07,2020-10-02,,not_measured,0,Y",
    // DOB 8 Oct 2001 -> 8 Oct 2019 -> Tue 3 Dec 2019; 4-6 Dec (3) + Mon 9 Dec 2019 - Sun
    // 28 Mar 2021 = 68 weeks (340) + 29-31 Mar (3) = 346, less 11 (25, 26 Dec 2019; 1 Jan,
    // 10, 13 Apr, 8, 25 May, 31 Aug, 25, 28 Dec 2020; 1 Jan 2021) = 335.
    "AA-CL-CONTACT-8W,10414520,2019-10-08,2019-12-03,,not_measured,0,Y",
    // DOB 28 Oct 2002 -> 28 Oct 2020 -> Wed 23 Dec 2020; 24 (1), [25, 28], 29-31 (4), [1 Jan],
    // Mon 4 Jan - Sun 28 Mar = 12 weeks (64), 29-31 Mar (67).
    "AA-CL-CONTACT-8W,13782635,2020-10-28,2020-12-23,,not_measured,0,Y",
    // DOB 27 Mar 2000 -> 27 Mar 2018 -> Tue 22 May 2018; 23-25 May (3) + Mon 28 May 2018 -
    // Sun 28 Mar 2021 = 148 weeks (740) + 29-31 Mar (3) = 746, less 21 bank holidays
    // (28 May, 27 Aug, 25, 26 Dec 2018; 8 in 2019; 8 in 2020; 1 Jan 2021) = 725.
    "AA-CL-CONTACT-8W,4939073,2018-03-27,2018-05-22,,not_measured,0,Y",
    // DOB 22 Oct 1999 -> 22 Oct 2017 -> Sun 17 Dec 2017; Mon 18 Dec 2017 - Sun 28 Mar 2021 =
    // 171 weeks (855) + 29-31 Mar (3) = 858, less 27 bank holidays (25, 26 Dec 2017; 8 in
    // 2018; 8 in 2019; 8 in 2020; 1 Jan 2021) = 831.
    "AA-CL-CONTACT-8W,6102196,2017-10-22,2017-12-17,,not_measured,0,Y",
    // DOB 15 Dec 2002 -> 15 Dec 2020 -> Tue 9 Feb 2021; 10-12 (3) + 15 Feb - 28 Mar =
    // 6 weeks (30) + 29-31 Mar (3) = 36.
    "AA-CL-CONTACT-8W,2295089,2020-12-15,2021-02-09,,not_measured,0,Y",
];

#[test]
fn real_annex_a_sample_audits_without_unexplained_rejections() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/real-samples/Annex_A_2024_Jan.xlsx");
    assert!(
        path.is_file(),
        "{} is missing: the real sample is part of the repository",
        path.display()
    );
    let loaded = load(&path);
    assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
    let unmapped = check_mappings(&loaded);
    assert!(
        unmapped.is_empty(),
        "published headers the profile did not map:\n{}",
        unmapped.join("\n")
    );
    // No finding: List 6's team and worker cells of rows 2-6 are `#N/A`, which is read as
    // blank (Excel's "no value found"), so those rows are used without team or worker.
    assert!(
        loaded.issues.is_empty(),
        "unexplained data-quality findings: {:?}",
        loaded.issues
    );

    let cfg = config(&path, "2020-04-01", "2021-03-31");
    let pack = caseaudit::run::load_pack(&cfg).unwrap();
    let report = caseaudit::run::evaluate(&cfg, &pack, &loaded).unwrap();
    check_accounting(&loaded, &report);
    assert!(report.tables.iter().all(|t| t.rejected == 0));
    assert_same(result_lines(&report), REAL_EXPECTED);
}

/// A child on a plan appears on List 6 too; List 6's "last seen" date must not stand in
/// for the statutory visit List 7 records (the profile tags visits by list).
#[test]
fn a_cin_last_seen_date_does_not_hide_a_missed_statutory_visit() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("annex-a.xlsx");
    let six = l6("4000001", D(2025, 1, 6), Some(D(2026, 4, 9)), None);
    let seven = l7(
        4000001.0,
        D(2014, 5, 5),
        D(2026, 1, 5),
        Some(D(2026, 3, 2)),
        "a) Yes",
        Some(D(2026, 3, 20)),
        None,
    );
    let sheet = |name, row: Row| Sheet {
        name,
        headers: row.iter().map(|(h, _)| *h).collect(),
        rows: vec![row],
    };
    build_workbook(&path, &[sheet("List 6", six), sheet("List 7", seven)]);
    let loaded = load(&path);
    let mut cfg = config(&path, "2025-04-11", "2026-04-10");
    cfg.only = vec!["AA-CP-VISIT-10".into(), "AA-CIN-SEEN-20".into()];
    let pack = caseaudit::run::load_pack(&cfg).unwrap();
    let report = caseaudit::run::evaluate(&cfg, &pack, &loaded).unwrap();
    assert_same(
        result_lines(&report),
        &[
            // Last statutory visit Mon 2 Mar 2026 + 10 WD = Mon 16 Mar; missing at Fri 10
            // Apr: 17 WD in (16 Mar, 10 Apr] (Good Friday 3 Apr, Easter Monday 6 Apr skipped).
            "AA-CP-VISIT-10,4000001,2026-03-02,2026-03-16,,missing,17,Y",
            // Seen Thu 9 Apr + 20 WD = Fri 8 May (Fri 10 Apr is WD 1; 4 May bank holiday skipped): met.
            "AA-CIN-SEEN-20,4000001,2026-04-09,2026-05-08,2026-04-09,met,0,Y",
        ],
    );
}
