//! Recognition of people and topics, rule by rule, on small made-up articles.

use gazette::read::{Article, Block, Format, PersonPage, ReadOutput, TopicPage};
use gazette::recognize::{Findings, PersonFound, TopicFound, TopicKind, recognize};

fn article(title: &str, paragraphs: &[&str]) -> Article {
    let mut a = Article::new(&format!("seeds/{}.txt", title.len()), Format::Raw);
    a.title = title.to_string();
    a.blocks = paragraphs
        .iter()
        .map(|p| Block::Paragraph {
            text: p.to_string(),
        })
        .collect();
    a
}

fn run(articles: Vec<Article>) -> Vec<Findings> {
    run_with(articles, Vec::new(), Vec::new())
}

fn run_with(
    articles: Vec<Article>,
    people: Vec<PersonPage>,
    topics: Vec<TopicPage>,
) -> Vec<Findings> {
    let read = ReadOutput {
        articles,
        people,
        topics,
        ..Default::default()
    };
    recognize(&read)
}

fn keys(f: &Findings) -> Vec<&str> {
    let mut k: Vec<&str> = f.persons.iter().map(|p| p.key.as_str()).collect();
    k.sort();
    k
}

fn person<'a>(f: &'a Findings, key: &str) -> &'a PersonFound {
    f.persons
        .iter()
        .find(|p| p.key == key)
        .unwrap_or_else(|| panic!("{key} not found in {:?}", keys(f)))
}

fn topic<'a>(f: &'a Findings, key: &str) -> &'a TopicFound {
    f.topics.iter().find(|t| t.key == key).unwrap_or_else(|| {
        panic!(
            "{key} not found in {:?}",
            f.topics.iter().map(|t| &t.key).collect::<Vec<_>>()
        )
    })
}

fn has_topic(f: &Findings, key: &str) -> bool {
    f.topics.iter().any(|t| t.key == key)
}

#[test]
fn vietnamese_name_with_role_and_short_forms() {
    let blocks = [
        "Minister of Foreign Affairs Bùi Thanh Sơn chaired the meeting on Monday.",
        "Son said the sector must adapt. Later, FM Son met the press.",
    ];
    let f = run(vec![article("Envoys meet", &blocks)]);
    assert_eq!(keys(&f[0]), ["bui thanh son"]);
    let p = person(&f[0], "bui thanh son");
    assert_eq!(p.name, "Bùi Thanh Sơn");
    // Roles are canonical: "FM" is the Foreign Minister.
    assert_eq!(p.roles, ["Minister of Foreign Affairs", "Foreign Minister"]);
    assert!(p.forms.contains(&"Son".to_string()) && p.forms.contains(&"FM Son".to_string()));
    assert_eq!(p.mentions, 3);
    // Spans point at the names, never at the titles.
    let named: Vec<&str> = p
        .spans
        .iter()
        .map(|s| &blocks[s.block][s.start..s.end])
        .collect();
    assert_eq!(named, ["Bùi Thanh Sơn", "Son", "Son"]);
}

#[test]
fn roles_are_kept_apart_from_names() {
    let f = run(vec![article(
        "Conference opens",
        &[
            "Deputy Prime Minister and Foreign Minister Pham Binh Minh spoke first.",
            "Addressing the event, Party General Secretary Nguyen Phu Trong stressed unity, Mr. Trong said.",
            "Nguyen Van An, Ambassador to Japan, attended.",
        ],
    )]);
    assert_eq!(
        keys(&f[0]),
        ["nguyen phu trong", "nguyen van an", "pham binh minh"]
    );
    assert_eq!(
        person(&f[0], "pham binh minh").roles,
        ["Deputy Prime Minister and Foreign Minister"]
    );
    let trong = person(&f[0], "nguyen phu trong");
    assert!(trong.roles.contains(&"Party General Secretary".to_string()));
    assert!(trong.forms.contains(&"Mr. Trong".to_string()));
    assert_eq!(
        person(&f[0], "nguyen van an").roles,
        ["Ambassador to Japan"]
    );
}

