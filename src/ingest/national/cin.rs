//! The Children in Need census (one XML file a year), read with its namespaces ignored.
//!
//! The mapping onto the contract's tables is fixed. For each `Child` (its `LAchildID` is
//! the child id):
//!
//! - `ChildIdentifiers` → `children` (`PersonBirthDate`; `Sex`, or `GenderCurrent` in
//!   older censuses; the `Disability` codes);
//! - each `CINdetails` → a `CIN` episode from `CINreferralDate` to `CINclosureDate`;
//! - each `Assessments` → a `CFA` assessment from `AssessmentActualStartDate`, completed
//!   on `AssessmentAuthorisationDate`;
//! - each `Section47` → an `s47` row: strategy date `S47ActualStartDate`, ICPC date
//!   `DateOfInitialCPC`, outcome `ICPC` when that date is given, `NFA` when
//!   `ICPCnotRequired` is true or 1, else blank;
//! - each `ChildProtectionPlans` → a `CP` episode from `CPPstartDate` to `CPPendDate`,
//!   and each of its `CPPreviewDate`s a review conference (`RCPC`) meeting.
//!
//! Each row keeps the file and the line of its element; data-quality findings name the
//! element (as the sheet), its line (as the row) and the contract column.

use std::path::Path;

use roxmltree::{Document, Node};

use super::{Part, Recognition, Row, date, date_value};
use crate::ingest::{IngestError, LoadNotes, RowCounts};
use crate::model::{RowRef, SourceId};
use crate::quality::Action;
use crate::schema::TableId;

/// The element kinds that become rows: (element, contract table).
const RECORDS: [(&str, TableId); 6] = [
    ("ChildIdentifiers", TableId::Children),
    ("CINdetails", TableId::Episodes),
    ("Assessments", TableId::Assessments),
    ("Section47", TableId::S47),
    ("ChildProtectionPlans", TableId::Episodes),
    ("CPPreviewDate", TableId::Meetings),
];

/// What an XML file is, by its elements.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum XmlKind {
    CinCensus,
    Ssda903,
    Other,
}

/// Tells a CIN census from the 903's XML form: the census has `Children/Child` with
/// `ChildIdentifiers`, the 903 `CHILD` elements with a `HEADER`.
pub fn kind(doc: &Document<'_>) -> XmlKind {
    let root = doc.root_element();
    let census = root
        .descendants()
        .any(|n| n.tag_name().name() == "Child" && child(n, "ChildIdentifiers").is_some());
    if census || root.tag_name().name() == "Message" && child(root, "Children").is_some() {
        return XmlKind::CinCensus;
    }
    let ssda903 = root.tag_name().name().eq_ignore_ascii_case("EXPSSDA903")
        || root
            .children()
            .any(|n| n.tag_name().name() == "CHILD" && child(n, "HEADER").is_some());
    if ssda903 {
        XmlKind::Ssda903
    } else {
        XmlKind::Other
    }
}

/// Reads an XML file, with a clear error (file, line, column) when it is not well-formed.
pub(crate) fn parse<'t>(path: &Path, text: &'t str) -> Result<Document<'t>, IngestError> {
    let options = roxmltree::ParsingOptions {
        allow_dtd: true,
        ..roxmltree::ParsingOptions::default()
    };
    Document::parse_with_options(text, options).map_err(|e| {
        let pos = e.pos();
        IngestError::Xml {
            file: path.display().to_string(),
            line: pos.row,
            column: pos.col,
            reason: e.to_string(),
        }
    })
}

/// The first child element with this local name.
pub(crate) fn child<'a, 'i>(n: Node<'a, 'i>, name: &str) -> Option<Node<'a, 'i>> {
    n.children()
        .find(|c| c.is_element() && c.tag_name().name() == name)
}

/// Every child element with this local name.
pub(crate) fn children<'a, 'i>(
    n: Node<'a, 'i>,
    name: &'static str,
) -> impl Iterator<Item = Node<'a, 'i>> {
    n.children()
        .filter(move |c| c.is_element() && c.tag_name().name() == name)
}

/// The text of a child element (trimmed; empty when absent or empty).
pub(crate) fn leaf<'a>(n: Node<'a, '_>, name: &str) -> &'a str {
    child(n, name).and_then(|c| c.text()).map_or("", str::trim)
}

/// Where each line of a document starts, to tell an element's line in O(log n)
/// (roxmltree's own look-up scans the text from its start every time).
pub(crate) struct Lines(Vec<usize>);

impl Lines {
    pub fn new(text: &str) -> Lines {
        let mut starts = vec![0];
        starts.extend(
            text.bytes()
                .enumerate()
                .filter(|(_, b)| *b == b'\n')
                .map(|(i, _)| i + 1),
        );
        Lines(starts)
    }

