//! Classify: label each article and closing clause with the provisions it contains, each label
//! with the words that justify it, and extract the periods researchers compare (term, renewal,
//! notice).
//!
//! In: segmented [`Treaty`]s and a compiled [`Taxonomy`]. Out: `labels` and `values` on every
//! article and closing segment (the preamble is not labelled: it states purposes, not
//! provisions). Text and spans are never rewritten.
//!
//! How a label is decided:
//! - **body**: each of the taxonomy's `text` patterns is searched; its matches are tried in
//!   order and the first that is not rejected (inside an `exclude` span, said of a
//!   `subject_veto` subject, in a sentence matching a `veto` or a `negation` such as "Nothing
//!   in this Agreement shall ...") becomes the evidence. The earliest evidence over all
//!   patterns wins.
//! - **heading**: an article heading matched by a label's `heading` patterns gives the label
//!   too, with the heading words as evidence, when the body did not give it already (a heading
//!   understates an article, so the body is always read).
//!
//! Cost: linear in the text, a few microseconds per article (see `benches/`).

pub mod linear;
pub mod taxonomy;
pub mod values;

pub use taxonomy::Taxonomy;

use crate::model::{EvidenceSource, Label, Segment, SegmentKind, TextRange, Treaty};

/// Confidence of a label found by a `text` pattern in the body.
pub const CONFIDENCE_TEXT: f64 = 0.9;
/// Confidence of a label its heading alone gives.
pub const CONFIDENCE_HEADING: f64 = 0.8;
/// Confidence of a label an `implied` pattern gives.
pub const CONFIDENCE_IMPLIED: f64 = 0.6;

/// How far before a match the subject is looked for, in bytes.
const LEAD: usize = 100;

/// Labels and values for every article and closing segment of a treaty.
pub fn classify(taxonomy: &Taxonomy, treaty: &mut Treaty) {
    for seg in &mut treaty.segments {
        if seg.kind == SegmentKind::Preamble {
            continue;
        }
        seg.labels = labels(taxonomy, seg.heading.as_deref(), &seg.text);
    }
    // An implied label stands only where no segment of the treaty states the provision.
    let stated: std::collections::BTreeSet<String> = treaty
        .segments
        .iter()
        .flat_map(|s| s.labels.iter().filter(|l| !l.implied).map(|l| l.id.clone()))
        .collect();
    for seg in &mut treaty.segments {
        seg.labels
            .retain(|l| !(l.implied && stated.contains(&l.id)));
        if seg.kind == SegmentKind::Article {
            learned(taxonomy, seg);
        }
        seg.values = values::extract(&seg.text, &seg.labels);
    }
}

/// The learned component's say on an article's labels: each label's confidence becomes the
/// mean of the rule's ([`CONFIDENCE_TEXT`], [`CONFIDENCE_HEADING`], [`CONFIDENCE_IMPLIED`]) and
/// the model's probability for it. It neither adds nor vetoes labels: on the development sets
/// (tune, and 222 articles annotated apart) adding labels the model found likely (0.5-0.99)
/// and vetoing those it found unlikely (0.02-0.05) gained nothing or lost right labels, and on
/// the `measure` split adding at 0.8 changed no label (README, "Labels").
fn learned(taxonomy: &Taxonomy, seg: &mut Segment) {
    let Some(model) = taxonomy.linear else {
        return;
    };
    if seg.labels.is_empty() {
        return;
    }
    let probs = model.probabilities(&seg.text);
    for l in &mut seg.labels {
        if let Some(i) = model.index(&l.id) {
            l.confidence = round2((l.confidence + probs[i]) / 2.0);
        }
    }
}

fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

