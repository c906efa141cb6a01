//! Treaty-to-treaty reuse on a [`Corpus`]: the passages every two treaties share
//! ([`passages`](super::passages)), the share of each treaty's text they cover, each
//! treaty's main source (the earlier treaty that covers most of it) and the genealogy that
//! links treaties to their sources.

use super::corpus::SegRef;
use super::passages::{self, PassageParams};
use crate::model::Corpus;
use serde::Serialize;

/// A passage two treaties share, directed like clause pairs: `a` is the earlier treaty's
/// segment when `directed`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SharedPassage {
    pub a: SegRef,
    pub b: SegRef,
    /// Byte spans in the two segments' texts.
    pub bytes_a: [u32; 2],
    pub bytes_b: [u32; 2],
    /// Words the passage spans in each text, and words aligned (equal, in order).
    pub words_a: u32,
    pub words_b: u32,
    pub aligned: u32,
    /// Share of the passage's words that are edits (0: verbatim).
    pub edit_share: f64,
    pub directed: bool,
}

/// What two treaties share, directed from the earlier to the later when both are dated.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TreatyPair {
    pub a: usize,
    pub b: usize,
    pub directed: bool,
    pub passages: usize,
    /// Words of each treaty inside the passages they share.
    pub covered_a: u64,
    pub covered_b: u64,
    /// The same as shares of each treaty's words: `share_b` is how much of the later treaty
    /// is found in the earlier.
    pub share_a: f64,
    pub share_b: f64,
}

/// A treaty's main source: the earlier treaty that covers most of its text.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Source {
    pub treaty: usize,
    pub source: usize,
    pub share: f64,
}

/// A link of the genealogy: `to` takes `share` of its text from the earlier `from`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Link {
    pub from: usize,
    pub to: usize,
    pub share: f64,
    /// Whether `from` is `to`'s main source.
    pub main: bool,
}

/// Which passages are listed (all count for the shares).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PassageList {
    /// Those of each treaty with its main source and of the other pairs linked in the
    /// genealogy.
    Linked,
    /// Those of each treaty with its main source.
    Main,
    All,
    None,
}

/// Which links make the genealogy.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct LinkParams {
    /// A main source is linked when it covers at least this share.
    pub main_share: f64,
    /// Any other earlier treaty is linked when it covers at least this share.
    pub other_share: f64,
    /// Which passages are listed.
    pub list: PassageList,
}

impl Default for LinkParams {
    fn default() -> Self {
        LinkParams {
            main_share: 0.1,
            other_share: 0.5,
            list: PassageList::Linked,
        }
    }
}

/// Everything about reuse in a corpus.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Reuse {
    pub params: PassageParams,
    pub links: LinkParams,
    /// Words of each treaty (all its segments).
    pub words: Vec<u64>,
    /// Sorted by (a, segment of a, start in a, b, ...).
    pub passages: Vec<SharedPassage>,
    /// Pairs of treaties that share a passage, most of the later one covered first.
    pub pairs: Vec<TreatyPair>,
    /// One per treaty that has an earlier source, in treaty order.
    pub sources: Vec<Source>,
    /// The genealogy's links, by (to, from).
    pub genealogy: Vec<Link>,
}

use super::corpus::signed_before as earlier;

