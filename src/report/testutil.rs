//! A small report for the formats' tests: a tiny CSV export (four children, two teams,
//! one of them named `<Team & "A">` to test escaping) audited against the bundled
//! Middlesbrough pack.

use chrono::NaiveDate;

use super::Report;
use crate::config::AuditConfig;

pub const TEAM_A: &str = "<Team & \"A\">";

const FILES: [(&str, &str); 7] = [
    (
        "children.csv",
        "child_id,date_of_birth\nC1,2015-04-01\nC2,2018-09-12\nC3,2012-01-30\nC4,2021-06-15\n",
    ),
    (
        "episodes.csv",
        "child_id,episode_type,start_date,end_date,team,worker\n\
         C1,CP,2026-01-05,,\"<Team & \"\"A\"\">\",Ann Example\n\
         C2,CP,2026-02-02,,Team B,Bob Example\n\
         C3,CIN,2025-11-03,,Team B,Bob Example\n\
         C4,CLA,2026-03-02,,\"<Team & \"\"A\"\">\",Cat Example\n",
    ),
    (
        "visits.csv",
        "child_id,visit_date,recorded_date,seen_alone,visit_type,setting,worker,team\n\
         C1,2026-01-12,2026-01-13,Y,,Home,Ann Example,\"<Team & \"\"A\"\">\"\n\
         C1,2026-02-20,2026-03-05,Y,,Home,Ann Example,\"<Team & \"\"A\"\">\"\n\
         C1,2026-06-01,31/02/2026,Y,,Home,Ann Example,\"<Team & \"\"A\"\">\"\n\
         C2,2026-02-10,2026-02-11,N,,Home,Bob Example,Team B\n\
         C2,2026-06-25,2026-06-26,Y,,Home,Bob Example,Team B\n\
         C3,2026-06-22,2026-06-22,Y,,Home,Bob Example,Team B\n\
         C3,2025-12-01,2025-12-02,Y,,Home,Bob Example,Team B\n\
         C4,2026-03-06,2026-03-09,Y,,Home,Cat Example,\"<Team & \"\"A\"\">\"\n",
    ),
    (
        "meetings.csv",
        "child_id,meeting_type,meeting_date,report_shared_date,minutes_shared_date,worker,team\n\
         C1,Core Group,2026-01-16,,,Ann Example,\"<Team & \"\"A\"\">\"\n\
         C2,Core Group,2026-03-20,,,Bob Example,Team B\n\
         C3,CIN Review,2026-06-10,,,Bob Example,Team B\n",
    ),
    (
        "health.csv",
        "child_id,assessment_type,date\nC4,IHA,2026-03-20\n",
    ),
    (
        "supervisions.csv",
        "worker,date\nAnn Example,2026-02-01\nBob Example,2026-01-15\n",
    ),
    (
        "workers.csv",
        "worker,team\nAnn Example,\"<Team & \"\"A\"\">\"\nBob Example,Team B\nCat Example,\"<Team & \"\"A\"\">\"\n",
    ),
];

fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

/// The tiny export's folder and its report (as at 30 June 2026, the 12 months to then).
pub fn tiny_report() -> (tempfile::TempDir, Report) {
    let dir = tempfile::tempdir().unwrap();
    let export = dir.path().join("export");
    std::fs::create_dir(&export).unwrap();
    for (name, text) in FILES {
        std::fs::write(export.join(name), text).unwrap();
    }
    let config = AuditConfig {
        input: export.clone(),
        extra_inputs: Vec::new(),
        rules: "middlesbrough".into(),
        profile: None,
        dates: crate::period::DateSpec::fixed(
            date("2025-07-01"),
            date("2026-06-30"),
            date("2026-06-30"),
        ),
        out: dir.path().join("out"),
        region: None,
        closures: Vec::new(),
        formats: Vec::new(),
        threads: None,
        only: Vec::new(),
        verbose: false,
        quiet: true,
        reports: Default::default(),
        options: Default::default(),
    };
    let pack = crate::rules::load_pack(&config.rules).unwrap();
    let loaded = crate::ingest::load(&export).unwrap();
    let report = crate::run::evaluate(&config, &pack, &loaded).unwrap();
    (dir, report)
}
