//! Metadata: title, date and place of signature, parties and authentic languages, from what
//! the format states (header fields, XML meta) first and from the text second (title line,
//! "Signed at Peking, January 20, 1925", "Done at Washington, this nineteenth day of January,
//! 1960", "between Japan and the United States of America").

use super::date::{find_date, read_date, Reading};
use super::title::title_at_head;
use crate::ingest::{BlockKind, Source};
use crate::model::{Format, MetaSource, Metadata, Segment, SegmentKind, Warning, WarningKind};
use crate::text::{fold_ws, is_upper, title_case};
use regex::Regex;
use std::sync::LazyLock;

static PLACE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:(?i:done|signed|concluded|made|set\s+down|drawn\s+up|executed)\b[^.;]{0,60}?\b(?i:at)\s+(?:(?i:the\s+city\s+of)\s+)?)((?:(?i:the)\s+)?[A-Z][\p{L}'’\-]+(?:\s+[A-Z][\p{L}'’\-]+){0,3})")
        .expect("place regex")
});
/// "... sign this Treaty, in duplicate, in Panama City, on the eighth day of November": a place
/// after "in" that a date follows.
static PLACE_IN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:(?i:done|signed|sign|concluded|made|set\s+down|drawn\s+up|executed)\b[^.;]{0,80}?\b(?i:in)\s+(?:(?i:the\s+city\s+of)\s+)?)((?:(?i:the)\s+)?[A-Z][\p{L}'’\-]+(?:\s+[A-Z][\p{L}'’\-]+){0,3}),?\s+(?:(?i:on|this|the)\s+)?(?i:the\s+)?(?:[0-9]|(?i:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth|twenty|thirtieth|thirty|day|january|february|march|april|may|june|july|august|september|october|november|december)\b)")
        .expect("place regex")
});
/// The list of parties at the opening of a preamble, up to the recitals.
static OPENING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s*(?:the\s+)?((?-i:[A-Z])[^.;:()]{2,1200}?)(?:\s*\(|,?\s+hereinafter\b|,\s*(?:desiring|considering|resolved|recogni[sz]ing|noting|wishing|being|having|animated|inspired|mindful|convinced|aware|reaffirming|affirming|taking|bearing|determined|committed|conscious|believing|acknowledging|in\s+view|with\s+a\s+view|who|which|parties|represented|hereby|acting|sharing|seeking|intending|emphasi[sz]ing|expressing|reiterating|recalling|agreeing|reali[sz]ing|confident|anxious|hoping|guided|cogni[sz]ant|deeming|persuaded|resolving|welcoming|stressing|underlining|concerned|keen)\b|\s+(?:have|has)\s+(?:agreed|decided|resolved)\b|[.;:])")
        .expect("opening regex")
});
/// "For the Government of the Republic of Turkey" under a closing clause.
static FOR_PARTY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|\s)(?:For|FOR)\s+((?:(?i:the)\s+)?(?-i:[A-Z])[^,:;\n]{1,100}?)\s*(?:[,:;\n]|\s(?:For|FOR)\s|$)")
        .expect("for-party regex")
});
/// A capital "The", or "the Government(s)", that may begin a new phrase inside a name.
static NEW_PHRASE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\s(?:The|THE)\s|\s(?:the|The)\s+[Gg]overnments?\b").expect("new phrase regex")
});
/// The word "Preamble" near the head of a text.
static AFTER_PREAMBLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[^.;:]{0,300}?\b(?:Preamble|PREAMBLE)\b[.:]?\s*").expect("preamble regex")
});
/// "on the one hand", "of the other part": the sides of a list of parties.
static SIDES: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i),?\s+(?:on|of)\s+the\s+(?:one|other)(?:\s+(?:hand|part))?\b,?")
        .expect("sides regex")
});
/// A parenthesis inside a party list.
static PARENTHESIS: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\s*\([^()]{0,200}\)").expect("parenthesis regex"));
/// "For the Government of\nthe Republic of ...": a name broken over lines.
static BROKEN_NAME: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\b(of|the)[ \t]*\n\s*").expect("broken name regex"));
/// An organ signing for its state or organisation: the party is what it acts for.
static ORGAN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:the\s+)?(?:council|president|presidium|commission|federal\s+council|swiss\s+federal\s+council)\s+of\s+(?:the\s+)?")
        .expect("organ regex")
});
/// "the Republics of Panama and Honduras".
static PLURAL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:the\s+)?(Republics|Kingdoms|States)\s+of\s+(.+)$").expect("plural regex")
});
/// Words that designate the parties without naming them.
static GENERIC: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:the\s+)?(?:(?:high\s+)?contracting\s+part(?:y|ies)|parties|states?\s+parties|member\s+states|signatory\s+states|signatories|governments?|states?|undersigned|plenipotentiaries)$")
        .expect("generic regex")
});
static BETWEEN: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\bbetween\s+(.+)$").expect("between regex"));
static QUALIFIER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\s+(?:on|concerning|for|regarding|relating|with\s+respect|in\s+respect|in\s+the\s+field|to\s+(?:the|avoid|promote)|establishing|amending|supplementing|pursuant|under|of\s+\d|setting\s+out|signed|done|concluded|agreed|directed|designed|aimed)\b.*$|[,;.]\s*$")
        .expect("qualifier regex")
});
static GOVERNMENT_OF: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:the\s+)?(?:(?:plenipotentiaries|government|governments|federal\s+government|home\s+government|royal\s+government|imperial\s+government|president|presidium|republic\s+government|his\s+majesty['’]?s\s+government)\s+(?:of|in)\s+(?:the\s+)?|his\s+majesty\s+the\s+king\s+of\s+)?(?:the\s+)?")
        .expect("government regex")
});

/// Country names that contain "and", protected when a title is split into parties.
const AND_NAMES: &[&str] = &[
    "Czech and Slovak Federal Republic",
    "Great Britain and Northern Ireland",
    "Trinidad and Tobago",
    "Bosnia and Herzegovina",
    "Antigua and Barbuda",
    "Saint Kitts and Nevis",
    "Saint Vincent and the Grenadines",
    "Sao Tome and Principe",
    "Serbia and Montenegro",
    "Turks and Caicos",
];

/// International organisations whose names contain "for", "on", "of", "and" or a comma.
const ORGANISATIONS: &[&str] = &[
    "Common Fund for Commodities",
    "Organisation for Economic Co-operation and Development",
    "Organization for Economic Cooperation and Development",
    "Organisation for the Prohibition of Chemical Weapons",
    "Organization for the Prohibition of Chemical Weapons",
    "Organization for Security and Co-operation in Europe",
    "International Fund for Agricultural Development",
    "European Organization for Nuclear Research",
    "European Organisation for Nuclear Research",
    "International Organization for Migration",
    "Hague Conference on Private International Law",
    "European Centre for Medium-Range Weather Forecasts",
    "European Bank for Reconstruction and Development",
    "International Bank for Reconstruction and Development",
    "United Nations Educational, Scientific and Cultural Organization",
    "Food and Agriculture Organization of the United Nations",
    "Preparatory Commission for the Comprehensive Nuclear-Test-Ban Treaty Organization",
    "International Institute for the Unification of Private Law",
    "Iran-United States Claims Tribunal",
];

const LANGUAGES: &[&str] = &[
    "Afrikaans",
    "Albanian",
    "Amharic",
    "Arabic",
    "Armenian",
    "Azerbaijani",
    "Bengali",
    "Bulgarian",
    "Burmese",
    "Chinese",
    "Croatian",
    "Czech",
    "Danish",
    "Dutch",
    "English",
    "Estonian",
    "Finnish",
    "French",
    "Georgian",
    "German",
    "Greek",
    "Hebrew",
    "Hindi",
    "Hungarian",
    "Icelandic",
    "Indonesian",
    "Italian",
    "Japanese",
    "Kazakh",
    "Korean",
    "Latvian",
    "Lithuanian",
    "Macedonian",
    "Malay",
    "Mongolian",
    "Norwegian",
    "Persian",
    "Polish",
    "Portuguese",
    "Romanian",
    "Russian",
    "Serbian",
    "Slovak",
    "Slovene",
    "Slovenian",
    "Spanish",
    "Swahili",
    "Swedish",
    "Thai",
    "Turkish",
    "Ukrainian",
    "Urdu",
    "Uzbek",
    "Vietnamese",
];

/// Reads the metadata of a segmented source, with a warning when the date of signature is
/// printed in figures that can be read two ways (then no date is given).
///
/// Each fact comes from the text first and from a format's fields second, and says where it
/// was read ([`MetaSource`]): the title from a header field, the title line, or the head of
/// the text before the first article; the date and place from the dateline or the closing
/// clause (never from an article), else a header field or the ToTA meta; the parties from
/// the title's "between A and B", else the opening of the preamble, else header fields.
pub fn extract(src: &Source, segments: &[Segment]) -> (Metadata, Option<Warning>) {
    let block_text = |kind: BlockKind| {
        src.blocks
            .iter()
            .find(|b| b.kind == kind)
            .map(|b| b.text.clone())
    };
    let field_source = if src.format == Format::TotaXml {
        MetaSource::TotaMeta
    } else {
        MetaSource::HeaderField
    };
    let preamble = segments.iter().find(|s| s.kind == SegmentKind::Preamble);
    // The letters of an exchange of letters or notes, which stand where a preamble would.
    let letters = src.fields.exchange.as_ref().and(preamble);
    let head_title = preamble.and_then(|p| {
        title_at_head(&p.text).map(|(s, e)| (fold_ws(&p.text[s..e]), fold_ws(&p.text[e..])))
    });
    let (title, title_source) = match (&src.fields.title, block_text(BlockKind::Title)) {
        (Some(t), _) => (Some(t.clone()), Some(field_source)),
        (None, Some(t)) => (Some(t), Some(MetaSource::TitleLine)),
        (None, None) => match &head_title {
            Some((t, _)) => (Some(t.clone()), Some(MetaSource::TitleLine)),
            None => (None, None),
        },
    };
    // A letterhead ("Royal Netherlands Embassy") or a note number ("I") is no title: a title
    // names an instrument. An exchange the database names as such is titled so.
    let (title, title_source) = match title {
        Some(t) if names_instrument(&t) => (Some(t), title_source),
        _ => match &src.fields.exchange {
            Some(e) => (Some(e.clone()), Some(MetaSource::HeaderField)),
            None => (None, None),
        },
    };
    // An edition's date printed under a title in capitals ("TREATY WITH THE QUAPAWS. OCTOBER
    // 4TH, 1861."): the dateline of the treaty, not a part of its title.
    static TITLE_DATE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)[.,]\s+((?:january|february|march|april|may|june|july|august|september|october|november|december)\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4})\.?\s*$")
            .expect("title date regex")
    });
    let (title, title_date) = match title {
        Some(t) if is_upper(&t) => match TITLE_DATE.captures(&t) {
            Some(c) if c.get(0).is_some_and(|m| m.start() > 0) => {
                let cut = c.get(0).map_or(t.len(), |m| m.start());
                let date = c.get(1).and_then(|d| read_date(d.as_str()));
                (Some(t[..cut].to_string()), date)
            }
            _ => (Some(t), None),
        },
        other => (other, None),
    };
    let title = title
        .map(|t| {
            if is_upper(&t) {
                title_case(&t)
            } else {
                capitals_first(&t)
            }
        })
        .map(|t| clean_title(&t));
    let dateline = block_text(BlockKind::Dateline);
    let closing = segments.iter().find(|s| s.kind == SegmentKind::Closing);
    let closing_text = closing.map(|c| c.text.as_str());
    // The text's own date (dateline, closing clause) before a database's (Codebook, Metadata);
    // figures that can be read two ways give no date and a warning, not a later date.
    let from_text = dateline
        .as_deref()
        .and_then(read_date)
        .map(|r| (r, MetaSource::Dateline))
        .or_else(|| {
            closing_text
                .and_then(closing_date)
                .map(|r| (r, MetaSource::Closing))
        });
    // An exchange of letters or notes: the first letter's dateline ("Ottawa, 17 January 1995")
    // at the head of the text.
    let from_text = from_text.or_else(|| {
        let l = letters?;
        read_date(letter_head(&l.text)).map(|r| (r, MetaSource::Dateline))
    });
    let from_text = from_text.or_else(|| title_date.map(|r| (r, MetaSource::TitleLine)));
    let (date, date_source, warning) = match from_text {
        Some((Reading::Date(d), from)) => (Some(d.iso), Some(from), None),
        Some((Reading::Ambiguous(raw), _)) => (
            None,
            None,
            Some(Warning {
                kind: WarningKind::DateUncertain,
                message: format!(
                    "the date of signature \"{raw}\" can be read as day/month or month/day; no date given"
                ),
                span: None,
            }),
        ),
        None => match src.fields.date.as_deref().and_then(find_date) {
            Some(d) => (Some(d.iso), Some(field_source), None),
            // Dated by no closing, dateline or database, but opened for signature by one of
            // its articles: the date it was opened (Codebook, Metadata).
            None => match segments
                .iter()
                .filter(|s| s.kind == SegmentKind::Article)
                .find_map(|s| opened_for_signature(&s.text))
            {
                Some(Reading::Date(d)) => (Some(d.iso), Some(MetaSource::OpenedForSignature), None),
                _ => (
                    None,
                    None,
                    Some(Warning {
                        kind: WarningKind::NoDate,
                        message: "no date of signature found in the text or its source's \
                                  fields (give one with --metadata)"
                            .to_string(),
                        span: None,
                    }),
                ),
            },
        },
    };
    let (place, place_source) = if let Some(p) = &src.fields.place {
        (Some(p.clone()), Some(field_source))
    } else if let Some(p) = dateline.as_deref().and_then(find_place) {
        (Some(p), Some(MetaSource::Dateline))
    } else if let Some(p) = closing_text.and_then(find_place) {
        (Some(p), Some(MetaSource::Closing))
    } else if let Some(p) = letters.and_then(|l| exchange_place(l, segments)) {
        (Some(p), Some(MetaSource::Dateline))
    } else {
        (None, None)
    };
    let from_title = title.as_deref().map(parties_from_title).unwrap_or_default();
    // The preamble's opening: after the title printed at its head, or the whole preamble.
    let opening = match (&head_title, preamble) {
        (Some((_, rest)), _) => Some(rest.clone()),
        (None, Some(p)) => Some(fold_ws(&p.text)),
        (None, None) => None,
    };
    // "... Preamble The Government of ...": the list follows the word.
    // "Note: ... PREAMBLE The Republic of Iceland, ...": an editor's note before the heading.
    static PREAMBLE_HEADING: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"\bPREAMBLE\b[.:]?\s*").expect("preamble heading regex"));
    let opening = opening.map(|o| match AFTER_PREAMBLE.find(&o) {
        Some(m) => o[m.end()..].to_string(),
        None => match PREAMBLE_HEADING
            .find(&o)
            .filter(|m| m.start() < 1500 && o[..m.start()].contains("Note:"))
        {
            Some(m) => o[m.end()..].to_string(),
            None => o,
        },
    });
    let from_preamble = opening
        .as_deref()
        .map(parties_from_preamble)
        .unwrap_or_default();
    // A title naming a group ("between the EFTA States and Turkey") gives way to a preamble
    // that names its members ("The Republic of Iceland, the Principality of Liechtenstein, the
    // Kingdom of Norway and the Swiss Confederation ... (hereinafter called the EFTA States)").
    let group = |p: &String| {
        let l = p.to_lowercase();
        l.ends_with(" states") && !l.ends_with("united states") && !l.contains("america")
    };
    let members = (from_title.iter().filter(|p| group(p)).count() == 1
        && from_preamble.len() > from_title.len())
    .then(|| {
        // The preamble's names, and the title's other parties it does not name.
        let mut merged = from_preamble.clone();
        for p in from_title.iter().filter(|p| !group(p)) {
            let pl = p.to_lowercase();
            let named = merged.iter().any(|m| {
                let ml = m.to_lowercase();
                ml.contains(&pl) || pl.contains(&ml)
            });
            if !named {
                merged.push(p.clone());
            }
        }
        merged
    });
    let (parties, parties_source) = if let Some(m) = members {
        (m, Some(MetaSource::Preamble))
    } else if from_title.len() >= 2 {
        (from_title, Some(MetaSource::Title))
    } else if from_preamble.len() >= 2 {
        (from_preamble, Some(MetaSource::Preamble))
    } else if !src.fields.parties.is_empty() {
        (src.fields.parties.clone(), Some(field_source))
    } else if let Some(p) = closing_text
        .map(parties_from_closing)
        .filter(|p| p.len() >= 2)
    {
        (p, Some(MetaSource::Closing))
    } else if let Some(p) = letters
        .map(|l| parties_of_exchange(&l.text))
        .filter(|p| p.len() >= 2)
    {
        (p, Some(MetaSource::Preamble))
    } else if !from_title.is_empty() {
        (from_title, Some(MetaSource::Title))
    } else {
        (Vec::new(), None)
    };
    let languages = closing_text
        .map(languages)
        .filter(|l| !l.is_empty())
        .or_else(|| {
            segments
                .iter()
                .filter(|s| s.kind == SegmentKind::Article)
                .map(|s| languages(&s.text))
                .find(|l| !l.is_empty())
        })
        .unwrap_or_default();
    let party_codes = if src.fields.party_codes.is_empty() {
        super::countries::codes_of(&parties)
    } else {
        src.fields.party_codes.clone()
    };
    (
        Metadata {
            title,
            title_source,
            date,
            date_source,
            place,
            place_source,
            parties,
            parties_source,
            party_codes,
            database_name: src.fields.database_name.clone(),
            id: None,
            citation: None,
            language: None,
            languages,
        },
        warning,
    )
}