/// The labels of one segment, in taxonomy order. Labels from `implied` patterns are included
/// (marked `implied`); [`classify`] drops them where another segment states the label.
pub fn labels(taxonomy: &Taxonomy, heading: Option<&str>, text: &str) -> Vec<Label> {
    let mut found: Vec<Option<Label>> = vec![None; taxonomy.labels.len()];
    search(taxonomy, &taxonomy.text, text, &mut found, false);
    if let Some(h) = heading {
        for i in taxonomy.heading.candidates(h) {
            let owner = taxonomy.heading.owner[i];
            if found[owner].is_some() {
                continue;
            }
            if let Some(m) = taxonomy.heading.each[i].find(h) {
                let span = TextRange {
                    start: 0,
                    end: h.len(),
                };
                found[owner] = Some(label(
                    taxonomy,
                    owner,
                    h,
                    m,
                    span,
                    EvidenceSource::Heading,
                    CONFIDENCE_HEADING,
                ));
            }
        }
    }
    search(taxonomy, &taxonomy.implied, text, &mut found, true);
    // In an article that is one of its `not_in` labels' own (a definitions article: headed so,
    // or opening with a definition), a label whose sentence is itself such a provision (the
    // definition of "Joint Committee" or "ICSID") is dropped.
    let primary: Vec<bool> = found
        .iter()
        .map(|f| {
            f.as_ref().is_some_and(|l| {
                !l.implied && (l.source == EvidenceSource::Heading || l.span.start < 200)
            })
        })
        .collect();
    for (i, f) in found.iter_mut().enumerate() {
        let Some(l) = f else { continue };
        if l.source != EvidenceSource::Text {
            continue;
        }
        let inside = taxonomy.not_in[i]
            .iter()
            .any(|&o| primary[o] && states(taxonomy, o, &l.sentence));
        if inside {
            *f = None;
        }
    }
    found.into_iter().flatten().collect()
}

/// Whether one of `label`'s text patterns matches `sentence`.
fn states(taxonomy: &Taxonomy, label: usize, sentence: &str) -> bool {
    let set = &taxonomy.text;
    set.candidates(sentence)
        .into_iter()
        .any(|i| set.owner[i] == label && set.each[i].is_match(sentence))
}

/// Runs one pattern set over `text`, filling labels not yet found with the earliest match that
/// survives the label's checks; `implied` marks the labels of the `implied` patterns.
fn search(
    taxonomy: &Taxonomy,
    set: &taxonomy::PatternSet,
    text: &str,
    found: &mut [Option<Label>],
    implied: bool,
) {
    let confidence = if implied {
        CONFIDENCE_IMPLIED
    } else {
        CONFIDENCE_TEXT
    };
    let fixed: Vec<bool> = found.iter().map(Option::is_some).collect();
    for i in set.candidates(text) {
        let owner = set.owner[i];
        if fixed[owner] {
            continue;
        }
        let best = found[owner].as_ref().map(|l| l.span.start);
        for m in set.each[i].find_iter(text) {
            if best.is_some_and(|b| m.start() >= b) {
                break;
            }
            let (s, e) = sentence(text, m.start(), m.end());
            if rejected(taxonomy, owner, text, (s, e), m.start(), m.end()) {
                continue;
            }
            let mut l = label(
                taxonomy,
                owner,
                text,
                m,
                TextRange { start: s, end: e },
                EvidenceSource::Text,
                confidence,
            );
            l.implied = implied;
            found[owner] = Some(l);
            break;
        }
    }
}

fn label(
    taxonomy: &Taxonomy,
    owner: usize,
    text: &str,
    m: regex::Match,
    sentence: TextRange,
    source: EvidenceSource,
    confidence: f64,
) -> Label {
    // A pattern anchored at a paragraph's start takes its number too ("3. For the purposes of
    // ... means"): the evidence and its sentence begin after it.
    let mut start = m.start();
    loop {
        let rest = &text[start..m.end()];
        let ws = rest.len() - rest.trim_start().len();
        match enumerator_len(&rest[ws..]) {
            Some(n) => start += ws + n,
            None if ws > 0 && ws < rest.len() => start += ws,
            None => break,
        }
    }
    let from = if start > sentence.start && sentence.start >= m.start() {
        start.min(sentence.end)
    } else {
        sentence.start
    };
    let trimmed = text[from..sentence.end].trim_end();
    let sentence = TextRange {
        start: from,
        end: from + trimmed.len(),
    };
    Label {
        id: taxonomy.labels[owner].id.clone(),
        evidence: text[start..m.end()].to_string(),
        span: TextRange {
            start,
            end: m.end(),
        },
        source,
        confidence,
        sentence: trimmed.to_string(),
        sentence_span: sentence,
        implied: false,
    }
}

