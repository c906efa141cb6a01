//! TF-IDF vectors and their exact cosine threshold join.
//!
//! Features are word unigrams and bigrams (words of two or more characters, optionally
//! stemmed and without stop words), weighted as scikit-learn's `TfidfVectorizer(ngram_range=
//! (1, 2), sublinear_tf=True)` does: `(1 + ln tf) * (ln((1 + n) / (1 + df)) + 1)`, then each
//! vector scaled to unit length.
//!
//! The join is AllPairs for cosine (Bayardo et al., 2007): features ordered by decreasing
//! document frequency; each vector leaves unindexed its longest prefix of frequent features
//! whose possible contribution to any dot product stays below the threshold (bounded both by
//! the prefix's norm and by its dot product with the per-feature maximum weights), and indexes
//! the rest. A partner reaching the threshold must then meet the vector in an indexed feature,
//! so probing with whole vectors finds every qualifying pair; the unindexed part of each
//! candidate is added exactly afterwards.

use super::Pair;
use rayon::prelude::*;

/// Unit vectors as sorted (feature id, weight) lists in flat arrays.
#[derive(Debug, Clone, Default)]
pub struct Vectors {
    offsets: Vec<usize>,
    features: Vec<u32>,
    weights: Vec<f32>,
    pub vocabulary: usize,
}

impl Vectors {
    /// `records[r]` is a list of (feature id, tf-idf weight), in any order.
    pub fn from_records(records: Vec<Vec<(u32, f64)>>, vocabulary: usize) -> Vectors {
        let scaled = records.into_par_iter().map(|mut r| scale(&mut r)).collect();
        Self::from_scaled(scaled, vocabulary)
    }

    /// From vectors already sorted and scaled ([`scale`]).
    pub fn from_scaled(scaled: Vec<(Vec<u32>, Vec<f32>)>, vocabulary: usize) -> Vectors {
        let (fs, ws): (Vec<Vec<u32>>, Vec<Vec<f32>>) = scaled.into_iter().unzip();
        let (offsets, features) = super::concat(&fs);
        let (_, weights) = super::concat(&ws);
        Vectors {
            offsets,
            features,
            weights,
            vocabulary,
        }
    }

