//! The invented facts behind the synthetic national returns: one set of children, each
//! with the journey the returns record (referrals, assessments, section 47 enquiries,
//! child protection plans, periods of care made of placements and episodes, reviews,
//! visits, health assessments, missing episodes, allocations, care leavers' contacts).
//!
//! The three national shapes are views of the same facts: the SSDA903 writes the
//! periods of care, the CIN census the referrals, the SSD all of them. So a seed's 903
//! and census hold the same looked-after children (born on the same day), as two real
//! returns of one authority do.
//!
//! Each child has a **scenario** by its index (a fixed cycle of twenty), so that even a
//! small sample holds every case the England rules look for: children with three or
//! more placements in twelve months and several missing episodes (one still missing),
//! children re-referred within twelve months of a previous referral and some just after,
//! second child protection plans, plans open for more than two years and plans that
//! ended during the year after more than two years. Dates and the rest come from the
//! child's own random stream (seed × index), so a child's records do not depend on how
//! many children come before it.

use caseaudit::calendar::{Calendar, age_on};
use chrono::{Duration, Months, NaiveDate};

use crate::generate::Rand;

/// The national world's random stream (apart from the native generator's streams).
const STREAM_NATIONAL: u64 = 0x0903_C155;

/// The teams of the synthetic authority, by [`Team`].
pub const TEAMS: [&str; 5] = [
    "Assessment Team",
    "Child in Need Team",
    "Child Protection Team",
    "Children in Care Team",
    "Leaving Care Team",
];

/// Workers per team: team `t` has workers `SW{4t+1}` to `SW{4t+4}`.
const WORKERS_PER_TEAM: u32 = 4;

/// A team, by index into [`TEAMS`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Team {
    Assessment = 0,
    InNeed = 1,
    Protection = 2,
    InCare = 3,
    LeavingCare = 4,
}

impl Team {
    pub fn name(self) -> &'static str {
        TEAMS[self as usize]
    }
}

/// A worker's id, `SW001` …
pub fn worker_id(w: u32) -> String {
    format!("SW{w:03}")
}

