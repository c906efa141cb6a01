//! Shared passages: the stretches of wording two treaties share, wherever they stand.
//!
//! Whole-article scores miss a paragraph copied into a longer article, two articles merged
//! into one or one split in two. This module finds the passages themselves, in the manner of
//! passim and BLAST: seed, chain, align, cut.
//!
//! 1. **Seeds.** Every segment is read as words (normalised as everywhere else). Word
//!    `seed_words`-grams are fingerprinted by winnowing (Schleimer et al., 2003: the smallest
//!    hash in each window of `window` consecutive n-grams), so that any exact run of
//!    `seed_words + window - 1` words shared by two texts shares at least one fingerprint.
//!    Fingerprints found in more than `max_treaties` treaties are formula and seed nothing
//!    (a passage made only of them is not found; one that holds a rarer stretch is).
//! 2. **Chains.** Per pair of segments, the seeds in text order are chained when both texts
//!    advance by at most `gap` words between them; a seed that goes back in the other text
//!    starts a new chain, so transposed paragraphs come out as passages of their own.
//! 3. **Alignment.** The words each chain spans (with a margin) are aligned with `similar`'s
//!    Myers diff.
//! 4. **Cut.** Along the alignment, an equal word scores +1 and an edit -1 per word of its
//!    longer side; a passage runs from an equal run for as long as its score has not fallen
//!    `drop` below its best (X-drop), and ends at its best. It is kept with at least
//!    `min_words` aligned words.
//!
//! Cost follows the text and the seeds, not the pairs of segments: a segment pair is looked
//! at only when it shares a fingerprint.

use rayon::prelude::*;
use rustc_hash::FxHashMap;
use serde::Serialize;
use similar::{capture_diff_slices, Algorithm, DiffOp};

/// How passages are found.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct PassageParams {
    /// Words per seed n-gram.
    pub seed_words: usize,
    /// Winnowing window (n-grams).
    pub window: usize,
    /// Aligned words a passage needs.
    pub min_words: usize,
    /// Seeds found in more treaties than this are formula (0: no limit).
    pub max_treaties: usize,
    /// Words either text may advance between two seeds of one chain.
    pub gap: usize,
    /// X-drop of the cut.
    pub drop: usize,
}

impl Default for PassageParams {
    fn default() -> Self {
        PassageParams {
            seed_words: 5,
            window: 4,
            min_words: 8,
            max_treaties: 100,
            gap: 40,
            drop: 10,
        }
    }
}

/// A passage two treaties share: segment `seg_a` of treaty `doc_a` and `seg_b` of `doc_b`
/// (`doc_a < doc_b`), as byte spans of the segments' texts and as word ranges.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Passage {
    pub doc_a: u32,
    pub seg_a: u32,
    pub doc_b: u32,
    pub seg_b: u32,
    /// Byte spans in the two segment texts: from the first aligned word to the last.
    pub bytes_a: [u32; 2],
    pub bytes_b: [u32; 2],
    /// Word ranges (indices of the segments' words, end exclusive).
    pub words_a: [u32; 2],
    pub words_b: [u32; 2],
    /// Words equal and in the same order in both.
    pub aligned: u32,
}

impl Passage {
    pub fn len_a(&self) -> u32 {
        self.words_a[1] - self.words_a[0]
    }

    pub fn len_b(&self) -> u32 {
        self.words_b[1] - self.words_b[0]
    }

    /// Share of the passage's words (both sides) that are edits, not aligned: 0 for a
    /// verbatim copy.
    pub fn edit_share(&self) -> f64 {
        let total = (self.len_a() + self.len_b()) as f64;
        if total == 0.0 {
            0.0
        } else {
            1.0 - 2.0 * self.aligned as f64 / total
        }
    }
}

/// The words of one segment: hashes of their normalised forms and byte spans.
#[derive(Debug, Clone, Default)]
pub struct SegWords {
    pub hashes: Vec<u64>,
    pub spans: Vec<[u32; 2]>,
}

