//! The Codebook's error patterns, each on the real sentence where it was seen (issue 13), the
//! dev gold's figures (`../shared/gold/dev.json`, tune and measure splits), the learned
//! component's reproducibility, and `--min-confidence`.

use crate::util::{clausemap, root, shared};
use clausemap::classify::{self, linear::Linear, Taxonomy};
use clausemap::eval::{self, Gold};
use clausemap::model::SegmentKind;
use clausemap::pipeline::{self, Options};

fn ids(text: &str) -> Vec<String> {
    classify::labels(&Taxonomy::builtin(), None, text)
        .into_iter()
        .map(|l| l.id)
        .collect()
}

fn has(text: &str, id: &str) -> bool {
    ids(text).iter().any(|l| l == id)
}

/// Words without their subject give no label.
#[test]
fn a_label_needs_its_subject() {
    // BWBV0002337 Art. 9: another instrument's signature.
    let icsid = "Each Contracting Party hereby consents to submit to the International Centre for the Settlement of Investment Disputes for settlement by conciliation or arbitration under the Convention on the Settlement of Investment Disputes between States and Nationals of other States opened for signature at Washington on 18 March 1965 any legal dispute arising between that Contracting Party and a national of the other Contracting Party.";
    assert!(!has(icsid, "signature"), "{:?}", ids(icsid));
    assert!(has(icsid, "dispute_settlement"));
    // BWBV0001097 Art. 5: "replace" said of capital assets.
    let assets =
        "(ii)to replace capital assets in order to safeguard the continuity of an investment;";
    assert!(!has(assets, "prior_treaties"));
    // pta_302 Art. 4: duties replacing duties.
    let duties = "If, after entry into force of the Agreement, any tariff reduction is applied on an erga omnes basis, such reduced duties shall replace the basic duties referred to in paragraph 1 as from that date when such reductions are applied.";
    assert!(!has(duties, "prior_treaties"));
    // BWBV0006214 Art. 26, pta_302 Art. 39: the termination takes effect.
    for t in [
        "The termination shall take effect three months from the date of the notification of such to the other Contracting Party.",
        "The denunciation shall take effect one year after the receipt of the notification by the Government of the United States of America.",
        "Such termination shall become effective on the first day of the month following the expiration of a period of three months after the date of receipt of notice of termination by the other Party.",
    ] {
        assert!(!has(t, "entry_into_force"), "{t}");
    }
    // CAN-PRT 1954 Art. 7: an earlier agreement ends.
    // pta_188 Art. XXIV: other agreements denounced.
    assert!(!has("To that end, they agree that, should any of the trade agreements they conclude with other countries or their participation in other international arrangements constitute an obstacle to this Treaty, they will renegotiate or, as the case may be, denounce them at the earliest opportunity.", "termination"));
    let earlier = "The present Treaty shall terminate and replace the Agreement concluded at Lisbon and embodied in the Exchange of Notes of September 10 and 12, 1928, between the Government of Portugal and the Government of the United Kingdom.";
    assert!(!has(earlier, "termination"));
    assert!(has(earlier, "prior_treaties"));
    // BWBV0003694 Art. 9: what survives this treaty's denunciation; pta_291 Art. 3: a duty
    // "in force on the date of entry into force of this Agreement".
    assert!(!has("Any denunciation shall not affect the obligations already incurred, by reason of an armed conflict, under this Convention and its annexed Protocols by such denouncing High Contracting Party in respect of any act committed before this denunciation becomes effective.", "prior_treaties"));
    assert!(!has("For each product the basic duty to which the successive reductions set out in this Agreement are to be applied shall be the Most Favoured Nation rate of duty in force on the date of entry into force of this Agreement.", "prior_treaties"));
    // Not the status of another agreement: chapters of this treaty (pta_156 Art. 14.16), the
    // review of an award, this convention's own articles (BWBV0004959 Art. 16), design
    // information (BWBV0003623 Art. 46), a schedule inside this agreement (pta_186 Art. 401);
    // the UN Charter is `un_charter`'s (BWBV0005760 Art. 7, annotated gold).
    for t in [
        "In the event of any inconsistency between this Chapter and another Chapter, this Chapter shall prevail to the extent of the inconsistency.",
        "A party may seek the revision or annulment of the award in accordance with the ICSID Convention.",
        "At the request of any of the Signatory States discussions may be opened to amend or abrogate any of the Articles of the present Convention.",
        "Design information shall be re-examined in the light of changes in operating conditions.",
        "The accelerated implementation schedule for an item shall supersede the prior implementation schedule contained in this Agreement for that item.",
        "This Treaty does not affect, and shall not be interpreted as affecting, in any way the rights and obligations under the Charter of the Parties which are members of the United Nations.",
    ] {
        assert!(!has(t, "prior_treaties"), "{t}");
    }
    // NAFTA Art. 1139: ICSID's name in a definitions article.
    let defs = "For purposes of this Chapter: disputing investor means an investor that makes a claim under Section B;\n\nICSID means the International Centre for Settlement of Investment Disputes;";
    assert!(!has(defs, "dispute_settlement"), "{:?}", ids(defs));
    assert!(has(defs, "definitions"));
    // pta_302 Art. 27: a measure ceases to apply.
    assert!(!has(
        "They shall cease to apply at the latest on the date of the end of the transitional period for this Agreement.",
        "termination"
    ));
}