/// The words before `start` in its clause: from the sentence start `s` (at most [`LEAD`] bytes
/// back), after the last comma, colon, parenthesis or clause-opening conjunction ("unless",
/// "if", "and", ...). What a provision is said of stands there.
pub fn lead(text: &str, s: usize, start: usize) -> &str {
    let mut from = start.saturating_sub(LEAD).max(s);
    while !text.is_char_boundary(from) {
        from += 1;
    }
    let window = &text[from..start];
    let modal = |w: &str| {
        w.split_whitespace().next().is_none_or(|w| {
            matches!(
                w.to_ascii_lowercase().as_str(),
                "shall" | "will" | "may" | "must"
            )
        })
    };
    // After the last comma, colon or parenthesis; but "X, signed at Y on Z, shall ..." keeps
    // X: a clause that starts with its verb takes the subject before the comma.
    let mut cut = 0;
    let mut before = 0;
    for (i, c) in window.char_indices() {
        if matches!(c, ',' | ':' | '(' | ')') {
            before = cut;
            cut = i + c.len_utf8();
        }
    }
    if cut > 0 && modal(&window[cut..]) {
        cut = before;
    }
    let lower = window.to_ascii_lowercase();
    for w in [
        " unless ",
        " if ",
        " when ",
        " whenever ",
        " where ",
        " provided ",
        " but ",
        " whereas ",
        " until ",
        " that ",
        " which ",
    ] {
        if let Some(i) = lower.rfind(w) {
            cut = cut.max(i + w.len() - 1);
        }
    }
    // "X shall be ... and shall take effect": a coordinated predicate keeps X as its subject.
    let mut coordinated = cut;
    for w in [" and ", " or "] {
        if let Some(i) = lower.rfind(w) {
            coordinated = coordinated.max(i + w.len() - 1);
        }
    }
    let rest = &window[coordinated..];
    if modal(rest) {
        &window[cut..]
    } else {
        rest
    }
}

/// True when a match `start..end` in sentence `s..e` is not evidence for the label: it stands
/// inside an `exclude` span, its subject is one of the label's `subject_veto`, its sentence
/// matches one of the label's `veto` patterns, or a negation (unless the label is itself
/// phrased as one).
fn rejected(
    taxonomy: &Taxonomy,
    label: usize,
    text: &str,
    (s, e): (usize, usize),
    start: usize,
    end: usize,
) -> bool {
    let sent = &text[s..e];
    if let Some(ex) = &taxonomy.exclude[label] {
        if ex
            .find_iter(sent)
            .any(|x| s + x.start() < end && start < s + x.end())
        {
            return true;
        }
    }
    if let Some(sv) = &taxonomy.subject_veto[label] {
        if sv.is_match(lead(text, s, start)) {
            return true;
        }
    }
    if taxonomy.veto[label]
        .as_ref()
        .is_some_and(|v| v.is_match(sent))
    {
        return true;
    }
    !taxonomy.labels[label].negation_ok
        && taxonomy.negation.as_ref().is_some_and(|n| n.is_match(sent))
}

/// The sentence (or clause ended by `;`) holding `start..end`: from after the previous `.`,
/// `;` or line break that is followed by white space, to the next one, without the paragraph
/// number or item letter that opens it (`2.`, `(a)`, `(iv)`). A paragraph number run into the
/// text ("Scientific cooperation 1. During the period ...", as flattened texts have it) ends
/// the sentence before it; "paragraph 1." does not. Abbreviations such as "Art. 5" may cut a
/// sentence short; that only narrows what a veto sees.
pub fn sentence(text: &str, start: usize, end: usize) -> (usize, usize) {
    let bytes = text.as_bytes();
    let is_end = |i: usize| -> bool {
        match bytes[i] {
            b'\n' => true,
            b'.' | b';' => bytes.get(i + 1).is_none_or(|c| c.is_ascii_whitespace()),
            _ => false,
        }
    };
    let mut s = start.min(bytes.len());
    while s > 0 && !is_end(s - 1) {
        s -= 1;
    }
    while s < start && bytes[s].is_ascii_whitespace() {
        s += 1;
    }
    while let Some(n) = enumerator_len(&text[s..]).filter(|&n| s + n <= start) {
        s += n;
    }
    let mut e = end.min(bytes.len());
    while e < bytes.len() && !is_end(e) {
        e += 1;
    }
    if e < bytes.len() && bytes[e] == b'.' {
        if let Some(j) =
            run_in_number(text, s, e).filter(|&j| j >= end && text[..j].trim_end().len() >= end)
        {
            // The sentence ends before the number, without the white space.
            let kept = text[..j].trim_end().len();
            return (s, kept.max(s));
        }
    }
    (s, (e + 1).min(bytes.len()))
}

