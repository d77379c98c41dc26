//! Generation of the synthetic case records: the workforce (teams, workers,
//! supervision, training, and the development courses that help some workers keep
//! timescales better from the day after them) and, child by child, a journey through
//! Early Help,
//! Child in Need, Section 47 / Child Protection, Children in Care, Care
//! Leavers and Youth Offending with the events each journey's practice
//! standards look for, placed with a realistic compliance mix.
//!
//! Every child draws from its own random stream (seed × child index), so a
//! child's records do not depend on how many children come before it, on the
//! block size, or on whether messy cells are switched on (they have a stream of
//! their own).

use crate::cell::{CHILD_TABLES, Cell, Row};
use caseaudit::calendar::{Calendar, age_on};
use caseaudit::schema::{ColumnKind, TableId as Table};
use chrono::{Datelike, Duration, Months, NaiveDate};
use rand::rngs::Xoshiro256PlusPlus;
use rand::{Rng as _, SeedableRng};

// ---------------------------------------------------------------------------
// Dates: the audit's own calendar (England & Wales bank holidays)
// ---------------------------------------------------------------------------

fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid calendar date")
}

/// Events are placed on working days.
pub(crate) trait OnWorkingDay {
    /// `d` itself when it is a working day, else the next working day.
    fn on_or_after(&self, d: NaiveDate) -> NaiveDate;
    /// `d` itself when it is a working day, else the previous working day.
    fn on_or_before(&self, d: NaiveDate) -> NaiveDate;
}

impl OnWorkingDay for Calendar {
    fn on_or_after(&self, d: NaiveDate) -> NaiveDate {
        if self.is_working_day(d) {
            d
        } else {
            self.add_working_days(d, 1)
        }
    }

    fn on_or_before(&self, d: NaiveDate) -> NaiveDate {
        if self.is_working_day(d) {
            d
        } else {
            self.sub_working_days(d, 1)
        }
    }
}

// ---------------------------------------------------------------------------
// Randomness
// ---------------------------------------------------------------------------

/// Streams derived from the seed: one per purpose, so switching a feature on
/// or off never shifts another feature's draws.
pub const STREAM_ROSTER: u64 = 1;
pub const STREAM_CHILD: u64 = 2;
pub const STREAM_MESSY: u64 = 3;
pub const STREAM_WORKFORCE: u64 = 4;
pub const STREAM_DEVELOPMENT: u64 = 5;
/// Placements and missing episodes (`care.rs`): drawn after a child's journey, from
/// streams of their own, so that the other tables' rows stay as they were.
pub const STREAM_PLACEMENTS: u64 = 6;
pub const STREAM_MISSING: u64 = 7;

pub fn splitmix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// A reproducible random stream: xoshiro256++ (a named, fixed algorithm from
/// `rand`), with all range and probability helpers written here on top of
/// `next_u64`, so the output does not depend on `rand`'s distribution code.
pub struct Rand(Xoshiro256PlusPlus);

impl Rand {
    pub fn new(seed: u64, stream: u64, idx: u64) -> Self {
        let s = splitmix(splitmix(seed ^ stream.wrapping_mul(0xD1B5_4A32_D192_ED03)) ^ idx);
        Rand(Xoshiro256PlusPlus::seed_from_u64(s))
    }

    fn next(&mut self) -> u64 {
        self.0.next_u64()
    }

    /// Uniform in `0..n` (`n > 0`).
    pub fn below(&mut self, n: u32) -> u32 {
        (((self.next() >> 32) * n as u64) >> 32) as u32
    }

    /// Uniform in `lo..=hi`.
    pub fn range(&mut self, lo: u32, hi: u32) -> u32 {
        if hi <= lo {
            lo
        } else {
            lo + self.below(hi - lo + 1)
        }
    }

    /// True with probability `per_mille / 1000`.
    pub fn permille(&mut self, per_mille: u32) -> bool {
        self.below(1000) < per_mille
    }

    /// True with probability `pct / 100`.
    pub fn pct(&mut self, pct: u32) -> bool {
        self.below(100) < pct
    }

    pub fn pick<T: Copy>(&mut self, xs: &[T]) -> T {
        xs[self.below(xs.len() as u32) as usize]
    }

    pub fn weighted<T: Copy>(&mut self, xs: &[(T, u32)]) -> T {
        let total: u32 = xs.iter().map(|x| x.1).sum();
        let mut r = self.below(total);
        for &(x, w) in xs {
            if r < w {
                return x;
            }
            r -= w;
        }
        xs[xs.len() - 1].0
    }
}

// ---------------------------------------------------------------------------
// Workforce
// ---------------------------------------------------------------------------

pub const TEAM_NAMES: [&str; 7] = [
    "Assessment Team 1",
    "Safeguarding Team 2",
    "Children in Care Team",
    "Early Help North",
    "Leaving Care Team",
    "Youth Offending",
    "Service Management",
];
const T_ASSESS: u8 = 0;
const T_SAFE: u8 = 1;
const T_CIC: u8 = 2;
const T_EH: u8 = 3;
const T_LC: u8 = 4;
const T_YOS: u8 = 5;
const T_MGMT: u8 = 6;
/// Teams that hold cases.
const CASE_TEAMS: usize = 6;

const FIRST: [&str; 48] = [
    "Alex", "Sam", "Jordan", "Priya", "Hannah", "Tom", "Aisha", "Chris", "Jo", "Ruth", "Imran",
    "Megan", "Dan", "Leanne", "Kieran", "Amira", "Beth", "Gareth", "Nadia", "Paul", "Sian",
    "Tariq", "Claire", "Owen", "Zara", "Lewis", "Fiona", "Ravi", "Kelly", "Mark", "Nicola", "Adam",
    "Yasmin", "Craig", "Emma", "Joel", "Lucy", "Ben", "Sadia", "Ryan", "Gemma", "Neil", "Holly",
    "Ali", "Rachel", "Stuart", "Carys", "Dev",
];
const LAST: [&str; 48] = [
    "Ashdown",
    "Brierley",
    "Calloway",
    "Dunmore",
    "Elsworth",
    "Fenwick",
    "Garside",
    "Hollins",
    "Ingleby",
    "Jessop",
    "Kettle",
    "Lowther",
    "Marwood",
    "Norcliffe",
    "Ormond",
    "Pennock",
    "Quayle",
    "Rudd",
    "Stainsby",
    "Thorne",
    "Upton",
    "Varley",
    "Wardle",
    "Yeadon",
    "Abbott",
    "Bramley",
    "Coulson",
    "Dodds",
    "Eastwood",
    "Farrow",
    "Gill",
    "Hebden",
    "Iveson",
    "Kaur",
    "Lister",
    "Metcalfe",
    "Nunn",
    "Oakley",
    "Pryce",
    "Rahman",
    "Skelton",
    "Tindall",
    "Usher",
    "Walton",
    "Whitby",
    "Yates",
    "Aziz",
    "Boyle",
];

/// Course names of the Middlesbrough learning and development offer.
const COURSES: [&str; 15] = [
    "Analytical Assessments",
    "SMART Planning",
    "Communicating With Children",
    "Section 47 Enquiry",
    "Domestic Abuse",
    "Neglect",
    "Graded Care Profile",
    "Chronologies",
    "Life Story Work",
    "Permanency",
    "Court Skills & Pre-Proceedings",
    "Child Sexual Exploitation",
    "County Lines",
    "Substance Misuse",
    "Child Safeguarding Practice Reviews",
];
const MANAGER_COURSES: [&str; 3] = [
    "Chairing Safeguarding Meetings",
    "Supervision Skills",
    "Decision Making Awareness",
];

/// How reliably a worker meets timescales; drives the compliance mix and
/// (inversely) how much training they have completed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Diligence {
    Good,
    Average,
    Struggling,
    /// After a development course that worked.
    Trained,
}

impl Diligence {
    /// (on time ‰, late ‰); the rest is missing. Weighted 60/30/10 this gives
    /// about 81% on time, 11% late and 8% missing per draw (recurring series
    /// soften this, see `series`).
    fn odds(self) -> (u32, u32) {
        match self {
            Diligence::Good => (850, 95),
            Diligence::Average => (790, 135),
            Diligence::Struggling => (650, 215),
            Diligence::Trained => (975, 20),
        }
    }
}

