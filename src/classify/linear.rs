//! The learned component beside the rules: one logistic regression per label over binary word
//! and word-pair features of an article body, trained by `clausemap train` and shipped as
//! `linear.tsv` beside this file (embedded in the binary; nothing is downloaded).
//!
//! Features: the body's words (letters and digits, lower-cased, every run of digits read as
//! `0`), single and in adjacent pairs, each present or absent; the vector is scaled to unit
//! length so long and short articles weigh alike. A label's probability is
//! `sigmoid(bias + w · x)`.
//!
//! Training ([`train`]) is plain stochastic gradient descent with L2 regularisation over the
//! examples in a fixed order, in `f64`, single-threaded: the same examples give the same
//! weights, written with 4 decimals and sorted, so the shipped file is reproducible byte for
//! byte. No crate was used: `linfa-logistic` fits one label at a time with a dense design
//! matrix (tens of thousands of features here) and its L-BFGS result depends on thread
//! scheduling in argmin's line search; the solver needed is twenty lines.

use crate::text::{fnv1a, fnv1a_extend};
use rustc_hash::FxHashMap;
use std::fmt::Write as _;

/// The shipped weights.
pub const BUILTIN: &str = include_str!("linear.tsv");

/// A trained model: per label a bias and weights of features.
#[derive(Debug, Clone, Default)]
pub struct Linear {
    pub labels: Vec<String>,
    pub bias: Vec<f64>,
    /// Feature hash to (label index, weight).
    weights: FxHashMap<u64, Vec<(u16, f32)>>,
    /// Feature text per hash, for writing the file back.
    names: FxHashMap<u64, String>,
}

/// A feature's id: FNV-1a of its text, as the file's features are looked up.
fn hash(s: &str) -> u64 {
    fnv1a(s.as_bytes())
}

/// The words of a text: letters and digits, lower-cased, digit runs as `0`.
pub fn words(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut digits = false;
    let flush = |cur: &mut String, digits: &mut bool, out: &mut Vec<String>| {
        if !cur.is_empty() {
            out.push(if *digits {
                "0".to_string()
            } else {
                std::mem::take(cur)
            });
            cur.clear();
        }
        *digits = false;
    };
    for c in text.chars() {
        if c.is_alphanumeric() {
            if cur.is_empty() {
                digits = c.is_ascii_digit();
            } else if !c.is_ascii_digit() {
                digits = false;
            }
            cur.extend(c.to_lowercase());
        } else {
            flush(&mut cur, &mut digits, &mut out);
        }
    }
    flush(&mut cur, &mut digits, &mut out);
    out
}

/// The distinct features of a text (single words and adjacent pairs), sorted.
pub fn features(text: &str) -> Vec<String> {
    let w = words(text);
    let mut f: Vec<String> = w.to_vec();
    f.extend(w.windows(2).map(|p| format!("{} {}", p[0], p[1])));
    f.sort();
    f.dedup();
    f
}

/// The hashes of [`features`] (the same values as hashing each feature's text), computed
/// without building the strings: inference runs on every article.
pub fn feature_hashes(text: &str) -> Vec<u64> {
    let mut out = Vec::new();
    let mut word = String::new();
    let mut prev: Option<u64> = None; // hash of "previous word " (with the space)
    let push = |word: &mut String, prev: &mut Option<u64>, out: &mut Vec<u64>| {
        if word.is_empty() {
            return;
        }
        let w: &[u8] = if word.bytes().all(|b| b.is_ascii_digit()) {
            b"0"
        } else {
            word.as_bytes()
        };
        let single = fnv1a(w);
        out.push(single);
        if let Some(p) = *prev {
            out.push(fnv1a_extend(p, w));
        }
        *prev = Some(fnv1a_extend(single, b" "));
        word.clear();
    };
    for c in text.chars() {
        if c.is_ascii() {
            if c.is_ascii_alphanumeric() {
                word.push(c.to_ascii_lowercase());
            } else {
                push(&mut word, &mut prev, &mut out);
            }
        } else if c.is_alphanumeric() {
            word.extend(c.to_lowercase());
        } else {
            push(&mut word, &mut prev, &mut out);
        }
    }
    push(&mut word, &mut prev, &mut out);
    out.sort_unstable();
    out.dedup();
    out
}

fn sigmoid(z: f64) -> f64 {
    1.0 / (1.0 + (-z).exp())
}

