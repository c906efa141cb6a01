//! Tokenize: normalised text, words with their spans, stems, and shingles hashed to integers.
//!
//! Normalisation is Unicode NFKC (so ligatures, full-width forms and the like compare equal to
//! their plain forms), lower case, and every white-space run folded to one space, trimmed.
//! It is the same as the Python baseline's `" ".join(text.lower().split())` except for NFKC,
//! which changes 75 of the 9,418 ToTA articles ("…" -> "...", "º" -> "o"); see BENCHMARKS.md
//! for its effect on pairs.
//!
//! Words are maximal runs of letters, digits, marks and `_` (what `\w+` matches), so word
//! features are the ones scikit-learn's `TfidfVectorizer` builds (it keeps words of two or more
//! characters); UAX-29 word segmentation would split "9.1" and "don't" differently from the
//! baseline the benchmark checks against.

use rust_stemmers::{Algorithm, Stemmer};
use rustc_hash::FxHashMap;
use std::borrow::Cow;
use unicode_normalization::UnicodeNormalization;

/// White space as Python's `str.split()` sees it: Unicode White_Space plus U+001C..U+001F.
pub fn is_space(c: char) -> bool {
    c.is_whitespace() || ('\u{1c}'..='\u{1f}').contains(&c)
}

/// NFKC (when `nfkc`), lower case, white-space runs folded to one space, trimmed.
pub fn normalize(text: &str, nfkc: bool) -> String {
    if text.is_ascii() {
        let mut out = String::with_capacity(text.len());
        let mut space = false;
        for &b in text.as_bytes() {
            if matches!(b, b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r' | 0x1c..=0x1f) {
                space = !out.is_empty();
            } else {
                if space {
                    out.push(' ');
                    space = false;
                }
                out.push(b.to_ascii_lowercase() as char);
            }
        }
        return out;
    }
    let composed: Cow<str> = if nfkc {
        Cow::Owned(text.nfkc().collect())
    } else {
        Cow::Borrowed(text)
    };
    let lower = composed.to_lowercase();
    let mut out = String::with_capacity(lower.len());
    for w in lower.split(is_space).filter(|w| !w.is_empty()) {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    out
}

/// The key of a character n-gram: the code points packed exactly when they fit (n ≤ 5 and all
/// below U+1000, which covers Latin, Greek, Cyrillic, Arabic and Hebrew script), otherwise a
/// 63-bit hash with the top bit set, so packed and hashed keys never meet.
fn gram_key(window: &[u32]) -> u64 {
    if window.len() <= 5 && window.iter().all(|&c| c < 0x1000) {
        window.iter().fold(0u64, |k, &c| (k << 12) | c as u64)
    } else {
        let h = window
            .iter()
            .fold(0x9e37_79b9_7f4a_7c15u64, |h, &c| mix(h ^ c as u64));
        h | (1 << 63)
    }
}

/// splitmix64's finaliser: a fixed, platform-independent 64-bit mix.
pub fn mix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// The set of character `n`-grams of normalised text, as sorted, distinct keys. Text shorter
/// than `n` characters has none.
pub fn char_shingles(norm: &str, n: usize) -> Vec<u64> {
    let mut keys = char_shingles_all(norm, n);
    keys.sort_unstable();
    keys.dedup();
    keys
}

/// Every character `n`-gram of normalised text in order, repeats included.
pub fn char_shingles_all(norm: &str, n: usize) -> Vec<u64> {
    let n = n.max(1);
    let mut keys = Vec::with_capacity(norm.len());
    if norm.is_ascii() && n <= 5 {
        let b = norm.as_bytes();
        if b.len() >= n {
            let mask = if n == 5 {
                (1u64 << 60) - 1
            } else {
                (1u64 << (12 * n)) - 1
            };
            let mut k = 0u64;
            for (i, &c) in b.iter().enumerate() {
                k = ((k << 12) | c as u64) & mask;
                if i + 1 >= n {
                    keys.push(k);
                }
            }
        }
    } else {
        let cps: Vec<u32> = norm.chars().map(|c| c as u32).collect();
        keys.extend(cps.windows(n).map(gram_key));
    }
    keys
}

/// Shingle keys made a multiset: the `k`-th repeat of a key (`k >= 1`) becomes a key of its
/// own, so that the Jaccard similarity of the resulting sets is the multiset one (sum of the
/// smaller counts over sum of the larger): "of a Party ... of the Party" and "of the Party
/// ... of the Party" then differ. Takes the keys with their repeats, returns them sorted and
/// distinct.
pub fn counted(mut keys: Vec<u64>) -> Vec<u64> {
    keys.sort_unstable();
    let (mut k, mut prev) = (0u64, None);
    for key in keys.iter_mut() {
        if prev == Some(*key) {
            k += 1;
            *key = mix(*key ^ k.wrapping_mul(0xd6e8_feb8_6659_fd93));
        } else {
            (k, prev) = (0, Some(*key));
        }
    }
    keys.sort_unstable();
    keys.dedup();
    keys
}

/// A word of the original text: its byte span there and its normalised form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    pub start: usize,
    pub end: usize,
    pub norm: String,
}

