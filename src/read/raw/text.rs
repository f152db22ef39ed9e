//! Character-level clean-up and the small measures of a line the classifier weighs.

use super::lexicon::{PageWords, lexicon};
use std::borrow::Cow;

/// `str::lines`, each line end found by `memchr` in vector code (`str::lines` reads the
/// text a few bytes at a time): the text split at `\n`, a `\r` before it dropped, and no
/// empty line after a last `\n`.
pub fn lines(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = Some(text);
    std::iter::from_fn(move || {
        let r = rest.filter(|r| !r.is_empty())?;
        match memchr::memchr(b'\n', r.as_bytes()) {
            Some(at) => {
                rest = Some(&r[at + 1..]);
                Some(r[..at].strip_suffix('\r').unwrap_or(&r[..at]))
            }
            None => {
                rest = None;
                Some(r)
            }
        }
    })
}

/// One line as the page gave it, cleaned: entities decoded, invisible characters dropped,
/// runs of spaces (including no-break spaces) made one. Quotes and dashes are kept as typed.
pub fn clean_line(line: &str) -> String {
    let decoded = decode_entities(line);
    // Most lines need nothing done: they are taken as they are, without a pass per character.
    if is_clean(&decoded) {
        return decoded.into_owned();
    }
    let mut out = String::with_capacity(decoded.len());
    let mut space = false;
    for c in decoded.chars() {
        match c {
            c if is_invisible(c) => {}
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

/// Zero-width characters and soft hyphens are invisible on the page.
fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}'
    )
}

/// True when `clean_line` would give the line back unchanged: no invisible or control
/// characters, and only single spaces between words. ASCII is checked byte by byte; only
/// other characters are decoded.
fn is_clean(s: &str) -> bool {
    let bytes = s.as_bytes();
    if s.is_ascii() {
        return is_clean_ascii(bytes);
    }
    // Leading spaces are dropped, so a space is only fine after something else.
    let mut after_space = true;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b == b' ' {
            if after_space {
                return false;
            }
            after_space = true;
            i += 1;
        } else if b.is_ascii() {
            if b.is_ascii_control() {
                return false;
            }
            after_space = false;
            i += 1;
        } else {
            let Some(c) = s[i..].chars().next() else {
                return false;
            };
            if is_invisible(c) || c.is_whitespace() || c.is_control() {
                return false;
            }
            after_space = false;
            i += c.len_utf8();
        }
    }
    // A trailing space is dropped too.
    !after_space
}

/// Decodes `&amp;`, `&#8217;`, `&#x2019;` and the named entities of the word list. Anything
/// else that starts with `&` is left as it is (it was text, not an entity).
pub fn decode_entities(s: &str) -> Cow<'_, str> {
    // Every line is asked: the `&` is looked for in vector code (`memchr`).
    if memchr::memchr(b'&', s.as_bytes()).is_none() {
        return Cow::Borrowed(s);
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
    Cow::Owned(out)
}

/// `is_clean` for ASCII: no control character, no space at either end, no two spaces in a
/// row. Checked over neighbouring byte pairs with no branch (vector code, as in `key`).
fn is_clean_ascii(bytes: &[u8]) -> bool {
    let (Some(&first), Some(&last)) = (bytes.first(), bytes.last()) else {
        return false;
    };
    if first == b' ' || last == b' ' {
        return false;
    }
    let control = |b: u8| (b < b' ') | (b == 0x7F);
    // Pairs as two shifted slices rather than `windows(2)`, which the compiler does not
    // make vector code of.
    let bad = bytes
        .iter()
        .zip(&bytes[1..])
        .map(|(&before, &b)| u8::from(control(b) | ((before == b' ') & (b == b' '))))
        .fold(u8::from(control(first)), |any, bad| any | bad);
    bad == 0
}