/// The facts of one sample.
pub struct World {
    pub as_at: NaiveDate,
    pub children: Vec<Child>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Sex {
    Male,
    Female,
}

pub struct Child {
    pub id: String,
    pub dob: NaiveDate,
    pub sex: Sex,
    pub ethnicity: &'static str,
    pub disability: &'static str,
    pub referrals: Vec<Referral>,
    pub periods: Vec<Period>,
    pub missing: Vec<MissingEpisode>,
    pub allocations: Vec<Allocation>,
    /// The day the child ceased to be an unaccompanied asylum-seeking child.
    pub uasc_ceased: Option<NaiveDate>,
    pub care_leaver: Option<CareLeaver>,
}

/// A referral (a CIN episode: the census's `CINdetails`).
pub struct Referral {
    pub date: NaiveDate,
    pub source: &'static str,
    pub need: &'static str,
    pub closure: Option<NaiveDate>,
    pub close_reason: &'static str,
    /// No further action on the referral itself (no assessment).
    pub nfa: bool,
    pub team: Team,
    pub worker: u32,
    pub assessments: Vec<Assessment>,
    pub s47s: Vec<S47>,
    pub plans: Vec<CpPlan>,
    /// Child in need visits (while the referral is open and no plan or care).
    pub visits: Vec<Visit>,
}

pub struct Assessment {
    pub start: NaiveDate,
    /// Authorised (completed); `None`: not yet.
    pub completed: Option<NaiveDate>,
    pub factor: &'static str,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum S47Outcome {
    /// An initial child protection conference was convened.
    Conference,
    /// No further action.
    Nfa,
    /// Continue as a child in need (services), no conference.
    Services,
    /// Not decided yet at the as-at date.
    Undecided,
}

pub struct S47 {
    pub start: NaiveDate,
    /// The enquiry's end: the date its outcome was decided.
    pub end: Option<NaiveDate>,
    pub outcome: S47Outcome,
    /// The conference's target date (15 working days after the start).
    pub icpc_target: NaiveDate,
    /// The conference, when held.
    pub icpc: Option<NaiveDate>,
    /// Whether the conference made the child subject of a plan.
    pub icpc_plan: bool,
    /// How the census writes "ICPC not required" true: `true` or `1`.
    pub not_required_as_1: bool,
}

pub struct CpPlan {
    pub start: NaiveDate,
    pub end: Option<NaiveDate>,
    pub initial_category: &'static str,
    pub latest_category: &'static str,
    /// Plans the child had before this one.
    pub previous: u32,
    pub reviews: Vec<NaiveDate>,
    /// The next review conference's due date when the plan is open at the as-at date.
    pub next_review_due: Option<NaiveDate>,
    pub visits: Vec<Visit>,
}

/// A period of care: placements, each of one or more 903 episodes.
pub struct Period {
    pub start: NaiveDate,
    pub end: Option<NaiveDate>,
    pub placements: Vec<Placement>,
    pub episodes: Vec<Episode>,
    pub reviews: Vec<Review>,
    /// The next review's due date when the period is open at the as-at date.
    pub next_review_due: Option<NaiveDate>,
    pub visits: Vec<Visit>,
    pub health: Vec<Health>,
}

pub struct Placement {
    pub start: NaiveDate,
    pub end: Option<NaiveDate>,
    /// The 903 PLACE code.
    pub place: &'static str,
    /// The 903 PLACE_PROVIDER code.
    pub provider: &'static str,
    /// Why the placement ended in a move (the 903's REASON_PLACE_CHANGE); empty when it
    /// did not end, or ended with the period of care.
    pub change_reason: &'static str,
}

pub struct Episode {
    pub decom: NaiveDate,
    pub dec: Option<NaiveDate>,
    /// Reason for new episode: S, L, P, T, B.
    pub rne: &'static str,
    /// Legal status.
    pub ls: &'static str,
    /// Index of its placement in the period.
    pub placement: usize,
    /// Reason episode ceased: X1 (care goes on), an exit code, or empty (open).
    pub rec: &'static str,
    /// Set on an episode ending X1 by a change of placement.
    pub reason_place_change: &'static str,
}

pub struct Review {
    pub date: NaiveDate,
    pub due: NaiveDate,
    pub code: &'static str,
    /// A review arranged earlier and cancelled (the SSD keeps such rows).
    pub cancelled_before: Option<NaiveDate>,
}

#[derive(Clone, Copy)]
pub struct Visit {
    pub date: NaiveDate,
    pub seen: bool,
    pub seen_alone: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HealthKind {
    Initial,
    Review,
    Dental,
}

#[derive(Clone, Copy)]
pub struct Health {
    pub date: NaiveDate,
    pub kind: HealthKind,
    /// Refused by the young person (the SSD's status): no assessment took place.
    pub refused: bool,
}

pub struct MissingEpisode {
    pub start: NaiveDate,
    /// `None`: still missing at the as-at date.
    pub end: Option<NaiveDate>,
    /// Missing (`true`) or away from placement without authorisation.
    pub missing: bool,
    /// Return home interview offered: Y, N, NA, or empty when not yet returned.
    pub rhi_offered: &'static str,
    pub rhi_accepted: &'static str,
}

#[derive(Clone, Copy)]
pub struct Allocation {
    pub worker: u32,
    pub team: Team,
    pub start: NaiveDate,
    pub end: Option<NaiveDate>,
    /// Why the allocation ended when another worker took over.
    pub change: bool,
    /// Allocated in a period of care (the 903's social worker episodes).
    pub in_care: bool,
}

pub struct CareLeaver {
    pub latest_contact: NaiveDate,
    pub eligibility: &'static str,
    pub in_touch: &'static str,
    pub accommodation: &'static str,
    pub activity: &'static str,
    pub pathway_review: NaiveDate,
    pub worker: u32,
}

/// What a child's journey is made to show (by index, a cycle of twenty).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Scenario {
    /// Looked after; `moves`: three or more placements within 12 months, several
    /// missing episodes.
    InCare { moves: bool },
    /// A child in need; re-referred within 12 months, just after, or not.
    InNeed(ReReferral),
    /// A referral closed with no further action.
    InNeedNfa,
    /// A child protection plan of a kind.
    Protection(PlanKind),
    /// A care leaver (the SSD only: their care ended before the 903's years).
    CareLeaver,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum ReReferral {
    None,
    Within12Months,
    JustAfter12Months,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum PlanKind {
    Standard,
    /// Started more than 2 years before the year end, still open.
    LongOpen,
    /// Started more than 2 years before it ended during the year.
    LongEnded,
    /// A second plan after an earlier one ended (under a new referral).
    Second,
}

const SCENARIOS: [Scenario; 20] = {
    use PlanKind::*;
    use ReReferral::*;
    use Scenario::*;
    [
        InCare { moves: true },
        InNeed(Within12Months),
        Protection(LongOpen),
        InCare { moves: false },
        InNeed(None),
        Protection(Second),
        InCare { moves: false },
        InNeed(JustAfter12Months),
        Protection(LongEnded),
        InCare { moves: false },
        InNeed(None),
        Protection(Standard),
        InCare { moves: true },
        InNeedNfa,
        Protection(Standard),
        InCare { moves: false },
        InNeed(Within12Months),
        CareLeaver,
        InCare { moves: false },
        InNeed(None),
    ]
};

/// Builds the facts of `n` children from `seed`, up to `as_at`.
pub fn build(n: usize, seed: u64, as_at: NaiveDate, cal: &Calendar) -> World {
    let year_start = as_at - Months::new(12) + Duration::days(1);
    let span_start = as_at - Months::new(24) + Duration::days(1);
    let children = (0..n)
        .map(|i| {
            let mut g = Gen {
                cal,
                rng: Rand::new(seed, STREAM_NATIONAL, i as u64),
                as_at,
                year_start,
                span_start,
            };
            g.child(i)
        })
        .collect();
    World { as_at, children }
}

/// One child's generation: the calendar, the child's random stream and the dates.
struct Gen<'c> {
    cal: &'c Calendar,
    rng: Rand,
    as_at: NaiveDate,
    year_start: NaiveDate,
    span_start: NaiveDate,
}

/// `d` when it is a working day, else the next one.
fn work(cal: &Calendar, d: NaiveDate) -> NaiveDate {
    if cal.is_working_day(d) {
        d
    } else {
        cal.add_working_days(d, 1)
    }
}

/// The `n`-th working day after `d`.
fn wd(cal: &Calendar, d: NaiveDate, n: u32) -> NaiveDate {
    cal.add_working_days(d, n)
}

fn days(n: u32) -> Duration {
    Duration::days(i64::from(n))
}

impl Gen<'_> {
    /// A uniform date in `lo..=hi` (`lo` when the range is empty).
    fn date_in(&mut self, lo: NaiveDate, hi: NaiveDate) -> NaiveDate {
        let span = (hi - lo).num_days().max(0) as u32;
        lo + days(self.rng.range(0, span))
    }

