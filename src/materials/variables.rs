//! Variables in a material's text, filled at copy time: `{群名}` the chosen
//! group, `{昵称}` the chosen partner, `{日期}` today, `{倒计时:2026-12-12}`
//! the days left, `{链接}` her tracking link. One that cannot be known is
//! asked for, never left blank; an unknown name or a malformed date is
//! refused when the material is saved.

use crate::model::BizDay;
use crate::model::{FormError, Message};
use chrono::Datelike;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A variable's name is short; a longer brace is just text.
const MAX_NAME_CHARS: usize = 24;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Variable {
    /// {群名}
    GroupName,
    /// {昵称}
    Nickname,
    /// {日期}
    Date,
    /// {倒计时:yyyy-MM-dd}
    Countdown,
    /// {链接}
    Link,
}

/// One `{…}` in a text and what it stands for.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Piece<'a> {
    Text(&'a str),
    Var(Variable, Option<BizDay>),
}

/// One pass over the text: after each `{` only a name's length is looked
/// at for its `}`, so a text of many `{` and no `}` is read once, not once
/// per brace.
fn pieces(text: &str) -> Result<Vec<Piece<'_>>, FormError> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        let name_room = after.char_indices().nth(MAX_NAME_CHARS + 1).map_or(after.len(), |(at, _)| at);
        let Some(close) = after[..name_room].find('}') else {
            out.push(Piece::Text(&rest[..open + 1]));
            rest = after;
            continue;
        };
        let inside = &after[..close];
        out.push(Piece::Text(&rest[..open]));
        out.push(variable(inside)?);
        rest = &after[close + 1..];
    }
    out.push(Piece::Text(rest));
    Ok(out)
}

fn variable(inside: &str) -> Result<Piece<'static>, FormError> {
    let unknown = || {
        FormError::invalid(
            "body",
            Message::new("materials.unknownVariable")
                .with("name", inside)
                .with("known", "{群名} {昵称} {日期} {倒计时:2026-12-12} {链接}"),
        )
    };
    let (name, argument) = match inside.split_once([':', '：']) {
        Some((name, argument)) => (name.trim(), Some(argument.trim())),
        None => (inside.trim(), None),
    };
    let variable = match name {
        "群名" => Variable::GroupName,
        "昵称" => Variable::Nickname,
        "日期" => Variable::Date,
        "倒计时" => Variable::Countdown,
        "链接" => Variable::Link,
        _ => return Err(unknown()),
    };
    match (variable, argument) {
        (Variable::Countdown, Some(day)) => match BizDay::parse(day) {
            Some(day) => Ok(Piece::Var(variable, Some(day))),
            None => Err(FormError::invalid("body", Message::new("materials.countdownDate").with("value", day))),
        },
        (Variable::Countdown, None) => {
            Err(FormError::invalid("body", Message::new("materials.countdownDate").with("value", "")))
        }
        (_, None) => Ok(Piece::Var(variable, None)),
        (_, Some(_)) => Err(unknown()),
    }
}

/// Refuses a text with an unknown variable or a malformed countdown date.
pub fn check(text: &str) -> Result<(), FormError> {
    pieces(text).map(|_| ())
}

/// The variables a text uses, each once, in a stable order.
pub fn used(text: &str) -> Vec<Variable> {
    let mut used: Vec<Variable> = pieces(text)
        .unwrap_or_default()
        .into_iter()
        .filter_map(|p| match p {
            Piece::Var(v, _) => Some(v),
            Piece::Text(_) => None,
        })
        .collect();
    used.sort();
    used.dedup();
    used
}

/// What is known at copy time; answers typed by her fill the rest.
#[derive(Debug, Clone, Default, Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct Values {
    #[serde(default)]
    pub group_name: Option<String>,
    #[serde(default)]
    pub nickname: Option<String>,
    #[serde(default)]
    pub link: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
#[serde(tag = "outcome", rename_all = "snake_case")]
#[ts(export)]
pub enum Filled {
    Ready {
        text: String,
    },
    /// These are not known: ask her, then fill again with her answers.
    Needs {
        variables: Vec<Variable>,
    },
}

