//! The raw-text reader, rule by rule, on small articles written for these tests in the
//! styles of the outlets Gazette's users archive (VNA/VietnamPlus, Vietnam News, VOV,
//! VOVWORLD, World & Vietnam Report, VGP, Nhân Dân, Tuổi Trẻ), plus snapshots of the seeds.

use chrono::NaiveDate;
use gazette::diag::Diagnostics;
use gazette::load::{SourceFile, SourceKind};
use gazette::read::raw::read_raw;
use gazette::read::{Article, Block, Contributor, Read, Role, read_file};

fn read(text: &str) -> Article {
    let mut diags = Diagnostics::default();
    read_raw("seeds/test.txt", text, &mut diags)
}

fn date(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d)
}

fn person(name: &str, role: Role) -> Contributor {
    Contributor {
        name: name.to_string(),
        role,
    }
}

fn texts(a: &Article) -> Vec<&str> {
    a.blocks.iter().map(Block::text).collect()
}

fn captions(a: &Article) -> Vec<&str> {
    a.blocks
        .iter()
        .filter_map(|b| match b {
            Block::Caption { text } => Some(text.as_str()),
            _ => None,
        })
        .collect()
}

fn headings(a: &Article) -> Vec<&str> {
    a.blocks
        .iter()
        .filter_map(|b| match b {
            Block::Heading { text } => Some(text.as_str()),
            _ => None,
        })
        .collect()
}

fn questions(a: &Article) -> Vec<&str> {
    a.blocks
        .iter()
        .filter_map(|b| match b {
            Block::Question { text } => Some(text.as_str()),
            _ => None,
        })
        .collect()
}

fn paragraphs(a: &Article) -> Vec<&str> {
    a.blocks
        .iter()
        .filter_map(|b| match b {
            Block::Paragraph { text } => Some(text.as_str()),
            _ => None,
        })
        .collect()
}

/// No block holds `needle`.
fn nowhere(a: &Article, needle: &str) -> bool {
    !a.blocks.iter().any(|b| b.text().contains(needle))
}

// ---------------------------------------------------------------- headline

#[test]
fn headline_is_the_first_line_of_a_plain_article() {
    let a = read(
        "Vietnam, Laos agree to boost rail connectivity\n\n\
         Hanoi (VNA) – Vietnam and Laos agreed on Tuesday to speed up the Vientiane–Vung Ang railway, the two transport ministers said after their talks.\n\n\
         The project is expected to cut freight costs for Lao exports by a third.\n",
    );
    assert_eq!(a.title, "Vietnam, Laos agree to boost rail connectivity");
    assert!(!a.title_guessed);
}

#[test]
fn a_run_of_navigation_link_titles_before_the_headline_is_dropped() {
    let a = read(
        "Hanoi Autumn Festival 2023 Vietnam Tourism Year Mekong Delta Week Tet Holiday 2024 Vietnam - Japan 50 years of diplomatic ties Hue Festival Da Nang Fireworks 2023 Floods in the North\n\
         Mar 02, 2018 / 15:20\n\n\
         Prime Minister urges faster disbursement of public investment\n\n\
         Prime Minister Pham Minh Chinh on Friday asked ministries and localities to speed up the disbursement of public investment capital.\n\n\
         He said slow disbursement was holding back growth in several provinces.\n",
    );
    assert_eq!(
        a.title,
        "Prime Minister urges faster disbursement of public investment"
    );
    assert_eq!(a.date, date(2018, 3, 2));
    assert!(nowhere(&a, "Festival"));
}

#[test]
fn a_breadcrumb_before_the_headline_is_not_the_headline() {
    let a = read(
        "Politics\n\
         National Assembly opens its sixth session\n\
         October 23, 2023 - 08:15\n\
         The 15th National Assembly opened its sixth session in Hanoi on Monday, with a confidence vote on its agenda.\n",
    );
    assert_eq!(a.title, "National Assembly opens its sixth session");
    assert!(nowhere(&a, "Politics"));
}

#[test]
fn a_menu_of_section_names_is_not_the_headline() {
    let a = read(
        "Home Politics Business Society Culture Sports World Travel\n\
         Hanoi opens its first pedestrian bridge over the Red River\n\
         The city opened a pedestrian bridge over the Red River on Sunday, linking the Old Quarter with Long Bien district.\n",
    );
    assert_eq!(
        a.title,
        "Hanoi opens its first pedestrian bridge over the Red River"
    );
    assert!(nowhere(&a, "Society"));
}

#[test]
fn without_a_headline_a_short_title_is_made_from_the_lede_and_flagged() {
    let a = read(
        "| Foreign Minister Bui Thanh Son receives the Japanese Ambassador, March 3. (Photo: Tuan Anh) |\n\
         Could the Minister tell us about the results of the visit to Japan this year?\n\
         The visit opened a new chapter in relations between the two countries. Both sides agreed to upgrade their ties and to expand cooperation in trade, labour and culture.\n\
         What will the Ministry focus on next year?\n\
         We will focus on turning agreements into concrete projects.\n",
    );
    assert!(a.title_guessed);
    assert_eq!(
        a.title,
        "The visit opened a new chapter in relations between the two countries"
    );
    assert!(a.title.chars().count() <= 100);
    assert!(!a.title.contains('|'));
    assert!(!a.title.ends_with('?'));
}

#[test]
fn a_guessed_title_skips_pleasantries_and_captions() {
    let a = read(
        "| Delegates at the opening of the Mekong forum in Can Tho. (Photo: VNA) |\n\
         Could you share your impressions of the forum this year?\n\
         Thank you very much.\n\
         Delegates at the opening of the Mekong forum in Can Tho. They came from six countries.\n\
         The forum showed that the Mekong countries are ready to act together on water security.\n\
         What comes next for the region?\n\
         Joint monitoring of the river will start next year.\n",
    );
    assert!(a.title_guessed);
    assert_eq!(
        a.title,
        "The forum showed that the Mekong countries are ready to act together on water security"
    );
}

#[test]
fn a_guessed_title_from_a_long_lede_is_cut_short() {
    let a = read(
        "| Delegates at the forum. (Photo: VNA) |\n\
         Viet Nam's seafood exports to the European Union rose sharply in the first nine months of the year, thanks to the trade agreement between the two sides and to strong demand from Germany and the Netherlands.\n",
    );
    assert!(a.title_guessed);
    assert!(a.title.chars().count() <= 101, "{}", a.title);
    assert!(a.title.starts_with("Viet Nam's seafood exports"));
}

#[test]
fn a_headline_repeated_in_the_text_is_shown_once() {
    let a = read(
        "Hanoi hosts Vietnam–France cooperation conference\n\n\
         The 12th Vietnam–France decentralised cooperation conference opened in Hanoi on Thursday with more than 500 delegates.\n\n\
         Hanoi hosts Vietnam–France cooperation conference\n\n\
         Delegates discussed urban planning, culture and innovation over two days.\n",
    );
    assert_eq!(a.title, "Hanoi hosts Vietnam–France cooperation conference");
    assert!(nowhere(&a, "Hanoi hosts"));
}

// ---------------------------------------------------------------- dates

#[test]
fn date_lines_in_many_shapes() {
    let cases = [
        ("Aug 23, 2016 / 10:42", date(2016, 8, 23)),
        ("December 14, 2021 - 07:08", date(2021, 12, 14)),
        ("Thứ Bảy, 24/09/2016, 20:37", date(2016, 9, 24)),
        ("June 08, 2019 | 13:29", date(2019, 6, 8)),
        ("January 08, 2020 2:04 PM GMT+7", date(2020, 1, 8)),
        ("9:31:03 AM | 22/12/2023", date(2023, 12, 22)),
        ("date 2023-07-02", date(2023, 7, 2)),
        ("2023-07-02T08:15:00+07:00", date(2023, 7, 2)),
        ("Updated: Sept 5, 2022 10:00 (GMT+7)", date(2022, 9, 5)),
        ("Thursday, 12 October 2023", date(2023, 10, 12)),
        ("Chủ Nhật, 05/11/2023 - 09:12", date(2023, 11, 5)),
        ("Update: November, 28/2023 - 09:31", date(2023, 11, 28)),
        (
            "Published: 30/03/2024 09:45 | Updated: 30/03/2024 10:00",
            date(2024, 3, 30),
        ),
    ];
    for (line, want) in cases {
        let a = read(&format!(
            "Exports of farm produce rise in ten months\n{line}\n\nFarm, forestry and fishery exports rose 8 per cent in the first ten months, the ministry said on Monday.\n"
        ));
        assert_eq!(a.date, want, "date line {line:?}");
        assert!(nowhere(&a, line), "date line {line:?} left in the text");
    }
}

