//! Compare: article similarity across treaties, exact and fast.
//!
//! [`Index::build`] turns units of text (articles, preambles, closing clauses) into features:
//! sets of character or word n-gram shingles for [`Measure::Jaccard`] and
//! [`Measure::Containment`] ([`sets`]), TF-IDF vectors for [`Measure::Tfidf`] ([`cosine`]).
//! [`Index::join`] returns every pair from different treaties whose similarity reaches the
//! threshold: the same pairs as checking all of them ([`Index::brute_force`]), found through a
//! prefix-filtered inverted index so that the cost follows the input and the output, not the
//! number of possible pairs. [`align`] shows how the wording of a pair differs;
//! [`recurring`] groups what recurs across treaties; [`corpus`] runs all of it on a
//! [`Corpus`](crate::model::Corpus).

pub mod align;
pub mod corpus;
pub mod cosine;
pub mod dictionary;
pub mod passages;
pub mod recurring;
pub mod reuse;
pub mod sets;

use crate::tokenize::{self, Stems};
use dictionary::Dictionary;
use rayon::prelude::*;
use serde::Serialize;

/// With `CLAUSEMAP_TRACE` set, prints how long each phase took since `since` (stderr).
pub fn trace(phase: &str, since: std::time::Instant) {
    static ON: std::sync::LazyLock<bool> =
        std::sync::LazyLock::new(|| std::env::var_os("CLAUSEMAP_TRACE").is_some());
    if *ON {
        eprintln!(
            "[trace] {phase:<24} {:8.3} s",
            since.elapsed().as_secs_f64()
        );
    }
}

/// A similarity rounded to `decimals` places for display, except that a score below 1 never
/// shows as 1 (0.99996 is "0.9999", not "1.0000"): only identical wording reads as a perfect
/// match.
pub fn score_text(x: f64, decimals: usize) -> String {
    let s = format!("{x:.decimals$}");
    if x < 1.0 && s.starts_with('1') {
        format!("0.{}", "9".repeat(decimals))
    } else {
        s
    }
}

/// [`score_text`] as a number, for JSON.
pub fn score_rounded(x: f64, decimals: i32) -> f64 {
    let f = 10f64.powi(decimals);
    let r = (x * f).round() / f;
    if x < 1.0 && r >= 1.0 {
        1.0 - 1.0 / f
    } else {
        r
    }
}

/// How two units are scored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Measure {
    /// Jaccard similarity of shingle sets: shared / all distinct shingles.
    Jaccard,
    /// Containment of shingle sets: shared / shingles of the smaller unit, for a short clause
    /// copied into a long one.
    Containment,
    /// Cosine of TF-IDF vectors of word unigrams and bigrams.
    Tfidf,
}

impl Measure {
    /// The name used on the command line and in reports.
    pub fn name(self) -> &'static str {
        match self {
            Measure::Jaccard => "jaccard",
            Measure::Containment => "containment",
            Measure::Tfidf => "tfidf",
        }
    }
}

/// What a shingle is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Shingle {
    /// Character n-grams of the normalised text (spaces included).
    Chars,
    /// Word n-grams.
    Words,
}

/// Formulaic wording left out: shingles (or TF-IDF features) found in more than `max_share`
/// of the treaties, when the corpus has at least `min_treaties` treaties.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Boilerplate {
    pub max_share: f64,
    pub min_treaties: usize,
}

impl Default for Boilerplate {
    fn default() -> Self {
        Boilerplate {
            max_share: 0.2,
            min_treaties: 20,
        }
    }
}

/// The parameters of a comparison (all recorded in report.json).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Params {
    pub measure: Measure,
    pub shingle: Shingle,
    /// n-gram size: characters or words per shingle.
    pub n: usize,
    pub threshold: f64,
    /// Keep only each unit's `top_k` best partners (a pair stays if it is among the best of
    /// either unit).
    pub top_k: Option<usize>,
    /// Also compare units of the same treaty.
    pub same_treaty: bool,
    /// `None` keeps boilerplate.
    pub boilerplate: Option<Boilerplate>,
    /// Unicode NFKC before comparing.
    pub nfkc: bool,
    /// TF-IDF: English Snowball stems instead of words.
    pub stem: bool,
    /// TF-IDF: leave out English function words.
    pub stop_words: bool,
    /// Units with fewer shingles are not compared.
    pub min_shingles: usize,
    /// Jaccard and containment: a shingle repeated in a unit counts as often as it occurs
    /// (multiset similarity; [`tokenize::counted`]). Off: each counts once (plain sets, the
    /// scikit-learn baseline's measure).
    pub counted: bool,
}

