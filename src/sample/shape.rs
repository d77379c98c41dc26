//! The same synthetic records in the shape of a case system's report export, for the
//! bundled mapping profiles (`profiles/liquidlogic.toml`, `profiles/mosaic.toml`) to be
//! demonstrated and tested on.
//!
//! **The shapes are invented.** They are plausible report layouts "like" a Liquidlogic
//! LCS/EHM or a Mosaic export (free-text case-note types, plan-type synonyms, workflow
//! steps, one sheet per kind of visit, two-digit-year text dates), not the vendors' real
//! report layouts, which vary from one authority's report builder to the next.
//!
//! The native generator hands every row it writes to a [`ShapedSink`] instead of the
//! native writer; the sink routes it to its sheet in the shape, renaming columns and
//! rewriting codes as free text. Nothing is dropped and nothing invented that the
//! profile would read: a native and a shaped export of the same seed hold the same
//! facts, so they audit to the same results (tested in `tests/profiles.rs`). The only
//! additions are case notes that are *not* visits ("Phone call", "Home Visit - No
//! Access"), which the Liquidlogic profile's row tests must leave out.

use std::fs::File;
use std::io::BufWriter;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use anyhow::{Context, Result, bail};
use chrono::{Datelike, NaiveDate};
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook};

use super::generate::Roster;
use super::tables::{Cell, Table};
use super::write::{Sink, render};

/// The layout a sample is written in.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Shape {
    /// The audit contract's native tables (one sheet per table).
    #[default]
    Native,
    /// Shaped like a Liquidlogic LCS/EHM report export (synthetic).
    Liquidlogic,
    /// Shaped like a Mosaic report export (synthetic).
    Mosaic,
}

impl Shape {
    pub const ALL: [Shape; 3] = [Shape::Native, Shape::Liquidlogic, Shape::Mosaic];

    pub fn name(self) -> &'static str {
        match self {
            Shape::Native => "native",
            Shape::Liquidlogic => "liquidlogic",
            Shape::Mosaic => "mosaic",
        }
    }

    fn sheets(self) -> &'static [SheetDef] {
        match self {
            Shape::Native => &[],
            Shape::Liquidlogic => LCS_SHEETS,
            Shape::Mosaic => MOSAIC_SHEETS,
        }
    }
}

impl std::fmt::Display for Shape {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Shape {
    type Err = String;

    fn from_str(s: &str) -> Result<Shape, String> {
        Shape::ALL
            .into_iter()
            .find(|x| x.name().eq_ignore_ascii_case(s.trim()))
            .ok_or_else(|| format!("unknown shape '{s}': write native, liquidlogic or mosaic"))
    }
}

/// One sheet of a shape: its name (a CSV file's stem) and header row.
struct SheetDef {
    name: &'static str,
    headers: &'static [&'static str],
}