    /// A worker of `team`.
    fn worker(&mut self, team: Team) -> u32 {
        team as u32 * WORKERS_PER_TEAM + 1 + self.rng.below(WORKERS_PER_TEAM)
    }

    fn child(&mut self, i: usize) -> Child {
        let scenario = SCENARIOS[i % SCENARIOS.len()];
        let mut c = Child {
            id: format!("N{:05}", i + 1),
            dob: self.as_at,
            sex: if self.rng.pct(50) {
                Sex::Male
            } else {
                Sex::Female
            },
            ethnicity: self.rng.weighted(&[
                ("WBRI", 60),
                ("WIRI", 3),
                ("MWBC", 8),
                ("BAFR", 8),
                ("AIND", 6),
                ("APKN", 6),
                ("OOTH", 4),
                ("WOTH", 5),
            ]),
            disability: self.rng.weighted(&[
                ("NONE", 80),
                ("LD", 6),
                ("HAND", 4),
                ("AUT", 6),
                ("BEH", 4),
            ]),
            referrals: Vec::new(),
            periods: Vec::new(),
            missing: Vec::new(),
            allocations: Vec::new(),
            uasc_ceased: None,
            care_leaver: None,
        };
        match scenario {
            Scenario::InCare { moves } => self.in_care(&mut c, i, moves),
            Scenario::InNeed(again) => self.in_need(&mut c, again),
            Scenario::InNeedNfa => self.in_need_nfa(&mut c),
            Scenario::Protection(kind) => self.protection(&mut c, kind),
            Scenario::CareLeaver => self.care_leaver(&mut c),
        }
        // In date order (a worker who takes over stays next to the one before).
        c.allocations.sort_by_key(|a| a.start);
        c
    }

    // ------------------------------------------------------------ children in need

    fn in_need(&mut self, c: &mut Child, again: ReReferral) {
        c.dob = self.date_in(
            self.span_start - Months::new(16 * 12),
            self.as_at - Months::new(6),
        );
        match again {
            ReReferral::None => {
                let r = work(
                    self.cal,
                    self.date_in(self.span_start + days(20), self.as_at - Duration::days(30)),
                );
                let close = self.rng.pct(50).then(|| r + days(self.rng.range(60, 480)));
                self.referral(c, r, close, true);
            }
            ReReferral::Within12Months | ReReferral::JustAfter12Months => {
                let latest = self.as_at - Months::new(14);
                let r1 = work(self.cal, self.date_in(self.span_start + days(10), latest));
                let r2 = if again == ReReferral::Within12Months {
                    work(self.cal, r1 + days(self.rng.range(120, 320)))
                } else {
                    // Just after 12 months: a working day 1 to 25 days after the
                    // anniversary of the previous referral.
                    work(self.cal, r1 + Months::new(12) + days(self.rng.range(1, 25)))
                };
                // The first referral closes before the second one comes in.
                let lo = r1 + days(50);
                let hi = r2 - Duration::days(7);
                let close = self.date_in(lo, hi.max(lo));
                self.referral(c, r1, Some(close.min(hi)), true);
                let close2 = self.rng.pct(40).then(|| r2 + days(self.rng.range(60, 300)));
                self.referral(c, r2, close2, true);
            }
        }
    }

    fn in_need_nfa(&mut self, c: &mut Child) {
        c.dob = self.date_in(
            self.span_start - Months::new(16 * 12),
            self.as_at - Months::new(6),
        );
        let r = work(
            self.cal,
            self.date_in(self.span_start + days(20), self.as_at - days(10)),
        );
        let worker = self.worker(Team::Assessment);
        let close = wd(self.cal, r, self.rng.range(1, 4));
        c.allocations.push(Allocation {
            worker,
            team: Team::Assessment,
            start: r,
            end: Some(close),
            change: false,
            in_care: false,
        });
        c.referrals.push(Referral {
            date: r,
            source: self.rng.pick(&["1A", "2B", "3A", "5A", "6"]),
            need: "N9",
            closure: Some(close),
            close_reason: "RC8",
            nfa: true,
            team: Team::Assessment,
            worker,
            assessments: Vec::new(),
            s47s: Vec::new(),
            plans: Vec::new(),
            visits: Vec::new(),
        });
    }