impl Default for Params {
    fn default() -> Self {
        Params {
            measure: Measure::Jaccard,
            shingle: Shingle::Chars,
            n: 5,
            threshold: 0.5,
            top_k: None,
            same_treaty: false,
            boilerplate: Some(Boilerplate::default()),
            nfkc: true,
            stem: true,
            stop_words: false,
            min_shingles: 1,
            counted: true,
        }
    }
}

/// A unit of text to compare and the treaty it belongs to. Units of one treaty must be
/// contiguous.
#[derive(Debug, Clone, Copy)]
pub struct Unit<'a> {
    pub doc: u32,
    pub text: &'a str,
}

/// Two units (`a < b`, indices into the units) and their similarity.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Pair {
    pub a: u32,
    pub b: u32,
    pub score: f64,
}

impl Pair {
    pub fn new(x: usize, y: usize, score: f64) -> Pair {
        Pair {
            a: x.min(y) as u32,
            b: x.max(y) as u32,
            score,
        }
    }
}

enum Features {
    Sets(sets::Sets),
    Vectors(cosine::Vectors),
}

impl Features {
    /// The similarity of units `a` and `b` (0 when a set is smaller than `min`).
    fn score(&self, m: sets::SetMeasure, min: usize, a: usize, b: usize) -> f64 {
        match self {
            Features::Sets(s) => {
                let (x, y) = (s.get(a), s.get(b));
                let min = min.max(1);
                if x.len() < min || y.len() < min {
                    return 0.0;
                }
                m.score(sets::overlap(x, y), x.len(), y.len())
            }
            Features::Vectors(v) => cosine::dot(v.get(a.min(b)), v.get(a.max(b))),
        }
    }

    fn size(&self, r: usize) -> usize {
        match self {
            Features::Sets(s) => s.get(r).len(),
            Features::Vectors(v) => v.get(r).0.len(),
        }
    }
}

/// Features of every unit, ready to join or score.
///
/// Scores are always those of the full texts: every shingle (or feature) counts. When the
/// boilerplate rule applies, a second set of features without the formulaic ones chooses the
/// candidates: a pair is joined only if its *distinctive* similarity reaches the threshold
/// too, so that clauses alike only in formula shared by many treaties are not listed, but the
/// score shown is the similarity of the two texts as printed.
pub struct Index {
    full: Features,
    /// Without boilerplate, when the rule applies.
    distinct: Option<Features>,
    set_measure: sets::SetMeasure,
    docs: Vec<u32>,
    /// A hash of each unit's normalised text: a perfect score needs equal wording.
    wording: Vec<u64>,
    pub params: Params,
    /// Distinct shingles or features, and how many of them are boilerplate.
    pub vocabulary: usize,
    pub boilerplate_dropped: usize,
    /// Whether the boilerplate rule applied (the corpus has enough treaties).
    pub boilerplate_applied: bool,
}

/// What [`Index::join`] did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct JoinStats {
    pub units: usize,
    pub candidates: u64,
    pub pairs: usize,
}