impl SegWords {
    pub fn new(text: &str, nfkc: bool) -> SegWords {
        let ws = crate::tokenize::words(text, nfkc);
        SegWords {
            hashes: ws
                .iter()
                .map(|w| crate::tokenize::words_key([w.norm.as_str()]))
                .collect(),
            spans: ws.iter().map(|w| [w.start as u32, w.end as u32]).collect(),
        }
    }
}

/// Every treaty's segments as words: `docs[d][s]`.
pub fn words_of(docs: &[Vec<&str>], nfkc: bool) -> Vec<Vec<SegWords>> {
    docs.par_iter()
        .map(|segs| segs.iter().map(|t| SegWords::new(t, nfkc)).collect())
        .collect()
}

/// Winnowed fingerprints of one segment: (hash, position of the n-gram's first word).
fn fingerprints(h: &[u64], n: usize, w: usize) -> Vec<(u64, u32)> {
    if h.len() < n {
        return Vec::new();
    }
    let grams: Vec<u64> = h
        .windows(n)
        .map(|g| {
            g.iter().fold(0x9e37_79b9_7f4a_7c15u64, |acc, &x| {
                crate::tokenize::mix(acc.rotate_left(23) ^ x)
            })
        })
        .collect();
    let w = w.max(1);
    let mut out: Vec<(u64, u32)> = Vec::new();
    if grams.len() <= w {
        let (i, &g) = grams
            .iter()
            .enumerate()
            .min_by_key(|&(i, &g)| (g, std::cmp::Reverse(i)))
            .expect("grams not empty");
        out.push((g, i as u32));
        return out;
    }
    for s in 0..=grams.len() - w {
        // The rightmost smallest hash of the window.
        let (i, &g) = grams[s..s + w]
            .iter()
            .enumerate()
            .min_by_key(|&(i, &g)| (g, std::cmp::Reverse(i)))
            .expect("window not empty");
        let pos = (s + i) as u32;
        if out.last() != Some(&(g, pos)) {
            out.push((g, pos));
        }
    }
    out
}

/// A segment's number and its fingerprints.
type SegPrints = (u32, Vec<(u64, u32)>);

/// What two treaties share: words of each inside their passages, and the passages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Coverage {
    pub doc_a: u32,
    pub doc_b: u32,
    pub covered_a: u64,
    pub covered_b: u64,
    pub passages: usize,
}

/// A seed: the same fingerprint at word `x` of segment `seg_a` and `y` of `seg_b`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Seed {
    doc_b: u32,
    seg_a: u32,
    seg_b: u32,
    x: u32,
    y: u32,
}

