//! Field rules shared by the imports and the edit forms: what a name, a
//! WeChat id, a mainland mobile number, a role, a kind, a date or a tag
//! list may look like.

use crate::model::Message;
use crate::model::{BizDay, GroupKind, PartnerRole};

pub const MAX_NAME_CHARS: usize = 60;

pub fn name(cell: &str) -> Result<String, Message> {
    if cell.is_empty() {
        return Err(Message::new("field.required"));
    }
    if cell.chars().count() > MAX_NAME_CHARS {
        return Err(Message::new("field.tooLong").with("max", MAX_NAME_CHARS));
    }
    if cell.chars().any(char::is_control) {
        return Err(Message::new("field.control"));
    }
    Ok(cell.to_owned())
}

/// WeChat ids are 6–20 letters, digits, `_` or `-`, starting with a letter;
/// old accounts keep a system id `wxid_…`.
pub fn wechat(cell: &str) -> Result<Option<String>, Message> {
    if cell.is_empty() {
        return Ok(None);
    }
    let chars_ok = cell.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    let classic = cell.len() >= 6 && cell.len() <= 20 && cell.starts_with(|c: char| c.is_ascii_alphabetic());
    let system = cell.starts_with("wxid_") && cell.len() <= 40;
    if chars_ok && (classic || system) {
        Ok(Some(cell.to_owned()))
    } else {
        Err(Message::new("field.wechat").with("value", cell))
    }
}

/// A mainland mobile number, stored as its 11 digits; spaces, dashes and a
/// `+86` prefix are accepted.
pub fn phone(cell: &str) -> Result<Option<String>, Message> {
    if cell.is_empty() {
        return Ok(None);
    }
    let digits: String = cell.chars().filter(|c| !matches!(c, ' ' | '-' | '(' | ')')).collect();
    let digits = digits.strip_prefix("+86").or_else(|| digits.strip_prefix("0086")).unwrap_or(&digits);
    let digits = if digits.len() == 13 { digits.strip_prefix("86").unwrap_or(digits) } else { digits };
    let valid = digits.len() == 11
        && digits.starts_with('1')
        && digits[1..2].chars().all(|c| ('3'..='9').contains(&c))
        && digits.chars().all(|c| c.is_ascii_digit());
    if valid {
        Ok(Some(digits.to_owned()))
    } else {
        Err(Message::new("field.phone").with("value", cell))
    }
}

pub fn role(cell: &str) -> Result<PartnerRole, Message> {
    let role = match cell.trim().to_lowercase().as_str() {
        "" | "会员" | "member" => PartnerRole::Member,
        "团长" | "leader" => PartnerRole::Leader,
        "店长" | "shopkeeper" => PartnerRole::Shopkeeper,
        "创客" | "maker" => PartnerRole::Maker,
        "推手" | "pusher" => PartnerRole::Pusher,
        _ => return Err(Message::new("field.role").with("value", cell)),
    };
    Ok(role)
}

pub fn kind(cell: &str) -> Result<GroupKind, Message> {
    let kind = match cell.trim().to_lowercase().as_str() {
        "" | "其他" | "other" => GroupKind::Other,
        "爆品群" | "爆品" | "sales" => GroupKind::Sales,
        "培训群" | "培训" | "training" => GroupKind::Training,
        "推荐群" | "推荐" | "deals" => GroupKind::Deals,
        _ => return Err(Message::new("field.kind").with("value", cell)),
    };
    Ok(kind)
}

/// `2026-11-23`, `2026/11/23`, `2026.11.23` or `2026年11月23日`, not after today.
pub fn day(cell: &str, today: BizDay) -> Result<Option<BizDay>, Message> {
    if cell.is_empty() {
        return Ok(None);
    }
    let normalized: String = cell
        .trim_end_matches('日')
        .chars()
        .map(|c| if matches!(c, '/' | '.' | '年' | '月') { '-' } else { c })
        .collect();
    // The one day rule: four-digit years 1900 to 2100, no sign.
    let day = BizDay::parse(&normalized).ok_or_else(|| Message::new("field.date").with("value", cell))?;
    if day > today {
        return Err(Message::new("field.future").with("value", cell));
    }
    Ok(Some(day))
}