#[test]
fn numeric_dates_are_read_the_way_the_page_writes_them() {
    let page = |date_line: &str, elsewhere: &str| {
        read(&format!(
            "Trade fair opens\n{date_line}\n\nThe fair opened in the capital with 300 booths from 20 countries and territories.\n{elsewhere}\n"
        ))
    };
    // Only one reading is possible.
    assert_eq!(page("10:05 | 2/13/2023", "").date, date(2023, 2, 13));
    assert_eq!(page("10:05 | 13/2/2023", "").date, date(2023, 2, 13));
    // Both are, and nothing on the page tells: no date is invented.
    assert_eq!(page("10:05 | 3/4/2023", "").date, None);
    assert!(nowhere(&page("10:05 | 3/4/2023", ""), "3/4/2023"));
    // The page writes its other dates day first, or month first.
    assert_eq!(
        page("10:05 | 3/4/2023", "Previous fair: 25/11/2022").date,
        date(2023, 4, 3)
    );
    assert_eq!(
        page("10:05 | 3/4/2023", "Previous fair: November 25, 2022").date,
        date(2023, 3, 4)
    );
    assert_eq!(
        page("Thứ Hai, 3/4/2023", "").date,
        date(2023, 4, 3),
        "a Vietnamese weekday"
    );
}

#[test]
fn the_date_under_the_headline_beats_dates_of_other_stories_above_it() {
    let a = read(
        "12/10/2023\n\
         Other story: floods in the centre\n\
         11/10/2023\n\
         Rice exports hit a record\n\
         14/10/2023 08:00\n\
         Rice exports reached a record 8 million tonnes in the first nine months, customs data showed on Saturday.\n",
    );
    assert_eq!(a.title, "Rice exports hit a record");
    assert_eq!(a.date, date(2023, 10, 14));
}

#[test]
fn dates_inside_the_story_are_not_the_publication_date() {
    let a = read(
        "China marks 75 years of the People's Republic\n\n\
         Beijing (VNA) – Leaders attended a reception on September 30, 2024 ahead of the national day, at a July 9 meeting it was agreed.\n\n\
         (October 1, 1949 - October 1, 2024)\n\n\
         The celebrations will last a week.\n",
    );
    assert_eq!(a.date, None);
}

// ---------------------------------------------------------------- bylines and credits

#[test]
fn a_name_alone_under_the_headline_is_the_author() {
    let a = read(
        "Young volunteers bring books to mountain schools\n\n\
         Thu Hang\n\
         Chia sẻ\n\n\
         (VOVWORLD) - Hundreds of students from Hanoi have spent their summer bringing books and computers to schools in the northern mountains.\n",
    );
    assert_eq!(a.contributors, vec![person("Thu Hang", Role::Author)]);
    assert_eq!(a.outlet.as_deref(), Some("VOVWORLD"));
    assert!(nowhere(&a, "Thu Hang"));
    assert!(nowhere(&a, "Chia sẻ"));
}

#[test]
fn bylines_with_a_pipe_or_a_translator() {
    let a = read(
        "Hoi An lanterns light up the full moon festival\n\
         Thanh Hà |\n\
         Hoi An ancient town turned off its electric lights on Saturday evening as thousands of lanterns lit up the streets.\n",
    );
    assert_eq!(a.contributors, vec![person("Thanh Hà", Role::Author)]);

    let a = read(
        "Poet's war diary published in English\n\
         By Nguyen Minh Anh – Translated by Hoang Yen\n\
         A diary kept by a young poet during the war has been published in English for the first time this month.\n",
    );
    assert_eq!(
        a.contributors,
        vec![
            person("Nguyen Minh Anh", Role::Author),
            person("Hoang Yen", Role::Translator)
        ]
    );
    assert!(nowhere(&a, "Translated"));
}

#[test]
fn a_byline_and_a_date_on_one_line() {
    let a = read(
        "Ha Long Bay welcomes cruise ships back\n\
         Minh Thu 14/10/2023 10:30\n\
         Three international cruise ships docked at Ha Long Bay this week, the first since the pandemic began.\n",
    );
    assert_eq!(a.contributors, vec![person("Minh Thu", Role::Author)]);
    assert_eq!(a.date, date(2023, 10, 14));
    assert_eq!(texts(&a).len(), 1);
}

#[test]
fn a_signature_at_the_end_is_the_author() {
    let a = read(
        "Tra Vinh opens new bridge\n\n\
         A new bridge linking two districts of Tra Vinh province opened to traffic on Sunday, cutting travel time by an hour.\n\n\
         The bridge cost 300 billion VND.\n\n\
         NGỌC ÁNH\n",
    );
    assert_eq!(a.contributors, vec![person("Ngọc Ánh", Role::Author)]);
    assert!(nowhere(&a, "NGỌC"));
}

#[test]
fn a_place_left_at_the_end_is_not_a_signature() {
    let a = read(
        "Fishermen return to the islands\n\n\
         Fishing fleets from Quang Ngai returned to the offshore fishing grounds on Monday after the storm season ended.\n\n\
         Hoang Sa Archipelago\n",
    );
    assert!(a.contributors.is_empty(), "{:?}", a.contributors);
}

#[test]
fn photo_credits_name_photographers_and_never_agencies() {
    let a = read(
        "Chinese Premier visits Vietnam\n\n\
         Beijing (VNA) – The Chinese Premier will pay an official visit to Vietnam next week, the Chinese foreign ministry said on Thursday.\n\n\
         The Premier speaks at a press conference in Beijing. Photo: Xinhua/Li Muzi\n\n\
         Delegates at the talks (Photo: WVR/Quang Hoa)\n\n\
         Officials at the signing ceremony. (Photo: VNA)\n\n\
         The harbour at dawn. Photo: VOV\n",
    );
    assert_eq!(
        a.contributors,
        vec![
            person("Li Muzi", Role::Photographer),
            person("Quang Hoa", Role::Photographer)
        ]
    );
    assert_eq!(
        captions(&a),
        vec![
            "The Premier speaks at a press conference in Beijing.",
            "Delegates at the talks",
            "Officials at the signing ceremony.",
            "The harbour at dawn."
        ]
    );
    assert_eq!(a.outlet.as_deref(), Some("VNA"));
}

#[test]
fn vietnam_news_style_credit_and_sign_off() {
    let a = read(
        "Hà Nội to pilot low-emission zone\n\
         December 14, 2021 - 07:08\n\
         HÀ NỘI — The capital will pilot a low-emission zone in the Old Quarter from next year, the city's transport department said.\n\n\
         Motorbikes in the Old Quarter. — VNA/VNS Photo Văn Điệp\n\n\
         Older vehicles will be barred from the zone at peak hours. VNS\n",
    );
    assert_eq!(a.outlet.as_deref(), Some("VNS"));
    assert_eq!(a.contributors, vec![person("Văn Điệp", Role::Photographer)]);
    assert_eq!(captions(&a), vec!["Motorbikes in the Old Quarter."]);
    assert!(paragraphs(&a)[0].starts_with("The capital will pilot"));
    assert_eq!(
        paragraphs(&a).last().copied(),
        Some("Older vehicles will be barred from the zone at peak hours.")
    );
}

// ---------------------------------------------------------------- datelines and outlet tags

#[test]
fn datelines_and_outlet_tags_leave_the_text_and_name_the_outlet() {
    let cases = [
        ("(VOVWORLD) - Rice", Some("VOVWORLD")),
        ("WVR - Rice", Some("WVR")),
        ("VOV.VN - Rice", Some("VOV")),
        ("VGP – Rice", Some("VGP")),
        ("Hanoi (VNA) – Rice", Some("VNA")),
        ("Sydney (VNA) Rice", Some("VNA")),
        ("NDO – Rice", Some("Nhân Dân")),
        ("PARIS — Rice", None),
    ];
    for (opening, outlet) in cases {
        let a = read(&format!(
            "Rice exports hit record\n\n{opening} exports reached a record 8 million tonnes in the first eleven months of the year, customs data showed.\n"
        ));
        assert_eq!(a.outlet.as_deref(), outlet, "{opening}");
        assert!(
            paragraphs(&a)[0].starts_with("Rice exports reached"),
            "{opening}: {:?}",
            paragraphs(&a)[0]
        );
    }
}

#[test]
fn an_acronym_opening_a_sentence_is_not_a_dateline() {
    let a = read(
        "Regional bloc meets in Jakarta\n\nASEAN – Japan ties were high on the agenda of the foreign ministers' meeting in Jakarta on Tuesday.\n",
    );
    assert!(paragraphs(&a)[0].starts_with("ASEAN – Japan"));
}