    /// A referral on `date` with its assessment, and (for a child in need) perhaps an
    /// enquiry that ended without a conference, visits, and the allocations. `close`:
    /// the day it closes, if by the as-at date (its assessment completed by then).
    fn referral(&mut self, c: &mut Child, date: NaiveDate, close: Option<NaiveDate>, cin: bool) {
        let worker = self.worker(Team::Assessment);
        let start = work(self.cal, date + days(self.rng.range(0, 4)));
        let mut completed = self.completion(start);
        let closure = close.filter(|d| *d <= self.as_at);
        // A referral that closes has its assessment completed by then (so that a
        // re-referral always follows a closed referral).
        if let Some(cl) = closure
            && completed.is_none_or(|done| done > cl)
        {
            completed = Some(wd(self.cal, start, self.rng.range(10, 40)).min(cl));
        }
        let mut s47s = Vec::new();
        if cin && self.rng.pct(25) {
            // An enquiry that ends before the referral closes.
            let s = work(self.cal, start + days(self.rng.range(1, 12)));
            if s <= self.as_at && closure.is_none_or(|cl| wd(self.cal, s, 20) < cl) {
                s47s.push(self.enquiry_without_conference(s));
            }
        }
        let mut visits = Vec::new();
        if cin && let Some(done) = completed {
            let until = closure.unwrap_or(self.as_at);
            visits = self.visits(done, until, 15, 30, 2);
        }
        c.allocations.push(Allocation {
            worker,
            team: Team::Assessment,
            start: date,
            end: completed.or(closure),
            change: false,
            in_care: false,
        });
        if cin && let Some(done) = completed {
            let w = self.worker(Team::InNeed);
            c.allocations.push(Allocation {
                worker: w,
                team: Team::InNeed,
                start: done,
                end: closure,
                change: false,
                in_care: false,
            });
        }
        c.referrals.push(Referral {
            date,
            source: self.rng.pick(&["1A", "1B", "2A", "2B", "3A", "5A", "6"]),
            need: self.rng.weighted(&[
                ("N1", 50),
                ("N2", 8),
                ("N3", 8),
                ("N4", 20),
                ("N5", 6),
                ("N8", 8),
            ]),
            closure,
            close_reason: self.rng.pick(&["RC1", "RC2", "RC4", "RC7", "RC8"]),
            nfa: false,
            team: Team::Assessment,
            worker,
            assessments: vec![Assessment {
                start,
                completed,
                factor: self.rng.pick(&["1C", "2B", "3A", "4A", "21", "16A"]),
            }],
            s47s,
            plans: Vec::new(),
            visits,
        });
    }

    /// An assessment's completion: mostly within 45 working days, some late, some not
    /// completed (or not yet).
    fn completion(&mut self, start: NaiveDate) -> Option<NaiveDate> {
        let r = self.rng.below(100);
        let done = if r < 72 {
            Some(wd(self.cal, start, self.rng.range(8, 44)))
        } else if r < 92 {
            Some(wd(self.cal, start, self.rng.range(46, 70)))
        } else {
            None
        };
        done.filter(|d| *d <= self.as_at)
    }

    /// A section 47 enquiry that convened no conference: no further action, services
    /// as a child in need, or (near the as-at date) not decided yet.
    fn enquiry_without_conference(&mut self, start: NaiveDate) -> S47 {
        let end = wd(self.cal, start, self.rng.range(4, 19));
        let undecided = end > self.as_at;
        let outcome = if undecided {
            S47Outcome::Undecided
        } else if self.rng.pct(65) {
            S47Outcome::Nfa
        } else {
            S47Outcome::Services
        };
        S47 {
            start,
            end: (!undecided).then_some(end),
            outcome,
            icpc_target: wd(self.cal, start, 15),
            icpc: None,
            icpc_plan: false,
            not_required_as_1: self.rng.pct(40),
        }
    }

    /// Visits from `from` (exclusive) to `until`: every `lo..=hi` days, one in ten a
    /// little late, `not_seen_pct` in a hundred preceded by a visit where the child
    /// was not seen.
    fn visits(
        &mut self,
        from: NaiveDate,
        until: NaiveDate,
        lo: u32,
        hi: u32,
        not_seen_pct: u32,
    ) -> Vec<Visit> {
        let mut out = Vec::new();
        let mut d = from;
        loop {
            let gap = if self.rng.pct(90) {
                self.rng.range(lo, hi)
            } else {
                self.rng.range(hi + 1, hi + hi / 2)
            };
            d = work(self.cal, d + days(gap));
            if d > until || d > self.as_at {
                break;
            }
            if self.rng.pct(not_seen_pct) && d - Duration::days(3) > from {
                out.push(Visit {
                    date: work(self.cal, d - Duration::days(3)),
                    seen: false,
                    seen_alone: false,
                });
            }
            out.push(Visit {
                date: d,
                seen: true,
                seen_alone: self.rng.pct(65),
            });
        }
        out
    }

    // ------------------------------------------------------------ child protection

    fn protection(&mut self, c: &mut Child, kind: PlanKind) {
        c.dob = self.date_in(
            self.span_start - Months::new(15 * 12),
            self.as_at - Months::new(8),
        );
        let two_years_before_end = self.as_at - Months::new(24);
        match kind {
            PlanKind::Standard => {
                let r = work(
                    self.cal,
                    self.date_in(
                        self.span_start - Duration::days(60),
                        self.as_at - Duration::days(40),
                    ),
                );
                let end = self.rng.pct(45).then_some(self.rng.range(120, 650));
                self.protection_referral(c, r, PlanEnd::After(end), 0, true);
            }
            PlanKind::LongOpen => {
                let r = work(
                    self.cal,
                    two_years_before_end - days(self.rng.range(70, 400)),
                );
                self.protection_referral(c, r, PlanEnd::Open, 0, false);
            }
            PlanKind::LongEnded => {
                let r = work(
                    self.cal,
                    self.year_start - Months::new(24) - days(self.rng.range(70, 300)),
                );
                self.protection_referral(c, r, PlanEnd::InYearAfterTwoYears, 0, false);
            }
            PlanKind::Second => {
                let r1 = work(
                    self.cal,
                    self.date_in(
                        self.span_start - Duration::days(200),
                        self.span_start + Duration::days(60),
                    ),
                );
                let length = self.rng.range(150, 330);
                let closed =
                    self.protection_referral(c, r1, PlanEnd::After(Some(length)), 0, false);
                let r2 = work(self.cal, closed + days(self.rng.range(30, 200)));
                let end = self.rng.pct(30).then_some(self.rng.range(120, 400));
                self.protection_referral(
                    c,
                    r2.min(self.as_at - Duration::days(45)),
                    PlanEnd::After(end),
                    1,
                    false,
                );
            }
        }
    }