/// The place of the letters of an exchange: "Ottawa, 17 January 1995", "The Hague, 3 July
/// 2001" at the head of the text; none when another letter is dated at another place.
fn exchange_place(letters: &Segment, segments: &[Segment]) -> Option<String> {
    static DATELINE_PLACE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?m)^\s*(?:No\.\s*\d+\s*)?((?:The\s+)?[A-Z][\p{L}'’\-]+(?:\s+[A-Z][\p{L}'’\-]+){0,2}),\s+(?:\d{1,2}\s+)?(?:January|February|March|April|May|June|July|August|September|October|November|December)\b")
            .expect("dateline place regex")
    });
    let c = DATELINE_PLACE.captures(letter_head(&letters.text))?;
    let place = uncapitalised(&c[1]);
    // Letters written at several places (The Hague and Brussels): no place (Codebook).
    let elsewhere = segments.iter().any(|s| {
        DATELINE_PLACE
            .captures_iter(&s.text)
            .any(|o| !uncapitalised(&o[1]).eq_ignore_ascii_case(&place))
    });
    (!elsewhere).then_some(place)
}

/// The head of an exchange's first letter, before its salutation or opening words: where its
/// dateline stands (a date further on cites another instrument).
fn letter_head(text: &str) -> &str {
    static OPENING: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)\b(?:excellency|sir|madam|dear|i\s+have\s+the\s+hono|the\s+(?:royal\s+)?(?:ministry|embassy|ministre|government)|presents?\s+its\s+compliments)")
            .expect("letter opening regex")
    });
    let mut end = text.len().min(200);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let head = &text[..end];
    match OPENING.find(head) {
        Some(m) => &head[..m.start()],
        None => head,
    }
}

