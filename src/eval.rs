//! Evaluation: score an analysed corpus against a gold file (`clausemap-gold/1`, see
//! `shared/gold/FORMAT.md`), and measure how well labels are found from the body text alone
//! on articles whose heading names a provision.
//!
//! In: a [`Corpus`] and a [`Gold`] (or a [`Taxonomy`]). Out: plain counts and ratios
//! ([`Evaluation`], [`HeadingRecall`]) that the `eval` command prints as a table or JSON.

use crate::classify::{self, Taxonomy};
use crate::error::Error;
use crate::model::{Corpus, Segment, Treaty, Unit, ValueKind, WarningKind};
use crate::text::fnv1a;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// An article number as the gold states it: `6` or `"9.2"`; compared as a string.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Num(pub String);

impl<'de> Deserialize<'de> for Num {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Raw {
            Int(u64),
            Str(String),
        }
        Ok(Num(match Raw::deserialize(d)? {
            Raw::Int(i) => i.to_string(),
            Raw::Str(s) => s,
        }))
    }
}

#[derive(Debug, Clone, Deserialize)]
pub struct Gold {
    pub format: String,
    pub documents: Vec<GoldDoc>,
    #[serde(default)]
    pub recurring: Vec<GoldGroup>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct GoldDoc {
    pub file: String,
    /// `tune` (to develop on) or `measure` (to report).
    pub split: Option<String>,
    pub title: Option<String>,
    pub date: Option<String>,
    pub place: Option<String>,
    #[serde(default)]
    pub parties: Vec<String>,
    #[serde(default)]
    pub articles: Vec<GoldArticle>,
    pub closing: Option<GoldClosing>,
    #[serde(default)]
    pub values: Vec<GoldValue>,
    #[serde(default)]
    pub duplicate_passages: Option<usize>,
    pub n_articles: Option<usize>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct GoldArticle {
    pub number: Num,
    pub starts_with: String,
    #[serde(default)]
    pub labels: Vec<String>,
    #[serde(default)]
    pub allowed: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct GoldClosing {
    pub starts_with: String,
    #[serde(default)]
    pub labels: Vec<String>,
    #[serde(default)]
    pub allowed: Vec<String>,
    pub place: Option<String>,
    #[serde(default)]
    pub languages: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct GoldValue {
    pub article: Num,
    pub kind: ValueKind,
    pub years: Option<u32>,
    pub months: Option<u32>,
    pub days: Option<u32>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct GoldGroup {
    pub label: String,
    pub members: Vec<(String, Num)>,
}

impl Gold {
    /// Keeps only the documents of one `split` (`tune` or `measure`), and the recurring
    /// groups all of whose members are among them.
    pub fn keep_split(&mut self, split: &str) {
        self.documents.retain(|d| d.split.as_deref() == Some(split));
        let keep: BTreeSet<&str> = self.documents.iter().map(|d| d.file.as_str()).collect();
        self.recurring
            .retain(|g| g.members.iter().all(|(f, _)| keep.contains(f.as_str())));
    }

    /// Whether a file (by its name) is one of the gold's documents.
    pub fn names(&self, path: &str) -> bool {
        let name = path.rsplit(['/', '\\']).next().unwrap_or(path);
        self.documents.iter().any(|d| d.file == name)
    }

    /// The gold's documents found under `paths` by file name (the first of a name, in the
    /// sorted order of discovery).
    pub fn files(&self, paths: &[std::path::PathBuf]) -> Vec<std::path::PathBuf> {
        let (files, _) = crate::ingest::discover(paths);
        let mut seen = BTreeSet::new();
        files
            .into_iter()
            .filter(|f| {
                self.names(&f.to_string_lossy()) && seen.insert(f.file_name().map(|n| n.to_owned()))
            })
            .collect()
    }

    /// Reads and checks a gold file; `name` is the file named in errors.
    pub fn parse(text: &str, name: &str) -> Result<Gold, Error> {
        let fail = |message: String| Error::Gold {
            file: name.to_string(),
            message,
        };
        let gold: Gold = serde_json::from_str(text).map_err(|e| fail(e.to_string()))?;
        if gold.format != "clausemap-gold/1" {
            return Err(fail(format!(
                "format {:?} is not clausemap-gold/1",
                gold.format
            )));
        }
        for d in &gold.documents {
            for v in &d.values {
                if [v.years, v.months, v.days].iter().flatten().count() != 1 {
                    return Err(fail(format!(
                        "{}: value of Art. {} needs exactly one of years, months, days",
                        d.file, v.article.0
                    )));
                }
            }
        }
        Ok(gold)
    }
}

/// True positives, false positives and false negatives, with the ratios derived from them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Prf {
    pub tp: usize,
    pub fp: usize,
    #[serde(rename = "fn")]
    pub fn_: usize,
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
}

impl Prf {
    fn add(&mut self, tp: usize, fp: usize, fn_: usize) {
        self.tp += tp;
        self.fp += fp;
        self.fn_ += fn_;
        let ratio = |a: usize, b: usize| if b == 0 { 1.0 } else { a as f64 / b as f64 };
        self.precision = ratio(self.tp, self.tp + self.fp);
        self.recall = ratio(self.tp, self.tp + self.fn_);
        self.f1 = if self.precision + self.recall == 0.0 {
            0.0
        } else {
            2.0 * self.precision * self.recall / (self.precision + self.recall)
        };
    }
}

/// `correct` out of `total`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Count {
    pub correct: usize,
    pub total: usize,
}

impl Count {
    fn add(&mut self, ok: bool) {
        self.total += 1;
        self.correct += usize::from(ok);
    }
}

/// Scores against a gold file. Every list is sorted.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Evaluation {
    /// Gold documents with no analysed file of that name.
    pub missing_documents: Vec<String>,
    /// Gold articles found (number and first words right).
    pub articles: Count,
    /// Analysed articles beyond those of the gold, in documents the gold lists completely.
    pub extra_articles: usize,
    pub title: Count,
    pub date: Count,
    pub place: Count,
    pub parties: Count,
    /// Closing clauses found where the gold has one, and none where it has none.
    pub closing: Count,
    pub languages: Count,
    pub values: Prf,
    pub duplicates: Count,
    /// Members of the gold's recurring groups among the labelled articles of the gold documents.
    pub recurring: Prf,
    pub labels: Prf,
    pub per_label: BTreeMap<String, Prf>,
    /// Every miss, for reading: "000_x.txt Art. 6: missed duration".
    pub mistakes: Vec<String>,
}

fn find<'a>(corpus: &'a Corpus, file: &str) -> Option<&'a Treaty> {
    corpus.documents.iter().find(|t| {
        t.file == file
            || t.file.ends_with(&format!("/{file}"))
            || t.file.ends_with(&format!("\\{file}"))
    })
}

