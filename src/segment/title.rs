//! The title a text prints at its head, where no format field or title line gives it: the
//! flattened texts ("TRADE AGREEMENT BETWEEN ... CANADA THE GOVERNMENT OF ... (hereinafter")
//! and the ToTA XML, whose `<meta name>` ("Japan - Mexico") is a short name, not a title
//! (Codebook, Metadata), but whose preamble chapter opens with the title.
//!
//! In: the text before the first article. Out: the byte range of the title in it, or None
//! when the text does not open with one (it opens with "The Government of ...", recitals or
//! an article). The title ends where the preamble begins: "Preamble", a party list
//! ("The Governments of ..." not following "between" or "and"), a recital word ("Desiring",
//! "Considering"), an article or chapter marker, the end of an all-capitals run, a line break
//! or a full stop.

use regex::Regex;
use std::sync::LazyLock;

/// An instrument word: a title names one among its first words.
static INSTRUMENT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:agreements?|treaty|convention|protocol|accord|arrangements?|charter|pact|exchange\s+of\s+(?:notes|letters)|memorandum|declaration|covenant|constitution|statute|act)\b")
        .expect("instrument regex")
});

/// Where a preamble (or the body) begins after a title.
static PREAMBLE_START: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"(?:\b(?:Preamble|PREAMBLE)\b",
        r"|\b(?:Desiring|DESIRING|Considering|CONSIDERING|Recogni[sz]ing|RECOGNI[SZ]ING|Whereas|WHEREAS|Conscious|CONSCIOUS|Noting|NOTING|Mindful|MINDFUL|Convinced|CONVINCED|Reaffirming|REAFFIRMING|Affirming|AFFIRMING|Wishing|WISHING|Resolved|RESOLVED|Determined|DETERMINED|Animated|ANIMATED|Inspired|INSPIRED|Aware|AWARE|Believing|BELIEVING|Taking\s+into|TAKING\s+INTO|Bearing\s+in|BEARING\s+IN|Have\s+agreed|HAVE\s+AGREED)\b",
        r"|\b(?:Article|ARTICLE|Chapter|CHAPTER|Part|PART|Section|SECTION)\s+(?:[0-9]+|[IVX]+\b|One\b|ONE\b|First\b|FIRST\b|Premier\b)",
        r"|\b(?:The|THE)\s+(?:Governments?|GOVERNMENTS?|Parties|PARTIES|Contracting|CONTRACTING|High\s+Contracting|HIGH\s+CONTRACTING|States?\s+Part|STATES?\s+PART|Member\s+States|MEMBER\s+STATES|Presidents?|PRESIDENTS?|Ministers?|MINISTERS?|Plenipotentiaries|PLENIPOTENTIARIES|Heads?\s+of|HEADS?\s+OF)\b",
        // A capital "The" after a word that does not join ("... Chile The United Kingdom").
        r"|\bThe\s+(?-i:[A-Z])",
        // A second title ("... and Canada Agreement on Trade ... between ..."): see `title_at_head`.
        r"|\b(?:Agreement|Treaty|Convention|Protocol|AGREEMENT|TREATY|CONVENTION|PROTOCOL)\s+(?:on|between|for|concerning|establishing|ON|BETWEEN|FOR|CONCERNING|ESTABLISHING)\b",
        // A place and date glued to the title ("... Kosovo Pristina, 3 December 2019").
        r"|\s(?-i:[A-Z])[\w-]+,\s+\d{1,2}\s+(?:January|February|March|April|May|June|July|August|September|October|November|December)\s+\d{4}",
        r"|\s\d{1,2}\s+(?:January|February|March|April|May|June|July|August|September|October|November|December)\s+\d{4})"
    ))
    .expect("preamble regex")
});

/// A bracket, or a parenthesis that designates the parties.
static DESIGNATION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"\s*(?:\[|\(\s*(?:["“”']|hereinafter|referred))"#).expect("designation regex")
});

/// Words after which "the Government of" continues a title rather than opening a preamble.
const JOINS: &[&str] = &[
    "between",
    "and",
    "of",
    "by",
    "with",
    "to",
    "among",
    "amongst",
    "for",
    "on",
    "in",
    "&",
    "concerning",
    "regarding",
    "relating",
    "respecting",
    "establishing",
    "amending",
    "supplementing",
    "implementing",
    "governing",
    "creating",
    "constituting",
    "embodying",
    "setting",
    "at",
    "from",
    "into",
    "under",
    "over",
    "upon",
    "against",
    "within",
    "through",
    "about",
    "as",
    "or",
    "including",
    "outside",
    "during",
    "after",
    "before",
];

