//! A deterministic generator of raw news articles in the style of the seeds: headlines,
//! date lines in several formats, bylines, datelines, captions with photo credits, junk
//! lines, Vietnamese and foreign people with titles and short forms, topic phrases.
//! Used by the `corpus` and `bench` examples.
#![allow(dead_code)]

use std::fmt::Write as _;
use std::path::Path;

/// xorshift64*: small, fast, and the same sequence on every machine.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }
    pub fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
    pub fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
}

const FAMILY: &[(&str, &str)] = &[
    ("Nguyễn", "Nguyen"),
    ("Trần", "Tran"),
    ("Lê", "Le"),
    ("Phạm", "Pham"),
    ("Hoàng", "Hoang"),
    ("Vũ", "Vu"),
    ("Võ", "Vo"),
    ("Đặng", "Dang"),
    ("Bùi", "Bui"),
    ("Đỗ", "Do"),
    ("Hồ", "Ho"),
    ("Ngô", "Ngo"),
    ("Dương", "Duong"),
    ("Lý", "Ly"),
    ("Trương", "Truong"),
    ("Đinh", "Dinh"),
];
const MIDDLE: &[(&str, &str)] = &[
    ("Văn", "Van"),
    ("Thị", "Thi"),
    ("Minh", "Minh"),
    ("Thanh", "Thanh"),
    ("Quốc", "Quoc"),
    ("Đức", "Duc"),
    ("Hồng", "Hong"),
    ("Xuân", "Xuan"),
    ("Kim", "Kim"),
    ("Phú", "Phu"),
    ("Bình", "Binh"),
    ("Thế", "The"),
    ("Hữu", "Huu"),
    ("Ngọc", "Ngoc"),
];
const GIVEN: &[(&str, &str)] = &[
    ("Sơn", "Son"),
    ("Trọng", "Trong"),
    ("Chính", "Chinh"),
    ("Thưởng", "Thuong"),
    ("Huệ", "Hue"),
    ("Hải", "Hai"),
    ("Hùng", "Hung"),
    ("Lan", "Lan"),
    ("Vân", "Van"),
    ("Tùng", "Tung"),
    ("Dũng", "Dung"),
    ("Hà", "Ha"),
    ("Nam", "Nam"),
    ("Phúc", "Phuc"),
    ("Khải", "Khai"),
    ("Quang", "Quang"),
    ("Tâm", "Tam"),
    ("Thắng", "Thang"),
    ("Long", "Long"),
    ("Mai", "Mai"),
];
const TITLES: &[(&str, &str)] = &[
    ("Minister of Foreign Affairs", "FM"),
    ("Prime Minister", "PM"),
    ("General Secretary", "General Secretary"),
    ("President", "President"),
    ("Deputy Prime Minister", "Deputy PM"),
    ("Ambassador", "Ambassador"),
    ("National Assembly Chairman", "NA Chairman"),
    ("Deputy Foreign Minister", "Deputy FM"),
    ("Minister of Industry and Trade", "Minister"),
    ("Party Secretary General", "General Secretary"),
];
const FOREIGN: &[(&str, &str)] = &[
    ("US Secretary of State", "Antony Blinken"),
    ("Chinese President", "Xi Jinping"),
    ("UNESCO Director-General", "Audrey Azoulay"),
    ("Australian Foreign Minister", "Penny Wong"),
    ("US President", "Joe Biden"),
    ("Japanese Prime Minister", "Fumio Kishida"),
    ("Indian Prime Minister", "Narendra Modi"),
    ("French President", "Emmanuel Macron"),
    ("UN Secretary-General", "António Guterres"),
    ("Singaporean Prime Minister", "Lee Hsien Loong"),
];
const DIPLOMACY: &[&str] = &[
    "cultural",
    "economic",
    "political",
    "vaccine",
    "people-to-people",
    "multilateral",
    "Party",
    "parliamentary",
    "defence",
    "health",
    "digital",
    "climate",
];
const ORGS: &[&str] = &[
    "ASEAN",
    "UNESCO",
    "APEC",
    "OECD",
    "WTO",
    "the United Nations",
    "the G20",
    "Mekong-Lancang Cooperation",
];
const PLACES: &[&str] = &[
    "Hanoi",
    "Ho Chi Minh City",
    "Da Nang",
    "Hai Phong",
    "Can Tho",
    "Quang Ninh",
    "Hue",
    "Singapore",
    "Tokyo",
    "Canberra",
    "Paris",
    "New York",
];
const OUTLETS: &[(&str, &str)] = &[
    ("(VOVWORLD) -", "VOV"),
    ("Hanoi (VNA) –", "VNA"),
    ("VGP –", "VGP"),
    ("WVR -", "WVR"),
    ("VOV.VN -", "VOV"),
    ("PARIS —", "VNA"),
];
const VERBS: &[&str] = &[
    "stressed",
    "said",
    "affirmed",
    "noted",
    "highlighted",
    "told the conference",
    "emphasised",
    "proposed",
];
const CLAUSES: &[&str] = &[
    "the two countries should deepen their comprehensive strategic partnership",
    "trade and investment ties have grown steadily over the past decade",
    "the region faces complex security challenges that call for dialogue",
    "cooperation in education, science and technology will be a new pillar",
    "both sides agreed to facilitate market access for agricultural products",
    "the diplomatic sector must take the lead in mobilising external resources",
    "overseas Vietnamese communities are an inseparable part of the nation",
    "sustainable development requires green growth and digital transformation",
    "the upcoming summit offers a chance to review the implementation of commitments",
    "people-to-people exchanges lay the foundation for long-term friendship",
];
const HEADLINE_PARTS: &[&str] = &[
    "strengthens ties with",
    "calls for closer cooperation with",
    "hosts talks with",
    "reviews diplomatic work with",
    "signs agreements with",
    "promotes investment from",
];
const PARTNERS: &[&str] = &[
    "Japan",
    "Australia",
    "France",
    "India",
    "the US",
    "China",
    "Singapore",
    "Laos",
    "Cambodia",
    "the EU",
];
const JUNK: &[&str] = &[
    "Chia sẻ",
    "Share",
    "Comment (0)",
    "Source",
    "Related news",
    "Other news",
    "Tags: diplomacy, Vietnam",
];
const MONTHS: &[&str] = &[
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
];
const MONTHS_SHORT: &[&str] = &[
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sept", "Oct", "Nov", "Dec",
];