/// White space and `*` markup folded, as the gold format compares first words.
fn fold(s: &str) -> String {
    crate::text::fold_ws(&s.replace('*', ""))
}

/// A metadata value as `score.py` compares it: NFKC, Markdown marks as spaces, white space
/// folded, lower case, without a leading "the".
fn meta_fold(s: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    let s: String = s
        .nfkc()
        .map(|c| if "*_#`>".contains(c) { ' ' } else { c })
        .collect();
    let s = crate::text::fold_ws(&s).to_lowercase();
    s.strip_prefix("the ").map(str::to_string).unwrap_or(s)
}

/// The article a gold article describes: its number, and its body starting with the gold's
/// first words (of several with that number, the one that does, as `score.py` picks).
pub fn found_article<'a>(t: &'a Treaty, a: &GoldArticle) -> Option<&'a Segment> {
    let first = fold(&a.starts_with);
    t.articles().find(|s| {
        s.number.as_deref() == Some(a.number.0.as_str()) && fold(&s.text).starts_with(&first)
    })
}

/// [`found_article`], else the first article of that number (its values are still scored).
fn article<'a>(t: &'a Treaty, a: &GoldArticle) -> Option<&'a Segment> {
    found_article(t, a).or_else(|| {
        t.articles()
            .find(|s| s.number.as_deref() == Some(a.number.0.as_str()))
    })
}