pub const MAX_TAGS: usize = 10;
pub const MAX_TAG_CHARS: usize = 20;

/// Trimmed, blank ones dropped, repeats kept once, in the order given.
pub fn tags(given: &[String]) -> Result<Vec<String>, Message> {
    let mut tags: Vec<String> = Vec::new();
    for tag in given.iter().map(|t| t.trim()).filter(|t| !t.is_empty()) {
        if tag.chars().count() > MAX_TAG_CHARS {
            return Err(Message::new("field.tagTooLong").with("tag", tag).with("max", MAX_TAG_CHARS));
        }
        if !tags.iter().any(|t| t == tag) {
            tags.push(tag.to_owned());
        }
    }
    if tags.len() > MAX_TAGS {
        return Err(Message::new("field.tooManyTags").with("max", MAX_TAGS));
    }
    Ok(tags)
}

pub fn count(cell: &str, max: i64) -> Result<Option<i64>, Message> {
    if cell.is_empty() {
        return Ok(None);
    }
    match cell.parse::<i64>() {
        Ok(n) if (0..=max).contains(&n) => Ok(Some(n)),
        _ => Err(Message::new("field.count").with("max", max).with("value", cell)),
    }
}

pub fn position_id(cell: &str) -> Result<Option<i64>, Message> {
    if cell.is_empty() {
        return Ok(None);
    }
    match cell.parse::<i64>() {
        Ok(n) if n > 0 => Ok(Some(n)),
        _ => Err(Message::new("field.positionId").with("value", cell)),
    }
}

/// A positive int64 in decimal, kept without the leading zeros she may
/// type, as the platforms send such ids (a JD position, a 淘宝联盟 id or
/// `adzone_id`).
pub fn decimal_id(cell: &str) -> Option<String> {
    if !cell.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    cell.parse::<i64>().ok().filter(|n| *n > 0).map(|n| n.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phones_are_normalized_or_refused() {
        assert_eq!(phone("138 0013 8000").unwrap().as_deref(), Some("13800138000"));
        assert_eq!(phone("+86-138-0013-8000").unwrap().as_deref(), Some("13800138000"));
        assert_eq!(phone("8613800138000").unwrap().as_deref(), Some("13800138000"));
        for bad in ["1380013800", "12800138000", "1380013800a", "010-12345678"] {
            assert!(phone(bad).is_err(), "{bad}");
        }
        assert_eq!(phone("").unwrap(), None);
    }

    #[test]
    fn wechat_ids_follow_wechat_rules() {
        assert!(wechat("wangfang_88").is_ok());
        assert!(wechat("wxid_abc123xyz").is_ok());
        for bad in ["12345678", "ab", "wang fang", "王芳wx", "<script>"] {
            assert!(wechat(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn words_and_dates_as_spreadsheets_write_them() {
        let today = BizDay::from_int(20261123).unwrap();
        assert_eq!(role("店长").unwrap(), PartnerRole::Shopkeeper);
        assert_eq!(role("").unwrap(), PartnerRole::Member);
        assert!(role("老板").is_err());
        assert_eq!(kind("培训群").unwrap(), GroupKind::Training);
        for text in ["2025-03-08", "2025/3/8", "2025.03.08", "2025年3月8日"] {
            assert_eq!(day(text, today).unwrap().map(BizDay::as_int), Some(20250308), "{text}");
        }
        assert!(day("2026-11-24", today).is_err());
        assert!(day("3/8/2025", today).is_err());
        for text in ["-1-01-01", "0000-01-01", "+2020-01-01", "1899/12/31", "99999年1月1日"] {
            assert_eq!(day(text, today), Err(Message::new("field.date").with("value", text)), "{text}");
        }
        assert!(name(&"名".repeat(61)).is_err());
        assert_eq!(count("180", 500).unwrap(), Some(180));
        assert!(count("501", 500).is_err());
    }
}