/// A person of the generated world, with both spellings.
#[derive(Clone)]
pub struct GenPerson {
    pub full: String,
    pub ascii: String,
    pub given: String,
    pub title: &'static str,
    pub short_title: &'static str,
}

pub struct World {
    pub people: Vec<GenPerson>,
}

impl World {
    /// About one person per 15 articles, so people recur across the archive.
    pub fn new(rng: &mut Rng, n_articles: usize) -> Self {
        let n = (n_articles / 15).clamp(20, 5000);
        let mut people = Vec::with_capacity(n);
        let mut seen = std::collections::HashSet::new();
        while people.len() < n {
            let f = rng.pick(FAMILY);
            let m = rng.pick(MIDDLE);
            let g = rng.pick(GIVEN);
            let extra = if rng.chance(30) {
                Some(rng.pick(MIDDLE))
            } else {
                None
            };
            let (full, ascii) = match extra {
                Some(e) if e.0 != m.0 => (
                    format!("{} {} {} {}", f.0, m.0, e.0, g.0),
                    format!("{} {} {} {}", f.1, m.1, e.1, g.1),
                ),
                _ => (
                    format!("{} {} {}", f.0, m.0, g.0),
                    format!("{} {} {}", f.1, m.1, g.1),
                ),
            };
            if !seen.insert(ascii.clone()) {
                if seen.len() > 20_000 {
                    break;
                }
                continue;
            }
            let t = rng.pick(TITLES);
            people.push(GenPerson {
                full,
                ascii,
                given: g.1.to_string(),
                title: t.0,
                short_title: t.1,
            });
        }
        World { people }
    }
}

/// One generated article: the raw text, and what a Markdown version's front matter says.
pub struct GenArticle {
    pub raw: String,
    pub title: String,
    pub date: Option<(i32, u32, u32)>,
    pub persons: Vec<String>,
    pub topics: Vec<String>,
    pub body_paragraphs: Vec<String>,
}