/// Every passage shared by two different treaties, sorted by (doc_a, seg_a, start in a,
/// doc_b, seg_b, start in b).
pub fn find(words: &[Vec<SegWords>], p: &PassageParams) -> Vec<Passage> {
    let n = p.seed_words.max(1);
    let t0 = std::time::Instant::now();
    // Postings: (hash, doc, seg, pos), sorted.
    let fps: Vec<Vec<SegPrints>> = words
        .par_iter()
        .map(|segs| {
            segs.iter()
                .enumerate()
                .map(|(s, sw)| (s as u32, fingerprints(&sw.hashes, n, p.window)))
                .collect()
        })
        .collect();
    let mut postings: Vec<(u64, u32, u32, u32)> = fps
        .iter()
        .enumerate()
        .flat_map(|(d, segs)| {
            segs.iter()
                .flat_map(move |(s, f)| f.iter().map(move |&(h, pos)| (h, d as u32, *s, pos)))
        })
        .collect();
    postings.par_sort_unstable();
    super::trace("passages: postings", t0);
    // Groups of one hash: range in `postings`, kept only if 2..=max_treaties treaties.
    let mut groups: FxHashMap<u64, (u32, u32)> = FxHashMap::default();
    let mut i = 0;
    while i < postings.len() {
        let h = postings[i].0;
        let mut j = i;
        let mut treaties = 0;
        let mut last = u32::MAX;
        while j < postings.len() && postings[j].0 == h {
            if postings[j].1 != last {
                treaties += 1;
                last = postings[j].1;
            }
            j += 1;
        }
        if treaties >= 2 && (p.max_treaties == 0 || treaties <= p.max_treaties) {
            groups.insert(h, (i as u32, j as u32));
        }
        i = j;
    }
    super::trace("passages: groups", t0);
    let mut out: Vec<Passage> = (0..words.len())
        .into_par_iter()
        .flat_map_iter(|a| {
            let mut seeds: Vec<Seed> = Vec::new();
            for (seg_a, f) in &fps[a] {
                for &(h, x) in f {
                    let Some(&(s, e)) = groups.get(&h) else {
                        continue;
                    };
                    let g = &postings[s as usize..e as usize];
                    let from = g.partition_point(|q| q.1 <= a as u32);
                    seeds.extend(g[from..].iter().map(|q| Seed {
                        doc_b: q.1,
                        seg_a: *seg_a,
                        seg_b: q.2,
                        x,
                        y: q.3,
                    }));
                }
            }
            seeds.sort_unstable();
            let mut found = Vec::new();
            for run in
                seeds.chunk_by(|s, t| (s.doc_b, s.seg_a, s.seg_b) == (t.doc_b, t.seg_a, t.seg_b))
            {
                let s0 = run[0];
                let wa = &words[a][s0.seg_a as usize];
                let wb = &words[s0.doc_b as usize][s0.seg_b as usize];
                let mut ps = segment_pair(run, wa, wb, p);
                for q in &mut ps {
                    q.doc_a = a as u32;
                    q.seg_a = s0.seg_a;
                    q.doc_b = s0.doc_b;
                    q.seg_b = s0.seg_b;
                }
                found.extend(ps);
            }
            found
        })
        .collect();
    super::trace("passages: aligned", t0);
    out.par_sort_unstable_by_key(|q| {
        (
            q.doc_a,
            q.seg_a,
            q.words_a[0],
            q.doc_b,
            q.seg_b,
            q.words_b[0],
        )
    });
    out
}

/// A chain of seeds, in text order.
#[derive(Debug, Clone, Default)]
struct Chain {
    seeds: Vec<(u32, u32)>,
}

impl Chain {
    fn last(&self) -> (u32, u32) {
        *self.seeds.last().expect("a chain has a seed")
    }
}

/// An alignment item: equal words or an edit, at word `x` of a and `y` of b, `la` words of a
/// and `lb` of b.
#[derive(Debug, Clone, Copy)]
struct Item {
    eq: bool,
    x: usize,
    y: usize,
    la: usize,
    lb: usize,
}

/// The passages of one pair of segments from their seeds (sorted by x, then y).
fn segment_pair(seeds: &[Seed], wa: &SegWords, wb: &SegWords, p: &PassageParams) -> Vec<Passage> {
    let gap = p.gap as u32;
    let mut open: Vec<Chain> = Vec::new();
    let mut chains: Vec<Chain> = Vec::new();
    for s in seeds {
        // Close the chains the seed is too far from.
        let mut i = 0;
        while i < open.len() {
            if s.x - open[i].last().0 > gap {
                chains.push(open.swap_remove(i));
            } else {
                i += 1;
            }
        }
        let best = open
            .iter_mut()
            .filter(|c| {
                let (x1, y1) = c.last();
                s.y >= y1 && s.y - y1 <= gap && (s.x, s.y) != (x1, y1)
            })
            .min_by_key(|c| {
                let (x1, y1) = c.last();
                (((s.y - y1) as i64 - (s.x - x1) as i64).abs(), x1, y1)
            });
        match best {
            Some(c) => c.seeds.push((s.x, s.y)),
            None => open.push(Chain {
                seeds: vec![(s.x, s.y)],
            }),
        }
    }
    chains.extend(open);
    let mut out: Vec<Passage> = Vec::new();
    for c in chains {
        let items = anchored(&c, &wa.hashes, &wb.hashes, p.drop + p.seed_words);
        out.extend(cut(&items, p).into_iter().map(|(x, y, aligned)| Passage {
            doc_a: 0,
            seg_a: 0,
            doc_b: 0,
            seg_b: 0,
            bytes_a: [wa.spans[x[0] as usize][0], wa.spans[x[1] as usize - 1][1]],
            bytes_b: [wb.spans[y[0] as usize][0], wb.spans[y[1] as usize - 1][1]],
            words_a: x,
            words_b: y,
            aligned,
        }));
    }
    // Chains that overlap give the same passage more than once: keep the longest of any
    // passages that overlap in both texts.
    out.sort_by_key(|q| (std::cmp::Reverse(q.aligned), q.words_a[0], q.words_b[0]));
    let mut kept: Vec<Passage> = Vec::new();
    for q in out {
        let overlaps = |r: &Passage| {
            q.words_a[0] < r.words_a[1]
                && r.words_a[0] < q.words_a[1]
                && q.words_b[0] < r.words_b[1]
                && r.words_b[0] < q.words_b[1]
        };
        if !kept.iter().any(overlaps) {
            kept.push(q);
        }
    }
    kept
}