/// The title at the head of `head`, as a byte range, trimmed.
pub fn title_at_head(head: &str) -> Option<(usize, usize)> {
    let lead = head.len() - head.trim_start().len();
    let text = &head[lead..];
    // A title names the instrument among its first dozen words.
    let inst = INSTRUMENT.find(text)?;
    if text[..inst.start()].split_whitespace().count() > 12 {
        return None;
    }
    if PREAMBLE_START
        .find(&text[..inst.start()])
        .is_some_and(|m| !follows_join(text, m.start()))
    {
        return None;
    }
    let mut end = text.len().min(600);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    // A line break (between paragraphs) or a full stop ends it.
    for (i, c) in text[..end].char_indices() {
        if c == '\n' && text[i + 1..].starts_with('\n') {
            end = i;
            break;
        }
        if c == '.' && text[i + 1..].starts_with(char::is_whitespace) && !abbreviation(&text[..i]) {
            end = i;
            break;
        }
    }
    let between = [" between ", " BETWEEN ", " Between "]
        .iter()
        .filter_map(|w| text[..end].find(w))
        .min();
    for m in PREAMBLE_START.find_iter(&text[..end]) {
        if m.start() <= inst.start() || follows_join(text, m.start()) {
            continue;
        }
        // A second instrument phrase ends the title only after the parties were named.
        let second_title = INSTRUMENT.find(m.as_str()).is_some_and(|i| i.start() == 0);
        if second_title && between.is_none_or(|b| b > m.start()) {
            continue;
        }
        end = m.start();
        break;
    }
    // An all-capitals title ends where the capitals end ("... PARTNERSHIP Japan and ..."),
    // a mixed-case one where a run of capitals begins ("... Lebanon THE UNITED KINGDOM"); a
    // bracket or a parenthesis that designates ("[PREAMBLE]", "(hereinafter") ends either.
    // When the lower-case words after the capitals run on past any end a title has, the
    // capitals alone are the title ("AGREEMENT IN THE FORM OF EXCHANGE OF LETTERS relating to
    // ... A. Letter of the Government ...").
    let cut = |end: usize, joins: bool| -> Option<usize> {
        let mut end = end.min(capitals_end(&text[..end], joins));
        end = end.min(capitals_start(&text[..end]));
        if let Some(b) = DESIGNATION.find(&text[..end]) {
            end = end.min(b.start());
        }
        let title = text[..end].trim_end_matches(|c: char| c.is_whitespace() || ",;:-".contains(c));
        (2..=60)
            .contains(&title.split_whitespace().count())
            .then_some(title.len())
    };
    let len = cut(end, true).or_else(|| cut(end, false))?;
    Some((lead, lead + len))
}

/// Whether the word before `at` is one after which a party name continues a title.
fn follows_join(text: &str, at: usize) -> bool {
    text[..at]
        .split_whitespace()
        .next_back()
        .is_some_and(|w| JOINS.iter().any(|j| w.eq_ignore_ascii_case(j)))
}

/// Whether the text ends with an abbreviation whose full stop does not end a sentence.
fn abbreviation(before: &str) -> bool {
    let last = before.rsplit(char::is_whitespace).next().unwrap_or("");
    last.len() <= 3 && last.chars().next().is_some_and(char::is_uppercase)
        || ["No", "Nos", "Art", "St", "Mr", "Dr", "U.S", "U.K"].contains(&last)
}

/// Where a run of all-capital words at the start of `text` ends, if it has three words or
/// more and mixed-case words follow; else the end of `text`. With `joins`, a lower-case
/// joining word ("between", "relating") continues the title instead.
fn capitals_end(text: &str, joins: bool) -> usize {
    let mut words = 0;
    let mut last_end = 0;
    for (start, word) in word_spans(text) {
        let letters: Vec<char> = word.chars().filter(|c| c.is_alphabetic()).collect();
        if letters.is_empty() {
            continue;
        }
        let upper = letters.iter().all(|c| c.is_uppercase());
        if !upper {
            // A title in capitals that goes on in lower case ("FISHERIES PARTNERSHIP AGREEMENT
            // between the Republic of ...") is not cut here.
            if joins && JOINS.contains(&word) {
                return text.len();
            }
            // "AGREEMENT ... OF CANADA The Government of ..." or a lone capitalised word.
            let lower_follows = letters.iter().skip(1).any(|c| c.is_lowercase());
            if words >= 3 && lower_follows {
                return last_end;
            }
            return text.len();
        }
        words += 1;
        last_end = start + word.len();
    }
    text.len()
}

/// Where a run of three or more all-capital words begins after a mixed-case word, else the
/// end of `text`.
fn capitals_start(text: &str) -> usize {
    let mut mixed = false;
    let mut run: Option<usize> = None;
    let mut count = 0;
    for (start, word) in word_spans(text) {
        let letters: Vec<char> = word.chars().filter(|c| c.is_alphabetic()).collect();
        if letters.is_empty() {
            continue;
        }
        if letters.len() >= 2 && letters.iter().all(|c| c.is_uppercase()) {
            if mixed {
                run.get_or_insert(start);
                count += 1;
                if count >= 3 {
                    return run.unwrap_or(start);
                }
            }
        } else {
            mixed |= letters.iter().any(|c| c.is_lowercase());
            run = None;
            count = 0;
        }
    }
    text.len()
}

