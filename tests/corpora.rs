//! Segmentation on the real corpora in `../shared/corpora` (skipped when absent): article
//! counts against the manifests, no Dutch `Artikel` as an article, articles from every
//! flattened text with markers. Prints the rates it measured.

use crate::util::shared;
use clausemap::model::MetaSource;
use clausemap::pipeline::analyze_file;
use clausemap::Treaty;
use std::collections::HashMap;
use std::path::Path;

fn manifest(dir: &Path) -> Vec<HashMap<String, String>> {
    let mut rdr = csv::Reader::from_path(dir.join("manifest.csv")).unwrap();
    let headers = rdr.headers().unwrap().clone();
    rdr.records()
        .map(|r| {
            let r = r.unwrap();
            headers
                .iter()
                .map(String::from)
                .zip(r.iter().map(String::from))
                .collect()
        })
        .collect()
}

/// Share of manifest rows whose article count equals `column`, with the misses.
fn count_rate(dir: &Path, column: &str) -> (f64, Vec<String>) {
    let rows = manifest(dir);
    let mut misses = Vec::new();
    for row in &rows {
        let t = analyze_file(&dir.join(&row["file"])).unwrap();
        let want: usize = row[column].parse().unwrap();
        let got = t.articles().count();
        if got != want {
            misses.push(format!("{}: manifest {want}, found {got}", row["file"]));
        }
    }
    let rate = 1.0 - misses.len() as f64 / rows.len() as f64;
    (rate, misses)
}

#[test]
fn tota_article_counts_match_the_manifest() {
    let Some(dir) = shared("corpora/tota") else {
        return;
    };
    let (rate, misses) = count_rate(&dir, "n_articles");
    eprintln!(
        "tota: {:.1} % of files match n_articles; misses: {misses:?}",
        rate * 100.0
    );
    assert!(rate >= 0.95, "{rate}: {misses:#?}");
}

#[test]
fn nl_bwb_article_counts_match_the_manifest() {
    let Some(dir) = shared("corpora/nl_bwb") else {
        return;
    };
    let (rate, misses) = count_rate(&dir, "n_article_en");
    eprintln!(
        "nl_bwb: {:.1} % of files match n_article_en; misses: {misses:?}",
        rate * 100.0
    );
    assert!(rate >= 0.95, "{rate}: {misses:#?}");
}

fn dutch_score(text: &str) -> (usize, usize) {
    let words: Vec<String> = text
        .split(|c: char| !c.is_alphanumeric())
        .map(str::to_lowercase)
        .collect();
    let nl = words
        .iter()
        .filter(|w| {
            matches!(
                w.as_str(),
                "de" | "het" | "van" | "een" | "en" | "zijn" | "wordt" | "worden" | "voor" | "dit"
            )
        })
        .count();
    let en = words
        .iter()
        .filter(|w| {
            matches!(
                w.as_str(),
                "the" | "of" | "and" | "shall" | "be" | "to" | "this"
            )
        })
        .count();
    (nl, en)
}

#[test]
fn no_dutch_artikel_becomes_an_article() {
    let Some(dir) = shared("corpora/nl_bwb") else {
        return;
    };
    let mut dutch = Vec::new();
    let mut skipped = 0;
    for row in manifest(&dir) {
        let t: Treaty = analyze_file(&dir.join(&row["file"])).unwrap();
        skipped += t
            .warnings
            .iter()
            .filter(|w| w.kind == clausemap::model::WarningKind::SkippedTranslation)
            .count();
        for a in t.articles() {
            let (nl, en) = dutch_score(&a.text);
            if nl > en && nl >= 3 {
                dutch.push(format!("{} Art. {:?}", row["file"], a.number));
            }
        }
    }
    eprintln!(
        "nl_bwb: {skipped} Dutch repeats skipped, {} Dutch articles",
        dutch.len()
    );
    assert!(
        dutch.is_empty(),
        "Dutch text segmented as articles: {dutch:#?}"
    );
    assert!(
        skipped >= 100,
        "the Dutch repeats were not recognised ({skipped})"
    );
}

