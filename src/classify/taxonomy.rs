//! The provision taxonomy as data: `taxonomy.toml` beside this file (embedded in the binary)
//! or a file of the same shape given with `--taxonomy FILE`.
//!
//! In: TOML text. Out: a [`Taxonomy`] whose patterns are compiled once, with a prefilter: for
//! a pattern that is a sequence ("Agreement ... shall be replaced"), each part that begins (or
//! ends) with one of a finite set of literals gives a literal group, which `regex-syntax`
//! extracts; one Aho-Corasick pass over a segment finds which literals occur, and only the
//! patterns each of whose groups has a member there are run. (One `RegexSet` of all the
//! patterns was 30 times slower than running them one by one on real treaties: its lazy DFA
//! grows too large and falls back to the NFA; requiring every group rather than only the first
//! made classification 1.4 times faster; see `benches/classify.rs`.) The prefilter folds ASCII
//! case only, so a pattern could miss text where only a Unicode case variant of its literal
//! stands (the Kelvin sign for `k`); treaty text does not do that.
//!
//! Errors name the file, and the label and pattern at fault (TOML syntax errors carry their
//! line and column).

use crate::error::Error;
use aho_corasick::AhoCorasick;
use rayon::prelude::*;
use regex::{Regex, RegexBuilder, RegexSet, RegexSetBuilder};
use serde::Deserialize;
use std::path::Path;

/// The shipped taxonomy (the labels of `shared/taxonomy.md`).
pub const BUILTIN: &str = include_str!("taxonomy.toml");

/// One label as the file states it.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LabelDef {
    pub id: String,
    pub name: String,
    pub description: String,
    #[serde(default)]
    pub heading: Vec<String>,
    #[serde(default)]
    pub text: Vec<String>,
    #[serde(default)]
    pub veto: Vec<String>,
    #[serde(default)]
    pub negation_ok: bool,
    /// Spans in which a `text` match is not evidence: names of institutions, references to
    /// other instruments, other senses of the same words ("by all the means available").
    #[serde(default)]
    pub exclude: Vec<String>,
    /// Matched against the words just before a `text` match (from the start of its clause):
    /// the subject the provision is said of. A match is dropped when one of these ends there
    /// ("the termination shall take effect": not entry into force).
    #[serde(default)]
    pub subject_veto: Vec<String>,
    /// Weaker patterns: they give the label only when no other segment of the treaty has it
    /// from `text` or `heading` (an article that lets a party terminate states an indefinite
    /// term only when no other article states the term).
    #[serde(default)]
    pub implied: Vec<String>,
    /// Labels whose article is not one of this label's: a definitions article names the
    /// joint committee or the ICSID without providing for them.
    #[serde(default)]
    pub not_in: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    version: u32,
    #[serde(default)]
    negation: Vec<String>,
    label: Vec<LabelDef>,
}

/// Compiled patterns in file order; `owner[i]` is the label index of pattern `i`.
#[derive(Debug, Clone)]
pub struct PatternSet {
    pub each: Vec<Regex>,
    pub owner: Vec<usize>,
    /// The distinct literals of all patterns' literal groups; `literal_of[k]` lists the
    /// patterns and groups that literal `k` belongs to.
    prefilter: Option<AhoCorasick>,
    literal_of: Vec<Vec<(usize, u8)>>,
    /// Per pattern: how many literal groups it has (0: it is always run).
    groups: Vec<u8>,
}