impl Index {
    pub fn build(units: &[Unit<'_>], params: &Params) -> Index {
        let docs: Vec<u32> = units.iter().map(|u| u.doc).collect();
        let wording: Vec<u64> = units
            .par_iter()
            .map(|u| word_hash(tokenize::normalize(u.text, params.nfkc).as_bytes()))
            .collect();
        let n_docs = {
            let mut d = docs.clone();
            d.dedup();
            d.len()
        };
        let boiler = params
            .boilerplate
            .filter(|b| n_docs >= b.min_treaties)
            .map(|b| (b.max_share * n_docs as f64).floor() as u32);
        let t0 = std::time::Instant::now();
        let set_measure = if params.measure == Measure::Containment {
            sets::SetMeasure::Containment
        } else {
            sets::SetMeasure::Jaccard
        };
        // Per id: whether it is boilerplate.
        let formula = |dict: &Dictionary| -> Option<Vec<bool>> {
            boiler.map(|m| dict.treaties_of_id.iter().map(|&t| t > m).collect())
        };
        let (full, distinct, vocabulary, dropped) = match params.measure {
            Measure::Jaccard | Measure::Containment => {
                let keys: Vec<Vec<u64>> = units
                    .par_iter()
                    .map(|u| {
                        let all = match params.shingle {
                            Shingle::Chars => tokenize::char_shingles_all(
                                &tokenize::normalize(u.text, params.nfkc),
                                params.n,
                            ),
                            Shingle::Words => {
                                tokenize::word_shingles_all(u.text, params.n, params.nfkc)
                            }
                        };
                        if params.counted {
                            tokenize::counted(all)
                        } else {
                            let mut k = all;
                            k.sort_unstable();
                            k.dedup();
                            k
                        }
                    })
                    .collect();
                trace("shingles", t0);
                let (mut dict, slots) = Dictionary::build(&keys, &docs);
                drop(keys);
                trace("dictionary", t0);
                let (kept, _) = dict.assign_ids(|_| true, |s, _| s.df);
                trace("ids", t0);
                let records: Vec<Vec<u32>> = slots
                    .into_par_iter()
                    .map(|sl| {
                        let mut ids = dict.ids_of(&sl);
                        ids.sort_unstable();
                        ids
                    })
                    .collect();
                trace("records", t0);
                let formula = formula(&dict);
                let dropped = formula
                    .as_ref()
                    .map_or(0, |f| f.iter().filter(|&&x| x).count());
                let distinct = formula.map(|f| {
                    let r: Vec<Vec<u32>> = records
                        .par_iter()
                        .map(|ids| ids.iter().copied().filter(|&i| !f[i as usize]).collect())
                        .collect();
                    Features::Sets(sets::Sets::from_records(r, kept))
                });
                (
                    Features::Sets(sets::Sets::from_records(records, kept)),
                    distinct,
                    kept,
                    dropped,
                )
            }
            Measure::Tfidf => {
                let (keys, counts): (Vec<Vec<u64>>, Vec<Vec<u32>>) = units
                    .par_iter()
                    .map_init(Terms::default, |terms, u| {
                        tfidf_terms(u.text, params, terms)
                    })
                    .unzip();
                trace("terms", t0);
                let (mut dict, slots) = Dictionary::build(&keys, &docs);
                trace("dictionary", t0);
                drop(keys);
                // Frequent features first (the unindexed prefix of the cosine join).
                let (kept, _) = dict.assign_ids(|_| true, |s, _| std::cmp::Reverse(s.df));
                trace("ids", t0);
                let n = units.len() as f64;
                let idf: Vec<f64> = dict
                    .df_of_id
                    .iter()
                    .map(|&df| ((1.0 + n) / (1.0 + df as f64)).ln() + 1.0)
                    .collect();
                let weighted: Vec<Vec<(u32, f64)>> = counts
                    .into_par_iter()
                    .zip(slots.into_par_iter())
                    .map(|(c, sl)| {
                        sl.iter()
                            .zip(c)
                            .map(|(&g, tf)| {
                                let id = dict.id_of(g);
                                (id, sublinear(tf) * idf[id as usize])
                            })
                            .collect()
                    })
                    .collect();
                trace("weights", t0);
                let formula = formula(&dict);
                let dropped = formula
                    .as_ref()
                    .map_or(0, |f| f.iter().filter(|&&x| x).count());
                let distinct = formula.map(|f| {
                    let r: Vec<(Vec<u32>, Vec<f32>)> = weighted
                        .par_iter()
                        .map(|r| {
                            let mut r: Vec<(u32, f64)> =
                                r.iter().copied().filter(|&(i, _)| !f[i as usize]).collect();
                            cosine::scale(&mut r)
                        })
                        .collect();
                    Features::Vectors(cosine::Vectors::from_scaled(r, kept))
                });
                let v = cosine::Vectors::from_records(weighted, kept);
                trace("vectors", t0);
                (Features::Vectors(v), distinct, kept, dropped)
            }
        };
        Index {
            full,
            distinct,
            set_measure,
            docs,
            wording,
            params: params.clone(),
            vocabulary,
            boilerplate_dropped: dropped,
            boilerplate_applied: boiler.is_some(),
        }
    }

    pub fn len(&self) -> usize {
        self.docs.len()
    }

    pub fn is_empty(&self) -> bool {
        self.docs.is_empty()
    }

    /// The similarity of units `a` and `b`, all their wording counted (0 when either is too
    /// short to compare).
    pub fn score(&self, a: usize, b: usize) -> f64 {
        let s = self
            .full
            .score(self.set_measure, self.params.min_shingles, a, b);
        self.honest(a, b, s)
    }

    /// A perfect score is kept for equal wording: two texts whose shingles all agree but
    /// whose normalised wording differs (two phrases swapped around a common word) score as
    /// if one shingle fewer were shared. (Containment 1 means the smaller text is inside the
    /// larger, and is left as it is.)
    fn honest(&self, a: usize, b: usize, s: f64) -> f64 {
        if s < 1.0
            || self.wording[a] == self.wording[b]
            || self.params.measure == Measure::Containment
        {
            return s;
        }
        // Jaccard of m equal shingles with one of them not shared: (m - 1) / (m + 1).
        let m = self.full.size(a).max(self.full.size(b)).max(1) as f64;
        (m - 1.0) / (m + 1.0)
    }

    /// The similarity without boilerplate, when the boilerplate rule applied.
    pub fn score_distinctive(&self, a: usize, b: usize) -> Option<f64> {
        self.distinct
            .as_ref()
            .map(|f| f.score(self.set_measure, self.params.min_shingles, a, b))
    }

    /// Shingles (or features) of unit `r`, all counted.
    pub fn size(&self, r: usize) -> usize {
        self.full.size(r)
    }

    /// Every pair whose similarity reaches `threshold` (and whose distinctive similarity does,
    /// when the boilerplate rule applies), sorted by `(a, b)`, before any top-k cut. Scores
    /// are [`Index::score`]'s.
    pub fn join_at(&self, threshold: f64) -> (Vec<Pair>, JoinStats) {
        let same = self.params.same_treaty;
        let f = self.distinct.as_ref().unwrap_or(&self.full);
        let (mut pairs, candidates) = match f {
            Features::Sets(s) => {
                let (p, st) = sets::join(
                    s,
                    &self.docs,
                    self.set_measure,
                    threshold,
                    same,
                    self.params.min_shingles,
                );
                (p, st.candidates)
            }
            Features::Vectors(v) => cosine::join(v, &self.docs, threshold, same),
        };
        if self.distinct.is_some() {
            pairs = self.rescore(pairs, threshold);
        } else {
            pairs = self.perfect_checked(pairs, threshold);
        }
        let stats = JoinStats {
            units: self.len(),
            candidates,
            pairs: pairs.len(),
        };
        (pairs, stats)
    }

    /// Pairs chosen on distinctive features, with their full score, those reaching `t` kept.
    fn rescore(&self, pairs: Vec<Pair>, t: f64) -> Vec<Pair> {
        pairs
            .into_par_iter()
            .map(|p| Pair {
                score: self.score(p.a as usize, p.b as usize),
                ..p
            })
            .filter(|p| p.score >= t)
            .collect()
    }

    /// Pairs of the join with [`Index::honest`] perfect scores, those reaching `t` kept.
    fn perfect_checked(&self, mut pairs: Vec<Pair>, t: f64) -> Vec<Pair> {
        for p in pairs.iter_mut().filter(|p| p.score >= 1.0) {
            p.score = self.honest(p.a as usize, p.b as usize, p.score);
        }
        pairs.retain(|p| p.score >= t);
        pairs
    }

    /// The pairs of the run: [`Index::join_at`] the threshold, then the top-k cut.
    pub fn join(&self) -> (Vec<Pair>, JoinStats) {
        let (pairs, stats) = self.join_at(self.params.threshold);
        let pairs = match self.params.top_k {
            Some(k) => top_k(pairs, k),
            None => pairs,
        };
        (pairs, stats)
    }

    /// The reference: every pair checked one by one.
    pub fn brute_force(&self, threshold: f64) -> Vec<Pair> {
        let same = self.params.same_treaty;
        let f = self.distinct.as_ref().unwrap_or(&self.full);
        let pairs = match f {
            Features::Sets(s) => sets::brute_force(
                s,
                &self.docs,
                self.set_measure,
                threshold,
                same,
                self.params.min_shingles,
            ),
            Features::Vectors(v) => cosine::brute_force(v, &self.docs, threshold, same),
        };
        if self.distinct.is_some() {
            self.rescore(pairs, threshold)
        } else {
            self.perfect_checked(pairs, threshold)
        }
    }

    /// The most similar pair of all, for saying why nothing reached the threshold: joins at
    /// ever lower thresholds (each exact) until a pair appears, down to 0.01.
    pub fn best_pair(&self) -> Option<Pair> {
        let mut t = self.params.threshold;
        loop {
            t /= 2.0;
            let (pairs, _) = self.join_at(t);
            if let Some(best) = pairs.iter().copied().max_by(|x, y| {
                x.score
                    .total_cmp(&y.score)
                    .then((y.a, y.b).cmp(&(x.a, x.b)))
            }) {
                return Some(best);
            }
            if t < 0.01 {
                return None;
            }
        }
    }
}

/// `1 + ln(tf)`, from a table for the small counts that nearly all terms have.
fn sublinear(tf: u32) -> f64 {
    static TABLE: std::sync::LazyLock<[f64; 32]> =
        std::sync::LazyLock::new(|| std::array::from_fn(|i| 1.0 + (i.max(1) as f64).ln()));
    match TABLE.get(tf as usize) {
        Some(&x) => x,
        None => 1.0 + (tf as f64).ln(),
    }
}

/// FNV-1a of a normalised word.
fn word_hash(w: &[u8]) -> u64 {
    w.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, &b| {
        (h ^ b as u64).wrapping_mul(0x100_0000_01b3)
    })
}

