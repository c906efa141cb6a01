//! Reader for the ToTA treaty XML: `<treaty><meta>…</meta><body><chapter name=…>
//! <article number=… name=…>TEXT</article>…`. Each numbered `<article>` becomes an article
//! marker with its `name` as heading; the "Preamble" and "Conclusion" chapters become the
//! preamble and the closing. Parsed with `roxmltree`: no DTD, so no entity is expanded and
//! nothing outside the file is read.

use super::{Block, BlockKind, Fields, Read};
use crate::error::InputProblem;
use crate::segment::heading::{is_roman, normalize_number};
use crate::text::{fold_ws, LineIndex};
use regex::Regex;
use std::sync::LazyLock;

static PARA_BREAK: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\n[ \t]*\n\s*").expect("para"));
static NUMBER_WORD: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?:[A-Za-zÀ-ÿ]+\.?\s+)?(.+)$").expect("number word regex"));

/// Reads a ToTA XML file.
pub fn read(text: &str, idx: &LineIndex) -> Result<Read, InputProblem> {
    let opts = roxmltree::ParsingOptions {
        allow_dtd: false,
        nodes_limit: 5_000_000,
    };
    let doc = roxmltree::Document::parse_with_options(text, opts)
        .map_err(|e| InputProblem::Xml(e.to_string()))?;
    let root = doc.root_element();
    if root.tag_name().name() != "treaty" {
        return Err(InputProblem::Xml(format!(
            "root element is <{}>, expected <treaty> (ToTA format)",
            root.tag_name().name()
        )));
    }
    let mut fields = Fields::default();
    if let Some(meta) = child(root, "meta") {
        let text_of = |name: &str| {
            child(meta, name)
                .and_then(|n| n.text())
                .map(fold_ws)
                .filter(|t| !t.is_empty())
        };
        // The meta name is a short name ("Chile - India"), not the title the text prints
        // (Codebook, Metadata): the title is read from the preamble chapter.
        fields.database_name = text_of("name");
        fields.date = text_of("date_signed");
        if let Some(parties) = child(meta, "parties_original").or_else(|| child(meta, "parties")) {
            fields.party_codes = parties
                .children()
                .filter(|n| n.has_tag_name("partyisocode"))
                .filter_map(|n| n.text().map(fold_ws))
                .filter(|t| !t.is_empty())
                .collect();
        }
    }
    let mut blocks = Vec::new();
    let Some(body) = child(root, "body") else {
        return Ok(Read {
            blocks,
            fields,
            warnings: Vec::new(),
        });
    };
    for chapter in body.descendants().filter(|n| n.has_tag_name("chapter")) {
        let chapter_name = chapter
            .attribute("name")
            .unwrap_or("")
            .trim()
            .to_lowercase();
        let para_kind = match chapter_name.as_str() {
            "preamble" => BlockKind::PreamblePara,
            "conclusion" => BlockKind::ClosingPara,
            _ => BlockKind::Para,
        };
        for article in chapter.children().filter(|n| n.has_tag_name("article")) {
            let printed = article
                .attribute("number")
                .and_then(|n| NUMBER_WORD.captures(n.trim()))
                .map(|c| c[1].to_string());
            let number = printed.as_deref().and_then(normalize_number);
            let roman = printed.as_deref().is_some_and(is_roman);
            let heading = article.attribute("name").map(fold_ws).unwrap_or_default();
            let range = article.range();
            if let Some(number) = &number {
                blocks.push(Block {
                    kind: BlockKind::Marker {
                        number: number.clone(),
                        roman,
                    },
                    text: heading.clone(),
                    span: idx.span(range.start, range.end),
                });
            }
            let kind = if number.is_some() {
                BlockKind::Para
            } else {
                para_kind.clone()
            };
            for text_node in article.children().filter(|n| n.is_text()) {
                paragraphs(text, text_node, &chapter_name, idx, &kind, &mut blocks);
            }
        }
    }
    Ok(Read {
        blocks,
        fields,
        warnings: Vec::new(),
    })
}

fn child<'a, 'i>(parent: roxmltree::Node<'a, 'i>, name: &str) -> Option<roxmltree::Node<'a, 'i>> {
    parent.children().find(|n| n.has_tag_name(name))
}

