//! Train: the training set of the learned component ([`classify::linear`]) and its fit.
//!
//! In: segmented treaties (classified by the rules alone) and gold files. Out: [`Example`]s and
//! a [`Linear`] model, which `clausemap train` writes to `src/classify/linear.tsv`.
//!
//! Examples, in file and article order:
//! - **hand labels**: every article of a gold document whose `split` is not `measure` (found by
//!   number and first words): required labels 1, acceptable ones unknown, the others 0; they
//!   count [`GOLD_WEIGHT`] times. Documents of the `measure` split are left out entirely.
//! - **weak labels from headings**: every other article with a heading: the labels its heading
//!   names are 1; a label neither the heading names nor the rules find in the body is 0; a
//!   label the rules find but the heading does not name is unknown (the heading understates).
//!
//! [`classify::linear`]: crate::classify::linear

use crate::classify::linear::{self, Example, Linear, Settings};
use crate::classify::{self, Taxonomy};
use crate::eval::{self, Gold};
use crate::model::Corpus;

/// How much a hand-annotated article counts against one labelled by its heading.
pub const GOLD_WEIGHT: f64 = 3.0;

/// The examples of `corpus`, with `gold` documents labelled by hand (see the module doc).
pub fn examples(corpus: &Corpus, gold: &[Gold], taxonomy: &Taxonomy) -> Vec<Example> {
    let ids: Vec<&str> = taxonomy.ids().collect();
    let mut out = Vec::new();
    for t in &corpus.documents {
        let name = t.file.rsplit(['/', '\\']).next().unwrap_or(&t.file);
        let doc = gold
            .iter()
            .flat_map(|g| &g.documents)
            .find(|d| d.file == name);
        if let Some(doc) = doc {
            if doc.split.as_deref() == Some("measure") {
                continue;
            }
            for a in &doc.articles {
                let Some(seg) = eval::found_article(t, a) else {
                    continue;
                };
                let targets = ids
                    .iter()
                    .map(|id| {
                        if a.labels.iter().any(|l| l == id) {
                            1
                        } else if a.allowed.iter().any(|l| l == id) {
                            -1
                        } else {
                            0
                        }
                    })
                    .collect();
                out.push(Example {
                    text: seg.text.clone(),
                    targets,
                    weight: GOLD_WEIGHT,
                });
            }
            continue;
        }
        for seg in t.articles() {
            let Some(h) = seg.heading.as_deref() else {
                continue;
            };
            let named: Vec<String> = classify::labels(taxonomy, Some(h), "")
                .into_iter()
                .map(|l| l.id)
                .collect();
            let body: Vec<String> = classify::labels(taxonomy, None, &seg.text)
                .into_iter()
                .map(|l| l.id)
                .collect();
            let targets = ids
                .iter()
                .map(|id| {
                    if named.iter().any(|l| l == id) {
                        1
                    } else if body.iter().any(|l| l == id) {
                        -1
                    } else {
                        0
                    }
                })
                .collect();
            out.push(Example {
                text: seg.text.clone(),
                targets,
                weight: 1.0,
            });
        }
    }
    out
}

/// Fits the model on the examples of `corpus` and `gold`.
pub fn fit(corpus: &Corpus, gold: &[Gold], taxonomy: &Taxonomy) -> (Linear, usize) {
    let ex = examples(corpus, gold, taxonomy);
    let labels: Vec<String> = taxonomy.ids().map(str::to_string).collect();
    (linear::train(&labels, &ex, Settings::default()), ex.len())
}