/// A bare mention gives no label.
#[test]
fn a_bare_mention_gives_no_label() {
    // pta_302 Art. 36: the Joint Committee named in an amendment article.
    let annexes =
        "The Joint Committee may decide to modify or amend the Annexes and the Protocols.";
    assert_eq!(ids(annexes), ["amendment"]);
    // BWBV0002794 Art. 15: the Consultative Committee's members.
    assert!(!has(
        "Governors, Executive Directors, members of the Consultative Committee, Alternates of the foregoing, advisers and experts shall enjoy the following privileges and immunities:",
        "consultation"
    ));
    // pta_34 Art. 153: a request for consultations cited in an arbitration clause.
    assert!(!has(
        "The complaining Party that requested consultations under Article 152 above may request in writing the establishment of an arbitral tribunal to the Party complained against.",
        "consultation"
    ));
    // "means" in other senses (BWBV0006214 Art. 3 and 10, BWBV0001817 Art. 4 and 6).
    for t in [
        "b) new trends, means or methods of committing customs offences;",
        "b) means of transport known to have been used or suspected of being used to commit a customs offence;",
        "i) a statement that the requesting Party has pursued all means available in its own territory to obtain the information;",
        "The Parties shall settle their disputes by peaceful means.",
        "b) where the requesting Party has not pursued all means available in its own territory to obtain the information;",
    ] {
        assert!(!has(t, "definitions"), "{t}");
    }
}