    pub fn len(&self) -> usize {
        self.offsets.len() - 1
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn get(&self, r: usize) -> (&[u32], &[f32]) {
        let (s, e) = (self.offsets[r], self.offsets[r + 1]);
        (&self.features[s..e], &self.weights[s..e])
    }
}

/// A vector as sorted features and weights scaled to unit length.
pub fn scale(r: &mut [(u32, f64)]) -> (Vec<u32>, Vec<f32>) {
    r.sort_unstable_by_key(|&(f, _)| f);
    let norm = r.iter().map(|&(_, w)| w * w).sum::<f64>().sqrt();
    let fs = r.iter().map(|&(f, _)| f).collect();
    let ws = r
        .iter()
        .map(|&(_, w)| if norm > 0.0 { (w / norm) as f32 } else { 0.0 })
        .collect();
    (fs, ws)
}

/// The accumulator mark of a partner that cannot reach the threshold.
const PRUNED: f64 = -1.0;

/// The dot product of two sparse vectors (sorted features).
pub fn dot(a: (&[u32], &[f32]), b: (&[u32], &[f32])) -> f64 {
    let (mut i, mut j, mut s) = (0, 0, 0.0f64);
    while i < a.0.len() && j < b.0.len() {
        match a.0[i].cmp(&b.0[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                s += a.1[i] as f64 * b.1[j] as f64;
                i += 1;
                j += 1;
            }
        }
    }
    s
}

/// All pairs `(a < b)` of vectors from different treaties (unless `same_doc`) with cosine
/// `>= t`, sorted by `(a, b)`. Feature ids must be in decreasing order of document frequency.
pub fn join(v: &Vectors, docs: &[u32], t: f64, same_doc: bool) -> (Vec<Pair>, u64) {
    let t0 = std::time::Instant::now();
    let n = v.len();
    let t = t.max(1e-9);
    let mut maxw = vec![0f32; v.vocabulary];
    for (&f, &w) in v.features.iter().zip(&v.weights) {
        let m = &mut maxw[f as usize];
        *m = m.max(w);
    }
    // Split of each vector: features [0, split) unindexed, with `bound` on their dot product.
    let mut split = vec![0usize; n];
    let mut bound = vec![0f64; n];
    let mut pnorm = vec![0f64; n];
    for r in 0..n {
        let (fs, ws) = v.get(r);
        let (mut norm2, mut bmax) = (0.0f64, 0.0f64);
        let mut k = 0;
        while k < fs.len() {
            let w = ws[k] as f64;
            let n2 = norm2 + w * w;
            let b2 = bmax + w * maxw[fs[k] as usize] as f64;
            if n2.sqrt().min(b2) >= t - 1e-9 {
                break;
            }
            norm2 = n2;
            bmax = b2;
            k += 1;
        }
        split[r] = k;
        pnorm[r] = norm2.sqrt();
        bound[r] = bmax;
    }
    let mut starts = vec![0usize; v.vocabulary + 1];
    for (r, &sp) in split.iter().enumerate() {
        for &f in &v.get(r).0[sp..] {
            starts[f as usize + 1] += 1;
        }
    }
    for f in 0..v.vocabulary {
        starts[f + 1] += starts[f];
    }
    // (vector, weight, norm of the vector's features before this one).
    let mut postings = vec![(0u32, 0f32, 0f32); starts[v.vocabulary]];
    let mut fill = starts.clone();
    for (r, &sp) in split.iter().enumerate() {
        let (fs, ws) = v.get(r);
        let mut before = ws[..sp].iter().map(|&w| w as f64 * w as f64).sum::<f64>();
        for k in sp..fs.len() {
            let f = fs[k] as usize;
            // Rounded up, so that the bound it enters stays a bound.
            let rest = (before.sqrt() * (1.0 + 1e-6)) as f32;
            postings[fill[f]] = (r as u32, ws[k], rest);
            fill[f] += 1;
            before += ws[k] as f64 * ws[k] as f64;
        }
    }
    drop(fill);
    super::trace("join: index", t0);

    let results: Vec<(Vec<Pair>, u64)> = (0..n)
        .into_par_iter()
        .map_init(
            || {
                (
                    vec![0f64; n],
                    Vec::<u32>::new(),
                    Vec::<f64>::new(),
                    Vec::<f64>::new(),
                )
            },
            |(acc, touched, cum, cmax), x| {
                let (fx, wx) = v.get(x);
                // Norm and max-weight bound of x's features up to each position.
                cum.clear();
                cmax.clear();
                let (mut c, mut m) = (0.0f64, 0.0f64);
                for (&f, &w) in fx.iter().zip(wx) {
                    c += w as f64 * w as f64;
                    m += w as f64 * maxw[f as usize] as f64;
                    cum.push(c);
                    cmax.push(m);
                }
                // Rarest features first. A partner first met at feature k shares nothing
                // rarer with x (its unindexed features are all more frequent than k), so its
                // cosine is at most the bound of x's features up to k: once that is below t,
                // no new partner can qualify and only known ones are added to.
                //
                // Both vectors are read from their rarest features down, so whatever x and y
                // still share after they meet at (k, j) lies before k in x and before j in y:
                // at most |x before k| * |y before j| (Cauchy-Schwarz). A partner whose count
                // plus this match plus that bound falls below t is dropped (PRUNED), the
                // cosine counterpart of PPJoin's positional filter (L2AP's l2 bound).
                for k in (0..fx.len()).rev() {
                    if k >= 4 {
                        let ahead = fx[k - 4] as usize;
                        super::sets::prefetch(postings.as_ptr().wrapping_add(starts[ahead]));
                    }
                    if k >= 8 {
                        super::sets::prefetch(starts.as_ptr().wrapping_add(fx[k - 8] as usize));
                    }
                    let admit = cum[k].sqrt().min(cmax[k]) >= t - 1e-9;
                    let xrest = if k == 0 {
                        0.0
                    } else {
                        cum[k - 1].sqrt() * (1.0 + 1e-9)
                    };
                    let f = fx[k] as usize;
                    let w = wx[k] as f64;
                    let list = &postings[starts[f]..starts[f + 1]];
                    for &(y, wy, yrest) in list {
                        let y = y as usize;
                        if y >= x {
                            break;
                        }
                        let a = acc[y];
                        if a < 0.0 {
                            continue; // pruned
                        }
                        let b = a + w * wy as f64;
                        let alive = b + xrest * yrest as f64 >= t - 1e-9;
                        if a == 0.0 {
                            // A partner that fails the bound at its first meeting is left
                            // untouched: its cosine is proven below t, so meeting it again
                            // later (and perhaps admitting it with part of its sum) cannot
                            // make a false pair, and most partners end here.
                            if !alive || !admit || (!same_doc && docs[y] == docs[x]) {
                                continue;
                            }
                            touched.push(y as u32);
                        }
                        acc[y] = if alive { b } else { PRUNED };
                    }
                }
                let mut out = Vec::new();
                let candidates = touched.len() as u64;
                for &y in touched.iter() {
                    let y = y as usize;
                    let a = acc[y];
                    acc[y] = 0.0;
                    if a < 0.0 {
                        continue;
                    }
                    let s = split[y];
                    let (fy, wy) = v.get(y);
                    // y's unindexed features all rank below its first indexed one, so x meets
                    // them only among its own features of lower rank.
                    let k = match fy.get(s) {
                        Some(&first) => fx.partition_point(|&f| f < first),
                        None => fx.len(),
                    };
                    let xnorm = if k == 0 { 0.0 } else { cum[k - 1].sqrt() };
                    // Cauchy-Schwarz on the parts that can meet, and the max-weight bound.
                    if a + (pnorm[y] * xnorm).min(bound[y]) < t - 1e-9 {
                        continue;
                    }
                    let partial = a + dot((&fx[..k], &wx[..k]), (&fy[..s], &wy[..s]));
                    if partial < t - 1e-6 {
                        continue;
                    }
                    // The whole dot product again, summed in the same order as brute force.
                    let score = dot(v.get(y), (fx, wx));
                    if score >= t {
                        out.push(Pair::new(x, y, score));
                    }
                }
                touched.clear();
                (out, candidates)
            },
        )
        .collect();
    super::trace("join: probe", t0);
    let mut candidates = 0;
    let mut pairs = Vec::new();
    for (ps, c) in results {
        pairs.extend(ps);
        candidates += c;
    }
    pairs.par_sort_unstable_by_key(|p| (p.a, p.b));
    (pairs, candidates)
}

/// Every pair checked one by one: the reference the join is tested against.
pub fn brute_force(v: &Vectors, docs: &[u32], t: f64, same_doc: bool) -> Vec<Pair> {
    let mut out = Vec::new();
    for a in 0..v.len() {
        for b in a + 1..v.len() {
            if !same_doc && docs[a] == docs[b] {
                continue;
            }
            let s = dot(v.get(a), v.get(b));
            if s >= t {
                out.push(Pair::new(a, b, s));
            }
        }
    }
    out
}
