//! The national returns as a user meets them on the command line: several inputs in one
//! audit, CSV files given one by one or as their folder, the 903's XML form, `inspect`
//! naming each file's format and why, and clear errors (exit 2, never a panic) for
//! malformed XML and files that are no table of any return.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn caseaudit(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_caseaudit"))
        .args(args)
        .output()
        .expect("caseaudit runs")
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn fixture() -> PathBuf {
    root().join("tests/fixtures/national/903-and-cin")
}

fn s(p: &Path) -> &str {
    p.to_str().expect("UTF-8 path")
}

fn read(p: &Path) -> String {
    std::fs::read_to_string(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

fn audit(inputs: &[&str], out: &Path) -> Output {
    let mut args = vec!["audit"];
    args.extend_from_slice(inputs);
    args.extend_from_slice(&[
        "--rules",
        "england",
        "--to",
        "2026-03-31",
        "--format",
        "csv,json",
        "--quiet",
        "--out",
        s(out),
    ]);
    caseaudit(&args)
}

/// The first `n` columns of a CSV file's lines (the contract's fixed columns).
fn columns(text: &str, n: usize) -> Vec<String> {
    let mut r = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text.as_bytes());
    r.records()
        .map(|rec| {
            let rec = rec.unwrap();
            rec.iter().take(n).collect::<Vec<_>>().join(",")
        })
        .collect()
}

#[test]
fn the_sample_returns_audit_together_each_row_keeping_its_file() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let cin = root().join("sample-exports/cin_census.xml");
    let lac = root().join("sample-exports/ssda903");
    let o = audit(&[s(&cin), s(&lac)], &out);
    assert_eq!(
        o.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let exceptions = read(&out.join("exceptions.csv"));
    for rule in ["CLA-REVIEW,", "ASMT-CFA-45,", "CP-RCPC,", "S47-ICPC-15,"] {
        assert!(exceptions.contains(rule), "no {rule} exception");
    }
    let kpis = read(&out.join("kpis.csv"));
    assert!(
        kpis.lines()
            .any(|l| l.starts_with("ENG-CLA-VISIT-R28,all,") && l.contains("no visits table")),
        "visits are not measured on the national returns"
    );
    let summary = read(&out.join("summary.json"));
    for source in [
        "cin_census.xml [CPPreviewDate]",
        "ssda903/reviews.csv",
        "ssda903/episodes.csv",
        "cin_census.xml [ChildProtectionPlans]",
    ] {
        assert!(summary.contains(source), "summary names {source}");
    }
    // The missing table is read (into `missing`), not ignored.
    assert!(summary.contains("ssda903/missing.csv"), "{summary}");
    assert!(!summary.contains("SSDA903 missing table"), "{summary}");
    // The samples' deliberate faults, each with its file, row and column: the 903's
    // are the last lines of their files (`caseaudit-sample` appends them), the census's
    // an assessment whose authorisation date is 31 September. Nothing else is rejected.
    let dq = read(&out.join("data_quality.csv"));
    let last = |f: &str| read(&lac.join(f)).lines().count();
    let episode = format!("ssda903/episodes.csv,,{},RNE,P,", last("episodes.csv"));
    let review = format!(
        "ssda903/reviews.csv,,{},meeting_date,31/02/2026,",
        last("reviews.csv")
    );
    assert!(dq.contains(&episode), "{episode}: {dq}");
    assert!(dq.contains(&review), "{review}: {dq}");
    let census = read(&cin);
    let line = census
        .lines()
        .position(|l| l.contains("-09-31</AssessmentAuthorisationDate>"))
        .expect("the census's fault");
    // `line` counts from 0; the finding names its Assessments element, two lines up.
    let element = line + 1 - 2;
    let fault = format!("cin_census.xml,Assessments,{element},completed_date,");
    assert!(dq.contains(&fault), "{fault}: {dq}");
    assert_eq!(dq.lines().count(), 1 + 3, "three findings: {dq}");
}

/// The synthetic samples are views of the same invented facts (`caseaudit-sample
/// --shape 903|cin|ssd`, seed 1): the SSD dump read through the `ssd` profile and the
/// 903 with the census read as they are give the same totals for every rule both measure.
#[test]
fn the_ssd_sample_and_the_returns_agree_on_the_rules_both_measure() {
    let tmp = tempfile::tempdir().unwrap();
    let returns = tmp.path().join("returns");
    let cin = root().join("sample-exports/cin_census.xml");
    let lac = root().join("sample-exports/ssda903");
    assert_eq!(audit(&[s(&cin), s(&lac)], &returns).status.code(), Some(1));
    let ssd = tmp.path().join("ssd");
    let dump = root().join("sample-exports/ssd");
    let mut args = vec!["audit", s(&dump)];
    args.extend_from_slice(&[
        "--profile",
        "ssd",
        "--rules",
        "england",
        "--to",
        "2026-03-31",
    ]);
    args.extend_from_slice(&["--format", "csv", "--quiet", "--out", s(&ssd)]);
    let o = caseaudit(&args);
    assert_eq!(
        o.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    // rule_id, scope, scope_value, due, met, late, missing, percent_met of the whole
    // authority.
    let totals = |dir: &Path, rule: &str| {
        read(&dir.join("kpis.csv"))
            .lines()
            .find(|l| l.starts_with(&format!("{rule},all,")))
            .map(|l| l.split(',').take(8).collect::<Vec<_>>().join(","))
            .unwrap_or_else(|| panic!("{rule} in {}", dir.display()))
    };
    let indicators = [
        "ENG-CIN-REREFERRAL-12M",
        "ENG-CP-REPEAT",
        "ENG-CP-PLAN-2Y",
        "ENG-CLA-PLACEMENTS-3",
        "ENG-CLA-MISSING",
    ];
    for rule in ["ASMT-CFA-45", "S47-ICPC-15", "CP-RCPC", "CLA-REVIEW"]
        .into_iter()
        .chain(indicators)
    {
        let (a, b) = (totals(&returns, rule), totals(&ssd, rule));
        assert_eq!(a, b, "{rule}");
        let (due, failed): (u32, u32) = {
            let n = |i: usize| a.split(',').nth(i).unwrap().parse::<u32>().unwrap();
            (n(3), n(5) + n(6))
        };
        assert!(due > 0, "{rule}: {a}");
        // The samples hold every case: each indicator has failures to show.
        assert!(!indicators.contains(&rule) || failed > 0, "{rule}: {a}");
    }
}

/// Several inputs: each exception row names its source file and sheet, in two columns
/// after the fixed ones; one input: the columns are not written (outputs as before).
#[test]
fn with_several_inputs_each_exception_names_its_file_and_sheet() {
    let tmp = tempfile::tempdir().unwrap();
    let cin = root().join("sample-exports/cin_census.xml");
    let lac = root().join("sample-exports/ssda903");
    let both = tmp.path().join("both");
    audit(&[s(&cin), s(&lac)], &both);
    let one = tmp.path().join("one");
    audit(&[s(&lac)], &one);
    let fixed = "source_table,source_row,data_quality";
    for f in ["exceptions.csv", "pending.csv"] {
        let header = read(&one.join(f)).lines().next().unwrap().to_string();
        assert!(header.ends_with(fixed), "{f}: {header}");
        let header = read(&both.join(f)).lines().next().unwrap().to_string();
        assert!(
            header.ends_with(&format!("{fixed},source_file,source_sheet")),
            "{f}: {header}"
        );
    }
    let exceptions = read(&both.join("exceptions.csv"));
    let mut r = csv::Reader::from_reader(exceptions.as_bytes());
    let h = r.headers().unwrap().clone();
    let at = |name: &str| h.iter().position(|c| c == name).unwrap();
    let (rule, table, file, sheet) = (
        at("rule_id"),
        at("source_table"),
        at("source_file"),
        at("source_sheet"),
    );
    let mut seen = (false, false);
    for rec in r.records() {
        let rec = rec.unwrap();
        match &rec[rule] {
            "CLA-REVIEW" => {
                assert!(rec[file].ends_with("reviews.csv") || rec[file].ends_with("episodes.csv"));
                assert_eq!(&rec[sheet], "", "a CSV file has no sheet");
                seen.0 = true;
            }
            "ASMT-CFA-45" => {
                assert!(rec[file].ends_with("cin_census.xml"), "{:?}", rec);
                assert_eq!(&rec[sheet], "Assessments");
                assert_eq!(&rec[table], "assessments");
                seen.1 = true;
            }
            _ => {}
        }
    }
    assert_eq!(seen, (true, true), "exceptions of both returns");
}

#[test]
fn csv_files_given_together_audit_like_their_folder() {
    let tmp = tempfile::tempdir().unwrap();
    let folder = fixture().join("ssda903");
    let cin = fixture().join("cin_census.xml");
    let a = tmp.path().join("a");
    let o = audit(&[s(&cin), s(&folder)], &a);
    assert_eq!(o.status.code(), Some(1));
    let mut files: Vec<PathBuf> = std::fs::read_dir(&folder)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .collect();
    files.sort();
    let b = tmp.path().join("b");
    let mut inputs = vec![s(&cin)];
    inputs.extend(files.iter().map(|p| s(p)));
    let o = audit(&inputs, &b);
    assert_eq!(
        o.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    for f in [
        "exceptions.csv",
        "kpis.csv",
        "pending.csv",
        "data_quality.csv",
    ] {
        assert_eq!(read(&a.join(f)), read(&b.join(f)), "{f}");
    }
}

/// The fixture's children A1 and A2 in the 903's XML form.
const XML_903: &str = r#"<?xml version="1.0" encoding="us-ascii"?>
<EXPSSDA903>
  <CHILD>
    <HEADER><CHILDID>A1</CHILDID><SEX>1</SEX><DOB>10/06/2015</DOB><ETHNIC>WBRI</ETHNIC><UPN/>
      <AREVIEW><REVIEW>06/06/2025</REVIEW><REVIEW_CODE>PN1</REVIEW_CODE></AREVIEW>
      <AREVIEW><REVIEW>15/09/2025</REVIEW><REVIEW_CODE>PN1</REVIEW_CODE></AREVIEW>
      <AMISSING><MISSING>M</MISSING><MIS_START>03/08/2025</MIS_START><MIS_END>04/08/2025</MIS_END></AMISSING>
      <MOTHER/><MC_DOB/>
    </HEADER>
    <EPISODE><DECOM>12/05/2025</DECOM><RNE>S</RNE><LS>C2</LS><CIN>N1</CIN><PL>U1</PL><DEC>01/07/2025</DEC><REC>X1</REC></EPISODE>
    <EPISODE><DECOM>01/07/2025</DECOM><RNE>P</RNE><LS>C2</LS><CIN>N1</CIN><PL>U3</PL><DEC>20/10/2025</DEC><REC>X1</REC></EPISODE>
    <EPISODE><DECOM>20/10/2025</DECOM><RNE>P</RNE><LS>C2</LS><CIN>N1</CIN><PL>K2</PL><DEC/><REC/></EPISODE>
  </CHILD>
  <CHILD>
    <HEADER><CHILDID>A2</CHILDID><SEX>2</SEX><DOB>20/01/2012</DOB><ETHNIC>WBRI</ETHNIC>
      <AREVIEW><REVIEW>02/05/2025</REVIEW><REVIEW_CODE>PN0</REVIEW_CODE></AREVIEW>
      <AREVIEW><REVIEW>28/11/2025</REVIEW><REVIEW_CODE>PN1</REVIEW_CODE></AREVIEW>
    </HEADER>
    <EPISODE><DECOM>07/04/2025</DECOM><RNE>S</RNE><LS>V2</LS><CIN>N2</CIN><PL>U1</PL><DEC>16/06/2025</DEC><REC>E13</REC></EPISODE>
    <EPISODE><DECOM>03/11/2025</DECOM><RNE>S</RNE><LS>V2</LS><CIN>N2</CIN><PL>U1</PL><DEC/><REC/></EPISODE>
  </CHILD>
</EXPSSDA903>
"#;

#[test]
fn the_903_xml_form_audits_like_its_csv_files() {
    let tmp = tempfile::tempdir().unwrap();
    let xml = tmp.path().join("ssda903.xml");
    std::fs::write(&xml, XML_903).unwrap();
    let csv = tmp.path().join("csv");
    std::fs::create_dir(&csv).unwrap();
    std::fs::write(
        csv.join("header.csv"),
        "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\nA1,1,10/06/2015,WBRI,,,\nA2,2,20/01/2012,WBRI,,,\n",
    )
    .unwrap();
    std::fs::write(
        csv.join("episodes.csv"),
        "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN\n\
         A1,12/05/2025,S,C2,N1,U1,,01/07/2025,X1,,,,\nA1,01/07/2025,P,C2,N1,U3,,20/10/2025,X1,,,,\n\
         A1,20/10/2025,P,C2,N1,K2,,,,,,,\nA2,07/04/2025,S,V2,N2,U1,,16/06/2025,E13,,,,\n\
         A2,03/11/2025,S,V2,N2,U1,,,,,,,\n",
    )
    .unwrap();
    std::fs::write(
        csv.join("reviews.csv"),
        "CHILD,DOB,REVIEW,REVIEW_CODE\nA1,10/06/2015,06/06/2025,PN1\nA1,10/06/2015,15/09/2025,PN1\n\
         A2,20/01/2012,02/05/2025,PN0\nA2,20/01/2012,28/11/2025,PN1\n",
    )
    .unwrap();
    std::fs::write(
        csv.join("missing.csv"),
        "CHILD,DOB,MISSING,MIS_START,MIS_END\nA1,10/06/2015,M,03/08/2025,04/08/2025\n",
    )
    .unwrap();
    let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
    assert_eq!(audit(&[s(&xml)], &a).status.code(), Some(1));
    assert_eq!(audit(&[s(&csv)], &b).status.code(), Some(1));
    // The same expectations; only the source rows (lines of the XML) differ.
    for f in ["exceptions.csv", "pending.csv"] {
        let (x, c) = (read(&a.join(f)), read(&b.join(f)));
        assert_eq!(columns(&x, 10), columns(&c, 10), "{f}");
        assert!(columns(&x, 10).len() > 1, "{f} has rows");
    }
    assert_eq!(read(&a.join("kpis.csv")), read(&b.join("kpis.csv")));
    let o = caseaudit(&["inspect", s(&xml)]);
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(text.contains("SSDA903 (XML)"), "{text}");
    assert!(text.contains("<EPISODE> → episodes"), "{text}");
}

#[test]
fn inspect_names_each_files_format_and_why() {
    let o = caseaudit(&[
        "inspect",
        s(&fixture().join("cin_census.xml")),
        s(&fixture().join("ssda903")),
    ]);
    let text = String::from_utf8_lossy(&o.stdout);
    assert_eq!(o.status.code(), Some(0), "{text}");
    for want in [
        "Formats recognised:",
        "LAC episodes 2025-26.csv: SSDA903 episodes table — its header has all 13 columns of the table",
        "reviews.csv: SSDA903 reviews table — its header has all 4 columns of the table; column(s) not in the table, ignored: NOTE",
        "missing.csv: SSDA903 missing table",
        "cin_census.xml: CIN census (XML) — its <Message> holds 5 <Child> element(s)",
        "cin_census.xml <Section47> → s47",
        "rows: 10 read = 8 used + 2 rejected",
        "a period of care starts at an episode whose 'rne' is S",
    ] {
        assert!(
            text.contains(want),
            "inspect does not say {want:?}:\n{text}"
        );
    }
    // The native export still names its tables.
    let o = caseaudit(&["inspect", s(&root().join("sample-exports/native.xlsx"))]);
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(
        text.contains("sheet 'visits': native visits table — its sheet name is the table's name"),
        "{text}"
    );
}

#[test]
fn malformed_xml_is_a_clear_error_naming_the_file_and_position() {
    let tmp = tempfile::tempdir().unwrap();
    let bad = tmp.path().join("census.xml");
    std::fs::write(
        &bad,
        "<Message>\n  <Children>\n    <Child>\n  </Children>\n</Message>\n",
    )
    .unwrap();
    for cmd in ["audit", "inspect"] {
        let o = if cmd == "audit" {
            audit(&[s(&bad)], &tmp.path().join("out"))
        } else {
            caseaudit(&["inspect", s(&bad)])
        };
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(2), "{cmd}: {err}");
        assert!(
            err.contains("census.xml: not well-formed XML at line 4, column"),
            "{cmd}: {err}"
        );
        assert!(!err.contains("panicked"), "{err}");
    }
    let other = tmp.path().join("other.xml");
    std::fs::write(&other, "<Catalogue><Book/></Catalogue>").unwrap();
    let o = audit(&[s(&other)], &tmp.path().join("out"));
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        err.contains("neither a CIN census") && err.contains("<Catalogue>"),
        "{err}"
    );
}

#[test]
fn a_csv_file_that_is_no_903_table_is_refused_with_the_closest_table() {
    let tmp = tempfile::tempdir().unwrap();
    let f = tmp.path().join("placements.csv");
    std::fs::write(&f, "CHILD,DECOM,LS\nA1,01/04/2025,C2\n").unwrap();
    let o = audit(&[s(&f)], &tmp.path().join("out"));
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(
        err.contains("placements.csv: not an SSDA903 table: its columns are most like the episodes table's, but it lacks RNE, DEC, REC"),
        "{err}"
    );
    // A folder mixing the 903's tables with the native export's is refused too.
    let mixed = tmp.path().join("mixed");
    std::fs::create_dir(&mixed).unwrap();
    std::fs::copy(
        fixture().join("ssda903/reviews.csv"),
        mixed.join("reviews.csv"),
    )
    .unwrap();
    std::fs::write(
        mixed.join("visits.csv"),
        "child_id,visit_date\nA1,2025-06-01\n",
    )
    .unwrap();
    let o = audit(&[s(&mixed)], &tmp.path().join("out"));
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(err.contains("give them as two inputs"), "{err}");
}

#[test]
fn an_older_census_with_gender_current_and_prefixed_namespaces_is_read() {
    let tmp = tempfile::tempdir().unwrap();
    let f = tmp.path().join("cin2019.xml");
    std::fs::write(
        &f,
        r#"<c:Message xmlns:c="urn:synthetic:cin"><c:Children>
<c:Child><c:ChildIdentifiers><c:LAchildID>X1</c:LAchildID><c:PersonBirthDate>2012-05-01</c:PersonBirthDate><c:GenderCurrent>2</c:GenderCurrent></c:ChildIdentifiers>
<c:CINdetails><c:CINreferralDate>2019-01-07</c:CINreferralDate><c:Assessments><c:AssessmentActualStartDate>2019-01-08</c:AssessmentActualStartDate><c:AssessmentAuthorisationDate>2019-13-01</c:AssessmentAuthorisationDate></c:Assessments>
<c:Assessments><c:AssessmentActualStartDate>2019-02-04</c:AssessmentActualStartDate><c:AssessmentAuthorisationDate>2019-03-01</c:AssessmentAuthorisationDate></c:Assessments></c:CINdetails></c:Child>
<c:Child><c:ChildIdentifiers><c:LAchildID> </c:LAchildID></c:ChildIdentifiers><c:CINdetails><c:CINreferralDate>2019-02-01</c:CINreferralDate></c:CINdetails></c:Child>
</c:Children></c:Message>"#,
    )
    .unwrap();
    let o = caseaudit(&["inspect", s(&f)]);
    let text = String::from_utf8_lossy(&o.stdout);
    assert_eq!(o.status.code(), Some(0), "{text}");
    for want in [
        "holds 2 <Child> element(s)",
        "sex read from <GenderCurrent>",
        "<CINdetails> → episodes",
        "rows: 2 read = 1 used + 1 rejected",
        "LAchildID: required value is blank: the child's 2 record(s) are not used",
        "AssessmentAuthorisationDate",
    ] {
        assert!(
            text.contains(want),
            "inspect does not say {want:?}:\n{text}"
        );
    }
    // The unreadable authorisation date is named on the assessment's missing exception.
    let out = tmp.path().join("out");
    let o = caseaudit(&[
        "audit",
        s(&f),
        "--rules",
        "england",
        "--only",
        "ASMT-CFA-45",
        "--from",
        "2019-01-01",
        "--to",
        "2019-06-30",
        "--format",
        "csv",
        "--quiet",
        "--out",
        s(&out),
    ]);
    assert_eq!(o.status.code(), Some(1));
    let exceptions = read(&out.join("exceptions.csv"));
    assert!(
        exceptions.contains("ASMT-CFA-45,X1,CIN,,,2019-01-08,2019-03-12,,missing"),
        "{exceptions}"
    );
    assert!(exceptions.contains("completed_date"), "{exceptions}");
}