#[test]
fn foreign_names_need_a_role_or_nationality_then_are_known_everywhere() {
    let f = run(vec![
        article(
            "Leaders meet",
            &[
                "US President Joe Biden met Chinese leader Xi Jinping in Lima.",
                "UNESCO Director-General Audrey Azoulay and Australian Foreign Minister Penny Wong attended.",
            ],
        ),
        article(
            "Later",
            &["Joe Biden said talks went well. Biden left on Friday; President Xi stayed."],
        ),
        article(
            "Elsewhere",
            &["Letters from Green Peace reached Wall Street and Goldman Sachs."],
        ),
        article(
            "Music",
            &["The show starred singer Ly Nha and pianist Anna Berg."],
        ),
    ]);
    assert_eq!(
        keys(&f[0]),
        ["audrey azoulay", "joe biden", "penny wong", "xi jinping"]
    );
    assert_eq!(person(&f[0], "joe biden").roles, ["US President"]);
    assert_eq!(person(&f[0], "xi jinping").roles, ["Chinese leader"]);
    assert_eq!(
        person(&f[0], "audrey azoulay").roles,
        ["UNESCO Director-General"]
    );
    assert_eq!(
        person(&f[0], "penny wong").roles,
        ["Australian Foreign Minister"]
    );
    // Named without a role in another article, and by surname there.
    // "President Xi": a foreign family name may come first.
    assert_eq!(keys(&f[1]), ["joe biden", "xi jinping"]);
    assert_eq!(person(&f[1], "joe biden").mentions, 2);
    // A capitalised pair with no evidence of a person anywhere is not taken for one.
    assert!(f[2].persons.is_empty(), "{:?}", keys(&f[2]));
    // An occupation introduces a name as a role does (when the list knows it); a given
    // name on the public lists with a family name on them is a person too.
    assert_eq!(keys(&f[3]), ["anna berg", "ly nha"]);
    assert_eq!(person(&f[3], "ly nha").roles, ["singer"]);
}

#[test]
fn places_organisations_doctrines_and_titles_are_not_people() {
    let f = run(vec![article(
        "Not people",
        &[
            "Delegates from Hanoi, Ho Chi Minh and Da Nang gathered in Ho Chi Minh City.",
            "They studied Ho Chi Minh Thought and visited Ha Long Bay and Tran Hung Dao Street.",
            "The Speaker of the National Assembly met the Vietnam Union of Friendship Associations.",
            "In May the Mekong Subregion was discussed. Thank you, Minister!",
        ],
    )]);
    assert!(f[0].persons.is_empty(), "{:?}", keys(&f[0]));
}

#[test]
fn a_possessive_person_is_a_person() {
    let f = run(vec![article(
        "Ideas",
        &["Continuing Ho Chi Minh's diplomatic ideology, the sector grew."],
    )]);
    assert_eq!(keys(&f[0]), ["ho chi minh"]);
}

#[test]
fn two_syllable_names_need_a_role_somewhere_in_the_corpus() {
    let f = run(vec![
        article("One", &["Deputy Minister Le Hoai spoke to the press."]),
        article("Two", &["Le Hoai later said the talks had ended."]),
        article("Three", &["Tran Hung later met the press."]),
        article("Four", &["The talks had ended, Dang Khoa said."]),
    ]);
    assert_eq!(keys(&f[0]), ["le hoai"]);
    assert_eq!(keys(&f[1]), ["le hoai"]);
    assert!(f[2].persons.is_empty());
    // A verb of saying is enough.
    assert_eq!(keys(&f[3]), ["dang khoa"]);
}

#[test]
fn decomposed_diacritics_read_as_one_name() {
    let nfd = "Minister Bu\u{300}i Thanh So\u{31b}n spoke.";
    let f = run(vec![article("NFD", &[nfd])]);
    assert_eq!(keys(&f[0]), ["bui thanh son"]);
}

#[test]
fn credits_and_bylines_are_not_people_the_article_names() {
    let f = run(vec![article(
        "Photos",
        &[
            "Anh Huyen",
            "President Vo Van Thuong greets delegates. (Photo: Nguyen Van Hong)",
            "The delegates met. Photo: Tran Thi Mai",
        ],
    )]);
    assert_eq!(keys(&f[0]), ["vo van thuong"]);
}

#[test]
fn a_caption_holding_only_a_name_names_that_person() {
    let mut a = article("Portrait", &["The minister spoke about the year."]);
    a.blocks.insert(
        0,
        Block::Caption {
            text: "Bùi Thanh Sơn".into(),
        },
    );
    let f = run(vec![a]);
    assert_eq!(keys(&f[0]), ["bui thanh son"]);
}

#[test]
fn short_forms_resolve_only_when_unambiguous() {
    let f = run(vec![
        article(
            "Two Minhs",
            &["Pham Binh Minh met Tran Van Minh. Minh said nothing."],
        ),
        article(
            "Chinh",
            &["Prime Minister Pham Minh Chinh opened the forum."],
        ),
        article(
            "Later",
            &["PM Chinh said the forum was useful. Mr. Quang agreed."],
        ),
    ]);
    for p in &f[0].persons {
        assert_eq!(p.mentions, 1, "{} took the ambiguous Minh", p.key);
    }
    // A titled short form finds the one full name the corpus has for it...
    assert_eq!(keys(&f[2]), ["pham minh chinh"]);
    let p = person(&f[2], "pham minh chinh");
    assert_eq!(p.name, "Pham Minh Chinh");
    assert!(p.forms.contains(&"PM Chinh".to_string()));
    // ...and one with no full name anywhere makes no person ("Mr. Quang").
}