/// `text` with every variable filled, or the ones still to ask for.
pub fn fill(text: &str, values: &Values, today: BizDay) -> Result<Filled, FormError> {
    let known = |value: &Option<String>| value.as_deref().map(str::trim).filter(|v| !v.is_empty()).map(str::to_owned);
    let mut out = String::with_capacity(text.len());
    let mut missing: BTreeMap<Variable, ()> = BTreeMap::new();
    for piece in pieces(text)? {
        let value = match piece {
            Piece::Text(text) => Some(text.to_owned()),
            Piece::Var(Variable::GroupName, _) => known(&values.group_name),
            Piece::Var(Variable::Nickname, _) => known(&values.nickname),
            Piece::Var(Variable::Link, _) => known(&values.link),
            Piece::Var(Variable::Date, _) => Some(format!("{}月{}日", today.date().month(), today.date().day())),
            Piece::Var(Variable::Countdown, day) => {
                day.map(|day| (day.date() - today.date()).num_days().max(0).to_string())
            }
        };
        match (value, piece) {
            (Some(value), _) => out.push_str(&value),
            (None, Piece::Var(variable, _)) => {
                missing.insert(variable, ());
            }
            (None, Piece::Text(_)) => {}
        }
    }
    if missing.is_empty() {
        Ok(Filled::Ready { text: out })
    } else {
        Ok(Filled::Needs { variables: missing.into_keys().collect() })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> BizDay {
        BizDay::parse(text).expect("a day")
    }

    #[test]
    fn every_variable_is_filled_from_the_group_partner_and_today() {
        let values = Values {
            group_name: Some("宝妈好物1群".into()),
            nickname: Some("小雨".into()),
            link: Some("https://u.jd.com/abc".into()),
        };
        let text = "欢迎{昵称}来到{群名}！{日期}，离双12还有{倒计时:2026-12-12}天：{链接}";
        assert_eq!(
            fill(text, &values, day("2026-12-01")).expect("fills"),
            Filled::Ready {
                text: "欢迎小雨来到宝妈好物1群！12月1日，离双12还有11天：https://u.jd.com/abc".into()
            }
        );
        assert_eq!(
            fill("{倒计时：2026-12-12}", &values, day("2026-12-20")).expect("fills"),
            Filled::Ready { text: "0".into() }
        );
    }

    #[test]
    fn what_cannot_be_known_is_asked_for_never_left_blank() {
        let values = Values { group_name: Some("  ".into()), ..Values::default() };
        assert_eq!(
            fill("{链接} {群名} {链接}", &values, day("2026-12-01")).expect("checks"),
            Filled::Needs { variables: vec![Variable::GroupName, Variable::Link] }
        );
    }

    #[test]
    fn an_unknown_name_or_a_bad_date_is_refused_plain_braces_are_text() {
        assert!(matches!(check("{群主}"), Err(FormError::Invalid { field: "body", .. })));
        assert!(matches!(check("{倒计时:2026-13-40}"), Err(FormError::Invalid { field: "body", .. })));
        assert!(matches!(check("{倒计时}"), Err(FormError::Invalid { .. })));
        assert!(matches!(check("{日期:明天}"), Err(FormError::Invalid { .. })));
        let plain = "价格 {  没有闭合，和一段很长很长很长很长很长很长很长很长很长很长很长的括号} 以及 }";
        assert!(check(plain).is_ok());
        assert_eq!(
            fill(plain, &Values::default(), day("2026-12-01")).expect("fills"),
            Filled::Ready { text: plain.into() }
        );
        assert_eq!(used("{链接}{日期}{链接}"), [Variable::Date, Variable::Link]);
    }

    #[test]
    fn a_huge_text_of_open_braces_is_read_once() {
        // Scanned to the end after each brace, this is 5 * 10^11 steps.
        let braces = "{".repeat(1_000_000);
        assert!(check(&braces).is_ok());
        let far = format!("{{{}}}", "字".repeat(MAX_NAME_CHARS + 1));
        assert_eq!(used(&format!("{braces}{far}{{链接}}")), [Variable::Link]);
        assert!(check(&format!("{{{}}}", "字".repeat(MAX_NAME_CHARS))).is_err(), "a name's length is still a name");
    }
}
