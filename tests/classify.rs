//! Classification against the gold, evidence that really stands at its span, the taxonomy ids
//! of `shared/taxonomy.md`, recall from the body alone on held-out headed articles of the real
//! corpora, and the values of Dutch investment treaties checked by reading.

use crate::util::{root, shared};
use clausemap::classify::Taxonomy;
use clausemap::eval::{self, Gold, Split};
use clausemap::model::{EvidenceSource, Treaty, Unit, ValueKind};
use clausemap::pipeline::{self, analyze_file, Options};

fn gold_eval() -> Option<eval::Evaluation> {
    let path = shared("gold/seeds.json")?;
    let gold = Gold::parse(&std::fs::read_to_string(&path).unwrap(), "seeds.json").unwrap();
    let corpus = pipeline::analyze(&[root().join("corpus")], &Options::default());
    Some(eval::evaluate(&corpus, &gold))
}

#[test]
fn labels_and_values_match_the_gold() {
    let Some(ev) = gold_eval() else { return };
    assert!(ev.missing_documents.is_empty());
    assert!(
        ev.labels.f1 >= 0.95 && ev.labels.precision >= 0.95,
        "labels {:?}\n{:#?}",
        ev.labels,
        ev.mistakes
    );
    assert_eq!(
        (ev.values.tp, ev.values.fp, ev.values.fn_),
        (5, 0, 0),
        "{:#?}",
        ev.mistakes
    );
    assert_eq!(ev.recurring.fn_, 0, "{:#?}", ev.mistakes);
    assert_eq!(ev.articles.correct, ev.articles.total);
    assert_eq!(ev.duplicates.correct, 3);
}

#[test]
fn the_1950_and_1960_duration_articles_carry_their_values() {
    let t = analyze_file(&root().join("corpus/000_79ce68988e783b83.txt")).unwrap();
    let a6 = t
        .articles()
        .find(|a| a.number.as_deref() == Some("6"))
        .unwrap();
    let got: Vec<_> = a6
        .values
        .iter()
        .map(|v| (v.kind, v.amount, v.unit, v.evidence.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            (
                ValueKind::Term,
                Some(30),
                Some(Unit::Years),
                "remain in force for thirty years"
            ),
            (
                ValueKind::Notice,
                Some(1),
                Some(Unit::Years),
                "notice one year before"
            ),
            (
                ValueKind::Renewal,
                Some(5),
                Some(Unit::Years),
                "for a further five years"
            ),
        ]
    );
    let t = analyze_file(&root().join("corpus/002_d9c2b8e70902db1e.txt")).unwrap();
    let a10 = t
        .articles()
        .find(|a| a.number.as_deref() == Some("10"))
        .unwrap();
    let got: Vec<_> = a10.values.iter().map(|v| (v.kind, v.amount)).collect();
    assert_eq!(
        got,
        [(ValueKind::Term, Some(10)), (ValueKind::Notice, Some(1))]
    );
}

/// Every label's and value's evidence is exactly the text at its span.
fn assert_evidence_at_spans(t: &Treaty) -> usize {
    let mut n = 0;
    for s in &t.segments {
        for l in &s.labels {
            let field = match l.source {
                EvidenceSource::Text => s.text.as_str(),
                EvidenceSource::Heading => s
                    .heading
                    .as_deref()
                    .expect("heading evidence needs a heading"),
            };
            assert_eq!(
                field.get(l.span.start..l.span.end),
                Some(l.evidence.as_str()),
                "{} {}",
                t.file,
                l.id
            );
            n += 1;
        }
        for v in &s.values {
            assert_eq!(
                s.text.get(v.span.start..v.span.end),
                Some(v.evidence.as_str()),
                "{}",
                t.file
            );
            n += 1;
        }
    }
    n
}

#[test]
fn evidence_stands_at_its_span_in_every_segment() {
    let corpus = pipeline::analyze(&[root().join("corpus")], &Options::default());
    let n: usize = corpus.documents.iter().map(assert_evidence_at_spans).sum();
    assert!(n > 30, "{n}");
    let Some(dir) = shared("corpora") else { return };
    let corpus = pipeline::analyze(&[dir], &Options::default());
    let n: usize = corpus.documents.iter().map(assert_evidence_at_spans).sum();
    assert!(n > 5_000, "{n}");
}

