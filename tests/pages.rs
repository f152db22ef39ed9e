//! Person, topic and contributor pages and their indexes: roles with the span of dates
//! they were seen, people named kept apart from the people credited for an article,
//! pagination at addresses no slug can take, and A–Z jumps.

mod common;
use common::*;
use std::path::Path;

fn write(root: &Path, rel: &str, text: &str) {
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

fn read(out: &Path, rel: &str) -> String {
    std::fs::read_to_string(out.join(rel)).unwrap_or_else(|_| panic!("no page {rel}"))
}

fn temp_root() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().to_path_buf();
    (dir, root)
}

/// A raw article quoting a minister, as an outlet prints it.
fn minister_story(date: &str, role: &str) -> String {
    format!(
        "Harbour talks resume in Port Elwin\n\n{date}\n\n\
         HANOI — {role} Tran Quoc Hieu met his counterparts in Hanoi on Monday to discuss the \
         new harbour agreement, the ministry said.\n\n\
         \"We are ready to sign,\" {role} Tran Quoc Hieu told reporters after the meeting, \
         adding that the talks had been constructive.\n\n\
         Mr. Hieu said the agreement would be signed later this year.\n"
    )
}

#[test]
fn a_person_page_lists_each_role_once_with_the_months_it_was_seen() {
    let (_dir, root) = temp_root();
    let dates = ["December 14, 2021", "March 3, 2023", "July 9, 2024"];
    for (n, date) in dates.iter().enumerate() {
        write(
            &root,
            &format!("seeds/{n}.txt"),
            &minister_story(date, "Foreign Minister"),
        );
    }
    write(
        &root,
        "seeds/early.txt",
        &minister_story("May 2, 2019", "Deputy Prime Minister"),
    );
    build(&root, &[]);
    let page = read(&root.join("public"), "people/tran-quoc-hieu/index.html");
    let roles = &page[page.find(r#"<ul class="roles">"#).expect("roles")..];
    let roles = &roles[..roles.find("</ul>").unwrap()];
    assert_eq!(
        roles,
        "<ul class=\"roles\">\
         <li><span class=\"role\">Foreign Minister</span> · <span class=\"when\">Dec 2021 – Jul 2024</span></li>\
         <li><span class=\"role\">Deputy Prime Minister</span> · <span class=\"when\">May 2019</span></li>",
        "the latest role first, each with its span, no list of dates"
    );
    assert!(!page.contains("14 December 2021</span>"), "{roles}");
}

/// Markdown articles, tagged in front matter, so the test does not depend on what the
/// recognizer finds.
fn tagged(root: &Path, name: &str, date: &str, persons: &[&str], credits: &[(&str, &str)]) {
    let list = |items: &[&str]| {
        items
            .iter()
            .map(|p| format!("\"{p}\""))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let credits = credits
        .iter()
        .map(|(n, r)| format!("{{ name = \"{n}\", role = \"{r}\" }}"))
        .collect::<Vec<_>>()
        .join(", ");
    write(
        root,
        &format!("content/articles/{name}.md"),
        &format!(
            "+++\ntitle = \"Story {name}\"\ndate = {date}\npersons = [{}]\n\
             topics = [\"Harbour Works\"]\ncontributors = [{credits}]\n+++\n\
             The harbour board met on Monday.\n",
            list(persons)
        ),
    );
}

#[test]
fn bylines_and_photo_credits_make_contributor_sections_not_mentions() {
    let (_dir, root) = temp_root();
    tagged(
        &root,
        "one",
        "2024-03-01",
        &["Ines Carvalho", "Pavel Dusek"],
        &[("Lena Marsh", "author"), ("Omar Haddad", "photographer")],
    );
    tagged(
        &root,
        "two",
        "2024-03-02",
        &["Ines Carvalho", "Lena Marsh"],
        &[("Omar Haddad", "photographer")],
    );
    build(&root, &[]);
    let out = root.join("public");

    let people = read_json(&out, "data/people.json");
    let person = |slug: &str| {
        people
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["slug"] == slug)
            .unwrap_or_else(|| panic!("no {slug} in {people}"))
            .clone()
    };
    let omar = person("omar-haddad");
    assert_eq!(omar["articles"], serde_json::json!([]), "{omar}");
    assert_eq!(
        omar["contributions"],
        serde_json::json!({"photographer": 2})
    );
    let lena = person("lena-marsh");
    assert_eq!(lena["articles"], serde_json::json!(["story-two"]), "{lena}");
    assert_eq!(lena["contributions"], serde_json::json!({"author": 1}));
    assert_eq!(
        person("ines-carvalho")["contributions"],
        serde_json::json!({})
    );

    // Not "named": not in the home page's most named, nor the people index's counts, nor
    // the people named alongside anyone.
    let home = read(&out, "index.html");
    let most_named = &home[home.find("Most named").expect("most named")..];
    let most_named = &most_named[..most_named.find("</ul>").unwrap()];
    assert!(most_named.contains("Ines Carvalho"), "{most_named}");
    assert!(!most_named.contains("Omar Haddad"), "{most_named}");
    let index = read(&out, "people/index.html");
    let named = &index[..index.find("contributors-h").expect("contributors section")];
    assert!(named.contains("Ines Carvalho") && named.contains("Lena Marsh"));
    assert!(!named.contains("Omar Haddad"), "{named}");
    let contributors = &index[index.find("contributors-h").unwrap()..];
    assert!(contributors.contains("Omar Haddad</a> <span class=\"count\">photographer 2</span>"));
    assert!(contributors.contains("Lena Marsh</a> <span class=\"count\">author 1</span>"));
    let ines = read(&out, "people/ines-carvalho/index.html");
    assert!(ines.contains("Pavel Dusek") && ines.contains("Lena Marsh"));
    assert!(
        !ines.contains("Omar Haddad"),
        "a photo credit is no co-mention"
    );

    // One page for a person both named and credited, with both sections.
    let page = read(&out, "people/lena-marsh/index.html");
    let naming = page
        .find(">Articles naming Lena Marsh</h2>")
        .expect("named section");
    let by = page
        .find(">Articles by Lena Marsh</h2>")
        .expect("byline section");
    assert!(naming < by);
    assert!(page[naming..by].contains("/articles/story-two/"));
    assert!(page[by..].contains("/articles/story-one/"));
    let photos = read(&out, "people/omar-haddad/index.html");
    assert!(photos.contains(">Photographs by Omar Haddad</h2>"));
    // Nobody is named alongside a photographer who is named nowhere: no empty side
    // column for a screen reader to announce.
    assert!(!photos.contains("<aside"), "{photos}");
    assert!(!photos.contains("Articles naming"));

    // Search lists the people an article names, not its byline.
    let docs = read_json(&out, "data/search/docs/0.json");
    let doc = docs
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["title"] == "Story one")
        .expect("doc of story one")
        .clone();
    assert_eq!(
        doc["people"],
        serde_json::json!(["Ines Carvalho", "Pavel Dusek"])
    );
    assert!(broken_links(&out, "/").is_empty());
}

#[test]
fn long_person_and_topic_pages_are_paginated_at_addresses_no_slug_can_take() {
    let (_dir, root) = temp_root();
    write(&root, "gazette.toml", "paginate = 2\n");
    for n in 1..=5 {
        tagged(
            &root,
            &format!("n{n}"),
            &format!("2021-0{n}-01"),
            &["Ines Carvalho"],
            &[("Omar Haddad", "photographer")],
        );
    }
    // Headlines whose slugs would be a year page's and a list page's address.
    write(
        &root,
        "content/articles/year.md",
        "+++\ntitle = \"2021\"\ndate = 2021-12-31\n+++\nThe year in review.\n",
    );
    write(
        &root,
        "content/articles/page.md",
        "+++\ntitle = \"Page\"\ndate = 2021-12-30\n+++\nA page.\n",
    );
    build(&root, &[]);
    let out = root.join("public");

    for base in [
        "people/ines-carvalho/",
        "people/omar-haddad/",
        "topics/harbour-works/",
    ] {
        let first = read(&out, &format!("{base}index.html"));
        let second = read(&out, &format!("{base}page/2/index.html"));
        let third = read(&out, &format!("{base}page/3/index.html"));
        assert!(!out.join(format!("{base}page/4/index.html")).exists());
        assert!(!out.join(format!("{base}page/1/index.html")).exists());
        // Newest first, two a page, every article on exactly one page.
        let on = |page: &str| -> Vec<u32> {
            (1..=5)
                .filter(|n| page.contains(&format!("/articles/story-n{n}/\"")))
                .collect()
        };
        assert_eq!(on(&first), [4, 5], "{base}");
        assert_eq!(on(&second), [2, 3], "{base}");
        assert_eq!(on(&third), [1], "{base}");
        assert!(second.contains("3–4 of 5"), "{base}: says which articles");
        assert!(second.contains(&format!("<link rel=\"prev\" href=\"/{base}\">")));
        assert!(second.contains(&format!("<link rel=\"next\" href=\"/{base}page/3/\">")));
        assert!(second.contains(&format!("<a rel=\"prev\" href=\"/{base}\">")));
        assert!(!first.contains("rel=\"prev\""));
        assert!(!third.contains("rel=\"next\""));
        assert!(second.contains("page 2 of 3 ·"), "the title says the page");
        assert!(second.contains(&format!("<link rel=\"canonical\" href=\"/{base}page/2/\">")));
    }
    let articles = read_json(&out, "data/articles.json");
    let slug_of = |title: &str| {
        articles
            .as_array()
            .unwrap()
            .iter()
            .find(|a| a["title"] == title)
            .unwrap()["slug"]
            .as_str()
            .unwrap()
            .to_string()
    };
    assert_eq!(slug_of("2021"), "2021-2");
    assert_eq!(slug_of("Page"), "page-2");
    assert!(read(&out, "articles/2021/index.html").contains("Articles from 2021"));
    assert!(broken_links(&out, "/").is_empty());
}

#[test]
fn the_people_and_topics_indexes_jump_from_a_to_z() {
    let (_dir, root) = temp_root();
    tagged(
        &root,
        "one",
        "2024-03-01",
        &["Ines Carvalho", "Ángel Barros", "Pavel Dusek"],
        &[],
    );
    build(&root, &[]);
    let out = root.join("public");
    let index = read(&out, "people/index.html");
    let az = &index[index.find(r#"<nav class="az""#).expect("A–Z")..];
    let az = &az[..az.find("</nav>").unwrap()];
    // A letter with names links to its list; one without is shown, not linked.
    assert!(az.contains(r##"<a href="#letter-a">A</a>"##), "{az}");
    assert!(az.contains(r##"<a href="#letter-i">I</a>"##), "{az}");
    assert!(az.contains(r##"<a href="#letter-p">P</a>"##), "{az}");
    assert!(!az.contains("#letter-c\""), "{az}");
    assert!(az.contains(r#"<span aria-hidden="true">C</span>"#), "{az}");
    assert_eq!(az.matches("<li>").count(), 27, "A to Z and '#'");
    // Names under their letter, diacritics folded ("Ángel" under A).
    let a = &index[index.find(r#"id="letter-a""#).unwrap()..];
    let a = &a[..a.find("</ul>").unwrap()];
    assert!(a.contains("Ángel Barros"), "{a}");
    let topics = read(&out, "topics/index.html");
    assert!(topics.contains(r##"<a href="#letter-h">H</a>"##));
    assert!(topics.contains(r#"id="letter-h""#));
    assert!(broken_links(&out, "/").is_empty());
}

#[test]
fn every_topic_an_article_has_is_on_its_page_count_links_and_search_alike() {
    let (_dir, root) = temp_root();
    // One article with ten topics (more than a reader would tag, and more than the old
    // per-article cap of 8), another with one of them.
    let topics: Vec<String> = (1..=10).map(|n| format!("Harbour works {n}")).collect();
    let list = topics
        .iter()
        .map(|t| format!("\"{t}\""))
        .collect::<Vec<_>>()
        .join(", ");
    write(
        &root,
        "content/articles/many.md",
        &format!(
            "+++\ntitle = \"Many topics\"\ndate = 2024-03-01\ntopics = [{list}]\n+++\nWorks.\n"
        ),
    );
    write(
        &root,
        "content/articles/one.md",
        "+++\ntitle = \"One topic\"\ndate = 2024-03-02\ntopics = [\"Harbour works 10\"]\n+++\nMore works.\n",
    );
    build(&root, &[]);
    let out = root.join("public");
    let article = read(&out, "articles/many-topics/index.html");
    let docs = read_json(&out, "data/search/docs/0.json");
    let doc = docs
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["title"] == "Many topics")
        .unwrap()
        .clone();
    for (n, name) in topics.iter().enumerate() {
        let slug = format!("harbour-works-{}", n + 1);
        let page = read(&out, &format!("topics/{slug}/index.html"));
        assert!(page.contains("/articles/many-topics/"), "{slug} lists it");
        assert!(
            article.contains(&format!("/topics/{slug}/")),
            "the article links {slug}"
        );
        assert!(doc["topics"].as_array().unwrap().iter().any(|t| t == name));
    }
    let tenth = read(&out, "topics/harbour-works-10/index.html");
    assert!(
        tenth.contains(">2 articles</h2>"),
        "the count is the page's"
    );
}