/// The length of the paragraph number or item mark opening `s` with the white space after it
/// (`2. `, `2.1 `, `(a) `, `(iv) `, `a) `, `- `), if `s` opens with one.
fn enumerator_len(s: &str) -> Option<usize> {
    let b = s.as_bytes();
    let mut i = 0;
    if b.first() == Some(&b'(') {
        i = 1;
        let from = i;
        while i < b.len() && i - from < 5 && b[i].is_ascii_alphanumeric() {
            i += 1;
        }
        if i == from || b.get(i) != Some(&b')') {
            return None;
        }
        i += 1;
    } else if b.first().is_some_and(u8::is_ascii_digit) {
        while i < b.len()
            && (b[i].is_ascii_digit()
                || (b[i] == b'.' && b.get(i + 1).is_some_and(u8::is_ascii_digit)))
        {
            i += 1;
        }
        if i > 6 || !matches!(b.get(i), Some(b'.') | Some(b')')) {
            return None;
        }
        i += 1;
    } else if b.first().is_some_and(u8::is_ascii_lowercase) && b.get(1) == Some(&b')') {
        i = 2;
    } else if matches!(b.first(), Some(b'-') | Some(b'*')) {
        i = 1;
    } else {
        return None;
    }
    let ws = s[i..].len() - s[i..].trim_start().len();
    (ws > 0 && i + ws < s.len()).then_some(i + ws)
}