/// A sentence shortened for a mistake line: at most 160 characters.
fn quote(s: &str) -> String {
    let s = crate::text::fold_ws(s);
    match s.char_indices().nth(160) {
        Some((i, _)) => format!("{}...", &s[..i]),
        None => s,
    }
}

/// Scores `corpus` against `gold`.
pub fn evaluate(corpus: &Corpus, gold: &Gold) -> Evaluation {
    let mut ev = Evaluation::default();
    let mut per_label: BTreeMap<String, Prf> = BTreeMap::new();
    let mut score_labels = |ev: &mut Evaluation,
                            place: String,
                            seg: Option<&Segment>,
                            want: &[String],
                            allowed: &[String]| {
        let got: BTreeMap<&str, &crate::model::Label> = seg
            .map(|s| s.labels.iter().map(|l| (l.id.as_str(), l)).collect())
            .unwrap_or_default();
        for w in want {
            let hit = got.contains_key(w.as_str());
            per_label
                .entry(w.clone())
                .or_default()
                .add(usize::from(hit), 0, usize::from(!hit));
            if !hit {
                ev.mistakes.push(format!("{place}: missed {w}"));
            }
        }
        for (g, l) in got {
            if !want.iter().any(|w| w == g) && !allowed.iter().any(|a| a == g) {
                per_label.entry(g.to_string()).or_default().add(0, 1, 0);
                ev.mistakes.push(format!(
                    "{place}: wrong {g} [{}] in \"{}\"",
                    crate::text::fold_ws(&l.evidence),
                    quote(&l.sentence)
                ));
            }
        }
    };
    for doc in &gold.documents {
        let Some(t) = find(corpus, &doc.file) else {
            ev.missing_documents.push(doc.file.clone());
            continue;
        };
        let f = &doc.file;
        for a in &doc.articles {
            let seg = article(t, a);
            let ok = found_article(t, a).is_some();
            ev.articles.add(ok);
            if !ok {
                ev.mistakes
                    .push(format!("{f} Art. {}: not found", a.number.0));
            }
            // Labels count on the article only when it was found (as `score.py` scores).
            score_labels(
                &mut ev,
                format!("{f} Art. {}", a.number.0),
                seg.filter(|_| ok),
                &a.labels,
                &a.allowed,
            );
        }
        let complete = doc.n_articles.unwrap_or(doc.articles.len());
        ev.extra_articles += t.articles().count().saturating_sub(complete);
        // Metadata fields count where the gold gives them, compared as `score.py` does: case,
        // white space, Markdown marks and a leading "the" folded; parties as a set.
        let mut meta_mistakes = Vec::new();
        let mut meta =
            |count: &mut Count, field: &str, want: Option<String>, got: Option<String>| {
                let Some(want) = want else { return };
                let ok = got.as_deref().map(meta_fold) == Some(meta_fold(&want));
                count.add(ok);
                if !ok {
                    meta_mistakes.push(format!(
                        "{f} {field}: got {}, want {want:?}",
                        got.map_or("none".to_string(), |g| format!("{g:?}"))
                    ));
                }
            };
        let parties = |p: &[String]| {
            let mut v: Vec<String> = p.iter().map(|x| meta_fold(x)).collect();
            v.sort();
            v.dedup();
            v.join("; ")
        };
        meta(
            &mut ev.title,
            "title",
            doc.title.clone(),
            t.meta.title.clone(),
        );
        meta(&mut ev.date, "date", doc.date.clone(), t.meta.date.clone());
        meta(
            &mut ev.place,
            "place",
            doc.place.clone(),
            t.meta.place.clone(),
        );
        meta(
            &mut ev.parties,
            "parties",
            (!doc.parties.is_empty()).then(|| parties(&doc.parties)),
            Some(parties(&t.meta.parties)),
        );
        ev.mistakes.append(&mut meta_mistakes);
        match (&doc.closing, t.closing()) {
            (None, got) => ev.closing.add(got.is_none()),
            (Some(want), got) => {
                let ok = got.is_some_and(|c| fold(&c.text).starts_with(&fold(&want.starts_with)));
                ev.closing.add(ok);
                if !ok {
                    ev.mistakes.push(format!("{f} closing: not found"));
                }
                // Closing clauses are scored for being found, not for their labels (Codebook).
                ev.languages
                    .add(want.languages.is_empty() || t.meta.languages == want.languages);
            }
        }
        if let Some(n) = doc.duplicate_passages {
            let got = t
                .warnings
                .iter()
                .filter(|w| w.kind == WarningKind::DuplicatePassage)
                .count();
            ev.duplicates.add(got == n);
        }
        // Values: over the articles the gold lists.
        let mut want: BTreeSet<(String, ValueKind, u32, Unit)> = BTreeSet::new();
        for v in &doc.values {
            let (amount, unit) = match (v.years, v.months, v.days) {
                (Some(y), _, _) => (y, Unit::Years),
                (_, Some(m), _) => (m, Unit::Months),
                (_, _, Some(d)) => (d, Unit::Days),
                _ => continue,
            };
            want.insert((v.article.0.clone(), v.kind, amount, unit));
        }
        let mut got: BTreeSet<(String, ValueKind, u32, Unit)> = BTreeSet::new();
        let mut open_ended = 0;
        for a in &doc.articles {
            for v in article(t, a).map(|s| &s.values[..]).unwrap_or(&[]) {
                match (v.amount, v.unit) {
                    (Some(n), Some(u)) => {
                        got.insert((a.number.0.clone(), v.kind, n, u));
                    }
                    _ => open_ended += 1,
                }
            }
        }
        let tp = want.intersection(&got).count();
        for v in want.difference(&got) {
            ev.mistakes.push(format!(
                "{f} Art. {}: missed value {:?} {} {:?}",
                v.0, v.1, v.2, v.3
            ));
        }
        for v in got.difference(&want) {
            ev.mistakes.push(format!(
                "{f} Art. {}: wrong value {:?} {} {:?}",
                v.0, v.1, v.2, v.3
            ));
        }
        ev.values
            .add(tp, got.len() - tp + open_ended, want.len() - tp);
    }
    recurring(corpus, gold, &mut ev);
    ev.labels = per_label.values().fold(Prf::default(), |mut acc, p| {
        acc.add(p.tp, p.fp, p.fn_);
        acc
    });
    ev.per_label = per_label;
    ev.mistakes.sort();
    ev
}