impl PatternSet {
    fn new(patterns: &[(usize, String)]) -> Result<Self, String> {
        let sources: Vec<String> = patterns.iter().map(|(_, p)| prepare(p)).collect();
        let each = sources
            .par_iter()
            .map(|s| compile(s))
            .collect::<Result<Vec<_>, _>>()?;
        // Each distinct literal once, with every (pattern, group) it belongs to: "agreement"
        // stands in dozens of patterns and is reported once per occurrence, not once per pattern.
        let mut literals: Vec<String> = Vec::new();
        let mut literal_of: Vec<Vec<(usize, u8)>> = Vec::new();
        let mut index: std::collections::HashMap<String, usize> = Default::default();
        let mut groups = Vec::with_capacity(sources.len());
        for (i, s) in sources.iter().enumerate() {
            let required = required_groups(s);
            groups.push(required.len() as u8);
            for (g, lits) in required.into_iter().enumerate() {
                for lit in lits {
                    let k = *index.entry(lit.clone()).or_insert_with(|| {
                        literals.push(lit);
                        literal_of.push(Vec::new());
                        literals.len() - 1
                    });
                    if !literal_of[k].contains(&(i, g as u8)) {
                        literal_of[k].push((i, g as u8));
                    }
                }
            }
        }
        let prefilter = if literals.is_empty() {
            None
        } else {
            Some(
                AhoCorasick::builder()
                    .ascii_case_insensitive(true)
                    .kind(Some(aho_corasick::AhoCorasickKind::DFA))
                    .build(&literals)
                    .map_err(|e| e.to_string())?,
            )
        };
        Ok(PatternSet {
            each,
            owner: patterns.iter().map(|(o, _)| *o).collect(),
            prefilter,
            literal_of,
            groups,
        })
    }

    /// The patterns that can match `text`, in file order: those of whose literal groups each
    /// has a member in it (every pattern without groups among them).
    pub fn candidates(&self, text: &str) -> Vec<usize> {
        let mut seen = vec![0u64; self.each.len()];
        if let Some(ac) = &self.prefilter {
            for m in ac.find_overlapping_iter(text) {
                for &(i, g) in &self.literal_of[m.pattern().as_usize()] {
                    seen[i] |= 1 << g;
                }
            }
        }
        seen.iter()
            .zip(&self.groups)
            .enumerate()
            .filter_map(|(i, (&s, &n))| (s.count_ones() == u32::from(n)).then_some(i))
            .collect()
    }

    /// How many patterns have no literal group (they are run on every segment).
    pub fn unfiltered(&self) -> usize {
        self.groups.iter().filter(|&&g| g == 0).count()
    }
}

/// At most this many literal groups are kept per pattern.
const MAX_GROUPS: usize = 8;

/// Sets of literals of which every match of `source` contains one member each, lower case:
/// for a pattern that is a sequence, the literal prefixes or suffixes of each part that has a
/// finite set whose members are all 3 bytes or longer ("agreement|treaty" ... "replaced|
/// superseded"); otherwise those of the whole pattern. Empty when there is no such set.
fn required_groups(source: &str) -> Vec<Vec<String>> {
    use regex_syntax::hir::HirKind;
    let Ok(hir) = regex_syntax::ParserBuilder::new().build().parse(source) else {
        return Vec::new();
    };
    let mut top = &hir;
    while let HirKind::Capture(c) = top.kind() {
        top = &c.sub;
    }
    let mut groups: Vec<Vec<String>> = match top.kind() {
        HirKind::Concat(parts) => parts.iter().filter_map(literal_set).collect(),
        _ => Vec::new(),
    };
    if groups.is_empty() {
        groups.extend(literal_set(top));
    }
    // The rarest-looking groups (longest shortest member) first; a few suffice.
    groups.sort_by_key(|g| std::cmp::Reverse(g.iter().map(|s| s.trim().len()).min()));
    groups.truncate(MAX_GROUPS);
    groups
}

/// A finite set of literals, one of which begins (or ends) every match of `hir`, lower case;
/// the set of prefixes or suffixes whose shortest member is longer. None when neither is
/// finite or when a member is shorter than 3 bytes (it would occur almost everywhere).
fn literal_set(hir: &regex_syntax::hir::Hir) -> Option<Vec<String>> {
    use regex_syntax::hir::literal::{ExtractKind, Extractor};
    let mut best: Option<(usize, Vec<String>)> = None;
    for kind in [ExtractKind::Prefix, ExtractKind::Suffix] {
        let seq = Extractor::new().kind(kind).extract(hir);
        let Some(lits) = seq.literals() else { continue };
        let strs: Option<Vec<String>> = lits
            .iter()
            .map(|l| {
                std::str::from_utf8(l.as_bytes())
                    .ok()
                    .map(str::to_lowercase)
            })
            .collect();
        let Some(strs) = strs else { continue };
        let shortest = strs.iter().map(|s| s.trim().len()).min().unwrap_or(0);
        if shortest >= 3 && best.as_ref().is_none_or(|b| shortest > b.0) {
            best = Some((shortest, strs));
        }
    }
    best.map(|b| b.1)
}