#[test]
fn sign_offs_at_the_end_are_dropped() {
    let a = read(
        "Government issues decree on e-invoices\n\n\
         VGP – The Government has issued a decree that requires all businesses to use electronic invoices from July next year.\n\n\
         The decree takes effect immediately./.\n",
    );
    assert_eq!(
        paragraphs(&a).last().copied(),
        Some("The decree takes effect immediately.")
    );
    let a = read(
        "Flood relief reaches central provinces\n\n\
         Relief goods have reached thousands of households in the flooded central provinces, the Red Cross said on Monday.\n\n\
         VNA\n",
    );
    assert_eq!(a.outlet.as_deref(), Some("VNA"));
    assert!(nowhere(&a, "VNA"));
}

// ---------------------------------------------------------------- captions

#[test]
fn table_cell_captions_become_captions() {
    let a = read(
        "Ambassadors meet in Hanoi\n\n\
         WVR - Vietnamese ambassadors from around the world gathered in Hanoi this week for their annual conference.\n\
         | Delegates pose for a group photo at the conference. (Photo: Nguyen Hong) |\n\
         The conference closed on Friday.\n",
    );
    assert_eq!(
        captions(&a),
        vec!["Delegates pose for a group photo at the conference."]
    );
    assert_eq!(
        a.contributors,
        vec![person("Nguyen Hong", Role::Photographer)]
    );
    assert!(nowhere(&a, "|"));
}

#[test]
fn a_table_row_is_not_a_caption() {
    let a = read(
        "Dengue cases rise in the north\n\n\
         Dengue cases rose sharply in northern provinces last week, the health ministry said on Monday.\n\
         | Hà Nội | 1,200 cases |\n\
         | Hải Phòng | 300 cases |\n\
         The ministry urged people to clear standing water.\n",
    );
    assert!(captions(&a).is_empty());
    assert!(texts(&a).iter().any(|t| t.contains("1,200 cases")));
}

#[test]
fn a_headline_with_an_image_marker_gives_its_glued_caption() {
    let a = read(
        "Vietnam joins UN peacekeeping drill\n\n\
         (VOVWORLD) - Vietnamese officers have joined a UN peacekeeping drill in Mongolia for the first time this year.\n\n\
         Vietnam joins UN peacekeeping drill  - ảnh 1Vietnamese officers at the opening of the drill. Photo: VOV\n\n\
         Vietnam joins UN peacekeeping drill  - ảnh 2\n\n\
         The drill lasts two weeks.\n",
    );
    assert_eq!(
        captions(&a),
        vec!["Vietnamese officers at the opening of the drill."]
    );
    assert!(nowhere(&a, "ảnh"));
    assert!(nowhere(&a, "peacekeeping drill  -"));

    let a = read(
        "Gia dinh tre don Tet som\n\nNhieu gia dinh tre da bat dau trang tri nha cua don Tet tu giua thang Chap nam nay.\n\nGia dinh tre don Tet som hinh anh 1Mot goc pho Hang Ma ngay cuoi tuan.\n",
    );
    assert_eq!(captions(&a), vec!["Mot goc pho Hang Ma ngay cuoi tuan."]);
}

#[test]
fn a_caption_shown_twice_is_shown_once() {
    let a = read(
        "Minister chairs cultural diplomacy meeting\n\n\
         The Minister of Foreign Affairs chaired a meeting on cultural diplomacy on Tuesday with ambassadors from 90 countries.\n\
         The Minister chairs the meeting (Photo: VNA)\n\
         The Minister chairs the meeting (Photo: VNA)\n\n\
         He called for new ideas to promote the country's image.\n",
    );
    assert_eq!(captions(&a), vec!["The Minister chairs the meeting"]);
}

#[test]
fn a_caption_glued_to_the_end_of_a_paragraph_is_split_off() {
    let a = read(
        "Party leader addresses diplomatic conference\n\n\
         The Party leader said diplomacy must lead the way in a changing world. The Party leader speaks at the 30th Diplomatic Conference\n\n\
         He asked the sector to forecast developments better.\n",
    );
    assert_eq!(
        captions(&a),
        vec!["The Party leader speaks at the 30th Diplomatic Conference"]
    );
    assert_eq!(
        paragraphs(&a)[0],
        "The Party leader said diplomacy must lead the way in a changing world."
    );
}

// ---------------------------------------------------------------- subheadings and interviews

#[test]
fn short_unpunctuated_lines_between_paragraphs_are_subheadings() {
    let a = read(
        "Bamboo diplomacy in a changing world\n\n\
         (VOVWORLD) - Vietnam's foreign policy has been tested by a year of global uncertainty, but its results have been remarkable.\n\n\
         Firm principles, flexible strategy\n\n\
         The country has kept its principles while adjusting its strategy to each partner.\n\n\
         \"Bamboo diplomacy\" for the years ahead\n\n\
         Analysts expect the approach to guide policy for years.\n",
    );
    assert_eq!(
        headings(&a),
        vec![
            "Firm principles, flexible strategy",
            "\"Bamboo diplomacy\" for the years ahead"
        ]
    );
}

#[test]
fn interview_questions_are_set_apart_from_answers() {
    let a = read(
        "Ambassador: Ties with Australia at their best\n\n\
         Could you tell us about the highlights of bilateral ties this year?\n\n\
         This year has been remarkable, with two high-level visits and a new strategic partnership.\n\n\
         What are the priorities for next year?\n\n\
         Trade and education will be our priorities.\n",
    );
    assert_eq!(
        questions(&a),
        vec![
            "Could you tell us about the highlights of bilateral ties this year?",
            "What are the priorities for next year?"
        ]
    );
    assert_eq!(paragraphs(&a).len(), 2);

    let a = read(
        "Deputy Minister on digital transformation\n\n\
         Q1: How far has the digital transformation of public services gone?\n\n\
         Most public services are now available online, and usage doubled this year.\n\n\
         VOV: And what about rural areas.\n\n\
         Rural areas still lag behind, and we are investing in broadband there.\n",
    );
    assert_eq!(questions(&a).len(), 2);
    assert!(questions(&a)[1].starts_with("VOV:"));
}

#[test]
fn a_single_question_in_an_announced_interview_is_a_question() {
    let a = read(
        "Ambassador speaks to VNA on the New Year\n\n\
         The Vietnamese Ambassador to France gave an interview to VNA's correspondent in Paris ahead of the New Year.\n\n\
         What are the priorities of the embassy for the coming year?\n\n\
         Our priority is to help Vietnamese businesses enter the French market.\n",
    );
    assert_eq!(
        questions(&a),
        vec!["What are the priorities of the embassy for the coming year?"]
    );
}

#[test]
fn a_single_rhetorical_question_in_a_news_story_stays_a_paragraph() {
    let a = read(
        "Traffic jams worsen in the capital\n\n\
         Traffic jams in the capital have worsened this year as car ownership rose by a fifth.\n\n\
         What can the city do about it?\n\n\
         Experts say more bus lanes are the answer.\n",
    );
    assert!(questions(&a).is_empty());
}

// ---------------------------------------------------------------- junk

#[test]
fn share_widgets_comments_sources_and_tags_are_dropped() {
    let a = read(
        "Hue Festival opens with royal music\n\
         Share\n\
         The Hue Festival opened on Saturday night with a performance of royal court music in the Imperial City.\n\
         The festival runs until next week.\n\
         Tags: Hue Festival royal music culture\n\
         Source\n\n\n\
         Comment (0)\n",
    );
    assert_eq!(texts(&a).len(), 2);
    for junk in ["Share", "Tags:", "Source", "Comment"] {
        assert!(nowhere(&a, junk), "{junk}");
    }
}

#[test]
fn related_news_lists_are_dropped() {
    let a = read(
        "Vietnam, Singapore sign green energy deal\n\n\
         Vietnam and Singapore signed an agreement on green energy cooperation in Singapore on Monday.\n\n\
         The deal covers offshore wind power and cross-border electricity trade.\n\n\
         Related news\n\
         Vietnam, Singapore boost digital economy ties\n\
         Singapore investors eye Vietnam's renewable energy market\n\
         Other news\n\
         PM receives Singaporean business leaders\n",
    );
    assert_eq!(paragraphs(&a).len(), 2);
    assert!(nowhere(&a, "Singaporean business"));
    assert!(nowhere(&a, "eye Vietnam"));
}

#[test]
fn bulleted_menus_are_dropped() {
    let a = read(
        "Mekong Delta provinces step up drought preparations\n\n\
         Provinces in the Mekong Delta are storing fresh water ahead of the dry season, local authorities said.\n\n\
         • Hà Nội\n\
         • Hải Phòng\n\
         • Đà Nẵng\n\
         • Cần Thơ\n\n\
         Saltwater intrusion is expected to peak in March.\n",
    );
    assert_eq!(paragraphs(&a).len(), 2);
    assert!(nowhere(&a, "Hải Phòng"));
}