/// Finds the passages, shares, sources and genealogy of `corpus`.
pub fn find(corpus: &Corpus, params: &PassageParams, links: &LinkParams, nfkc: bool) -> Reuse {
    let texts: Vec<Vec<&str>> = corpus
        .documents
        .iter()
        .map(|t| t.segments.iter().map(|s| s.text.as_str()).collect())
        .collect();
    let t0 = std::time::Instant::now();
    let words = passages::words_of(&texts, nfkc);
    super::trace("passages: words", t0);
    let found = passages::find(&words, params);
    let totals: Vec<u64> = words
        .iter()
        .map(|segs| segs.iter().map(|s| s.hashes.len() as u64).sum())
        .collect();
    let share = |covered: u64, d: usize| {
        if totals[d] == 0 {
            0.0
        } else {
            covered as f64 / totals[d] as f64
        }
    };
    let mut pairs: Vec<TreatyPair> = passages::coverage(&found)
        .into_iter()
        .map(|c| {
            let (x, y, cx, cy, n) = (
                c.doc_a as usize,
                c.doc_b as usize,
                c.covered_a,
                c.covered_b,
                c.passages,
            );
            let dir = earlier(corpus, x, y);
            let (a, b, ca, cb) = if dir == Some(false) {
                (y, x, cy, cx)
            } else {
                (x, y, cx, cy)
            };
            TreatyPair {
                a,
                b,
                directed: dir.is_some(),
                passages: n,
                covered_a: ca,
                covered_b: cb,
                share_a: share(ca, a),
                share_b: share(cb, b),
            }
        })
        .collect();
    pairs.sort_by(|p, q| {
        q.share_b
            .total_cmp(&p.share_b)
            .then(q.share_a.total_cmp(&p.share_a))
            .then((p.a, p.b).cmp(&(q.a, q.b)))
    });
    // Main sources: per later treaty, the earlier one covering most of it.
    let mut best: Vec<Option<(f64, usize)>> = vec![None; corpus.documents.len()];
    for p in pairs.iter().filter(|p| p.directed) {
        let e = &mut best[p.b];
        let better = match *e {
            None => true,
            Some((s, a)) => p.share_b > s || (p.share_b == s && p.a < a),
        };
        if better {
            *e = Some((p.share_b, p.a));
        }
    }
    let sources: Vec<Source> = best
        .iter()
        .enumerate()
        .filter_map(|(t, b)| {
            b.map(|(share, source)| Source {
                treaty: t,
                source,
                share,
            })
        })
        .collect();
    let mut genealogy: Vec<Link> = pairs
        .iter()
        .filter(|p| p.directed)
        .filter_map(|p| {
            let main = best[p.b].is_some_and(|(_, s)| s == p.a);
            let keep = if main {
                p.share_b >= links.main_share
            } else {
                p.share_b >= links.other_share
            };
            keep.then_some(Link {
                from: p.a,
                to: p.b,
                share: p.share_b,
                main,
            })
        })
        .collect();
    genealogy.sort_by_key(|l| (l.to, l.from));
    let listed: std::collections::HashSet<(usize, usize)> = match links.list {
        PassageList::Linked => genealogy
            .iter()
            .map(|l| (l.from, l.to))
            .chain(sources.iter().map(|s| (s.source, s.treaty)))
            .collect(),
        PassageList::Main => sources.iter().map(|s| (s.source, s.treaty)).collect(),
        PassageList::All | PassageList::None => Default::default(),
    };
    // Only the passages listed are built (all counted for the shares above).
    let wanted = |p: &&passages::Passage| match links.list {
        PassageList::All => true,
        PassageList::None => false,
        _ => {
            let (x, y) = (p.doc_a as usize, p.doc_b as usize);
            listed.contains(&(x, y)) || listed.contains(&(y, x))
        }
    };
    let mut passages: Vec<SharedPassage> = found
        .iter()
        .filter(wanted)
        .map(|p| {
            let ra = SegRef {
                doc: p.doc_a as usize,
                seg: p.seg_a as usize,
            };
            let rb = SegRef {
                doc: p.doc_b as usize,
                seg: p.seg_b as usize,
            };
            let dir = earlier(corpus, ra.doc, rb.doc);
            let mut sp = SharedPassage {
                a: ra,
                b: rb,
                bytes_a: p.bytes_a,
                bytes_b: p.bytes_b,
                words_a: p.len_a(),
                words_b: p.len_b(),
                aligned: p.aligned,
                edit_share: p.edit_share(),
                directed: dir.is_some(),
            };
            if dir == Some(false) {
                std::mem::swap(&mut sp.a, &mut sp.b);
                std::mem::swap(&mut sp.bytes_a, &mut sp.bytes_b);
                std::mem::swap(&mut sp.words_a, &mut sp.words_b);
            }
            sp
        })
        .collect();
    passages.sort_by_key(|p| (p.a, p.bytes_a[0], p.b, p.bytes_b[0]));
    Reuse {
        params: *params,
        links: *links,
        words: totals,
        passages,
        pairs,
        sources,
        genealogy,
    }
}