/// The compiled taxonomy.
#[derive(Debug, Clone)]
pub struct Taxonomy {
    pub labels: Vec<LabelDef>,
    pub text: PatternSet,
    pub heading: PatternSet,
    /// Per label: the veto patterns, as one set (None when the label has none).
    pub veto: Vec<Option<RegexSet>>,
    pub negation: Option<RegexSet>,
    /// Per label: one alternation of its `exclude` patterns.
    pub exclude: Vec<Option<Regex>>,
    /// Per label: its `subject_veto` patterns, anchored at the end of the lead.
    pub subject_veto: Vec<Option<Regex>>,
    /// The `implied` patterns of every label.
    pub implied: PatternSet,
    /// Per label: the indices of its `not_in` labels.
    pub not_in: Vec<Vec<usize>>,
    /// The learned component (the shipped one unless switched off): see `classify`.
    pub linear: Option<&'static super::linear::Linear>,
}

impl Taxonomy {
    /// The shipped taxonomy (compiled once per process; clones share the compiled regexes).
    pub fn builtin() -> Self {
        static COMPILED: std::sync::LazyLock<Taxonomy> = std::sync::LazyLock::new(|| {
            Taxonomy::parse(BUILTIN, "taxonomy.toml (built in)")
                .expect("the built-in taxonomy is valid")
        });
        COMPILED.clone()
    }

    /// Reads and compiles a taxonomy file.
    pub fn empty() -> Self {
        Self::compile("version = 1\nlabel = []\n", "(empty)", true)
            .expect("an empty taxonomy is valid")
    }

    /// Reads a taxonomy file.
    pub fn from_file(path: &Path) -> Result<Self, Error> {
        let text = std::fs::read_to_string(path).map_err(|e| Error::Taxonomy {
            file: path.display().to_string(),
            message: e.to_string(),
        })?;
        Self::parse(&text, &path.display().to_string())
    }

    /// Parses and compiles taxonomy TOML; `name` is the file named in errors.
    pub fn parse(text: &str, name: &str) -> Result<Self, Error> {
        Self::compile(text, name, false)
    }

