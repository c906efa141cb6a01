//! One subcommand per file: its `Args` (doc comments are its --help) and `run`.

pub mod analyze;
pub mod compare;
pub mod eval;
pub mod pairs;
pub mod segment;
pub mod train;

use clausemap::classify::Taxonomy;
use clausemap::pipeline::Options;
use clausemap::Error;
use std::path::Path;

/// Library options from the flags the commands share.
pub fn options(taxonomy: Option<&Path>) -> Result<Options, Error> {
    Ok(Options {
        taxonomy: match taxonomy {
            Some(p) => Taxonomy::from_file(p)?,
            None => Taxonomy::builtin(),
        },
        classify: true,
        pre: None,
    })
}

/// The comparison flags shared by `analyze`, `pairs` and `compare`.
#[derive(clap::Args, Debug, Clone)]
pub struct CompareArgs {
    /// Similarity measure: jaccard or containment (of shingle sets), tfidf (cosine of TF-IDF
    /// vectors of word unigrams and bigrams).
    #[arg(long, value_enum, default_value = "jaccard")]
    pub measure: MeasureArg,
    /// Shingles for jaccard and containment: chars (character n-grams) or words (word n-grams).
    #[arg(long, value_enum, default_value = "chars")]
    pub shingle: ShingleArg,
    /// Shingle size (default 5 characters or 3 words).
    #[arg(long, short = 'n')]
    pub ngram: Option<usize>,
    /// Pairs with a similarity at or above this are reported (0 < T <= 1).
    #[arg(long, default_value_t = 0.5)]
    pub threshold: f64,
    /// Keep only each article's N best partners.
    #[arg(long, value_name = "N")]
    pub top_k: Option<usize>,
    /// jaccard, containment: count each shingle once per article (plain sets, the measure of
    /// the scikit-learn baseline). By default a shingle repeated in an article counts as often
    /// as it occurs, so that only texts with the same wording score 1.
    #[arg(long)]
    pub distinct_shingles: bool,
    /// Keep formulaic wording. By default pairs are chosen only where they also reach the
    /// threshold without the shingles (or TF-IDF features) found in more than
    /// --boilerplate-share of the treaties, when there are at least 20 treaties; the score
    /// shown always counts all the wording.
    #[arg(long)]
    pub keep_boilerplate: bool,
    /// Share of treaties above which a shingle counts as boilerplate.
    #[arg(long, default_value_t = 0.2, value_name = "SHARE")]
    pub boilerplate_share: f64,
    /// Also pair articles of the same treaty.
    #[arg(long)]
    pub same_treaty: bool,
    /// Compare the text as it is, without Unicode NFKC normalisation.
    #[arg(long)]
    pub no_nfkc: bool,
    /// tfidf: compare words, not their English stems.
    #[arg(long)]
    pub no_stem: bool,
    /// tfidf: leave out English function words.
    #[arg(long)]
    pub stop_words: bool,
    /// Articles with fewer shingles than this are not compared.
    #[arg(long, default_value_t = 1, value_name = "N")]
    pub min_shingles: usize,
}

#[derive(clap::ValueEnum, Debug, Clone, Copy)]
pub enum MeasureArg {
    Jaccard,
    Containment,
    Tfidf,
}

#[derive(clap::ValueEnum, Debug, Clone, Copy)]
pub enum ShingleArg {
    Chars,
    Words,
}

