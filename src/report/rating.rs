//! How a percentage met is judged, in one place: against the rule's target (red, amber,
//! green), or not at all when too few expectations fell due to judge by. Every report
//! colours, ranks and labels by a [`Rating`].

use serde::Serialize;

use super::Tally;

/// The target when neither the rule nor its pack sets one (tenths: 90%).
pub const DEFAULT_TARGET_TENTHS: u64 = 900;
/// Amber: below target by less than this (tenths: 10 percentage points).
pub const AMBER_BAND_TENTHS: u64 = 100;
/// Below this many expectations due, a percentage is "too few to judge".
pub const DEFAULT_MIN_DUE: u64 = 5;

/// Where a rule's target comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TargetFrom {
    /// The rule's `target_percent`.
    Rule,
    /// The pack's `target_percent`.
    Pack,
    /// caseaudit's default, the pack setting none.
    Default,
}

impl TargetFrom {
    pub fn describe(self) -> &'static str {
        match self {
            TargetFrom::Rule => "the rule's target",
            TargetFrom::Pack => "the pack's target",
            TargetFrom::Default => "caseaudit's default target (the pack sets none)",
        }
    }
}

/// A target % (as written in a pack) in tenths, rounded half up.
pub fn target_tenths(percent: f64) -> u64 {
    (percent.clamp(0.0, 100.0) * 10.0).round() as u64
}

/// Targets (tenths) summed once per expectation due, as one target: their mean, rounded
/// half up (0 when nothing was due). Pooled figures (a family, a team, a worker) are
/// judged against it.
pub fn weighted_target(target_sum: u64, due: u64) -> u64 {
    (target_sum + due / 2).checked_div(due).unwrap_or(0)
}

/// How a percentage met stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Rating {
    Red,
    Amber,
    Green,
    /// Fewer expectations due than the minimum: shown, never coloured or ranked.
    TooFew,
    NothingDue,
    NotMeasured,
}

impl Rating {
    /// Judges counts against a target (tenths) with a minimum denominator.
    pub fn of(t: &Tally, target_tenths: u64, min_due: u64, not_measured: bool) -> Rating {
        if not_measured {
            return Rating::NotMeasured;
        }
        let Some(p) = t.percent_tenths() else {
            return Rating::NothingDue;
        };
        if t.due < min_due {
            Rating::TooFew
        } else if p >= target_tenths {
            Rating::Green
        } else if p + AMBER_BAND_TENTHS > target_tenths {
            Rating::Amber
        } else {
            Rating::Red
        }
    }

    /// The name in CSV files and CSS classes.
    pub fn as_str(self) -> &'static str {
        match self {
            Rating::Red => "red",
            Rating::Amber => "amber",
            Rating::Green => "green",
            Rating::TooFew => "too_few",
            Rating::NothingDue => "nothing_due",
            Rating::NotMeasured => "not_measured",
        }
    }

    /// In words, for a reader.
    pub fn label(self) -> &'static str {
        match self {
            Rating::Red => "below target",
            Rating::Amber => "near target",
            Rating::Green => "on target",
            Rating::TooFew => "too few to judge",
            Rating::NothingDue => "nothing due",
            Rating::NotMeasured => "not measured",
        }
    }

    /// Whether the percentage is judged (coloured and ranked).
    pub fn judged(self) -> bool {
        matches!(self, Rating::Red | Rating::Amber | Rating::Green)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(due: u64, met: u64) -> Tally {
        Tally::met_of(met, due)
    }

    #[test]
    fn ratings_follow_the_target_and_the_minimum() {
        assert_eq!(Rating::of(&t(10, 9), 900, 5, false), Rating::Green);
        assert_eq!(Rating::of(&t(10, 8), 850, 5, false), Rating::Amber);
        assert_eq!(Rating::of(&t(10, 8), 900, 5, false), Rating::Red); // 10 points below
        assert_eq!(Rating::of(&t(10, 8), 800, 5, false), Rating::Green);
        assert_eq!(Rating::of(&t(10, 7), 750, 5, false), Rating::Amber);
        assert_eq!(Rating::of(&t(10, 7), 800, 5, false), Rating::Red);
        assert_eq!(Rating::of(&t(10, 7), 900, 5, false), Rating::Red);
        assert_eq!(Rating::of(&t(1, 0), 900, 5, false), Rating::TooFew);
        assert_eq!(Rating::of(&t(4, 4), 900, 5, false), Rating::TooFew);
        assert_eq!(Rating::of(&t(5, 5), 900, 5, false), Rating::Green);
        assert_eq!(Rating::of(&t(0, 0), 900, 5, false), Rating::NothingDue);
        assert_eq!(Rating::of(&t(9, 9), 900, 5, true), Rating::NotMeasured);
        assert_eq!(target_tenths(81.4), 814);
        assert_eq!(target_tenths(120.0), 1000);
    }
}