fn date_line(rng: &mut Rng, y: i32, m: u32, d: u32) -> String {
    let (h, min) = (rng.below(24), rng.below(60));
    match rng.below(7) {
        0 => format!(
            "{} {:02}, {y} / {h:02}:{min:02}",
            MONTHS_SHORT[m as usize - 1],
            d
        ),
        1 => format!("{} {d}, {y} - {h:02}:{min:02}", MONTHS[m as usize - 1]),
        2 => format!("Thứ Bảy, {d:02}/{m:02}/{y}, {h:02}:{min:02}"),
        3 => format!("{} {d:02}, {y} | {h:02}:{min:02}", MONTHS[m as usize - 1]),
        4 => format!(
            "{} {d:02}, {y} {}:{min:02} PM GMT+7",
            MONTHS[m as usize - 1],
            h % 12 + 1
        ),
        5 => format!(
            "{}:{min:02}:{:02} AM | {d}/{m}/{y}",
            h % 12 + 1,
            rng.below(60)
        ),
        _ => format!("{y}-{m:02}-{d:02}"),
    }
}

pub fn article(rng: &mut Rng, world: &World, index: usize) -> GenArticle {
    let np = 1 + rng.below(4);
    let cast: Vec<GenPerson> = (0..np).map(|_| rng.pick(&world.people).clone()).collect();
    let foreign = if rng.chance(40) {
        Some(*rng.pick(FOREIGN))
    } else {
        None
    };
    let dip = *rng.pick(DIPLOMACY);
    let org = *rng.pick(ORGS);
    let partner = *rng.pick(PARTNERS);
    let place = *rng.pick(PLACES);
    let lead = &cast[0];
    let diacritics = rng.chance(50);
    let name = |p: &GenPerson| {
        if diacritics {
            p.full.clone()
        } else {
            p.ascii.clone()
        }
    };

    let title = format!(
        "Vietnam {} {partner} in {dip} diplomacy push ({index})",
        rng.pick(HEADLINE_PARTS)
    );
    let date = if rng.chance(85) {
        Some((
            2010 + rng.below(15) as i32,
            1 + rng.below(12) as u32,
            1 + rng.below(28) as u32,
        ))
    } else {
        None
    };
    let mut t = String::with_capacity(4096);
    if rng.chance(10) {
        // A navigation run before the headline, as some pages have.
        t.push_str("Politics Business Society Culture Sports World Travel Videos Photos\n");
    }
    let _ = writeln!(t, "{title}\n");
    if let Some((y, m, d)) = date {
        let _ = writeln!(t, "{}", date_line(rng, y, m, d));
    }
    if rng.chance(40) {
        let _ = writeln!(
            t,
            "{}",
            name(rng.pick(&world.people))
                .split(' ')
                .skip(1)
                .collect::<Vec<_>>()
                .join(" ")
        );
    }
    if rng.chance(30) {
        let _ = writeln!(t, "{}", rng.pick(JUNK));
    }
    t.push('\n');
    let (tag, _outlet) = *rng.pick(OUTLETS);
    let mut body = Vec::new();
    body.push(format!(
        "{tag} {} {} {} in {} that {dip} diplomacy remains a key pillar of Vietnam's foreign policy, as the country works with {partner} and {org} on shared goals in {place}.",
        lead.title, name(lead), rng.pick(VERBS), MONTHS[rng.below(12)]
    ));
    if rng.chance(60) {
        body.push(format!(
            "{} {} chairs the meeting in {place} (Photo: VNA)",
            lead.title,
            name(lead)
        ));
    }
    let paragraphs = 5 + rng.below(8);
    for k in 0..paragraphs {
        let p = &cast[k % cast.len()];
        let mut s = String::new();
        let short = match rng.below(3) {
            0 => format!("{} {}", p.short_title, p.given),
            1 => format!("Mr. {}", p.given),
            _ => p.given.clone(),
        };
        let _ = write!(s, "{short} {} that {}.", rng.pick(VERBS), rng.pick(CLAUSES));
        for _ in 0..(2 + rng.below(4)) {
            let _ = write!(
                s,
                " {} {}.",
                capitalise(rng.pick::<&str>(CLAUSES)),
                if rng.chance(30) {
                    format!("within the framework of {org}")
                } else {
                    format!("in {dip} diplomacy")
                }
            );
        }
        if k == 1 {
            if let Some((role, fname)) = foreign {
                let _ = write!(
                    s,
                    " {role} {fname} welcomed the talks and said {}.",
                    rng.pick(CLAUSES)
                );
            }
            let _ = write!(
                s,
                " Both sides pledged to make full use of Free Trade Agreements (FTAs) and attract Foreign Direct Investment (FDI)."
            );
        }
        if k == 2 && cast.len() > 1 {
            let _ = write!(s, " {} {} also attended.", cast[1].title, name(&cast[1]));
        }
        body.push(s);
        if k == paragraphs / 2 && rng.chance(40) {
            body.push("New impetus for cooperation".to_string());
        }
    }
    for b in &body {
        t.push_str(b);
        t.push_str("\n\n");
    }
    if rng.chance(50) {
        t.push_str("VNA\n");
    }
    if rng.chance(40) {
        t.push_str("Comment (0)\n");
    }
    let mut persons: Vec<String> = cast.iter().map(|p| p.ascii.clone()).collect();
    if let Some((_, f)) = foreign {
        persons.push(f.to_string());
    }
    persons.sort();
    persons.dedup();
    GenArticle {
        raw: t,
        title,
        date,
        persons,
        topics: vec![
            format!("{dip} diplomacy"),
            org.trim_start_matches("the ").to_string(),
            "free trade agreements".into(),
        ],
        body_paragraphs: body,
    }
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

/// Writes `n` articles into `dir/seeds/` (or `dir/content/articles/` as Markdown with the
/// people and topics in front matter), plus a gazette.toml. Returns the bytes written.
pub fn write_corpus(dir: &Path, n: usize, seed: u64, markdown: bool) -> std::io::Result<u64> {
    let mut rng = Rng::new(seed);
    let world = World::new(&mut rng, n);
    let sub = if markdown {
        dir.join("content/articles")
    } else {
        dir.join("seeds")
    };
    std::fs::create_dir_all(&sub)?;
    std::fs::write(
        dir.join("gazette.toml"),
        "title = \"Generated archive\"\nbase_url = \"https://example.org/\"\n",
    )?;
    let mut bytes = 0u64;
    for i in 0..n {
        let a = article(&mut rng, &world, i);
        if markdown {
            let mut md = String::from("+++\n");
            let _ = writeln!(md, "title = {:?}", a.title);
            if let Some((y, m, d)) = a.date {
                let _ = writeln!(md, "date = {y}-{m:02}-{d:02}");
            }
            let _ = writeln!(md, "persons = {:?}", a.persons);
            let _ = writeln!(md, "topics = {:?}", a.topics);
            md.push_str("+++\n\n");
            for p in &a.body_paragraphs {
                md.push_str(p);
                md.push_str("\n\n");
            }
            bytes += md.len() as u64;
            std::fs::write(sub.join(format!("{i:06}.md")), md)?;
        } else {
            bytes += a.raw.len() as u64;
            std::fs::write(sub.join(format!("{i:06}.txt")), &a.raw)?;
        }
    }
    Ok(bytes)
}

/// Escapes text for HTML.
fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The article as a browser saves a news site's page: metadata in the head (JSON-LD,
/// OpenGraph, `<title>` with the site's name), and around the story the furniture such
/// pages carry — menus, scripts, share buttons, a sign-up form, related stories, a footer —
/// so that extraction has as much to discard as on a real page (about 30 KB a page).
pub fn saved_page(rng: &mut Rng, world: &World, a: &GenArticle) -> String {
    let mut h = String::with_capacity(32 * 1024);
    let outlet = "Viet Diplomacy Daily";
    let author = rng.pick(&world.people).ascii.clone();
    let date = a.date.map(|(y, m, d)| format!("{y}-{m:02}-{d:02}"));
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>{} | {outlet}</title>\n",
        esc(&a.title)
    );
    let _ = writeln!(
        h,
        "<meta property=\"og:title\" content=\"{}\">\n<meta property=\"og:site_name\" content=\"{outlet}\">",
        esc(&a.title)
    );
    let mut ld = format!(
        "{{\"@context\":\"https://schema.org\",\"@type\":\"NewsArticle\",\"headline\":{:?},\"author\":{{\"@type\":\"Person\",\"name\":{author:?}}},\"publisher\":{{\"@type\":\"Organization\",\"name\":\"{outlet}\"}}",
        a.title
    );
    if let Some(d) = &date {
        let _ = write!(ld, ",\"datePublished\":\"{d}T08:00:00+07:00\"");
    }
    ld.push('}');
    let _ = writeln!(
        h,
        "<script type=\"application/ld+json\">{ld}</script>\n<link rel=\"stylesheet\" href=\"/static/site.css\">"
    );
    h.push_str("<style>");
    for i in 0..60 {
        let _ = write!(
            h,
            ".c{i}{{margin:{i}px;padding:0 {i}px;color:#{:06x}}}",
            i * 4099
        );
    }
    h.push_str("</style>\n<script>");
    for i in 0..40 {
        let _ = write!(
            h,
            "window.dataLayer=window.dataLayer||[];dataLayer.push({{event:'view{i}',section:'politics'}});"
        );
    }
    h.push_str("</script>\n</head><body>\n<header class=\"site\"><nav><ul>");
    for section in [
        "Politics",
        "Business",
        "Society",
        "Culture",
        "Sports",
        "World",
        "Travel",
        "Videos",
        "Photos",
        "Opinion",
        "Science",
        "Health",
        "Education",
        "Tech",
        "Weather",
    ] {
        let _ = write!(
            h,
            "<li><a href=\"/{}\">{section}</a></li>",
            section.to_lowercase()
        );
    }
    h.push_str("</ul></nav><form action=\"/search\"><input name=\"q\"><button>Search</button></form></header>\n");
    h.push_str("<main><article class=\"story\">\n");
    let _ = writeln!(h, "<h1>{}</h1>", esc(&a.title));
    let _ = write!(h, "<p class=\"byline\">By <a href=\"/author\">{author}</a>");
    if let Some(d) = &date {
        let _ = write!(h, " <time datetime=\"{d}\">{d}</time>");
    }
    h.push_str("</p>\n<div class=\"share\"><button onclick=\"share('fb')\">Facebook</button><button onclick=\"share('x')\">X</button></div>\n");
    for p in &a.body_paragraphs {
        if p.ends_with("(Photo: VNA)") {
            let _ = writeln!(
                h,
                "<figure><img src=\"https://cdn.example/photo.jpg\" alt=\"\"><figcaption>{}</figcaption></figure>",
                esc(p)
            );
        } else if p.split_whitespace().count() < 8 && !p.ends_with('.') {
            let _ = writeln!(h, "<h2>{}</h2>", esc(p));
        } else {
            let _ = writeln!(h, "<p>{}</p>", esc(p));
        }
    }
    h.push_str("</article>\n<aside class=\"related\"><h3>Related news</h3><ul>");
    for i in 0..12 {
        let _ = write!(
            h,
            "<li><a href=\"/news/{}\">Vietnam and partners discuss cooperation, part {i}</a></li>",
            rng.below(100_000)
        );
    }
    h.push_str("</ul></aside>\n<form class=\"newsletter\"><p>Sign up for our newsletter</p><input name=\"email\"><button>Subscribe</button></form>\n</main>\n<footer><ul>");
    for link in [
        "About us",
        "Contact",
        "Advertise",
        "Terms of use",
        "Privacy",
        "RSS",
    ] {
        let _ = write!(h, "<li><a href=\"/{}\">{link}</a></li>", link.len());
    }
    let _ = write!(
        h,
        "</ul><p>© {outlet}. All rights reserved.</p></footer>\n<script src=\"/static/app.js\"></script>\n</body></html>\n"
    );
    h
}

/// Writes the same `n` articles as `write_corpus` does, each as a saved web page
/// `dir/seeds/NNNNNN.html`, plus a gazette.toml. Returns the bytes written.
pub fn write_html_corpus(dir: &Path, n: usize, seed: u64) -> std::io::Result<u64> {
    let mut rng = Rng::new(seed);
    let world = World::new(&mut rng, n);
    let sub = dir.join("seeds");
    std::fs::create_dir_all(&sub)?;
    std::fs::write(
        dir.join("gazette.toml"),
        "title = \"Generated archive\"\nbase_url = \"https://example.org/\"\n",
    )?;
    let mut page_rng = Rng::new(seed ^ 0x5A5A);
    let mut bytes = 0u64;
    for i in 0..n {
        let a = article(&mut rng, &world, i);
        let page = saved_page(&mut page_rng, &world, &a);
        bytes += page.len() as u64;
        std::fs::write(sub.join(format!("{i:06}.html")), page)?;
    }
    Ok(bytes)
}