/// Per-thread memory of the term of each distinct word (its stem, or nothing to drop).
#[derive(Default)]
struct Terms {
    stems: Stems,
    /// word hash -> term hash (stemmed), or None for a stop word.
    cache: rustc_hash::FxHashMap<u64, Option<u64>>,
}

impl Terms {
    /// The term hash of the normalised word `w` (hash `h`), None to leave it out.
    fn term(&mut self, h: u64, w: &dyn Fn() -> String, params: &Params) -> Option<u64> {
        if !params.stem && !params.stop_words {
            return Some(h);
        }
        if let Some(&t) = self.cache.get(&h) {
            return t;
        }
        let word = w();
        let t = if params.stop_words && tokenize::STOP_WORDS.binary_search(&word.as_str()).is_ok() {
            None
        } else if params.stem {
            Some(word_hash(self.stems.stem(&word).as_bytes()))
        } else {
            Some(h)
        };
        self.cache.insert(h, t);
        t
    }
}

/// The terms of a unit for TF-IDF: distinct feature keys, sorted, and their counts. Words of one character
/// are left out (scikit-learn's default token pattern `\b\w\w+\b` drops them); features are
/// the words (or stems) and the pairs of consecutive ones.
fn tfidf_terms(text: &str, params: &Params, terms: &mut Terms) -> (Vec<u64>, Vec<u32>) {
    let mut hs: Vec<u64> = Vec::with_capacity(text.len() / 5);
    // Words are runs of word characters; ASCII words are lowered and hashed as they are read,
    // the others normalised first (as `tokenize::words` does).
    let fnv = 0xcbf2_9ce4_8422_2325u64;
    let (mut start, mut h, mut ascii, mut chars) = (None::<usize>, fnv, true, 0usize);
    let mut finish = |s: usize, e: usize, h: u64, ascii: bool, chars: usize, hs: &mut Vec<u64>| {
        if ascii {
            if chars >= 2 {
                hs.extend(terms.term(h, &|| text[s..e].to_ascii_lowercase(), params));
            }
        } else {
            let norm = tokenize::normalize_word(&text[s..e], params.nfkc);
            if norm.chars().nth(1).is_some() {
                hs.extend(terms.term(word_hash(norm.as_bytes()), &|| norm.clone(), params));
            }
        }
    };
    for (i, c) in text.char_indices() {
        let word_char = if c.is_ascii() {
            c.is_ascii_alphanumeric() || c == '_'
        } else {
            tokenize::is_word_char(c)
        };
        if word_char {
            if start.is_none() {
                (start, h, ascii, chars) = (Some(i), fnv, true, 0);
            }
            chars += 1;
            if c.is_ascii() {
                h = (h ^ c.to_ascii_lowercase() as u64).wrapping_mul(0x100_0000_01b3);
            } else {
                ascii = false;
            }
        } else if let Some(s) = start.take() {
            finish(s, i, h, ascii, chars, &mut hs);
        }
    }
    if let Some(s) = start {
        finish(s, text.len(), h, ascii, chars, &mut hs);
    }
    let mut keys: Vec<u64> = Vec::with_capacity(hs.len() * 2);
    keys.extend(hs.iter().map(|&h| tokenize::mix(h)));
    keys.extend(hs.windows(2).map(|w| {
        tokenize::mix(w[0].rotate_left(29) ^ w[1].wrapping_mul(0x9e37_79b9_7f4a_7c15) ^ 0x5bd1_e995)
    }));
    keys.sort_unstable();
    // Distinct keys in place, with their counts.
    let mut counts: Vec<u32> = Vec::with_capacity(keys.len());
    let mut n = 0;
    for i in 0..keys.len() {
        if n > 0 && keys[n - 1] == keys[i] {
            counts[n - 1] += 1;
        } else {
            keys[n] = keys[i];
            counts.push(1);
            n += 1;
        }
    }
    keys.truncate(n);
    (keys, counts)
}