    /// The line (from 1) an element starts on.
    pub fn of(&self, n: Node<'_, '_>) -> u32 {
        let pos = n.range().start;
        let i = self.0.partition_point(|&s| s <= pos);
        u32::try_from(i).unwrap_or(u32::MAX)
    }
}

/// Per element kind: its source id and accounting.
struct Sources {
    ids: [SourceId; 6],
    counts: [RowCounts; 6],
}

/// Reads a CIN census into contract rows; its first source id is `base`.
pub(crate) fn load(
    path: &Path,
    doc: &Document<'_>,
    base: usize,
) -> Result<super::ssda903::NationalLoad, IngestError> {
    let file = path.display().to_string();
    let mut part = Part::new(base);
    let mut ids = [0; 6];
    for (i, (element, table)) in RECORDS.iter().enumerate() {
        ids[i] = part.source(&file, element)?;
        part.hold(*table);
    }
    let mut src = Sources {
        ids,
        counts: [RowCounts::default(); 6],
    };
    let lines = Lines::new(doc.input_text());
    let mut reader = Reader {
        lines: &lines,
        file: &file,
        part: &mut part,
        src: &mut src,
    };
    let mut children_seen = 0usize;
    for c in doc
        .root_element()
        .descendants()
        .filter(|n| n.is_element() && n.tag_name().name() == "Child")
    {
        children_seen += 1;
        reader.child(c);
    }
    let counts = src.counts;
    for (i, (element, table)) in RECORDS.iter().enumerate() {
        part.summary(*table, &file, element, counts[i], notes(i));
    }
    let version = if doc.descendants().any(|n| n.tag_name().name() == "Sex") {
        "Sex"
    } else {
        "GenderCurrent"
    };
    Ok(super::ssda903::NationalLoad {
        part,
        formats: vec![Recognition {
            file,
            format: "CIN census (XML)".into(),
            why: format!(
                "its <{}> holds {children_seen} <Child> element(s) with <ChildIdentifiers> (namespaces ignored; sex read from <{version}>)",
                doc.root_element().tag_name().name()
            ),
        }],
        ignored: Vec::new(),
        problems: Vec::new(),
    })
}

/// How each contract column is filled from an element kind, for `inspect`.
fn notes(kind: usize) -> LoadNotes {
    let mut n = LoadNotes::default();
    let mut map = |col: &'static str, how: &str| {
        n.mapped.insert(col, how.to_string());
    };
    match RECORDS[kind].0 {
        "ChildIdentifiers" => {
            map("child_id", "element 'LAchildID'");
            map("date_of_birth", "element 'PersonBirthDate'");
            map("gender", "element 'Sex' (or 'GenderCurrent')");
            map("disability", "elements 'Disability' (joined)");
        }
        "CINdetails" => {
            map("child_id", "the child's 'LAchildID'");
            map("episode_type", "constant 'CIN'");
            map("start_date", "element 'CINreferralDate'");
            map("end_date", "element 'CINclosureDate'");
        }
        "Assessments" => {
            map("child_id", "the child's 'LAchildID'");
            map("assessment_type", "constant 'CFA'");
            map("start_date", "element 'AssessmentActualStartDate'");
            map("completed_date", "element 'AssessmentAuthorisationDate'");
        }
        "Section47" => {
            map("child_id", "the child's 'LAchildID'");
            map("strategy_date", "element 'S47ActualStartDate'");
            map("icpc_date", "element 'DateOfInitialCPC'");
            map(
                "outcome",
                "'ICPC' when 'DateOfInitialCPC' is given, 'NFA' when 'ICPCnotRequired' is true or 1, else blank",
            );
        }
        "ChildProtectionPlans" => {
            map("child_id", "the child's 'LAchildID'");
            map("episode_type", "constant 'CP'");
            map("start_date", "element 'CPPstartDate'");
            map("end_date", "element 'CPPendDate'");
        }
        _ => {
            map("child_id", "the child's 'LAchildID'");
            map("meeting_type", "constant 'RCPC'");
            map("meeting_date", "element 'CPPreviewDate' (in 'Reviews')");
        }
    }
    n
}

struct Reader<'r> {
    lines: &'r Lines,
    file: &'r str,
    part: &'r mut Part,
    src: &'r mut Sources,
}

