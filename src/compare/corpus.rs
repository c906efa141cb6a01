//! The comparison of a whole [`Corpus`]: every segment (preamble, articles, closing) is a
//! unit; pairs are joined, directed, aligned and grouped into recurring provisions, and the
//! result is stored in `corpus.comparison` for the reports.

use super::align::{self, Alignment};
use super::recurring::{self, Recurring};
use super::{Index, JoinStats, Params, Unit};
use crate::model::Corpus;
use rayon::prelude::*;
use serde::Serialize;

/// A segment of the corpus: `corpus.documents[doc].segments[seg]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct SegRef {
    pub doc: usize,
    pub seg: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct ScoredPair {
    pub a: SegRef,
    pub b: SegRef,
    pub score: f64,
}

/// A pair of clauses from different treaties that reached the threshold.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ClausePair {
    /// Stable: derived from the two files and segment positions.
    pub id: String,
    /// The earlier treaty's clause when `directed` (the likely source), else the one whose
    /// file sorts first.
    pub a: SegRef,
    pub b: SegRef,
    /// The similarity of the two texts as printed (all wording counted).
    pub score: f64,
    /// The similarity without formulaic wording (shingles found in many treaties), when the
    /// boilerplate rule applied; it chose the pair but is not its score.
    pub score_distinctive: Option<f64>,
    /// Whether `a`'s treaty was signed before `b`'s (both dates known and different).
    pub directed: bool,
    /// Normalised Levenshtein similarity of the two headings, when both have one.
    pub heading_similarity: Option<f64>,
    pub shared_words: usize,
    /// The word alignment (kept for the best `align_top` pairs).
    pub alignment: Option<Alignment>,
}

/// Everything the comparison found, with the parameters used.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Comparison {
    pub params: Params,
    pub stats: JoinStats,
    pub vocabulary: usize,
    pub boilerplate_applied: bool,
    pub boilerplate_dropped: usize,
    /// Pairs by score, best first.
    pub pairs: Vec<ClausePair>,
    pub recurring: Vec<Recurring>,
    /// Why there is nothing, when there is nothing.
    pub note: Option<String>,
    /// When no pair reaches the threshold: the closest pair there is, aligned.
    pub best_below: Option<ClausePair>,
    /// Shared passages and treaty-to-treaty reuse.
    pub reuse: super::reuse::Reuse,
}

/// The units of a corpus: every segment with text, treaty by treaty.
pub fn units(corpus: &Corpus) -> (Vec<SegRef>, Vec<Unit<'_>>) {
    let mut refs = Vec::new();
    let mut units = Vec::new();
    for (d, t) in corpus.documents.iter().enumerate() {
        for (s, seg) in t.segments.iter().enumerate() {
            refs.push(SegRef { doc: d, seg: s });
            units.push(Unit {
                doc: d as u32,
                text: &seg.text,
            });
        }
    }
    (refs, units)
}

/// A short citation: `file Art. 6`.
pub fn cite(corpus: &Corpus, r: SegRef) -> String {
    let t = &corpus.documents[r.doc];
    format!("{} {}", t.file, t.segments[r.seg].citation())
}

/// Compares the corpus; alignments are kept for the `align_top` best pairs.
pub fn compare(corpus: &Corpus, params: &Params, align_top: usize) -> Comparison {
    compare_with(
        corpus,
        params,
        align_top,
        &super::passages::PassageParams::default(),
        &super::reuse::LinkParams::default(),
    )
}