#[test]
fn a_lede_repeated_after_a_photo_is_shown_once() {
    let a = read(
        "Foreign Minister: Diplomacy leads the way\n\
         December 14, 2021 - 07:08\n\
         The Foreign Minister spoke to the press ahead of the national conference on foreign affairs.\n\n\
         The Foreign Minister. VNA/VNS Photo\n\n\
         The Foreign Minister spoke to the press ahead of the national conference on foreign affairs.\n\n\
         What has diplomacy contributed to the country's growth?\n",
    );
    let lede = "The Foreign Minister spoke to the press ahead of the national conference on foreign affairs.";
    assert_eq!(texts(&a).iter().filter(|t| **t == lede).count(), 1);
}

#[test]
fn a_short_list_inside_the_story_is_content() {
    let a = read(
        "Vietnam, EU agree on priority sectors\n\n\
         Vietnam and the European Union agreed on Monday to focus their cooperation on three sectors next year.\n\n\
         - Renewable energy\n\
         - Digital transformation\n\
         - Vocational training\n\n\
         The two sides will review progress at the end of the year.\n",
    );
    assert!(texts(&a).contains(&"- Digital transformation"));
}

#[test]
fn an_interview_opening_with_a_short_question_has_no_question_for_a_title() {
    let a = read(
        "Minister, what are the priorities?\n\
         Our priority is to turn agreements into projects that people can see and use.\n\
         And the risks for next year?\n\
         The main risk is slower growth in our export markets, which we are watching closely.\n",
    );
    assert!(a.title_guessed);
    assert!(!a.title.ends_with('?'), "{}", a.title);
    assert_eq!(questions(&a).len(), 2);
}

// ---------------------------------------------------------------- text

#[test]
fn entities_are_decoded_and_quotes_and_dashes_kept() {
    let a = read(
        "Trade &amp; investment forum held\n\n\
         The forum drew 200 firms &#8211; a record &ndash; and the minister said &ldquo;we are ready&rdquo; to open markets.\n\n\
         “We are ready,” he said — and he meant it.\n",
    );
    assert_eq!(a.title, "Trade & investment forum held");
    assert_eq!(
        paragraphs(&a)[0],
        "The forum drew 200 firms – a record – and the minister said “we are ready” to open markets."
    );
    assert_eq!(
        paragraphs(&a)[1],
        "“We are ready,” he said — and he meant it."
    );
}

#[test]
fn raw_text_is_never_read_as_markdown_or_html() {
    let a = read(
        "Students win *robotics* prize\n\n\
         # The team of five students from Da Nang won the robotics prize with a <b>rescue robot</b> [link](x).\n",
    );
    assert_eq!(a.title, "Students win *robotics* prize");
    assert_eq!(
        paragraphs(&a)[0],
        "# The team of five students from Da Nang won the robotics prize with a <b>rescue robot</b> [link](x)."
    );
}

#[test]
fn paragraphs_split_on_lines_and_wrapped_lines_are_joined() {
    let a = read(
        "Coffee prices climb\n\
         Coffee prices in the Central Highlands climbed to a record this week.\n\
         Farmers said the dry season had cut yields.\n",
    );
    assert_eq!(paragraphs(&a).len(), 2);

    let a = read(
        "Coffee prices climb\n\n\
         Coffee prices in the Central Highlands climbed to a record this week\n\
         as traders rushed to buy before the harvest ended.\n\n\
         Farmers said the dry season had cut yields.\n",
    );
    assert_eq!(
        paragraphs(&a),
        vec![
            "Coffee prices in the Central Highlands climbed to a record this week as traders rushed to buy before the harvest ended.",
            "Farmers said the dry season had cut yields."
        ]
    );

    // Wrapped at a fixed width: a wrapped line may start with a capital.
    let a = read(
        "Farmers turn to drones\n\n\
         Farmers in the Mekong Delta are increasingly hiring drones to spray\n\
         their rice fields, saving labour and cutting the amount of pesticide\n\
         Vietnamese fields need by about a third, experts said on Monday.\n\n\
         Drone services now cover more than 100,000 hectares in the region,\n\
         according to the Ministry of Agriculture.\n",
    );
    assert_eq!(
        paragraphs(&a),
        vec![
            "Farmers in the Mekong Delta are increasingly hiring drones to spray their rice fields, saving labour and cutting the amount of pesticide Vietnamese fields need by about a third, experts said on Monday.",
            "Drone services now cover more than 100,000 hectares in the region, according to the Ministry of Agriculture."
        ]
    );
}

#[test]
fn no_break_spaces_and_invisible_characters_are_cleaned() {
    let a = read(
        "Museum\u{a0}reopens after repairs\n\nThe museum\u{a0}reopened\u{200b} on Monday after two years of repairs. \u{a0}\n\u{a0}\n",
    );
    assert_eq!(a.title, "Museum reopens after repairs");
    assert_eq!(
        paragraphs(&a),
        vec!["The museum reopened on Monday after two years of repairs."]
    );
}

// ---------------------------------------------------------------- whole pages

#[test]
fn a_tuoi_tre_news_page() {
    let a = read(
        "Home\nNews\nBusiness\n\
         Ho Chi Minh City to build 5 new metro lines by 2035\n\
         Tuoi Tre News\n\
         Updated : 10/12/2023 14:30 GMT + 7\n\
         Ho Chi Minh City plans to complete five more metro lines by 2035, according to a plan approved by the city on Tuesday.\n\
         Passengers on the Ben Thanh - Suoi Tien metro line. Photo: Quang Dinh / Tuoi Tre\n\
         The plan requires an investment of about US$25 billion.\n\
         Funding sources\n\
         The city will seek loans from international lenders and issue bonds.\n\
         Like us on Facebook or follow us on Twitter to get the latest news about Vietnam!\n\
         Tags: metro HCMC\n",
    );
    assert_eq!(
        a.title,
        "Ho Chi Minh City to build 5 new metro lines by 2035"
    );
    assert_eq!(a.date, date(2023, 12, 10));
    assert_eq!(a.outlet.as_deref(), Some("Tuổi Trẻ"));
    assert_eq!(
        a.contributors,
        vec![person("Quang Dinh", Role::Photographer)]
    );
    assert_eq!(
        captions(&a),
        vec!["Passengers on the Ben Thanh - Suoi Tien metro line."]
    );
    assert_eq!(headings(&a), vec!["Funding sources"]);
    assert_eq!(paragraphs(&a).len(), 3);
}

#[test]
fn a_nhan_dan_page_with_a_source_line() {
    let a = read(
        "Vietnam, Cambodia boost border trade\n\
         Thursday, 12 October 2023 - 10:30\n\
         NDO – Vietnamese and Cambodian officials agreed on Wednesday to open two more border gates.\n\
         At the meeting (Photo: NDO/Thanh Dat)\n\
         Two-way trade reached US$7 billion in the first nine months of this year.\n\
         Source: Nhan Dan\n",
    );
    assert_eq!(a.date, date(2023, 10, 12));
    assert_eq!(a.outlet.as_deref(), Some("Nhân Dân"));
    assert_eq!(
        a.contributors,
        vec![person("Thanh Dat", Role::Photographer)]
    );
    assert!(nowhere(&a, "Source"));
}

#[test]
fn a_vov_page_with_a_photo_position_caption_and_related_links() {
    let a = read(
        "VOV.VN\nPolitics\n\
         PM holds phone talks with Japanese counterpart\n\
         VOV.VN - The Prime Minister held phone talks with his Japanese counterpart on October 12 to discuss ways to deepen ties.\n\
         The PM (R) during the phone talks with his Japanese counterpart\n\
         The two leaders agreed to boost cooperation in semiconductors and green transition.\n\
         VOV\n\
         Related news\n\
         PM receives Japanese business leaders\n",
    );
    assert_eq!(a.title, "PM holds phone talks with Japanese counterpart");
    assert_eq!(a.outlet.as_deref(), Some("VOV"));
    assert_eq!(
        captions(&a),
        vec!["The PM (R) during the phone talks with his Japanese counterpart"]
    );
    assert_eq!(paragraphs(&a).len(), 2);
    assert!(paragraphs(&a)[0].starts_with("The Prime Minister held"));
}