impl Linear {
    /// The shipped model.
    pub fn builtin() -> &'static Linear {
        static MODEL: std::sync::LazyLock<Linear> = std::sync::LazyLock::new(|| {
            Linear::parse(BUILTIN).expect("the built-in linear.tsv is valid")
        });
        &MODEL
    }

    /// Reads the TSV form written by [`Linear::write`].
    pub fn parse(text: &str) -> Result<Linear, String> {
        let mut m = Linear::default();
        for (n, line) in text.lines().enumerate() {
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            let cols: Vec<&str> = line.split('\t').collect();
            let bad = || format!("line {}: {line:?} is not a label or weight line", n + 1);
            match cols.as_slice() {
                ["label", id, bias] => {
                    m.labels.push((*id).to_string());
                    m.bias.push(bias.parse().map_err(|_| bad())?);
                }
                ["w", id, feature, weight] => {
                    let l =
                        m.labels.iter().position(|x| x == id).ok_or_else(|| {
                            format!("line {}: label {id:?} has no label line", n + 1)
                        })?;
                    let w: f32 = weight.parse().map_err(|_| bad())?;
                    let h = hash(feature);
                    m.weights.entry(h).or_default().push((l as u16, w));
                    m.names.entry(h).or_insert_with(|| (*feature).to_string());
                }
                _ => return Err(bad()),
            }
        }
        Ok(m)
    }

    /// The file form: a header, then `label` lines, then `w` lines by label and feature.
    pub fn write(&self) -> String {
        let mut o = String::from(
            "# clausemap-linear/1: logistic regression per label over word and word-pair features\n\
             # (see src/classify/linear.rs). Rebuilt by `clausemap train`; do not edit by hand.\n",
        );
        for (l, id) in self.labels.iter().enumerate() {
            let _ = writeln!(o, "label\t{id}\t{:.4}", self.bias[l]);
        }
        for (l, id) in self.labels.iter().enumerate() {
            let mut rows: Vec<(&str, f32)> = self
                .weights
                .iter()
                .flat_map(|(h, ws)| {
                    ws.iter()
                        .filter(|(x, _)| *x as usize == l)
                        .map(|(_, w)| (self.names[h].as_str(), *w))
                })
                .collect();
            rows.sort_by(|a, b| a.0.cmp(b.0));
            for (f, w) in rows {
                let _ = writeln!(o, "w\t{id}\t{f}\t{w:.4}");
            }
        }
        o
    }

    /// The index of a label in this model.
    pub fn index(&self, id: &str) -> Option<usize> {
        self.labels.iter().position(|l| l == id)
    }

    /// Every label's probability for a text, in this model's label order.
    pub fn probabilities(&self, text: &str) -> Vec<f64> {
        let feats = feature_hashes(text);
        let mut z = self.bias.clone();
        if feats.is_empty() {
            return z.into_iter().map(sigmoid).collect();
        }
        let x = 1.0 / (feats.len() as f64).sqrt();
        for f in &feats {
            if let Some(ws) = self.weights.get(f) {
                for &(l, w) in ws {
                    z[l as usize] += f64::from(w) * x;
                }
            }
        }
        z.into_iter().map(sigmoid).collect()
    }

    /// One label's probability for a text.
    pub fn probability(&self, label: usize, text: &str) -> f64 {
        self.probabilities(text)[label]
    }
}

/// One training example: a text and, per label, 1 (has it), 0 (has it not) or -1 (unknown).
#[derive(Debug, Clone)]
pub struct Example {
    pub text: String,
    pub targets: Vec<i8>,
    /// How much the example counts (hand-annotated articles more than weak labels).
    pub weight: f64,
}

/// Training settings.
#[derive(Debug, Clone, Copy)]
pub struct Settings {
    pub epochs: usize,
    pub rate: f64,
    pub l2: f64,
    /// Features seen in fewer examples are left out.
    pub min_count: usize,
    /// Weights smaller than this are not kept.
    pub min_weight: f64,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            epochs: 30,
            rate: 0.5,
            l2: 1e-5,
            min_count: 3,
            min_weight: 0.01,
        }
    }
}