#[test]
fn epithets_and_person_page_aliases_name_the_person() {
    let page = PersonPage {
        source: "content/people/ton-duc-thang.md".into(),
        slug: "ton-duc-thang".into(),
        name: Some("Tôn Đức Thắng".into()),
        aliases: vec!["Uncle Ton".into()],
        hidden: false,
        bio_html: String::new(),
    };
    let f = run_with(
        vec![article(
            "Memories",
            &["The sector was trained by the Party and Uncle Hồ. Uncle Ton visited too."],
        )],
        vec![page],
        Vec::new(),
    );
    assert_eq!(keys(&f[0]), ["ho chi minh", "ton duc thang"]);
    assert_eq!(person(&f[0], "ho chi minh").forms, ["Uncle Hồ"]);
}

/// A full name given as a person page's alias is still read as a name: the roles around it
/// are kept, and a longer proper noun or place that starts with it is not the person.
#[test]
fn person_page_aliases_keep_roles_and_skip_places() {
    let page = PersonPage {
        source: "content/people/ho-chi-minh.md".into(),
        slug: "ho-chi-minh".into(),
        name: Some("Hồ Chí Minh".into()),
        aliases: vec!["Ho Chi Minh".into(), "Uncle Ho".into()],
        hidden: false,
        bio_html: String::new(),
    };
    let f = run_with(
        vec![
            article(
                "Remembering the founder",
                &["President Ho Chi Minh read the Declaration of Independence in 1945."],
            ),
            article(
                "A city grows",
                &["Ho Chi Minh City opened a new metro line, and Da Nang a new bridge."],
            ),
        ],
        vec![page],
        Vec::new(),
    );
    assert_eq!(keys(&f[0]), ["ho chi minh"]);
    assert!(
        person(&f[0], "ho chi minh")
            .roles
            .contains(&"President".to_string()),
        "{:?}",
        person(&f[0], "ho chi minh").roles
    );
    assert!(keys(&f[1]).is_empty(), "{:?}", keys(&f[1]));
}

#[test]
fn kinds_of_diplomacy_with_coordination_and_nationality() {
    let f = run(vec![article(
        "Diplomacy",
        &[
            "We combine political, economic and cultural diplomacy with strong diplomacy.",
            "\"Vietnamese bamboo diplomacy\" guides us, as does vaccine diplomacy.",
        ],
    )]);
    for k in [
        "political diplomacy",
        "economic diplomacy",
        "cultural diplomacy",
        "bamboo diplomacy",
        "vaccine diplomacy",
    ] {
        assert_eq!(topic(&f[0], k).kind, TopicKind::Theme);
    }
    assert!(!has_topic(&f[0], "strong diplomacy"));
    assert!(!has_topic(&f[0], "vietnamese diplomacy"));
    assert!(
        topic(&f[0], "bamboo diplomacy")
            .aliases
            .contains(&"Vietnamese bamboo diplomacy".to_string())
    );
}

#[test]
fn acronyms_defined_in_text_merge_with_their_long_form_across_the_corpus() {
    let f = run(vec![
        article(
            "Trade",
            &["Viet Nam has signed 15 Free Trade Agreements (FTAs) and attracts FDI."],
        ),
        article(
            "More trade",
            &["Signed FTAs bring new markets; an FTA with Israel too."],
        ),
    ]);
    let t = topic(&f[1], "free trade agreement");
    assert_eq!(t.kind, TopicKind::Theme);
    assert!(t.aliases.contains(&"FTA".to_string()) && t.aliases.contains(&"FTAs".to_string()));
    assert_eq!(t.spans.len(), 2);
    // In the defining article, "Free Trade Agreements (FTAs)" is one mention.
    assert_eq!(topic(&f[0], "free trade agreement").spans.len(), 1);
}

#[test]
fn events_belong_to_their_series() {
    let f = run(vec![
        article(
            "A",
            &["He spoke at the 29th Diplomatic Conference in Hanoi."],
        ),
        article(
            "B",
            &[
                "The 32nd National Diplomatic Conference opened. The 13th Party Congress Resolution was read.",
            ],
        ),
    ]);
    let a = topic(&f[0], "diplomatic conference");
    assert_eq!(a.kind, TopicKind::Event);
    assert!(
        a.aliases
            .contains(&"29th Diplomatic Conference".to_string())
    );
    let b = topic(&f[1], "diplomatic conference");
    assert!(
        b.aliases
            .contains(&"32nd National Diplomatic Conference".to_string())
    );
    // A document named after an event is not the event.
    assert!(!has_topic(&f[1], "party congres"));
}