    /// A referral leading to an enquiry, a conference and a plan (when the conference
    /// falls by the as-at date). Returns the day the referral closed (or the as-at
    /// date). `again`: a later plan may follow the first in the same referral.
    fn protection_referral(
        &mut self,
        c: &mut Child,
        date: NaiveDate,
        end: PlanEnd,
        previous: u32,
        again: bool,
    ) -> NaiveDate {
        let worker = self.worker(Team::Assessment);
        let a_start = work(self.cal, date + days(self.rng.range(0, 3)));
        let completed = self.completion(a_start);
        let s47_start = work(self.cal, a_start + days(self.rng.range(1, 10)));
        let mut s47s = Vec::new();
        let mut plans = Vec::new();
        let mut last_end = None;
        let (s47, plan) = self.enquiry_to_plan(c, s47_start, end, previous);
        s47s.push(s47);
        if let Some(p) = plan {
            last_end = Some(p.end);
            plans.push(p);
        }
        // Sometimes a later enquiry and plan in the same referral, after the first ended.
        if again
            && self.rng.pct(35)
            && let Some(Some(ended)) = last_end
        {
            let s = work(self.cal, ended + days(self.rng.range(40, 160)));
            if s + Duration::days(30) <= self.as_at {
                let (s47, plan) = self.enquiry_to_plan(c, s, PlanEnd::After(None), previous + 1);
                s47s.push(s47);
                if let Some(p) = plan {
                    last_end = Some(p.end);
                    plans.push(p);
                }
            }
        }
        let closure = match last_end {
            Some(Some(e)) => Some(e + days(self.rng.range(5, 40))).filter(|d| *d <= self.as_at),
            _ => None,
        };
        c.allocations.push(Allocation {
            worker,
            team: Team::Assessment,
            start: date,
            end: Some(s47_start),
            change: false,
            in_care: false,
        });
        c.referrals.push(Referral {
            date,
            source: self.rng.pick(&["1A", "1B", "2A", "3A", "3E", "5A"]),
            need: "N1",
            closure,
            close_reason: "RC1",
            nfa: false,
            team: Team::Assessment,
            worker,
            assessments: vec![Assessment {
                start: a_start,
                completed: completed.or_else(|| {
                    Some(wd(self.cal, a_start, self.rng.range(20, 40))).filter(|d| *d <= self.as_at)
                }),
                factor: self.rng.pick(&["2A", "3A", "4B", "21", "22A"]),
            }],
            s47s,
            plans,
            visits: Vec::new(),
        });
        closure.unwrap_or(self.as_at)
    }

    /// An enquiry whose conference starts a plan (the plan, when the conference is
    /// held by the as-at date).
    fn enquiry_to_plan(
        &mut self,
        c: &mut Child,
        start: NaiveDate,
        end: PlanEnd,
        previous: u32,
    ) -> (S47, Option<CpPlan>) {
        let icpc = wd(
            self.cal,
            start,
            self.rng.weighted(&[
                (8, 10),
                (10, 15),
                (12, 20),
                (14, 20),
                (15, 15),
                (17, 12),
                (21, 8),
            ]),
        );
        let decided = wd(self.cal, start, self.rng.range(3, 10)).min(icpc);
        let target = wd(self.cal, start, 15);
        if icpc > self.as_at {
            let s47 = S47 {
                start,
                end: (decided <= self.as_at).then_some(decided),
                outcome: if decided <= self.as_at {
                    S47Outcome::Conference
                } else {
                    S47Outcome::Undecided
                },
                icpc_target: target,
                icpc: None,
                icpc_plan: false,
                not_required_as_1: false,
            };
            return (s47, None);
        }
        let plan_end = match end {
            PlanEnd::Open => None,
            PlanEnd::After(None) => None,
            PlanEnd::After(Some(d)) => Some(icpc + days(d)).filter(|e| *e <= self.as_at),
            PlanEnd::InYearAfterTwoYears => {
                let mut e = icpc + Months::new(24) + days(self.rng.range(20, 200));
                if e < self.year_start {
                    e = self.year_start + days(self.rng.range(0, 150));
                }
                Some(work(self.cal, e).min(self.as_at))
            }
        };
        let until = plan_end.unwrap_or(self.as_at);
        let mut reviews = Vec::new();
        let mut due = icpc + Months::new(3);
        let next_review_due;
        loop {
            if self.rng.pct(6) {
                next_review_due = Some(due);
                break;
            }
            let slip = if self.rng.pct(85) {
                -i64::from(self.rng.range(0, 20))
            } else {
                i64::from(self.rng.range(3, 30))
            };
            let held = work(self.cal, due + Duration::days(slip));
            if held > until {
                next_review_due = Some(due);
                break;
            }
            reviews.push(held);
            due = held + Months::new(6);
        }
        let visits = self.visits(icpc, until, 7, 14, 3);
        let worker = self.worker(Team::Protection);
        c.allocations.push(Allocation {
            worker,
            team: Team::Protection,
            start,
            end: plan_end,
            change: false,
            in_care: false,
        });
        let category = self.rng.weighted(&[
            ("NEG", 50),
            ("EMO", 30),
            ("PHY", 10),
            ("SAB", 5),
            ("MUL", 5),
        ]);
        let plan = CpPlan {
            start: icpc,
            end: plan_end,
            initial_category: category,
            latest_category: if self.rng.pct(85) { category } else { "MUL" },
            previous,
            reviews,
            next_review_due: next_review_due.filter(|_| plan_end.is_none()),
            visits,
        };
        let s47 = S47 {
            start,
            end: Some(decided),
            outcome: S47Outcome::Conference,
            icpc_target: target,
            icpc: Some(icpc),
            icpc_plan: true,
            not_required_as_1: false,
        };
        (s47, Some(plan))
    }