/// Words after which a number is a reference, not a paragraph number: "paragraph 1.".
const REFERENCE_WORDS: &[&str] = &[
    "article",
    "articles",
    "paragraph",
    "paragraphs",
    "subparagraph",
    "annex",
    "annexes",
    "appendix",
    "chapter",
    "part",
    "section",
    "schedule",
    "protocol",
    "rule",
    "regulation",
    "item",
    "point",
    "no",
    "nos",
    "number",
    "page",
    "and",
    "or",
    "to",
    "of",
    "in",
    "by",
    "than",
    "under",
    "with",
    "at",
    "per",
    "subparagraphs",
    "appendices",
    "chapters",
    "parts",
    "sections",
    "schedules",
    "protocols",
    "rules",
    "regulations",
    "items",
    "points",
    "numbers",
    "pages",
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// Where the paragraph number ended by the `.` at `dot` starts, when that number is run into
/// the text after `from`: one to three digits after a word that does not cite it, followed by
/// a word ("Scientific cooperation 1. During ...", "scientific cooperation 1. the parties" in a
/// text set in lower case).
fn run_in_number(text: &str, from: usize, dot: usize) -> Option<usize> {
    let before = &text[from..dot];
    let digits = before.len() - before.trim_end_matches(|c: char| c.is_ascii_digit()).len();
    let j = dot - digits;
    if !(1..=3).contains(&digits) || j == 0 || !text[..j].ends_with(' ') {
        return None;
    }
    let word = text[..j]
        .trim_end()
        .rsplit(|c: char| c.is_whitespace())
        .next()
        .unwrap_or("")
        .trim_start_matches(|c: char| !c.is_alphanumeric());
    let word_lower = word.to_lowercase();
    if !word.chars().last().is_some_and(char::is_alphabetic)
        || REFERENCE_WORDS.contains(&word_lower.as_str())
    {
        return None;
    }
    let next = text[dot + 1..].trim_start().chars().next();
    next.is_some_and(char::is_alphabetic).then_some(j)
}

/// Drops every label whose confidence is below `min` (and the values read for labels that are
/// gone), so that all reports show the same labels.
pub fn keep_confident(corpus: &mut crate::model::Corpus, min: f64) {
    for t in &mut corpus.documents {
        for seg in &mut t.segments {
            let before = seg.labels.len();
            seg.labels.retain(|l| l.confidence >= min);
            if seg.labels.len() != before {
                seg.values = values::extract(&seg.text, &seg.labels);
            }
        }
    }
}

/// Whether a segment carries a label.
pub fn has(seg: &Segment, id: &str) -> bool {
    seg.labels.iter().any(|l| l.id == id)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(heading: Option<&str>, text: &str) -> Vec<String> {
        labels(&Taxonomy::builtin(), heading, text)
            .into_iter()
            .map(|l| l.id)
            .collect()
    }

    #[test]
    fn evidence_sentences_leave_out_paragraph_numbers() {
        // Flattened text of the Côte d'Ivoire fisheries agreement (ggo): the heading, its
        // paragraph number and the first sentence run together.
        let t = "ARTICLE 4 Scientific cooperation 1. During the period covered by this \
                 Agreement, the Community and Cote d'Ivoire shall endeavour to monitor the \
                 evolution of resources. 2. The two Parties shall consult each other within \
                 the Joint Committee provided for in Article 9 of the Agreement.";
        let at = |w: &str| {
            let i = t.find(w).unwrap();
            let (s, e) = sentence(t, i, i + w.len());
            &t[s..e]
        };
        assert_eq!(
            at("Scientific cooperation"),
            "ARTICLE 4 Scientific cooperation"
        );
        assert!(at("endeavour").starts_with("During the period"));
        assert!(at("consult each other").starts_with("The two Parties"));
        // A number that is cited ends the sentence as usual.
        assert!(at("Joint Committee").ends_with("in Article 9 of the Agreement."));
        let t = "in accordance with Article 13. The Parties shall consult.";
        assert_eq!(&t[..sentence(t, 0, 2).1], "in accordance with Article 13.");
        let t = "as set out in Rules 5. The Parties shall consult (Article 12. The end.";
        assert_eq!(&t[..sentence(t, 0, 2).1], "as set out in Rules 5.");
        let i = t.find("consult").unwrap();
        assert!(t[..sentence(t, i, i + 7).1].ends_with("(Article 12."));
        // A definitions pattern anchored at the paragraph start (US-Australia FTA, ToTA).
        let t = "3. For the purposes of paragraph 2, \u{201c}appropriate measures\u{201d} \
                 means measures a Party takes, in accordance with its laws.";
        let got = labels(&Taxonomy::builtin(), None, t);
        let d = got.iter().find(|l| l.id == "definitions").unwrap();
        assert!(d.sentence.starts_with("For the purposes"), "{}", d.sentence);
        assert!(d.evidence.starts_with("For the purposes"), "{}", d.evidence);
        assert_eq!(&t[d.span.start..d.span.end], d.evidence);
        assert_eq!(&t[d.sentence_span.start..d.sentence_span.end], d.sentence);
    }

    #[test]
    fn sentences_end_at_full_stops_semicolons_and_lines() {
        let t = "One two. Three four; five\nsix.";
        assert_eq!(
            &t[sentence(t, 10, 12).0..sentence(t, 10, 12).1],
            "Three four;"
        );
        assert_eq!(&t[sentence(t, 0, 1).0..sentence(t, 0, 1).1], "One two.");
        assert_eq!(&t[sentence(t, 27, 28).0..sentence(t, 27, 28).1], "six.");
    }

    #[test]
    fn the_variety_of_final_clause_wording_is_recognised() {
        for text in [
            "This Agreement shall come into force on the date of signature.",
            "The present Protocol shall enter into force thirty days after ...",
            "This Arrangement shall take effect on 1 January 1990.",
        ] {
            assert!(
                ids(None, text).contains(&"entry_into_force".into()),
                "{text}"
            );
        }
        for text in [
            "Instruments of ratification shall be exchanged at Tokyo.",
            "This Treaty shall be ratified by the Parties in accordance with their respective constitutional processes.",
        ] {
            assert!(ids(None, text).contains(&"ratification".into()), "{text}");
        }
        for text in [
            "Either Party may denounce this Agreement.",
            "Either Party may give notice of termination in writing.",
            "Any Party may withdraw from this Treaty one year after notice.",
        ] {
            assert!(ids(None, text).contains(&"termination".into()), "{text}");
        }
        for text in [
            "an armed attack against either Party in the territories would be dangerous",
            "should either Party be attacked and thus find itself involved in a state of war, the other shall render military and other assistance",
        ] {
            assert!(ids(None, text).contains(&"mutual_defense".into()), "{text}");
        }
    }

    #[test]
    fn cross_references_and_negations_give_no_label() {
        assert!(ids(
            None,
            "Upon the entry into force of this Agreement, the Parties shall exchange lists."
        )
        .is_empty());
        // The negation rules out termination; what it says of other agreements is their
        // relation to this one.
        assert_eq!(
            ids(
                None,
                "Nothing in this Agreement shall affect the right of either Party to denounce other agreements."
            ),
            ["prior_treaties"]
        );
        // A label phrased as a negation keeps it.
        assert_eq!(
            ids(
                None,
                "This Treaty does not affect the rights and obligations of the Parties under the Charter of the United Nations."
            ),
            ["un_charter"]
        );
    }

    #[test]
    fn a_heading_adds_a_label_the_body_does_not_show() {
        let got = labels(&Taxonomy::builtin(), Some("Definitions"), "Blah blah.");
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].source, EvidenceSource::Heading);
        assert_eq!(got[0].evidence, "Definitions");
        let got = labels(
            &Taxonomy::builtin(),
            Some("Entry into Force"),
            "This Agreement shall enter into force on signature.",
        );
        assert_eq!(got[0].source, EvidenceSource::Text);
        assert_eq!(got[0].evidence, "shall enter into force");
    }
}
