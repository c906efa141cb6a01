//! Shingle sets and their exact threshold join (Jaccard, containment).
//!
//! Each record is a sorted list of dense token ids, ids ordered by document frequency (rarest
//! first). The join is PPJoin (Xiao et al., 2008) on top of AllPairs (Bayardo et al., 2007):
//! records in increasing size; each indexes only the short prefix of its rarest tokens that any
//! partner must share with it; each probes the index with its own prefix, skipping partners too
//! small to qualify (length filter) and partners that can no longer reach the overlap needed
//! (positional filter); the few candidates left are verified by merging the two token lists.
//! The index is built whole first and every record probes it in parallel, looking only at
//! records before it in the size order, so the result equals the sequential algorithm's and
//! brute force's.

use super::Pair;
use rayon::prelude::*;

/// Records as sorted token ids, in one flat array.
#[derive(Debug, Clone, Default)]
pub struct Sets {
    offsets: Vec<usize>,
    tokens: Vec<u32>,
    /// Number of distinct token ids.
    pub vocabulary: usize,
}

impl Sets {
    pub fn from_records(records: Vec<Vec<u32>>, vocabulary: usize) -> Sets {
        let (offsets, tokens) = super::concat(&records);
        Sets {
            offsets,
            tokens,
            vocabulary,
        }
    }

    pub fn len(&self) -> usize {
        self.offsets.len() - 1
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn get(&self, r: usize) -> &[u32] {
        &self.tokens[self.offsets[r]..self.offsets[r + 1]]
    }
}

/// Which set similarity.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SetMeasure {
    /// |A ∩ B| / |A ∪ B|
    Jaccard,
    /// |A ∩ B| / min(|A|, |B|): how much of the smaller set is in the larger.
    Containment,
}

impl SetMeasure {
    pub fn score(self, overlap: usize, a: usize, b: usize) -> f64 {
        match self {
            SetMeasure::Jaccard => overlap as f64 / (a + b - overlap) as f64,
            SetMeasure::Containment => overlap as f64 / a.min(b) as f64,
        }
    }

    /// The overlap two sets of sizes `small <= large` need to reach `t` (rounded down a little,
    /// so that it never prunes a qualifying pair; the final test is [`SetMeasure::score`]).
    fn min_overlap(self, t: f64, small: usize, large: usize) -> usize {
        let x = match self {
            SetMeasure::Jaccard => t / (1.0 + t) * (small + large) as f64,
            SetMeasure::Containment => t * small as f64,
        };
        ceil_down(x)
    }
}

const EPS: f64 = 1e-9;

fn ceil_down(x: f64) -> usize {
    (x - EPS).ceil().max(0.0) as usize
}

/// The size of the overlap of two sorted lists.
pub fn overlap(a: &[u32], b: &[u32]) -> usize {
    let (small, large) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    if small.len() * 16 < large.len() {
        // Much smaller: look each element up, narrowing the rest of the larger list.
        let mut rest = large;
        let mut o = 0;
        for x in small {
            match rest.binary_search(x) {
                Ok(k) => {
                    o += 1;
                    rest = &rest[k + 1..];
                }
                Err(k) => rest = &rest[k..],
            }
        }
        return o;
    }
    // A merge without branches on the comparison (they are unpredictable).
    let (mut i, mut j, mut o) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        let (x, y) = (a[i], b[j]);
        o += usize::from(x == y);
        i += usize::from(x <= y);
        j += usize::from(y <= x);
    }
    o
}

/// The overlap if it reaches `need`, else `None` (stops as soon as it cannot).
fn overlap_at_least(a: &[u32], b: &[u32], need: usize) -> Option<usize> {
    let (mut i, mut j, mut o) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        if o + (a.len() - i).min(b.len() - j) < need {
            return None;
        }
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                o += 1;
                i += 1;
                j += 1;
            }
        }
    }
    (o >= need).then_some(o)
}

/// What the join did, for the record in report.json and the benchmark.
#[derive(Debug, Clone, Copy, Default)]
pub struct JoinStats {
    pub candidates: u64,
    pub indexed: u64,
}

const PRUNED: u32 = u32::MAX;