/// The alignment of a chain, anchored on its seeds: each seed extended on its diagonal as far
/// as the words are equal, the stretches between two such runs aligned by Myers' diff.
fn anchored(c: &Chain, a: &[u64], b: &[u64], margin: usize) -> Vec<Item> {
    let mut items: Vec<Item> = Vec::new();
    // End of the last equal run (exclusive) in a and b.
    let mut end: Option<(usize, usize)> = None;
    for &(x, y) in &c.seeds {
        let (x, y) = (x as usize, y as usize);
        if let Some((xe, ye)) = end {
            if x < xe || y < ye || a[x] != b[y] {
                continue; // inside (or crossing) the run already taken
            }
        } else if a[x] != b[y] {
            continue; // a hash collision
        }
        // Extend back (not past the previous run) and forward.
        let (lo_x, lo_y) = end.unwrap_or((0, 0));
        let mut back = 0;
        while x - back > lo_x && y - back > lo_y && a[x - back - 1] == b[y - back - 1] {
            back += 1;
        }
        let (xs, ys) = (x - back, y - back);
        let mut len = 0;
        while xs + len < a.len() && ys + len < b.len() && a[xs + len] == b[ys + len] {
            len += 1;
        }
        match end {
            // The stretch between the previous run and this one.
            Some((xe, ye)) => diff_into(&mut items, a, b, xe..xs, ye..ys),
            // The margin before the first run.
            None => diff_into(
                &mut items,
                a,
                b,
                xs.saturating_sub(margin)..xs,
                ys.saturating_sub(margin)..ys,
            ),
        }
        items.push(Item {
            eq: true,
            x: xs,
            y: ys,
            la: len,
            lb: len,
        });
        end = Some((xs + len, ys + len));
    }
    // The margin after the last run.
    if let Some((xe, ye)) = end {
        diff_into(
            &mut items,
            a,
            b,
            xe..(xe + margin).min(a.len()),
            ye..(ye + margin).min(b.len()),
        );
    }
    items
}

/// Stretches up to this many words on both sides are aligned by a plain LCS table (cheaper
/// than Myers' divide and conquer at this size, and no allocation).
const SMALL: usize = 64;