/// Provisions said indirectly are found.
#[test]
fn provisions_said_indirectly_are_found() {
    for (t, id) in [
        // pta_112 Art. 101, pta_222 Art. 1 and 5, NAFTA Art. 1103.
        ("The Parties to this Agreement, consistent with Article XXIV of the General Agreement on Tariffs and Trade, hereby establish a free trade area.", "economic_cooperation"),
        ("The object of this Agreement is to promote the growth of trade between the European Economic Community and the State of Israel.", "economic_cooperation"),
        ("The treatment accorded by Israel to products originating in the Community may in no case be less favourable than that accorded to products originating in the most-favoured third State.", "economic_cooperation"),
        ("Each Party shall accord to investors of another Party treatment no less favorable than that it accords, in like circumstances, to investors of any other Party or of a non-Party with respect to the establishment of investments.", "economic_cooperation"),
        // Depositary, accession, duration, prior treaties, dispute settlement.
        ("The present Agreement shall be ratified and the instruments of ratification shall be deposited as soon as possible with the Government of the United States of America, which shall notify each signatory State of the date of deposit thereof.", "depositary"),
        ("This Agreement will be open, after negotiation, to the adherence of the remaining members of the Latin American Integration Association.", "accession"),
        ("The association of any other State with this Agreement shall be subject to the consent of the Parties.", "accession"),
        ("After the Treaty has been in force for twenty years, any Party may cease to be a Party one year after its notice of denunciation has been given.", "duration"),
        ("In the event of any inconsistency between this Agreement and the specific trade obligations set out in the agreements listed in Annex 104.1, such obligations shall prevail to the extent of the inconsistency.", "prior_treaties"),
        // AUS-NZL 1965 Art. 3 and 10, LAO-THA 1991 Art. 9, BWBV0001324 Art. 9: earlier
        // instruments continued or ended by this one.
        ("The provisions of the Trade Agreement of the 5th September, 1933, between Australia and New Zealand, with amendments, shall be read subject to this Agreement but, except as thus superseded or modified, shall continue in force, be deemed to form part of, and have the same duration as this Agreement.", "prior_treaties"),
        ("The agreement between Australia and New Zealand regarding anti-dumping procedures which was concluded by an Exchange of Letters of the 29th April, 1963, and Article VI of the Trade Agreement of the 5th September, 1933, between Australia and New Zealand shall, as from the date of entry into force of the present Agreement, cease to have effect.", "prior_treaties"),
        ("Upon the entry into force of this Agreement, the Trade Agreement between the Government of the Kingdom of Thailand and the Government of the Lao People's Democratic Republic signed at Vientiane on 1 June B.E.2521 (1978) shall be terminated.", "prior_treaties"),
        ("Agreements and/or Arrangements with regard to Projects and Programmes in force on the date of signature of this Agreement will continue to be applied until termination of that Agreement or Arrangement.", "prior_treaties"),
        // Other agreements kept, continued or ended, read in shared/corpora outside the dev
        // gold: ARM-RUS 1992 Art. 14, BWBV0001372 Art. 6, COM-EC 2007 Art. 15, pta_214 Art. 51,
        // BWBV0005054 Art. 5, pta_389 Art. 78, pta_19 Art. 3.13, BWBV0001988 Art. 1, pta_380
        // Art. 9.17, CHN-PAK 2006 Art. 27.
        ("This Agreement shall not affect other Agreements concluded earlier by the Contracting Parties with third countries.", "prior_treaties"),
        ("This Agreement shall with respect to the Parties for which it entered into force supersede the “Security Agreement by the Parties to the North Atlantic Treaty Organization” approved by the North Atlantic Council.", "prior_treaties"),
        ("This Agreement shall repeal and replace on the date of its entry into force the fisheries agreement between the European Economic Community and the Islamic Federal Republic of the Comoros on fishing off the Comoros which entered into force on 20 July 1988.", "prior_treaties"),
        ("The Agreement of 18 December 1972 between the European Economic Community and the Arab Republic of Egypt shall cease to apply on the same date.", "prior_treaties"),
        ("Existing bilateral agreements shall remain unaffected.", "prior_treaties"),
        ("Each Party maintains its rights and obligations under Article XIX of GATT 1994 and the Safeguards Agreement.", "prior_treaties"),
        ("Nothing in this Chapter shall affect the rights and obligations of the Parties under the Articles of the Agreement of the International Monetary Fund (IMF), including the use of exchange actions.", "prior_treaties"),
        ("This Protocol reaffirms and supplements the provisions of the four Geneva Conventions of 12 August 1949.", "prior_treaties"),
        ("Subject to paragraph 2, the Parties hereby agree that the Bilateral Investment Treaty, as well as all the rights and obligations derived from the said Treaty, will cease to have effect on the date of entry into force of this Agreement.", "prior_treaties"),
        ("and to this end, Articles 3 and 4.2(c) of the WTO Agreement on Safeguards are incorporated into and made a part of this Agreement, mutatis mutandis;", "prior_treaties"),
        // pta_188 (1958 Central American treaty) Art. XXVI and XXIV, pta_361 Art. 11:
        // precedence between treaties, conflicting agreements renegotiated, secession.
        ("Any provisions of this Treaty that are broader in scope than those in other trade treaties between Central American countries shall take precedence over the latter.", "prior_treaties"),
        ("To that end, they agree that, should any of the trade agreements they conclude with other countries or their participation in other international arrangements constitute an obstacle to this Treaty, they will renegotiate or, as the case may be, denounce them at the earliest opportunity.", "prior_treaties"),
        // ESP-PRT 1969 Art. 7: ended at the end of a term by notice of non-renewal.
        ("After the expiration of that term, it shall be automatically extended for successive periods of five years, unless one of the Parties gives the other Party at least one year's notice of its intention not to extend the Convention.", "termination"),
        ("Each Party may secede from the present Agreement by a written notification addressed to the depositary not less than within 12 months from secession.", "termination"),
        ("The Parties shall at all times endeavor to agree on the interpretation and application of this Agreement, and shall make every attempt through cooperation and consultations to arrive at a mutually satisfactory resolution of any matter that might affect its operation.", "dispute_settlement"),
        ("The disputing parties should first attempt to settle a claim through consultation or negotiation.", "dispute_settlement"),
        ("Either Contracting Party may propose the other Party that consultations be held on any matter concerning the interpretation or application of the Agreement.", "consultation"),
        ("On request the Contracting Parties shall meet in order to review this Agreement.", "consultation"),
        ("A signatory which has not yet deposited its instrument may notify the depositary that it will apply this Agreement provisionally.", "entry_into_force"),
    ] {
        assert!(has(t, id), "{id} not found in {t:?}: {:?}", ids(t));
    }
}