#[test]
fn organisations_by_acronym_or_long_name_in_their_case() {
    let f = run(vec![article(
        "Orgs",
        &["ASEAN and the United Nations met; those who came left. (Photo: VNA)"],
    )]);
    assert_eq!(topic(&f[0], "asean").kind, TopicKind::Organisation);
    assert_eq!(topic(&f[0], "un").name, "UN");
    assert!(!has_topic(&f[0], "who"));
}

#[test]
fn quoted_concepts_are_found_again_unquoted() {
    let f = run(vec![
        article(
            "Power",
            &["Promoting \"soft power\" builds the brand; \"soft power\" wins friends."],
        ),
        article(
            "Image",
            &["Enhancing national image and soft powers matters."],
        ),
        article(
            "Quote",
            &["He called it \"good timing\" and left; good timing helps."],
        ),
        article("Again", &["Good timing matters."]),
    ]);
    assert!(has_topic(&f[0], "soft power"));
    assert!(has_topic(&f[1], "soft power"));
    // A phrase quoted once is a quote, not a concept.
    assert!(!has_topic(&f[3], "good timing"));
}

#[test]
fn topic_pages_are_found_by_name_and_alias() {
    let page = TopicPage {
        source: "content/topics/mekong-cooperation.md".into(),
        slug: "mekong-cooperation".into(),
        name: "Mekong cooperation".into(),
        aliases: vec!["Mekong-Lancang".into()],
        kind: Some("place".into()),
        hidden: false,
        description_html: String::new(),
    };
    let f = run_with(
        vec![article("Rivers", &["The Mekong-Lancang framework grows."])],
        Vec::new(),
        vec![page],
    );
    assert_eq!(topic(&f[0], "mekong cooperation").kind, TopicKind::Place);
}

#[test]
fn topics_in_the_title_rank_above_passing_mentions() {
    let f = run(vec![article(
        "Economic diplomacy drives growth",
        &[
            "Leaders praised economic diplomacy.",
            "Cultural diplomacy was mentioned once, with APEC.",
        ],
    )]);
    assert_eq!(f[0].topics[0].key, "economic diplomacy");
    let scores: Vec<f32> = f[0].topics.iter().map(|t| t.score).collect();
    assert!(scores.windows(2).all(|w| w[0] >= w[1]), "{scores:?}");
}

#[test]
fn odd_text_does_not_trip_the_rules() {
    let odd = [
        "diplomacy diplomacy, diplomacy and diplomacy diplomacy",
        "Conference Conference 1st Conference on on",
        "( ) (FTA) (AB) \"\" “” ‘’ \"a\" Mr. Mr. Mr.",
        "Nguyen Nguyen Nguyen Nguyen Nguyen Nguyen, Ho Chi Minh",
        "Minister Minister of of Minister Son Son Son.",
        "ảnh 1Party Sơn’s 'Trong' — Uncle Uncle Hồ",
        "",
    ];
    let f = run(vec![article("Odd", &odd), article("", &[])]);
    assert_eq!(f.len(), 2);
}

/// The full names of an article, sorted, for a quick comparison.
fn names(f: &Findings) -> Vec<&str> {
    let mut n: Vec<&str> = f.persons.iter().map(|p| p.name.as_str()).collect();
    n.sort();
    n
}

#[test]
fn names_of_every_origin_are_found_in_english_news() {
    let f = run(vec![article(
        "Port town votes on new harbour plan",
        &[
            "Harbour board chair Margaret Ellison opened the meeting, and fisherman Tendai Mukoni, 52, of Westport, spoke first.",
            "\"We were never asked,\" said Chipo Nyathi, who has run a fish stall for thirty years. Nyathi said she would appeal.",
            "Finance Minister Park Ji-hoon, visiting from Seoul, praised the plan. Mr Park said it could be a model.",
            "The plan was drawn up by the Dutch engineer Pieter van der Berg and Ludovica di Stefano, a planner at the regional authority.",
            "Sheikh Khalid bin Hamad al-Rashid, whose company owns the marina, did not comment. Abu Bakr al-Mansour, his lawyer, declined too.",
            "Priya Raghunathan, a professor at the local college, and Anne-Marie Duval-Leroy, 38, organised a petition.",
            "Seán O'Rourke and Fiona McAllister told reporters they had collected 2,000 names.",
            "Samuel J. Whitcombe, the town's oldest trader, said he had seen three such plans fail.",
            "José Álvarez, a dock worker, said little.",
        ],
    )]);
    for name in [
        "Margaret Ellison",
        "Tendai Mukoni",
        "Chipo Nyathi",
        "Park Ji-hoon",
        "Pieter van der Berg",
        "Ludovica di Stefano",
        "Khalid bin Hamad al-Rashid",
        "Abu Bakr al-Mansour",
        "Priya Raghunathan",
        "Anne-Marie Duval-Leroy",
        "Seán O'Rourke",
        "Fiona McAllister",
        "Samuel J. Whitcombe",
        "José Álvarez",
    ] {
        assert!(
            names(&f[0]).contains(&name),
            "{name} not in {:?}",
            names(&f[0])
        );
    }
    // Nothing else: no place, no board, no town.
    assert_eq!(f[0].persons.len(), 14, "{:?}", names(&f[0]));
    // "Mr Park": a family name that comes first, resolved to the full name.
    assert!(
        person(&f[0], "park ji hoon")
            .forms
            .contains(&"Mr Park".to_string())
    );
}

