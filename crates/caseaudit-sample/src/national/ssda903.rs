//! The synthetic SSDA903 return: one CSV file per table with the DfE's column sets (as
//! caseaudit's reader lists them), dates `dd/mm/yyyy`, two collection years of episodes
//! and reviews (as when last year's files are given with this year's), so that every
//! period of care it shows starts in the files.
//!
//! Each period of care is several episodes joined by REC `X1`: placement moves (RNE
//! `P`, `T`, `B`, with REASON_PLACE_CHANGE on the episode that ends) and changes of
//! legal status (RNE `L`). The `missing` table holds the looked-after children's
//! missing and away episodes (MIS_END blank: still missing), `sw_episodes` their social
//! workers, `uasc` the unaccompanied asylum-seeking children.
//!
//! Deliberate faults (not with `--clean`), appended at the end of their files: an
//! episode with RNE `P` after the end of a child's last period of care (it starts no
//! period: rejected), and a review dated 31 February (rejected).

use std::path::Path;

use anyhow::{Result, bail};
use chrono::{Datelike, Duration};

use caseaudit::ingest::national::ssda903::TableSpec;

use super::world::{Child, Sex, World, worker_id};
use super::{d903, folder, o903, write_csv};

/// The files written, in order: tables of the return as caseaudit's reader lists them
/// (its column sets are the DfE's), so the two cannot drift apart.
pub(super) const FILES: [&str; 6] = [
    "header",
    "episodes",
    "reviews",
    "missing",
    "uasc",
    "sw_episodes",
];

/// One file being filled by column name.
struct File {
    name: &'static str,
    columns: &'static [&'static str],
    rows: Vec<Vec<String>>,
    /// Columns written that the table lacks (an error when the files are written).
    unknown: Vec<String>,
}

impl File {
    fn new(name: &'static str) -> File {
        File {
            name,
            columns: TableSpec::by_name(name).columns,
            rows: Vec::new(),
            unknown: Vec::new(),
        }
    }

    fn at(&self, column: &str) -> Option<usize> {
        self.columns.iter().position(|x| *x == column)
    }

    /// A row from (column, value) pairs.
    fn row(&mut self, cells: &[(&str, String)]) {
        let mut row = vec![String::new(); self.columns.len()];
        for (c, v) in cells {
            match self.at(c) {
                Some(i) => row[i] = v.clone(),
                None => self.unknown.push((*c).to_string()),
            }
        }
        self.rows.push(row);
    }
}

fn sex(c: &Child) -> String {
    match c.sex {
        Sex::Male => "1",
        Sex::Female => "2",
    }
    .into()
}

pub(super) fn write(world: &World, faults: bool, out: &Path) -> Result<Vec<(&'static str, usize)>> {
    folder(out)?;
    let mut files = FILES.map(File::new);
    let [header, episodes, reviews, missing, uasc, sw] = &mut files;
    let cared_for = world.children.iter().filter(|c| !c.periods.is_empty());
    for c in cared_for.clone() {
        let (child, dob) = (c.id.clone(), d903(c.dob));
        header.row(&[
            ("CHILD", child.clone()),
            ("SEX", sex(c)),
            ("DOB", dob.clone()),
            ("ETHNIC", c.ethnicity.into()),
        ]);
        let need = c.referrals.first().map_or("N1", |r| r.need);
        for p in &c.periods {
            for e in &p.episodes {
                let place = &p.placements[e.placement];
                episodes.row(&[
                    ("CHILD", child.clone()),
                    ("DECOM", d903(e.decom)),
                    ("RNE", e.rne.into()),
                    ("LS", e.ls.into()),
                    ("CIN", need.into()),
                    ("PLACE", place.place.into()),
                    ("PLACE_PROVIDER", place.provider.into()),
                    ("DEC", o903(e.dec)),
                    ("REC", e.rec.into()),
                    ("REASON_PLACE_CHANGE", e.reason_place_change.into()),
                ]);
            }
            for r in &p.reviews {
                reviews.row(&[
                    ("CHILD", child.clone()),
                    ("DOB", dob.clone()),
                    ("REVIEW", d903(r.date)),
                    ("REVIEW_CODE", r.code.into()),
                ]);
            }
        }
        for m in &c.missing {
            missing.row(&[
                ("CHILD", child.clone()),
                ("DOB", dob.clone()),
                ("MISSING", if m.missing { "M" } else { "A" }.into()),
                ("MIS_START", d903(m.start)),
                ("MIS_END", o903(m.end)),
            ]);
        }
        if let Some(duc) = c.uasc_ceased {
            uasc.row(&[
                ("CHILD", child.clone()),
                ("SEX", sex(c)),
                ("DOB", dob.clone()),
                ("DUC", d903(duc)),
            ]);
        }
        for a in c.allocations.iter().filter(|a| a.in_care) {
            sw.row(&[
                ("CHILD", child.clone()),
                ("DOB", dob.clone()),
                ("SW_ID", worker_id(a.worker)),
                ("SW_DECOM", d903(a.start)),
                ("SW_DEC", o903(a.end)),
                ("SW_REASON", if a.change { "CHCOR" } else { "" }.into()),
            ]);
        }
    }
    if faults {
        // An episode after the end of a child's last period of care, with RNE P: it
        // starts no period of care.
        let closed = cared_for.clone().find_map(|c| {
            let p = c.periods.last()?;
            let after = p.end? + Duration::days(30);
            (after <= world.as_at).then_some((c, p, after))
        });
        if let Some((c, p, after)) = closed {
            let ls = p.episodes.last().map_or("C2", |e| e.ls);
            episodes.row(&[
                ("CHILD", c.id.clone()),
                ("DECOM", d903(after)),
                ("RNE", "P".into()),
                ("LS", ls.into()),
                ("CIN", "N1".into()),
                ("PLACE", "U1".into()),
                ("PLACE_PROVIDER", "PR1".into()),
            ]);
        }
        // A review dated 31 February.
        let cell = |f: &File, row: &[String], c: &str| f.at(c).map(|i| row[i].clone());
        if let Some(first) = reviews.rows.first().cloned() {
            let child = cell(reviews, &first, "CHILD").unwrap_or_default();
            let dob = cell(reviews, &first, "DOB").unwrap_or_default();
            reviews.row(&[
                ("CHILD", child),
                ("DOB", dob),
                ("REVIEW", format!("31/02/{}", world.as_at.year())),
                ("REVIEW_CODE", "PN1".into()),
            ]);
        }
    }
    let mut counts = Vec::new();
    for f in &files {
        if let Some(c) = f.unknown.first() {
            bail!("the SSDA903 {} table has no column {c}", f.name);
        }
        write_csv(out, f.name, f.columns, &f.rows)?;
        counts.push((f.name, f.rows.len()));
    }
    Ok(counts)
}
