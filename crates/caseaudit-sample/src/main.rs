//! The `caseaudit-sample` binary: writes a synthetic export (no real data) for trying,
//! testing and benchmarking caseaudit.

#![forbid(unsafe_code)]

use std::path::PathBuf;
use std::process::ExitCode;

use caseaudit_sample::{
    NATIONAL_AS_AT, NATIONAL_CHILDREN, SampleConfig, Shape, describe_national, write_sample,
};
use chrono::NaiveDate;
use clap::Parser;

#[derive(Parser, Debug)]
#[command(
    name = "caseaudit-sample",
    version,
    about = "Write a synthetic export (no real data) for trying caseaudit out"
)]
struct Args {
    /// Number of children [default: 300; 100 for the national shapes 903, cin and ssd]
    #[arg(long)]
    children: Option<usize>,
    /// Random seed (the same seed writes the same export)
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Aim for about this many visit rows (overrides --children)
    #[arg(long)]
    visits: Option<usize>,
    /// The date the synthetic records run to [default: 2026-10-31; for the national
    /// shapes the census year end 2026-03-31, the end of the collection year they hold]
    #[arg(long = "as-at", value_parser = parse_date)]
    as_at: Option<NaiveDate>,
    /// Write clean data only (no deliberately unreadable cells; for the national shapes,
    /// none of their deliberate faults)
    #[arg(long)]
    clean: bool,
    /// Layout: native (the contract's tables), or the same records shaped like a
    /// liquidlogic or mosaic report export (synthetic layouts, for the bundled profiles);
    /// or one of England's national returns, synthetic: 903 (the SSDA903's CSV files, a
    /// folder), cin (the CIN census, an XML file), ssd (the Standard Safeguarding
    /// Dataset's ssd_* tables as CSV, a folder, for the bundled ssd profile)
    #[arg(long, default_value = "native", value_parser = parse_shape)]
    shape: Shape,
    /// A .xlsx file, or a folder for CSV files (the cin shape: an .xml file)
    #[arg(long, short = 'o')]
    out: PathBuf,
    /// Overwrite --out when it already exists (a workbook or the census's XML file, or a
    /// folder holding CSV files)
    #[arg(long)]
    force: bool,
}

/// Why `out` may not be written without `--force`: it is a file already, or a folder
/// that holds CSV files.
fn in_the_way(out: &std::path::Path) -> Option<String> {
    if out.is_file() {
        return Some(format!("{} exists", out.display()));
    }
    if out.is_dir() {
        let csv = std::fs::read_dir(out)
            .ok()?
            .flatten()
            .filter(|e| {
                e.path()
                    .extension()
                    .is_some_and(|x| x.eq_ignore_ascii_case("csv"))
            })
            .count();
        if csv > 0 {
            return Some(format!("{} holds {csv} CSV file(s)", out.display()));
        }
        if out
            .extension()
            .is_some_and(|x| x.eq_ignore_ascii_case("xlsx"))
        {
            return Some(format!("{} is a folder", out.display()));
        }
    }
    None
}

fn parse_shape(s: &str) -> Result<Shape, String> {
    s.parse()
}

fn parse_date(s: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .map_err(|_| format!("'{s}' is not a date: write YYYY-MM-DD"))
}

fn main() -> ExitCode {
    let args = Args::parse();
    if !args.force
        && let Some(why) = in_the_way(&args.out)
    {
        eprintln!(
            "caseaudit-sample: error: {why}: nothing was written. Give another --out, or --force to overwrite it"
        );
        return ExitCode::from(2);
    }
    let national = args.shape.is_national();
    let children = args
        .children
        .unwrap_or(if national { NATIONAL_CHILDREN } else { 300 });
    let mut cfg = SampleConfig::new(children, args.seed);
    if national {
        let (y, m, d) = NATIONAL_AS_AT;
        cfg.as_at = NaiveDate::from_ymd_opt(y, m, d).expect("valid national as-at date");
    }
    if let Some(as_at) = args.as_at {
        cfg.as_at = as_at;
    }
    cfg.target_visits = args.visits;
    cfg.messy = !args.clean;
    cfg.shape = args.shape;
    match write_sample(&cfg, &args.out) {
        Ok(stats) => {
            let rows: Vec<String> = stats.rows.iter().map(|(t, n)| format!("{t} {n}")).collect();
            let shape = match cfg.shape {
                Shape::Native => String::new(),
                s if s.is_national() => format!(", {}", describe_national(s)),
                s => format!(", shaped like a {s} export"),
            };
            eprintln!(
                "wrote {} (synthetic, records to {}{shape}): {}",
                args.out.display(),
                cfg.as_at,
                rows.join(", ")
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("caseaudit-sample: error: {e:#}");
            ExitCode::from(2)
        }
    }
}
