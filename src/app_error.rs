//! The one error that crosses to the UI: a small code set the UI maps to
//! localized text, and a message a user can act on.

use crate::accounts::AccountError;
use crate::materials::MaterialError;
use crate::sync::jd::ErrorClass;
use crate::sync::service::ServiceError;
use crate::sync::SyncError;
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ts_rs::TS)]
#[ts(export)]
pub enum ErrorCode {
    Validation,
    NotFound,
    Conflict,
    Offline,
    Unauthorized,
    Internal,
}

#[derive(Debug, Clone, Serialize, ts_rs::TS, thiserror::Error)]
#[ts(export)]
#[error("{message}")]
pub struct AppError {
    pub code: ErrorCode,
    pub message: String,
}

impl AppError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> AppError {
        AppError { code, message: message.into() }
    }
}

impl From<crate::model::MonthParseError> for AppError {
    fn from(error: crate::model::MonthParseError) -> AppError {
        AppError::new(ErrorCode::Validation, format!("月份格式应为 2026-11 / {error}"))
    }
}

impl From<sqlx::Error> for AppError {
    fn from(error: sqlx::Error) -> AppError {
        tracing::error!(%error, "database error");
        AppError::new(ErrorCode::Internal, format!("本地数据库错误，数据未改变 / database error: {error}"))
    }
}

impl From<MaterialError> for AppError {
    fn from(error: MaterialError) -> AppError {
        match error {
            MaterialError::Store(e) => e.into(),
            other => AppError::new(ErrorCode::Validation, other.to_string()),
        }
    }
}

impl From<AccountError> for AppError {
    fn from(error: AccountError) -> AppError {
        let code = match &error {
            AccountError::Invalid(_) => ErrorCode::Validation,
            AccountError::Missing => ErrorCode::NotFound,
            AccountError::SecretMissing(_) => ErrorCode::Unauthorized,
            AccountError::Secret(_) | AccountError::Store(_) => ErrorCode::Internal,
        };
        AppError::new(code, error.to_string())
    }
}

impl From<SyncError> for AppError {
    fn from(error: SyncError) -> AppError {
        let code = match error.class() {
            Some(ErrorClass::Credentials) => ErrorCode::Unauthorized,
            Some(ErrorClass::Offline | ErrorClass::Transient | ErrorClass::RateLimited) => ErrorCode::Offline,
            Some(_) | None => ErrorCode::Internal,
        };
        AppError::new(code, error.to_string())
    }
}

impl From<ServiceError> for AppError {
    fn from(error: ServiceError) -> AppError {
        match error {
            ServiceError::Account(e) => e.into(),
            ServiceError::Sync(e) => e.into(),
            ServiceError::Client(e) => AppError::new(ErrorCode::Internal, e.to_string()),
        }
    }
}