#[test]
fn a_vietnamese_language_page_with_a_signature() {
    let a = read(
        "Thứ Bảy, 24/09/2016, 20:37\n\
         Hà Nội khai mạc lễ hội mùa thu\n\
         TTO - Lễ hội mùa thu Hà Nội đã khai mạc tối 24-9 tại hồ Hoàn Kiếm với nhiều hoạt động văn hóa.\n\
         Hà Nội khai mạc lễ hội mùa thu - Ảnh 1.Du khách tham quan lễ hội. Ảnh: NGUYỄN KHÁNH\n\
         Lễ hội kéo dài đến hết ngày 26-9 với hơn 50 gian hàng.\n\
         NGỌC AN\n",
    );
    assert_eq!(a.title, "Hà Nội khai mạc lễ hội mùa thu");
    assert_eq!(a.date, date(2016, 9, 24));
    assert_eq!(a.outlet.as_deref(), Some("Tuổi Trẻ"));
    assert_eq!(captions(&a), vec!["Du khách tham quan lễ hội."]);
    assert_eq!(
        a.contributors,
        vec![
            person("Nguyễn Khánh", Role::Photographer),
            person("Ngọc An", Role::Author)
        ]
    );
    assert_eq!(paragraphs(&a).len(), 2);
}

#[test]
fn a_sentence_about_a_photo_is_not_a_credit() {
    let a = read(
        "Old photographs return to Hue\n\n\
         The museum received a rare album this week. Curators described one photo: a family at dinner in 1920.\n",
    );
    assert!(captions(&a).is_empty());
}

#[test]
fn more_credit_and_tag_shapes() {
    let a = read(
        "Embassy hosts Tet party in Canberra\n\
         Reporter: Minh Chau\n\
         Canberra, January 28 (VNA) – The Vietnamese Embassy in Australia hosted a Tet party for the Vietnamese community on Sunday.\n\
         Children perform a lion dance. Photo courtesy of the Embassy\n\
         Illustrative photo (Photo: VNA)\n\
         More than 500 people attended the party.\n\
         Updated: 28/01/2024 10:00\n\
         Tags\n\
         Tet\n\
         overseas Vietnamese\n\
         12 comments\n",
    );
    assert_eq!(a.outlet.as_deref(), Some("VNA"));
    assert_eq!(a.contributors, vec![person("Minh Chau", Role::Author)]);
    assert_eq!(captions(&a), vec!["Children perform a lion dance."]);
    assert!(paragraphs(&a)[0].starts_with("The Vietnamese Embassy"));
    assert_eq!(texts(&a).len(), 3, "{:?}", texts(&a));
    // The stamp comes after the text: no publication date is read from it.
    assert_eq!(a.date, None);

    let a = read(
        "Forum on overseas Vietnamese opens\n\nWVR/VNA - The forum opened in Hanoi on Monday with 300 delegates from 40 countries and territories.\n",
    );
    assert_eq!(a.outlet.as_deref(), Some("WVR"));
    assert!(paragraphs(&a)[0].starts_with("The forum opened"));
}

#[test]
fn odd_input_never_breaks_the_reader() {
    let odd = [
        "",
        "\n\n\n",
        "Share\nComment (0)\nSource\n",
        "||\n| |\n|",
        "99/99/9999\n31/02/2023\n0:00 | 0/0/0000",
        "&#xFFFFFFFF; &#0; &bogus; && &amp",
        "- ảnh 1\nhinh anh 2\n(Photo: )\nPhoto:",
        "Ảnh: ĐỨC ANH\n(VNA)\n./.\nVNS",
        "…\n“”\n——\n?\n!",
        "Tiêu đề bài viết có dấu tiếng Việt đầy đủ\nNội dung bài viết kết thúc không có dấu chấm",
    ];
    for text in odd {
        let a = read(text);
        assert!(
            a.blocks.iter().all(|b| !b.text().trim().is_empty()),
            "{text:?}: {:?}",
            a.blocks
        );
        assert!(!a.title.contains('|'), "{text:?}: {:?}", a.title);
    }
}

#[test]
fn a_file_with_nothing_but_furniture_is_skipped() {
    let file = SourceFile {
        rel: "seeds/empty.txt".into(),
        kind: SourceKind::RawArticle,
        text: "Chia sẻ\nComment (0)\n\nSource\n".into(),
        bytes: Vec::new(),
        sidecar: None,
    };
    let mut diags = Diagnostics::default();
    assert!(matches!(read_file(&file, false, &mut diags), Read::Skipped));
    assert_eq!(diags.items.len(), 1);
}

// ---------------------------------------------------------------- sidecar

#[test]
fn a_sidecar_overrides_what_the_reader_got_wrong() {
    let file = SourceFile {
        rel: "seeds/sample.txt".into(),
        kind: SourceKind::RawArticle,
        text: "| Delegates at the talks. (Photo: VNA) |\nThe talks ended with a joint statement on trade and investment between the two countries.\n".into(),
        bytes: Vec::new(),
        sidecar: Some((
            "seeds/sample.toml".into(),
            "title = \"Talks end with joint statement\"\ndate = 2024-01-05\noutlet = \"VNA\"\ncontributors = [{ name = \"Minh Thu\", role = \"author\" }]\n".into(),
        )),
    };
    let mut diags = Diagnostics::default();
    let Read::Article(a) = read_file(&file, false, &mut diags) else {
        panic!("not read as an article");
    };
    assert!(diags.items.is_empty(), "{:?}", diags.items);
    assert_eq!(a.title, "Talks end with joint statement");
    assert!(!a.title_guessed);
    assert_eq!(a.date, date(2024, 1, 5));
    assert_eq!(a.outlet.as_deref(), Some("VNA"));
    assert_eq!(a.contributors, vec![person("Minh Thu", Role::Author)]);
}

// ---------------------------------------------------------------- the seeds

fn seed_snapshot(name: &str) {
    let path = format!("{}/seeds/{name}.txt", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).expect("seed");
    let mut diags = Diagnostics::default();
    let article = read_raw(&format!("seeds/{name}.txt"), &text, &mut diags);
    let json = serde_json::to_string_pretty(&article).expect("json");
    insta::assert_snapshot!(name, json);
}

#[test]
fn seed_000() {
    seed_snapshot("000_53c24d708ccf69f0");
}

#[test]
fn seed_001() {
    seed_snapshot("001_48eae42596e1c3b5");
}

#[test]
fn seed_002() {
    seed_snapshot("002_cb3de627f5eba5db");
}

#[test]
fn seed_003() {
    seed_snapshot("003_37e75ead3a9a6882");
}

#[test]
fn seed_004() {
    seed_snapshot("004_a45a8e3ed53e71e3");
}

/// A made-up title never starts or ends with the page furniture around the text it came
/// from (a table cell's bar, a dash).
#[test]
fn a_guessed_title_has_no_furniture_at_its_ends() {
    let a = read(
        "| Delegates attend the opening session of the forum in Da Nang, May 6. (Photo: Minh Duc) | (copy 9)\nIn 2023, the forum reached many milestones. Could the Minister share their significance?\n2023 was a vibrant year for the forum with many notable milestones. First, its membership grew.\n",
    );
    assert!(a.title_guessed);
    assert!(
        !a.title.starts_with(['-', '|', ' ']) && !a.title.ends_with(['-', '|', ' ']),
        "{:?}",
        a.title
    );
}

// ------------------------------------------- whole pages of English-language outlets
//
// A browser's select-all of a news page: the story among menus, sign-in prompts, cookie and
// newsletter boxes, share rows, lists of other stories, comments and footers. The pages below
// are written for these tests in the manner of British, American and agency sites.

/// The menu a page opens with: section names, sign-in, a cookie notice.
const PAGE_TOP: &str = "Skip to main content\n\
    Sign in\n\
    Subscribe\n\
    News\nWorld\nUK\nPolitics\nBusiness\nScience\nSport\nCulture\nLifestyle\nTravel\n\
    We use cookies to personalise content and ads, to provide social media features and to analyse our traffic. Read our cookie policy.\n\
    Accept all cookies\n";

/// What follows a story: lists of other stories, a newsletter box, comments and a footer.
const PAGE_BOTTOM: &str = "Advertisement\n\
    Most read\n\
    Council approves new cycle lanes for the city centre\n\
    Heatwave warning issued for the south-east\n\
    Striking nurses to return to talks next week\n\
    Five of the best autumn walks\n\
    Sign up for our morning briefing\n\
    Get the day's top stories delivered to your inbox every morning.\n\
    Comments\n\
    Join the conversation\n\
    riverbank_reader\n\
    I have lived by this harbour all my life and I have never seen anything like it, frankly.\n\
    Reply\n\
    About us\nContact us\nTerms of use\nPrivacy policy\n\
    © 2021 Northern Daily Media Ltd. All rights reserved.\n";

const HARBOUR_STORY: [&str; 4] = [
    "Fishermen in the northern harbour have been told to keep their boats ashore for a second week after storms damaged the sea wall.",
    "The harbour master said engineers needed at least ten more days to check the foundations before any vessel could moor safely.",
    "“We have families to feed and bills to pay,” said one skipper, who has worked from the port for thirty years.",
    "The council said it would meet the fishermen's association on Friday to discuss compensation.",
];

