//! The matched text marked for the window: a title or a stretch of body cut
//! into segments, each hit or not. Segments are plain text (the window
//! renders them as text, never as markup).

use super::grams::{fold, Term};
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct Segment {
    pub text: String,
    pub hit: bool,
}

/// Which characters of `chars` a term covers, compared folded, as the index does.
fn covered(chars: &[char], terms: &[Term]) -> Vec<bool> {
    let folded: Vec<Option<char>> = chars.iter().map(|c| fold(*c)).collect();
    let mut hit = vec![false; chars.len()];
    for term in terms {
        let wanted = term.chars();
        if wanted.is_empty() || wanted.len() > folded.len() {
            continue;
        }
        for start in 0..=folded.len() - wanted.len() {
            let window = &folded[start..start + wanted.len()];
            if window.iter().zip(&wanted).all(|(have, want)| *have == Some(*want)) {
                hit[start..start + wanted.len()].iter_mut().for_each(|h| *h = true);
            }
        }
    }
    hit
}

fn segments(chars: &[char], hit: &[bool]) -> Vec<Segment> {
    let mut out: Vec<Segment> = Vec::new();
    for (c, h) in chars.iter().zip(hit) {
        match out.last_mut() {
            Some(last) if last.hit == *h => last.text.push(*c),
            _ => out.push(Segment { text: c.to_string(), hit: *h }),
        }
    }
    out
}

/// All of `text`, its hits marked.
pub fn whole(text: &str, terms: &[Term]) -> Vec<Segment> {
    let chars: Vec<char> = text.chars().collect();
    let hit = covered(&chars, terms);
    segments(&chars, &hit)
}

const BEFORE: usize = 24;
const SNIPPET_CHARS: usize = 90;

/// A stretch of `text` around its first hit (its start when none), on one
/// line, cut ends marked with …
pub fn snippet(text: &str, terms: &[Term]) -> Vec<Segment> {
    let chars: Vec<char> = text.chars().map(|c| if c.is_whitespace() { ' ' } else { c }).collect();
    let hit = covered(&chars, terms);
    let first = hit.iter().position(|h| *h).unwrap_or(0);
    let start = first.saturating_sub(BEFORE);
    let end = (start + SNIPPET_CHARS).min(chars.len());
    let mut out = segments(&chars[start..end], &hit[start..end]);
    if start > 0 {
        out.insert(0, Segment { text: "…".into(), hit: false });
    }
    if end < chars.len() {
        out.push(Segment { text: "…".into(), hit: false });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::grams::terms;
    use super::*;

    fn marked(segments: &[Segment]) -> String {
        segments.iter().map(|s| if s.hit { format!("[{}]", s.text) } else { s.text.clone() }).collect()
    }

    #[test]
    fn hits_are_marked_folded_as_the_index_folds() {
        assert_eq!(marked(&whole("双11红包，ＶＩＰ专享红包", &terms("红包 vip"))), "双11[红包]，[ＶＩＰ]专享[红包]");
        assert_eq!(marked(&whole("<b>团</b>", &terms("团"))), "<b>[团]</b>");
    }

    #[test]
    fn a_snippet_is_one_line_around_the_first_hit() {
        let body = format!("{}\n面膜今天半价{}", "开".repeat(60), "尾".repeat(100));
        let snippet = marked(&snippet(&body, &terms("面膜")));
        assert!(snippet.starts_with('…') && snippet.ends_with('…'), "{snippet}");
        assert!(snippet.contains(" [面膜]今天半价"), "{snippet}");
        assert_eq!(snippet.chars().filter(|c| *c == '开').count(), BEFORE - 1);
    }
}