/// [`compare`] with the parameters of passages and of the genealogy.
pub fn compare_with(
    corpus: &Corpus,
    params: &Params,
    align_top: usize,
    passages: &super::passages::PassageParams,
    links: &super::reuse::LinkParams,
) -> Comparison {
    let t0 = std::time::Instant::now();
    let reuse = super::reuse::find(corpus, passages, links, params.nfkc);
    super::trace("passages", t0);
    let (refs, units) = units(corpus);
    let index = Index::build(&units, params);
    let (pairs, stats) = index.join();
    let t0 = std::time::Instant::now();
    let mut out: Vec<ClausePair> = pairs
        .par_iter()
        .map(|p| {
            let mut cp = clause_pair(corpus, refs[p.a as usize], refs[p.b as usize], p.score);
            cp.score_distinctive = index.score_distinctive(p.a as usize, p.b as usize);
            cp
        })
        .collect();
    out.sort_by(|x, y| {
        y.score
            .total_cmp(&x.score)
            .then((x.a, x.b).cmp(&(y.a, y.b)))
    });
    super::trace("pairs: score", t0);
    let t0 = std::time::Instant::now();
    out.par_iter_mut().enumerate().for_each(|(i, p)| {
        let al = align::align(text(corpus, p.a), text(corpus, p.b));
        p.shared_words = al.shared_words;
        if i < align_top {
            p.alignment = Some(al);
        }
    });
    super::trace("pairs: align", t0);
    let t0 = std::time::Instant::now();
    let best = if out.is_empty() {
        index.best_pair()
    } else {
        None
    };
    let note = if out.is_empty() {
        Some(match best {
            Some(b) => format!(
                "no pair reaches --threshold {}; best pair {} ({} ~ {})",
                params.threshold,
                super::score_text(b.score, 2),
                cite(corpus, refs[b.a as usize]),
                cite(corpus, refs[b.b as usize])
            ),
            None if corpus.documents.len() < 2 => {
                "fewer than two treaties: nothing to compare".to_string()
            }
            None => format!(
                "no pair reaches --threshold {}; no two treaties share a {}",
                params.threshold,
                if params.measure == super::Measure::Tfidf {
                    "feature"
                } else {
                    "shingle"
                }
            ),
        })
    } else {
        None
    };
    let unit_of = |r: SegRef| refs.binary_search(&r).ok();
    let distinctive = |cp: &mut ClausePair| {
        if let (Some(x), Some(y)) = (unit_of(cp.a), unit_of(cp.b)) {
            cp.score_distinctive = index.score_distinctive(x, y);
        }
    };
    let best_below = best.map(|b| {
        let mut cp = aligned_pair(corpus, refs[b.a as usize], refs[b.b as usize], b.score);
        distinctive(&mut cp);
        cp
    });
    let mut recurring = recurring::find(corpus, &refs, &index, &pairs);
    // Each group's closest pair, directed and aligned, so a report can show its wording.
    recurring.par_iter_mut().for_each(|g| {
        g.closest = g.pairs.first().map(|p| {
            let mut cp = aligned_pair(corpus, p.a, p.b, p.score);
            distinctive(&mut cp);
            cp
        });
    });
    super::trace("recurring", t0);
    Comparison {
        params: params.clone(),
        stats,
        vocabulary: index.vocabulary,
        boilerplate_applied: index.boilerplate_applied,
        boilerplate_dropped: index.boilerplate_dropped,
        pairs: out,
        recurring,
        note,
        best_below,
        reuse,
    }
}

fn text(corpus: &Corpus, r: SegRef) -> &str {
    &corpus.documents[r.doc].segments[r.seg].text
}

/// Whether treaty `x` was signed before treaty `y`: `None` when a date is missing or both
/// are the same (the order of a pair or passage is then unknown).
pub fn signed_before(corpus: &Corpus, x: usize, y: usize) -> Option<bool> {
    let date = |d: usize| corpus.documents[d].meta.date.as_deref();
    match (date(x), date(y)) {
        (Some(a), Some(b)) if a != b => Some(a < b),
        _ => None,
    }
}

/// [`clause_pair`] with its word alignment.
fn aligned_pair(corpus: &Corpus, a: SegRef, b: SegRef, score: f64) -> ClausePair {
    let mut cp = clause_pair(corpus, a, b, score);
    let al = align::align(text(corpus, cp.a), text(corpus, cp.b));
    cp.shared_words = al.shared_words;
    cp.alignment = Some(al);
    cp
}

/// The pair `a`, `b` directed from the earlier treaty to the later one, with a stable id.
fn clause_pair(corpus: &Corpus, a: SegRef, b: SegRef, score: f64) -> ClausePair {
    let (mut a, mut b) = (a, b);
    let order = signed_before(corpus, a.doc, b.doc);
    if order == Some(false) {
        std::mem::swap(&mut a, &mut b);
    }
    let directed = order.is_some();
    let seg = |r: SegRef| &corpus.documents[r.doc].segments[r.seg];
    let heading_similarity = match (&seg(a).heading, &seg(b).heading) {
        (Some(x), Some(y)) => Some(strsim::normalized_levenshtein(
            &x.to_lowercase(),
            &y.to_lowercase(),
        )),
        _ => None,
    };
    let key = [
        corpus.documents[a.doc].file.as_str(),
        &a.seg.to_string(),
        corpus.documents[b.doc].file.as_str(),
        &b.seg.to_string(),
    ]
    .map(str::to_string);
    let id = format!(
        "p-{:012x}",
        crate::tokenize::words_key(key.iter().map(String::as_str)) >> 16
    );
    ClausePair {
        id,
        a,
        b,
        score,
        score_distinctive: None,
        directed,
        heading_similarity,
        shared_words: 0,
        alignment: None,
    }
}