fn harbour_page(article_head: &str) -> String {
    format!(
        "{PAGE_TOP}{article_head}{}\n{PAGE_BOTTOM}",
        HARBOUR_STORY.join("\n")
    )
}

#[test]
fn the_story_is_found_among_a_whole_page_of_furniture() {
    let a = read(&harbour_page(
        "Harbour closed for second week after storm damage | Northern Daily\n\
         Environment\n\
         Harbour closed for second week after storm damage\n\
         Share on Facebook\nShare on Twitter\nShare via Email\n",
    ));
    assert_eq!(a.title, "Harbour closed for second week after storm damage");
    assert_eq!(paragraphs(&a), HARBOUR_STORY.to_vec());
    for furniture in [
        "cookies",
        "Sign in",
        "Most read",
        "cycle lanes",
        "morning briefing",
        "inbox",
        "Join the conversation",
        "lived by this harbour",
        "All rights reserved",
        "Privacy policy",
    ] {
        assert!(
            nowhere(&a, furniture),
            "{furniture:?} kept: {:?}",
            texts(&a)
        );
    }
}

#[test]
fn a_page_mostly_furniture_still_gives_its_story() {
    // Far more menu, teasers and footer than story: the story is never dropped.
    let mut page = String::new();
    for i in 0..300 {
        page.push_str(&format!("Section {i}\n"));
    }
    for i in 0..40 {
        page.push_str(&format!(
            "Teaser headline number {i} about another story\nA summary of that other story…\n"
        ));
    }
    page.push_str(&harbour_page("Harbour closed again\nBy Jane Fielding\n"));
    for i in 0..300 {
        page.push_str(&format!("Footer link {i}\n"));
    }
    let a = read(&page);
    assert_eq!(a.title, "Harbour closed again");
    assert_eq!(paragraphs(&a), HARBOUR_STORY.to_vec());
    assert_eq!(a.contributors, vec![person("Jane Fielding", Role::Author)]);
}

#[test]
fn one_paragraph_per_line_and_blank_lines_between_read_the_same() {
    let head = "Harbour closed again\nBy Jane Fielding\n";
    let tight = harbour_page(head);
    let spaced = tight.replace('\n', "\n\n");
    let (a, b) = (read(&tight), read(&spaced));
    assert_eq!(paragraphs(&a), HARBOUR_STORY.to_vec());
    assert_eq!(texts(&a), texts(&b));
    assert_eq!(a.title, b.title);
    assert_eq!(a.contributors, b.contributors);
}

#[test]
fn a_share_row_between_paragraphs_is_not_a_subheading() {
    let a = read(
        "Rice exports hit a record high this year\n\n\
         Rice exports reached a record 8 million tonnes in the first nine months, customs data showed on Saturday.\n\n\
         Share Facebook Comment (0)\n\n\
         The ministry expects the full-year figure to top 10 million tonnes for the first time.\n",
    );
    assert!(headings(&a).is_empty(), "{:?}", headings(&a));
    assert!(nowhere(&a, "Comment (0)"));
    assert_eq!(paragraphs(&a).len(), 2);
}

#[test]
fn teasers_between_paragraphs_are_dropped_and_subheadings_kept() {
    let a = read(&format!(
        "{PAGE_TOP}Harbour closed again\nBy Jane Fielding\n{}\n{}\n\
         Related stories\n\
         Storm leaves thousands without power\n\
         Sea wall repairs to cost millions\n\
         {}\n\
         What happens next\n\
         {}\n{PAGE_BOTTOM}",
        HARBOUR_STORY[0], HARBOUR_STORY[1], HARBOUR_STORY[2], HARBOUR_STORY[3]
    ));
    assert_eq!(paragraphs(&a), HARBOUR_STORY.to_vec());
    assert_eq!(headings(&a), vec!["What happens next"]);
    assert!(nowhere(&a, "Storm leaves thousands"));
}

#[test]
fn a_very_long_page_of_furniture_is_read_in_linear_time() {
    // About 60,000 words of menus, teasers and comments around a short story; and the same
    // page with eight times less. A quadratic pass would take 64 times as long on the first.
    let page = |lines: usize| {
        let mut p = String::new();
        for i in 0..lines {
            p.push_str(match i % 3 {
                0 => "Latest headlines from around the region today\n",
                1 => "Share\n",
                _ => "A reader wrote a short comment here, that is all\n",
            });
        }
        p.push_str(&harbour_page("Harbour closed again\nBy Jane Fielding\n"));
        p
    };
    let (small, large) = (page(1_200), page(9_600));
    assert!(large.split_whitespace().count() >= 50_000);
    let time = |text: &str| {
        (0..2)
            .map(|_| {
                let t = std::time::Instant::now();
                let a = read(text);
                assert_eq!(paragraphs(&a), HARBOUR_STORY.to_vec());
                t.elapsed()
            })
            .min()
            .unwrap()
    };
    let (t_small, t_large) = (time(&small), time(&large));
    assert!(
        t_large < t_small * 24,
        "8x the page took {t_large:?} against {t_small:?}"
    );
}

/// A short story under `head`, for bylines and dates.
fn story_under(head: &str) -> Article {
    read(&format!(
        "Harbour closed for second week after storm\n{head}\n{}\n",
        HARBOUR_STORY.join("\n")
    ))
}

#[test]
fn english_bylines_in_the_forms_outlets_print() {
    let cases: [(&str, Vec<Contributor>); 9] = [
        (
            "By Jane Fielding and Tom Okafor",
            vec![
                person("Jane Fielding", Role::Author),
                person("Tom Okafor", Role::Author),
            ],
        ),
        (
            "By Jane Fielding, Reporter",
            vec![person("Jane Fielding", Role::Author)],
        ),
        (
            "Jane Fielding | Staff Writer",
            vec![person("Jane Fielding", Role::Author)],
        ),
        (
            "By JOE HILDEBRAND",
            vec![person("Joe Hildebrand", Role::Author)],
        ),
        (
            "JOE HILDEBRAND",
            vec![person("Joe Hildebrand", Role::Author)],
        ),
        (
            "Jane Fielding, Special to The Times",
            vec![person("Jane Fielding", Role::Author)],
        ),
        (
            "By Maria de la Cruz, Tom Okafor and Li Wei",
            vec![
                person("Maria de la Cruz", Role::Author),
                person("Tom Okafor", Role::Author),
                person("Li Wei", Role::Author),
            ],
        ),
        (
            "By Jane Fielding March 18 at 3:40 PM Follow @janefielding",
            vec![person("Jane Fielding", Role::Author)],
        ),
        (
            "by Jane Fielding (reporting) and Tom Okafor (photography)",
            vec![
                person("Jane Fielding", Role::Author),
                person("Tom Okafor", Role::Photographer),
            ],
        ),
    ];
    for (line, want) in cases {
        let a = story_under(line);
        assert_eq!(a.contributors, want, "{line:?}");
        assert_eq!(
            a.title, "Harbour closed for second week after storm",
            "{line:?}"
        );
        assert_eq!(paragraphs(&a), HARBOUR_STORY.to_vec(), "{line:?}");
    }
}

#[test]
fn agency_credits_name_reporters_and_editors_and_the_agency_is_the_outlet() {
    let a = read(&format!(
        "Harbour closed for second week after storm\nBy Reuters\n{}\n\
         Reporting by Jane Fielding; Additional reporting by Sam Patel; Editing by Tom Okafor\n",
        HARBOUR_STORY.join("\n")
    ));
    assert_eq!(
        a.contributors,
        vec![
            person("Jane Fielding", Role::Author),
            person("Sam Patel", Role::Author),
            person("Tom Okafor", Role::Editor),
        ]
    );
    assert_eq!(a.outlet.as_deref(), Some("Reuters"));
    assert_eq!(paragraphs(&a), HARBOUR_STORY.to_vec());
    // An agency alone is never a person.
    let a = story_under("Associated Press");
    assert!(a.contributors.is_empty(), "{:?}", a.contributors);
    assert_eq!(a.outlet.as_deref(), Some("AP"));
}

#[test]
fn english_date_lines_in_the_forms_outlets_print() {
    let cases = [
        ("Jan. 7, 2021 6:56 AM EST", date(2021, 1, 7)),
        ("Published 2:12 PM ET Thu, 7 Jan 2021", date(2021, 1, 7)),
        ("Updated: 8 January 2021 12:31 GMT", date(2021, 1, 8)),
        ("2021-01-07T12:48:14Z", date(2021, 1, 7)),
        ("Thursday 7 January 2021 09.41 GMT", date(2021, 1, 7)),
        ("posted on January 7, 2021, at 11:29 a.m.", date(2021, 1, 7)),
        ("7 January 2021 • 2:15pm", date(2021, 1, 7)),
        ("Northern DailyJanuary 7, 2021", date(2021, 1, 7)),
        // No year, or relative: no date.
        ("March 18 at 12:22 PM", None),
        ("2 hours ago", None),
        ("Jane Fielding 1 day ago", None),
    ];
    for (line, want) in cases {
        let a = story_under(line);
        assert_eq!(a.date, want, "{line:?}");
        assert_eq!(paragraphs(&a), HARBOUR_STORY.to_vec(), "{line:?}");
    }
}