fn word_spans(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.split_whitespace()
        .map(move |w| (w.as_ptr() as usize - text.as_ptr() as usize, w))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn title(head: &str) -> Option<&str> {
        title_at_head(head).map(|(s, e)| &head[s..e])
    }

    #[test]
    fn titles_end_where_the_preamble_begins() {
        // AUS-CAN 1960 (flattened): the party list repeats the title's parties.
        assert_eq!(
            title("TRADE AGREEMENT BETWEEN THE GOVERNMENT OF THE COMMONWEALTH OF AUSTRALIA AND THE GOVERNMENT OF CANADA THE GOVERNMENT OF THE COMMONWEALTH OF AUSTRALIA (hereinafter referred to as the Australian Government) and the GOVERNMENT OF CANADA"),
            Some("TRADE AGREEMENT BETWEEN THE GOVERNMENT OF THE COMMONWEALTH OF AUSTRALIA AND THE GOVERNMENT OF CANADA")
        );
        // HND-PAN 1973 (flattened).
        assert_eq!(
            title("Free Trade and Preferential Exchange Agreement between the Republics of Panama and Honduras The Governments of the Republics of Panama and Honduras, committed to strengthening"),
            Some("Free Trade and Preferential Exchange Agreement between the Republics of Panama and Honduras")
        );
        // AUS-PNG 1976: a heading title, then the formal one.
        assert_eq!(
            title("FREE TRADE AGREEMENT BETWEEN AUSTRALIA AND PAPUA NEW GUINEA AGREEMENT ON TRADE AND COMMERCIAL RELATIONS BETWEEN THE GOVERNMENT OF AUSTRALIA AND THE GOVERNMENT OF PAPUA NEW GUINEA THE GOVERNMENT OF AUSTRALIA AND THE GOVERNMENT OF PAPUA NEW GUINEA, BEARING IN MIND the close trading and commercial relations existing between their two countries"),
            Some("FREE TRADE AGREEMENT BETWEEN AUSTRALIA AND PAPUA NEW GUINEA")
        );
        // GBR-KOS 2019: a place and date after the title; CHL-GBR 2019: the parties' list.
        assert_eq!(
            title("Partnership, Trade and Cooperation Agreement between the United Kingdom of Great Britain and Northern Ireland and the Republic of Kosovo Pristina, 3 December 2019 The United Kingdom"),
            Some("Partnership, Trade and Cooperation Agreement between the United Kingdom of Great Britain and Northern Ireland and the Republic of Kosovo")
        );
        assert_eq!(
            title("Agreement establishing an Association between the United Kingdom of Great Britain and Northern Ireland and the Republic of Chile The United Kingdom of Great Britain and Northern Ireland (\"the United Kingdom\")"),
            Some("Agreement establishing an Association between the United Kingdom of Great Britain and Northern Ireland and the Republic of Chile")
        );
        // CZE-SVK 1992: a date after the title, no place.
        assert_eq!(
            title("Treaty between the Czech Republic Government and the Slovak Republic Government on Mutual Relations under the Conditions of the Customs Union 10 December 1992 The Czech Republic Government"),
            Some("Treaty between the Czech Republic Government and the Slovak Republic Government on Mutual Relations under the Conditions of the Customs Union")
        );
        // CIV-EC 2007: capitals, then the parties in lower case, then the party list.
        assert_eq!(
            title("FISHERIES PARTNERSHIP AGREEMENT between the Republic of Cote d'Ivoire and the European Community THE REPUBLIC OF COTE D'IVOIRE, hereinafter referred to as 'Cote d'Ivoire', and THE EUROPEAN COMMUNITY"),
            Some("FISHERIES PARTNERSHIP AGREEMENT between the Republic of Cote d'Ivoire and the European Community")
        );
        // pta_34 (ToTA preamble chapter).
        assert_eq!(
            title("AGREEMENT BETWEEN JAPAN AND THE UNITED MEXICAN STATES\nFOR THE STRENGTHENING OF THE ECONOMIC PARTNERSHIP\n\n\nPreamble\n\nJapan and the United Mexican States,"),
            Some("AGREEMENT BETWEEN JAPAN AND THE UNITED MEXICAN STATES\nFOR THE STRENGTHENING OF THE ECONOMIC PARTNERSHIP")
        );
        assert_eq!(
            title("Convention on the Prohibition of the Use of Anti-Personnel Mines Preamble The States Parties,"),
            Some("Convention on the Prohibition of the Use of Anti-Personnel Mines")
        );
    }

    #[test]
    fn no_title_where_the_text_opens_with_the_parties_or_recitals() {
        assert_eq!(title("The Government of Canada, the Government of the United Mexican States and the Government of the United States of America, resolved to"), None);
        assert_eq!(title("The Parties to this Agreement, desiring"), None);
        assert_eq!(
            title("Desiring to promote trade, the Parties have agreed as follows"),
            None
        );
    }
}
