//! The word lists recognition relies on, shipped in the binary from `data/recognize/*.txt`
//! and parsed once. Lists stay in data files so a reader can extend them without reading code.

use crate::slug::fold;
use std::sync::OnceLock;

/// 65,536 bits, for the tables that turn most words away before a hash lookup: a word's
/// bytes (or a hash of them to 16 bits) name one bit, set for every word of a list.
pub struct BitTable(Box<[u64; 1024]>);

impl Default for BitTable {
    fn default() -> BitTable {
        BitTable(Box::new([0; 1024]))
    }
}

impl BitTable {
    /// Sets bit `bit` (below 65,536).
    pub fn set(&mut self, bit: usize) {
        self.0[bit / 64] |= 1 << (bit % 64);
    }

    /// Whether bit `bit` (below 65,536) is set.
    #[inline]
    pub fn has(&self, bit: usize) -> bool {
        self.0[bit / 64] & 1 << (bit % 64) != 0
    }
}

/// A word list. Lookups happen for nearly every word of the archive and nearly all of them
/// miss, so a table of the (first byte, length) pairs the list has turns most words away
/// before any hashing. The hash is FxHash: the keys are our own word lists, so a fast
/// non-keyed hash is safe here.
pub struct WordSet {
    words: rustc_hash::FxHashSet<String>,
    /// Per first byte, a bit per length (lengths past 63 share the last bit).
    lengths_by_first: [u64; 256],
    /// A bit per (first two bytes, length) of the words, hashed to 16 bits (see
    /// `pair_bit`): capitalised words pass `lengths_by_first` often (most lists have a word
    /// of each length starting with each capital), and most of them are turned away here
    /// for a tenth of a lookup of the set.
    pairs: BitTable,
}

impl WordSet {
    fn length_bit(word: &str) -> u64 {
        1 << word.len().min(63)
    }

    /// The bit of `pairs` for a word of at least one byte.
    #[inline]
    fn pair_bit(word: &[u8]) -> usize {
        let second = word.get(1).copied().unwrap_or(0);
        let key = (word.len() as u32) << 16 | u32::from(word[0]) << 8 | u32::from(second);
        // Fibonacci hashing: the top 16 bits of the product.
        (key.wrapping_mul(0x9E37_79B9) >> 16) as usize
    }

    #[inline]
    pub fn contains(&self, word: &str) -> bool {
        let Some(&first) = word.as_bytes().first() else {
            return self.words.contains(word);
        };
        if self.lengths_by_first[usize::from(first)] & Self::length_bit(word) == 0 {
            return false;
        }
        self.pairs.has(Self::pair_bit(word.as_bytes())) && self.words.contains(word)
    }

    pub fn iter(&self) -> impl Iterator<Item = &String> {
        self.words.iter()
    }
}

impl FromIterator<String> for WordSet {
    fn from_iter<I: IntoIterator<Item = String>>(iter: I) -> WordSet {
        let words: rustc_hash::FxHashSet<String> = iter.into_iter().collect();
        let mut lengths_by_first = [0; 256];
        let mut pairs = BitTable::default();
        for w in &words {
            if let Some(&first) = w.as_bytes().first() {
                lengths_by_first[usize::from(first)] |= Self::length_bit(w);
                pairs.set(Self::pair_bit(w.as_bytes()));
            }
        }
        WordSet {
            words,
            lengths_by_first,
            pairs,
        }
    }
}

/// Non-empty lines of a list, `#` comments dropped.
fn lines(text: &str) -> impl Iterator<Item = &str> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
}

fn folded_set(text: &str) -> WordSet {
    lines(text).map(fold).filter(|s| !s.is_empty()).collect()
}

fn exact_set(text: &str) -> WordSet {
    lines(text).map(str::to_string).collect()
}

/// `left = right` lines.
fn pairs(text: &str) -> Vec<(String, String)> {
    lines(text)
        .filter_map(|l| l.split_once('='))
        .map(|(a, b)| (a.trim().to_string(), b.trim().to_string()))
        .collect()
}