#[test]
fn each_kind_of_evidence_makes_a_person_and_shows_why() {
    let f = run(vec![article(
        "Evidence",
        &[
            "Acme chief executive Dana Whitlock unveiled the phone.",
            "Orla Brennick, Acme's head of design, showed the colours.",
            "Rufus Kettering, 43, of Leeds, queued overnight.",
            "The first buyer was Hemi Tawhiri. Tawhiri says he paid cash.",
            "\"It is too dear,\" said Wendell Pryce.",
            "Mrs Odile Fontaine bought two.",
            "Margaret Ellison was there too.",
        ],
    )]);
    let why = |key: &str| person(&f[0], key).evidence.join("; ");
    assert!(why("dana whitlock").contains("role before: chief executive"));
    // Canonical, as a title of office is written.
    assert_eq!(person(&f[0], "dana whitlock").roles, ["Chief Executive"]);
    assert!(why("orla brennick").contains("role after: Acme's head of design"));
    assert!(why("rufus kettering").contains("age 43"));
    assert!(why("hemi tawhiri").contains("surname alone later: Tawhiri"));
    assert!(why("wendell pryce").contains("speech verb said"));
    assert!(why("odile fontaine").contains("honorific Mrs"));
    // A courtesy title shows a person but is no role.
    assert!(person(&f[0], "odile fontaine").roles.is_empty());
    assert!(why("margaret ellison").contains("given name in list: Margaret"));
    assert_eq!(f[0].persons.len(), 7, "{:?}", keys(&f[0]));
}

#[test]
fn places_firms_events_headlines_and_characters_are_not_people() {
    let f = run(vec![article(
        "Markets Slide As Investors Flee Tech Stocks",
        &[
            "Shares fell on Wall Street as Goldman Sachs and Morgan Stanley said trading had slowed.",
            "Black Friday sales at Ben & Jerry's and Mercedes-Benz dealers disappointed, Morgan Stanley said.",
            "Tourists still queued at the Lincoln Memorial, and New York hotels were full.",
            "Senator Blasts Banks Over Fees",
            "In the film, playing the detective Sam Carver, the actor is barely recognisable.",
            "Despite Rising Costs the index gained.",
        ],
    )]);
    assert!(f[0].persons.is_empty(), "{:?}", keys(&f[0]));
}

#[test]
fn short_forms_resolve_in_the_article_and_across_the_corpus() {
    let f = run(vec![
        article(
            "Election",
            &[
                "Barack Obama addressed the crowd. Mr Obama said the vote mattered; Obama left at noon.",
                "Hemi Tawhiri, a local elder, agreed. Tawhiri says the harbour comes first.",
            ],
        ),
        article("Later", &["Mr Tawhiri spoke again on Friday."]),
        // A surname alone that no article expands is no person.
        article("Unknown", &["Mr Quenby declined to comment."]),
        // One person whatever the spelling: diacritics or none.
        article("Spelling", &["José Álvarez, a dock worker, said little."]),
        article(
            "Spelling again",
            &["Jose Alvarez, a dock worker, said more."],
        ),
    ]);
    let obama = person(&f[0], "barack obama");
    assert_eq!(obama.mentions, 3);
    assert!(obama.forms.contains(&"Mr Obama".to_string()));
    assert!(obama.forms.contains(&"Obama".to_string()));
    assert!(
        person(&f[0], "hemi tawhiri")
            .forms
            .contains(&"Tawhiri".to_string())
    );
    assert_eq!(keys(&f[1]), ["hemi tawhiri"]);
    assert!(f[2].persons.is_empty(), "{:?}", keys(&f[2]));
    assert_eq!(keys(&f[3]), ["jose alvarez"]);
    assert_eq!(keys(&f[4]), ["jose alvarez"]);
}