#[test]
fn builtin_taxonomy_ids_are_those_of_shared_taxonomy_md() {
    let ours: Vec<String> = Taxonomy::builtin().ids().map(String::from).collect();
    let pinned = [
        "signature",
        "ratification",
        "accession",
        "entry_into_force",
        "duration",
        "termination",
        "amendment",
        "reservations",
        "depositary",
        "authentic_texts",
        "mutual_defense",
        "consultation",
        "dispute_settlement",
        "non_aggression",
        "non_interference",
        "economic_cooperation",
        "un_charter",
        "prior_treaties",
        "military_facilities",
        "diplomatic_relations",
        "definitions",
    ];
    assert_eq!(ours, pinned);
    let Some(md) = shared("taxonomy.md") else {
        return;
    };
    let theirs: Vec<String> = std::fs::read_to_string(md)
        .unwrap()
        .lines()
        .filter_map(|l| l.strip_prefix("| "))
        .filter_map(|l| l.split(" |").next())
        .filter(|id| id.chars().all(|c| c.is_ascii_lowercase() || c == '_') && *id != "id")
        .map(String::from)
        .collect();
    assert_eq!(ours, theirs);
}

/// Recall from the body alone, heading hidden, on the held-out third of the headed articles
/// of nl_bwb and ToTA (files whose name hashes to 0 mod 3, not read while writing patterns).
#[test]
fn final_clauses_are_found_from_the_body_alone_on_held_out_treaties() {
    let (Some(nl), Some(tota)) = (shared("corpora/nl_bwb"), shared("corpora/tota")) else {
        return;
    };
    let opts = Options::default();
    let corpus = pipeline::analyze(&[nl, tota], &opts);
    let hr = eval::heading_recall(&corpus, &opts.taxonomy, Split::HeldOut);
    assert!(hr.documents > 90, "{}", hr.documents);
    assert_eq!(
        hr.per_label.len(),
        eval::FINAL_CLAUSES.len(),
        "{:?}",
        hr.per_label
    );
    for (id, c) in &hr.per_label {
        assert!(
            c.correct as f64 >= 0.9 * c.total as f64,
            "{id}: {}/{}\n{:#?}",
            c.correct,
            c.total,
            hr.misses
        );
    }
}

type Expected = (ValueKind, u32, Unit);

/// Term, renewal and notice of Dutch bilateral investment treaties, checked by reading.
#[test]
fn values_of_dutch_investment_treaties() {
    let Some(dir) = shared("corpora/nl_bwb") else {
        return;
    };
    use ValueKind::*;
    let (y, m) = (Unit::Years, Unit::Months);
    let cases: &[(&str, &str, &[Expected])] = &[
        (
            "BWBV0001735.md",
            "14",
            &[(Term, 15, y), (Notice, 6, m), (Renewal, 10, y)],
        ),
        (
            "BWBV0001097.md",
            "14",
            &[(Term, 20, y), (Notice, 6, m), (Renewal, 10, y)],
        ),
        (
            "BWBV0001203.md",
            "13",
            &[(Term, 15, y), (Notice, 6, m), (Renewal, 10, y)],
        ),
        (
            "BWBV0002338.md",
            "12",
            &[(Term, 10, y), (Notice, 6, m), (Renewal, 5, y)],
        ),
        (
            "BWBV0002482.md",
            "12",
            &[(Term, 5, y), (Notice, 6, m), (Renewal, 5, y)],
        ),
        (
            "BWBV0006079.md",
            "16",
            &[(Term, 10, y), (Notice, 6, m), (Renewal, 10, y)],
        ),
        // Twelve months' notice not to renew, six months' to end a renewed period.
        (
            "BWBV0002337.md",
            "13",
            &[
                (Term, 15, y),
                (Notice, 12, m),
                (Renewal, 10, y),
                (Notice, 6, m),
            ],
        ),
        ("BWBV0006352.md", "14", &[(Term, 15, y), (Notice, 1, y)]),
        (
            "BWBV0001180.md",
            "15",
            &[(Term, 10, y), (Renewal, 10, y), (Notice, 1, y)],
        ),
        // "a period often years": the OCR slip for "of ten".
        ("BWBV0001111.md", "15", &[(Term, 10, y), (Notice, 12, m)]),
    ];
    for (file, art, want) in cases {
        let t = analyze_file(&dir.join(file)).unwrap();
        let a = t
            .articles()
            .find(|a| a.number.as_deref() == Some(art))
            .unwrap();
        let got: Vec<_> = a
            .values
            .iter()
            .map(|v| (v.kind, v.amount.unwrap_or(0), v.unit.unwrap_or(Unit::Days)))
            .collect();
        assert_eq!(&got, want, "{file} Art. {art}");
    }
}