/// Appends the longest-common-subsequence alignment of two short slices as items.
fn lcs_into(items: &mut Vec<Item>, a: &[u64], b: &[u64], x0: usize, y0: usize) {
    let (n, m) = (a.len(), b.len());
    // t[i][j]: LCS of a[i..] and b[j..].
    let mut t = [[0u8; SMALL + 1]; SMALL + 1];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            t[i][j] = if a[i] == b[j] {
                t[i + 1][j + 1] + 1
            } else {
                t[i + 1][j].max(t[i][j + 1])
            };
        }
    }
    let (mut i, mut j) = (0, 0);
    let mut push = |eq: bool, x: usize, y: usize, la: usize, lb: usize| match items.last_mut() {
        Some(last) if last.eq == eq && last.x + last.la == x && last.y + last.lb == y => {
            last.la += la;
            last.lb += lb;
        }
        _ => items.push(Item { eq, x, y, la, lb }),
    };
    while i < n || j < m {
        if i < n && j < m && a[i] == b[j] {
            push(true, x0 + i, y0 + j, 1, 1);
            i += 1;
            j += 1;
        } else if j >= m || (i < n && t[i + 1][j] >= t[i][j + 1]) {
            push(false, x0 + i, y0 + j, 1, 0);
            i += 1;
        } else {
            push(false, x0 + i, y0 + j, 0, 1);
            j += 1;
        }
    }
}

/// Appends the diff of `a[xr]` and `b[yr]` as items.
fn diff_into(
    items: &mut Vec<Item>,
    a: &[u64],
    b: &[u64],
    xr: std::ops::Range<usize>,
    yr: std::ops::Range<usize>,
) {
    if xr.is_empty() && yr.is_empty() {
        return;
    }
    let (x0, y0) = (xr.start, yr.start);
    if xr.len() <= SMALL && yr.len() <= SMALL {
        return lcs_into(items, &a[xr], &b[yr], x0, y0);
    }
    for op in capture_diff_slices(Algorithm::Myers, &a[xr], &b[yr]) {
        let (eq, ox, oy, la, lb) = match op {
            DiffOp::Equal {
                old_index,
                new_index,
                len,
            } => (true, old_index, new_index, len, len),
            DiffOp::Delete {
                old_index,
                old_len,
                new_index,
            } => (false, old_index, new_index, old_len, 0),
            DiffOp::Insert {
                old_index,
                new_index,
                new_len,
            } => (false, old_index, new_index, 0, new_len),
            DiffOp::Replace {
                old_index,
                old_len,
                new_index,
                new_len,
            } => (false, old_index, new_index, old_len, new_len),
        };
        items.push(Item {
            eq,
            x: x0 + ox,
            y: y0 + oy,
            la,
            lb,
        });
    }
}

/// The passages of an alignment: (word range in a, in b, aligned words).
fn cut(items: &[Item], p: &PassageParams) -> Vec<([u32; 2], [u32; 2], u32)> {
    let drop = p.drop as i64;
    let mut out = Vec::new();
    let mut i = 0;
    while i < items.len() {
        if !items[i].eq {
            i += 1;
            continue;
        }
        let (mut score, mut best, mut best_end, mut aligned, mut best_aligned) =
            (0i64, 0i64, i, 0, 0);
        let mut j = i;
        while j < items.len() {
            let it = items[j];
            if it.eq {
                score += it.la as i64;
                aligned += it.la;
            } else {
                score -= it.la.max(it.lb) as i64;
            }
            if score > best {
                (best, best_end, best_aligned) = (score, j, aligned);
            }
            if score <= 0 || score <= best - drop {
                break;
            }
            j += 1;
        }
        if best_aligned >= p.min_words {
            let (s, e) = (items[i], items[best_end]);
            out.push((
                [s.x as u32, (e.x + e.la) as u32],
                [s.y as u32, (e.y + e.lb) as u32],
                best_aligned as u32,
            ));
        }
        i = best_end + 1;
    }
    out
}

/// Words of each treaty covered by the passages it shares with each other treaty, by
/// (doc_a, doc_b).
pub fn coverage(passages: &[Passage]) -> Vec<Coverage> {
    let mut by_pair = passages.to_vec();
    by_pair.sort_unstable_by_key(|q| (q.doc_a, q.doc_b));
    by_pair
        .chunk_by(|p, q| (p.doc_a, p.doc_b) == (q.doc_a, q.doc_b))
        .map(|run| Coverage {
            doc_a: run[0].doc_a,
            doc_b: run[0].doc_b,
            covered_a: union(run.iter().map(|q| (q.seg_a, q.words_a))),
            covered_b: union(run.iter().map(|q| (q.seg_b, q.words_b))),
            passages: run.len(),
        })
        .collect()
}