/// Where each posting list's partners begin (the first entry at or after the smallest size a
/// partner may have), remembered per thread: records are probed in increasing size, so these
/// only move forward, and a few steps replace a binary search over a long list.
struct Cursors {
    /// Per token: [epoch, position in its list].
    at: Vec<[u32; 2]>,
    epoch: u32,
    last_first: usize,
}

impl Cursors {
    fn seek(&mut self, w: usize, list: &[u32], first: usize) -> usize {
        let [epoch, mut pos] = self.at[w];
        if epoch != self.epoch {
            pos = list.partition_point(|&p| (p as usize) < first) as u32;
        } else {
            while (pos as usize) < list.len() && (list[pos as usize] as usize) < first {
                pos += 1;
            }
        }
        self.at[w] = [self.epoch, pos];
        pos as usize
    }
}

/// A hint to load the cache line at `p` (nothing on other architectures).
#[inline(always)]
pub(crate) fn prefetch<T>(p: *const T) {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: prefetching is a hint; it never faults, whatever the address.
    unsafe {
        std::arch::x86_64::_mm_prefetch(p as *const i8, std::arch::x86_64::_MM_HINT_T0);
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = p;
}

/// A 4,096-bit signature of a token set (Sandes et al., "Bitmap filter", 2020): if `k` bits
/// differ between two signatures, the sets differ in at least `k` tokens, so their overlap is
/// at most `(|x| + |y| - k) / 2`. 64 XOR-and-popcounts stand in for merging two lists of
/// about a thousand tokens each.
type Bitmap = [u64; 64];

fn bitmap(tokens: &[u32]) -> Bitmap {
    let mut b = [0u64; 64];
    for &t in tokens {
        let h = (t as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15) >> 52;
        b[(h >> 6) as usize] |= 1 << (h & 63);
    }
    b
}

/// All pairs of records `(a < b)` with `measure >= t`, records of the same treaty (`docs`)
/// skipped unless `same_doc`, records smaller than `min_size` (and empty ones) skipped.
/// Sorted by `(a, b)`.
pub fn join(
    sets: &Sets,
    docs: &[u32],
    measure: SetMeasure,
    t: f64,
    same_doc: bool,
    min_size: usize,
) -> (Vec<Pair>, JoinStats) {
    let t0 = std::time::Instant::now();
    let min_size = min_size.max(1);
    let mut order: Vec<u32> = (0..sets.len() as u32)
        .filter(|&r| sets.get(r as usize).len() >= min_size)
        .collect();
    order.sort_by_key(|&r| (sets.get(r as usize).len(), r));
    let m = order.len();
    let sizes: Vec<usize> = order.iter().map(|&r| sets.get(r as usize).len()).collect();
    let t = t.clamp(EPS, 1.0);
    // Index prefix: for partners x at least as large, overlap >= min_overlap(s, s).
    let index_len = |s: usize| {
        (s + 1)
            .saturating_sub(measure.min_overlap(t, s, s))
            .clamp(1, s)
    };
    let mut starts = vec![0usize; sets.vocabulary + 1];
    for (p, &r) in order.iter().enumerate() {
        for &w in &sets.get(r as usize)[..index_len(sizes[p])] {
            starts[w as usize + 1] += 1;
        }
    }
    for w in 0..sets.vocabulary {
        starts[w + 1] += starts[w];
    }
    // Postings as two arrays (positions in the size order, token positions in the record),
    // so that the binary search for the length filter reads only the first.
    let mut post_p = vec![0u32; starts[sets.vocabulary]];
    let mut post_j = vec![0u32; starts[sets.vocabulary]];
    let mut fill = starts.clone();
    for (p, &r) in order.iter().enumerate() {
        for (j, &w) in sets.get(r as usize)[..index_len(sizes[p])]
            .iter()
            .enumerate()
        {
            post_p[fill[w as usize]] = p as u32;
            post_j[fill[w as usize]] = j as u32;
            fill[w as usize] += 1;
        }
    }
    drop(fill);
    let indexed = post_p.len() as u64;
    let doc_at: Vec<u32> = order.iter().map(|&r| docs[r as usize]).collect();
    let n_docs = doc_at.iter().map(|&d| d as usize + 1).max().unwrap_or(0);
    let mut by_doc: Vec<Vec<u32>> = vec![Vec::new(); n_docs];
    for (p, &d) in doc_at.iter().enumerate() {
        by_doc[d as usize].push(p as u32);
    }
    let bitmaps: Vec<Bitmap> = order
        .par_iter()
        .map(|&r| bitmap(sets.get(r as usize)))
        .collect();
    super::trace("join: index", t0);

    let results: Vec<(Vec<Pair>, u64)> = (0..m)
        .into_par_iter()
        .map_init(
            // Per thread: for each partner position, [overlap count so far, size], side by
            // side so that one cache line serves both.
            || {
                let state: Vec<[u32; 2]> = sizes.iter().map(|&s| [0, s as u32]).collect();
                let cursors = Cursors {
                    at: vec![[0u32; 2]; sets.vocabulary],
                    epoch: 1,
                    last_first: 0,
                };
                (
                    state,
                    vec![0u32; m + 1],
                    Vec::<u32>::new(),
                    cursors,
                    Vec::<u32>::new(),
                )
            },
            |(state, touched, need_of, cursors, same), px| {
                let rx = order[px] as usize;
                let x = sets.get(rx);
                let sx = sizes[px];
                let (probe, min_partner) = match measure {
                    // Partners y (|y| <= |x|) need |y| >= t|x| and share x's prefix.
                    SetMeasure::Jaccard => (
                        (sx + 1)
                            .saturating_sub(ceil_down(t * sx as f64))
                            .clamp(1, sx),
                        ceil_down(t * sx as f64),
                    ),
                    // A small y can sit inside a large x: probe all of x, no length filter.
                    SetMeasure::Containment => (sx, 0),
                };
                // Partners stand at positions [first, px) of the size order.
                let first = sizes[..px].partition_point(|&s| s < min_partner);
                if first < cursors.last_first {
                    cursors.epoch += 1; // out of order: the cursors no longer hold
                }
                cursors.last_first = first;
                // The overlap each partner size needs.
                let smallest = sizes.get(first).copied().unwrap_or(sx);
                need_of.clear();
                need_of.extend((smallest..=sx).map(|sy| measure.min_overlap(t, sy, sx) as u32));
                // Skip x's own treaty by marking its records pruned for this probe.
                same.clear();
                if !same_doc {
                    for &p in &by_doc[doc_at[px] as usize] {
                        if (p as usize) < px && state[p as usize][0] == 0 {
                            state[p as usize][0] = PRUNED;
                            same.push(p);
                        }
                    }
                }
                let mut len = 0usize;
                let prefix = &x[..probe];
                for (i, &w) in prefix.iter().enumerate() {
                    // The lists are scattered over memory: ask for the ones a few tokens
                    // ahead while this one is read.
                    if let Some(&ahead) = prefix.get(i + 4) {
                        let s = starts[ahead as usize];
                        prefetch(post_p.as_ptr().wrapping_add(s));
                        prefetch(post_j.as_ptr().wrapping_add(s));
                    }
                    if let Some(&ahead) = prefix.get(i + 8) {
                        prefetch(starts.as_ptr().wrapping_add(ahead as usize));
                    }
                    let (s, e) = (starts[w as usize], starts[w as usize + 1]);
                    let ps = &post_p[s..e];
                    let from = cursors.seek(w as usize, ps, first);
                    // Branch-free: the outcome of each entry is data-dependent, and
                    // mispredicted branches cost more than the arithmetic.
                    for k in from..ps.len() {
                        let p = ps[k] as usize;
                        if p >= px {
                            break;
                        }
                        let [a, sy] = state[p];
                        let sy = sy as usize;
                        let need = need_of[sy.saturating_sub(smallest).min(need_of.len() - 1)];
                        let j = post_j[s + k] as usize;
                        let bound = 1 + (sx - i - 1).min(sy - j - 1);
                        let ok = (a as usize + bound >= need as usize) & (a != PRUNED);
                        state[p][0] = if ok { a.wrapping_add(1) } else { PRUNED };
                        touched[len] = p as u32;
                        len += (a == 0) as usize;
                    }
                }
                // Partners of x's own treaty were marked before; unmark them.
                for &p in same.iter() {
                    state[p as usize][0] = 0;
                }
                let mut out = Vec::new();
                let candidates = len as u64;
                for &p in &touched[..len] {
                    let p = p as usize;
                    let a = state[p][0];
                    state[p][0] = 0;
                    if a == PRUNED {
                        continue;
                    }
                    let ry = order[p] as usize;
                    let y = sets.get(ry);
                    let sy = y.len();
                    let need = measure.min_overlap(t, sy, sx);
                    // `a` counts the shared tokens inside both prefixes. The others all come
                    // after the smaller of the two prefixes' last tokens (PPJoin's verify).
                    // Bitmap filter: bits set in one signature only stand for distinct
                    // tokens of the symmetric difference.
                    let diff: u32 = bitmaps[px]
                        .iter()
                        .zip(&bitmaps[p])
                        .map(|(a, b)| (a ^ b).count_ones())
                        .sum();
                    if (sx + sy).saturating_sub(diff as usize) / 2 < need {
                        continue;
                    }
                    let iy = index_len(sy);
                    let (wx, wy) = (x[probe - 1], y[iy - 1]);
                    let rest = if wx < wy {
                        let j0 = y.partition_point(|&w| w <= wx);
                        (a as usize + sx - probe >= need).then(|| {
                            overlap_at_least(&x[probe..], &y[j0..], need.saturating_sub(a as usize))
                        })
                    } else {
                        let i0 = x.partition_point(|&w| w <= wy);
                        (a as usize + sy - iy >= need).then(|| {
                            overlap_at_least(&x[i0..], &y[iy..], need.saturating_sub(a as usize))
                        })
                    };
                    if let Some(Some(o)) = rest {
                        let score = measure.score(a as usize + o, sx, sy);
                        if score >= t {
                            out.push(Pair::new(rx, ry, score));
                        }
                    }
                }
                (out, candidates)
            },
        )
        .collect();
    super::trace("join: probe", t0);
    let mut stats = JoinStats {
        candidates: 0,
        indexed,
    };
    let mut pairs = Vec::with_capacity(results.iter().map(|r| r.0.len()).sum());
    for (ps, c) in results {
        pairs.extend(ps);
        stats.candidates += c;
    }
    pairs.par_sort_unstable_by_key(|p| (p.a, p.b));
    (pairs, stats)
}

/// Every pair checked one by one: the reference the join is tested against.
pub fn brute_force(
    sets: &Sets,
    docs: &[u32],
    measure: SetMeasure,
    t: f64,
    same_doc: bool,
    min_size: usize,
) -> Vec<Pair> {
    let min_size = min_size.max(1);
    let mut out = Vec::new();
    for a in 0..sets.len() {
        for b in a + 1..sets.len() {
            let (x, y) = (sets.get(a), sets.get(b));
            if x.len() < min_size || y.len() < min_size || (!same_doc && docs[a] == docs[b]) {
                continue;
            }
            let score = measure.score(overlap(x, y), x.len(), y.len());
            if score >= t {
                out.push(Pair::new(a, b, score));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The fast overlap (branch-free merge, or lookups when one list is much smaller) agrees
    /// with the plain merge on lists of every size ratio.
    #[test]
    fn overlap_agrees_with_the_plain_merge() {
        let mut seed = 0x2545_f491_4f6c_dd1d_u64;
        let mut next = || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        for round in 0..2000 {
            let (na, nb) = ((next() % 300) as usize, (next() % 40) as usize + round % 3);
            let span = 1 + next() % 1000;
            let mut list = |n: usize| {
                let mut v: Vec<u32> = (0..n).map(|_| (next() % span) as u32).collect();
                v.sort_unstable();
                v.dedup();
                v
            };
            let (a, b) = (list(na), list(nb));
            let want = overlap_at_least(&a, &b, 0).unwrap();
            assert_eq!(overlap(&a, &b), want, "{a:?} {b:?}");
            assert_eq!(overlap(&b, &a), want);
        }
    }
}
