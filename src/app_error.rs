//! The one error that crosses to the UI: a small code set the UI maps to
//! localized text, and a message a user can act on.

use crate::accounts::AccountError;
use crate::materials::MaterialError;
use crate::sync::jd::{ErrorClass, JdError};
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
    /// The form field the message is about, when there is one.
    pub field: Option<String>,
}

impl AppError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> AppError {
        AppError { code, message: message.into(), field: None }
    }

    pub fn at_field(code: ErrorCode, field: &str, message: impl Into<String>) -> AppError {
        AppError { code, message: message.into(), field: Some(field.to_owned()) }
    }
}

impl From<crate::groups::GroupError> for AppError {
    fn from(error: crate::groups::GroupError) -> AppError {
        use crate::groups::GroupError;
        match error {
            GroupError::Invalid { field, message } => AppError::at_field(ErrorCode::Validation, field, message),
            GroupError::Conflict { field, message } => AppError::at_field(ErrorCode::Conflict, field, message),
            GroupError::NotFound(id) => AppError::new(ErrorCode::NotFound, format!("没有这个社群 / no group {id}")),
            GroupError::Store(e) => e.into(),
        }
    }
}

impl From<crate::team::PartnerError> for AppError {
    fn from(error: crate::team::PartnerError) -> AppError {
        use crate::team::PartnerError;
        match error {
            PartnerError::Invalid { field, message } => AppError::at_field(ErrorCode::Validation, field, message),
            PartnerError::Conflict { field, message } => AppError::at_field(ErrorCode::Conflict, field, message),
            PartnerError::NotFound(_) => AppError::new(ErrorCode::NotFound, error.to_string()),
            PartnerError::Store(e) => e.into(),
        }
    }
}

impl From<crate::positions::PositionError> for AppError {
    fn from(error: crate::positions::PositionError) -> AppError {
        use crate::positions::PositionError;
        match error {
            PositionError::BadName => AppError::at_field(ErrorCode::Validation, "position_name", error.to_string()),
            PositionError::Platform(e) => e.into(),
            PositionError::Store(e) => e.into(),
        }
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

fn platform_code(class: Option<ErrorClass>) -> ErrorCode {
    match class {
        Some(ErrorClass::Credentials) => ErrorCode::Unauthorized,
        Some(ErrorClass::Offline | ErrorClass::Transient | ErrorClass::RateLimited) => ErrorCode::Offline,
        Some(ErrorClass::Rejected) => ErrorCode::Validation,
        Some(ErrorClass::WindowTooLarge) | None => ErrorCode::Internal,
    }
}

impl From<SyncError> for AppError {
    fn from(error: SyncError) -> AppError {
        AppError::new(platform_code(error.class()), error.to_string())
    }
}

impl From<JdError> for AppError {
    fn from(error: JdError) -> AppError {
        let advice = error.advice_zh();
        AppError::new(platform_code(Some(error.class())), format!("{error} —— {advice}"))
    }
}

impl From<ServiceError> for AppError {
    fn from(error: ServiceError) -> AppError {
        match error {
            ServiceError::Account(e) => e.into(),
            ServiceError::Sync(e) => e.into(),
            ServiceError::Client(e) => e.into(),
        }
    }
}