#[test]
fn the_first_publication_date_beats_an_update_stamp() {
    for head in [
        "January 7, 2021 at 6:01 am Updated January 8, 2021 at 3:33 pm",
        "Thu 7 Jan 2021 02.00 EST Last modified on Fri 8 Jan 2021 06.16 EST",
        "Updated: 8 January 2021 12:31 GMT\nPublished: 7 January 2021 09:00 GMT",
        "Published 7 January 2021 | Updated 8 January 2021",
    ] {
        let a = story_under(head);
        assert_eq!(a.date, date(2021, 1, 7), "{head:?}");
        assert_eq!(paragraphs(&a), HARBOUR_STORY.to_vec(), "{head:?}");
    }
}

#[test]
fn a_date_opening_the_lede_dates_the_story() {
    let a = read(&format!(
        "Harbour closed for second week after storm\nBy Jane Fielding\nJan. 7, 2021 -- {}\n{}\n",
        HARBOUR_STORY[0], HARBOUR_STORY[1]
    ));
    assert_eq!(a.date, date(2021, 1, 7));
    assert_eq!(paragraphs(&a), HARBOUR_STORY[..2].to_vec());
}

/// A credit `line` under Tom Okafor's byline credits Jane Fielding as the photographer,
/// leaves the story whole and shows none of `hidden` anywhere.
fn assert_credits_jane_fielding(line: &str, hidden: &[&str]) {
    let a = story_under(&format!("By Tom Okafor\n{line}"));
    assert_eq!(
        a.contributors,
        vec![
            person("Tom Okafor", Role::Author),
            person("Jane Fielding", Role::Photographer)
        ],
        "{line:?}"
    );
    assert_eq!(paragraphs(&a), HARBOUR_STORY.to_vec(), "{line:?}");
    for h in hidden {
        assert!(nowhere(&a, h), "{h:?} shown: {line:?}");
    }
}

#[test]
fn photo_credits_with_agencies_name_the_photographer() {
    let cases = [
        "JANE FIELDING/AFP/Getty Images",
        "Boats moored in the harbour on Monday. Jane Fielding/Reuters",
        "Boats moored in the harbour on Monday.CreditCreditJane Fielding/EPA, via Shutterstock",
        "Boats moored in the harbour (Credit: AP/Jane Fielding/Photo montage by Northern Daily)",
        "Boats moored in the harbour on Monday. Photograph: Jane Fielding for the Guardian",
        "Boats moored in the harbour on Monday. (Photo by Jane Fielding/Getty Images)",
    ];
    for line in cases {
        assert_credits_jane_fielding(line, &["Getty", "Credit"]);
    }
}

#[test]
fn photo_credits_closing_captions_name_the_photographer() {
    let cases = [
        "Boats moored in the harbour on Monday. (Jane Fielding / AP)",
        "Boats moored in the harbour on Monday. (Jane Fielding/AFP/Getty Images)",
        "Boats moored in the harbour on Monday. (Jane Fielding / The Northern Courier)",
        "Boats moored in the harbour on Monday. Credit Jane Fielding/Agence France-Presse — Getty Images",
        "Boats moored in the harbour on Monday.CreditJane Fielding for The New York Times",
        "Credit Jane Fielding",
        "Jane Fielding/Harbour Magazine",
        "Boats moored in the harbour on Monday, the port authority said.(Jane Fielding/ Harbour Board Press Service photo via AP)",
    ];
    for line in cases {
        assert_credits_jane_fielding(line, &["Credit", "Jane"]);
    }
    // A bank's name is no photo credit, nor a pair of places.
    for line in [
        "Credit Suisse said on Monday it would cut its forecast for the region.",
        "Flights between Hanoi/Saigon resumed on Monday.",
    ] {
        let a = story_under(&format!("By Tom Okafor\n{line}"));
        assert_eq!(
            a.contributors,
            vec![person("Tom Okafor", Role::Author)],
            "{line:?}"
        );
    }
}

#[test]
fn reporters_who_contributed_are_credited() {
    let cases: [(&str, Vec<&str>); 3] = [
        (
            "Jane Fielding contributed to this report.",
            vec!["Jane Fielding"],
        ),
        (
            "Staff Writer Jane Fielding in Hull, and Tom Okafor in Leeds contributed reporting.",
            vec!["Jane Fielding", "Tom Okafor"],
        ),
        (
            "Correspondents Jane Fielding and Tom Okafor contributed to this story.",
            vec!["Jane Fielding", "Tom Okafor"],
        ),
    ];
    for (line, names) in cases {
        let a = read(&format!(
            "Harbour closed for second week after storm\nBy Ann Lee\n{}\n{line}\n",
            HARBOUR_STORY.join("\n")
        ));
        let mut want = vec![person("Ann Lee", Role::Author)];
        want.extend(names.iter().map(|n| person(n, Role::Author)));
        assert_eq!(a.contributors, want, "{line:?}");
        assert_eq!(paragraphs(&a), HARBOUR_STORY.to_vec(), "{line:?}");
    }
}

#[test]
fn a_byline_followed_by_the_authors_biography() {
    let line = "By Jane Fielding, a senior reporter who has covered the ports and the fishing \
                industry of the north-east coast for more than a decade at three newspapers.";
    let a = story_under(line);
    assert_eq!(a.contributors, vec![person("Jane Fielding", Role::Author)]);
    assert_eq!(paragraphs(&a), HARBOUR_STORY.to_vec());
    // A sentence opening with "By" is no byline.
    let a = story_under(
        "By the end of the week, the council expects to have a clearer picture of the damage \
         done to the sea wall and of the money needed to repair it before the winter.",
    );
    assert!(a.contributors.is_empty());
}

#[test]
fn credits_for_video_labelled_analysis_and_lists_of_photographers() {
    // A caption closed by who shot the video, with no agency.
    let a = story_under(
        "By Tom Okafor\nMedia caption The harbour master shows the damage to the sea wall. (Video by Jane Fielding)",
    );
    assert_eq!(
        a.contributors,
        vec![
            person("Tom Okafor", Role::Author),
            person("Jane Fielding", Role::Photographer)
        ]
    );
    assert!(nowhere(&a, "Video by"));
    // A labelled byline naming the outlet inside the story (a correspondent's analysis).
    let a = read(&format!(
        "Harbour closed for second week after storm\nBy Tom Okafor\n{}\n{}\n\
         Analysis: Jane Fielding, BBC News, Hull\n{}\n{}\n",
        HARBOUR_STORY[0], HARBOUR_STORY[1], HARBOUR_STORY[2], HARBOUR_STORY[3]
    ));
    assert_eq!(
        a.contributors,
        vec![
            person("Tom Okafor", Role::Author),
            person("Jane Fielding", Role::Author)
        ]
    );
    assert_eq!(paragraphs(&a), HARBOUR_STORY.to_vec());
    // A closing list of photo credits: people, agencies and user names of photo sites.
    let a = read(&format!(
        "Harbour closed for second week after storm\nBy Tom Okafor\n{}\n\
         Photos by seagull77 (Shutterstock), Jane Fielding, harbourcam, Sam Patel (Flickr), AP.\n",
        HARBOUR_STORY.join("\n")
    ));
    assert_eq!(
        a.contributors,
        vec![
            person("Tom Okafor", Role::Author),
            person("Jane Fielding", Role::Photographer),
            person("Sam Patel", Role::Photographer)
        ]
    );
    assert_eq!(paragraphs(&a), HARBOUR_STORY.to_vec());
}

#[test]
fn a_byline_in_capitals_before_the_date_and_the_shows_name() {
    let a = story_under("By JANE FIELDING March 11, 2015 3:46 PM Morning Edition");
    assert_eq!(a.contributors, vec![person("Jane Fielding", Role::Author)]);
    assert_eq!(a.date, date(2015, 3, 11));
    assert_eq!(paragraphs(&a), HARBOUR_STORY.to_vec());
}