/// A termination-only article states an indefinite term only where no article states one.
#[test]
fn implied_duration_yields_to_a_stated_term() {
    let tax = Taxonomy::builtin();
    let text = "Article 1\nThe Parties shall cooperate.\n\nArticle 2\nThis Agreement shall remain in force for five years.\n\nArticle 3\nEither Party may terminate this Agreement by giving six months' notice.\n";
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("t.txt");
    std::fs::write(&f, text).unwrap();
    let opts = Options {
        taxonomy: tax.clone(),
        classify: true,
        pre: None,
    };
    let t = pipeline::analyze_file_with(&f, &opts).unwrap();
    let art = |n: &str| {
        t.segments
            .iter()
            .find(|s| s.kind == SegmentKind::Article && s.number.as_deref() == Some(n))
            .unwrap()
    };
    assert!(classify::has(art("2"), "duration"));
    assert!(!classify::has(art("3"), "duration"));
    assert!(classify::has(art("3"), "termination"));
    let alone = "Article 1\nThe Parties shall cooperate.\n\nArticle 2\nEither Party may terminate this Agreement by giving six months' notice.\n";
    std::fs::write(&f, alone).unwrap();
    let t = pipeline::analyze_file_with(&f, &opts).unwrap();
    let a2 = t
        .segments
        .iter()
        .find(|s| s.number.as_deref() == Some("2"))
        .unwrap();
    let d = a2
        .labels
        .iter()
        .find(|l| l.id == "duration")
        .expect("implied duration");
    assert!(d.confidence < 0.9, "{}", d.confidence);
}