pub struct NameLexicon {
    /// Vietnamese family names, folded.
    pub family: WordSet,
    /// Role words, exact case ("Minister", "leader").
    pub roles: WordSet,
    /// Titles that make a short form with one given name ("Mr.", "Uncle").
    pub honorifics: WordSet,
    /// Nationality adjectives and country shorthands, exact case.
    pub nationalities: WordSet,
    /// Places, folded ("ho chi minh city", "da nang").
    pub places: WordSet,
    /// Longest place name, in words.
    pub place_words: usize,
    /// Words of titles and institutions, part of a role, never of a name; exact case.
    pub title_words: WordSet,
    /// Capitalised words never part of a name (`stopwords.txt`) and every word of
    /// `title_words`, `roles`, `nationalities` and `honorifics`: none makes a foreign name
    /// or a lone given name, and one lookup here answers for the five lists (nearly every
    /// capitalised word is in none).
    pub not_name: WordSet,
    /// Month names and abbreviations, exact case: in `not_name`, yet some open a name
    /// ("Mar Delgado", "April Dunmore").
    pub months: WordSet,
    /// Words that make a month word after them a date ("in May"), folded.
    pub time_words: WordSet,
    /// Words after a name-like run that make it a place or an organisation, folded.
    pub blockers: WordSet,
    /// Epithet (folded words) → full name.
    pub epithets: Vec<(Vec<String>, String)>,
    /// Organisations: (acronym, long name).
    pub organisations: Vec<(String, String)>,
    /// Words before a theme head that name no kind of it, folded.
    pub modifier_stop: WordSet,
    /// Theme heads, folded ("diplomacy").
    pub topic_heads: WordSet,
    pub event_heads: WordSet,
    pub event_qualifiers: WordSet,
    pub org_heads: WordSet,
    pub ordinals: WordSet,
    pub function_words: WordSet,
    pub speech_verbs: WordSet,
    /// Given names from public name lists, folded.
    pub given_names: WordSet,
    /// Family names of every origin from public name lists, folded.
    pub surnames: WordSet,
    /// Lower-case words inside a name ("van", "de", "bin"), exact case.
    pub particles: WordSet,
    /// Lower-case hyphenated prefixes of family names ("al-", "el-").
    pub name_prefixes: Vec<String>,
    /// Courtesy titles ("Mr", "Mrs"): evidence of a person, never a role; exact case.
    pub courtesy: WordSet,
    /// Words whose dot belongs to them ("Mr.", "Rev."), without the dot; exact case.
    pub abbreviations: WordSet,
    /// Short role → canonical long form ("FM" → "Foreign Minister").
    pub role_abbreviations: rustc_hash::FxHashMap<String, String>,
    /// Personal pronouns, folded.
    pub pronouns: WordSet,
    /// Names of firms and places built like a person's ("goldman sachs"), folded.
    pub not_people: WordSet,
    /// Words before a name that make it a character's ("playing"), folded.
    pub fictional_cues: WordSet,
    /// Role words that describe rather than name an office ("chief", "veteran"): a role
    /// written in lower case with one stays in lower case. Lower case.
    pub descriptive_roles: WordSet,
    /// Lower-case words that qualify the role word after them ("former", "press").
    pub role_modifiers: WordSet,
}

impl NameLexicon {
    /// Whether a word is a role word, or a hyphenated word with one ("President-elect",
    /// "Attorney-General", "co-founder").
    pub fn is_role(&self, word: &str) -> bool {
        self.roles.contains(word)
            || word.contains('-') && word.split('-').any(|p| self.roles.contains(p))
    }

    pub fn get() -> &'static NameLexicon {
        static LEXICON: OnceLock<NameLexicon> = OnceLock::new();
        LEXICON.get_or_init(NameLexicon::load)
    }

    fn load() -> NameLexicon {
        let roles_text = concat!(
            include_str!("../../data/recognize/roles.txt"),
            "\n",
            include_str!("../../data/recognize/occupations.txt")
        );
        let honorifics_text = concat!(
            include_str!("../../data/recognize/honorifics.txt"),
            "\n",
            include_str!("../../data/recognize/courtesy_titles.txt")
        );
        let nationalities_text = include_str!("../../data/recognize/nationalities.txt");
        let stopwords_text = include_str!("../../data/recognize/stopwords.txt");
        let months_text = include_str!("../../data/recognize/months.txt");
        let title_words_text = include_str!("../../data/recognize/title_words.txt");
        let not_name = [
            stopwords_text,
            months_text,
            title_words_text,
            roles_text,
            nationalities_text,
            honorifics_text,
        ]
        .into_iter()
        .flat_map(lines)
        .map(str::to_string)
        .collect();
        let places = folded_set(concat!(
            include_str!("../../data/recognize/places.txt"),
            "\n",
            include_str!("../../data/recognize/places_world.txt")
        ));
        let place_words = places
            .iter()
            .map(|p| p.split(' ').count())
            .max()
            .unwrap_or(1);
        NameLexicon {
            family: folded_set(include_str!("../../data/recognize/family_names.txt")),
            roles: exact_set(roles_text),
            honorifics: exact_set(honorifics_text),
            nationalities: exact_set(nationalities_text),
            places,
            place_words,
            title_words: exact_set(title_words_text),
            not_name,
            months: exact_set(months_text),
            time_words: folded_set(include_str!("../../data/recognize/time_words.txt")),
            blockers: folded_set(include_str!("../../data/recognize/name_blockers.txt")),
            epithets: pairs(include_str!("../../data/recognize/epithets.txt"))
                .into_iter()
                .map(|(e, full)| (fold(&e).split(' ').map(str::to_string).collect(), full))
                .collect(),
            organisations: pairs(include_str!("../../data/recognize/organisations.txt")),
            modifier_stop: folded_set(include_str!(
                "../../data/recognize/topic_modifiers_stop.txt"
            )),
            topic_heads: folded_set(include_str!("../../data/recognize/topic_heads.txt")),
            event_heads: exact_set(include_str!("../../data/recognize/event_heads.txt")),
            event_qualifiers: folded_set(include_str!("../../data/recognize/event_qualifiers.txt")),
            org_heads: exact_set(include_str!("../../data/recognize/org_heads.txt")),
            ordinals: folded_set(include_str!("../../data/recognize/ordinals.txt")),
            function_words: folded_set(include_str!("../../data/recognize/function_words.txt")),
            speech_verbs: folded_set(include_str!("../../data/recognize/speech_verbs.txt")),
            given_names: folded_set(include_str!("../../data/recognize/given_names.txt")),
            surnames: folded_set(concat!(
                include_str!("../../data/recognize/family_names_world.txt"),
                "\n",
                include_str!("../../data/recognize/family_names.txt")
            )),
            particles: exact_set(include_str!("../../data/recognize/name_particles.txt")),
            name_prefixes: lines(include_str!("../../data/recognize/name_prefixes.txt"))
                .map(str::to_string)
                .collect(),
            courtesy: exact_set(include_str!("../../data/recognize/courtesy_titles.txt")),
            abbreviations: exact_set(include_str!("../../data/recognize/abbreviations.txt")),
            role_abbreviations: pairs(include_str!("../../data/recognize/role_abbreviations.txt"))
                .into_iter()
                .collect(),
            pronouns: folded_set(include_str!("../../data/recognize/pronouns.txt")),
            not_people: folded_set(include_str!(
                "../../data/recognize/organisations_like_names.txt"
            )),
            fictional_cues: folded_set(include_str!("../../data/recognize/fictional_cues.txt")),
            descriptive_roles: folded_set(include_str!(
                "../../data/recognize/descriptive_roles.txt"
            )),
            role_modifiers: exact_set(include_str!("../../data/recognize/role_modifiers.txt")),
        }
    }
}