/// Recurring groups: for each gold group, its members are those articles of the gold documents
/// that carry the label; a member the gold does not list counts as wrong unless the gold labels
/// or allows the label on that article. Articles a gold document does not list (the large
/// texts are annotated only in part) are not scored, as for labels.
fn recurring(corpus: &Corpus, gold: &Gold, ev: &mut Evaluation) {
    for g in &gold.recurring {
        let want: BTreeSet<(String, String)> = g
            .members
            .iter()
            .map(|(f, n)| (f.clone(), n.0.clone()))
            .collect();
        let mut got = BTreeSet::new();
        for doc in &gold.documents {
            let Some(t) = find(corpus, &doc.file) else {
                continue;
            };
            for a in t.articles().filter(|a| classify::has(a, &g.label)) {
                let n = a.number.clone().unwrap_or_default();
                let Some(x) = doc.articles.iter().find(|x| x.number.0 == n) else {
                    continue;
                };
                let acceptable = x.allowed.contains(&g.label) || x.labels.contains(&g.label);
                if !acceptable || want.contains(&(doc.file.clone(), n.clone())) {
                    got.insert((doc.file.clone(), n));
                }
            }
        }
        let tp = want.intersection(&got).count();
        for (f, n) in want.difference(&got) {
            ev.mistakes
                .push(format!("recurring {}: missed {f} Art. {n}", g.label));
        }
        for (f, n) in got.difference(&want) {
            ev.mistakes
                .push(format!("recurring {}: wrong {f} Art. {n}", g.label));
        }
        ev.recurring.add(tp, got.len() - tp, want.len() - tp);
    }
}

/// Which part of a corpus a file belongs to, for measuring on files the patterns were not
/// written from: a file is `held-out` when the FNV-1a hash of its file name is divisible by 3.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Split {
    All,
    Dev,
    HeldOut,
}

