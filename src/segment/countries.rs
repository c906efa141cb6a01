//! ISO 3166-1 alpha-3 codes for party names as treaties print them, so that results join with
//! the datasets researchers use (ATOP, DESTA, COW): "Kingdom of the Netherlands" is NLD,
//! "Federal Republic of Nigeria" NGA, "Hellenic Republic" GRC.
//!
//! The table of countries and their common names is the `celes` crate's; what a treaty adds
//! (a form of state before the name, an adjective form, a state that no longer exists) is
//! handled here. A name that is not a state (an international organisation) has no code.

use regex::Regex;
use std::sync::LazyLock;

/// A form of state before the name: "Federal Democratic Republic of", "Grand Duchy of the".
static STATE_FORM: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:the\s+)?(?:(?:federal|federative|democratic|socialist|people'?s|peoples|islamic|arab|oriental|eastern|bolivarian|plurinational|independent|united|co-?operative|hashemite|grand|popular|revolutionary|sovereign|principality|great\s+socialist)\s+)*(?:republic|kingdom|state|commonwealth|duchy|principality|sultanate|union|federation|emirate|confederation|government|territory)\s+of\s+(?:the\s+)?")
        .expect("state form regex")
});

/// Names a treaty uses that the country table does not know, lower case, letters only.
const FORMS: &[(&str, &str)] = &[
    ("frenchrepublic", "FRA"),
    ("italianrepublic", "ITA"),
    ("hellenicrepublic", "GRC"),
    ("portugueserepublic", "PRT"),
    ("slovakrepublic", "SVK"),
    ("czechrepublic", "CZE"),
    ("argentinerepublic", "ARG"),
    ("swissconfederation", "CHE"),
    ("unitedmexicanstates", "MEX"),
    ("spanishstate", "ESP"),
    ("turkishrepublic", "TUR"),
    ("turkey", "TUR"),
    ("lebaneserepublic", "LBN"),
    ("kyrgyzrepublic", "KGZ"),
    ("kyrgyzstan", "KGZ"),
    ("togoleserepublic", "TGO"),
    ("gaboneserepublic", "GAB"),
    ("somalidemocraticrepublic", "SOM"),
    ("germany", "DEU"),
    ("federalrepublicofgermany", "DEU"),
    ("germandemocraticrepublic", "DDR"),
    ("unionofsovietsocialistrepublics", "SUN"),
    ("sovietunion", "SUN"),
    ("ussr", "SUN"),
    ("yugoslavia", "YUG"),
    ("socialistfederalrepublicofyugoslavia", "YUG"),
    ("czechoslovakia", "CSK"),
    ("czechoslovaksocialistrepublic", "CSK"),
    ("czechandslovakfederalrepublic", "CSK"),
    ("republicofchina", "TWN"),
    ("china", "CHN"),
    ("peoplesrepublicofchina", "CHN"),
    ("korea", "KOR"),
    ("republicofkorea", "KOR"),
    ("unitedkingdomofgreatbritainandnorthernireland", "GBR"),
    ("unitedstatesofamerica", "USA"),
    ("russia", "RUS"),
    ("russianfederation", "RUS"),
    ("vietnam", "VNM"),
    ("socialistrepublicofvietnam", "VNM"),
    ("laos", "LAO"),
    ("laopeoplesdemocraticrepublic", "LAO"),
    ("moldova", "MDA"),
    ("tanzania", "TZA"),
    ("bolivia", "BOL"),
    ("venezuela", "VEN"),
    ("iran", "IRN"),
    ("syria", "SYR"),
    ("syrianarabrepublic", "SYR"),
    ("macedonia", "MKD"),
    ("formeryugoslavrepublicofmacedonia", "MKD"),
    ("capeverde", "CPV"),
    ("caboverde", "CPV"),
    ("ivorycoast", "CIV"),
    ("cotedivoire", "CIV"),
    ("swaziland", "SWZ"),
    ("burma", "MMR"),
    ("zaire", "COD"),
    ("holland", "NLD"),
    ("netherlands", "NLD"),
    ("belgians", "BEL"),
    ("greatbritain", "GBR"),
    ("unitedkingdom", "GBR"),
    ("efta", ""),
];

/// The ISO 3166-1 alpha-3 code of a state named as a treaty prints it, if it is a state the
/// table knows.
pub fn code_of(name: &str) -> Option<&'static str> {
    let key = |s: &str| -> String {
        s.chars()
            .filter(|c| c.is_alphabetic())
            .flat_map(char::to_lowercase)
            .map(|c| match c {
                'é' | 'è' | 'ê' => 'e',
                'ô' => 'o',
                'ã' | 'á' => 'a',
                c => c,
            })
            .collect()
    };
    let lookup = |k: &str| -> Option<&'static str> {
        if let Some((_, code)) = FORMS.iter().find(|(f, _)| *f == k) {
            return (!code.is_empty()).then_some(*code);
        }
        celes::Country::from_name(k)
            .or_else(|_| celes::Country::from_alias(k))
            .ok()
            .map(|c| c.alpha3)
    };
    let name = name.trim();
    let name = name
        .strip_prefix("the ")
        .or_else(|| name.strip_prefix("The "))
        .unwrap_or(name);
    lookup(&key(name)).or_else(|| {
        let bare = STATE_FORM.replace(name, "");
        (bare.len() < name.len())
            .then(|| lookup(&key(&bare)))
            .flatten()
    })
}

/// A party's name without its form of state, as a short title uses it: "Kingdom of the
/// Netherlands" is "Netherlands", "Federal Democratic Republic of Ethiopia" "Ethiopia"; a name
/// that is all form ("United Mexican States") stays whole.
pub fn short_name(name: &str) -> String {
    let bare = STATE_FORM.replace(name.trim(), "");
    let bare = bare.trim();
    if bare.is_empty() {
        name.trim().to_string()
    } else {
        bare.to_string()
    }
}

/// The codes of the names that have one, in their order, without repeats.
pub fn codes_of(names: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for n in names {
        if let Some(c) = code_of(n) {
            if !out.iter().any(|o| o == c) {
                out.push(c.to_string());
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_names_drop_the_form_of_state() {
        assert_eq!(short_name("Kingdom of the Netherlands"), "Netherlands");
        assert_eq!(
            short_name("Federal Democratic Republic of Ethiopia"),
            "Ethiopia"
        );
        assert_eq!(short_name("United Mexican States"), "United Mexican States");
        assert_eq!(short_name("Canada"), "Canada");
    }

    #[test]
    fn names_as_treaties_print_them() {
        for (name, code) in [
            ("Kingdom of the Netherlands", "NLD"),
            ("Federal Republic of Nigeria", "NGA"),
            ("Hellenic Republic", "GRC"),
            ("United Mexican States", "MEX"),
            ("Republic of Turkey", "TUR"),
            ("Slovak Republic", "SVK"),
            ("Commonwealth of Australia", "AUS"),
            ("Canada", "CAN"),
            ("State of Israel", "ISR"),
            ("Oriental Republic of Uruguay", "URY"),
            ("Grand Duchy of Luxembourg", "LUX"),
            ("United States of America", "USA"),
            ("Republic of Panama", "PAN"),
            ("Union of Soviet Socialist Republics", "SUN"),
            ("Federal Democratic Republic of Ethiopia", "ETH"),
            ("Republic of Korea", "KOR"),
        ] {
            assert_eq!(code_of(name), Some(code), "{name}");
        }
        for org in [
            "European Economic Community",
            "Common Fund for Commodities",
            "United Nations",
            "Efta States",
        ] {
            assert_eq!(code_of(org), None, "{org}");
        }
    }
}