#[test]
fn flattened_texts_with_markers_yield_articles() {
    let Some(dir) = shared("corpora/ggo") else {
        return;
    };
    let rows = manifest(&dir);
    let with_markers: Vec<_> = rows
        .iter()
        .filter(|r| r["n_article_markers"].parse::<usize>().unwrap() > 0)
        .collect();
    let mut none = Vec::new();
    for row in &with_markers {
        let t = analyze_file(&dir.join(&row["file"])).unwrap();
        if t.articles().count() == 0 {
            none.push(row["file"].clone());
        }
    }
    let rate = 1.0 - none.len() as f64 / with_markers.len() as f64;
    eprintln!(
        "ggo: {:.1} % of {} files with markers yield articles; none from {none:?}",
        rate * 100.0,
        with_markers.len()
    );
    // The manifest counts every "Article N", cross-references included; the files missed
    // here have only cross-references ("in accordance with Article 16 thereof").
    assert!(rate >= 0.97, "{none:#?}");
}

/// ToTA's meta gives parties and name; the date of signature is the text's own where its
/// closing clause prints one (Codebook: a database's date only when the text gives none), and
/// then differs from the meta's in a few files only.
#[test]
fn tota_meta_gives_dates_codes_and_short_names_the_text_gives_titles() {
    let Some(dir) = shared("corpora/tota") else {
        return;
    };
    let mut differ = Vec::new();
    let mut titled = 0;
    let rows = manifest(&dir);
    for row in &rows {
        let t = analyze_file(&dir.join(&row["file"])).unwrap();
        let from_text = t
            .closing()
            .and_then(|c| clausemap::segment::date::find_date(&c.text))
            .map(|d| d.iso);
        match from_text {
            Some(d) => {
                assert_eq!(t.meta.date.as_deref(), Some(d.as_str()), "{}", row["file"]);
                if d != row["date_signed"] {
                    differ.push(format!(
                        "{} {} (meta {})",
                        row["file"], d, row["date_signed"]
                    ));
                }
            }
            None => assert_eq!(
                t.meta.date.as_deref(),
                Some(row["date_signed"].as_str()),
                "{}",
                row["file"]
            ),
        }
        // The meta's codes are codes, its name a short name: both kept apart from the
        // parties and the title the text states (Codebook, Metadata).
        assert_eq!(
            t.meta.party_codes.join(";"),
            row["parties"],
            "{}",
            row["file"]
        );
        assert_eq!(
            t.meta.database_name.as_deref(),
            Some(row["name"].as_str()),
            "{}",
            row["file"]
        );
        assert!(
            t.meta
                .parties
                .iter()
                .all(|p| p.len() > 3 || p.chars().any(char::is_lowercase)),
            "{}: {:?}",
            row["file"],
            t.meta.parties
        );
        if t.meta.title.is_some() {
            titled += 1;
            assert_eq!(
                t.meta.title_source,
                Some(MetaSource::TitleLine),
                "{}",
                row["file"]
            );
        }
    }
    // 42 of the 102 ToTA texts print a title at the head of their preamble chapter (the
    // others open with the parties or carry no preamble): it is read from there.
    assert!(titled >= 40, "{titled} of {}", rows.len());
    let jpn_mex = analyze_file(&dir.join("pta_34.xml")).unwrap();
    assert_eq!(
        jpn_mex.meta.title.as_deref(),
        Some("Agreement between Japan and the United Mexican States for the Strengthening of the Economic Partnership")
    );
    assert_eq!(jpn_mex.meta.parties, ["Japan", "United Mexican States"]);
    assert_eq!(jpn_mex.meta.party_codes, ["JPN", "MEX"]);
    eprintln!(
        "tota: {} of {} dates from the text differ from the meta: {differ:?}",
        differ.len(),
        rows.len()
    );
    // ANZCERTA was signed on 28 March 1983, as its closing says; the meta has 1982-12-14.
    assert!(
        differ
            .iter()
            .any(|d| d.starts_with("pta_122.xml 1983-03-28")),
        "{differ:?}"
    );
    assert!(differ.len() * 20 <= rows.len(), "{differ:#?}");
}