const fn sheet(name: &'static str, headers: &'static [&'static str]) -> SheetDef {
    SheetDef { name, headers }
}

// ---------------------------------------------------------------------------
// Liquidlogic-like (synthetic)
// ---------------------------------------------------------------------------

/// Headers carry the variations real exports have: odd case, doubled and non-breaking
/// spaces, curly apostrophes, a doubled closing bracket, trailing question marks.
const LCS_SHEETS: &[SheetDef] = &[
    sheet(
        "Person Details",
        &[
            "Person ID",
            "Date\u{a0}Of Birth",
            "Gender",
            "Disability?",
            "Complex Needs Stable (Y/N))",
        ],
    ),
    sheet(
        "Involvements",
        &[
            "PERSON ID",
            "Plan Type",
            "Start  Date",
            "End Date",
            "Worker’s Team",
            "Allocated Worker",
        ],
    ),
    sheet(
        "Case Notes",
        &[
            "Person ID",
            "Note Type",
            "Event Date",
            "Recorded (date))",
            "Child Seen Alone?",
            "Visit Setting",
            "Report Shared Date",
            "Minutes Shared Date",
            "Worker",
            "Worker’s Team",
        ],
    ),
    sheet(
        "Assessments",
        &[
            "Person ID",
            "Assessment Type",
            "Start Date",
            "Authorised Date",
            "Worker",
            "Team",
        ],
    ),
    sheet(
        "Section 47 Enquiries",
        &[
            "Person ID",
            "Strategy Discussion Date",
            "S47 Outcome Date",
            "S47 Outcome",
            "ICPC Date",
            "Worker",
            "Team",
        ],
    ),
    sheet(
        "Health Assessments",
        &["Person ID", "Health Assessment", "Date Completed"],
    ),
    sheet("PEPs", &["Person ID", "PEP Date"]),
    sheet(
        "Leaving Care Contacts",
        &["Person ID", "Contact Date", "Contact Type"],
    ),
    sheet(
        "Worker Allocations",
        &[
            "Person ID",
            "Allocated On",
            "First Contact",
            "Service",
            "Allocated Worker",
            "Team",
        ],
    ),
    sheet(
        "Supervision",
        &[
            "Supervisee",
            "Supervision Date",
            "Supervisor",
            "Case Person ID",
        ],
    ),
    sheet(
        "Workers",
        &["Worker Name", "Team", "Line Manager", "Job Title"],
    ),
    sheet("Training", &["Worker", "Course Title", "Date Completed"]),
];

const LCS_PERSON: usize = 0;
const LCS_INVOLVEMENTS: usize = 1;
const LCS_NOTES: usize = 2;
const LCS_ASSESSMENTS: usize = 3;
const LCS_S47: usize = 4;
const LCS_HEALTH: usize = 5;
const LCS_PEPS: usize = 6;
const LCS_CONTACTS: usize = 7;
const LCS_ALLOCATIONS: usize = 8;
const LCS_SUPERVISION: usize = 9;
const LCS_WORKERS: usize = 10;
const LCS_TRAINING: usize = 11;

/// Plan types / services: the synonyms a Liquidlogic-like export mixes.
fn lcs_plan(code: &'static str, h: u64) -> &'static str {
    let options: &[&'static str] = match code {
        "EH" => &["Early Help (EHM)", "EHM Family Plan"],
        "CIN" => &["CiN Plan", "Child in Need"],
        "CP" => &["CP Plan", "CP Ext"],
        "CLA" => &["Looked After (S20)", "CLA&CP", "LAC - Care Order"],
        "CL" => &["Care Leaver", "Former Relevant (Care Leaver)"],
        "YOS" => &["YOS Order", "Youth Justice"],
        _ => return code,
    };
    pick(options, h)
}

/// A visit's case-note type.
fn lcs_visit_note(vtype: &'static str, setting: &str, h: u64) -> &'static str {
    match vtype {
        "Statutory Visit" => pick(&["Statutory Visit", "Statutory Visit - Child Seen"], h),
        "School Visit" => "Visit - School",
        "CP Visit" if setting == "Home" => "CP Visit - Home",
        "CP Visit" => "CP Visit",
        "Unannounced Visit" => "Unannounced Visit (CP)",
        "CLA Visit" => "CLA Visit - Placement",
        "Pathway Visit" => "Pathway Plan Visit",
        "S47 Visit" => "S47 Visit - Child Seen",
        other => other,
    }
}

/// A meeting's case-note type.
fn lcs_meeting_note(mtype: &'static str, h: u64) -> &'static str {
    let options: &[&'static str] = match mtype {
        "ICPC" => &["Initial Child Protection Conference", "ICPC"],
        "RCPC" => &["Review Child Protection Conference", "RCPC"],
        "CORE_GROUP" => &["Core Group Meeting", "Core Group"],
        "CIN_REVIEW" => &["CiN Review", "Child in Need Review Meeting"],
        "CLA_REVIEW" => &["CLA Review (IRO)", "LAC Statutory Review"],
        "MFP_REVIEW" => &["EHM Family Plan Review", "TAF Review (EHM)"],
        "CARE_TEAM" => &["Care Team Meeting"],
        "PPM" => &["Pre-Proceedings Meeting (PLO)"],
        other => return other,
    };
    pick(options, h)
}

fn lcs_assessment(code: &'static str) -> &'static str {
    match code {
        "CFA" => "Child & Family Assessment",
        "MFP" => "EHM Family Plan Assessment",
        "YOS" => "YOS AssetPlus",
        other => other,
    }
}

fn lcs_outcome(code: &'static str) -> &'static str {
    match code {
        "NFA" => "No Further Action",
        "CIN" => "Continue under CiN Plan",
        "ICPC" => "Progress to ICPC",
        other => other,
    }
}

fn health_type(code: &'static str) -> &'static str {
    match code {
        "IHA" => "Initial Health Assessment",
        "RHA" => "Review Health Assessment",
        "DENTAL" => "Dental Check",
        other => other,
    }
}

// ---------------------------------------------------------------------------
// Mosaic-like (synthetic)
// ---------------------------------------------------------------------------

const MOSAIC_VISIT_HEADERS: &[&str] = &[
    "Person ID",
    "Visit Date",
    "Date Recorded",
    "Seen Alone",
    "Visit Type",
    "Location",
    "Worker Name",
    "Team Name",
];

const MOSAIC_SHEETS: &[SheetDef] = &[
    sheet(
        "Person Summary",
        &[
            "Person ID",
            "DOB",
            "Gender",
            "Disabled",
            "Complex Needs – Stable?",
        ],
    ),
    sheet(
        "Service Episodes",
        &[
            "Person ID",
            "Service",
            "Start Date",
            "End Date",
            "Team Name",
            "Worker Name",
        ],
    ),
    sheet(
        "CP Plans",
        &["Person ID", "Plan Start", "Plan End", "Team", "Key Worker"],
    ),
    sheet(
        "Periods of Care",
        &[
            "Person ID",
            "Period Start",
            "Period End",
            "Team",
            "Social Worker",
        ],
    ),
    sheet("CIN Visits", MOSAIC_VISIT_HEADERS),
    sheet(
        "CP Visits",
        &[
            "Person ID",
            "Date Child Seen",
            "Date Recorded",
            "Seen Alone",
            "Visit Type",
            "Location",
            "Worker Name",
            "Team Name",
        ],
    ),
    sheet(
        "CLA Visits",
        &[
            "Person ID",
            "Visit Date",
            "Date Recorded",
            "Seen Alone",
            "Visit Type",
            "Placement",
            "Worker Name",
            "Team Name",
        ],
    ),
    sheet("Other Visits", MOSAIC_VISIT_HEADERS),
    sheet(
        "Workflow Steps",
        &[
            "Person ID",
            "Step Type",
            "Step Start Date",
            "Step Completed Date",
            "Report Shared Date",
            "Minutes Shared Date",
            "Responsible Worker",
            "Responsible Team",
        ],
    ),
    sheet(
        "Section 47 Enquiries",
        &[
            "Person ID",
            "Strategy Discussion",
            "Outcome Date",
            "Outcome of Enquiry",
            "ICPC Date",
            "Worker",
            "Team",
        ],
    ),
    sheet(
        "Health",
        &["Person ID", "Assessment Type", "Assessment Date"],
    ),
    sheet("PEP Reviews", &["Person ID", "PEP Date"]),
    sheet(
        "Leaving Care Contacts",
        &["Person ID", "Contact Date", "Contact Type"],
    ),
    sheet(
        "Worker Allocations",
        &[
            "Person ID",
            "Allocation Start Date",
            "First Contact Date",
            "Service",
            "Worker Name",
            "Team Name",
        ],
    ),
    sheet(
        "Supervision Records",
        &["Staff Name", "Supervision Date", "Supervisor", "Person ID"],
    ),
    sheet("Staff", &["Staff Name", "Team", "Manager", "Role"]),
    sheet("Training Records", &["Staff Name", "Course", "Completed"]),
];

const MO_PERSON: usize = 0;
const MO_SERVICE: usize = 1;
const MO_CP_PLANS: usize = 2;
const MO_CARE: usize = 3;
const MO_CIN_VISITS: usize = 4;
const MO_CP_VISITS: usize = 5;
const MO_CLA_VISITS: usize = 6;
const MO_OTHER_VISITS: usize = 7;
const MO_STEPS: usize = 8;
const MO_S47: usize = 9;
const MO_HEALTH: usize = 10;
const MO_PEP: usize = 11;
const MO_CONTACTS: usize = 12;
const MO_ALLOCATIONS: usize = 13;
const MO_SUPERVISION: usize = 14;
const MO_STAFF: usize = 15;
const MO_TRAINING: usize = 16;

fn mosaic_service(code: &'static str) -> &'static str {
    match code {
        "EH" => "Early Help",
        "CIN" => "Child in Need",
        "CP" => "Child Protection",
        "CLA" => "Looked After Child",
        "CL" => "Care Leaver (18-21)",
        "YOS" => "Youth Justice Service",
        other => other,
    }
}

fn mosaic_step(code: &'static str) -> &'static str {
    match code {
        "CFA" => "Child and Family Assessment",
        "MFP" => "Early Help Assessment – My Family Plan",
        "YOS" => "AssetPlus Assessment",
        "ICPC" => "Initial Child Protection Conference",
        "RCPC" => "Review Child Protection Conference",
        "CORE_GROUP" => "Core Group",
        "CIN_REVIEW" => "CIN Review",
        "CLA_REVIEW" => "Looked After Review",
        "MFP_REVIEW" => "My Family Plan Review",
        "CARE_TEAM" => "Care Team Meeting",
        "PPM" => "PLO Pre-Proceedings Meeting",
        other => other,
    }
}

fn mosaic_outcome(code: &'static str) -> &'static str {
    match code {
        "NFA" => "No Further Action",
        "CIN" => "Continue Child in Need",
        "ICPC" => "Proceed to ICPC",
        other => other,
    }
}

// ---------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------

fn pick(options: &[&'static str], h: u64) -> &'static str {
    options[(h % options.len() as u64) as usize]
}

fn splitmix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// A stable hash of a row (its child, dates and worker), choosing among synonyms so
/// that the same records always get the same wording.
fn row_hash(cells: &[Cell]) -> u64 {
    cells.iter().fold(0x5EED, |z, c| {
        let v = match *c {
            Cell::Child(i) => u64::from(i) + 1,
            Cell::Worker(i) => u64::from(i) << 20,
            Cell::Date(d) | Cell::UkDate(d) | Cell::UkLongDate(d) => d.num_days_from_ce() as u64,
            _ => 0,
        };
        splitmix(z ^ v)
    })
}

fn text(c: Cell) -> &'static str {
    match c {
        Cell::Text(s) => s,
        _ => "",
    }
}

fn date(c: Cell) -> Option<NaiveDate> {
    match c {
        Cell::Date(d) | Cell::UkDate(d) | Cell::UkLongDate(d) => Some(d),
        _ => None,
    }
}

/// One cell of a shaped row.
#[derive(Clone, Debug)]
enum Out {
    /// As the native writer writes it (a real date cell in xlsx, ISO text in CSV).
    Cell(Cell),
    Str(&'static str),
    Owned(String),
}

const BLANK: Out = Out::Cell(Cell::Blank);

/// Mosaic-like dates: `dd.mm.yy` text, the two-digit year the profile's
/// `date_formats` hint reads (the contract never guesses two-digit years). The messy
/// UK text dates of the native sample stay as they are.
fn mosaic_date(c: Cell) -> Out {
    match c {
        Cell::Date(d) => Out::Owned(format!(
            "{:02}.{:02}.{:02}",
            d.day(),
            d.month(),
            d.year().rem_euclid(100)
        )),
        other => Out::Cell(other),
    }
}

/// Mosaic-like flags: Yes/No.
fn mosaic_flag(c: Cell) -> Out {
    match c {
        Cell::Text("Y") => Out::Str("Yes"),
        Cell::Text("N") => Out::Str("No"),
        other => Out::Cell(other),
    }
}

/// An episode seen so far, to tell which kind of visit sheet a visit goes on.
#[derive(Clone, Copy)]
struct Span {
    kind: &'static str,
    team: u8,
    start: NaiveDate,
    end: Option<NaiveDate>,
}

// ---------------------------------------------------------------------------
// The sink
// ---------------------------------------------------------------------------

/// Writes native rows in a case system's shape.
pub struct ShapedSink<'r> {
    shape: Shape,
    roster: &'r Roster,
    out: Writer,
    /// Episodes by child index (Mosaic: a visit goes on the sheet of the episode open
    /// on its date). The generator writes a block's episodes before its visits.
    episodes: Vec<Vec<Span>>,
}

impl<'r> ShapedSink<'r> {
    pub fn create(
        shape: Shape,
        out: &Path,
        roster: &'r Roster,
        as_at: NaiveDate,
        xlsx: bool,
    ) -> Result<Self> {
        if shape == Shape::Native {
            bail!("the native shape is written by the native writer");
        }
        let out = if xlsx {
            Writer::xlsx(shape, out, as_at)?
        } else {
            Writer::csv(shape, out)?
        };
        Ok(ShapedSink {
            shape,
            roster,
            out,
            episodes: Vec::new(),
        })
    }

    fn put(&mut self, sheet: usize, cells: &[Out]) -> Result<()> {
        debug_assert_eq!(cells.len(), self.shape.sheets()[sheet].headers.len());
        self.out.row(sheet, cells, self.roster)
    }

    fn liquidlogic(&mut self, t: Table, cells: &[Cell]) -> Result<()> {
        let c = |i: usize| Out::Cell(cells[i]);
        let h = row_hash(cells);
        match t {
            Table::Children => self.put(LCS_PERSON, &[c(0), c(1), c(2), c(3), c(4)]),
            Table::Episodes => self.put(
                LCS_INVOLVEMENTS,
                &[
                    c(0),
                    Out::Str(lcs_plan(text(cells[1]), h)),
                    c(2),
                    c(3),
                    c(4),
                    c(5),
                ],
            ),
            Table::Visits => {
                // Some visits have a case note beside them that is not a visit: a
                // phone call, or a visit where the child was not seen.
                let noise = match h % 16 {
                    0 => Some("Phone call"),
                    1 => Some("Home Visit - No Access"),
                    _ => None,
                };
                if let Some(note) = noise {
                    self.put(
                        LCS_NOTES,
                        &[
                            c(0),
                            Out::Str(note),
                            c(1),
                            c(1),
                            BLANK,
                            BLANK,
                            BLANK,
                            BLANK,
                            c(6),
                            c(7),
                        ],
                    )?;
                }
                let note = lcs_visit_note(text(cells[4]), text(cells[5]), h);
                self.put(
                    LCS_NOTES,
                    &[
                        c(0),
                        Out::Str(note),
                        c(1),
                        c(2),
                        c(3),
                        c(5),
                        BLANK,
                        BLANK,
                        c(6),
                        c(7),
                    ],
                )
            }
            Table::Meetings => self.put(
                LCS_NOTES,
                &[
                    c(0),
                    Out::Str(lcs_meeting_note(text(cells[1]), h)),
                    c(2),
                    BLANK,
                    BLANK,
                    BLANK,
                    c(3),
                    c(4),
                    c(5),
                    c(6),
                ],
            ),
            Table::Assessments => self.put(
                LCS_ASSESSMENTS,
                &[
                    c(0),
                    Out::Str(lcs_assessment(text(cells[1]))),
                    c(2),
                    c(3),
                    c(4),
                    c(5),
                ],
            ),
            Table::S47 => {
                let outcome = match cells[3] {
                    Cell::Text(s) => Out::Str(lcs_outcome(s)),
                    other => Out::Cell(other),
                };
                self.put(LCS_S47, &[c(0), c(1), c(2), outcome, c(4), c(5), c(6)])
            }
            Table::Health => self.put(
                LCS_HEALTH,
                &[c(0), Out::Str(health_type(text(cells[1]))), c(2)],
            ),
            Table::Education => self.put(LCS_PEPS, &[c(0), c(1)]),
            Table::Contacts => self.put(LCS_CONTACTS, &[c(0), c(1), c(2)]),
            Table::Allocations => self.put(
                LCS_ALLOCATIONS,
                &[
                    c(0),
                    c(1),
                    c(2),
                    Out::Str(lcs_plan(text(cells[3]), h)),
                    c(4),
                    c(5),
                ],
            ),
            Table::Supervisions => self.put(LCS_SUPERVISION, &[c(0), c(1), c(2), c(3)]),
            Table::Workers => self.put(LCS_WORKERS, &[c(0), c(1), c(2), c(3)]),
            Table::Training => self.put(LCS_TRAINING, &[c(0), c(1), c(2)]),
        }
    }

    /// The visit sheet of the episode (same team) open on the visit's date: the one
    /// that started last.
    fn visit_sheet(&self, cells: &[Cell]) -> usize {
        let (Cell::Child(i), Some(d), Cell::Team(team)) = (cells[0], date(cells[1]), cells[7])
        else {
            return MO_OTHER_VISITS;
        };
        let open = self
            .episodes
            .get(i as usize)
            .into_iter()
            .flatten()
            .filter(|s| s.team == team && s.start <= d && s.end.is_none_or(|e| d <= e))
            .max_by_key(|s| s.start);
        match open.map(|s| s.kind) {
            Some("CIN") => MO_CIN_VISITS,
            Some("CP") => MO_CP_VISITS,
            Some("CLA") => MO_CLA_VISITS,
            _ => MO_OTHER_VISITS,
        }
    }

    fn mosaic(&mut self, t: Table, cells: &[Cell]) -> Result<()> {
        let c = |i: usize| Out::Cell(cells[i]);
        let d = |i: usize| mosaic_date(cells[i]);
        match t {
            Table::Children => {
                self.put(MO_PERSON, &[c(0), d(1), c(2), c(3), mosaic_flag(cells[4])])
            }
            Table::Episodes => {
                let kind = text(cells[1]);
                if let (Cell::Child(i), Some(start), Cell::Team(team)) =
                    (cells[0], date(cells[2]), cells[4])
                {
                    let i = i as usize;
                    if self.episodes.len() <= i {
                        self.episodes.resize_with(i + 1, Vec::new);
                    }
                    self.episodes[i].push(Span {
                        kind,
                        team,
                        start,
                        end: date(cells[3]),
                    });
                }
                match kind {
                    "CP" => self.put(MO_CP_PLANS, &[c(0), d(2), d(3), c(4), c(5)]),
                    "CLA" => self.put(MO_CARE, &[c(0), d(2), d(3), c(4), c(5)]),
                    _ => self.put(
                        MO_SERVICE,
                        &[c(0), Out::Str(mosaic_service(kind)), d(2), d(3), c(4), c(5)],
                    ),
                }
            }
            Table::Visits => {
                let sheet = self.visit_sheet(cells);
                self.put(
                    sheet,
                    &[
                        c(0),
                        d(1),
                        d(2),
                        mosaic_flag(cells[3]),
                        c(4),
                        c(5),
                        c(6),
                        c(7),
                    ],
                )
            }
            Table::Assessments => self.put(
                MO_STEPS,
                &[
                    c(0),
                    Out::Str(mosaic_step(text(cells[1]))),
                    d(2),
                    d(3),
                    BLANK,
                    BLANK,
                    c(4),
                    c(5),
                ],
            ),
            Table::Meetings => self.put(
                MO_STEPS,
                &[
                    c(0),
                    Out::Str(mosaic_step(text(cells[1]))),
                    d(2),
                    BLANK,
                    d(3),
                    d(4),
                    c(5),
                    c(6),
                ],
            ),
            Table::S47 => {
                let outcome = match cells[3] {
                    Cell::Text(s) => Out::Str(mosaic_outcome(s)),
                    other => Out::Cell(other),
                };
                self.put(MO_S47, &[c(0), d(1), d(2), outcome, d(4), c(5), c(6)])
            }
            Table::Health => self.put(
                MO_HEALTH,
                &[c(0), Out::Str(health_type(text(cells[1]))), d(2)],
            ),
            Table::Education => self.put(MO_PEP, &[c(0), d(1)]),
            Table::Contacts => self.put(MO_CONTACTS, &[c(0), d(1), c(2)]),
            Table::Allocations => self.put(
                MO_ALLOCATIONS,
                &[
                    c(0),
                    d(1),
                    d(2),
                    Out::Str(mosaic_service(text(cells[3]))),
                    c(4),
                    c(5),
                ],
            ),
            Table::Supervisions => self.put(MO_SUPERVISION, &[c(0), d(1), c(2), c(3)]),
            Table::Workers => self.put(MO_STAFF, &[c(0), c(1), c(2), c(3)]),
            Table::Training => self.put(MO_TRAINING, &[c(0), c(1), d(2)]),
        }
    }
}

impl Sink for ShapedSink<'_> {
    fn row(&mut self, t: Table, cells: &[Cell]) -> Result<()> {
        let cells = &cells[..t.columns().len()];
        match self.shape {
            Shape::Liquidlogic => self.liquidlogic(t, cells),
            Shape::Mosaic => self.mosaic(t, cells),
            Shape::Native => bail!("the native shape is written by the native writer"),
        }
    }

    fn finish(self: Box<Self>) -> Result<()> {
        self.out.finish()
    }
}

// ---------------------------------------------------------------------------
// Writers: a folder of `<sheet>.csv` files or one workbook
// ---------------------------------------------------------------------------

enum Writer {
    Csv(Vec<csv::Writer<BufWriter<File>>>),
    Xlsx(Box<XlsxOut>),
}

/// One workbook, one constant-memory worksheet per sheet of the shape.
struct XlsxOut {
    path: PathBuf,
    workbook: Workbook,
    date: Format,
    next_row: Vec<u32>,
}

/// Excel's last row index.
const XLSX_MAX_ROW: u32 = 1_048_575;

impl Writer {
    fn csv(shape: Shape, dir: &Path) -> Result<Writer> {
        std::fs::create_dir_all(dir)
            .with_context(|| format!("creating folder {}", dir.display()))?;
        let mut writers = Vec::new();
        for s in shape.sheets() {
            let path = dir.join(format!("{}.csv", s.name));
            let file =
                File::create(&path).with_context(|| format!("creating {}", path.display()))?;
            let mut w = csv::Writer::from_writer(BufWriter::with_capacity(1 << 16, file));
            w.write_record(s.headers)?;
            writers.push(w);
        }
        Ok(Writer::Csv(writers))
    }

    fn xlsx(shape: Shape, path: &Path, as_at: NaiveDate) -> Result<Writer> {
        let mut workbook = Workbook::new();
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)
                .with_context(|| format!("creating folder {}", dir.display()))?;
            workbook.set_tempdir(dir)?;
        }
        let created =
            ExcelDateTime::from_ymd(as_at.year() as u16, as_at.month() as u8, as_at.day() as u8)?;
        workbook.set_properties(
            &DocProperties::new()
                .set_title(format!(
                    "caseaudit synthetic sample, shaped like a {} export",
                    shape.name()
                ))
                .set_comment(
                    "Synthetic data in an invented layout: every child, worker and event is \
                     invented, and the sheets are not the vendor's real report layout.",
                )
                .set_creation_datetime(&created),
        );
        let header = Format::new().set_bold();
        for s in shape.sheets() {
            let ws = workbook.add_worksheet_with_constant_memory()?;
            ws.set_name(s.name)?;
            for (c, h) in s.headers.iter().enumerate() {
                let width = (h.chars().count() as f64 + 2.0).max(12.0);
                ws.set_column_width(c as u16, width)?;
                ws.write_string_with_format(0, c as u16, *h, &header)?;
            }
            ws.set_freeze_panes(1, 0)?;
        }
        Ok(Writer::Xlsx(Box::new(XlsxOut {
            path: path.to_path_buf(),
            workbook,
            date: Format::new().set_num_format("dd/mm/yyyy"),
            next_row: vec![1; shape.sheets().len()],
        })))
    }

    fn row(&mut self, sheet: usize, cells: &[Out], roster: &Roster) -> Result<()> {
        let mut buf = [0u8; 24];
        match self {
            Writer::Csv(writers) => {
                let w = &mut writers[sheet];
                for cell in cells {
                    match cell {
                        Out::Cell(c) => w.write_field(render(*c, roster, &mut buf))?,
                        Out::Str(s) => w.write_field(s)?,
                        Out::Owned(s) => w.write_field(s)?,
                    }
                }
                w.write_record(None::<&[u8]>)?;
            }
            Writer::Xlsx(x) => {
                let XlsxOut {
                    workbook,
                    date,
                    next_row,
                    ..
                } = x.as_mut();
                let r = next_row[sheet];
                if r > XLSX_MAX_ROW {
                    bail!(
                        "a sheet has more rows than an Excel sheet holds (1,048,576); write CSV instead"
                    );
                }
                next_row[sheet] = r + 1;
                let ws = workbook.worksheet_from_index(sheet)?;
                for (c, cell) in cells.iter().enumerate() {
                    let c = c as u16;
                    match cell {
                        Out::Cell(Cell::Blank) => {}
                        Out::Cell(Cell::Date(d)) => {
                            let x = ExcelDateTime::from_ymd(
                                d.year() as u16,
                                d.month() as u8,
                                d.day() as u8,
                            )?;
                            ws.write_date_with_format(r, c, &x, date)?;
                        }
                        Out::Cell(other) => {
                            let text = render(*other, roster, &mut buf);
                            ws.write_string(r, c, std::str::from_utf8(text)?)?;
                        }
                        Out::Str(s) => {
                            ws.write_string(r, c, *s)?;
                        }
                        Out::Owned(s) => {
                            ws.write_string(r, c, s)?;
                        }
                    }
                }
            }
        }
        Ok(())
    }

    fn finish(self) -> Result<()> {
        match self {
            Writer::Csv(writers) => {
                for mut w in writers {
                    w.flush()?;
                }
            }
            Writer::Xlsx(mut x) => {
                x.workbook
                    .save(&x.path)
                    .with_context(|| format!("writing {}", x.path.display()))?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes_parse_by_name() {
        assert_eq!("Mosaic".parse::<Shape>(), Ok(Shape::Mosaic));
        assert_eq!("liquidlogic".parse::<Shape>(), Ok(Shape::Liquidlogic));
        assert_eq!("native".parse::<Shape>(), Ok(Shape::Native));
        assert!("eclipse".parse::<Shape>().is_err());
    }

    #[test]
    fn mosaic_dates_have_two_digit_years() {
        let d = NaiveDate::from_ymd_opt(2026, 3, 9).unwrap();
        match mosaic_date(Cell::Date(d)) {
            Out::Owned(s) => assert_eq!(s, "09.03.26"),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn every_native_code_has_a_wording() {
        for code in ["EH", "CIN", "CP", "CLA", "CL", "YOS"] {
            assert_ne!(lcs_plan(code, 7), code);
            assert_ne!(mosaic_service(code), code);
        }
        for code in [
            "ICPC",
            "RCPC",
            "CORE_GROUP",
            "CIN_REVIEW",
            "CLA_REVIEW",
            "MFP_REVIEW",
            "CARE_TEAM",
            "PPM",
            "CFA",
            "MFP",
            "YOS",
        ] {
            assert_ne!(mosaic_step(code), code);
        }
    }
}
