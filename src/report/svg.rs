//! Line charts of % met by month, drawn by the project: this module computes the
//! geometry (points, ticks, the target line) and `templates/chart.hbs` lays it out as
//! inline SVG. No script, no font or file from outside; every value the template writes
//! is escaped like any other.

use serde::Serialize;

use super::rating::Rating;
use super::trend::Month;
use super::{Tally, tenths_text};

/// Width and height of a chart, in SVG user units (pixels at 100%).
const WIDTH: f64 = 300.0;
const HEIGHT: f64 = 130.0;
const LEFT: f64 = 34.0;
const RIGHT: f64 = 8.0;
const TOP: f64 = 8.0;
const BOTTOM: f64 = 22.0;

#[derive(Debug, Serialize)]
pub struct Chart {
    pub title: String,
    pub width: f64,
    pub height: f64,
    /// The plot area's edges.
    pub left: f64,
    pub right: f64,
    pub top: f64,
    pub bottom: f64,
    /// Polylines (`x,y x,y …`), broken where a month had nothing due.
    pub lines: Vec<String>,
    pub dots: Vec<Dot>,
    pub target: Option<Tick>,
    pub y_ticks: Vec<Tick>,
    pub x_ticks: Vec<Tick>,
    /// A line for readers without the picture: the months' figures in words.
    pub text: String,
}

#[derive(Debug, Serialize)]
pub struct Dot {
    pub x: f64,
    pub y: f64,
    /// The rating's name, for the colour (`too_few` is hollow and grey).
    pub rating: &'static str,
    pub title: String,
}

#[derive(Debug, Serialize)]
pub struct Tick {
    pub x: f64,
    pub y: f64,
    pub label: String,
}

fn round(v: f64) -> f64 {
    (v * 10.0).round() / 10.0
}

/// A chart of % met per month (months with nothing due leave a gap), with the target as
/// a dashed line; each point is rated against the target with the minimum denominator.
pub fn chart(
    title: &str,
    months: &[(Month, Tally)],
    target_tenths: Option<u64>,
    min_due: u64,
) -> Chart {
    let n = months.len().max(1);
    let plot_w = WIDTH - LEFT - RIGHT;
    let plot_h = HEIGHT - TOP - BOTTOM;
    let x = |i: usize| {
        if n == 1 {
            LEFT + plot_w / 2.0
        } else {
            round(LEFT + plot_w * i as f64 / (n - 1) as f64)
        }
    };
    let y = |tenths: u64| round(TOP + plot_h * (1.0 - tenths.min(1000) as f64 / 1000.0));
    let mut lines = Vec::new();
    let mut current: Vec<String> = Vec::new();
    let mut dots = Vec::new();
    let mut words = Vec::new();
    for (i, (m, t)) in months.iter().enumerate() {
        match t.percent_tenths() {
            Some(p) => {
                current.push(format!("{},{}", x(i), y(p)));
                let rating = Rating::of(t, target_tenths.unwrap_or(0), min_due, false);
                let rating = if target_tenths.is_none() && rating.judged() {
                    "plain"
                } else {
                    rating.as_str()
                };
                let what = format!(
                    "{}: {}% ({} of {} met)",
                    m.label(false),
                    tenths_text(p),
                    t.met,
                    t.due
                );
                dots.push(Dot {
                    x: x(i),
                    y: y(p),
                    rating,
                    title: what.clone(),
                });
                words.push(what);
            }
            None => {
                if !current.is_empty() {
                    lines.push(current.join(" "));
                    current.clear();
                }
                words.push(format!("{}: nothing due", m.label(false)));
            }
        }
    }
    if !current.is_empty() {
        lines.push(current.join(" "));
    }
    let y_ticks = [0u64, 500, 1000]
        .iter()
        .map(|&t| Tick {
            x: LEFT - 4.0,
            y: y(t),
            label: format!("{}%", t / 10),
        })
        .collect();
    // At most 6 month labels, the first and last always.
    let step = n.div_ceil(6).max(1);
    let x_ticks = months
        .iter()
        .enumerate()
        .filter(|(i, _)| i % step == 0 || *i == n - 1)
        .map(|(i, (m, _))| Tick {
            x: x(i),
            y: HEIGHT - 6.0,
            label: m.label(!(i == 0 || m.1 == 1)),
        })
        .collect();
    Chart {
        title: title.to_string(),
        width: WIDTH,
        height: HEIGHT,
        left: LEFT,
        right: WIDTH - RIGHT,
        top: TOP,
        bottom: HEIGHT - BOTTOM,
        lines,
        dots,
        target: target_tenths.map(|t| Tick {
            x: WIDTH - RIGHT,
            y: y(t),
            label: format!("target {}%", tenths_text(t)),
        }),
        y_ticks,
        x_ticks,
        text: words.join("; "),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(due: u64, met: u64) -> Tally {
        Tally::met_of(met, due)
    }

    #[test]
    fn gaps_break_the_line_and_points_are_rated() {
        let months = [
            (Month(2026, 1), t(10, 10)),
            (Month(2026, 2), t(0, 0)),
            (Month(2026, 3), t(10, 5)),
            (Month(2026, 4), t(2, 1)),
        ];
        let c = chart("X", &months, Some(900), 5);
        assert_eq!(c.lines.len(), 2);
        assert_eq!(c.dots.len(), 3);
        assert_eq!(c.dots[0].rating, "green");
        assert_eq!(c.dots[1].rating, "red");
        assert_eq!(c.dots[2].rating, "too_few");
        assert_eq!(c.dots[0].y, TOP);
        assert!(c.text.contains("Feb 2026: nothing due"));
        assert_eq!(c.target.unwrap().label, "target 90.0%");
    }
}