    // ------------------------------------------------------------ children in care

    fn in_care(&mut self, c: &mut Child, i: usize, moves: bool) {
        let first = work(
            self.cal,
            self.date_in(self.span_start, self.as_at - Duration::days(90)),
        );
        // Children who move a lot (and go missing) are older.
        let age = if moves {
            self.rng.range(11, 16)
        } else {
            self.rng.range(0, 16)
        };
        c.dob = first - Months::new(age * 12) - days(self.rng.range(20, 350));
        if i % SCENARIOS.len() == 9 {
            // An unaccompanied asylum-seeking child, aged 15 or more on arrival.
            c.dob = first - Months::new(15 * 12) - days(self.rng.range(20, 300));
            c.uasc_ceased = Some(c.dob + Months::new(18 * 12));
        }
        // The referral that led to care: open while the child is looked after.
        let r = work(self.cal, first - days(self.rng.range(15, 120)));
        let worker = self.worker(Team::Assessment);
        let a_start = work(self.cal, r + days(self.rng.range(0, 3)));
        let completed = Some(wd(self.cal, a_start, self.rng.range(10, 40)));
        c.allocations.push(Allocation {
            worker,
            team: Team::Assessment,
            start: r,
            end: Some(first),
            change: false,
            in_care: false,
        });
        let two = self.rng.pct(18);
        let mut start = first;
        let mut last_end = None;
        for p in 0..(if two { 2 } else { 1 }) {
            if start > self.as_at - Duration::days(10) {
                break;
            }
            let ends = p == 0 && two || self.rng.pct(30);
            let period = self.period(c, start, moves, ends);
            last_end = period.end;
            c.periods.push(period);
            match last_end {
                Some(e) => start = work(self.cal, e + days(self.rng.range(20, 120))),
                None => break,
            }
        }
        let closure = last_end
            .filter(|_| self.rng.pct(60))
            .map(|e| e + days(self.rng.range(0, 30)))
            .filter(|d| *d <= self.as_at);
        c.referrals.push(Referral {
            date: r,
            source: self.rng.pick(&["1A", "2A", "3A", "3E", "5A", "6"]),
            need: self.rng.weighted(&[
                ("N1", 60),
                ("N2", 5),
                ("N4", 15),
                ("N5", 10),
                ("N6", 5),
                ("N8", 5),
            ]),
            closure,
            close_reason: "RC1",
            nfa: false,
            team: Team::Assessment,
            worker,
            assessments: vec![Assessment {
                start: a_start,
                completed: completed.filter(|d| *d <= self.as_at),
                factor: self.rng.pick(&["2A", "3A", "4B", "21", "22A", "1C"]),
            }],
            s47s: Vec::new(),
            plans: Vec::new(),
            visits: Vec::new(),
        });
        // Missing episodes: several for the children who move most, one or two for some.
        let n = if moves {
            self.rng.range(3, 6)
        } else if age >= 10 && self.rng.pct(35) {
            self.rng.range(1, 2)
        } else {
            0
        };
        self.missing_episodes(c, n, moves);
    }