#[test]
fn roles_are_canonical() {
    let f = run(vec![
        article(
            "One",
            &["Foreign Minister Anna Lindqvist arrived on Monday."],
        ),
        article(
            "Two",
            &["The talks were led by foreign minister Anna Lindqvist."],
        ),
        article("Three", &["FM Lindqvist left on Tuesday."]),
        article("Four", &["Sarah Gold, a professor at Leeds, watched."]),
    ]);
    for a in &f[..3] {
        assert_eq!(person(a, "anna lindqvist").roles, ["Foreign Minister"]);
    }
    // A role that is no title of office stays as written.
    assert_eq!(person(&f[3], "sarah gold").roles, ["professor at Leeds"]);
}

#[test]
fn month_words_open_names_only_when_a_name_follows_and_no_date_is_meant() {
    let f = run(vec![article(
        "Archive",
        &[
            "\"The plan was never tested,\" said Mar Delgado, a historian at a city university.",
            "April Dunmore, 61, of Hull, kept the tapes.",
            "The vote is due in May. Since March Trask Holdings has grown, and in June Korvath Ltd left.",
            "The report came out on Mar 9, 2018.",
        ],
    )]);
    assert_eq!(keys(&f[0]), ["april dunmore", "mar delgado"]);
    assert_eq!(
        person(&f[0], "mar delgado").roles,
        ["historian at a city university"]
    );
}

#[test]
fn a_word_opening_the_sentence_is_not_part_of_the_name_after_it() {
    let f = run(vec![article(
        "Spending",
        &["As Trent Hollis at a budgeting blog explains, small buys add up."],
    )]);
    assert_eq!(keys(&f[0]), ["trent hollis"]);
}

#[test]
fn a_role_reaches_back_over_a_lone_word_to_the_name_after_a_comma() {
    let f = run(vec![article(
        "Attack",
        &["The leader of Nahdaya, Rashid Ghalloumi, condemned the attack."],
    )]);
    assert_eq!(keys(&f[0]), ["rashid ghalloumi"]);
    assert_eq!(
        person(&f[0], "rashid ghalloumi").roles,
        ["leader of Nahdaya"]
    );
}

#[test]
fn a_name_before_the_head_of_an_organisation_is_the_organisation() {
    let f = run(vec![article(
        "Fishery",
        &["He is a commissioner on the International Pacific Trawler Commission, he said."],
    )]);
    assert!(f[0].persons.is_empty(), "{:?}", keys(&f[0]));
}

#[test]
fn first_names_that_speak_and_actors_playing_parts_are_people() {
    let f = run(vec![article(
        "Dress stolen",
        &[
            "Wanjiru Nyong'a's gown was stolen from her hotel room.",
            "Police say Wanjiru told them it was taken on Wednesday.",
            "Years later, Dirk Vantongeren, playing the mathematician Ivo Stark, made the theory famous.",
        ],
    )]);
    assert_eq!(keys(&f[0]), ["dirk vantongeren", "wanjiru nyong a"]);
    let lupita = person(&f[0], "wanjiru nyong a");
    assert!(lupita.forms.contains(&"Wanjiru".to_string()));
    assert!(
        lupita
            .evidence
            .iter()
            .any(|e| e.starts_with("first name alone later")),
        "{:?}",
        lupita.evidence
    );
    assert!(
        person(&f[0], "dirk vantongeren")
            .evidence
            .contains(&"plays a part: playing".to_string())
    );
}

#[test]
fn soft_hyphens_inside_names_are_invisible_but_kept_as_written() {
    let f = run(vec![article(
        "Leaders",
        &[
            "Aside from Russian President Vladi\u{ad}mir Petrovin, few leaders came. Petro\u{ad}vin left early.",
        ],
    )]);
    assert_eq!(keys(&f[0]), ["vladimir petrovin"]);
    let p = person(&f[0], "vladimir petrovin");
    assert_eq!(p.name, "Vladimir Petrovin");
    assert!(
        p.forms.contains(&"Vladi\u{ad}mir Petrovin".to_string()),
        "{:?}",
        p.forms
    );
    assert!(
        p.forms.contains(&"Petro\u{ad}vin".to_string()),
        "{:?}",
        p.forms
    );
}

#[test]
fn a_caption_listing_only_names_names_those_people() {
    let mut a = article("Ideas", &["The essay argues that the economy is a myth."]);
    a.blocks.insert(
        0,
        Block::Caption {
            text: "Orsolya Brandt, Kemal Tashkin (Credit: AP/Photo montage by The Daily)".into(),
        },
    );
    a.blocks.insert(
        1,
        Block::Caption {
            text: "Main Hall, Riverside Campus".into(),
        },
    );
    let f = run(vec![a]);
    assert_eq!(keys(&f[0]), ["kemal tashkin", "orsolya brandt"]);
}

