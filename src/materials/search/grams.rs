//! Text cut into the grams the search index holds. Chinese has no spaces,
//! and a trigram index cannot find the one- and two-character words a
//! trainer types most (团, 红包, 面膜), so every run of letters and digits
//! is indexed as its single characters and as its overlapping pairs: a
//! one-character query looks up singles, a longer one the phrase of its
//! pairs, which matches exactly where the query occurs as written.

/// One character as the index and the query both see it: lower case, and
/// full-width Latin letters and digits (ＶＩＰ, １２) as their ASCII forms.
/// `None` for what is not a letter or a digit (space, punctuation, emoji),
/// which ends a run.
pub fn fold(c: char) -> Option<char> {
    let c = match u32::from(c) {
        0xFF01..=0xFF5E => char::from_u32(u32::from(c) - 0xFEE0).unwrap_or(c),
        _ => c,
    };
    if !c.is_alphanumeric() {
        return None;
    }
    // A character whose lower case is several (İ) keeps its first.
    c.to_lowercase().next()
}

/// The runs of letters and digits in `text`, folded.
pub fn runs(text: &str) -> Vec<Vec<char>> {
    let mut runs = Vec::new();
    let mut run = Vec::new();
    for c in text.chars() {
        match fold(c) {
            Some(folded) => run.push(folded),
            None if run.is_empty() => {}
            None => runs.push(std::mem::take(&mut run)),
        }
    }
    if !run.is_empty() {
        runs.push(run);
    }
    runs
}

/// What one field of a material puts in the index.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Indexed {
    /// Every letter and digit, space-separated.
    pub singles: String,
    /// Every pair of neighbours within a run, space-separated, in order.
    pub pairs: String,
}

pub fn index(text: &str) -> Indexed {
    let mut indexed = Indexed::default();
    for run in runs(text) {
        for (i, c) in run.iter().enumerate() {
            push_word(&mut indexed.singles, std::iter::once(*c));
            if let Some(next) = run.get(i + 1) {
                push_word(&mut indexed.pairs, [*c, *next].into_iter());
            }
        }
    }
    indexed
}

fn push_word(into: &mut String, word: impl Iterator<Item = char>) {
    if !into.is_empty() {
        into.push(' ');
    }
    into.extend(word);
}

/// One word of a query, as the index is asked for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Term {
    /// One character: looked up among the singles.
    Single(char),
    /// Two or more: the phrase of its pairs. `latin` when every character
    /// is an ASCII letter or digit, which may also be a title's pinyin
    /// initials (hb for 红包).
    Phrase { chars: Vec<char>, latin: bool },
}

impl Term {
    /// The FTS5 phrase for this term: its grams in double quotes. Grams are
    /// letters and digits only, so nothing typed can break out of the quotes.
    pub fn phrase(&self) -> String {
        match self {
            Term::Single(c) => format!("\"{c}\""),
            Term::Phrase { chars, .. } => {
                let pairs: Vec<String> = chars.windows(2).map(|w| w.iter().collect()).collect();
                format!("\"{}\"", pairs.join(" "))
            }
        }
    }

    pub fn chars(&self) -> Vec<char> {
        match self {
            Term::Single(c) => vec![*c],
            Term::Phrase { chars, .. } => chars.clone(),
        }
    }
}

/// At most this many words of a query are looked up; the rest add nothing
/// a trainer needs and would only make the lookup longer.
pub const MAX_TERMS: usize = 8;
/// A word longer than this is cut: no title or tag is longer.
pub const MAX_TERM_CHARS: usize = 64;

/// The words of a query: each run of letters and digits (spaces and
/// punctuation separate words), duplicates dropped, bounded in number and
/// length.
pub fn terms(query: &str) -> Vec<Term> {
    let mut terms: Vec<Term> = Vec::new();
    for mut run in runs(query) {
        run.truncate(MAX_TERM_CHARS);
        let term = match run.as_slice() {
            [c] => Term::Single(*c),
            _ => Term::Phrase { latin: run.iter().all(char::is_ascii_alphanumeric), chars: run },
        };
        if !terms.contains(&term) {
            terms.push(term);
        }
        if terms.len() == MAX_TERMS {
            break;
        }
    }
    terms
}

/// Whether every term occurs in `text` as written (folded, within a run),
/// as the index would find it.
pub fn contains_all(text: &str, terms: &[Term]) -> bool {
    let runs = runs(text);
    terms.iter().all(|term| {
        let wanted = term.chars();
        runs.iter().any(|run| run.windows(wanted.len()).any(|w| w == wanted.as_slice()))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_is_indexed_as_singles_and_pairs_within_runs() {
        let indexed = index("红包，面膜!");
        assert_eq!(indexed.singles, "红 包 面 膜");
        assert_eq!(indexed.pairs, "红包 面膜");
    }

    #[test]
    fn latin_and_digits_fold_case_and_width() {
        let indexed = index("ＶＩＰ群 iPhone15");
        assert_eq!(indexed.singles, "v i p 群 i p h o n e 1 5");
        assert_eq!(indexed.pairs, "vi ip p群 ip ph ho on ne e1 15");
    }

    #[test]
    fn a_query_is_its_words_each_as_a_phrase_of_pairs() {
        let terms = terms("团  面膜套装, HB  面膜套装");
        assert_eq!(terms.len(), 3, "duplicates dropped: {terms:?}");
        assert_eq!(terms[0].phrase(), "\"团\"");
        assert_eq!(terms[1].phrase(), "\"面膜 膜套 套装\"");
        assert_eq!(terms[2], Term::Phrase { chars: vec!['h', 'b'], latin: true });
    }

    #[test]
    fn quotes_and_operators_typed_in_a_query_never_reach_the_index() {
        let terms = terms("\" OR * NEAR( 红\"包 -");
        let phrases: Vec<String> = terms.iter().map(Term::phrase).collect();
        assert_eq!(phrases, ["\"or\"", "\"ne ea ar\"", "\"红\"", "\"包\""]);
    }

    #[test]
    fn a_query_is_bounded() {
        let long: String = std::iter::repeat_n('团', 500).collect();
        let many = (0..100).map(|i| format!("w{i}")).collect::<Vec<_>>().join(" ");
        assert_eq!(terms(&long)[0].chars().len(), MAX_TERM_CHARS);
        assert_eq!(terms(&many).len(), MAX_TERMS);
        assert!(terms("，。！ 🎉").is_empty());
    }
}