/// Characters at the head of a closing clause in which a date outside a signing sentence is
/// still taken as the date of signature (beyond them lie annexes and lists a closing segment
/// may run into).
const CLOSING_HEAD: usize = 2000;

/// The date of signature in a closing clause: the first date of a paragraph that signs
/// ("Done at", "Signed", "In witness whereof", "Fait", "Hecho"), else the first date near the
/// head of the clause; never a date of another instrument cited in annexes that follow it.
fn closing_date(text: &str) -> Option<Reading> {
    static SIGNS: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r"(?i)\b(?:done|signed|executed|concluded|performed|sealed|drawn\s+up|set\s+down|in\s+witness|fait|hecho|feito|geschehen|gedaan|firmado)\b",
        )
        .expect("signing regex")
    });
    text.split('\n')
        .filter(|p| SIGNS.is_match(p))
        .find_map(read_date)
        .or_else(|| {
            let mut end = text.len().min(CLOSING_HEAD);
            while !text.is_char_boundary(end) {
                end -= 1;
            }
            read_date(&text[..end])
        })
}

/// The date from which this treaty is open for signature, as its signature article states it:
/// "This Convention, done at Oslo ..., shall be open for signature at Ottawa, Canada, by all
/// States from 3 December 1997 until 4 December 1997" is 1997-12-03. Said of this treaty only
/// (not "the ICSID Convention, opened for signature at Washington on 18 March 1965").
pub fn opened_for_signature(text: &str) -> Option<Reading> {
    static OPENED: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r"(?i)\b(?:this|the\s+present)\s+(?:Convention|Agreement|Treaty|Protocol|Statute|Charter|Covenant)\b[^.;]{0,160}?\b(?:shall\s+be|is|will\s+be|shall\s+remain|shall\s+be\s+opened|is\s+hereby)\s+open(?:ed)?\s+for\s+signature\b([^.;]{0,200})",
        )
        .expect("opened for signature regex")
    });
    static UNTIL: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)\b(?:until|till|up\s+to|before|through)\b").expect("until regex")
    });
    let caps = OPENED.captures(text)?;
    // The opening date, not the end of the signature period ("until 4 December 1997").
    let tail = caps.get(1)?.as_str();
    let tail = UNTIL.find(tail).map_or(tail, |m| &tail[..m.start()]);
    read_date(tail)
}