/// Lays `parts` end to end in parallel: (offsets, flat), `offsets[i]..offsets[i + 1]` being
/// part `i`.
pub fn concat<T: Copy + Default + Send + Sync>(parts: &[Vec<T>]) -> (Vec<usize>, Vec<T>) {
    let mut offsets = Vec::with_capacity(parts.len() + 1);
    offsets.push(0);
    for p in parts {
        offsets.push(offsets.last().unwrap() + p.len());
    }
    let mut flat = vec![T::default(); *offsets.last().unwrap()];
    let mut slices = Vec::with_capacity(parts.len());
    let mut rest = flat.as_mut_slice();
    for p in parts {
        let (head, tail) = rest.split_at_mut(p.len());
        slices.push(head);
        rest = tail;
    }
    slices
        .into_par_iter()
        .zip(parts.par_iter())
        .for_each(|(dst, src)| dst.copy_from_slice(src));
    (offsets, flat)
}

/// Keeps the pairs among the `k` best of either of their units (ties broken by the partner's
/// index), sorted by `(a, b)`.
pub fn top_k(pairs: Vec<Pair>, k: usize) -> Vec<Pair> {
    let n = pairs.iter().map(|p| p.b as usize + 1).max().unwrap_or(0);
    let mut by_unit: Vec<Vec<(f64, u32, usize)>> = vec![Vec::new(); n];
    for (i, p) in pairs.iter().enumerate() {
        by_unit[p.a as usize].push((p.score, p.b, i));
        by_unit[p.b as usize].push((p.score, p.a, i));
    }
    let mut keep = vec![false; pairs.len()];
    for list in &mut by_unit {
        list.sort_by(|x, y| y.0.total_cmp(&x.0).then(x.1.cmp(&y.1)));
        for &(_, _, i) in list.iter().take(k) {
            keep[i] = true;
        }
    }
    pairs
        .into_iter()
        .zip(keep)
        .filter_map(|(p, k)| k.then_some(p))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn units<'a>(texts: &[(u32, &'a str)]) -> Vec<Unit<'a>> {
        texts
            .iter()
            .map(|&(doc, text)| Unit { doc, text })
            .collect()
    }

    const A: &str = "This Treaty shall remain in force for thirty years and shall be renewed.";
    const B: &str = "This Treaty shall remain in force for ten years and shall be renewed.";
    const C: &str = "The Parties shall consult together whenever either of them so requests.";

    #[test]
    fn jaccard_join_finds_the_near_copy_only_across_treaties() {
        let u = units(&[(0, A), (0, B), (1, B), (1, C)]);
        let idx = Index::build(&u, &Params::default());
        let (pairs, _) = idx.join();
        let got: Vec<(u32, u32)> = pairs.iter().map(|p| (p.a, p.b)).collect();
        assert_eq!(got, [(0, 2), (1, 2)]);
        assert_eq!(pairs[1].score, 1.0);
        assert!(pairs[0].score > 0.6 && pairs[0].score < 1.0);
        assert_eq!(idx.brute_force(0.5), pairs);
    }

    #[test]
    fn tfidf_and_containment_agree_with_brute_force() {
        let long = format!("{C} {A} Each Party may denounce it on one year's notice.");
        let u = units(&[(0, A), (0, C), (1, &long), (1, B), (2, C)]);
        for measure in [Measure::Tfidf, Measure::Containment] {
            let p = Params {
                measure,
                threshold: 0.3,
                ..Params::default()
            };
            let idx = Index::build(&u, &p);
            let (pairs, _) = idx.join();
            assert_eq!(pairs, idx.brute_force(0.3), "{measure:?}");
            // C is contained whole in the long unit.
            if measure == Measure::Containment {
                assert!(pairs.iter().any(|q| (q.a, q.b) == (1, 2) && q.score == 1.0));
            }
        }
    }

    #[test]
    fn stems_and_stop_words_change_tfidf_features() {
        assert!(
            tokenize::STOP_WORDS.windows(2).all(|w| w[0] < w[1]),
            "sorted for binary search"
        );
        let u = units(&[
            (0, "The treaty shall be ratified by the parties."),
            (1, "Treaties shall be ratifying parties."),
        ]);
        let plain = Params {
            measure: Measure::Tfidf,
            stem: false,
            boilerplate: None,
            ..Params::default()
        };
        let stemmed = Params {
            stem: true,
            ..plain.clone()
        };
        let stop = Params {
            stop_words: true,
            ..plain.clone()
        };
        let (a, b, c) = (
            Index::build(&u, &plain),
            Index::build(&u, &stemmed),
            Index::build(&u, &stop),
        );
        // Stems make "treaty"/"treaties" and "ratified"/"ratifying" the same features.
        assert!(b.score(0, 1) > a.score(0, 1));
        // Without "the", "by", "be": fewer features.
        assert!(c.size(0) < a.size(0));
        assert_eq!(a.size(0), 7 + 7); // 7 distinct words of two letters or more, 7 pairs
    }

    #[test]
    fn boilerplate_shingles_are_left_out_of_large_corpora() {
        // 30 treaties share one formula; two of them also share a distinctive clause.
        let formula = "This Agreement shall enter into force on the date of signature.";
        let texts: Vec<String> = (0..30)
            .map(|i| format!("{formula} Treaty number {i}."))
            .collect();
        let mut u: Vec<Unit> = texts
            .iter()
            .enumerate()
            .map(|(i, t)| Unit {
                doc: i as u32,
                text: t,
            })
            .collect();
        let special = "Each Party shall protect migratory birds of the Arctic tundra.";
        u.push(Unit {
            doc: 30,
            text: special,
        });
        u.push(Unit {
            doc: 31,
            text: special,
        });
        let kept = Index::build(
            &u,
            &Params {
                boilerplate: None,
                ..Params::default()
            },
        );
        let dropped = Index::build(&u, &Params::default());
        assert!(!kept.boilerplate_applied && dropped.boilerplate_applied);
        assert!(
            dropped.boilerplate_dropped > 40,
            "{}",
            dropped.boilerplate_dropped
        );
        // With the formula kept, the 30 formula articles all pair with each other; without it,
        // only the distinctive clause does.
        assert!(kept.join().0.len() >= 30 * 29 / 2);
        let pairs = dropped.join().0;
        assert_eq!(
            pairs.iter().map(|p| (p.a, p.b)).collect::<Vec<_>>(),
            [(30, 31)]
        );
    }

    #[test]
    fn top_k_keeps_each_units_best() {
        let pairs = vec![
            Pair::new(0, 1, 0.9),
            Pair::new(0, 2, 0.8),
            Pair::new(0, 3, 0.7),
            Pair::new(2, 3, 0.6),
        ];
        let kept: Vec<(u32, u32)> = top_k(pairs, 1).iter().map(|p| (p.a, p.b)).collect();
        // 0's best is 1; 2's best is 0; 3's best is 0.
        assert_eq!(kept, [(0, 1), (0, 2), (0, 3)]);
    }

    #[test]
    fn best_pair_explains_an_empty_result() {
        let u = units(&[(0, A), (1, C)]);
        let idx = Index::build(&u, &Params::default());
        assert!(idx.join().0.is_empty());
        let best = idx.best_pair().expect("some overlap");
        assert!(best.score > 0.0 && best.score < 0.5);
        assert_eq!(best.score, idx.score(0, 1));
    }
}