/// Fits one logistic regression per label on `examples` (deterministic: see the module
/// documentation).
pub fn train(labels: &[String], examples: &[Example], s: Settings) -> Linear {
    let nl = labels.len();
    // Vocabulary: features in at least `min_count` examples, numbered in sorted order.
    let feats: Vec<Vec<String>> = examples.iter().map(|e| features(&e.text)).collect();
    let mut count: std::collections::BTreeMap<&str, usize> = std::collections::BTreeMap::new();
    for f in &feats {
        for x in f {
            *count.entry(x.as_str()).or_default() += 1;
        }
    }
    let vocab: Vec<&str> = count
        .iter()
        .filter(|(_, &c)| c >= s.min_count)
        .map(|(f, _)| *f)
        .collect();
    let id: FxHashMap<&str, usize> = vocab.iter().enumerate().map(|(i, f)| (*f, i)).collect();
    let rows: Vec<Vec<usize>> = feats
        .iter()
        .map(|f| {
            f.iter()
                .filter_map(|x| id.get(x.as_str()).copied())
                .collect()
        })
        .collect();
    let mut w = vec![0.0f64; vocab.len() * nl];
    let mut bias = vec![0.0f64; nl];
    // Start each bias at the log-odds of the label.
    for (l, b) in bias.iter_mut().enumerate() {
        let (mut pos, mut all) = (0.0, 0.0);
        for e in examples.iter().filter(|e| e.targets[l] >= 0) {
            all += e.weight;
            pos += e.weight * f64::from(e.targets[l]);
        }
        let p = ((pos + 0.5) / (all + 1.0)).clamp(1e-4, 1.0 - 1e-4);
        *b = (p / (1.0 - p)).ln();
    }
    for epoch in 0..s.epochs {
        let rate = s.rate / (1.0 + epoch as f64 * 0.2);
        for (e, row) in examples.iter().zip(&rows) {
            if row.is_empty() {
                continue;
            }
            let x = 1.0 / (row.len() as f64).sqrt();
            for l in 0..nl {
                let t = e.targets[l];
                if t < 0 {
                    continue;
                }
                let z = bias[l] + row.iter().map(|&f| w[f * nl + l]).sum::<f64>() * x;
                let g = (sigmoid(z) - f64::from(t)) * e.weight;
                bias[l] -= rate * g * 0.1;
                for &f in row {
                    let wf = &mut w[f * nl + l];
                    *wf -= rate * (g * x + s.l2 * *wf);
                }
            }
        }
    }
    let mut m = Linear {
        labels: labels.to_vec(),
        bias: bias.iter().map(|b| round4(*b)).collect(),
        ..Linear::default()
    };
    for (i, f) in vocab.iter().enumerate() {
        for l in 0..nl {
            let v = round4(w[i * nl + l]);
            if v.abs() >= s.min_weight {
                let h = hash(f);
                m.weights.entry(h).or_default().push((l as u16, v as f32));
                m.names.entry(h).or_insert_with(|| (*f).to_string());
            }
        }
    }
    m
}

fn round4(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_and_features() {
        assert_eq!(
            words("Article 12: The Parties shall CONSULT."),
            ["article", "0", "the", "parties", "shall", "consult"]
        );
        let f = features("shall consult shall");
        assert_eq!(f, ["consult", "consult shall", "shall", "shall consult"]);
    }

    #[test]
    fn feature_hashes_are_the_hashes_of_the_features() {
        for t in [
            "Article 12: The Parties shall CONSULT.",
            "",
            "été 1999 x",
            "a1b 22 33c",
        ] {
            let mut want: Vec<u64> = features(t).iter().map(|f| hash(f)).collect();
            want.sort_unstable();
            want.dedup();
            assert_eq!(feature_hashes(t), want, "{t}");
        }
    }

    #[test]
    fn training_separates_and_the_file_round_trips() {
        let labels = vec!["consultation".to_string(), "termination".to_string()];
        let mut ex = Vec::new();
        for i in 0..20 {
            ex.push(Example {
                text: format!("The Parties shall consult each other on request {i}."),
                targets: vec![1, 0],
                weight: 1.0,
            });
            ex.push(Example {
                text: format!("Either Party may terminate this Agreement by notice {i}."),
                targets: vec![0, 1],
                weight: 1.0,
            });
        }
        let m = train(&labels, &ex, Settings::default());
        let p = m.probabilities("The Parties shall consult each other.");
        assert!(p[0] > 0.8 && p[1] < 0.2, "{p:?}");
        let back = Linear::parse(&m.write()).unwrap();
        assert_eq!(back.write(), m.write());
        assert_eq!(train(&labels, &ex, Settings::default()).write(), m.write());
        assert!(Linear::parse("w\tx\tfoo\t1.0\n")
            .unwrap_err()
            .contains("line 1"));
    }
}