/// Whether a folded word has the shape of a Vietnamese syllable: an optional initial
/// consonant, one to three vowels, an optional final consonant. English words such as
/// "City", "Thought" or "Minister" do not, which keeps them out of Vietnamese names.
pub fn vietnamese_syllable(folded: &str) -> bool {
    const ONSETS: [&str; 27] = [
        "ngh", "ng", "nh", "ch", "gh", "gi", "kh", "ph", "qu", "th", "tr", "b", "c", "d", "g", "h",
        "k", "l", "m", "n", "p", "q", "r", "s", "t", "v", "x",
    ];
    const CODAS: [&str; 9] = ["ch", "ng", "nh", "c", "m", "n", "p", "t", ""];
    if folded.is_empty() || !folded.bytes().all(|b| b.is_ascii_lowercase()) {
        return false;
    }
    let rest = ONSETS
        .iter()
        .find(|o| folded.starts_with(*o) && folded.len() > o.len())
        .map_or(folded, |o| &folded[o.len()..]);
    let vowels = rest.bytes().take_while(|b| b"aeiouy".contains(b)).count();
    (1..=3).contains(&vowels) && CODAS.contains(&&rest[vowels..])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn syllable_shape_tells_vietnamese_from_english() {
        for s in [
            "nguyen", "thanh", "son", "trong", "giap", "quynh", "nghia", "anh", "ho",
        ] {
            assert!(vietnamese_syllable(s), "{s}");
        }
        for s in [
            "city", "thought", "minister", "party", "national", "mekong", "",
        ] {
            assert!(!vietnamese_syllable(s), "{s}");
        }
    }

    #[test]
    fn word_sets_find_their_words_only() {
        let long = "x".repeat(70);
        let set: WordSet = ["Minister", "a", "", &long]
            .into_iter()
            .map(String::from)
            .collect();
        for w in ["Minister", "a", "", &long] {
            assert!(set.contains(w), "{w}");
        }
        for w in ["minister", "Ministers", "b", &"x".repeat(71), "Minis"] {
            assert!(!set.contains(w), "{w}");
        }
        // Every word of a long list is found past both tables.
        let given = &NameLexicon::get().given_names;
        assert!(given.iter().all(|w| given.contains(w)));
    }

    #[test]
    fn lists_load() {
        let l = NameLexicon::get();
        assert!(l.family.contains("nguyen"));
        assert!(l.roles.contains("Minister"));
        for w in l
            .roles
            .iter()
            .chain(l.title_words.iter())
            .chain(l.honorifics.iter())
        {
            assert!(l.not_name.contains(w), "{w}");
        }
        assert!(!l.not_name.contains("Son"));
        assert!(l.places.contains("ho chi minh city"));
        assert!(l.organisations.iter().any(|(a, _)| a == "UNESCO"));
    }
}
