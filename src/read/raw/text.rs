//! Character-level clean-up and the small measures of a line the classifier weighs.

use super::lexicon::{Lexicon, lexicon};

/// One line as the page gave it, cleaned: entities decoded, invisible characters dropped,
/// runs of spaces (including no-break spaces) made one. Quotes and dashes are kept as typed.
pub fn clean_line(line: &str) -> String {
    let decoded = decode_entities(line);
    let mut out = String::with_capacity(decoded.len());
    let mut space = false;
    for c in decoded.chars() {
        match c {
            // Zero-width characters and soft hyphens are invisible on the page.
            '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}' => {}
            c if c.is_whitespace() || c.is_control() => space = true,
            c => {
                if space && !out.is_empty() {
                    out.push(' ');
                }
                space = false;
                out.push(c);
            }
        }
    }
    out
}

/// Decodes `&amp;`, `&#8217;`, `&#x2019;` and the named entities of the word list. Anything
/// else that starts with `&` is left as it is (it was text, not an entity).
pub fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let lex = lexicon();
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        let after = &rest[i + 1..];
        // An entity is short: look for its `;` within a few characters only, which keeps
        // decoding linear on text full of bare ampersands.
        let end = after
            .char_indices()
            .take(12)
            .find(|&(_, c)| c == ';')
            .map(|(j, _)| j);
        let decoded = end.and_then(|j| {
            let name = &after[..j];
            let c = if let Some(num) = name.strip_prefix('#') {
                match num.strip_prefix(['x', 'X']) {
                    Some(hex) => u32::from_str_radix(hex, 16).ok(),
                    None => num.parse::<u32>().ok(),
                }
                .and_then(char::from_u32)
            } else {
                lex.entities.get(name).copied()
            };
            c.map(|c| (c, j))
        });
        match decoded {
            Some((c, j)) => {
                out.push(c);
                rest = &after[j + 1..];
            }
            None => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// The form two lines are compared in to find repeats: case, quote style and spacing ignored,
/// and trailing punctuation too (a caption shown once with a full stop and once without is
/// one caption).
pub fn key(s: &str) -> String {
    if s.is_ascii() {
        // Most lines: bytes, no Unicode case tables.
        let mut out = String::with_capacity(s.len());
        for b in s.trim().bytes() {
            let c = match b {
                b'`' => '\'',
                b if b.is_ascii_whitespace() => ' ',
                b => b.to_ascii_lowercase() as char,
            };
            if c == ' ' && out.ends_with(' ') {
                continue;
            }
            out.push(c);
        }
        let end = out.trim_end_matches([' ', '.', ',', ';', ':']).len();
        out.truncate(end);
        return out;
    }
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        let c = match c {
            '\u{2018}' | '\u{2019}' | '`' => '\'',
            '\u{201C}' | '\u{201D}' => '"',
            c => c,
        };
        if c.is_whitespace() {
            if !out.ends_with(' ') {
                out.push(' ');
            }
        } else {
            out.extend(c.to_lowercase());
        }
    }
    out.trim_end_matches(|c: char| c.is_whitespace() || matches!(c, '.' | ',' | ';' | ':'))
        .trim_start()
        .to_string()
}

pub fn word_count(s: &str) -> usize {
    s.split_whitespace().count()
}

/// The last character that is not a closing quote or bracket: how the line ends.
pub fn final_punct(s: &str) -> Option<char> {
    s.trim_end()
        .chars()
        .rev()
        .find(|c| !matches!(c, '"' | '\'' | '\u{201D}' | '\u{2019}' | ')' | ']' | '*'))
        .filter(|c| !c.is_alphanumeric())
}

/// True when the line ends like a sentence or a clause rather than like a title.
pub fn ends_punctuated(s: &str) -> bool {
    matches!(
        final_punct(s),
        Some('.' | '!' | '?' | '…' | ':' | ';' | ',')
    )
}

/// True when the line ends a sentence.
pub fn ends_sentence(s: &str) -> bool {
    matches!(final_punct(s), Some('.' | '!' | '?' | '…'))
}

pub fn starts_upper(s: &str) -> bool {
    s.trim_start_matches(['"', '\'', '\u{201C}', '\u{2018}', '(', '['])
        .chars()
        .next()
        .is_some_and(|c| c.is_uppercase() || c.is_numeric())
}

/// Does the text look like a person's name: two to five capitalised words of letters, none of
/// them a word that names are not made of ("Minister", "of", "News")? Vietnamese names are
/// three words or so: `Anh Huyen`, `Nguyễn Thị Thu Hằng`, `Quang Hoa`.
pub fn is_name_like(s: &str) -> bool {
    is_name_like_with(s, lexicon())
}

fn is_name_like_with(s: &str, lex: &Lexicon) -> bool {
    let s = s.trim();
    if s.len() > 160 {
        return false;
    }
    let words: Vec<&str> = s.split_whitespace().collect();
    if !(2..=5).contains(&words.len()) || s.chars().count() > 40 {
        return false;
    }
    if lex.outlet(s).is_some() {
        return false;
    }
    words.iter().all(|w| {
        let mut chars = w.chars();
        let first_upper = chars.next().is_some_and(char::is_uppercase);
        first_upper
            && w.chars().all(|c| c.is_alphabetic() || c == '-' || c == '.')
            && !lex.name_stopwords.contains(&w.to_lowercase())
    })
}

/// A name written all in capitals (`THANH HÀ`), as Vietnamese papers sign articles, in the
/// case a reader expects (`Thanh Hà`). Other names are kept as written.
pub fn name_case(s: &str) -> String {
    let s = s.trim();
    if s.chars().any(char::is_lowercase) {
        return s.to_string();
    }
    s.split_whitespace()
        .map(|w| {
            let mut chars = w.chars();
            match chars.next() {
                Some(first) => first
                    .to_uppercase()
                    .chain(chars.flat_map(char::to_lowercase))
                    .collect(),
                None => String::new(),
            }
        })
        .collect::<Vec<String>>()
        .join(" ")
}

/// The first sentence of a paragraph. A full stop after an abbreviation (`Mr.`, `Jan.`) or an
/// initial does not end a sentence.
pub fn first_sentence(s: &str) -> &str {
    let lex = lexicon();
    let bytes = s.as_bytes();
    for (i, c) in s.char_indices() {
        if !matches!(c, '.' | '!' | '?') {
            continue;
        }
        let next = i + c.len_utf8();
        // A sentence ends at the mark when a space (and then anything) follows, or the text ends.
        let ends = next >= s.len() || bytes[next] == b' ';
        if !ends {
            continue;
        }
        if c == '.' {
            let word = s[..i].rsplit(' ').next().unwrap_or("");
            let word_l = word.to_lowercase();
            let initial = word.chars().count() == 1 && word.chars().all(char::is_uppercase);
            if initial || lex.abbreviations.contains(word_l.as_str()) {
                continue;
            }
        }
        return s[..next].trim();
    }
    s.trim()
}
