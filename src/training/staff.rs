//! The staff directory the training analysis routes needs by: each person's team, line
//! manager, role text and audience role (`workers`), who supervised whom and when
//! (`supervisions`), and the teams their expectations were filed under.

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;

use super::Unrecognised;
use crate::model::Dataset;
use crate::report::{NOT_RECORDED, Report, ResultRow};
use crate::rules::Pack;
use crate::schema::TableId;

/// A member of staff.
#[derive(Debug, Clone, Default)]
pub struct Person {
    pub team: String,
    pub manager: Option<String>,
    pub role_text: String,
    /// The audience role the role map gives (`None`: not recognised).
    pub role: Option<String>,
    /// Whether the `workers` table has a row for them.
    pub listed: bool,
}

pub struct Staff {
    people: HashMap<String, Person>,
    /// Per supervisee: (date, supervisor) in date order.
    supervisions: HashMap<String, Vec<(NaiveDate, String)>>,
}

fn text(ds: &Dataset, v: Option<crate::model::Sym>) -> Option<String> {
    v.map(|s| ds.text(s).trim().to_string())
        .filter(|s| !s.is_empty())
}

impl Staff {
    pub fn new(report: &Report, pack: &Pack, ds: &Dataset) -> Staff {
        let mut people: HashMap<String, Person> = HashMap::new();
        let t = ds.table(TableId::Workers);
        let def = t.def();
        let col = |n: &str| def.column_index(n).expect("a column of workers");
        let (w, team, manager, role) = (col("worker"), col("team"), col("manager"), col("role"));
        for r in 0..t.len() as u32 {
            let Some(name) = text(ds, t.sym(r, w)) else {
                continue;
            };
            // The first row of a worker is theirs.
            people.entry(name).or_insert_with(|| {
                let role_text = text(ds, t.sym(r, role)).unwrap_or_default();
                Person {
                    team: text(ds, t.sym(r, team)).unwrap_or_default(),
                    manager: text(ds, t.sym(r, manager)),
                    role: pack.catalogue.role_of(&role_text).map(str::to_string),
                    role_text,
                    listed: true,
                }
            });
        }
        // Staff the expectations name who have no `workers` row, and the team of anyone
        // with none recorded: the team most of their expectations were filed under.
        let mut teams: HashMap<&str, BTreeMap<&str, u64>> = HashMap::new();
        for r in &report.rows {
            let name = report.text(r.worker).trim();
            if name.is_empty() {
                continue;
            }
            let team = report.text(r.team).trim();
            if !team.is_empty() {
                *teams.entry(name).or_default().entry(team).or_default() += 1;
            } else {
                teams.entry(name).or_default();
            }
        }
        for (name, counts) in teams {
            let p = people.entry(name.to_string()).or_default();
            if p.team.is_empty() {
                p.team = counts
                    .iter()
                    .max_by(|a, b| a.1.cmp(b.1).then_with(|| b.0.cmp(a.0)))
                    .map(|(t, _)| t.to_string())
                    .unwrap_or_default();
            }
        }
        let mut supervisions: HashMap<String, Vec<(NaiveDate, String)>> = HashMap::new();
        let s = ds.table(TableId::Supervisions);
        let def = s.def();
        let col = |n: &str| def.column_index(n).expect("a column of supervisions");
        let (w, d, sup) = (col("worker"), col("date"), col("supervisor"));
        for r in 0..s.len() as u32 {
            if let (Some(worker), Some(date), Some(by)) =
                (text(ds, s.sym(r, w)), s.date(r, d), text(ds, s.sym(r, sup)))
            {
                supervisions.entry(worker).or_default().push((date, by));
            }
        }
        for v in supervisions.values_mut() {
            v.sort();
        }
        Staff {
            people,
            supervisions,
        }
    }

    pub fn person(&self, name: &str) -> Option<&Person> {
        self.people.get(name)
    }

    /// A person's audience role (`None`: not recognised, or unknown).
    pub fn role(&self, name: &str) -> Option<&str> {
        self.people.get(name).and_then(|p| p.role.as_deref())
    }

    /// A person's team as the outputs show it.
    pub fn team(&self, name: &str) -> String {
        match self.people.get(name).map(|p| p.team.as_str()) {
            Some(t) if !t.is_empty() => t.to_string(),
            _ => NOT_RECORDED.to_string(),
        }
    }

    /// Whether a name is a manager: a person whose role is `manager`.
    fn is_manager(&self, name: &str) -> bool {
        self.role(name) == Some(super::catalogue::MANAGER)
    }

    /// Who is responsible, as their manager, for an expectation of `worker`: for a
    /// worker's own expectation (supervision rules) the supervisor who supervised them
    /// last on or before its due date (else the first after it), else their line manager
    /// (`workers.manager`); for a child's, their line manager. `None` when that person is
    /// not a member of staff whose role is manager.
    pub fn responsible_manager(&self, row: &ResultRow, worker: &str) -> Option<&str> {
        let line = self.people.get(worker).and_then(|p| p.manager.as_deref());
        let chosen = if row.child.is_none() {
            let sups = self.supervisions.get(worker);
            let before = sups.and_then(|v| {
                let i = v.partition_point(|(d, _)| *d <= row.due_date);
                i.checked_sub(1).map(|i| v[i].1.as_str())
            });
            before
                .or_else(|| sups.and_then(|v| v.first().map(|s| s.1.as_str())))
                .or(line)
        } else {
            line
        };
        chosen.filter(|m| self.is_manager(m))
    }

    /// Staff whose role is not recognised: listed in `workers` with a role text the role
    /// map does not know (or none), or named by expectations but not listed.
    pub fn unrecognised(&self) -> Vec<Unrecognised> {
        let mut out: Vec<Unrecognised> = self
            .people
            .iter()
            .filter(|(_, p)| p.role.is_none())
            .map(|(name, p)| Unrecognised {
                worker: name.clone(),
                team: if p.team.is_empty() {
                    NOT_RECORDED.to_string()
                } else {
                    p.team.clone()
                },
                role_text: if p.listed {
                    p.role_text.clone()
                } else {
                    "(no workers row)".into()
                },
            })
            .collect();
        out.sort_by(|a, b| (&a.team, &a.worker).cmp(&(&b.team, &b.worker)));
        out
    }
}