/// The parties an exchange's letters name as those of the agreement they constitute: "... shall
/// constitute an agreement between the Government of the Kyrgyz Republic and the Government of
/// the Kingdom of the Netherlands ..." (not the parties of an instrument the letters cite).
fn parties_of_exchange(text: &str) -> Vec<String> {
    static BETWEEN_GOVERNMENTS: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i:constitut\w*|form\w*|conclu\w*)\s+(?:an?\s+|the\s+)?(?i:agreement|arrangement|understanding)\s+between\s+(?:the\s+)?Government\s+of\s+[^.;:\n]{3,200}?\s+and\s+(?:of\s+)?(?:the\s+)?Government\s+of\s+[^.;:,\n]{3,120}")
            .expect("between governments regex")
    });
    BETWEEN_GOVERNMENTS
        .find(text)
        .map(|m| parties_from_title(m.as_str()))
        .unwrap_or_default()
}

/// A title whose first words are in capitals and the rest not ("FISHERIES PARTNERSHIP
/// AGREEMENT between the ..."), with those words in title case.
fn capitals_first(title: &str) -> String {
    let mut end = 0;
    let mut words = 0;
    for w in title.split_whitespace() {
        if w.chars().any(char::is_lowercase) {
            break;
        }
        words += 1;
        end = w.as_ptr() as usize - title.as_ptr() as usize + w.len();
    }
    if words < 2 || end == title.len() {
        return title.to_string();
    }
    format!("{}{}", title_case(&title[..end]), &title[end..])
}