/// Evidence is the sentence that carries the label, the trigger inside it.
#[test]
fn evidence_is_the_sentence_with_the_trigger_inside() {
    let text = "1. Each Party shall accord fair treatment.\n\n2. The Parties shall consult each other at the request of either of them. Such consultations shall be held promptly.";
    let l = classify::labels(&Taxonomy::builtin(), None, text);
    let c = l.iter().find(|l| l.id == "consultation").unwrap();
    // The sentence, without its paragraph number.
    assert_eq!(
        c.sentence,
        "The Parties shall consult each other at the request of either of them."
    );
    assert_eq!(
        &text[c.sentence_span.start..c.sentence_span.end],
        c.sentence
    );
    assert!(c.sentence_span.start <= c.span.start && c.span.end <= c.sentence_span.end);
    assert!((0.0..=1.0).contains(&c.confidence));
}

/// The gold's documents found under `../shared/corpora`, analysed and scored.
fn score(gold: &Gold) -> Option<eval::Evaluation> {
    let corpora = shared("corpora")?;
    let corpus = pipeline::analyze(&gold.files(&[corpora]), &Options::default());
    Some(eval::evaluate(&corpus, gold))
}

fn dev(split: &str) -> Option<eval::Evaluation> {
    let path = shared("gold/dev.json")?;
    let mut g = Gold::parse(&std::fs::read_to_string(&path).unwrap(), "dev.json").unwrap();
    g.keep_split(split);
    score(&g)
}

/// The figures on real treaties read whole (see README, "Labels"): they may rise, never fall.
#[test]
fn dev_gold_figures_hold() {
    let Some(tune) = dev("tune") else { return };
    assert!(tune.missing_documents.is_empty());
    assert!(
        tune.labels.f1 >= 0.96 && tune.labels.precision >= 0.94,
        "tune {:?}\n{:#?}",
        tune.labels,
        tune.mistakes
    );
    let measure = dev("measure").unwrap();
    assert!(measure.missing_documents.is_empty());
    // The figures are asserted; the mistakes are not printed (the split is for measuring).
    // F1 >= 0.90 and P >= 0.90, in whole numbers: 2tp / (2tp + fp + fn) >= 9/10.
    let (tp, fp, fn_) = (measure.labels.tp, measure.labels.fp, measure.labels.fn_);
    assert!(
        20 * tp >= 9 * (2 * tp + fp + fn_) && 10 * tp >= 9 * (tp + fp),
        "measure {:?}",
        measure.labels
    );
    // Every label with at least 5 required instances keeps recall >= 0.80.
    for (id, p) in &measure.per_label {
        if p.tp + p.fn_ >= 5 {
            assert!(p.recall >= 0.8, "measure {id} {p:?}");
        }
    }
    assert!(measure.articles.correct * 100 >= measure.articles.total * 99);
    // Issue 14: metadata and values >= 95 %, articles found >= 98 % with a count error <= 2 %.
    let meta = [
        &measure.title,
        &measure.date,
        &measure.place,
        &measure.parties,
    ];
    let (right, total) = meta
        .iter()
        .fold((0, 0), |(r, t), c| (r + c.correct, t + c.total));
    assert!(
        right * 100 >= total * 95,
        "measure metadata {right}/{total}"
    );
    let v = &measure.values;
    assert!(v.tp * 100 >= (v.tp + v.fn_) * 95, "measure values {v:?}");
    assert!(measure.extra_articles * 100 <= measure.articles.total * 2);
    // Recurring groups: members scored on the annotated articles only (21 of 21 found, 6
    // extra members, all of them label false positives, on 2026-12-02).
    let r = &measure.recurring;
    assert!(
        r.recall >= 0.95 && r.precision >= 0.75,
        "measure recurring {r:?}"
    );
}