impl Reader<'_> {
    fn kind_index(element: &str) -> usize {
        RECORDS
            .iter()
            .position(|(e, _)| *e == element)
            .expect("a record element")
    }

    fn at(&self, kind: usize, n: Node<'_, '_>) -> RowRef {
        RowRef {
            source: self.src.ids[kind],
            row: self.lines.of(n),
        }
    }

    fn issue(
        &mut self,
        kind: usize,
        n: Node<'_, '_>,
        column: &str,
        value: &str,
        reason: String,
        action: Action,
    ) {
        let row = self.lines.of(n);
        self.part.issue(
            self.file,
            RECORDS[kind].0,
            row,
            column,
            value,
            reason,
            action,
        );
    }

    /// A date element of a record: `Err` when unreadable (reported with `action`).
    fn date(
        &mut self,
        kind: usize,
        record: Node<'_, '_>,
        element: &str,
        column: &str,
        action: Action,
    ) -> Result<Option<chrono::NaiveDate>, ()> {
        let text = leaf(record, element);
        date(text).map_err(|reason| {
            let at = child(record, element).map_or(String::new(), |e| {
                let l = self.lines.of(e);
                if l == self.lines.of(record) {
                    String::new()
                } else {
                    format!(" (line {l})")
                }
            });
            self.issue(
                kind,
                record,
                column,
                text,
                format!("{element}{at}: {reason}"),
                action,
            );
        })
    }

    /// A required date: the record is rejected (and counted so) when it is blank or
    /// unreadable.
    fn required_date(
        &mut self,
        kind: usize,
        record: Node<'_, '_>,
        element: &str,
        column: &str,
    ) -> Option<chrono::NaiveDate> {
        match self.date(kind, record, element, column, Action::RowRejected) {
            Ok(Some(d)) => Some(d),
            Ok(None) => {
                self.issue(
                    kind,
                    record,
                    column,
                    "",
                    format!("{element}: required value is blank"),
                    Action::RowRejected,
                );
                self.src.counts[kind].rejected += 1;
                None
            }
            Err(()) => {
                self.src.counts[kind].rejected += 1;
                None
            }
        }
    }

    fn child(&mut self, c: Node<'_, '_>) {
        let ids = child(c, "ChildIdentifiers");
        let id = ids.map_or("", |n| leaf(n, "LAchildID"));
        // Every record of the child, by kind, to count as rejected if it has no id.
        let records: Vec<(usize, Node<'_, '_>)> = {
            let mut v = Vec::new();
            if let Some(n) = ids {
                v.push((0, n));
            }
            for d in children(c, "CINdetails") {
                v.push((1, d));
                for (name, k) in [
                    ("Assessments", 2),
                    ("Section47", 3),
                    ("ChildProtectionPlans", 4),
                ] {
                    for r in children(d, name) {
                        v.push((k, r));
                        if k == 4 {
                            for rv in children(r, "Reviews") {
                                for day in children(rv, "CPPreviewDate") {
                                    v.push((5, day));
                                }
                            }
                        }
                    }
                }
            }
            v
        };
        for &(k, _) in &records {
            self.src.counts[k].read += 1;
        }
        if id.is_empty() {
            let n = records.len();
            self.issue(
                0,
                ids.unwrap_or(c),
                "child_id",
                "",
                format!(
                    "LAchildID: required value is blank: the child's {n} record(s) are not used"
                ),
                Action::RowRejected,
            );
            for &(k, _) in &records {
                self.src.counts[k].rejected += 1;
            }
            return;
        }
        let child_sym = self.part.text(id);
        for (k, n) in records {
            match RECORDS[k].0 {
                "ChildIdentifiers" => self.identifiers(c, n, child_sym),
                "CINdetails" => {
                    self.episode(k, n, child_sym, "CIN", "CINreferralDate", "CINclosureDate")
                }
                "Assessments" => self.assessment(n, child_sym),
                "Section47" => self.section47(n, child_sym),
                "ChildProtectionPlans" => {
                    self.episode(k, n, child_sym, "CP", "CPPstartDate", "CPPendDate")
                }
                _ => self.review(n, child_sym),
            }
        }
    }

    fn identifiers(&mut self, c: Node<'_, '_>, n: Node<'_, '_>, id: crate::model::Value) {
        let k = Self::kind_index("ChildIdentifiers");
        let dob = self
            .date(
                k,
                n,
                "PersonBirthDate",
                "date_of_birth",
                Action::ValueIgnored,
            )
            .ok()
            .flatten();
        let sex = match leaf(n, "Sex") {
            "" => leaf(n, "GenderCurrent"),
            s => s,
        };
        let disability: Vec<&str> = child(c, "ChildCharacteristics")
            .and_then(|ch| child(ch, "Disabilities"))
            .map(|d| {
                children(d, "Disability")
                    .filter_map(|x| x.text())
                    .map(str::trim)
                    .filter(|t| !t.is_empty())
                    .collect()
            })
            .unwrap_or_default();
        let mut r = Row::new(TableId::Children);
        let sex = self.part.text(sex);
        let disability = self.part.text(&disability.join(","));
        r.set("child_id", id)
            .set("date_of_birth", date_value(dob))
            .set("gender", sex)
            .set("disability", disability);
        let at = self.at(k, n);
        self.part.push(&r, at);
        self.src.counts[k].used += 1;
    }

    fn episode(
        &mut self,
        k: usize,
        n: Node<'_, '_>,
        id: crate::model::Value,
        kind: &str,
        start: &str,
        end: &str,
    ) {
        let Some(from) = self.required_date(k, n, start, "start_date") else {
            return;
        };
        let to = self
            .date(k, n, end, "end_date", Action::ValueIgnored)
            .ok()
            .flatten();
        let mut r = Row::new(TableId::Episodes);
        let t = self.part.text(kind);
        r.set("child_id", id)
            .set("episode_type", t)
            .set("start_date", date_value(Some(from)))
            .set("end_date", date_value(to));
        let at = self.at(k, n);
        self.part.push(&r, at);
        self.src.counts[k].used += 1;
    }

    fn assessment(&mut self, n: Node<'_, '_>, id: crate::model::Value) {
        let k = Self::kind_index("Assessments");
        let Some(from) = self.required_date(k, n, "AssessmentActualStartDate", "start_date") else {
            return;
        };
        let done = self
            .date(
                k,
                n,
                "AssessmentAuthorisationDate",
                "completed_date",
                Action::ValueIgnored,
            )
            .ok()
            .flatten();
        let mut r = Row::new(TableId::Assessments);
        let t = self.part.text("CFA");
        r.set("child_id", id)
            .set("assessment_type", t)
            .set("start_date", date_value(Some(from)))
            .set("completed_date", date_value(done));
        let at = self.at(k, n);
        self.part.push(&r, at);
        self.src.counts[k].used += 1;
    }

    fn section47(&mut self, n: Node<'_, '_>, id: crate::model::Value) {
        let k = Self::kind_index("Section47");
        let Some(strategy) = self.required_date(k, n, "S47ActualStartDate", "strategy_date") else {
            return;
        };
        let icpc_text = leaf(n, "DateOfInitialCPC");
        let icpc = self
            .date(k, n, "DateOfInitialCPC", "icpc_date", Action::ValueIgnored)
            .ok()
            .flatten();
        let not_required = match leaf(n, "ICPCnotRequired").to_ascii_lowercase().as_str() {
            "" | "false" | "0" => false,
            "true" | "1" => true,
            other => {
                let other = other.to_string();
                self.issue(
                    k,
                    n,
                    "outcome",
                    &other,
                    "ICPCnotRequired: not true, false, 1 or 0: the outcome is left blank".into(),
                    Action::ValueIgnored,
                );
                false
            }
        };
        let outcome = if !icpc_text.is_empty() {
            if not_required {
                self.issue(
                    k,
                    n,
                    "outcome",
                    "true",
                    "ICPCnotRequired is true but DateOfInitialCPC is given: the outcome is taken as ICPC".into(),
                    Action::Warning,
                );
            }
            "ICPC"
        } else if not_required {
            "NFA"
        } else {
            ""
        };
        let mut r = Row::new(TableId::S47);
        let o = self.part.text(outcome);
        r.set("child_id", id)
            .set("strategy_date", date_value(Some(strategy)))
            .set("icpc_date", date_value(icpc))
            .set("outcome", o);
        let at = self.at(k, n);
        self.part.push(&r, at);
        self.src.counts[k].used += 1;
    }

    fn review(&mut self, n: Node<'_, '_>, id: crate::model::Value) {
        let k = Self::kind_index("CPPreviewDate");
        let text = n.text().map_or("", str::trim);
        let day = match date(text) {
            Ok(Some(d)) => d,
            Ok(None) => {
                self.issue(
                    k,
                    n,
                    "meeting_date",
                    "",
                    "CPPreviewDate: required value is blank".into(),
                    Action::RowRejected,
                );
                self.src.counts[k].rejected += 1;
                return;
            }
            Err(reason) => {
                self.issue(
                    k,
                    n,
                    "meeting_date",
                    text,
                    format!("CPPreviewDate: {reason}"),
                    Action::RowRejected,
                );
                self.src.counts[k].rejected += 1;
                return;
            }
        };
        let mut r = Row::new(TableId::Meetings);
        let t = self.part.text("RCPC");
        r.set("child_id", id)
            .set("meeting_type", t)
            .set("meeting_date", date_value(Some(day)));
        let at = self.at(k, n);
        self.part.push(&r, at);
        self.src.counts[k].used += 1;
    }
}