    fn compile(text: &str, name: &str, allow_empty: bool) -> Result<Self, Error> {
        let fail = |message: String| Error::Taxonomy {
            file: name.to_string(),
            message,
        };
        let file: File = toml::from_str(text).map_err(|e| fail(e.to_string()))?;
        if file.version != 1 {
            return Err(fail(format!(
                "version {} is not supported (expected 1)",
                file.version
            )));
        }
        if file.label.is_empty() && !allow_empty {
            return Err(fail("no [[label]] is defined".into()));
        }
        let mut seen = std::collections::BTreeSet::new();
        for l in &file.label {
            let valid = !l.id.is_empty()
                && l.id
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
            if !valid {
                return Err(fail(format!(
                    "label id {:?} must be lower-case letters, digits and _",
                    l.id
                )));
            }
            if !seen.insert(l.id.clone()) {
                return Err(fail(format!("label id {:?} is defined twice", l.id)));
            }
            if l.text.is_empty() && l.heading.is_empty() {
                return Err(fail(format!("label {:?} has no patterns", l.id)));
            }
            // Check each pattern's syntax alone first, so the error names it (compiling
            // is done once, below).
            for p in l
                .text
                .iter()
                .chain(&l.heading)
                .chain(&l.veto)
                .chain(&l.exclude)
                .chain(&l.subject_veto)
                .chain(&l.implied)
            {
                check(&prepare(p)).map_err(|e| {
                    fail(format!("label {:?}: pattern {p:?} is invalid: {e}", l.id))
                })?;
            }
        }
        for p in &file.negation {
            check(&prepare(p))
                .map_err(|e| fail(format!("negation pattern {p:?} is invalid: {e}")))?;
        }
        let collect = |pick: fn(&LabelDef) -> &Vec<String>| -> Vec<(usize, String)> {
            file.label
                .iter()
                .enumerate()
                .flat_map(|(i, l)| pick(l).iter().map(move |p| (i, p.clone())))
                .collect()
        };
        let text_set = PatternSet::new(&collect(|l| &l.text)).map_err(fail)?;
        let heading_set = PatternSet::new(&collect(|l| &l.heading)).map_err(fail)?;
        let veto = file
            .label
            .par_iter()
            .map(|l| set(&l.veto))
            .collect::<Result<Vec<_>, _>>()
            .map_err(fail)?;
        let negation = set(&file.negation).map_err(fail)?;
        let implied = PatternSet::new(&collect(|l| &l.implied)).map_err(fail)?;
        let alternation = |patterns: &[String], suffix: &str| -> Result<Option<Regex>, String> {
            if patterns.is_empty() {
                return Ok(None);
            }
            let alt: Vec<String> = patterns
                .iter()
                .map(|p| format!("(?:{})", prepare(p)))
                .collect();
            compile(&format!("(?:{}){suffix}", alt.join("|"))).map(Some)
        };
        let exclude = file
            .label
            .par_iter()
            .map(|l| alternation(&l.exclude, ""))
            .collect::<Result<Vec<_>, _>>()
            .map_err(fail)?;
        let subject_veto = file
            .label
            .par_iter()
            .map(|l| alternation(&l.subject_veto, r"\s*$"))
            .collect::<Result<Vec<_>, _>>()
            .map_err(fail)?;
        let mut not_in = Vec::new();
        for l in &file.label {
            let mut idx = Vec::new();
            for other in &l.not_in {
                match file.label.iter().position(|x| &x.id == other) {
                    Some(i) => idx.push(i),
                    None => {
                        return Err(fail(format!(
                            "label {:?}: not_in names {other:?}, which is not a label",
                            l.id
                        )))
                    }
                }
            }
            not_in.push(idx);
        }
        Ok(Taxonomy {
            labels: file.label,
            text: text_set,
            heading: heading_set,
            veto,
            negation,
            exclude,
            subject_veto,
            implied,
            not_in,
            linear: Some(super::linear::Linear::builtin()),
        })
    }

    /// The label ids in taxonomy order.
    pub fn ids(&self) -> impl Iterator<Item = &str> {
        self.labels.iter().map(|l| l.id.as_str())
    }
}

fn set(patterns: &[String]) -> Result<Option<RegexSet>, String> {
    if patterns.is_empty() {
        return Ok(None);
    }
    RegexSetBuilder::new(patterns.iter().map(|p| prepare(p)))
        .case_insensitive(true)
        .build()
        .map(Some)
        .map_err(|e| e.to_string())
}

/// Whether `source` is a valid pattern, without compiling it.
fn check(source: &str) -> Result<(), String> {
    regex_syntax::ParserBuilder::new()
        .case_insensitive(true)
        .build()
        .parse(source)
        .map(drop)
        .map_err(|e| e.to_string())
}

fn compile(source: &str) -> Result<Regex, String> {
    RegexBuilder::new(source)
        .case_insensitive(true)
        .size_limit(16 << 20)
        .dfa_size_limit(32 << 20)
        .build()
        .map_err(|e| e.to_string())
}