#[test]
fn a_married_name_before_nee_is_a_form_of_the_birth_name() {
    let f = run(vec![article(
        "Programmers",
        &[
            "Nora Ashby, a programmer, ran the computations in 1962.",
            "Decades later Pemberton reached Nora Whitcombe, née Ashby, by phone.",
            "Nora Whitcombe recalls the machine filling a room.",
        ],
    )]);
    let p = person(&f[0], "nora ashby");
    assert!(
        p.forms.contains(&"Nora Whitcombe".to_string()),
        "{:?}",
        p.forms
    );
    assert_eq!(keys(&f[0]), ["nora ashby"]);
}

/// The verdict on each credit of an article whose reader found `credits`.
fn credit_verdicts(credits: &[&str], body: &str) -> Vec<Option<String>> {
    let mut a = article("Council opens the new pier", &[body]);
    a.contributors = credits
        .iter()
        .map(|name| gazette::read::Contributor {
            name: name.to_string(),
            role: gazette::read::Role::Author,
        })
        .collect();
    let found = run(vec![a]).pop().unwrap();
    assert_eq!(found.credits.len(), credits.len());
    found.credits.into_iter().map(|c| c.person).collect()
}

#[test]
fn a_credit_of_words_no_name_is_made_of_is_no_person() {
    let body = "The pier opened on Saturday, the council said.";
    let verdicts = credit_verdicts(
        &[
            // A list's header, a section's label, a project: words no name holds.
            "Most Popular Stories",
            "Business Industry",
            "Open Harbour Project",
            // A product in a caption, a widget's name written twice.
            "Acme’s SeaPhone X",
            "Outbrain Outbrain",
            // People, some of them with words that are also roles or places' heads.
            "Jane Roe",
            "Stephen King",
            "Grace Park",
            "Park Ji-hoon",
            "Dr Ada Brennan",
            "April Dunmore",
        ],
        body,
    );
    let kept: Vec<&str> = verdicts.iter().flatten().map(String::as_str).collect();
    assert_eq!(
        kept,
        [
            "Jane Roe",
            "Stephen King",
            "Grace Park",
            "Park Ji-hoon",
            "Dr Ada Brennan",
            "April Dunmore"
        ]
    );
}

#[test]
fn a_credit_the_article_writes_after_the_is_a_thing() {
    let body = "The photograph, which the Lagoon Clarion says was taken on Friday, shows \
                the mayor at the pier.";
    let verdicts = credit_verdicts(&["Lagoon Clarion", "Jane Roe"], body);
    assert_eq!(verdicts, [None, Some("Jane Roe".to_string())]);
}

#[test]
fn a_byline_in_capitals_that_runs_on_is_cut_to_the_name() {
    let verdicts = credit_verdicts(
        &[
            "MARTHA KELLING Morning Desk Live",
            "JANE ROE",
            "Jane Roe",
            // Initials are no name in capitals; initials alone are no one's name.
            "K L Ashdown",
            "J B",
        ],
        "The pier opened.",
    );
    assert_eq!(
        verdicts,
        [
            Some("Martha Kelling".to_string()),
            Some("JANE ROE".to_string()),
            Some("Jane Roe".to_string()),
            Some("K L Ashdown".to_string()),
            None,
        ]
    );
}

/// An article of `blocks`, each a heading when it starts with "# ".
fn article_of(title: &str, blocks: &[&str]) -> Article {
    let mut a = article(title, &[]);
    a.blocks = blocks
        .iter()
        .map(|b| match b.strip_prefix("# ") {
            Some(text) => Block::Heading {
                text: text.to_string(),
            },
            None => Block::Paragraph {
                text: b.to_string(),
            },
        })
        .collect();
    a
}

#[test]
fn a_name_only_in_headings_needs_more_than_the_name_lists() {
    // On a whole page, headings are mostly other stories' titles.
    let teaser = article_of(
        "Harbour festival draws record crowds",
        &[
            "The harbour festival drew a record crowd on Saturday, the organisers said.",
            "# Helen Marsh Is the Toast of the Autumn Season",
            "# Walter Brooks",
        ],
    );
    // The same name in the body is a person of the article; so is one in a pull quote.
    let body = article_of(
        "Harbour festival draws record crowds",
        &[
            "# Helen Marsh Is the Toast of the Autumn Season",
            "Helen Marsh opened the harbour festival on Saturday.",
            "# Walter Brooks thanked the volunteers who kept the harbour clean.",
        ],
    );
    let teaser = run(vec![teaser]).pop().unwrap();
    assert!(keys(&teaser).is_empty(), "{:?}", keys(&teaser));
    let body = run(vec![body]).pop().unwrap();
    assert_eq!(keys(&body), ["helen marsh", "walter brooks"]);
}