/// A title without what a database or an edition appends to it: a treaty-series citation
/// ("Trade Agreement Between Canada and Spain E100588 - CTS 1955 No. 12") or the name of an
/// instrument annexed to the treaty ("... between the Kingdom of the Netherlands and the
/// Republic of Chile Protocol", the Dutch database's heading of a BIT and its protocol).
fn clean_title(title: &str) -> String {
    static SERIES: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"\s+(?:[A-Z]\d{5,7}\s*[-–]\s*)?(?:CTS|UNTS|LNTS|TIAS|UST|UKTS|ATS|NZTS|Trb\.)\s+\d{4}\s+No\.?\s*\d+\s*$")
            .expect("series regex")
    });
    static ANNEXED: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)^(.*\bbetween\b.*\b(?-i:[A-Z])[\p{L}'’-]+)\s+(?:Protocol|Annex(?:es)?|Appendix|Final\s+Act|Exchange\s+of\s+(?:Letters|Notes))$")
            .expect("annexed instrument regex")
    });
    let t = title.trim_end_matches([',', ';', '.']);
    let t = SERIES.find(t).map_or(t, |m| &t[..m.start()]);
    // Not a word that makes the instrument the treaty's own ("... Uruguay Adaptation
    // Protocol", "Additional Protocol").
    const MODIFIERS: [&str; 14] = [
        "additional",
        "optional",
        "adaptation",
        "amending",
        "supplementary",
        "interim",
        "modifying",
        "implementing",
        "first",
        "second",
        "third",
        "fourth",
        "fifth",
        "final",
    ];
    let t = match ANNEXED.captures(t).and_then(|c| c.get(1)) {
        Some(m)
            if !m
                .as_str()
                .rsplit(' ')
                .next()
                .is_some_and(|w| MODIFIERS.contains(&w.to_lowercase().as_str())) =>
        {
            m.as_str()
        }
        _ => t,
    };
    t.trim_end_matches([',', ';', '.']).to_string()
}