/// Dates of signature read from the closing clause as the treaties print them (issue 14):
/// "the fourth day of the month of October, 1988" was dated 1954-09-01, "the thirtieth day of
/// November one thousand nine hundred ninety eight" 1965-03-18 (the ICSID Convention's date),
/// "this18th day", "28<sup>th</sup>" and years in words gave none.
#[test]
fn signature_dates_from_the_closing_as_printed() {
    let Some(corpora) = shared("corpora") else {
        return;
    };
    for (file, date) in [
        ("nl_bwb/BWBV0002923.md", "1988-10-04"),
        ("nl_bwb/BWBV0006352.md", "1998-11-30"),
        ("nl_bwb/BWBV0002337.md", "1985-03-18"),
        ("nl_bwb/BWBV0006214.md", "2013-06-28"),
        ("ggo/texts/AUS-CAN[NA]_1960O.txt", "1960-02-12"),
        ("ggo/texts/HND-PAN[NA]_1973O.txt", "1973-11-08"),
    ] {
        let t = analyze_file(&corpora.join(file)).unwrap();
        assert_eq!(t.meta.date.as_deref(), Some(date), "{file}");
    }
}

/// "DONE in duplicate at Harare on 11/12/96" can be 11 December or 12 November: no date and a
/// `date_uncertain` warning, not a date taken from further down (it was dated 1993-05-01).
#[test]
fn a_date_in_figures_read_two_ways_gives_a_warning_not_a_date() {
    let Some(corpora) = shared("corpora") else {
        return;
    };
    let t = analyze_file(&corpora.join("nl_bwb/BWBV0001327.md")).unwrap();
    assert_eq!(t.meta.date, None);
    assert!(t
        .warnings
        .iter()
        .any(|w| w.kind == clausemap::model::WarningKind::DateUncertain
            && w.message.contains("11/12/96")));
}

/// Every date of signature says where it was read, and none comes from an article body: a date
/// read from the closing clause or a dateline is there in the text (issue 14).
#[test]
fn no_date_comes_from_inside_an_article() {
    let Some(corpora) = shared("corpora") else {
        return;
    };
    let opts = clausemap::pipeline::Options {
        classify: false,
        ..Default::default()
    };
    let corpus = clausemap::pipeline::analyze(&[corpora], &opts);
    let mut dated = 0;
    for t in &corpus.documents {
        let Some(date) = &t.meta.date else {
            assert_eq!(t.meta.date_source, None, "{}", t.file);
            continue;
        };
        dated += 1;
        let read_from = |text: &str| match clausemap::segment::date::read_date(text) {
            Some(clausemap::segment::date::Reading::Date(d)) => Some(d.iso),
            _ => None,
        };
        match t.meta.date_source {
            Some(MetaSource::Closing) => {
                let closing = t.closing().expect("a closing clause");
                assert_eq!(read_from(&closing.text).as_ref(), Some(date), "{}", t.file);
            }
            Some(MetaSource::Dateline | MetaSource::HeaderField | MetaSource::TotaMeta) => {}
            // Only the date an article opens this treaty for signature from.
            Some(MetaSource::OpenedForSignature) => {
                let opened = t.segments.iter().find_map(|s| {
                    match clausemap::segment::metadata::opened_for_signature(&s.text) {
                        Some(clausemap::segment::date::Reading::Date(d)) => Some(d.iso),
                        _ => None,
                    }
                });
                assert_eq!(opened.as_ref(), Some(date), "{}", t.file);
            }
            other => panic!("{}: date {date} from {other:?}", t.file),
        }
    }
    // 328 of 409 are dated today; most of the rest have no closing clause or dateline
    // (README, "Metadata").
    assert!(
        dated * 100 >= corpus.documents.len() * 78,
        "{dated} of {}",
        corpus.documents.len()
    );
}

