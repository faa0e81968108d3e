//! The platforms she earns on: the JD Union client and the sandbox that
//! imitates it; 多多进宝 and 淘宝联盟 as far as their signing.

pub mod jd;
pub mod pdd;
pub mod sandbox;
pub mod signing;
pub mod taobao;
