//! 淘宝联盟 (`taobao.tbk.*`): its signing first; the order client and its
//! sandbox follow (`../shared/PLATFORMS.md`, part B).

pub mod sign;