impl Split {
    pub fn contains(self, file: &str) -> bool {
        let name = file.rsplit(['/', '\\']).next().unwrap_or(file);
        let held = fnv1a(name.as_bytes()).is_multiple_of(3);
        match self {
            Split::All => true,
            Split::Dev => !held,
            Split::HeldOut => held,
        }
    }
}

/// The labels that final-clause headings name, whose recall from the body alone is measured.
pub const FINAL_CLAUSES: &[&str] = &[
    "entry_into_force",
    "duration",
    "termination",
    "amendment",
    "accession",
    "depositary",
    "authentic_texts",
    "ratification",
    "dispute_settlement",
    "consultation",
    "definitions",
];

/// Recall of labels found from the body text alone, on articles whose heading names them.
#[derive(Debug, Clone, Default, Serialize)]
pub struct HeadingRecall {
    pub split: Option<Split>,
    pub documents: usize,
    pub headed_articles: usize,
    pub per_label: BTreeMap<String, Count>,
    /// Articles whose body did not give a label their heading names: "file Art. N [heading]: label".
    pub misses: Vec<String>,
}

/// For each article in `split` whose heading names one of [`FINAL_CLAUSES`] (by the taxonomy's
/// heading patterns), classifies the body with the heading hidden and counts how often the
/// named label is found.
pub fn heading_recall(corpus: &Corpus, taxonomy: &Taxonomy, split: Split) -> HeadingRecall {
    let mut out = HeadingRecall {
        split: Some(split),
        ..Default::default()
    };
    for t in corpus.documents.iter().filter(|t| split.contains(&t.file)) {
        out.documents += 1;
        for a in t.articles() {
            let Some(h) = a.heading.as_deref() else {
                continue;
            };
            out.headed_articles += 1;
            let named: BTreeSet<&str> = classify::labels(taxonomy, Some(h), "")
                .into_iter()
                .filter_map(|l| FINAL_CLAUSES.iter().copied().find(|f| *f == l.id))
                .collect();
            if named.is_empty() {
                continue;
            }
            let body: BTreeSet<String> = classify::labels(taxonomy, None, &a.text)
                .into_iter()
                .map(|l| l.id)
                .collect();
            for id in named {
                let hit = body.contains(id);
                out.per_label.entry(id.to_string()).or_default().add(hit);
                if !hit {
                    out.misses.push(format!(
                        "{} Art. {} [{h}]: {id}",
                        t.file,
                        a.number.as_deref().unwrap_or("?")
                    ));
                }
            }
        }
    }
    out.misses.sort();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prf_ratios() {
        let mut p = Prf::default();
        p.add(8, 2, 0);
        assert_eq!((p.precision, p.recall), (0.8, 1.0));
        assert!((p.f1 - 2.0 * 0.8 / 1.8).abs() < 1e-12);
        let empty = Prf::default();
        assert_eq!(empty.f1, 0.0);
    }

    #[test]
    fn split_is_stable_and_about_a_third() {
        assert_eq!(fnv1a(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a(b"a"), 0xaf63_dc4c_8601_ec8c);
        let held = (0..300)
            .filter(|i| Split::HeldOut.contains(&format!("dir/f{i}.md")))
            .count();
        assert!((70..130).contains(&held), "{held}");
        assert!(Split::Dev.contains("x/f1.md") != Split::HeldOut.contains("f1.md"));
    }

    #[test]
    fn gold_files_are_checked() {
        let err = Gold::parse(r#"{"format":"x","documents":[]}"#, "g.json").unwrap_err();
        assert!(err.to_string().contains("g.json"));
        let bad = r#"{"format":"clausemap-gold/1","documents":[{"file":"a","values":[{"article":1,"kind":"term"}]}]}"#;
        assert!(Gold::parse(bad, "g.json")
            .unwrap_err()
            .to_string()
            .contains("exactly one"));
        let ok = r#"{"format":"clausemap-gold/1","documents":[{"file":"a","articles":[{"number":"9.2","starts_with":"x"},{"number":6,"starts_with":"y"}]}]}"#;
        let g = Gold::parse(ok, "g.json").unwrap();
        assert_eq!(g.documents[0].articles[1].number, Num("6".into()));
    }
}
