//! Adding a rule kind takes one file and one registry line: this test is that file. It
//! defines a kind the project does not have (`dob-recorded`: a child of the cohort has
//! a date of birth on file when an episode starts), adds it to the registry, loads a
//! rule of that kind from a pack file, and runs it through the engine like any other.

use caseaudit::calendar::Calendar;
use caseaudit::criteria::Cx;
use caseaudit::engine::kinds::read_spec;
use caseaudit::engine::{
    AuditDates, Bound, Engine, Expectation, Judged, KINDS, Kind, KindDef, Status, Visit, Who,
};
use caseaudit::model::Dataset;
use caseaudit::schema::TableId;
use chrono::NaiveDate;
use serde::Deserialize;

const DOB_RECORDED: KindDef = KindDef {
    name: "dob-recorded",
    doc: "A child of the cohort has a date of birth on file. Keys: `cohort_type`.",
    counting: "One expectation per episode of the cohort type: met when the child's date of birth is recorded, missing otherwise.",
    compile,
};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Spec {
    cohort_type: String,
}

#[derive(Debug)]
struct DobRecorded {
    cohort_type: String,
}

fn compile(body: toml::Table, cx: &mut Cx<'_>) -> Option<Box<dyn Kind>> {
    let spec: Spec = read_spec(DOB_RECORDED.name, body, cx)?;
    let cohort_type = cx.episode_types("cohort_type", &[spec.cohort_type]).pop()?;
    Some(Box::new(DobRecorded { cohort_type }))
}

impl Kind for DobRecorded {
    fn name(&self) -> &'static str {
        DOB_RECORDED.name
    }
    fn tables(&self) -> Vec<TableId> {
        vec![TableId::Episodes, TableId::Children]
    }
    fn timescale(&self) -> String {
        "on file at the episode start".into()
    }
    fn counting(&self) -> &'static str {
        DOB_RECORDED.counting
    }
    fn bind<'a>(&'a self, _ds: &'a Dataset) -> Box<dyn Bound + 'a> {
        Box::new(self)
    }
}

impl Bound for &DobRecorded {
    fn not_measured(&self, ds: &Dataset) -> Option<String> {
        (!ds.has_table(TableId::Children)).then(|| "the export has no children table".into())
    }

    fn eval_child(&self, visit: &Visit<'_>, out: &mut Vec<Expectation>) {
        let (e, child) = (visit.e, visit.child);
        for ep in &child.episodes {
            if e.ds.text(ep.kind) != self.cohort_type {
                continue;
            }
            let status = if child.dob.is_some() {
                Status::Met
            } else {
                Status::Missing
            };
            let judged = Judged {
                start: ep.start,
                due: ep.start,
                event: child.dob.map(|_| ep.start),
                status,
                working_days_late: 0,
                overdue_now: false,
            };
            let who = Who {
                child: Some(child.id),
                episode_type: Some(ep.kind),
                owner: e.episode_owner(Some(ep)),
            };
            out.push(e.expectation(visit.rule, who, judged, (TableId::Episodes, ep.row)));
        }
    }
}

const PACK: &str = r#"
[pack]
id = "test"
title = "A pack with a new kind"

[[rule]]
id = "CLA-DOB"
title = "Child in care without a date of birth on file"
kind = "dob-recorded"
standard = { section = "test" }
cohort_type = "CLA"
"#;

#[test]
fn a_kind_added_to_the_registry_loads_and_runs() {
    // Without the kind, the pack is refused with the kinds it may use.
    let err = caseaudit::rules::load_pack_str("test.toml", PACK).unwrap_err();
    assert!(
        err.to_string().contains("unknown kind 'dob-recorded'"),
        "{err}"
    );

    // One registry line more.
    let mut kinds = KINDS.to_vec();
    kinds.push(DOB_RECORDED);
    let pack = caseaudit::rules::load_pack_str_with("test.toml", PACK, &kinds).unwrap();
    assert_eq!(pack.rules[0].kind.name(), "dob-recorded");
    let explained = caseaudit::rules::explain(&pack, &pack.rules[0]);
    let words: Vec<&str> = explained.split_whitespace().collect();
    assert!(
        words
            .join(" ")
            .contains("met when the child's date of birth is recorded"),
        "{explained}"
    );
    // Its keys are checked like every kind's.
    let bad = PACK.replace("cohort_type = \"CLA\"", "cohort = \"CLA\"");
    let err = caseaudit::rules::load_pack_str_with("test.toml", &bad, &kinds).unwrap_err();
    assert!(
        err.to_string()
            .contains("key `cohort` is not used by dob-recorded rules"),
        "{err}"
    );

    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("episodes.csv"),
        "child_id,episode_type,start_date,end_date,team,worker\nC1,CLA,2026-03-02,,Team A,W1\nC2,CLA,2026-03-05,,Team B,W2\nC3,CP,2026-03-05,,Team B,W2\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("children.csv"),
        "child_id,date_of_birth\nC1,2015-06-01\nC2,\nC3,\n",
    )
    .unwrap();
    let loaded = caseaudit::ingest::load(dir.path()).unwrap();
    let cal = Calendar::new(pack.region, &[]);
    let d = |s: &str| s.parse::<NaiveDate>().unwrap();
    let dates = AuditDates {
        from: d("2025-04-01"),
        to: d("2026-03-31"),
        as_at: d("2026-03-31"),
    };
    let rows = Engine::new(&pack.rules, &loaded.dataset, &cal, dates, &loaded.issues).run();
    let got: Vec<(&str, &str, Status, bool)> = rows
        .iter()
        .map(|r| {
            (
                loaded.dataset.text(r.child.unwrap()),
                loaded.dataset.text(r.worker.unwrap()),
                r.status,
                r.counted,
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            ("C1", "W1", Status::Met, true),
            ("C2", "W2", Status::Missing, true)
        ]
    );
}