/// A convention opened for signature at two places, with no closing date (the Mine Ban
/// Convention, "done at Oslo ... on 18 September 1997, shall be open for signature at Ottawa
/// ... from 3 December 1997 until 4 December 1997, and at ... New York"): dated the day it was
/// opened (Codebook, Metadata), not the day it was done at Oslo nor the end of the period;
/// another instrument opened for signature gives no date.
#[test]
fn a_treaty_opened_for_signature_is_dated_the_day_it_was_opened() {
    let Some(file) = shared("corpora/nl_bwb/BWBV0001384.md") else {
        return;
    };
    let t = clausemap::pipeline::analyze_file(&file).unwrap();
    assert_eq!(t.meta.date.as_deref(), Some("1997-12-03"));
    assert_eq!(t.meta.date_source, Some(MetaSource::OpenedForSignature));
    use clausemap::segment::metadata::opened_for_signature;
    assert!(opened_for_signature("Each Contracting Party hereby consents to submit to the International Centre for Settlement of Investment Disputes under the Convention on the Settlement of Investment Disputes between States and Nationals of other States opened for signature at Washington on 18 March 1965 any legal dispute.").is_none());
    assert!(opened_for_signature(
        "This Agreement shall be open for signature until 31 December 1990."
    )
    .is_none());
}

/// Parties as the text designates them (Codebook, Metadata), with ISO codes beside them: from
/// the title, the opening of the preamble, or the signature lines under the closing.
#[test]
fn parties_as_the_text_names_them_with_codes() {
    let Some(corpora) = shared("corpora") else {
        return;
    };
    for (file, parties, codes, source) in [
        (
            "ggo/texts/AUS-CAN[NA]_1960O.txt",
            "Commonwealth of Australia; Canada",
            "AUS; CAN",
            MetaSource::Title,
        ),
        // "the Republics of Panama and Honduras"
        (
            "ggo/texts/HND-PAN[NA]_1973O.txt",
            "Republic of Panama; Republic of Honduras",
            "PAN; HND",
            MetaSource::Title,
        ),
        (
            "tota/pta_112.xml",
            "Canada; United Mexican States; United States of America",
            "CAN; MEX; USA",
            MetaSource::Preamble,
        ),
        // "The Government of the Republic of China (hereinafter referred to as "the ROC") and ..."
        (
            "tota/pta_326.xml",
            "Republic of China; Republic of Panama",
            "TWN; PAN",
            MetaSource::Preamble,
        ),
        (
            "tota/pta_302.xml",
            "Republic of Turkey; Slovak Republic",
            "TUR; SVK",
            MetaSource::Closing,
        ),
        // "the Common Fund for Commodities" is one name; an organisation has no code.
        (
            "nl_bwb/BWBV0002794.md",
            "Kingdom of the Netherlands; Common Fund for Commodities",
            "NLD",
            MetaSource::Title,
        ),
        (
            "ggo/texts/IND-NPL[NA]_1991O.txt",
            "Nepal; India",
            "NPL; IND",
            MetaSource::Title,
        ),
        // The CFE Treaty's States Parties, listed at the head of a document of theirs.
        // A title naming a group ("between the EFTA States and Turkey") gives way to the
        // preamble's members, after an editor's note.
        (
            "tota/pta_118.xml",
            "Republic of Iceland; Principality of Liechtenstein; Kingdom of Norway; Swiss Confederation; Republic of Turkey",
            "CHE; ISL; LIE; NOR; TUR",
            MetaSource::Preamble,
        ),
        ("nl_bwb/BWBV0002803.md", "Republic of Armenia; Republic of Azerbaijan; Republic of Belarus; Kingdom of Belgium; Republic of Bulgaria; Canada; Czech and Slovak Federal Republic; Kingdom of Denmark; French Republic; Republic of Georgia; Federal Republic of Germany; Hellenic Republic; Republic of Hungary; Republic of Iceland; Italian Republic; Republic of Kazakhstan; Grand Duchy of Luxembourg; Republic of Moldova; Kingdom of the Netherlands; Kingdom of Norway; Republic of Poland; Portuguese Republic; Romania; Russian Federation; Kingdom of Spain; Republic of Turkey; Ukraine; United Kingdom of Great Britain and Northern Ireland; United States of America", "ARM; AZE; BLR; BEL; BGR; CAN; CSK; DNK; FRA; GEO; DEU; GRC; HUN; ISL; ITA; KAZ; LUX; MDA; NLD; NOR; POL; PRT; ROU; RUS; ESP; TUR; UKR; GBR; USA", MetaSource::Preamble),
    ] {
        let t = analyze_file(&corpora.join(file)).unwrap();
        assert_eq!(t.meta.parties.join("; "), parties, "{file}");
        assert_eq!(t.meta.parties_source, Some(source), "{file}");
        let want: Vec<&str> = codes.split("; ").collect();
        if file.starts_with("tota/") {
            // The ToTA meta's codes, in its order.
            let mut got = t.meta.party_codes.clone();
            got.sort();
            let mut want = want.clone();
            want.sort();
            assert_eq!(got, want, "{file}");
        } else {
            assert_eq!(t.meta.party_codes, want, "{file}");
        }
    }
}

