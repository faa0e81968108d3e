//! The one error that crosses IPC. Each room turns its own error into it next to that error's enum;
//! the conversions of the shared errors below (forms, the database, months) live here.

use crate::model::{FormError, Message, MonthParseError};
use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt;

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

/// The one error that crosses IPC: a code the UI can branch on, a message
/// key and its parameters the UI words, and the form field it is about.
/// Its `Display` (what traces and logs show) names the code, the key and the
/// field only: the parameters can hold a partner's name or a typed contact.
#[derive(Debug, Clone, Serialize, ts_rs::TS, thiserror::Error)]
#[ts(export)]
#[error("{code:?} {key}{}", field.as_deref().map(|f| format!(" at {f}")).unwrap_or_default())]
pub struct AppError {
    pub code: ErrorCode,
    pub key: String,
    pub params: BTreeMap<String, String>,
    pub field: Option<String>,
}

impl AppError {
    pub fn new(code: ErrorCode, message: Message) -> AppError {
        AppError { code, key: message.key, params: message.params, field: None }
    }

    pub fn at_field(code: ErrorCode, field: &str, message: Message) -> AppError {
        AppError { field: Some(field.to_owned()), ..AppError::new(code, message) }
    }

    /// An unexpected failure: the detail goes to the log, she reads that nothing changed.
    pub fn internal(detail: impl fmt::Display) -> AppError {
        tracing::error!(%detail, "internal error");
        AppError::new(ErrorCode::Internal, Message::new("error.unexpected"))
    }

    pub fn message(&self) -> Message {
        Message { key: self.key.clone(), params: self.params.clone() }
    }
}

impl From<FormError> for AppError {
    fn from(error: FormError) -> AppError {
        match error {
            FormError::Invalid { field, message } => AppError::at_field(ErrorCode::Validation, field, message),
            FormError::Conflict { field, message } => AppError::at_field(ErrorCode::Conflict, field, message),
            FormError::NotFound(message) => AppError::new(ErrorCode::NotFound, message),
            FormError::Store(e) => e.into(),
        }
    }
}

impl From<MonthParseError> for AppError {
    fn from(error: MonthParseError) -> AppError {
        AppError::new(ErrorCode::Validation, Message::new("error.month").with("text", error))
    }
}

impl From<sqlx::Error> for AppError {
    fn from(error: sqlx::Error) -> AppError {
        tracing::error!(%error, "database error");
        AppError::new(ErrorCode::Internal, Message::new("error.database"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_error_in_a_log_names_its_key_and_field_but_none_of_her_data() {
        let error =
            AppError::at_field(ErrorCode::Conflict, "wechat", Message::new("team.contact.taken").with("other", "王芳"));
        assert_eq!(error.to_string(), "Conflict team.contact.taken at wechat");
    }
}