pub struct Worker {
    pub name: String,
    pub team: u8,
    pub manager: Option<u32>,
    pub role: &'static str,
    pub diligence: Diligence,
    pub joined: NaiveDate,
    /// A development course this worker completed, if any.
    pub development: Option<Development>,
}

/// A course a worker (or a manager) completed to address how they kept timescales:
/// from the day after it, those it helped keep them like `Diligence::Trained`.
#[derive(Clone, Copy, Debug)]
pub struct Development {
    pub course: &'static str,
    pub date: NaiveDate,
    pub helped: bool,
}

impl Worker {
    /// How reliably the worker keeps a timescale running from `at`.
    pub fn diligence_at(&self, at: NaiveDate) -> Diligence {
        match self.development {
            Some(d) if d.helped && at > d.date => Diligence::Trained,
            _ => self.diligence,
        }
    }
}

/// Teams, their managers and practitioners.
pub struct Roster {
    pub workers: Vec<Worker>,
    /// Practitioners (case holders) of each case-holding team.
    pub members: Vec<Vec<u32>>,
}

/// Practitioners per team: about five for a few hundred children, growing
/// with the caseload so that bigger samples keep believable caseloads.
pub fn practitioners_per_team(children: usize) -> usize {
    children.div_ceil(60).max(5)
}

fn worker_name(i: usize, offset: usize) -> String {
    let n = FIRST.len() * LAST.len();
    // 1013 is coprime to 48 × 48, so names are unique for the first 2304.
    let j = (i % n * 1013 + offset) % n;
    let (f, l) = (j % FIRST.len(), (j / FIRST.len() + j) % LAST.len());
    match i / n {
        0 => format!("{} {}", FIRST[f], LAST[l]),
        k if k <= 26 => format!(
            "{} {}. {}",
            FIRST[f],
            (b'A' + (k - 1) as u8) as char,
            LAST[l]
        ),
        k => format!("{} {} {}", FIRST[f], LAST[l], k),
    }
}

pub fn build_roster(seed: u64, children: usize, span_start: NaiveDate) -> Roster {
    let mut rng = Rand::new(seed, STREAM_ROSTER, 0);
    let offset = rng.below(2304) as usize;
    let per_team = practitioners_per_team(children);
    let mut workers = Vec::new();
    let name = |workers: &Vec<Worker>| worker_name(workers.len(), offset);
    let head = Worker {
        name: name(&workers),
        team: T_MGMT,
        manager: None,
        role: "Head of Service",
        diligence: Diligence::Good,
        joined: span_start - Duration::days(2000),
        development: None,
    };
    workers.push(head);
    let mut members = Vec::new();
    for team in 0..CASE_TEAMS as u8 {
        let manager = workers.len() as u32;
        workers.push(Worker {
            name: name(&workers),
            team,
            manager: Some(0),
            role: "Team Manager",
            diligence: Diligence::Good,
            joined: span_start - Duration::days(rng.range(200, 3000) as i64),
            development: None,
        });
        let roles: &[(&str, u32)] = match team {
            T_EH => &[
                ("Early Help Practitioner", 70),
                ("Senior Early Help Practitioner", 30),
            ],
            T_LC => &[("Personal Adviser", 80), ("Senior Personal Adviser", 20)],
            T_YOS => &[("YOS Case Manager", 60), ("YOS Officer", 40)],
            _ => &[
                ("Social Worker", 50),
                ("Senior Practitioner", 25),
                ("ASYE Social Worker", 25),
            ],
        };
        let mut team_members = Vec::with_capacity(per_team);
        for k in 0..per_team {
            let diligence = rng.weighted(&[
                (Diligence::Good, 60),
                (Diligence::Average, 30),
                (Diligence::Struggling, 10),
            ]);
            // The first three of each team were there before the sample
            // starts; some of the rest joined part-way through.
            let joined = if k >= 3 && rng.pct(20) {
                span_start + Duration::days(rng.range(30, 400) as i64)
            } else {
                span_start - Duration::days(rng.range(30, 2500) as i64)
            };
            team_members.push(workers.len() as u32);
            workers.push(Worker {
                name: name(&workers),
                team,
                manager: Some(manager),
                role: rng.weighted(roles),
                diligence,
                joined,
                development: None,
            });
        }
        members.push(team_members);
    }
    Roster { workers, members }
}

/// The ASYE programme's modules, in order (the catalogue's titles).
const ASYE_MODULES: [&str; 11] = [
    "ASYE Module 1 – Self Care; Time Management; Reflective Supervision",
    "ASYE Module 2 – KSS 1 - The Relationships and Effective Direct Work",
    "ASYE Module 3 – KSS 2 - Communication",
    "ASYE Module 4 – KSS 3 – Child Development",
    "ASYE Module 5 – KSS 4 – Adult Mental Ill Health, Substance Misuse, Domestic Abuse, Physical Ill Health and Disability",
    "ASYE Module 6 – KSS 5 – Abuse & Neglect of Children",
    "ASYE Module 7 – KSS 6 – Child & Family Assessment",
    "ASYE Module 8 – KSS 7 – Analysis, Decision-Making, Planning and Review",
    "ASYE Module 9 – KSS 8 – The Law and the Family and Youth Justice Systems",
    "ASYE Module 10 – KSS 9 – The Role of Supervision",
    "ASYE Module 11 – KSS 10 – Organisational Context",
];

/// Course names of training records that are no course of the offer (an L&D system
/// holds more than the offer): the audit reports them as unmatched.
const OTHER_COURSES: [&str; 2] = [
    "Lone Working Awareness",
    "Safeguarding Refresher (in-house)",
];

/// Development courses: practitioners who are not keeping timescales well, and team
/// managers whose supervision is not kept, complete a course that addresses it during
/// the two years; for most it works (from the day after it they keep timescales well),
/// for the others nothing changes. Team managers' own reliability (which decides how
/// timely the supervision they give is) is drawn here too. A stream of its own, so the
/// rest of the roster does not move.
pub fn plan_development(
    roster: &mut Roster,
    cal: &Calendar,
    seed: u64,
    span_start: NaiveDate,
    as_at: NaiveDate,
) {
    let earliest = span_start + Months::new(6);
    let latest = as_at - Months::new(5);
    for (i, w) in roster.workers.iter_mut().enumerate() {
        let mut rng = Rand::new(seed, STREAM_DEVELOPMENT, i as u64);
        let manager = w.role == "Team Manager";
        if manager {
            w.diligence = rng.weighted(&[
                (Diligence::Good, 40),
                (Diligence::Average, 35),
                (Diligence::Struggling, 25),
            ]);
        }
        if w.manager.is_none() || w.diligence == Diligence::Good || !rng.pct(85) {
            continue;
        }
        let course = match (w.team, w.role) {
            (_, "Team Manager") => "Supervision Skills",
            (_, "ASYE Social Worker") => ASYE_MODULES[0],
            (T_EH, _) => "My Family Plan Training",
            (T_YOS, _) => "Analytical Assessments",
            _ => "Communicating With Children",
        };
        let from = earliest.max(w.joined + Months::new(3));
        if from >= latest {
            continue;
        }
        let days = (latest - from).num_days() as u32;
        let date = cal.on_or_before(from + Duration::days(rng.below(days) as i64));
        // Those sent on a development course were struggling before it.
        w.diligence = Diligence::Struggling;
        w.development = Some(Development {
            course,
            date,
            helped: rng.pct(60),
        });
    }
}

// ---------------------------------------------------------------------------
// The world a child lives in
// ---------------------------------------------------------------------------

/// Shared, read-only context of a generation run.
pub struct World<'a> {
    pub cal: &'a Calendar,
    pub roster: &'a Roster,
    pub as_at: NaiveDate,
    /// Start of the ~2 years the records span.
    pub span_start: NaiveDate,
    pub seed: u64,
}

/// A worker holding a child's episode from `start` to `end` (as-at if open).
#[derive(Clone, Copy, Debug)]
pub struct Assign {
    pub child: u32,
    pub start: NaiveDate,
    pub end: NaiveDate,
    /// A child protection case (supervision every 4 weeks).
    pub cp: bool,
    /// A youth offending case (supervision monthly).
    pub yos: bool,
    /// For an Early Help case: the day it was allocated to the worker (supervised that
    /// day, as the standards ask, by most workers).
    pub eh_allocated: Option<NaiveDate>,
}

