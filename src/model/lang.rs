//! The languages the window and the CLI speak: Chinese first, English second.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    Zh,
    En,
}

impl Lang {
    /// The CLI's language: `TUANZHANG_LANG`, else the locale (`LC_ALL`,
    /// `LANG`); Chinese unless one of them asks for English.
    pub fn from_env() -> Lang {
        ["TUANZHANG_LANG", "LC_ALL", "LANG"]
            .iter()
            .find_map(|name| std::env::var(name).ok().filter(|v| !v.is_empty()))
            .map_or(Lang::Zh, |code| Lang::parse(&code))
    }

    /// `en…` is English; anything else is Chinese, the default.
    pub fn parse(code: &str) -> Lang {
        if code.starts_with("en") {
            Lang::En
        } else {
            Lang::Zh
        }
    }
}
