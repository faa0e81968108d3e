//! The platforms she earns on: the JD Union client and the sandbox that imitates it.

pub mod jd;
pub mod sandbox;
