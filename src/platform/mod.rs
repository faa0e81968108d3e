//! The platforms she earns on: the JD Union client, the sandbox that imitates it, and demo mode.

pub mod demo;
pub mod jd;
pub mod sandbox;