/// Titles the text prints at its head, cut where the preamble begins (flattened texts).
#[test]
fn titles_from_the_head_of_the_text() {
    let Some(corpora) = shared("corpora") else {
        return;
    };
    for (file, title) in [
        ("ggo/texts/AUS-CAN[NA]_1960O.txt", "Trade Agreement between the Government of the Commonwealth of Australia and the Government of Canada"),
        ("ggo/texts/HND-PAN[NA]_1973O.txt", "Free Trade and Preferential Exchange Agreement between the Republics of Panama and Honduras"),
        ("ggo/texts/GBR-KOS[NA]_2019O.txt", "Partnership, Trade and Cooperation Agreement between the United Kingdom of Great Britain and Northern Ireland and the Republic of Kosovo"),
        // Capitals that go on in lower case; capitals alone where the rest runs on.
        ("ggo/texts/CIV-EC[FCD]_2007A.txt", "Fisheries Partnership Agreement between the Republic of Cote d'Ivoire and the European Community"),
        ("ggo/texts/DNK-EC[HRG]_2006A.txt", "Agreement in the Form of Exchange of Letters"),
        // Without the edition's treaty-series number.
        ("ggo/texts/CAN-ESP[NA]_1954O.txt", "Trade Agreement Between Canada and Spain"),
    ] {
        let t = analyze_file(&corpora.join(file)).unwrap();
        assert_eq!(t.meta.title.as_deref(), Some(title), "{file}");
        assert_eq!(t.meta.title_source, Some(MetaSource::TitleLine), "{file}");
    }
    // The Dutch database's heading of a BIT and its protocol: the treaty's title and parties
    // without the protocol's name; "Adaptation Protocol" is the treaty's own.
    let chile = analyze_file(&corpora.join("nl_bwb/BWBV0006352.md")).unwrap();
    assert_eq!(
        chile.meta.title.as_deref(),
        Some("Agreement on encouragement and reciprocal protection of investments between the Kingdom of the Netherlands and the Republic of Chile")
    );
    assert_eq!(
        chile.meta.parties,
        ["Kingdom of the Netherlands", "Republic of Chile"]
    );
    let bra = analyze_file(&corpora.join("ggo/texts/BRA-URY[NA]_1986O.txt")).unwrap();
    assert!(
        bra.meta
            .title
            .as_deref()
            .is_some_and(|t| t.contains("Uruguay Adaptation Protocol")),
        "{:?}",
        bra.meta.title
    );
    let civ = analyze_file(&corpora.join("ggo/texts/CIV-EC[FCD]_2007A.txt")).unwrap();
    assert_eq!(
        civ.meta.parties,
        ["Republic of Cote d'Ivoire", "European Community"]
    );
}