#[test]
fn a_typing_slip_or_a_letter_alone_is_no_name() {
    let found = run(vec![article(
        "Readers write",
        &[
            "The inquiry was closed by Loretta LYnch & friends, one reader wrote.",
            "Another reader signed as B.S and said the vote was rigged.",
        ],
    )]);
    let found = &found[0];
    assert!(
        !found.persons.iter().any(|p| p.name.contains("LYnch")),
        "{:?}",
        keys(found)
    );
    assert!(!keys(found).contains(&"b s"), "{:?}", keys(found));
}

#[test]
fn roles_keep_their_institution_and_qualifiers_and_descriptions_stay_lower_case() {
    let f = run(vec![article(
        "Harbour board changes hands",
        &[
            "The campaign hired White House veteran Marcus Ellery to run it, and former \
             security chief Tobias Renner stepped down.",
            "Staff from the office of Transport Minister Helen Marsh took part, the board said.",
            "AS Opposition Leader Walter Brooks said in a letter last month that the board \
             had failed, press secretary Dana Whitlock replied.",
            "The foreign minister Anna Lindqvist arrived later.",
        ],
    )]);
    let roles = |key: &str| person(&f[0], key).roles.clone();
    assert_eq!(roles("marcus ellery"), ["White House veteran"]);
    // A description stays as written; an office is capitalised.
    assert_eq!(roles("tobias renner"), ["former security chief"]);
    assert_eq!(roles("helen marsh"), ["Transport Minister"]);
    assert_eq!(roles("walter brooks"), ["Opposition Leader"]);
    assert_eq!(roles("dana whitlock"), ["press secretary"]);
    assert_eq!(roles("anna lindqvist"), ["Foreign Minister"]);
}

#[test]
fn people_only_in_other_stories_teasers_are_not_the_articles() {
    let caption = |t: &str| Block::Caption {
        text: t.to_string(),
    };
    let heading = |t: &str| Block::Heading {
        text: t.to_string(),
    };
    let para = |t: &str| Block::Paragraph {
        text: t.to_string(),
    };
    let mut a = article("Council approves harbour budget", &[]);
    a.blocks = vec![
        para("Mayor Helen Marsh said the budget would fund the new pier, which opens in May."),
        para(
            "The council voted nine to two in favour, and Marsh thanked the members who backed it.",
        ),
        caption("Helen Marsh at the council chamber on Tuesday"),
        // A whole page's list of other stories: title, summary, source.
        heading("Storm closes coastal road"),
        para(
            "Police closed the coastal road on Monday after high winds, and Inspector Walter \
             Brooks urged drivers to stay at home.",
        ),
        caption("Coastal road closed Harbour Gazette"),
        heading("School wins science prize"),
        para(
            "Pupils at Hill Street School won the national science prize, head teacher Dana \
             Whitlock said on Friday.",
        ),
        caption("Pupils celebrate Harbour Gazette"),
    ];
    let f = run(vec![a]);
    assert_eq!(keys(&f[0]), ["helen marsh"]);
    // The same summaries as the story's own paragraphs name its people.
    let story = article(
        "Storm closes coastal road",
        &[
            "Police closed the coastal road on Monday after high winds, and Inspector Walter \
             Brooks urged drivers to stay at home.",
            "Pupils at Hill Street School won the national science prize, head teacher Dana \
             Whitlock said on Friday.",
        ],
    );
    let f = run(vec![story]);
    assert_eq!(keys(&f[0]), ["dana whitlock", "walter brooks"]);
}

#[test]
fn a_family_name_shared_here_names_the_person_introduced_first() {
    let f = run(vec![article(
        "Harbour chief under pressure",
        &[
            "Harbour Board chairman Marcus Ellery and his wife, Grace Ellery, were seen at the pier.",
            "Ellery told reporters the board would meet again. Mr Ellery declined to say more.",
            "Aside from Mayor Walter Brooks, few local leaders so openly oppose the board.",
        ],
    )]);
    let marcus = person(&f[0], "marcus ellery");
    assert!(
        marcus.forms.contains(&"Ellery".to_string()),
        "{:?}",
        marcus.forms
    );
    assert!(
        marcus.forms.contains(&"Mr Ellery".to_string()),
        "{:?}",
        marcus.forms
    );
    assert!(person(&f[0], "grace ellery").forms.is_empty());
    // A plural role after a name describes no one person.
    assert_eq!(person(&f[0], "walter brooks").roles, ["Mayor"]);
}