/// Whether `c` belongs to a word: a letter, digit, mark or `_` (what `\w` matches).
pub fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_' || unicode_mark(c)
}

fn unicode_mark(c: char) -> bool {
    // Combining marks keep a word whole ("é" written as e + U+0301).
    matches!(c as u32, 0x0300..=0x036F | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF | 0xFE20..=0xFE2F)
}

/// The words of `text` (runs of word characters) with their spans, in lower case and, with
/// `nfkc`, NFKC-normalised.
pub fn words(text: &str, nfkc: bool) -> Vec<Word> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        match (is_word_char(c), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                out.push(word(text, s, i, nfkc));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push(word(text, s, text.len(), nfkc));
    }
    out
}

fn word(text: &str, start: usize, end: usize, nfkc: bool) -> Word {
    Word {
        start,
        end,
        norm: normalize_word(&text[start..end], nfkc),
    }
}

/// A word in lower case and, with `nfkc`, NFKC-normalised.
pub fn normalize_word(w: &str, nfkc: bool) -> String {
    if w.is_ascii() {
        w.to_ascii_lowercase()
    } else if nfkc {
        w.nfkc().collect::<String>().to_lowercase()
    } else {
        w.to_lowercase()
    }
}

/// English function words left out of TF-IDF features with `--stop-words` (scikit-learn's
/// list, shortened to the words that occur in treaty prose).
pub const STOP_WORDS: &[&str] = &[
    "a", "about", "above", "after", "again", "against", "all", "also", "an", "and", "any", "are",
    "as", "at", "be", "been", "before", "being", "between", "both", "but", "by", "can", "could",
    "did", "do", "does", "each", "either", "for", "from", "had", "has", "have", "he", "her", "his",
    "if", "in", "into", "is", "it", "its", "may", "more", "most", "no", "nor", "not", "of", "on",
    "or", "other", "our", "out", "over", "same", "she", "should", "so", "some", "such", "than",
    "that", "the", "their", "them", "then", "there", "these", "they", "this", "those", "through",
    "to", "under", "until", "up", "upon", "was", "we", "were", "what", "when", "where", "which",
    "while", "who", "whom", "will", "with", "within", "would",
];

/// English Snowball stems, cached per distinct word (a corpus has tens of thousands of
/// distinct words and millions of running ones).
pub struct Stems {
    stemmer: Stemmer,
    cache: FxHashMap<String, String>,
}

impl Default for Stems {
    fn default() -> Self {
        Stems {
            stemmer: Stemmer::create(Algorithm::English),
            cache: FxHashMap::default(),
        }
    }
}

impl Stems {
    pub fn stem<'a>(&'a mut self, word: &str) -> &'a str {
        if !self.cache.contains_key(word) {
            let s = self.stemmer.stem(word).into_owned();
            self.cache.insert(word.to_string(), s);
        }
        &self.cache[word]
    }
}