/// Exchanges of letters and notes (the Dutch database's "Briefwisseling", "Notawisseling"):
/// named as such, not by a letterhead; dated by the first letter's dateline, not by an
/// instrument the letters cite (issue 14).
#[test]
fn exchanges_of_notes_are_named_and_dated_by_their_letters() {
    let Some(corpora) = shared("corpora") else {
        return;
    };
    // "No. 99The Hague, December 7, 1981Excellency,I have the honor to refer to the Agreement
    // between our Governments of August 13, 1954 ..."
    let t = analyze_file(&corpora.join("nl_bwb/BWBV0002049.md")).unwrap();
    assert_eq!(t.meta.title.as_deref(), Some("Exchange of letters"));
    assert_eq!(t.meta.date.as_deref(), Some("1981-12-07"));
    assert_eq!(t.meta.date_source, Some(MetaSource::Dateline));
    assert_eq!(t.meta.place.as_deref(), Some("The Hague"));
    // "... 28 September 1982Excellency: I have the honour to refer to the Protocol of 3rd August
    // 1981, related to the Treaty of Peace ... between the Government of the State of Israel and
    // the Government of the Arab Republic of Egypt": those are not this exchange's parties.
    let mfo = analyze_file(&corpora.join("nl_bwb/BWBV0002806.md")).unwrap();
    assert_eq!(mfo.meta.date.as_deref(), Some("1982-09-28"));
    assert!(mfo.meta.parties.is_empty(), "{:?}", mfo.meta.parties);
    // "... shall constitute an agreement between the Government of the Kyrgyz Republic and the
    // Government of the Kingdom of the Netherlands".
    // Letters from The Hague (13 February 2007) and Brussels (30 May 2007): no one place.
    let napma = analyze_file(&corpora.join("nl_bwb/BWBV0002088.md")).unwrap();
    assert_eq!(napma.meta.date.as_deref(), Some("2007-02-13"));
    assert_eq!(napma.meta.place, None);
    let kgz = analyze_file(&corpora.join("nl_bwb/BWBV0001525.md")).unwrap();
    assert_eq!(kgz.meta.title.as_deref(), Some("Exchange of notes"));
    assert_eq!(
        kgz.meta.parties,
        ["Kyrgyz Republic", "Kingdom of the Netherlands"]
    );
    assert_eq!(kgz.meta.party_codes, ["KGZ", "NLD"]);
}

/// Short titles tell treaties apart: the Dutch BITs all titled "Agreement on encouragement and
/// reciprocal protection of investments" are named by their parties in the reports.
#[test]
fn short_titles_name_the_parties_where_titles_repeat() {
    let Some(dir) = shared("corpora/nl_bwb") else {
        return;
    };
    let opts = clausemap::pipeline::Options {
        classify: false,
        ..Default::default()
    };
    let corpus = clausemap::pipeline::analyze(&[dir], &opts);
    let report = clausemap::report::model::build(&corpus, None);
    let bits: Vec<&str> = report
        .documents
        .iter()
        .map(|d| d.short_title.as_str())
        .filter(|s| {
            s.contains("Agreement on encouragement and reciprocal protection of investments")
        })
        .collect();
    assert!(bits.len() >= 10, "{bits:?}");
    let distinct: std::collections::BTreeSet<&str> = bits.iter().copied().collect();
    assert_eq!(distinct.len(), bits.len(), "{bits:?}");
    assert!(bits.contains(&"Netherlands–Ethiopia: Agreement on encouragement and reciprocal protection of investments"), "{bits:?}");
}

/// The language of each text is detected; one in another language than English carries a
/// `not_english` warning, since the labels are read with English patterns (issue 14).
#[test]
fn texts_not_in_english_are_flagged() {
    let Some(corpora) = shared("corpora") else {
        return;
    };
    let warned = |t: &Treaty| {
        t.warnings
            .iter()
            .any(|w| w.kind == clausemap::model::WarningKind::NotEnglish)
    };
    for (file, lang) in [
        ("tota/pta_437.xml", "spa"),
        ("tota/pta_86.xml", "fra"),
        ("nl_bwb/BWBV0004687.md", "deu"),
    ] {
        let t = analyze_file(&corpora.join(file)).unwrap();
        assert_eq!(t.meta.language.as_deref(), Some(lang), "{file}");
        assert!(warned(&t), "{file}");
    }
    let t = analyze_file(&corpora.join("tota/pta_34.xml")).unwrap();
    assert_eq!(t.meta.language.as_deref(), Some("eng"));
    assert!(!warned(&t));
}

/// The Dutch repeat that follows the English closing of the North Atlantic Treaty in the Dutch
/// database ("NOORD-ATLANTISCH VERDRAG", then its preamble in Dutch) is not part of the closing.
#[test]
fn a_dutch_title_and_preamble_stay_out_of_the_english_closing() {
    let Some(corpora) = shared("corpora") else {
        return;
    };
    let t = analyze_file(&corpora.join("nl_bwb/BWBV0005760.md")).unwrap();
    let closing = t.closing().expect("a closing clause");
    assert_eq!(
        closing.text,
        "In witness whereof, the undersigned plenipotentiaries have signed this Treaty.Done at Washington, the fourth day of April, 1949."
    );
    assert_eq!(t.meta.date.as_deref(), Some("1949-04-04"));
}
