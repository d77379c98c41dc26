//! The vocabulary every rule kind is written in: which rows of a table count
//! ([`Selector`], [`Filter`]), how long is allowed ([`Timescale`], [`Interval`]), and the
//! episodes a rule applies to ([`Cohort`]) — as written in a rule file ([`spec`]), as
//! validated ([`compile::Cx`] reports every problem with the file, the rule and the fix)
//! and as bound to a dataset ([`FilterSet`]: each regular expression run once per
//! distinct value). Rule kinds (`engine::kinds`) build on these pieces.

mod bind;
pub mod compile;
mod compiled;
pub mod spec;

pub use bind::{FilterSet, episode_type_symbols};
pub use compile::{Cx, RuleError};
pub use compiled::*;
