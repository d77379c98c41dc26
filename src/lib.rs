//! caseaudit: audits children's social care case records against the timescales of a
//! practice-standards rule pack.
//!
//! The pipeline: [`ingest`] (files → typed tables with row provenance) → [`model`]
//! (tables indexed by child and worker) → [`calendar`] (working days) → [`rules`] (rule
//! pack specs → compiled rules) → [`engine`] (rules × children in parallel → results) →
//! [`report`] (one report → CSV, JSON, HTML, xlsx); [`training`] reads the training
//! records against the course catalogue and judges training needs and impact.

#![forbid(unsafe_code)]

pub mod calendar;
pub mod config;
pub mod criteria;
pub mod engine;
#[doc(hidden)]
pub mod fuzzing;
pub mod ingest;
pub mod inspect;
pub mod limits;
pub mod messages;
pub mod model;
pub mod period;
pub mod plan;
pub mod privacy;
pub mod profile;
pub mod quality;
pub mod report;
pub mod rules;
pub mod run;
pub mod schema;
pub mod training;