/// Whether a title names an instrument (agreement, treaty, convention, exchange of notes ...).
fn names_instrument(title: &str) -> bool {
    static INSTRUMENT: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)\b(?:agreements?|treat(?:y|ies)|conventions?|protocols?|accords?|arrangements?|charter|pact|exchanges?\s+of|notes?|letters?|memorand(?:um|a)|declarations?|covenant|constitution|statutes?|act|understanding|final\s+act|amendments?|decisions?|resolutions?|concordat|compromis|modus\s+vivendi)\b")
            .expect("instrument regex")
    });
    INSTRUMENT.is_match(title)
}

/// The place in "Done at Moscow, ...", "DONE in duplicate at Washington in ...",
/// "Signed at Peking, ...".
pub fn find_place(text: &str) -> Option<String> {
    let c = PLACE.captures(text).or_else(|| PLACE_IN.captures(text))?;
    let mut place = c[1].to_string();
    // A month or weekday is where the date starts, not part of the place.
    let stop = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
        "On",
        "This",
        "In",
        "The",
    ];
    let words: Vec<&str> = place.split_whitespace().collect();
    if let Some(cut) = words
        .iter()
        .skip(1)
        .position(|w| stop.iter().any(|s| s.eq_ignore_ascii_case(w)))
    {
        place = words[..=cut].join(" ");
    }
    Some(uncapitalised(&place))
}

/// A name or place printed in capitals, in title case ("SIGNED AT KABUL" gives "Kabul"); one
/// printed otherwise, as it stands.
fn uncapitalised(s: &str) -> String {
    if is_upper(s) {
        title_case(s)
    } else {
        s.to_string()
    }
}

/// Parties named in a title: "... between the Union of Soviet Socialist Republics and the
/// People's Republic of China" → both names, without "the" or "the Government of".
pub fn parties_from_title(title: &str) -> Vec<String> {
    let title = SIDES.replace_all(title, ",");
    let title = protect(&PARENTHESIS.replace_all(&title, ""));
    let Some(c) = BETWEEN.captures(&title) else {
        return Vec::new();
    };
    let rest = QUALIFIER.replace(&c[1], "").to_string();
    split_parties(&rest)
}

/// Parties named at the opening of a preamble: "The Government of Canada, the Government of
/// the United Mexican States and the Government of the United States of America, resolved
/// to ..." → the three names. None where the opening names no list ("The Parties,").
pub fn parties_from_preamble(opening: &str) -> Vec<String> {
    // "(hereinafter referred to as "the ROC")" stands between the names of a list.
    let opening = PARENTHESIS.replace_all(opening, "");
    let opening = protect(&opening);
    let Some(c) = OPENING.captures(&opening) else {
        return Vec::new();
    };
    let list = &c[1];
    let names = split_parties(list);
    // A long list is taken only when every item of it is a name (the thirty States Parties
    // of the CFE Treaty), not a sentence that happens to run on.
    if list.split_whitespace().count() > 40 {
        let items = list.split(',').flat_map(|c| c.split(" and ")).count();
        if names.len() != items || names.iter().any(|n| n.split_whitespace().count() > 10) {
            return Vec::new();
        }
    }
    names
}

