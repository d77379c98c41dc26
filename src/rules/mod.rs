//! Rule packs: rules as data (`rules/*.toml`), loaded in two steps — serde reads a file
//! into a [`spec::PackSpec`], then [`compile`] validates it into [`Rule`]s the engine can
//! run. The registry of a loaded pack ([`Pack::rules`]) feeds `rules list`, `rules
//! explain` and the reports alike.

pub mod compile;
mod compiled;
mod explain;
mod load;
pub mod spec;

pub use crate::calendar::{Duration, Unit};
pub use crate::criteria::RuleError;
pub use compiled::*;
pub use explain::{describe_timescale, explain, kinds_reference, list_courses};
pub use load::{BUNDLED, PackError, is_path, load_pack, load_pack_str, load_pack_str_with};