/// A 64-bit key for a sequence of words (word n-gram shingles), from FNV-1a over the words
/// with a separator, finished by [`mix`].
pub fn words_key<'a>(words: impl IntoIterator<Item = &'a str>) -> u64 {
    let mut h = 0xcbf2_9ce4_8422_2325u64;
    for w in words {
        for &b in w.as_bytes() {
            h = (h ^ b as u64).wrapping_mul(0x100_0000_01b3);
        }
        h = (h ^ 0xff).wrapping_mul(0x100_0000_01b3);
    }
    mix(h)
}

/// The set of word `n`-grams of `text`, as sorted, distinct keys.
pub fn word_shingles(text: &str, n: usize, nfkc: bool) -> Vec<u64> {
    let mut keys = word_shingles_all(text, n, nfkc);
    keys.sort_unstable();
    keys.dedup();
    keys
}

/// Every word `n`-gram in order, repeats included.
pub fn word_shingles_all(text: &str, n: usize, nfkc: bool) -> Vec<u64> {
    let ws = words(text, nfkc);
    let n = n.max(1);
    ws.windows(n)
        .map(|w| words_key(w.iter().map(|w| w.norm.as_str())))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalise_like_python_split_join() {
        assert_eq!(
            normalize("  The HIGH\n\tContracting  Parties ", true),
            "the high contracting parties"
        );
        assert_eq!(normalize("Ｔｈｅ ﬁnal…", true), "the final...");
        assert_eq!(normalize("Ｔｈｅ ﬁnal…", false), "ｔｈｅ ﬁnal…");
        assert_eq!(normalize("ΟΔΟΣ\u{a0}x", true), "οδος x");
    }

    #[test]
    fn counted_shingles_give_the_multiset_jaccard() {
        // "abab" repeated: sets equal, multisets not.
        let a = counted(char_shingles_all("ab ab ab ab", 2));
        let b = counted(char_shingles_all("ab ab", 2));
        assert_eq!(a.len(), 10, "each of the 10 bigrams once: {a:?}");
        let inter = a.iter().filter(|k| b.contains(k)).count();
        assert_eq!(inter, b.len());
        assert_eq!(b.len(), 4);
        let mut x = char_shingles_all("ab ab ab ab", 2);
        x.sort_unstable();
        x.dedup();
        assert_eq!(x.len(), 3);
    }

    #[test]
    fn char_shingles_are_exact_and_shared() {
        let a = char_shingles("the parties", 5);
        assert_eq!(a.len(), "the parties".len() - 4);
        let b = char_shingles("parties", 5);
        assert!(b.iter().all(|k| a.contains(k)));
        assert!(char_shingles("abcd", 5).is_empty());
        // Non-ASCII text below U+1000 packs exactly, the same key as the ASCII fast path would.
        let c = char_shingles("réglé", 5);
        assert_eq!(
            c,
            vec![gram_key(&[
                'r' as u32,
                'é' as u32,
                'g' as u32,
                'l' as u32,
                'é' as u32
            ])]
        );
        assert_eq!(char_shingles("abcde", 5), char_shingles("abcde", 5));
        assert_eq!(char_shingles("abcdeé", 5)[0], char_shingles("abcde", 5)[0]);
    }

    #[test]
    fn words_keep_spans_into_the_original() {
        let t = "Article 9.1: The Parties’ ﬁnal ARBITRATION_x";
        let w = words(t, true);
        let norms: Vec<&str> = w.iter().map(|w| w.norm.as_str()).collect();
        assert_eq!(
            norms,
            [
                "article",
                "9",
                "1",
                "the",
                "parties",
                "final",
                "arbitration_x"
            ]
        );
        assert_eq!(&t[w[4].start..w[4].end], "Parties");
    }

    #[test]
    fn stems_are_cached_and_english() {
        let mut s = Stems::default();
        assert_eq!(s.stem("ratifications"), "ratif");
        assert_eq!(s.stem("terminated"), "termin");
        assert_eq!(s.stem("terminated"), "termin");
    }

    #[test]
    fn word_shingles_ignore_case_and_punctuation() {
        assert_eq!(
            word_shingles("The High Contracting", 3, true),
            word_shingles("the, high; CONTRACTING", 3, true)
        );
        assert_ne!(
            word_shingles("a b c", 3, true),
            word_shingles("ab c", 2, true)
        );
    }
}