/// The form two lines are compared in to find repeats: case, quote style and spacing ignored,
/// and trailing punctuation too (a caption shown once with a full stop and once without is
/// one caption).
pub fn key(s: &str) -> String {
    if s.is_ascii() {
        // Most lines: bytes, no Unicode case tables.
        let trimmed = s.trim();
        let mut out = trimmed.to_ascii_lowercase();
        // Clean lines have neither backquotes nor whitespace but single spaces: the lower-case
        // copy is the key. Other text is put in that form byte by byte.
        if !in_ascii_key_form(trimmed.as_bytes()) {
            out = ascii_key_form(&out);
        }
        let end = out.trim_end_matches([' ', '.', ',', ';', ':']).len();
        out.truncate(end);
        return out;
    }
    let mut out = String::with_capacity(s.len());
    // Whitespace becomes one space, and none at the start: a key is trimmed.
    let mut after_space = true;
    let mut rest = s;
    while !rest.is_empty() {
        // Text outside ASCII is mostly ASCII with a few letters or quotes among it: the ASCII
        // runs between them are copied whole where they can be.
        let ascii = rest
            .bytes()
            .position(|b| !b.is_ascii())
            .unwrap_or(rest.len());
        push_ascii_key(&mut out, &rest[..ascii], &mut after_space);
        rest = &rest[ascii..];
        let Some(c) = rest.chars().next() else {
            break;
        };
        rest = &rest[c.len_utf8()..];
        if c.is_whitespace() {
            if !after_space {
                out.push(' ');
                after_space = true;
            }
            continue;
        }
        after_space = false;
        match c {
            '\u{2018}' | '\u{2019}' => out.push('\''),
            '\u{201C}' | '\u{201D}' => out.push('"'),
            c => out.extend(c.to_lowercase()),
        }
    }
    let end = out
        .trim_end_matches(|c: char| c.is_whitespace() || matches!(c, '.' | ',' | ';' | ':'))
        .len();
    out.truncate(end);
    out
}

/// Appends a run of ASCII text (`run`) to a key being made outside ASCII (`key`): lower
/// case, backquotes as quotes, whitespace (`char::is_whitespace`) as one space and none
/// after a space (`after_space`: the key so far ends in one, or is empty).
fn push_ascii_key(out: &mut String, run: &str, after_space: &mut bool) {
    let bytes = run.as_bytes();
    let odd = |b: u8| b == b'`' || (b'\t'..=b'\r').contains(&b);
    let plain = !bytes.iter().any(|&b| odd(b)) && !run.contains("  ");
    if plain {
        // Only its first space may follow another.
        let run = if *after_space {
            run.strip_prefix(' ').unwrap_or(run)
        } else {
            run
        };
        if !run.is_empty() {
            let start = out.len();
            out.push_str(run);
            out[start..].make_ascii_lowercase();
            *after_space = run.ends_with(' ');
        }
        return;
    }
    for &b in bytes {
        if b == b' ' || (b'\t'..=b'\r').contains(&b) {
            if !*after_space {
                out.push(' ');
                *after_space = true;
            }
            continue;
        }
        *after_space = false;
        out.push(match b {
            b'`' => '\'',
            b => char::from(b.to_ascii_lowercase()),
        });
    }
}

/// True when trimmed ASCII text needs only lower case to be a key: no backquote, no
/// whitespace but the space, no two spaces in a row. Checked over neighbouring byte pairs with
/// no branch, which the compiler makes vector code of.
fn in_ascii_key_form(bytes: &[u8]) -> bool {
    // `u8::is_ascii_whitespace` but the space: tab, line feed, form feed, carriage return.
    let odd = |b: u8| (b == b'`') | (b == b'\t') | (b == b'\n') | (b == b'\x0C') | (b == b'\r');
    let Some(&first) = bytes.first() else {
        return true;
    };
    let bad = bytes
        .iter()
        .zip(&bytes[1..])
        .map(|(&before, &b)| u8::from(odd(b) | ((before == b' ') & (b == b' '))))
        .fold(u8::from(odd(first)), |any, bad| any | bad);
    bad == 0
}

/// Lower-case ASCII in the form of a key: backquotes as quotes, whitespace as one space.
fn ascii_key_form(lower: &str) -> String {
    let mut out = String::with_capacity(lower.len());
    for b in lower.bytes() {
        let c = match b {
            b'`' => '\'',
            b if b.is_ascii_whitespace() => ' ',
            b => char::from(b),
        };
        if c == ' ' && out.ends_with(' ') {
            continue;
        }
        out.push(c);
    }
    out
}

/// True when `s` has more than `limit` characters. Counted only when its length in bytes
/// leaves the answer open: a character takes one to four bytes.
pub fn chars_over(s: &str, limit: usize) -> bool {
    s.len() > limit && (s.len() > 4 * limit || s.chars().count() > limit)
}