/// Parties that sign under a closing clause: "For the Republic of Turkey For the Slovak
/// Republic", "FOR JAPAN:". Fewer than two distinct names give none.
pub fn parties_from_closing(closing: &str) -> Vec<String> {
    let closing = protect(&BROKEN_NAME.replace_all(closing, "$1 "));
    let mut out: Vec<String> = Vec::new();
    let mut at = 0;
    while let Some(c) = FOR_PARTY.captures_at(&closing, at) {
        let m = c.get(1).expect("group 1");
        // Step over the name only: "For A For B" shares the space between them.
        at = m.end();
        let name = split_parties(&ORGAN.replace(m.as_str(), ""));
        if let [one] = name.as_slice() {
            if one.split_whitespace().count() <= 10 && !out.contains(one) {
                out.push(one.clone());
            }
        }
    }
    // A long list under a closing is a multilateral signature page, often OCR'd: not read.
    if (2..=8).contains(&out.len()) {
        out
    } else {
        Vec::new()
    }
}

/// A name cut where a new phrase begins inside it: "Republic of Chile The Minister of ...",
/// "Lebanese Republic The governments of ..." (a capital "The", or "the Government(s)", after a
/// word that does not join names).
fn cut_new_phrase(name: &str) -> &str {
    for m in NEW_PHRASE.find_iter(name) {
        let before = name[..m.start()]
            .split_whitespace()
            .next_back()
            .unwrap_or("");
        if !before.is_empty()
            && !["of", "and", "between", "for", "to"]
                .iter()
                .any(|j| before.eq_ignore_ascii_case(j))
        {
            return name[..m.start()].trim_end();
        }
    }
    name
}

/// A name of letters (and the punctuation names carry), not ending on a joining word: no
/// digits or OCR debris ("Republl.c of Ni", "va-~...~"), no "Government of".
fn plausible_name(name: &str) -> bool {
    let clean = name
        .chars()
        .all(|c| c.is_alphabetic() || " '’-.,()&".contains(c));
    let last = name.rsplit(' ').next().unwrap_or("");
    // Every word capitalised but the joining ones ("Observers established by the said
    // Protocol" is a phrase, not a name).
    let joins = [
        "of", "the", "and", "for", "de", "du", "des", "la", "le", "y", "on", "in",
    ];
    let capitalised = name.split_whitespace().all(|w| {
        joins.contains(&w)
            || !w.chars().next().is_some_and(char::is_lowercase)
            || ["d'", "d’", "l'", "l’"].iter().any(|p| w.starts_with(p))
    });
    clean
        && capitalised
        && !["of", "the", "and", "for"]
            .iter()
            .any(|w| last.eq_ignore_ascii_case(w))
        && !name.contains("..")
}

/// Hides the spaces, commas and "and"s inside names that contain them (an organisation "for"
/// something, a country "and" another word) from the splitting and cutting of a party list.
fn protect(text: &str) -> String {
    let mut out = text.to_string();
    for name in AND_NAMES.iter().chain(ORGANISATIONS) {
        if let Some(at) = find_ignore_case(&out, name) {
            let hidden: String = out[at..at + name.len()]
                .chars()
                .map(|c| match c {
                    ' ' => '\u{1}',
                    ',' => '\u{2}',
                    c => c,
                })
                .collect();
            out.replace_range(at..at + name.len(), &hidden);
        }
    }
    out
}

fn find_ignore_case(hay: &str, needle: &str) -> Option<usize> {
    let lower = hay.to_ascii_lowercase();
    lower.find(&needle.to_ascii_lowercase())
}

/// Splits "A, B and C" into names, each without "the Government of"; a plural "the Republics
/// of Panama and Honduras" gives "Republic of Panama" and "Republic of Honduras".
fn split_parties(list: &str) -> Vec<String> {
    let list = GOVERNMENT_OF.replace(list.trim(), "");
    if let Some(c) = PLURAL.captures(&list) {
        let singular = match &c[1] {
            p if p.eq_ignore_ascii_case("Kingdoms") => "Kingdom",
            p if p.eq_ignore_ascii_case("States") => "State",
            _ => "Republic",
        };
        let names = split_parties(&c[2]);
        if names.len() >= 2 {
            return names
                .into_iter()
                .map(|n| format!("{singular} of {n}"))
                .collect();
        }
    }
    let mut parts: Vec<String> = Vec::new();
    for chunk in list.split(',') {
        for p in chunk.split(" and ") {
            parts.push(p.to_string());
        }
    }
    parts
        .into_iter()
        .map(|p| {
            let p = QUALIFIER.replace(p.trim(), "");
            let p = GOVERNMENT_OF.replace(p.trim(), "");
            fold_ws(&p.replace('\u{1}', " ").replace('\u{2}', ","))
        })
        .map(|p| {
            let p = cut_new_phrase(&p);
            let p = p.strip_suffix(" Government").unwrap_or(p);
            p.trim_end_matches(|c: char| !(c.is_alphanumeric() || c == ')'))
                .to_string()
        })
        .map(|p| uncapitalised(&p))
        .filter(|p| p.chars().next().is_some_and(|c| c.is_uppercase()))
        .filter(|p| !GENERIC.is_match(p) && plausible_name(p))
        .collect()
}

