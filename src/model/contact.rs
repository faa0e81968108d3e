//! Contact masking: other people's phones and WeChat ids are shown only in part unless she asks.

/// `138****8000`: enough to recognise, not enough to call.
pub fn mask_phone(phone: &str) -> String {
    mask(phone, 3, 4)
}

/// `wa******01`.
pub fn mask_wechat(wechat: &str) -> String {
    mask(wechat, 2, 2)
}

fn mask(text: &str, keep_start: usize, keep_end: usize) -> String {
    let chars: Vec<char> = text.chars().collect();
    if chars.len() <= keep_start + keep_end {
        return "*".repeat(chars.len());
    }
    let hidden = chars.len() - keep_start - keep_end;
    chars[..keep_start]
        .iter()
        .chain(std::iter::repeat_n(&'*', hidden))
        .chain(&chars[chars.len() - keep_end..])
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contacts_are_masked_to_recognise_not_to_call() {
        assert_eq!(mask_phone("13800138000"), "138****8000");
        assert_eq!(mask_wechat("wangfang01"), "wa******01");
        assert_eq!(mask_wechat("abc"), "***");
    }
}
