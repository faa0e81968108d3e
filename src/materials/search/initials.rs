//! A title's pinyin initials (红包秒杀 → hbms), so a trainer typing on a
//! Latin keyboard finds it by the first letters she would type anyway.

use pinyin::ToPinyin;

/// Each Chinese character as its pinyin's first letter, Latin letters and
/// digits as themselves (folded), anything else a break: the same runs as
/// the title's own text.
pub fn initials(title: &str) -> String {
    let mut out = String::with_capacity(title.len());
    for (c, reading) in title.chars().zip(title.to_pinyin()) {
        match reading {
            Some(reading) => out.push_str(reading.first_letter()),
            None => match super::grams::fold(c) {
                Some(folded) if folded.is_ascii_alphanumeric() => out.push(folded),
                _ => out.push(' '),
            },
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::initials;

    #[test]
    fn chinese_as_initials_latin_and_digits_as_they_are() {
        assert_eq!(initials("红包秒杀"), "hbms");
        assert_eq!(initials("双11 面膜VIP"), "s11 mmvip");
        assert_eq!(initials("早安！"), "za ");
    }
}