/// Rows of the child-keyed tables, plus each worker's case assignments (used
/// later to put a child on some supervision records and to decide who holds
/// child protection cases).
pub struct Sinks {
    pub rows: [Vec<Row>; CHILD_TABLES],
    pub assigns: Vec<Vec<Assign>>,
}

impl Sinks {
    pub fn new(workers: usize) -> Self {
        Sinks {
            rows: Default::default(),
            assigns: vec![Vec::new(); workers],
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Out {
    OnTime,
    Late,
    Missing,
}

/// A timescale between an anchor and the next due date.
#[derive(Clone, Copy, Debug)]
enum Iv {
    Wd(u32),
    Days(u32),
    Months(u32),
    /// Next school term's PEP: about four months on, never in August.
    Term,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum EpKind {
    Eh,
    Cin,
    Cp,
    Cla,
    Cl,
    Yos,
}

impl EpKind {
    fn code(self) -> &'static str {
        match self {
            EpKind::Eh => "EH",
            EpKind::Cin => "CIN",
            EpKind::Cp => "CP",
            EpKind::Cla => "CLA",
            EpKind::Cl => "CL",
            EpKind::Yos => "YOS",
        }
    }
}

/// An episode as written: its type and dates, and for a CLA episode the kind of
/// placement its visits name (the placements written for it start from that kind).
#[derive(Clone, Copy, Debug)]
pub struct EpisodeSpan {
    pub kind: EpKind,
    pub start: NaiveDate,
    /// `None` while open at the as-at date.
    pub end: Option<NaiveDate>,
    pub setting: &'static str,
}

/// An episode being generated: who holds it when.
struct Ep {
    kind: EpKind,
    team: u8,
    start: NaiveDate,
    worker: u32,
    /// A reallocation part-way through: from this date, this worker.
    change: Option<(NaiveDate, u32)>,
}

impl Ep {
    fn worker_at(&self, d: NaiveDate) -> u32 {
        match self.change {
            Some((from, w)) if d >= from => w,
            _ => self.worker,
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Pathway {
    EhOnly,
    EhToCin,
    Cin,
    CinToCp,
    Cla,
    CareLeaver,
    Yos,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum S47Plan {
    None,
    /// An enquiry whose outcome is NFA or continued CIN support.
    Enquiry,
    /// An enquiry that goes to an initial child protection conference.
    ToIcpc,
}

/// What happens when a child protection plan ends.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum AfterCp {
    StepDown,
    Close,
    Care,
}

pub fn key(d: NaiveDate, child: u32) -> u64 {
    ((d.num_days_from_ce() as u64) << 32) | child as u64
}

/// Generates one child's records into `sinks`. Returns nothing: the rows and
/// assignments are the output.
pub fn child(w: &World, idx: u32, sinks: &mut Sinks) {
    let mut rng = Rand::new(w.seed, STREAM_CHILD, idx as u64);
    let pathway = rng.weighted(&[
        (Pathway::EhOnly, 22),
        (Pathway::EhToCin, 5),
        (Pathway::Cin, 27),
        (Pathway::CinToCp, 16),
        (Pathway::Cla, 14),
        (Pathway::CareLeaver, 10),
        (Pathway::Yos, 6),
    ]);
    // Entry into services: anywhere in the span, leaving a few weeks at the end.
    let span_days = (w.as_at - w.span_start).num_days().max(60) as u32;
    let t0 = w
        .cal
        .on_or_after(w.span_start + Duration::days(rng.below(span_days - 21) as i64));
    // Age when the journey starts (care leavers: age at the as-at date).
    let age = match pathway {
        Pathway::CareLeaver => rng.range(18, 21),
        Pathway::Yos => rng.range(10, 17),
        Pathway::CinToCp => rng.weighted(&[(0, 18), (1, 12), (3, 15), (6, 25), (10, 22), (14, 8)]),
        Pathway::Cla => rng.weighted(&[(0, 15), (2, 12), (5, 20), (9, 23), (13, 22), (16, 8)]),
        _ => rng.weighted(&[(0, 14), (2, 14), (5, 24), (9, 26), (13, 17), (16, 5)]),
    };
    let age = match pathway {
        Pathway::CareLeaver | Pathway::Yos => age,
        // The weighted buckets above are band starts: spread within the band.
        _ => {
            let width = match age {
                0 => 2,
                1 => 2,
                2 | 3 => 3,
                5 | 6 => 4,
                9 | 10 => 4,
                13 | 14 => 3,
                _ => 2,
            };
            age + rng.below(width)
        }
    };
    let reference = if pathway == Pathway::CareLeaver {
        w.as_at
    } else {
        t0
    };
    // Born `age` whole years before the reference date.
    let latest = reference - Months::new(age * 12);
    let earliest = reference - Months::new((age + 1) * 12) + Duration::days(1);
    let window = (latest - earliest).num_days() as u32;
    let mut dob = earliest + Duration::days(rng.range(0, window) as i64);
    // About one child in a hundred born on (or next to) a leap day, for the
    // age arithmetic: the February inside the same one-year window.
    if rng.permille(10) {
        let y = if (earliest.month(), earliest.day()) <= (2, 28) {
            earliest.year()
        } else {
            earliest.year() + 1
        };
        let candidate = NaiveDate::from_ymd_opt(y, 2, 29).unwrap_or_else(|| {
            if rng.pct(50) {
                ymd(y, 2, 28)
            } else {
                ymd(y, 3, 1)
            }
        });
        if (earliest..=latest).contains(&candidate) {
            dob = candidate;
        }
    }
    let disability = rng.pct(9);
    let complex = rng.permille(if disability { 300 } else { 8 });
    let gender = rng.weighted(&[("Male", 51), ("Female", 48), ("Not stated", 1)]);

    let mut kid = Kid {
        w,
        cal: w.cal,
        rng,
        idx,
        dob,
        complex,
        sinks,
        spans: Vec::new(),
    };
    kid.push(
        Table::Children,
        t0,
        &[
            Cell::Child(idx),
            Cell::Date(dob),
            Cell::Text(gender),
            Cell::Text(if disability { "Y" } else { "N" }),
            Cell::Text(if complex { "Y" } else { "N" }),
        ],
    );
    kid.journey(pathway, t0);
    let spans = std::mem::take(&mut kid.spans);
    crate::care::placements(
        w,
        idx,
        dob,
        &spans,
        &mut sinks.rows[Table::Placements as usize],
    );
    crate::care::missing(
        w,
        idx,
        dob,
        &spans,
        &mut sinks.rows[Table::Missing as usize],
    );
}

/// One child's generation state.
struct Kid<'w, 's> {
    w: &'w World<'w>,
    cal: &'w Calendar,
    rng: Rand,
    idx: u32,
    dob: NaiveDate,
    complex: bool,
    sinks: &'s mut Sinks,
    /// The episodes written so far (no random draws: placements and missing episodes
    /// are drawn from them afterwards, from streams of their own).
    spans: Vec<EpisodeSpan>,
}

impl Kid<'_, '_> {
    fn push(&mut self, t: Table, date: NaiveDate, cells: &[Cell]) {
        let mut row = Row {
            key: key(date, self.idx),
            cells: [Cell::Blank; 8],
        };
        row.cells[..cells.len()].copy_from_slice(cells);
        self.sinks.rows[t as usize].push(row);
    }

    fn birthday(&self, years: u32) -> NaiveDate {
        self.dob + Months::new(12 * years)
    }

    fn age_on(&self, d: NaiveDate) -> i32 {
        age_on(self.dob, d)
    }

    /// A date, blank when it is after the as-at date (not happened yet).
    fn upto(&self, d: Option<NaiveDate>) -> Cell {
        match d {
            Some(d) if d <= self.w.as_at => Cell::Date(d),
            _ => Cell::Blank,
        }
    }

    /// How a worker keeps a timescale that runs from `at`: by their diligence then (it
    /// changes for those a development course helped).
    fn outcome(&mut self, worker: u32, at: NaiveDate) -> Out {
        let (on_time, late) = self.w.roster.workers[worker as usize]
            .diligence_at(at)
            .odds();
        let r = self.rng.below(1000);
        if r < on_time {
            Out::OnTime
        } else if r < on_time + late {
            Out::Late
        } else {
            Out::Missing
        }
    }

    // ----- timescales -------------------------------------------------------

    fn due(&self, anchor: NaiveDate, iv: Iv) -> NaiveDate {
        match iv {
            Iv::Wd(n) => self.cal.add_working_days(anchor, n),
            Iv::Days(n) => anchor + Duration::days(n as i64),
            Iv::Months(n) => anchor + Months::new(n),
            Iv::Term => {
                let d = anchor + Months::new(4);
                if d.month() == 8 {
                    NaiveDate::from_ymd_opt(d.year(), 9, 20).unwrap_or(d)
                } else {
                    d
                }
            }
        }
    }

    /// A date in time for the timescale `iv` from `anchor`: about a third
    /// exactly on the due date, the rest a little before it.
    fn on_time(&mut self, anchor: NaiveDate, iv: Iv) -> NaiveDate {
        let due = self.due(anchor, iv);
        match iv {
            Iv::Wd(n) => {
                if n == 0 || self.rng.pct(30) {
                    due
                } else {
                    let k = n - self.rng.below((n * 2 / 5).max(1));
                    self.cal.add_working_days(anchor, k.max(1))
                }
            }
            _ => {
                if self.rng.pct(30) && (self.cal.is_working_day(due) || self.rng.pct(15)) {
                    return due;
                }
                let days = (due - anchor).num_days().max(1) as u32;
                let spread = (days / 4).clamp(1, 30);
                let mut d = due - Duration::days(self.rng.below(spread) as i64);
                // Mostly on working days; a few weekend visits and contacts.
                if !self.cal.is_working_day(d) && !self.rng.pct(4) {
                    d = self.cal.on_or_before(d);
                }
                if d <= anchor { due } else { d }
            }
        }
    }

    /// A few working days after the due date (often the Monday after a
    /// weekend or bank holiday).
    fn late(&mut self, due: NaiveDate) -> NaiveDate {
        let k = self
            .rng
            .weighted(&[(1, 35), (2, 25), (3, 15), (4, 10), (5, 8), (8, 4), (12, 3)]);
        self.cal.add_working_days(due, k)
    }

    /// An event for a one-off deadline from `start`: `None` when missing.
    fn deadline(&mut self, start: NaiveDate, iv: Iv, worker: u32) -> Option<NaiveDate> {
        match self.outcome(worker, start) {
            Out::OnTime => Some(self.on_time(start, iv)),
            Out::Late => {
                let due = self.due(start, iv);
                Some(self.late(due))
            }
            Out::Missing => None,
        }
    }

    /// A recurring series from `start`, stopping at `stop`: each event placed
    /// against the due date from the previous one (`iv(anchor, ordinal)`).
    /// A "missing" draw skips one event, so the next comes about an interval
    /// late; a few series drift (stop being recorded) before `stop`.
    fn series(
        &mut self,
        start: NaiveDate,
        stop: NaiveDate,
        ep: &Ep,
        iv: &dyn Fn(NaiveDate, u32) -> Iv,
    ) -> Vec<NaiveDate> {
        let mut stop = stop.min(self.w.as_at);
        if stop > start && self.rng.pct(9) {
            // Case drift: nothing recorded for the last stretch.
            let days = (stop - start).num_days() as u32;
            stop = start + Duration::days(self.rng.range(days / 3, days) as i64);
        }
        let mut out = Vec::new();
        let mut anchor = start;
        let mut ord = 0;
        while anchor < stop {
            let interval = iv(anchor, ord);
            // Some late and missing draws still come in time: in a series
            // they compound (a skipped event makes the next one late), so
            // they are toned down to keep the overall mix believable.
            let d = match self.outcome(ep.worker_at(anchor), anchor) {
                Out::Late if self.rng.pct(70) => {
                    let due = self.due(anchor, interval);
                    self.late(due)
                }
                Out::Missing if self.rng.pct(80) => {
                    let due = self.due(anchor, interval);
                    let next = iv(due, ord);
                    self.on_time(due, next)
                }
                _ => self.on_time(anchor, interval),
            };
            if d > stop {
                break;
            }
            out.push(d);
            anchor = d;
            ord += 1;
        }
        out
    }

    // ----- episodes --------------------------------------------------------

    fn pick_worker(&mut self, team: u8, at: NaiveDate) -> u32 {
        let members = &self.w.roster.members[team as usize];
        let first = self.rng.below(members.len() as u32) as usize;
        for k in 0..members.len() {
            let w = members[(first + k) % members.len()];
            if self.w.roster.workers[w as usize].joined <= at {
                return w;
            }
        }
        members[first]
    }

    /// Planned end `min..=max` days after `start`, or open (`None`) when that
    /// falls after the as-at date. Children's episodes end by their 18th
    /// birthday.
    fn planned_end(
        &mut self,
        kind: EpKind,
        start: NaiveDate,
        min: u32,
        max: u32,
    ) -> Option<NaiveDate> {
        let mut end = self
            .cal
            .on_or_before(start + Duration::days(self.rng.range(min, max) as i64));
        if kind != EpKind::Cl {
            let eighteen = self.birthday(18);
            if eighteen > start && eighteen < end {
                end = eighteen;
            }
        }
        (end < self.w.as_at).then_some(end)
    }

    /// Opens an episode: picks (and maybe later changes) its worker, writes the
    /// episode and its allocation rows, and records the worker assignments.
    fn episode(
        &mut self,
        kind: EpKind,
        team: u8,
        start: NaiveDate,
        end: Option<NaiveDate>,
        worker: Option<u32>,
    ) -> Ep {
        let worker = worker.unwrap_or_else(|| self.pick_worker(team, start));
        let stop = end.unwrap_or(self.w.as_at);
        let days = (stop - start).num_days();
        let change = if days > 150 && self.rng.pct(33) {
            let at = self
                .cal
                .on_or_after(start + Duration::days(self.rng.range(60, days as u32 - 45) as i64));
            let mut other = self.pick_worker(team, at);
            if other == worker {
                let m = &self.w.roster.members[team as usize];
                other = m[(m.iter().position(|&x| x == worker).unwrap_or(0) + 1) % m.len()];
            }
            Some((at, other))
        } else {
            None
        };
        let ep = Ep {
            kind,
            team,
            start,
            worker,
            change,
        };
        let current = change.map_or(worker, |c| c.1);
        self.spans.push(EpisodeSpan {
            kind,
            start,
            end,
            setting: "",
        });
        self.push(
            Table::Episodes,
            start,
            &[
                Cell::Child(self.idx),
                Cell::Text(kind.code()),
                Cell::Date(start),
                end.map_or(Cell::Blank, Cell::Date),
                Cell::Team(team),
                Cell::Worker(current),
            ],
        );
        let allocated = self.allocation(&ep, start, worker);
        let reallocated = change.and_then(|(at, other)| self.allocation(&ep, at, other));
        match change {
            Some((at, other)) => {
                self.assign(worker, kind, (start, at), allocated);
                self.assign(other, kind, (at, stop), reallocated);
            }
            None => self.assign(worker, kind, (start, stop), allocated),
        }
        ep
    }

    fn assign(
        &mut self,
        worker: u32,
        kind: EpKind,
        (start, end): (NaiveDate, NaiveDate),
        allocated: Option<NaiveDate>,
    ) {
        self.sinks.assigns[worker as usize].push(Assign {
            child: self.idx,
            start,
            end,
            cp: kind == EpKind::Cp,
            yos: kind == EpKind::Yos,
            eh_allocated: allocated.filter(|_| kind == EpKind::Eh),
        });
    }

    /// Allocation row with the first contact (3 WD Early Help, 5 WD otherwise); the
    /// allocation date, when on or before the as-at date.
    fn allocation(&mut self, ep: &Ep, from: NaiveDate, worker: u32) -> Option<NaiveDate> {
        let allocated = if self.rng.pct(80) {
            self.cal.on_or_after(from)
        } else {
            self.cal.add_working_days(from, 1)
        };
        let limit = if ep.kind == EpKind::Eh { 3 } else { 5 };
        let first = match self.outcome(worker, allocated) {
            Out::OnTime => {
                if self.rng.pct(25) {
                    Some(self.cal.add_working_days(allocated, limit))
                } else {
                    let k = self
                        .rng
                        .weighted(&[(0, 15), (1, 40), (2, 30), (3, 15)])
                        .min(limit);
                    Some(self.cal.add_working_days(allocated, k))
                }
            }
            Out::Late => Some(
                self.cal
                    .add_working_days(allocated, limit + self.rng.range(1, 6)),
            ),
            Out::Missing => None,
        };
        if allocated > self.w.as_at {
            return None;
        }
        let first = self.upto(first);
        self.push(
            Table::Allocations,
            allocated,
            &[
                Cell::Child(self.idx),
                Cell::Date(allocated),
                first,
                Cell::Text(ep.kind.code()),
                Cell::Worker(worker),
                Cell::Team(ep.team),
            ],
        );
        Some(allocated)
    }

    // ----- events ----------------------------------------------------------

    /// Worker recorded on an event: the episode's, occasionally a colleague
    /// covering.
    fn event_worker(&mut self, ep: &Ep, d: NaiveDate) -> u32 {
        if self.rng.pct(6) {
            self.pick_worker(ep.team, d)
        } else {
            ep.worker_at(d)
        }
    }

    fn visit(&mut self, ep: &Ep, d: NaiveDate, vtype: &'static str, setting: &'static str) {
        let worker = self.event_worker(ep, d);
        let residential = setting == "Children's Home" || setting == "Childrens Home";
        let mut outcome = self.outcome(worker, d);
        if outcome == Out::Late && self.rng.pct(20) {
            outcome = Out::OnTime;
        }
        let recorded = match outcome {
            Out::OnTime if residential => {
                Some(d + Duration::days(self.rng.weighted(&[(0, 60), (1, 40)])))
            }
            Out::OnTime => {
                let k = self
                    .rng
                    .weighted(&[(0, 20), (1, 30), (2, 20), (3, 12), (4, 8), (5, 10)]);
                Some(self.cal.add_working_days(d, k))
            }
            Out::Late if residential => Some(d + Duration::days(self.rng.range(2, 6) as i64)),
            Out::Late => Some(self.late(self.cal.add_working_days(d, 5))),
            // Most "missing" recordings are simply late by a long way; some
            // are never recorded at all.
            Out::Missing if self.rng.pct(20) => {
                Some(self.cal.add_working_days(d, self.rng.range(15, 40)))
            }
            Out::Missing => None,
        };
        let recorded = self.upto(recorded);
        let alone = if self.age_on(d) < 2 {
            self.rng.pct(10)
        } else {
            self.rng.pct(85)
        };
        self.push(
            Table::Visits,
            d,
            &[
                Cell::Child(self.idx),
                Cell::Date(d),
                recorded,
                Cell::Text(if alone { "Y" } else { "N" }),
                Cell::Text(vtype),
                if setting.is_empty() {
                    Cell::Blank
                } else {
                    Cell::Text(setting)
                },
                Cell::Worker(worker),
                Cell::Team(ep.team),
            ],
        );
    }

    /// Regular visits for an episode, with episode-appropriate types/settings.
    fn visits(
        &mut self,
        ep: &Ep,
        stop: NaiveDate,
        iv: &dyn Fn(NaiveDate, u32) -> Iv,
        placement: &'static str,
    ) {
        let dates = self.series(ep.start, stop, ep, iv);
        for d in dates {
            let vtype = match ep.kind {
                EpKind::Eh => self
                    .rng
                    .weighted(&[("Home Visit", 80), ("School Visit", 20)]),
                EpKind::Cin => self.rng.weighted(&[
                    ("Statutory Visit", 60),
                    ("Home Visit", 30),
                    ("School Visit", 10),
                ]),
                EpKind::Cp => self.rng.weighted(&[
                    ("CP Visit", 50),
                    ("Statutory Visit", 25),
                    ("Home Visit", 20),
                    ("Unannounced Visit", 5),
                ]),
                EpKind::Cla => self.rng.weighted(&[
                    ("Statutory Visit", 60),
                    ("CLA Visit", 30),
                    ("School Visit", 10),
                ]),
                EpKind::Cl => "Pathway Visit",
                EpKind::Yos => self
                    .rng
                    .weighted(&[("YOS Appointment", 70), ("Home Visit", 30)]),
            };
            let setting = if vtype == "School Visit" {
                "School"
            } else if ep.kind == EpKind::Cla {
                placement
            } else if self.rng.pct(40) {
                "Home"
            } else {
                ""
            };
            self.visit(ep, d, vtype, setting);
        }
    }

    /// A meeting row; `report` / `minutes` are the sharing timescales that
    /// apply (lead in WD before, lag in WD after), if any.
    fn meeting(
        &mut self,
        ep: &Ep,
        mtype: &'static str,
        d: NaiveDate,
        report: Option<u32>,
        minutes: Option<u32>,
    ) {
        let worker = self.event_worker(ep, d);
        let report = report.and_then(|lead| match self.outcome(worker, d) {
            Out::OnTime => {
                let extra = if self.rng.pct(40) {
                    0
                } else {
                    self.rng.range(1, 5)
                };
                Some(self.cal.sub_working_days(d, lead + extra))
            }
            Out::Late if self.rng.pct(70) => Some(
                self.cal
                    .sub_working_days(d, self.rng.range(0, lead.saturating_sub(1))),
            ),
            Out::Late => Some(self.cal.add_working_days(d, self.rng.range(1, 3))),
            Out::Missing => None,
        });
        let minutes = minutes.and_then(|lag| match self.outcome(worker, d) {
            Out::OnTime => Some(self.cal.add_working_days(d, self.rng.range(lag / 3, lag))),
            Out::Late => Some(self.late(self.cal.add_working_days(d, lag))),
            Out::Missing => None,
        });
        let (report, minutes) = (self.upto(report), self.upto(minutes));
        self.push(
            Table::Meetings,
            d,
            &[
                Cell::Child(self.idx),
                Cell::Text(mtype),
                Cell::Date(d),
                report,
                minutes,
                Cell::Worker(worker),
                Cell::Team(ep.team),
            ],
        );
    }

    fn assessment(&mut self, ep: &Ep, atype: &'static str, start: NaiveDate, iv: Iv) {
        if start > self.w.as_at {
            return;
        }
        let worker = ep.worker_at(start);
        // About a fifth of child and family assessments are done within 10 working days.
        let done = if atype == "CFA" && self.rng.pct(20) {
            Some(self.cal.add_working_days(start, self.rng.range(3, 11)))
        } else {
            self.deadline(start, iv, worker)
        };
        let done = self.upto(done);
        self.push(
            Table::Assessments,
            start,
            &[
                Cell::Child(self.idx),
                Cell::Text(atype),
                Cell::Date(start),
                done,
                Cell::Worker(worker),
                Cell::Team(ep.team),
            ],
        );
    }

    // ----- journeys ----------------------------------------------------------

    fn journey(&mut self, pathway: Pathway, t0: NaiveDate) {
        match pathway {
            Pathway::EhOnly => {
                let end = self.early_help(t0, 90, 300);
                if let Some(end) = end
                    && self.rng.pct(10)
                {
                    let again = self
                        .cal
                        .on_or_after(end + Duration::days(self.rng.range(60, 200) as i64));
                    if again < self.w.as_at {
                        self.early_help(again, 60, 240);
                    }
                }
            }
            Pathway::EhToCin => {
                if let Some(end) = self.early_help(t0, 45, 200) {
                    let next = self.cal.add_working_days(end, self.rng.range(0, 8));
                    if next < self.w.as_at {
                        let plan = if self.rng.pct(20) {
                            S47Plan::Enquiry
                        } else {
                            S47Plan::None
                        };
                        self.child_in_need(next, plan, None);
                    }
                }
            }
            Pathway::Cin => {
                let plan = if self.rng.pct(35) {
                    S47Plan::Enquiry
                } else {
                    S47Plan::None
                };
                self.child_in_need(t0, plan, None);
            }
            Pathway::CinToCp => {
                if let Some(icpc) = self.child_in_need(t0, S47Plan::ToIcpc, None)
                    && let Some((end, after)) = self.child_protection(icpc)
                {
                    match after {
                        AfterCp::StepDown => {
                            self.child_in_need(end, S47Plan::None, Some(T_SAFE));
                        }
                        AfterCp::Care => {
                            self.looked_after(end);
                        }
                        AfterCp::Close => {}
                    }
                }
            }
            Pathway::Cla => {
                let start = if self.rng.pct(40) {
                    // Known to children's social care first.
                    let len = self.rng.range(40, 250);
                    let cla = self.cal.on_or_after(t0 + Duration::days(len as i64));
                    if cla >= self.w.as_at {
                        self.child_in_need(t0, S47Plan::None, None);
                        return;
                    }
                    self.child_in_need_until(t0, cla);
                    cla
                } else if self.rng.pct(6) {
                    // An emergency placement at the weekend.
                    t0 + Duration::days(((7 - t0.weekday().num_days_from_monday() as i64) + 5) % 7)
                } else {
                    t0
                };
                if start < self.w.as_at {
                    self.looked_after(start);
                }
            }
            Pathway::CareLeaver => {
                let eighteen = self.birthday(18);
                // The last months in care (when they fall in the span), then
                // leaving care at 18.
                let earliest = (eighteen - Duration::days(700)).max(self.w.span_start);
                let latest = eighteen - Duration::days(60);
                if latest > earliest {
                    let days = (latest - earliest).num_days() as u32;
                    let start = self
                        .cal
                        .on_or_after(earliest + Duration::days(self.rng.below(days) as i64));
                    self.looked_after(start);
                } else {
                    self.care_leaver(eighteen);
                }
            }
            Pathway::Yos => {
                self.youth_offending(t0);
                if self.rng.pct(30) {
                    let d = self
                        .cal
                        .on_or_after(t0 + Duration::days(self.rng.range(0, 60) as i64));
                    if d < self.w.as_at {
                        self.child_in_need(d, S47Plan::None, None);
                    }
                }
            }
        }
    }

    /// Early Help: My Family Plan assessment (30 days), reviews every 6
    /// weeks, monthly-ish visits. Returns the end date if it closed.
    fn early_help(&mut self, start: NaiveDate, min: u32, max: u32) -> Option<NaiveDate> {
        if self.age_on(start) >= 18 {
            return None;
        }
        let end = self.planned_end(EpKind::Eh, start, min, max);
        let ep = self.episode(EpKind::Eh, T_EH, start, end, None);
        let stop = end.unwrap_or(self.w.as_at);
        let astart = self.cal.add_working_days(start, self.rng.range(0, 3));
        self.assessment(&ep, "MFP", astart, Iv::Days(30));
        for d in self.series(start, stop, &ep, &|_, _| Iv::Days(42)) {
            self.meeting(&ep, "MFP_REVIEW", d, None, Some(10));
        }
        self.visits(&ep, stop, &|_, _| Iv::Months(1), "");
        end
    }

    /// A CIN episode that ends on `end` (when the child becomes looked after).
    fn child_in_need_until(&mut self, start: NaiveDate, end: NaiveDate) {
        let ep = self.episode(EpKind::Cin, T_ASSESS, start, Some(end), None);
        self.cin_events(&ep, end);
    }

    fn cin_events(&mut self, ep: &Ep, stop: NaiveDate) {
        let astart = self.cal.add_working_days(ep.start, self.rng.range(0, 2));
        if ep.team == T_ASSESS || self.rng.pct(30) {
            self.assessment(ep, "CFA", astart, Iv::Wd(45));
        }
        let complex = self.complex;
        self.visits(
            ep,
            stop,
            &move |_, _| if complex { Iv::Days(84) } else { Iv::Wd(20) },
            "",
        );
        for d in self.series(ep.start, stop, ep, &|_, _| Iv::Wd(20)) {
            self.meeting(ep, "CIN_REVIEW", d, None, Some(15));
        }
    }

    /// Child in Need, possibly with a Section 47 enquiry. Returns the ICPC
    /// date when the enquiry led to a child protection plan.
    fn child_in_need(
        &mut self,
        start: NaiveDate,
        plan: S47Plan,
        team: Option<u8>,
    ) -> Option<NaiveDate> {
        if self.age_on(start) >= 18 {
            return None;
        }
        let team = team.unwrap_or_else(|| if self.rng.pct(65) { T_ASSESS } else { T_SAFE });
        let worker = self.pick_worker(team, start);
        // The enquiry is planned first: a CP plan ends the CIN episode.
        let strategy = match plan {
            S47Plan::None => None,
            S47Plan::ToIcpc if self.rng.pct(40) => Some(start),
            S47Plan::ToIcpc => Some(self.cal.add_working_days(start, self.rng.range(1, 15))),
            S47Plan::Enquiry => Some(self.cal.add_working_days(start, self.rng.range(0, 40))),
        };
        let strategy = strategy.filter(|&d| d < self.w.as_at);
        let mut icpc = None;
        let mut s47_row = None;
        if let Some(sd) = strategy {
            let outcome_date = match self.outcome(worker, sd) {
                Out::OnTime => Some(self.on_time(sd, Iv::Wd(7))),
                Out::Late => Some(self.late(self.cal.add_working_days(sd, 7))),
                Out::Missing => None,
            };
            let outcome = match plan {
                S47Plan::ToIcpc => "ICPC",
                _ => self.rng.weighted(&[("NFA", 60), ("CIN", 40)]),
            };
            if outcome == "ICPC" {
                // An ICPC is always held in the end, if late.
                let d = match self.outcome(worker, sd) {
                    Out::Late => self.late(self.cal.add_working_days(sd, 15)),
                    Out::Missing if self.rng.pct(50) => {
                        self.late(self.cal.add_working_days(sd, 15))
                    }
                    _ => self.on_time(sd, Iv::Wd(15)),
                };
                // About one ICPC in ten decides no plan is needed.
                if d <= self.w.as_at {
                    icpc = Some((d, self.rng.pct(90)));
                }
            }
            s47_row = Some((sd, outcome_date, outcome));
        }
        let end = match icpc {
            Some((d, true)) => Some(d),
            _ => self.planned_end(EpKind::Cin, start, 90, 540),
        };
        let ep = self.episode(EpKind::Cin, team, start, end, Some(worker));
        let stop = end.unwrap_or(self.w.as_at);
        self.cin_events(&ep, stop);
        if let Some((sd, outcome_date, outcome)) = s47_row {
            let icpc_cell = match icpc {
                Some((d, _)) => Cell::Date(d),
                None => Cell::Blank,
            };
            let outcome_cell = self.upto(outcome_date);
            let w = ep.worker_at(sd);
            self.push(
                Table::S47,
                sd,
                &[
                    Cell::Child(self.idx),
                    Cell::Date(sd),
                    outcome_cell,
                    if outcome_date.is_some_and(|d| d <= self.w.as_at) {
                        Cell::Text(outcome)
                    } else {
                        Cell::Blank
                    },
                    icpc_cell,
                    Cell::Worker(w),
                    Cell::Team(ep.team),
                ],
            );
            // Child seen within 24 hours of the strategy discussion.
            let seen = match self.outcome(w, sd) {
                Out::OnTime => Some(sd + Duration::days(self.rng.weighted(&[(0, 65), (1, 35)]))),
                Out::Late => Some(sd + Duration::days(self.rng.range(2, 4) as i64)),
                Out::Missing => None,
            };
            if let Some(seen) = seen.filter(|&d| d <= self.w.as_at) {
                let setting = if self.rng.pct(50) { "Home" } else { "" };
                self.visit(&ep, seen, "S47 Visit", setting);
            }
            if let Some((d, false)) = icpc {
                // ICPC held, no plan: the conference is still on record.
                self.meeting(&ep, "ICPC", d, Some(2), Some(15));
            }
        }
        match icpc {
            Some((d, true)) => Some(d),
            _ => None,
        }
    }

    /// A child protection plan from the ICPC. Returns its end and what
    /// followed, if it ended.
    fn child_protection(&mut self, icpc: NaiveDate) -> Option<(NaiveDate, AfterCp)> {
        if self.birthday(18) <= icpc {
            return None;
        }
        let worker = self.pick_worker(T_SAFE, icpc);
        // Review conferences: 3 months after the ICPC, then 6-monthly; the
        // plan ends at one of them (or is still open).
        let tmp = Ep {
            kind: EpKind::Cp,
            team: T_SAFE,
            start: icpc,
            worker,
            change: None,
        };
        let reviews = self.series(icpc, self.w.as_at, &tmp, &|_, ord| {
            if ord == 0 {
                Iv::Months(3)
            } else {
                Iv::Months(6)
            }
        });
        let ends_at = self.rng.weighted(&[(1, 25), (2, 40), (3, 20), (99, 15)]);
        let end = reviews.get(ends_at - 1).copied();
        let after = self.rng.weighted(&[
            (AfterCp::StepDown, 55),
            (AfterCp::Close, 25),
            (AfterCp::Care, 20),
        ]);
        // Children's plans end by 18 in any case.
        let eighteen = self.birthday(18);
        let end = match end {
            Some(e) => Some(e.min(eighteen)),
            None => (eighteen <= self.w.as_at).then_some(eighteen),
        };
        let ep = self.episode(EpKind::Cp, T_SAFE, icpc, end, Some(worker));
        let stop = end.unwrap_or(self.w.as_at);
        self.meeting(&ep, "ICPC", icpc, Some(2), Some(15));
        for (i, &d) in reviews.iter().enumerate() {
            if d > stop || (i >= ends_at && end.is_some()) {
                break;
            }
            self.meeting(&ep, "RCPC", d, Some(3), Some(15));
        }
        for d in self.series(icpc, stop, &ep, &|_, ord| {
            if ord == 0 { Iv::Wd(10) } else { Iv::Wd(20) }
        }) {
            self.meeting(&ep, "CORE_GROUP", d, None, Some(3));
        }
        self.visits(&ep, stop, &|_, _| Iv::Wd(10), "");
        let end = end?;
        if after == AfterCp::Care {
            let ppm = self.cal.sub_working_days(end, self.rng.range(10, 40));
            if ppm > icpc {
                self.meeting(&ep, "PPM", ppm, None, None);
            }
        }
        if eighteen <= end {
            return None;
        }
        Some((end, after))
    }

    /// Children in care: visits (weekly for 4 weeks, then 20 WD), reviews
    /// (20 WD, 3 months, 6-monthly), health, PEPs, care team meetings; at 18
    /// the young person becomes a care leaver.
    fn looked_after(&mut self, start: NaiveDate) {
        let eighteen = self.birthday(18);
        if eighteen <= start {
            return;
        }
        let end = if eighteen > start && eighteen <= self.w.as_at {
            Some(eighteen)
        } else if self.rng.pct(25) {
            self.planned_end(EpKind::Cla, start, 60, 450)
        } else {
            None
        };
        let ep = self.episode(EpKind::Cla, T_CIC, start, end, None);
        let stop = end.unwrap_or(self.w.as_at);
        let placement = self.rng.weighted(&[
            ("Foster Placement", 55),
            ("Children's Home", 22),
            ("Childrens Home", 2),
            ("Kinship Placement", 14),
            ("Placed with Parents", 7),
        ]);
        if let Some(span) = self.spans.last_mut() {
            span.setting = placement;
        }
        let four_weeks = start + Duration::days(28);
        self.visits(
            &ep,
            stop,
            &move |anchor, _| {
                if anchor < four_weeks {
                    Iv::Days(7)
                } else {
                    Iv::Wd(20)
                }
            },
            placement,
        );
        let reviews = self.series(start, stop, &ep, &|_, ord| match ord {
            0 => Iv::Wd(20),
            1 => Iv::Months(3),
            _ => Iv::Months(6),
        });
        for d in reviews {
            self.meeting(&ep, "CLA_REVIEW", d, Some(2), Some(20));
        }
        // Health: the initial assessment within 20 WD, then reviews 6-monthly
        // under 5 and yearly from 5 (age on the previous assessment's date).
        let dob = self.dob;
        let health = self.series(start, stop, &ep, &move |anchor, ord| {
            if ord == 0 {
                Iv::Wd(20)
            } else if age_on(dob, anchor) < 5 {
                Iv::Months(6)
            } else {
                Iv::Months(12)
            }
        });
        for (i, d) in health.into_iter().enumerate() {
            let t = if i == 0 { "IHA" } else { "RHA" };
            self.push(
                Table::Health,
                d,
                &[Cell::Child(self.idx), Cell::Text(t), Cell::Date(d)],
            );
        }
        if self.age_on(start) >= 1 {
            let first = start + Duration::days(self.rng.range(20, 120) as i64);
            for d in self.series(first, stop, &ep, &|_, _| Iv::Months(6)) {
                self.push(
                    Table::Health,
                    d,
                    &[Cell::Child(self.idx), Cell::Text("DENTAL"), Cell::Date(d)],
                );
            }
        }
        // Personal Education Plans for children of school or nursery age.
        if (3..18).contains(&self.age_on(start)) {
            let peps = self.series(start, stop, &ep, &|_, ord| {
                if ord == 0 { Iv::Wd(10) } else { Iv::Term }
            });
            for d in peps {
                self.push(Table::Education, d, &[Cell::Child(self.idx), Cell::Date(d)]);
            }
        }
        if self.rng.pct(60) {
            for d in self.series(start, stop, &ep, &|_, _| Iv::Days(28)) {
                self.meeting(&ep, "CARE_TEAM", d, None, None);
            }
        }
        if end == Some(eighteen) {
            self.care_leaver(eighteen);
        }
    }

    /// Care leaver from 18: keep-in-touch contacts every 8 weeks, to 21.
    fn care_leaver(&mut self, start: NaiveDate) {
        let twenty_one = self.birthday(21);
        let end = (twenty_one <= self.w.as_at).then_some(twenty_one);
        let ep = self.episode(EpKind::Cl, T_LC, start, end, None);
        let stop = end.unwrap_or(self.w.as_at);
        for d in self.series(start, stop, &ep, &|_, _| Iv::Days(56)) {
            let t = self.rng.weighted(&[
                ("Keep in touch", 80),
                ("Pathway Plan Review", 14),
                ("Phone call", 6),
            ]);
            self.push(
                Table::Contacts,
                d,
                &[Cell::Child(self.idx), Cell::Date(d), Cell::Text(t)],
            );
        }
    }

    /// Youth offending: initial assessment within 15 WD of allocation, and
    /// fortnightly appointments.
    fn youth_offending(&mut self, start: NaiveDate) {
        let end = self.planned_end(EpKind::Yos, start, 90, 400);
        let ep = self.episode(EpKind::Yos, T_YOS, start, end, None);
        let stop = end.unwrap_or(self.w.as_at);
        let allocated = self.cal.on_or_after(start);
        self.assessment(&ep, "YOS", allocated, Iv::Wd(15));
        self.visits(&ep, stop, &|_, _| Iv::Days(14), "");
    }
}

// ---------------------------------------------------------------------------
// Workforce tables
// ---------------------------------------------------------------------------

/// Supervision records: every 4 weeks while a worker holds a child
/// protection case, every 8 weeks otherwise; team managers are supervised by
/// the head of service. Some sessions are case supervision of a named child.
pub fn supervisions(w: &World, assigns: &[Vec<Assign>]) -> Vec<Row> {
    let mut rows = Vec::new();
    for (i, worker) in w.roster.workers.iter().enumerate() {
        let Some(supervisor) = worker.manager else {
            continue;
        };
        let mut rng = Rand::new(w.seed, STREAM_WORKFORCE, i as u64);
        let cases = &assigns[i];
        // Every 4 weeks while holding a child protection or youth offending case.
        let holds_cp = |d: NaiveDate| {
            cases
                .iter()
                .any(|a| (a.cp || a.yos) && a.start <= d && d <= a.end)
        };
        let mut anchor = w
            .cal
            .on_or_after(worker.joined.max(w.span_start) + Duration::days(rng.range(0, 20) as i64));
        // A few workers have a long gap (leave, sickness) with no supervision.
        let gap = rng
            .pct(4)
            .then(|| w.span_start + Duration::days(rng.range(60, 600) as i64));
        let boss = &w.roster.workers[supervisor as usize];
        while anchor <= w.as_at {
            // Supervision is kept as reliably as the supervisor keeps it.
            let (on_time, late) = boss.diligence_at(anchor).odds();
            let weeks = if holds_cp(anchor) { 4 } else { 8 };
            let due = anchor + Duration::weeks(weeks);
            let r = rng.below(1000);
            let mut d = if r < on_time {
                let back = rng.below(weeks as u32 * 2) as i64;
                w.cal.on_or_before(due - Duration::days(back))
            } else if r < on_time + late {
                w.cal.add_working_days(due, rng.range(1, 10))
            } else {
                w.cal.on_or_before(
                    due + Duration::weeks(weeks) - Duration::days(rng.below(10) as i64),
                )
            };
            if let Some(g) = gap
                && d >= g
                && anchor < g
            {
                d = w
                    .cal
                    .on_or_after(g + Duration::days(rng.range(70, 120) as i64));
            }
            if d <= anchor {
                d = w.cal.add_working_days(anchor, 1);
            }
            if d > w.as_at {
                break;
            }
            let active: Vec<u32> = cases
                .iter()
                .filter(|a| a.start <= d && d <= a.end)
                .map(|a| a.child)
                .collect();
            let child = if !active.is_empty() && rng.pct(35) {
                Cell::Child(active[rng.below(active.len() as u32) as usize])
            } else {
                Cell::Blank
            };
            let mut cells = [Cell::Blank; 8];
            cells[..4].copy_from_slice(&[
                Cell::Worker(i as u32),
                Cell::Date(d),
                Cell::Worker(supervisor),
                child,
            ]);
            rows.push(Row {
                key: key(d, i as u32),
                cells,
            });
            anchor = d;
        }
    }
    rows.extend(allocation_day_supervisions(w, assigns));
    rows.sort_by_key(|r| r.key);
    rows
}

/// Supervision on the day of each Early Help allocation, as the standards ask: most
/// workers are supervised that day, some a few days later, a few not at all.
fn allocation_day_supervisions(w: &World, assigns: &[Vec<Assign>]) -> Vec<Row> {
    let mut rows = Vec::new();
    for (i, worker) in w.roster.workers.iter().enumerate() {
        let Some(supervisor) = worker.manager else {
            continue;
        };
        let mut rng = Rand::new(w.seed, STREAM_WORKFORCE, u64::MAX - i as u64);
        let (on_time, late) = worker.diligence.odds();
        for a in &assigns[i] {
            let Some(allocated) = a.eh_allocated else {
                continue;
            };
            let r = rng.below(1000);
            let d = if r < on_time {
                allocated
            } else if r < on_time + late {
                w.cal.add_working_days(allocated, rng.range(1, 4))
            } else {
                continue;
            };
            if d > w.as_at {
                continue;
            }
            let mut cells = [Cell::Blank; 8];
            cells[..4].copy_from_slice(&[
                Cell::Worker(i as u32),
                Cell::Date(d),
                Cell::Worker(supervisor),
                Cell::Child(a.child),
            ]);
            rows.push(Row {
                key: key(d, i as u32),
                cells,
            });
        }
    }
    rows
}

/// The workers table: name, team, manager, role.
pub fn workers(w: &World) -> Vec<Row> {
    w.roster
        .workers
        .iter()
        .enumerate()
        .map(|(i, wk)| {
            let mut cells = [Cell::Blank; 8];
            cells[0] = Cell::Worker(i as u32);
            cells[1] = Cell::Team(wk.team);
            cells[2] = wk.manager.map_or(Cell::Blank, Cell::Worker);
            cells[3] = Cell::Text(wk.role);
            Row {
                key: i as u64,
                cells,
            }
        })
        .collect()
}

/// Training completions: more for diligent workers, weighted to the courses
/// that matter for each team's work.
pub fn training(w: &World) -> Vec<Row> {
    let mut rows = Vec::new();
    let earliest = w.span_start - Duration::days(365);
    for (i, worker) in w.roster.workers.iter().enumerate() {
        let mut rng = Rand::new(w.seed, STREAM_WORKFORCE, 1_000_000_000 + i as u64);
        let relevant: &[usize] = match worker.team {
            T_ASSESS => &[0, 1, 2, 3, 6, 7],
            T_SAFE => &[0, 3, 4, 5, 6, 10, 11, 12, 13],
            T_CIC => &[2, 8, 9, 10, 11],
            T_EH => &[1, 2, 4, 5, 7],
            T_LC => &[8, 9, 11, 12, 13],
            T_YOS => &[2, 11, 12, 13],
            _ => &[0, 14],
        };
        let n = match worker.diligence {
            Diligence::Good | Diligence::Trained => rng.range(6, 11),
            Diligence::Average => rng.range(4, 8),
            Diligence::Struggling => rng.range(1, 4),
        } as usize;
        // Relevant courses first (in random order), then the rest.
        let mut order: Vec<(u32, usize)> = (0..COURSES.len())
            .map(|c| {
                let boost = if relevant.contains(&c) { 0 } else { 1 << 20 };
                (boost + rng.below(1 << 20), c)
            })
            .collect();
        order.sort();
        let dev = worker.development;
        let mut courses: Vec<&'static str> = order
            .iter()
            .take(n)
            .map(|&(_, c)| COURSES[c])
            .filter(|c| dev.is_none_or(|d| d.course != *c))
            .collect();
        if worker.role == "Team Manager" || worker.role == "Head of Service" {
            courses.extend(
                MANAGER_COURSES
                    .iter()
                    .take(rng.range(1, 3) as usize)
                    .filter(|c| dev.is_none_or(|d| d.course != **c)),
            );
        }
        if rng.pct(15) {
            courses.push(rng.pick(&OTHER_COURSES));
        }
        let from = earliest.max(worker.joined);
        let days = (w.as_at - from).num_days().max(1) as u32;
        let mut dated: Vec<(&'static str, NaiveDate)> = courses
            .into_iter()
            .map(|c| {
                let d = w
                    .cal
                    .on_or_before(from + Duration::days(rng.below(days) as i64));
                (c, d)
            })
            .collect();
        if let Some(d) = dev {
            dated.push((d.course, d.date));
        }
        // ASYE workers take the programme's modules a month apart from when they start
        // it (module 1 may be their development course).
        if worker.role == "ASYE Social Worker" {
            let start = worker.joined.max(w.span_start - Months::new(3));
            for (k, module) in ASYE_MODULES.iter().enumerate() {
                let d = w.cal.on_or_before(start + Months::new(k as u32 + 1));
                if d <= w.as_at && dev.is_none_or(|x| x.course != *module) {
                    dated.push((module, d));
                }
            }
        }
        for (course, d) in dated {
            let mut cells = [Cell::Blank; 8];
            cells[..3].copy_from_slice(&[
                Cell::Worker(i as u32),
                Cell::Text(course),
                Cell::Date(d),
            ]);
            rows.push(Row {
                key: key(d, i as u32),
                cells,
            });
        }
    }
    rows.sort_by_key(|r| r.key);
    rows
}

// ---------------------------------------------------------------------------
// Messy cells
// ---------------------------------------------------------------------------

const UNREADABLE: [&str; 6] = [
    "31/02/2026",
    "TBC",
    "30/02/2025",
    "n/k",
    "2026-13-01",
    "??/??/2025",
];

/// Turns about 0.5% of date cells into UK text dates (valid) or unreadable
/// text (only in optional columns), and a few Y/N cells into Yes/No.
pub fn mess(rng: &mut Rand, t: Table, row: &mut Row) {
    for (cell, col) in row.cells.iter_mut().zip(t.def().columns) {
        match (col.kind, *cell) {
            (ColumnKind::Date, Cell::Date(d)) => {
                if rng.below(1000) >= 5 {
                    continue;
                }
                let r = rng.below(100);
                *cell = if r < 60 {
                    Cell::UkDate(d)
                } else if r < 75 || col.required {
                    Cell::UkLongDate(d)
                } else {
                    Cell::Text(rng.pick(&UNREADABLE))
                };
            }
            (ColumnKind::Flag, Cell::Text(v)) if rng.below(1000) < 5 => {
                *cell = Cell::Text(if v == "Y" { "Yes" } else { "No" });
            }
            _ => {}
        }
    }
}