impl CompareArgs {
    /// Checked library parameters.
    pub fn params(&self) -> Result<clausemap::compare::Params, Error> {
        use clausemap::compare::{Boilerplate, Measure, Params, Shingle};
        if !(self.threshold > 0.0 && self.threshold <= 1.0) {
            return Err(Error::Usage(format!(
                "--threshold must be above 0 and at most 1, not {}",
                self.threshold
            )));
        }
        if !(0.0..=1.0).contains(&self.boilerplate_share) {
            return Err(Error::Usage(format!(
                "--boilerplate-share must be between 0 and 1, not {}",
                self.boilerplate_share
            )));
        }
        if self.ngram == Some(0) || self.top_k == Some(0) {
            return Err(Error::Usage(
                "--ngram and --top-k must be at least 1".into(),
            ));
        }
        let shingle = match self.shingle {
            ShingleArg::Chars => Shingle::Chars,
            ShingleArg::Words => Shingle::Words,
        };
        Ok(Params {
            measure: match self.measure {
                MeasureArg::Jaccard => Measure::Jaccard,
                MeasureArg::Containment => Measure::Containment,
                MeasureArg::Tfidf => Measure::Tfidf,
            },
            shingle,
            n: self.ngram.unwrap_or(match shingle {
                Shingle::Chars => 5,
                Shingle::Words => 3,
            }),
            threshold: self.threshold,
            top_k: self.top_k,
            same_treaty: self.same_treaty,
            boilerplate: (!self.keep_boilerplate).then_some(Boilerplate {
                max_share: self.boilerplate_share,
                ..Boilerplate::default()
            }),
            nfkc: !self.no_nfkc,
            stem: !self.no_stem,
            stop_words: self.stop_words,
            min_shingles: self.min_shingles,
            counted: !self.distinct_shingles,
        })
    }
}

/// The flags of shared passages and the genealogy (`analyze`, `compare`).
#[derive(clap::Args, Debug, Clone)]
pub struct PassageArgs {
    /// Shared passages listed in report.json and passages.csv: those of each treaty with its
    /// main source and of the other pairs linked in the genealogy (linked), of each treaty
    /// with its main source only (main), all, or none. All of them count for the shares.
    #[arg(long, value_enum, default_value = "linked", value_name = "WHICH")]
    pub passages: PassageListArg,
    /// Aligned words a shared passage needs.
    #[arg(long, default_value_t = 8, value_name = "N")]
    pub passage_min_words: usize,
    /// Word 5-grams found in more treaties than this are formula and seed no passage (0: no
    /// limit).
    #[arg(long, default_value_t = 100, value_name = "N")]
    pub passage_max_treaties: usize,
    /// The genealogy links each treaty to its main source when that covers at least this
    /// share of it, and to any other earlier treaty covering at least --link-share.
    #[arg(long, default_value_t = 0.1, value_name = "SHARE")]
    pub main_share: f64,
    #[arg(long, default_value_t = 0.5, value_name = "SHARE")]
    pub link_share: f64,
}

#[derive(clap::ValueEnum, Debug, Clone, Copy)]
pub enum PassageListArg {
    Linked,
    Main,
    All,
    None,
}

impl PassageArgs {
    /// Checked library parameters.
    pub fn params(
        &self,
    ) -> Result<
        (
            clausemap::compare::passages::PassageParams,
            clausemap::compare::reuse::LinkParams,
        ),
        Error,
    > {
        use clausemap::compare::reuse::{LinkParams, PassageList};
        for (name, v) in [
            ("--main-share", self.main_share),
            ("--link-share", self.link_share),
        ] {
            if !(0.0..=1.0).contains(&v) {
                return Err(Error::Usage(format!(
                    "{name} must be between 0 and 1, not {v}"
                )));
            }
        }
        if self.passage_min_words == 0 {
            return Err(Error::Usage(
                "--passage-min-words must be at least 1".into(),
            ));
        }
        Ok((
            clausemap::compare::passages::PassageParams {
                min_words: self.passage_min_words,
                max_treaties: self.passage_max_treaties,
                ..Default::default()
            },
            LinkParams {
                main_share: self.main_share,
                other_share: self.link_share,
                list: match self.passages {
                    PassageListArg::Linked => PassageList::Linked,
                    PassageListArg::Main => PassageList::Main,
                    PassageListArg::All => PassageList::All,
                    PassageListArg::None => PassageList::None,
                },
            },
        ))
    }
}
