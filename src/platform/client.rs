//! Whichever platform an account is on: its client, and what the sync
//! engine asks of every client alike.

use super::http::Credentials;
use super::jd::JdClient;
use super::pdd::{PddClient, PddSubsidy};
use super::taobao::TaobaoClient;
use super::PlatformError;
use crate::model::{EpochSecs, OrderRow, Platform, RejectedRow};
use serde_json::value::RawValue;
use std::time::Duration;

pub enum PlatformClient {
    Jd(JdClient),
    Pdd(PddClient),
    Taobao(TaobaoClient),
}

impl PlatformClient {
    pub fn new(
        platform: Platform,
        credentials: Credentials,
        timeout: Duration,
    ) -> Result<PlatformClient, PlatformError> {
        Ok(match platform {
            Platform::Jd => PlatformClient::Jd(JdClient::new(credentials, timeout)?),
            Platform::Pdd => PlatformClient::Pdd(PddClient::new(credentials, timeout)?),
            Platform::Taobao => PlatformClient::Taobao(TaobaoClient::new(credentials, timeout)?),
        })
    }

    /// Asks the gateway for its time.
    pub async fn calibrate(&self) -> Result<EpochSecs, PlatformError> {
        match self {
            PlatformClient::Jd(client) => client.calibrate().await,
            PlatformClient::Pdd(client) => client.calibrate().await,
            PlatformClient::Taobao(client) => client.calibrate().await,
        }
    }

    pub fn gateway(&self) -> &str {
        match self {
            PlatformClient::Jd(client) => client.gateway(),
            PlatformClient::Pdd(client) => client.gateway(),
            PlatformClient::Taobao(client) => client.gateway(),
        }
    }

    /// How far the platform's clock is from this laptop's, from the answers so far.
    pub fn clock_offset_secs(&self) -> i64 {
        match self {
            PlatformClient::Jd(client) => client.clock_offset_secs(),
            PlatformClient::Pdd(client) => client.clock_offset_secs(),
            PlatformClient::Taobao(client) => client.clock_offset_secs(),
        }
    }
}

/// Reads one row set aside earlier, with the reader of its platform, and
/// 多多进宝's subsidy fields beside it, which are kept apart as on a page.
pub fn read_row(platform: Platform, raw: &RawValue) -> Result<(OrderRow, Option<PddSubsidy>), RejectedRow> {
    match platform {
        Platform::Jd => super::jd::read_row(raw).map(|row| (row, None)),
        Platform::Pdd => super::pdd::wire::read_row(raw).map(|(row, subsidy)| (row, Some(subsidy))),
        Platform::Taobao => super::taobao::read_row(raw).map(|row| (row, None)),
    }
}