    /// A period of care from `start`: placements (each of one or two episodes), reviews,
    /// visits, health assessments and the social workers allocated.
    fn period(&mut self, c: &mut Child, start: NaiveDate, moves: bool, ends: bool) -> Period {
        let count = if moves {
            self.rng.range(3, 5)
        } else {
            self.rng.weighted(&[(1, 40), (2, 35), (3, 15), (4, 10)])
        };
        let mut ls = self
            .rng
            .weighted(&[("V2", 45), ("C1", 35), ("L2", 10), ("J2", 5), ("C2", 5)]);
        let mut placements: Vec<Placement> = Vec::new();
        let mut episodes: Vec<Episode> = Vec::new();
        let mut decom = start;
        for k in 0..count {
            let last = k + 1 == count;
            let length = if moves {
                self.rng.range(25, 110)
            } else {
                self.rng.range(40, 420)
            };
            let mut end = Some(decom + days(length)).filter(|e| *e <= self.as_at);
            if last && !ends {
                end = None;
            }
            let place = self.rng.weighted(&[
                ("U1", 12),
                ("U3", 12),
                ("U4", 25),
                ("U5", 8),
                ("U6", 8),
                ("K2", 15),
                ("R1", 5),
                ("P1", 5),
            ]);
            let provider = match place {
                "P1" => "PR0",
                _ => self
                    .rng
                    .weighted(&[("PR1", 45), ("PR2", 10), ("PR4", 35), ("PR5", 10)]),
            };
            let rne = if k == 0 {
                "S"
            } else {
                let rne = self.rng.weighted(&[("P", 70), ("T", 15), ("B", 15)]);
                if rne == "B" {
                    ls = next_legal_status(ls);
                }
                rne
            };
            // A change of legal status during the placement: a second episode (RNE L).
            let split = end
                .or(Some(self.as_at))
                .filter(|e| (*e - decom).num_days() > 90 && self.rng.pct(25))
                .map(|e| decom + days(self.rng.range(30, (e - decom).num_days() as u32 - 30)));
            placements.push(Placement {
                start: decom,
                end,
                place,
                provider,
                change_reason: "",
            });
            let p = placements.len() - 1;
            if let Some(at) = split {
                episodes.push(Episode {
                    decom,
                    dec: Some(at),
                    rne,
                    ls,
                    placement: p,
                    rec: "X1",
                    reason_place_change: "",
                });
                ls = next_legal_status(ls);
                episodes.push(Episode {
                    decom: at,
                    dec: end,
                    rne: "L",
                    ls,
                    placement: p,
                    rec: "",
                    reason_place_change: "",
                });
            } else {
                episodes.push(Episode {
                    decom,
                    dec: end,
                    rne,
                    ls,
                    placement: p,
                    rec: "",
                    reason_place_change: "",
                });
            }
            match end {
                Some(e) if !last => {
                    let reason = self.rng.weighted(&[
                        ("CARPL", 40),
                        ("CREQO", 8),
                        ("CHILD", 8),
                        ("STAND", 10),
                        ("ALLEG", 4),
                        ("CLOSE", 4),
                        ("PLACE", 10),
                        ("LAREQ", 6),
                        ("OTHER", 10),
                    ]);
                    placements[p].change_reason = reason;
                    let ep = episodes.last_mut().expect("an episode");
                    ep.rec = "X1";
                    ep.reason_place_change = reason;
                    decom = e;
                }
                Some(e) => {
                    // Home, a child arrangements or special guardianship order, or (for
                    // the young) adoption.
                    let rec = if age_on(c.dob, e) < 8 && self.rng.pct(30) {
                        "E11"
                    } else {
                        self.rng.weighted(&[
                            ("E4A", 35),
                            ("E13", 15),
                            ("E41", 15),
                            ("E45", 15),
                            ("E8", 20),
                        ])
                    };
                    episodes.last_mut().expect("an episode").rec = rec;
                    break;
                }
                None => break,
            }
        }
        let end = episodes.last().and_then(|e| e.dec);
        let until = end.unwrap_or(self.as_at);
        let (reviews, next_review_due) = self.cla_reviews(start, end);
        let mut visits = Vec::new();
        let first = work(
            self.cal,
            start
                + days(if self.rng.pct(90) {
                    self.rng.range(1, 6)
                } else {
                    self.rng.range(8, 14)
                }),
        );
        if first <= until && first <= self.as_at {
            visits.push(Visit {
                date: first,
                seen: true,
                seen_alone: self.rng.pct(60),
            });
            let year = (start + Months::new(12)).min(until);
            visits.extend(self.visits(first, year, 21, 40, 4));
            let from = visits.last().map_or(first, |v| v.date);
            visits.extend(self.visits(from, until, 42, 85, 4));
        }
        let health = self.health(c.dob, start, until);
        // Social workers: one from the start, one in three changed during the period.
        let worker = self.worker(Team::InCare);
        let change =
            Some(start + days(self.rng.range(60, 240))).filter(|d| *d < until && self.rng.pct(35));
        c.allocations.push(Allocation {
            worker,
            team: Team::InCare,
            start,
            end: change.or(end),
            change: change.is_some(),
            in_care: true,
        });
        if let Some(at) = change {
            let mut other = self.worker(Team::InCare);
            if other == worker {
                other = Team::InCare as u32 * WORKERS_PER_TEAM + 1 + (other % WORKERS_PER_TEAM);
            }
            c.allocations.push(Allocation {
                worker: other,
                team: Team::InCare,
                start: at,
                end,
                change: false,
                in_care: true,
            });
        }
        Period {
            start,
            end,
            placements,
            episodes,
            reviews,
            next_review_due,
            visits,
            health,
        }
    }

    /// Looked-after reviews: the first about 20 working days after the start, then 3
    /// months, then 6 months; most on time, some late, a few chains that stop.
    fn cla_reviews(
        &mut self,
        start: NaiveDate,
        end: Option<NaiveDate>,
    ) -> (Vec<Review>, Option<NaiveDate>) {
        let mut out = Vec::new();
        let mut due = wd(self.cal, start, 20);
        let mut ordinal = 1;
        loop {
            let r = self.rng.below(100);
            if r < 6 {
                return (out, end.is_none().then_some(due));
            }
            let held = if r < 22 {
                due + days(self.rng.range(3, 35))
            } else {
                due - days(self.rng.range(0, 18))
            };
            let held = work(self.cal, held.max(start + Duration::days(1)));
            if held > self.as_at || end.is_some_and(|e| held > e) {
                return (out, end.is_none().then_some(due));
            }
            let cancelled_before = self
                .rng
                .pct(8)
                .then(|| held - days(self.rng.range(3, 10)))
                .filter(|d| *d > start);
            out.push(Review {
                date: held,
                due,
                code: self.rng.weighted(&[
                    ("PN1", 55),
                    ("PN2", 10),
                    ("PN3", 10),
                    ("PN4", 5),
                    ("PN0", 20),
                ]),
                cancelled_before,
            });
            ordinal += 1;
            due = held + Months::new(if ordinal == 2 { 3 } else { 6 });
        }
    }

