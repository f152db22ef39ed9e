//! The site graph as a user corrects it: `[people] hide` and `[topics] hide`, hidden pages,
//! aliases on `content/people` and `content/topics` pages, spellings merged into one page,
//! and the bound on people per article.

mod common;
use common::*;

use std::path::{Path, PathBuf};

fn temp_site() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().to_path_buf();
    (dir, root)
}

fn write(root: &Path, rel: &str, text: &str) {
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

fn read_json(out: &Path, rel: &str) -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(out.join(rel)).unwrap()).unwrap()
}

/// The slugs of `data/people.json` or `data/topics.json`.
fn slugs(out: &Path, rel: &str) -> Vec<String> {
    read_json(out, rel)
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["slug"].as_str().unwrap().to_string())
        .collect()
}

/// Two articles naming three people and three topics, one topic defined by a page.
fn corrected_site(root: &Path) {
    write(
        root,
        "content/articles/port.md",
        "+++\ntitle = \"Talks on the port\"\ndate = 2024-05-02\n\
         persons = [\"Maria Alvarez\", \"Tomas Lindqvist\", \"Grace Oyelaran\"]\n\
         topics = [\"sea disputes\", \"trade talks\", \"fisheries\"]\n+++\nThe delegations met.\n",
    );
    write(
        root,
        "content/articles/harbour.md",
        "+++\ntitle = \"Harbour works begin\"\ndate = 2024-06-10\n\
         persons = [\"Maria Alvarez\", \"Tomas Lindqvist\"]\n\
         topics = [\"sea disputes\", \"fisheries\"]\n+++\nWork began on the pier.\n",
    );
    write(
        root,
        "content/topics/sea-disputes.md",
        "+++\nname = \"maritime disputes\"\naliases = [\"sea disputes\"]\n+++\nClaims at sea.\n",
    );
}

#[test]
fn hide_in_the_config_removes_people_and_topics_by_slug_or_name() {
    let (_dir, root) = temp_site();
    corrected_site(&root);
    build(&root, &[]);
    let out = root.join("public");
    // Without `hide`, everything named has its page (so the assertions below can fail).
    let people = slugs(&out, "data/people.json");
    let topics = slugs(&out, "data/topics.json");
    for slug in ["maria-alvarez", "tomas-lindqvist", "grace-oyelaran"] {
        assert!(people.contains(&slug.to_string()), "{people:?}");
    }
    for slug in ["sea-disputes", "trade-talks", "fisheries"] {
        assert!(topics.contains(&slug.to_string()), "{topics:?}");
    }

    // People by slug and by a spelling of the name; topics by the slug of a
    // content/topics page (whose name differs from its slug) and by a singular name.
    write(
        &root,
        "gazette.toml",
        "[people]\nhide = [\"tomas-lindqvist\", \"GRACE OYELARAN\"]\n\
         [topics]\nhide = [\"sea-disputes\", \"trade talk\"]\n",
    );
    build(&root, &[]);
    assert_eq!(slugs(&out, "data/people.json"), ["maria-alvarez"]);
    assert_eq!(slugs(&out, "data/topics.json"), ["fisheries"]);
    for gone in [
        "people/tomas-lindqvist/index.html",
        "people/grace-oyelaran/index.html",
        "topics/sea-disputes/index.html",
        "topics/trade-talks/index.html",
    ] {
        assert!(!out.join(gone).exists(), "{gone} is still built");
    }
    let article =
        std::fs::read_to_string(out.join("articles/talks-on-the-port/index.html")).unwrap();
    for gone in [
        "tomas-lindqvist",
        "grace-oyelaran",
        "sea-disputes",
        "trade-talks",
    ] {
        assert!(!article.contains(gone), "the article still links to {gone}");
    }
    assert!(article.contains("/people/maria-alvarez/"));
    assert!(broken_links(&out, "/").is_empty());
}

#[test]
fn pages_marked_hidden_remove_their_person_or_topic() {
    let (_dir, root) = temp_site();
    corrected_site(&root);
    write(
        &root,
        "content/people/grace-oyelaran.md",
        "+++\nhidden = true\n+++\n",
    );
    write(
        &root,
        "content/topics/fisheries.md",
        "+++\nname = \"fisheries\"\nhidden = true\n+++\n",
    );
    build(&root, &[]);
    let out = root.join("public");
    assert_eq!(
        slugs(&out, "data/people.json"),
        ["maria-alvarez", "tomas-lindqvist"]
    );
    assert_eq!(
        slugs(&out, "data/topics.json"),
        ["sea-disputes", "trade-talks"]
    );
}