/// Words in the union of (segment, word range) intervals.
fn union(iv: impl Iterator<Item = (u32, [u32; 2])>) -> u64 {
    let mut v: Vec<(u32, u32, u32)> = iv.map(|(s, r)| (s, r[0], r[1])).collect();
    v.sort_unstable();
    let mut total = 0u64;
    let mut cur: Option<(u32, u32, u32)> = None;
    for (s, a, b) in v {
        match cur {
            Some((cs, ca, cb)) if cs == s && a <= cb => cur = Some((cs, ca, cb.max(b))),
            _ => {
                if let Some((_, ca, cb)) = cur {
                    total += (cb - ca) as u64;
                }
                cur = Some((s, a, b));
            }
        }
    }
    if let Some((_, ca, cb)) = cur {
        total += (cb - ca) as u64;
    }
    total
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(docs: &[Vec<&str>]) -> Vec<Passage> {
        find(&words_of(docs, true), &PassageParams::default())
    }

    const COPIED: &str = "Members of a force or civilian component shall not be subject to the \
        criminal jurisdiction of the receiving State in respect of offences committed in the \
        performance of official duty";

    #[test]
    fn a_paragraph_copied_into_a_longer_article_is_found() {
        let long = format!(
            "1. The Parties agree to cooperate closely on matters of mutual concern. 2. {} \
             shall be determined by the sending State. 3. Each Party shall bear its own costs.",
            COPIED.replace("official", "their official")
        );
        let ps = run(&[vec!["Preamble text here.", COPIED], vec![&long]]);
        assert_eq!(ps.len(), 1, "{ps:?}");
        let p = ps[0];
        assert_eq!((p.doc_a, p.seg_a, p.doc_b, p.seg_b), (0, 1, 1, 0));
        assert_eq!(
            &COPIED[p.bytes_a[0] as usize..p.bytes_a[1] as usize],
            COPIED
        );
        assert!(
            long[p.bytes_b[0] as usize..p.bytes_b[1] as usize].starts_with("Members of a force")
        );
        assert_eq!(p.aligned as usize, COPIED.split_whitespace().count());
        assert!(p.edit_share() > 0.0 && p.edit_share() < 0.05);
    }

    #[test]
    fn transposed_paragraphs_are_two_passages() {
        let x = "The Contracting Parties shall settle any dispute concerning the interpretation of this Agreement by negotiation.";
        let y = "Either Contracting Party may terminate this Agreement by giving one year written notice to the other Contracting Party.";
        let ab = format!("{x} {y}");
        let ba = format!("{y} {x}");
        let ps = run(&[vec![&ab], vec![&ba]]);
        assert_eq!(ps.len(), 2, "{ps:?}");
        let cov = coverage(&ps);
        let words = ab.split_whitespace().count() as u64;
        assert_eq!(
            cov,
            vec![Coverage {
                doc_a: 0,
                doc_b: 1,
                covered_a: words,
                covered_b: words,
                passages: 2
            }]
        );
    }

    #[test]
    fn unrelated_texts_share_nothing() {
        let ps = run(&[
            vec!["The Parties shall consult each other on all matters of common interest in the field of trade."],
            vec!["This Agreement shall enter into force on the thirtieth day after the exchange of instruments."],
        ]);
        assert!(ps.is_empty(), "{ps:?}");
    }

    #[test]
    fn winnowing_keeps_a_fingerprint_in_every_window() {
        let h: Vec<u64> = (0..50u64).map(|i| crate::tokenize::mix(i % 7)).collect();
        let f = fingerprints(&h, 5, 4);
        let pos: Vec<u32> = f.iter().map(|x| x.1).collect();
        for s in 0..=(50 - 5 + 1 - 4) {
            assert!(
                pos.iter().any(|&p| p as usize >= s && (p as usize) < s + 4),
                "window {s}"
            );
        }
    }
}