#[test]
fn labels_shaped_like_names_are_not_people() {
    // Under the headline: a byline naming no one, a product's name, a widget's label.
    for line in [
        "Our Foreign Staff",
        "Northern Daily’s Weekend Edition",
        "Taboola Taboola",
    ] {
        let a = story_under(line);
        assert!(a.contributors.is_empty(), "{line:?}: {:?}", a.contributors);
        assert_eq!(a.title, "Harbour closed for second week after storm");
    }
    // The byline naming no one is no part of the story either.
    assert!(nowhere(&story_under("Our Foreign Staff"), "Staff"));
    // After the story: the header of a list of other stories.
    let a = read(&format!(
        "Harbour closed for second week after storm\nBy Jane Fielding\n{}\nMost Popular Stories\n",
        HARBOUR_STORY.join("\n")
    ));
    assert_eq!(a.contributors, vec![person("Jane Fielding", Role::Author)]);
    // A name whose every word the page writes in lower case is a phrase, not a person.
    let a = read(&format!(
        "Harbour closed for second week after storm\nSea Wall Repairs\n{}\n\
         The repairs to the sea wall will take ten days, the engineers said.\n",
        HARBOUR_STORY.join("\n")
    ));
    assert!(a.contributors.is_empty(), "{:?}", a.contributors);
}

#[test]
fn a_headline_printed_over_two_lines_under_its_kicker() {
    let a = read(&format!(
        "Sign in\n\
         The Harbour Project: Saving a Fishing Town\n\
         Share on Twitter\n\
         Harbour Project:\n\n\n\
         Saving a Fishing Town\n\n\
         {}\n",
        HARBOUR_STORY.join("\n")
    ));
    assert_eq!(a.title, "The Harbour Project: Saving a Fishing Town");
    assert_eq!(paragraphs(&a), HARBOUR_STORY.to_vec());
}

/// More of the harbour story, for tests that need a story of some length.
const HARBOUR_MORE: [&str; 4] = [
    "Engineers from the county council began drilling test holes along the damaged section on Wednesday morning.",
    "The harbour master said the first results would be known by the end of the week at the earliest.",
    "Several boat owners have already moved their vessels to the marina further down the coast for safety.",
    "The fishermen's association said its members were losing thousands of pounds each day the port stayed shut.",
];

/// The whole harbour story, eight paragraphs.
fn long_story() -> Vec<&'static str> {
    HARBOUR_STORY.iter().chain(&HARBOUR_MORE).copied().collect()
}

#[test]
fn a_long_chart_inside_a_story_does_not_cut_it() {
    let mut chart = String::from("Interest payments, in billions\n");
    // Longer than a gap between a feed and a story (30 lines), short enough to be crossed.
    for year in 2010..2041 {
        chart.push_str(&format!("’{}\n", year % 100));
    }
    let a = read(&format!(
        "{PAGE_TOP}Harbour closed for second week after storm\nBy Jane Fielding\n{}\n{chart}{}\n{PAGE_BOTTOM}",
        HARBOUR_STORY.join("\n"),
        HARBOUR_MORE.join("\n")
    ));
    assert_eq!(paragraphs(&a), long_story());
}

#[test]
fn script_lines_left_in_a_page_are_not_text() {
    let a = story_under(
        "By Jane Fielding\nwindow._ads = window._ads || [];\n_ads.push({\nmode: 'thumbnails-a',\n\
         placement: 'Right Rail',\n});",
    );
    assert_eq!(paragraphs(&a), HARBOUR_STORY.to_vec());
    assert_eq!(a.contributors, vec![person("Jane Fielding", Role::Author)]);
}

#[test]
fn half_a_sentence_under_the_headline_is_not_the_headline() {
    // The standfirst wrapped in the page's source: its first half is no headline.
    let a = read(&format!(
        "{PAGE_TOP}Harbour review: the port that kept going through the storm\n\
         But only just\n\
         fishermen will tell you.\n\
         By Jane Fielding\n{}\n{PAGE_BOTTOM}",
        HARBOUR_STORY.join("\n")
    ));
    assert_eq!(
        a.title,
        "Harbour review: the port that kept going through the storm"
    );
    assert!(paragraphs(&a).ends_with(&HARBOUR_STORY));
}

#[test]
fn the_date_under_the_byline_dates_the_story_after_a_standfirst_and_a_photo() {
    let a = read(&format!(
        "{PAGE_TOP}Harbour closed for second week after storm\n\
         Fishermen face another week ashore as engineers check the damaged sea wall before any boat can moor.\n\
         Image\n\
         The damaged sea wall on Monday.Credit Sam Patel for the Northern Daily\n\
         By Jane Fielding\n\
         Sept. 25, 2018\n{}\n{PAGE_BOTTOM}",
        HARBOUR_STORY.join("\n")
    ));
    assert_eq!(a.date, date(2018, 9, 25));
    assert!(paragraphs(&a).ends_with(&HARBOUR_STORY));
    assert!(nowhere(&a, "Sept. 25"));
}

#[test]
fn a_headline_ending_with_an_initialism_keeps_its_full_stop() {
    let a = read(&format!(
        "{PAGE_TOP}Burst Pipes and Manhole Fires: How Winter Hits the Streets of N.Y.C.\n\
         Image\n\
         By Jane Fielding\n{}\n{PAGE_BOTTOM}",
        HARBOUR_STORY.join("\n")
    ));
    assert_eq!(
        a.title,
        "Burst Pipes and Manhole Fires: How Winter Hits the Streets of N.Y.C."
    );
}

#[test]
fn the_mastheads_outlet_above_the_headline_is_no_byline() {
    // The site's name and section above the headline; under it a photo, and a byline that
    // names no one.
    let a = read(&format!(
        "{PAGE_TOP}The Independent\n\
         News\n\
         Harbour closed: fishermen 'kept ashore for a second week', as engineers step in to check the wall\n\
         Boats moored in the harbour on Monday after the storm damaged the sea wall Credit: SAM PATEL\n\
         Our Foreign Staff\n\
         7 January 2021 • 2:15pm\n{}\n{PAGE_BOTTOM}",
        HARBOUR_STORY.join("\n")
    ));
    assert_eq!(
        a.title,
        "Harbour closed: fishermen 'kept ashore for a second week', as engineers step in to check the wall"
    );
    assert_eq!(a.date, date(2021, 1, 7));
    assert!(paragraphs(&a).ends_with(&HARBOUR_STORY));
}

#[test]
fn a_question_over_the_date_and_byline_is_the_headline_not_the_lede() {
    let a = read(&format!(
        "{PAGE_TOP}Please accept our privacy terms\n\
         We use cookies and other tools to make your visit smoother and to show you offers.\n\
         How will the harbour survive another winter of storms?\n\
         Published Thursday 7 January 2021\n\
         By Jane Fielding\n{}\n{PAGE_BOTTOM}",
        HARBOUR_STORY.join("\n")
    ));
    assert_eq!(
        a.title,
        "How will the harbour survive another winter of storms?"
    );
    assert_eq!(a.contributors, vec![person("Jane Fielding", Role::Author)]);
    assert_eq!(paragraphs(&a), HARBOUR_STORY.to_vec());
}

#[test]
fn a_byline_dated_without_a_year_takes_the_year_the_page_gives_that_day() {
    let byline = "By Jane Fielding April 9 at 4:25 PM Follow @janefielding";
    // A caption states the full date of that day.
    let a = read(&format!(
        "Harbour closed for second week after storm\n{byline}\n\
         April 9, 2016 Boats moored in the harbour after the storm. Sam Patel/AFP/Getty Images\n{}\n",
        HARBOUR_STORY.join("\n")
    ));
    assert_eq!(a.date, date(2016, 4, 9));
    assert_eq!(a.contributors[0], person("Jane Fielding", Role::Author));
    // Nothing on the page gives that day's year, or two years are given: no date.
    assert_eq!(story_under(byline).date, None);
    let a = read(&format!(
        "Harbour closed for second week after storm\n{byline}\n\
         April 9, 2016 Boats moored in the harbour. Sam Patel/AFP/Getty Images\n\
         April 9, 2015 The harbour a year earlier. Sam Patel/AFP/Getty Images\n{}\n",
        HARBOUR_STORY.join("\n")
    ));
    assert_eq!(a.date, None);
}

#[test]
fn a_standfirst_of_two_sentences_under_the_headline_is_no_run_of_link_titles() {
    let a = read(&format!(
        "{PAGE_TOP}Tuesday, Mar 8, 2016 10:41 AM UTC\n\
         The harbour is a lie: storms, sea walls and the truth about the fishing towns\n\
         Councils talk a good game about the coast. The fishermen are really just left to wait\n\
         Jane (J.F.) Fielding\n\
         Share\n\
         0\n\
         All Share Services\n\
         {}\n{PAGE_BOTTOM}",
        HARBOUR_STORY.join("\n")
    ));
    assert_eq!(
        a.title,
        "The harbour is a lie: storms, sea walls and the truth about the fishing towns"
    );
    assert_eq!(
        a.contributors,
        vec![person("Jane (J.F.) Fielding", Role::Author)]
    );
}