    /// Health assessments while looked after: the initial one about 20 working days
    /// after the start, then reviews every 6 months under 5 and 12 months from 5;
    /// dental checks every year for most; a few refused.
    fn health(&mut self, dob: NaiveDate, start: NaiveDate, until: NaiveDate) -> Vec<Health> {
        let mut out = Vec::new();
        let first = if self.rng.pct(80) {
            wd(self.cal, start, self.rng.range(6, 19))
        } else {
            wd(self.cal, start, self.rng.range(21, 40))
        };
        let mut prev = first;
        let mut kind = HealthKind::Initial;
        while prev <= until && prev <= self.as_at {
            if self.rng.pct(5) {
                out.push(Health {
                    date: work(self.cal, prev - Duration::days(14)),
                    kind,
                    refused: true,
                });
            }
            out.push(Health {
                date: prev,
                kind,
                refused: false,
            });
            kind = HealthKind::Review;
            let due = prev + Months::new(if age_on(dob, prev) < 5 { 6 } else { 12 });
            prev = work(
                self.cal,
                if self.rng.pct(85) {
                    due - days(self.rng.range(0, 30))
                } else {
                    due + days(self.rng.range(5, 45))
                },
            );
        }
        if self.rng.pct(60) {
            let mut d = work(self.cal, start + days(self.rng.range(30, 150)));
            while d <= until && d <= self.as_at {
                out.push(Health {
                    date: d,
                    kind: HealthKind::Dental,
                    refused: false,
                });
                d = work(self.cal, d + days(self.rng.range(300, 400)));
            }
        }
        out.sort_by_key(|h| h.date);
        out
    }

    /// `n` missing episodes while the child is looked after; for a child who moves a
    /// lot with a period open at the as-at date, the last one is still open.
    fn missing_episodes(&mut self, c: &mut Child, n: u32, last_open: bool) {
        let Some(period) = c.periods.last() else {
            return;
        };
        let (lo, hi) = (
            c.periods[0].start + Duration::days(5),
            period.end.unwrap_or(self.as_at),
        );
        if hi <= lo {
            return;
        }
        let mut starts: Vec<NaiveDate> = (0..n).map(|_| self.date_in(lo, hi)).collect();
        starts.sort();
        starts.dedup();
        let open = last_open && period.end.is_none();
        let mut prev_end = lo;
        let count = starts.len();
        for (k, s) in starts.into_iter().enumerate() {
            // In care on the day (not between two periods), and after the last return.
            let in_care = c
                .periods
                .iter()
                .any(|p| p.start <= s && p.end.is_none_or(|e| s < e));
            if !in_care || s <= prev_end {
                continue;
            }
            let missing = self.rng.pct(75);
            let end = s + days(self.rng.range(0, 4));
            let still = open && k + 1 == count;
            let (start, end) = if still {
                (self.as_at - days(self.rng.range(1, 6)), None)
            } else if end > self.as_at {
                continue;
            } else {
                (s, Some(end))
            };
            if start <= prev_end {
                continue;
            }
            let (offered, accepted) = if end.is_none() {
                ("", "")
            } else {
                match self.rng.below(100) {
                    0..80 => ("Y", if self.rng.pct(60) { "Y" } else { "N" }),
                    80..92 => ("N", "N"),
                    _ => ("NA", "NA"),
                }
            };
            prev_end = end.unwrap_or(self.as_at);
            c.missing.push(MissingEpisode {
                start,
                end,
                missing,
                rhi_offered: offered,
                rhi_accepted: accepted,
            });
        }
    }

    // ------------------------------------------------------------ care leavers

    fn care_leaver(&mut self, c: &mut Child) {
        c.dob = self.date_in(
            self.as_at - Months::new(21 * 12) + Duration::days(30),
            self.as_at - Months::new(18 * 12) - Duration::days(30),
        );
        let worker = self.worker(Team::LeavingCare);
        let eighteen = c.dob + Months::new(18 * 12);
        c.allocations.push(Allocation {
            worker,
            team: Team::LeavingCare,
            start: eighteen.max(self.span_start),
            end: None,
            change: false,
            in_care: false,
        });
        c.care_leaver = Some(CareLeaver {
            latest_contact: work(self.cal, self.as_at - days(self.rng.range(5, 80))),
            eligibility: self
                .rng
                .pick(&["Former relevant", "Former relevant", "Relevant"]),
            in_touch: self
                .rng
                .weighted(&[("YES", 85), ("NO", 10), ("DIED", 0), ("REFU", 5)]),
            accommodation: self.rng.pick(&["S", "T", "U", "V", "W", "X"]),
            activity: self.rng.pick(&["F1", "P1", "F2", "G4", "G6"]),
            pathway_review: work(self.cal, self.as_at - days(self.rng.range(20, 170))),
            worker,
        });
    }
}

/// When a plan ends.
#[derive(Clone, Copy)]
enum PlanEnd {
    Open,
    /// After so many days (if by the as-at date), or open.
    After(Option<u32>),
    /// During the collection year, more than two years after it started.
    InYearAfterTwoYears,
}

/// The legal status a change (RNE L or B) leads to.
fn next_legal_status(ls: &'static str) -> &'static str {
    match ls {
        "V2" | "L2" => "C1",
        "J2" => "V2",
        "C1" => "C2",
        "C2" => "E1",
        _ => "C2",
    }
}