pub fn word_count(s: &str) -> usize {
    crate::read::count_words(s)
}

/// `word_count(s).min(limit)`, without counting past `limit`: most questions asked of a line
/// are "at least N words?", and a paragraph has hundreds. A run of 32 bytes of ASCII without a
/// control character is counted at once, in vector code (a word starts at a byte that is not
/// a space after one that is); other bytes one by one, a character decoded only when it may
/// be whitespace outside ASCII (see `crate::read::count_words`).
pub fn words_up_to(s: &str, limit: usize) -> usize {
    const CHUNK: usize = 32;
    let bytes = s.as_bytes();
    let (mut words, mut in_word, mut at) = (0, false, 0);
    while at < bytes.len() && words < limit {
        let chunk_end = (at + CHUNK).min(bytes.len());
        if let Some(chunk) = bytes
            .get(at..chunk_end)
            .and_then(|c| <&[u8; CHUNK]>::try_from(c).ok())
            && chunk
                .iter()
                .fold(true, |plain, &b| plain & (b.wrapping_sub(b' ') < 0x60))
        {
            // `&` rather than `&&`: no branches, so the compiler makes vector code of it.
            let starts = chunk
                .iter()
                .zip(&chunk[1..])
                .map(|(&before, &b)| u8::from((before == b' ') & (b != b' ')))
                .fold(u8::from(!in_word & (chunk[0] != b' ')), u8::wrapping_add);
            words += usize::from(starts);
            in_word = chunk[CHUNK - 1] != b' ';
            at += CHUNK;
            continue;
        }
        // Any other chunk (or the short last one) byte by byte, to its end: checked again at
        // every byte, a chunk of text outside ASCII would be read many times over.
        while at < chunk_end {
            let b = bytes[at];
            let (space, len) = match b {
                // `char::is_whitespace` for ASCII.
                b'\t'..=b'\r' | b' ' => (true, 1),
                // The first bytes of all whitespace outside ASCII.
                0xC2 | 0xE1 | 0xE2 | 0xE3 => match s[at..].chars().next() {
                    Some(c) => (c.is_whitespace(), c.len_utf8()),
                    None => (false, 1),
                },
                // Any other byte is part of a word (or of a character in one).
                _ => (false, 1),
            };
            if space {
                in_word = false;
            } else if !in_word {
                in_word = true;
                words += 1;
            }
            at += len;
        }
    }
    words.min(limit)
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

fn is_name_like_with(s: &str, lex: &PageWords) -> bool {
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
    let last = words.len() - 1;
    words.iter().enumerate().all(|(i, w)| {
        // A nickname in brackets inside the name: `Thomas (T.J.) Brannigan`.
        let w = match w.strip_prefix('(').and_then(|w| w.strip_suffix(')')) {
            Some(inner) if i > 0 && i < last => inner,
            _ => w,
        };
        let mut chars = w.chars();
        let first_upper = chars.next().is_some_and(char::is_uppercase);
        first_upper
            && w.chars()
                .all(|c| c.is_alphabetic() || matches!(c, '-' | '.' | '\'' | '’'))
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Lines with what the fast paths must get right: runs and ends of spaces, tabs and other
    /// whitespace, controls, invisible characters, backquotes, non-ASCII letters and spaces.
    const SAMPLES: &[&str] = &[
        "",
        " ",
        "Plain line of text.",
        "  leading and trailing  ",
        "two  spaces\tand a tab",
        "a\u{0B}vertical tab, a\u{0C}form feed; a\u{7F}delete:",
        "`Quoted` words ,.;:",
        "Nguyễn Thị  Hằng\u{00A0}said\u{200B} it",
        "soft\u{00AD}hyphen and \u{2018}curly\u{2019} \u{201C}quotes\u{201D}.",
        "ΣΑΣ and İstanbul",
        "a\u{85}next line\u{3000}ideographic space ",
        "&amp; entities &#8217; &bogus; & bare",
    ];

    #[test]
    fn word_counts_agree_with_split_whitespace() {
        let long = SAMPLES.join(" \t").repeat(40);
        let spaces = [
            "",
            " ",
            "tab\tline\nfeed\x0bvertical\x0cform\rreturn",
            "Bùi Thanh Sơn\u{a0}said\u{3000}twice\u{2003}",
            "\nstarts and ends with breaks\n\n",
            "Bùi Thanh Sơn said “yes” — twice",
            &"word ".repeat(300),
            &"Sơn\u{2028}".repeat(3),
        ];
        // Wide spaces and letters across the 32-byte chunks words are counted in.
        let across: Vec<String> = (28..36)
            .flat_map(|n| {
                [
                    format!("{} \u{a0}b\u{2003}ơn c", "a".repeat(n)),
                    format!("{}ơ{} d", "a ".repeat(n / 2), " ".repeat(n % 3)),
                    format!("{}\u{3000}\u{3000}e", "x".repeat(n)),
                    format!("{}\tf\x01g  h\x0Bi", "yz ".repeat(n / 3)),
                ]
            })
            .collect();
        for s in SAMPLES
            .iter()
            .copied()
            .chain([long.as_str()])
            .chain(spaces)
            .chain(across.iter().map(String::as_str))
        {
            assert_eq!(word_count(s), s.split_whitespace().count(), "{s:?}");
            for limit in (0..6).chain([16, 31, 120, 100_000]) {
                assert_eq!(words_up_to(s, limit), word_count(s).min(limit), "{s:?}");
            }
        }
    }

    #[test]
    fn lines_are_split_as_str_lines_splits_them() {
        for text in [
            "",
            "\n",
            "\n\n",
            "one",
            "one\n",
            "one\r\ntwo\r\n",
            "one\r\n\r\ntwo",
            "bare\rreturn\r",
            "\r",
            "\r\n",
            "a\n\nb\n\n",
            "Nguyễn\r\nThị\nHằng\r",
        ] {
            assert_eq!(
                lines(text).collect::<Vec<_>>(),
                text.lines().collect::<Vec<_>>(),
                "{text:?}"
            );
        }
    }

    #[test]
    fn clean_lines_are_taken_as_they_are() {
        for s in SAMPLES.iter().filter(|s| !s.is_empty()) {
            let decoded = decode_entities(s);
            let cleaned = clean_line(s);
            assert_eq!(is_clean(&decoded), cleaned == decoded, "{s:?}");
            assert!(cleaned.is_empty() || is_clean(&cleaned), "{cleaned:?}");
        }
    }

    #[test]
    fn keys_ignore_case_quotes_spacing_and_trailing_punctuation() {
        assert_eq!(
            key("  Two  Spaces\tand `Quotes`.;"),
            "two spaces and 'quotes'"
        );
        assert_eq!(key("Plain line."), "plain line");
        assert_eq!(
            key(" \u{2018}Hằng\u{2019}  SAID \u{201C}so\u{201D} ..."),
            "'hằng' said \"so\""
        );
        assert_eq!(key(" . "), "");
        assert_eq!(key("\u{A0}Ánh\u{A0}"), "ánh");
        assert_eq!(
            key(" \t`Ánh`\u{A0} \x0B\u{A0}  Hồ Chí  MINH \u{2003} city\u{A0}.\u{A0}"),
            "'ánh' hồ chí minh city"
        );
        assert_eq!(key("ΣΑΣ \u{A0}İstanbul"), "σασ i\u{307}stanbul");
    }

    /// The key of text outside ASCII is made as it was made character by character.
    #[test]
    fn keys_outside_ascii_are_made_as_by_characters() {
        let by_chars = |s: &str| {
            let mut out = String::new();
            let mut after_space = true;
            for c in s.chars() {
                if c.is_whitespace() {
                    if !after_space {
                        out.push(' ');
                        after_space = true;
                    }
                    continue;
                }
                after_space = false;
                match c {
                    '\u{2018}' | '\u{2019}' | '`' => out.push('\''),
                    '\u{201C}' | '\u{201D}' => out.push('"'),
                    c => out.extend(c.to_lowercase()),
                }
            }
            let end = out
                .trim_end_matches(|c: char| c.is_whitespace() || matches!(c, '.' | ',' | ';' | ':'))
                .len();
            out.truncate(end);
            out
        };
        let mut samples: Vec<String> = SAMPLES.iter().map(|s| s.to_string()).collect();
        for a in SAMPLES {
            for b in SAMPLES {
                samples.push(format!("{a}\u{A0}{b}"));
                samples.push(format!("{a}é{b} "));
            }
        }
        for s in samples.iter().filter(|s| !s.is_ascii()) {
            assert_eq!(key(s), by_chars(s), "{s:?}");
        }
    }
}