/// Retraining on the same input gives the shipped weights byte for byte.
#[test]
fn retraining_gives_the_shipped_weights() {
    let Some(gold) = shared("gold/dev.json") else {
        return;
    };
    let Some(corpora) = shared("corpora") else {
        return;
    };
    let mut opts = Options::default();
    opts.taxonomy.linear = None;
    let corpus = pipeline::analyze(
        &[corpora.join("nl_bwb"), corpora.join("ggo").join("texts")],
        &opts,
    );
    let g = Gold::parse(&std::fs::read_to_string(&gold).unwrap(), "dev.json").unwrap();
    let (model, n) = clausemap::train::fit(&corpus, &[g], &opts.taxonomy);
    assert!(n > 1000, "{n} examples");
    let shipped = std::fs::read_to_string(root().join("src/classify/linear.tsv")).unwrap();
    assert!(
        model.write() == shipped,
        "src/classify/linear.tsv is stale: rebuild it with `clausemap train ../shared/corpora/nl_bwb ../shared/corpora/ggo/texts --gold ../shared/gold/dev.json`"
    );
    let back = Linear::parse(&shipped).unwrap();
    let p = back.probabilities("This Agreement shall enter into force on the thirtieth day after the exchange of instruments of ratification.");
    assert!(p[back.index("entry_into_force").unwrap()] > 0.5);
}

#[test]
fn min_confidence_filters_every_report() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let o = clausemap(&[
        "analyze",
        "corpus",
        "--out",
        out.to_str().unwrap(),
        "--quiet",
        "--format",
        "json,csv",
        "--min-confidence",
        "0.99",
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("report.json")).unwrap()).unwrap();
    let mut n = 0;
    for d in json["documents"].as_array().unwrap() {
        for s in d["segments"].as_array().unwrap() {
            for l in s["labels"].as_array().unwrap() {
                assert!(l["confidence"].as_f64().unwrap() >= 0.99);
                n += 1;
            }
        }
    }
    let all = clausemap(&[
        "analyze",
        "corpus",
        "--out",
        dir.path().join("all").to_str().unwrap(),
        "--quiet",
        "--format",
        "json",
    ]);
    assert!(all.status.success());
    let all: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.path().join("all/report.json")).unwrap())
            .unwrap();
    let total: usize = all["documents"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|d| d["segments"].as_array().unwrap())
        .map(|s| s["labels"].as_array().unwrap().len())
        .sum();
    assert!(n < total, "{n} of {total}");
    let bad = clausemap(&[
        "analyze",
        "corpus",
        "--out",
        out.to_str().unwrap(),
        "--min-confidence",
        "2",
    ]);
    assert_eq!(bad.status.code(), Some(2));
}

#[test]
fn eval_scores_one_split_of_the_gold() {
    let Some(gold) = shared("gold/dev.json") else {
        return;
    };
    let Some(corpora) = shared("corpora") else {
        return;
    };
    let o = clausemap(&[
        "eval",
        "--gold",
        gold.to_str().unwrap(),
        "--split",
        "tune",
        corpora.to_str().unwrap(),
        "--json",
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!(v["missing_documents"].as_array().unwrap().is_empty());
    assert_eq!(v["articles"]["total"].as_u64(), Some(317));
    let bad = clausemap(&[
        "eval",
        "--gold",
        gold.to_str().unwrap(),
        "--split",
        "held-out",
    ]);
    assert_eq!(bad.status.code(), Some(2));
}

/// `tests/gold/annotated.json`: 66 treaties of `../shared/corpora` (Dutch database and
/// flattened texts; 1076 articles) annotated under the Codebook apart from the dev gold, each
/// round scored before its mistakes were read (README, "Labels"); since then patterns were
/// written from them too, so they guard against regressions.
#[test]
fn annotated_treaties_figures_hold() {
    let path = root().join("tests/gold/annotated.json");
    let g = Gold::parse(&std::fs::read_to_string(&path).unwrap(), "annotated.json").unwrap();
    let Some(ev) = score(&g) else { return };
    assert!(
        ev.missing_documents.is_empty(),
        "{:?}",
        ev.missing_documents
    );
    assert!(
        ev.labels.f1 >= 0.92 && ev.labels.precision >= 0.93,
        "{:?}\n{:#?}",
        ev.labels,
        ev.mistakes
    );
}