#[test]
fn aliases_and_spellings_merge_into_one_person_and_one_topic() {
    let (_dir, root) = temp_site();
    corrected_site(&root);
    // A person page gathers an alias and another spelling; a sidecar-style tag with the
    // topic page's alias in other capitals joins the page's topic.
    write(
        &root,
        "content/people/maria-alvarez.md",
        "+++\nname = \"María Álvarez\"\naliases = [\"M. Alvarez\"]\n+++\nA negotiator.\n",
    );
    write(
        &root,
        "content/articles/later.md",
        "+++\ntitle = \"A later round\"\ndate = 2024-07-01\n\
         persons = [\"M. Alvarez\", \"Maria Alvarez\"]\n\
         topics = [\"Sea Disputes\", \"Fisheries\"]\n+++\nA third meeting.\n",
    );
    build(&root, &[]);
    let out = root.join("public");
    let people = read_json(&out, "data/people.json");
    let maria: Vec<_> = people
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["slug"].as_str().unwrap().starts_with("maria"))
        .collect();
    assert_eq!(maria.len(), 1, "{people:#}");
    assert_eq!(maria[0]["slug"], "maria-alvarez");
    assert_eq!(maria[0]["name"], "María Álvarez");
    assert_eq!(maria[0]["articles"].as_array().unwrap().len(), 3);
    let aliases = maria[0]["aliases"].as_array().unwrap();
    assert!(aliases.iter().any(|a| a == "M. Alvarez"), "{aliases:?}");
    assert!(aliases.iter().any(|a| a == "Maria Alvarez"), "{aliases:?}");

    let topics = read_json(&out, "data/topics.json");
    let topics = topics.as_array().unwrap();
    let sea = topics.iter().find(|t| t["slug"] == "sea-disputes").unwrap();
    assert_eq!(sea["name"], "maritime disputes");
    assert_eq!(sea["articles"].as_array().unwrap().len(), 3, "{sea:#}");
    let fisheries = topics.iter().find(|t| t["slug"] == "fisheries").unwrap();
    assert_eq!(fisheries["articles"].as_array().unwrap().len(), 3);
    assert_eq!(topics.len(), 3, "{topics:#?}");
}

/// Issue 18: an article naming 10,000 people (a sidecar list) made every ordered pair of
/// them (6 GB). Now an article links at most `[people] max_per_article` people (100 by
/// default), the most mentioned first, and the build says so.
#[test]
fn an_article_naming_ten_thousand_people_links_a_bounded_number() {
    let (_dir, root) = temp_site();
    write(
        &root,
        "seeds/roll-call.txt",
        "Roll call of the assembly\n\nMay 4, 2024\n\nThe assembly met to take the roll. \
         Delegates answered when called, and the session closed at noon.\n",
    );
    // Names the recognizer cannot mistake for each other: two made-up syllables each.
    let syllables = ["ba", "ke", "lo", "mi", "nu", "ra", "se", "ti", "vo", "za"];
    let mut names = Vec::new();
    for i in 0..10_000usize {
        let word = |n: usize| -> String {
            let mut w = syllables[n % 10].to_string();
            w.push_str(syllables[(n / 10) % 10]);
            w.push_str(syllables[(n / 100) % 10]);
            w.push_str(syllables[(n / 1000) % 10]);
            let mut c = w.chars();
            let first = c.next().unwrap().to_ascii_uppercase();
            std::iter::once(first).chain(c).collect()
        };
        names.push(format!("\"{} {}\"", word(i), word(9_999 - i)));
    }
    write(
        &root,
        "seeds/roll-call.toml",
        &format!("persons = [{}]\n", names.join(", ")),
    );
    let log = build(&root, &[]);
    let out = root.join("public");
    assert!(
        log.contains("roll-call.txt")
            && log.contains("names 10000 people; only the 100 most mentioned"),
        "no warning about the cap:\n{log}"
    );
    let people = read_json(&out, "data/people.json");
    let people = people.as_array().unwrap();
    assert_eq!(people.len(), 100);
    let article = &read_json(&out, "data/articles.json")[0];
    assert_eq!(article["persons"].as_array().unwrap().len(), 100);
    assert!(broken_links(&out, "/").is_empty());
}

/// A whole page whose byline runs on into the show's name and whose list of other stories
/// looks like a second byline.
const PIER_PAGE: &str = "Harbour Town Opens Its New Pier After Ten Years of Delay\n\
By MARTHA KELLING March 3, 2024 4:15 PM Morning Desk Live\n\n\
The new pier at Harbour Town opened on Saturday after a decade of delays, the council said \
in a statement released to reporters.\n\n\
Hundreds of residents walked the length of the pier on its first morning, and the ferry \
company said services would begin next week.\n\n\
Councillor Ada Brennan, who chaired the works committee, said the pier had cost less than \
feared.\n\nMost Popular Stories\nTeen wins regional spelling bee\nRain expected through the weekend\n";

#[test]
fn credits_that_name_no_person_get_no_person_page() {
    let (_dir, root) = temp_site();
    write(&root, "seeds/pier.txt", PIER_PAGE);
    // Credits a person wrote are taken as they are, whatever their words.
    write(
        &root,
        "content/articles/ferry.md",
        "+++\ntitle = \"Ferry timetable\"\ndate = 2024-03-04\n\
         authors = [\"Our Harbour Staff\"]\n+++\nThe ferry runs hourly.\n",
    );
    build(&root, &[]);
    let out = root.join("public");
    let articles = read_json(&out, "data/articles.json");
    let credited = |slug: &str| -> Vec<String> {
        let a = articles
            .as_array()
            .unwrap()
            .iter()
            .find(|a| a["slug"] == slug)
            .unwrap_or_else(|| panic!("no article {slug}"));
        a["contributors"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["name"].as_str().unwrap().to_string())
            .collect()
    };
    // The byline in capitals is the name; the show's words after the date are not.
    assert_eq!(
        credited("harbour-town-opens-its-new-pier-after-ten-years-of-delay"),
        ["Martha Kelling"]
    );
    assert_eq!(credited("ferry-timetable"), ["Our Harbour Staff"]);
    let people = slugs(&out, "data/people.json");
    assert!(people.contains(&"martha-kelling".to_string()), "{people:?}");
    assert!(
        !people.iter().any(|s| s.contains("popular")),
        "a list's header became a person: {people:?}"
    );
}