/// Languages named in sentences about authentic texts or languages, in order of mention.
pub fn languages(text: &str) -> Vec<String> {
    let mut out: Vec<(usize, String)> = Vec::new();
    for sentence in text.split_inclusive(['.', ';']) {
        let lower = sentence.to_lowercase();
        if !(lower.contains("language") || lower.contains("authentic") || lower.contains("texts")) {
            continue;
        }
        for lang in LANGUAGES {
            if let Some(pos) = sentence.find(lang) {
                if !out.iter().any(|(_, l)| l == lang) {
                    out.push((pos, lang.to_string()));
                }
            }
        }
        if !out.is_empty() {
            break;
        }
    }
    out.sort();
    out.into_iter().map(|(_, l)| l).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// pta_409 (MERCOSUR-SACU): the signature's date is illegible OCR, and the closing segment
    /// runs into annexes that cite the Single Convention "of 30 March 1961"; pta_395: the
    /// English line of a multilingual closing comes after others.
    #[test]
    fn a_closing_date_is_the_signatures_not_an_annexs() {
        let annex = format!(
            "Done in the city of .).~.1.': on the ~7!11 day of .V.~c,.r. 200.S\n\nFOR THE REPUBLIC OF BOTSWANA\n\n{}\n\n(g) \"narcotic drugs\" means the products in the list of the Single Convention on Narcotic Drugs of 30 March 1961",
            "Annex text. ".repeat(200)
        );
        assert_eq!(closing_date(&annex), None);
        let multi = "IN WITNESS WHEREOF, the undersigned have signed this Agreement.\n\nGESCHEHEN zu Brüssel am 26. Juni 2012.\n\nDONE in triplicate in Brussels, on the 26th of June of 2012.";
        assert!(matches!(closing_date(multi), Some(Reading::Date(d)) if d.iso == "2012-06-26"));
        // A dateline without a signing verb near the head still counts.
        let plain = "IN WITNESS WHEREOF the Plenipotentiaries have signed.\n\nWashington, 14 September 2004";
        assert!(matches!(closing_date(plain), Some(Reading::Date(d)) if d.iso == "2004-09-14"));
    }

    #[test]
    fn places_from_closing_and_dateline() {
        // MNE-RUS 2000, CZE-SVK 1992 (read apart from the dev gold).
        assert_eq!(
            find_place("Done in the city of Belgrade on 28 August 2000 in two copies").as_deref(),
            Some("Belgrade")
        );
        assert_eq!(
            find_place("Set down in Bratislava on 23 November 1992 in two original copies")
                .as_deref(),
            Some("Bratislava")
        );
        assert_eq!(
            find_place("In witness whereof, the respective Plenipotentiaries sign this Treaty, in duplicate, in Panama City, on the eighth day of November, one thousand nine hundred and seventy-three.").as_deref(),
            Some("Panama City")
        );
        assert_eq!(
            find_place("Done in duplicate in the English and French languages."),
            None
        );
        assert_eq!(
            find_place("Done at Moscow, on 14 February 1950").as_deref(),
            Some("Moscow")
        );
        assert_eq!(
            find_place("DONE in duplicate at Washington in the Japanese and English languages")
                .as_deref(),
            Some("Washington")
        );
        assert_eq!(
            find_place("Signed at Peking, January 20, 1925").as_deref(),
            Some("Peking")
        );
        assert_eq!(
            find_place("DONE in two originals at Addis Ababa, on 16 May 2003").as_deref(),
            Some("Addis Ababa")
        );
        assert_eq!(
            find_place("SIGNED AT KABUL, MAY 6TH, 1935").as_deref(),
            Some("Kabul")
        );
        assert_eq!(
            find_place("Done at The Hague on 3 May 1990").as_deref(),
            Some("The Hague")
        );
    }

    #[test]
    fn parties_from_titles() {
        assert_eq!(
            parties_from_title("Treaty of Friendship, Alliance and Mutual Assistance between the Union of Soviet Socialist Republics and the People's Republic of China"),
            ["Union of Soviet Socialist Republics", "People's Republic of China"]
        );
        assert_eq!(
            parties_from_title("Agreement between the Government of the Kingdom of the Netherlands and the Government of Malta concerning the encouragement of investments"),
            ["Kingdom of the Netherlands", "Malta"]
        );
        assert_eq!(
            parties_from_title("Agreement between the United Kingdom of Great Britain and Northern Ireland and Trinidad and Tobago"),
            ["United Kingdom of Great Britain and Northern Ireland", "Trinidad and Tobago"]
        );
        assert!(parties_from_title("Protocol on the accession of Spain").is_empty());
    }

    #[test]
    fn authentic_languages_in_order() {
        assert_eq!(
            languages("Done at Moscow, in two copies, each in the Russian and Chinese languages, both texts being equally authentic."),
            ["Russian", "Chinese"]
        );
        assert_eq!(
            languages(
                "The English, French and Spanish texts of this Agreement are equally authentic."
            ),
            ["English", "French", "Spanish"]
        );
    }
}