/// Splits an article's text at blank lines, keeping each piece's range in the source.
fn paragraphs(
    source: &str,
    node: roxmltree::Node,
    chapter: &str,
    idx: &LineIndex,
    kind: &BlockKind,
    out: &mut Vec<Block>,
) {
    let Some(decoded) = node.text() else { return };
    let range = node.range();
    let raw = &source[range.clone()];
    let pieces: Vec<&str> = PARA_BREAK.split(decoded).collect();
    let raw_pieces: Vec<(usize, usize)> = {
        let mut v = Vec::new();
        let mut last = 0;
        for m in PARA_BREAK.find_iter(raw) {
            v.push((last, m.start()));
            last = m.end();
        }
        v.push((last, raw.len()));
        v
    };
    let aligned = pieces.len() == raw_pieces.len();
    for (i, piece) in pieces.iter().enumerate() {
        let mut t = fold_ws(piece);
        // ToTA repeats the chapter name at the start of a preamble or conclusion ("PREAMBLE ...",
        // "PreambleCanada and ...").
        if i == 0 && !chapter.is_empty() && *kind != BlockKind::Para {
            let lower = t.to_lowercase();
            if lower.starts_with(chapter) {
                t = t
                    .get(chapter.len()..)
                    .unwrap_or("")
                    .trim_start()
                    .to_string();
            }
        }
        if t.is_empty() {
            continue;
        }
        let (s, e) = if aligned {
            (range.start + raw_pieces[i].0, range.start + raw_pieces[i].1)
        } else {
            (range.start, range.end)
        };
        out.push(Block {
            kind: kind.clone(),
            text: t,
            span: idx.span(s, e),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<treaty>
  <meta>
    <name>US - Israel</name>
    <date_signed>1985-04-22</date_signed>
    <parties_original><partyisocode n="1">ISR</partyisocode><partyisocode n="2">USA</partyisocode></parties_original>
  </meta>
  <body>
    <chapter name="Preamble"><article article_identifier="1">PREAMBLE The Government of Israel and the Government of the United States &amp; friends,</article></chapter>
    <chapter number="CHAPTER ONE" name="General">
      <article number="ARTICLE 11.4" name="Duration And Termination" article_identifier="2">This Agreement shall
remain in force unless terminated.

2. Second paragraph.</article>
      <article number="ARTICLE XXIII" article_identifier="3">Old text.</article>
    </chapter>
    <chapter name="Conclusion"><article article_identifier="4">IN WITNESS WHEREOF, signed.</article></chapter>
  </body>
</treaty>"#;

    #[test]
    fn tota_articles_headings_preamble_and_conclusion() {
        let idx = LineIndex::new(SAMPLE);
        let read = read(SAMPLE, &idx).unwrap();
        // The meta name is a database's short name, not a title; the codes are not names.
        assert_eq!(read.fields.title, None);
        assert_eq!(read.fields.database_name.as_deref(), Some("US - Israel"));
        assert_eq!(read.fields.date.as_deref(), Some("1985-04-22"));
        assert!(read.fields.parties.is_empty());
        assert_eq!(read.fields.party_codes, ["ISR", "USA"]);
        let kinds: Vec<_> = read
            .blocks
            .iter()
            .map(|b| (&b.kind, b.text.as_str()))
            .collect();
        assert_eq!(
            kinds[0],
            (
                &BlockKind::PreamblePara,
                "The Government of Israel and the Government of the United States & friends,"
            )
        );
        assert_eq!(
            kinds[1],
            (
                &BlockKind::Marker {
                    number: "11.4".into(),
                    roman: false,
                },
                "Duration And Termination"
            )
        );
        assert_eq!(
            kinds[2],
            (
                &BlockKind::Para,
                "This Agreement shall remain in force unless terminated."
            )
        );
        assert_eq!(kinds[3], (&BlockKind::Para, "2. Second paragraph."));
        assert_eq!(
            kinds[4],
            (
                &BlockKind::Marker {
                    number: "23".into(),
                    roman: true,
                },
                ""
            )
        );
        assert_eq!(
            kinds[6],
            (&BlockKind::ClosingPara, "IN WITNESS WHEREOF, signed.")
        );
        // Paragraph spans point at the raw text in the file.
        assert!(SAMPLE[read.blocks[3].span.start..read.blocks[3].span.end].starts_with("2. Second"));
    }

    #[test]
    fn dtd_and_entities_are_refused() {
        let bomb = r#"<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]><treaty>&lol2;</treaty>"#;
        let idx = LineIndex::new(bomb);
        assert!(matches!(read(bomb, &idx), Err(InputProblem::Xml(_))));
        let broken = "<treaty><body>";
        assert!(matches!(
            read(broken, &LineIndex::new(broken)),
            Err(InputProblem::Xml(_))
        ));
    }
}