/// Rewrites a pattern as written in the file into the one compiled: a literal space outside a
/// character class matches any run of white space, and `\b` is the ASCII word boundary (the
/// Unicode one would stop the regex engine's DFA on non-ASCII text and make matching slow).
pub fn prepare(pattern: &str) -> String {
    let mut out = String::with_capacity(pattern.len() + 16);
    let mut chars = pattern.chars().peekable();
    let mut in_class = false;
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some('b') if !in_class => out.push_str(r"(?-u:\b)"),
                Some(n) => {
                    out.push('\\');
                    out.push(n);
                }
                None => out.push('\\'),
            },
            '[' if !in_class => {
                in_class = true;
                out.push(c);
                // A `]` right after `[` or `[^` is a literal member.
                if chars.peek() == Some(&'^') {
                    out.push(chars.next().unwrap_or('^'));
                }
                if chars.peek() == Some(&']') {
                    out.push(chars.next().unwrap_or(']'));
                }
            }
            ']' if in_class => {
                in_class = false;
                out.push(c);
            }
            ' ' if !in_class => {
                out.push_str(r"\s+");
                while chars.peek() == Some(&' ') {
                    chars.next();
                }
            }
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spaces_match_white_space_and_word_boundaries_are_ascii() {
        assert_eq!(prepare(r"\bshall enter"), r"(?-u:\b)shall\s+enter");
        assert_eq!(prepare(r"[ a\b]x"), r"[ a\b]x");
        assert_eq!(prepare(r"[^]] \\b"), r"[^]]\s+\\b");
        let re = compile(&prepare("enter  into force")).unwrap();
        assert!(re.is_match("shall ENTER\ninto   force"));
    }

    #[test]
    fn builtin_taxonomy_compiles_in_file_order() {
        let t = Taxonomy::builtin();
        assert_eq!(t.ids().next(), Some("signature"));
        assert_eq!(t.ids().last(), Some("definitions"));
        assert_eq!(t.text.each.len(), t.text.owner.len());
        // Most patterns get a literal prefilter.
        assert!(
            t.text.unfiltered() * 5 < t.text.each.len(),
            "{}",
            t.text.unfiltered()
        );
    }

    #[test]
    fn literal_prefilter_picks_the_longer_side_and_never_drops_a_match() {
        let groups = required_groups(&prepare(r"\b(?:shall|will|to) (?:enter|come) into force"));
        assert_eq!(groups, [vec!["force"], vec!["enter", "come"], vec!["into"]]);
        let groups = required_groups(&prepare(r"\bAgreement\b[^.]{0,9}? (?:replaced|superseded)"));
        assert_eq!(groups, [vec!["agreement"], vec!["replaced", "superseded"]]);
        assert!(required_groups(&prepare(r"\bto\b")).is_empty());
        let t = Taxonomy::builtin();
        let text = "THE PRESENT AGREEMENT SHALL ENTER INTO FORCE ON SIGNATURE; either Party may DENOUNCE it.";
        let cands = t.text.candidates(text);
        for (i, re) in t.text.each.iter().enumerate() {
            if re.is_match(text) {
                assert!(
                    cands.contains(&i),
                    "pattern {} matches but was filtered out",
                    re.as_str()
                );
            }
        }
    }

    #[test]
    fn bad_files_are_refused_with_the_reason() {
        let err = |s: &str| Taxonomy::parse(s, "t.toml").unwrap_err().to_string();
        assert!(err("version = 1\n[[label]]\nid = 'x'\n").contains("t.toml"));
        let two = "version = 1\n[[label]]\nid='a'\nname='A'\ndescription='d'\ntext=['x']\n\
                   [[label]]\nid='a'\nname='A'\ndescription='d'\ntext=['y']\n";
        assert!(err(two).contains("defined twice"), "{}", err(two));
        let bad = "version = 1\n[[label]]\nid='a'\nname='A'\ndescription='d'\ntext=['(x']\n";
        assert!(
            err(bad).contains("pattern \"(x\" is invalid"),
            "{}",
            err(bad)
        );
        let syntax = "version = 1\n[[label]\n";
        assert!(err(syntax).contains("line 2"), "{}", err(syntax));
        let unknown = "version = 1\n[[label]]\nid='a'\nname='A'\ndescription='d'\ntxt=['y']\n";
        assert!(err(unknown).contains("unknown field"), "{}", err(unknown));
    }
}
