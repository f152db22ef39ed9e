//! Saved web pages and web archives as input: what a user relies on when feeding `.html`,
//! `.html.gz` and `.warc(.gz)` files. Every page here is written for the tests in the
//! style of a real outlet's markup.

mod common;

use common::{build, page, read_json, temp_site, write};
use std::io::Write;

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    enc.write_all(bytes).unwrap();
    enc.finish().unwrap()
}

/// A story page as a newspaper's site serves it: JSON-LD in a `@graph`, OpenGraph, a
/// menu, share buttons, a sign-up form, comments and a footer around the article.
fn paper_page(extra_body: &str) -> String {
    format!(
        r#"<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Harbour bridge reopens after repairs | The Coastal Courier</title>
<meta property="og:title" content="Harbour bridge reopens after repairs">
<meta property="og:site_name" content="The Coastal Courier">
<meta name="author" content="Desk Editor">
<meta property="article:published_time" content="2021-05-02T08:00:00Z">
<link rel="canonical" href="https://courier.example/news/2021/bridge-reopens">
<script type="application/ld+json">
{{"@context":"https://schema.org","@graph":[
  {{"@type":"WebSite","name":"The Coastal Courier"}},
  {{"@type":"NewsArticle","headline":"Harbour bridge reopens after two years of repairs",
   "datePublished":"2021-05-03T06:30:00+10:00",
   "author":[{{"@type":"Person","name":"Mara Quinlan"}},{{"@type":"Organization","name":"Courier Wire"}}],
   "publisher":{{"@type":"NewsMediaOrganization","name":"The Coastal Courier"}}}}]}}
</script>
<style>.x{{color:red}}</style>
</head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li><li><a href="/sport">Sport</a></li></ul></nav>
<div class="share"><button onclick="share()">Share</button></div>
<article>
<h1>Harbour bridge reopens after two years of repairs</h1>
<p class="byline">By Mara Quinlan</p>
<p>The harbour bridge reopened to traffic on Sunday morning after two years of repairs that
cost the city more than it had planned, the council said in a statement released late on Saturday.</p>
<p>Engineers replaced the deck, the cables and the lights, and painted the towers in the
colour the bridge had when it first opened in the spring of 1932, council engineer Tomas Reyes said.</p>
<h2>Traffic returns</h2>
<p>Commuters who had used the ferry for two years lined up before dawn to be among the first to
cross, and the mayor cut a ribbon at the northern end as the sun came up over the water.</p>
<ul><li>Cars: from 6 a.m. on weekdays</li><li>Bicycles: at all times, on the new western lane</li></ul>
<blockquote><p>We waited a long time for this morning, and it was worth the wait.</p></blockquote>
{extra_body}
<p>The council said the tolls would stay the same until the end of the year, when the
budget for the next five years of upkeep is set by the councillors in a public meeting.</p>
</article>
<form action="/subscribe"><p>Sign up for our newsletter</p><input name="email"></form>
<section class="comments"><h3>Comments (2)</h3></section>
<footer><p>© The Coastal Courier</p></footer>
<script>document.write("tracking")</script>
</body></html>"#
    )
}

#[test]
fn a_saved_page_becomes_an_article_with_its_own_metadata() {
    let (_dir, root) = temp_site();
    write(&root, "seeds/bridge.html", paper_page(""));
    build(&root, &[]);
    let out = root.join("public");
    let articles = read_json(&out, "data/articles.json");
    let a = &articles[0];
    // JSON-LD comes before OpenGraph and <title>, and an organisation is not a person.
    assert_eq!(
        a["title"],
        "Harbour bridge reopens after two years of repairs"
    );
    assert_eq!(a["date"], "2021-05-03");
    assert_eq!(a["outlet"], "The Coastal Courier");
    assert_eq!(a["url"], "https://courier.example/news/2021/bridge-reopens");
    assert!(a.get("captured").is_none());
    let names: Vec<&str> = a["contributors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Mara Quinlan"]);
    assert_eq!(a["contributors"][0]["role"], "author");

    let html = page(&out, a["path"].as_str().unwrap());
    let body = &html[html.find("<article").unwrap()..];
    assert!(
        body.contains("<h2 id=\"traffic-returns\">Traffic returns</h2>"),
        "{body}"
    );
    assert!(body.contains("<li>Bicycles: at all times, on the new western lane</li>"));
    assert!(
        body.contains("<blockquote><p>We waited a long time"),
        "{body}"
    );
    for junk in [
        "Sign up for our newsletter",
        "Comments (2)",
        "tracking",
        "Sport",
        "Share",
    ] {
        assert!(!body.contains(junk), "{junk} shown: {body}");
    }
    // The outlet's page is the article's source.
    assert!(
        html.contains("href=\"https://courier.example/news/2021/bridge-reopens\""),
        "{html}"
    );
}

#[test]
fn metadata_falls_back_from_json_ld_to_meta_and_title() {
    let (_dir, root) = temp_site();
    // No JSON-LD: OpenGraph title, `article:published_time`, `meta name=byl`; the site's
    // name comes off the <title>.
    write(
        &root,
        "seeds/a.html",
        r#"<html><head><title>Ferry fares to rise in June - Island News</title>
<meta property="og:site_name" content="Island News">
<meta property="article:published_time" content="2019-11-20T10:00:00Z">
<meta name="byl" content="By JUNE ABERNATHY and Ola Petersen">
</head><body><div id="story"><p>Fares on the island ferry will rise by a tenth in June, the operator
said on Wednesday, the first rise in four years on the route to the mainland.</p>
<p>The operator said fuel and wages had both gone up since the last rise, and that the
new timetable would add two crossings on summer weekends for the visitors who come.</p></div>
</body></html>"#,
    );
    // Only a <title> with a suffix and an <h1>: the <h1> is the headline.
    write(
        &root,
        "seeds/b.html",
        r#"<html><head><title>Library opens on Sundays | Valley Times</title></head><body>
<h1>Library opens on Sundays</h1><div><p>The town library will open on Sundays from next month, the
librarian said, after a petition signed by more than two thousand readers of all ages.</p>
<p>Opening hours on Sundays will be from ten in the morning to four in the afternoon, and
the reading room and the children's corner will both be open for the whole day.</p></div></body></html>"#,
    );
    build(&root, &[]);
    let articles = read_json(&root.join("public"), "data/articles.json");
    let by_source = |s: &str| {
        articles
            .as_array()
            .unwrap()
            .iter()
            .find(|a| a["source"] == s)
            .unwrap()
            .clone()
    };
    let a = by_source("seeds/a.html");
    assert_eq!(a["title"], "Ferry fares to rise in June");
    assert_eq!(a["date"], "2019-11-20");
    assert_eq!(a["outlet"], "Island News");
    let names: Vec<&str> = a["contributors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["June Abernathy", "Ola Petersen"]);
    let b = by_source("seeds/b.html");
    assert_eq!(b["title"], "Library opens on Sundays");
    // Nothing on the page dates it: no date is made up.
    assert!(b["date"].is_null());
}

#[test]
fn nothing_of_the_page_can_run_script_in_the_site() {
    let (_dir, root) = temp_site();
    let nasty = r#"<p onclick="steal()">A paragraph with a handler that the reader must drop before it is shown.</p>
<ul><li><a href="javascript:alert(1)">bad link</a> and <a href="https://ok.example/x" onmouseover="x()" style="color:red">good link</a></li>
<li><img src="x.png" onerror="alert(2)"> <script>alert(3)</script><iframe src="https://evil.example"></iframe></li></ul>
<table><tr><td colspan="2" onclick="y()" style="x">cell</td><td rowspan="javascript:1">cell two</td></tr></table>
<p>&lt;script&gt;alert(4)&lt;/script&gt; written as text in the story is shown as text, never as markup.</p>"#;
    write(&root, "seeds/x.html", paper_page(nasty));
    build(&root, &[]);
    let out = root.join("public");
    let a = &read_json(&out, "data/articles.json")[0];
    let html = page(&out, a["path"].as_str().unwrap());
    let body = &html[html.find("<article").unwrap()..html.find("</article>").unwrap()];
    for bad in [
        "onclick",
        "onerror",
        "onmouseover",
        "javascript:",
        "<script",
        "<iframe",
        "style=",
        "steal()",
    ] {
        assert!(!body.contains(bad), "{bad} reached the page: {body}");
    }
    assert!(body.contains("href=\"https://ok.example/x\""), "{body}");
    assert!(body.contains("<td colspan=\"2\">cell</td>"), "{body}");
    assert!(
        body.contains("&lt;script&gt;alert(4)&lt;/script&gt;"),
        "{body}"
    );
}

#[test]
fn pictures_saved_beside_a_page_are_copied_and_remote_ones_are_not_linked() {
    let (_dir, root) = temp_site();
    let figures = r#"<figure><img src="bridge_files/deck%20at%20dawn.jpg" alt="The new deck">
<figcaption>The new deck at dawn on Sunday. Photo: Lee Harmon</figcaption></figure>
<figure><img src="https://cdn.example/towers.jpg" alt="Towers"><figcaption>The towers, repainted.</figcaption></figure>"#;
    write(&root, "seeds/bridge.html", paper_page(figures));
    write(
        &root,
        "seeds/bridge_files/deck at dawn.jpg",
        b"\xFF\xD8\xFFjpeg",
    );
    build(&root, &[]);
    let out = root.join("public");
    let copied = out.join("static/media/bridge_files/deck at dawn.jpg");
    assert_eq!(std::fs::read(&copied).unwrap(), b"\xFF\xD8\xFFjpeg");
    let a = &read_json(&out, "data/articles.json")[0];
    let html = page(&out, a["path"].as_str().unwrap());
    assert!(
        html.contains(
            "<img src=\"/static/media/bridge_files/deck at dawn.jpg\" alt=\"The new deck\""
        ),
        "{html}"
    );
    assert!(
        html.contains("<figcaption>The new deck at dawn on Sunday."),
        "{html}"
    );
    // The remote picture's caption stays; the picture is not hot-linked by default.
    assert!(html.contains("<figcaption>The towers, repainted.</figcaption>"));
    assert!(!html.contains("cdn.example"), "{html}");

    // Unless the site asks for it.
    write(&root, "gazette.toml", "[html]\nremote_images = true\n");
    build(&root, &[]);
    let html = page(&out, a["path"].as_str().unwrap());
    assert!(
        html.contains("<img src=\"https://cdn.example/towers.jpg\""),
        "{html}"
    );
}

#[test]
fn charset_comes_from_the_meta_tag_and_bad_pages_are_named() {
    let (_dir, root) = temp_site();
    // Latin-1 declared in <meta>: "café" and "Zoë" as single bytes.
    let mut latin = b"<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=iso-8859-1\">\
<title>Caf\xe9 owners protest new rules</title></head><body><h1>Caf\xe9 owners protest new rules</h1><div>\
<p>Owners of the old caf\xe9s on the square said on Monday that the new rules on terraces would cost them \
their summer trade, and Zo\xeb Marchetti, who runs the oldest of them, said she would go to court.</p>\
<p>The town said the rules would keep the square open for the market on Saturdays and for the buses.</p>\
</div></body></html>"
        .to_vec();
    write(&root, "seeds/cafe.html.gz", gzip(&latin));
    // No body at all, a truncated archive, and markup with nothing in it.
    write(
        &root,
        "seeds/empty.html",
        "<html><head><title>Nothing</title></head><body></body></html>",
    );
    write(&root, "seeds/cut.html.gz", &gzip(&latin)[..40]);
    latin.truncate(0);
    let text = build(&root, &[]);
    assert!(text.contains("seeds/empty.html"), "{text}");
    assert!(text.contains("seeds/cut.html.gz"), "{text}");
    let articles = read_json(&root.join("public"), "data/articles.json");
    assert_eq!(articles.as_array().unwrap().len(), 1, "{articles}");
    assert_eq!(articles[0]["title"], "Café owners protest new rules");
    let html = page(&root.join("public"), articles[0]["path"].as_str().unwrap());
    assert!(html.contains("Zoë Marchetti"), "{html}");
}

#[test]
fn a_sidecar_corrects_a_saved_page() {
    let (_dir, root) = temp_site();
    write(&root, "seeds/bridge.html", paper_page(""));
    write(
        &root,
        "seeds/bridge.toml",
        "title = \"Bridge reopens\"\ndate = 2021-05-04\n",
    );
    build(&root, &[]);
    let a = &read_json(&root.join("public"), "data/articles.json")[0];
    assert_eq!(a["title"], "Bridge reopens");
    assert_eq!(a["date"], "2021-05-04");
}

#[test]
fn photographers_in_captions_and_reporters_in_closing_lines_are_credited() {
    let (_dir, root) = temp_site();
    // Credits as outlets print them: a credit span in a <figcaption>, a slash credit in
    // brackets naming the page's own outlet, a photo above the story (outside the
    // <article>), a closing "contributed to this report" line; and a sidebar of other
    // stories whose captions credit people who took no part in this one.
    write(
        &root,
        "seeds/market.html",
        r#"<html><head><title>Night market returns to the old quarter - The Riverside Ledger</title>
<meta property="og:site_name" content="The Riverside Ledger">
<meta name="author" content="Pia Lindqvist">
<link rel="canonical" href="https://ledger.example/city/2022/06/14/night-market-returns/">
</head><body>
<div class="lead-photo"><img src="https://ledger.example/img/market.jpg">
<div class="lead-photo__caption">Stalls in the old quarter on Monday.
<span class="lead-photo__credit">Credit: OMAR HADDAD/ AFP</span></div></div>
<article>
<p>The night market returned to the old quarter on Monday after three years, with more than
two hundred stalls selling food, books and crafts along the river until well past midnight.</p>
<figure><img src="https://ledger.example/img/lanterns.jpg"><figcaption>Lanterns over the
river walk. (Greta M. Sol / The Riverside Ledger)</figcaption></figure>
<p>Traders said the first night brought more visitors than any night before the market
closed, and the city said it would keep the river walk closed to cars on market nights.</p>
<p>The market will open every Monday and Thursday until the end of September, the city said,
and a second one is planned for the new harbour district next spring.</p>
<p>Ledger Writer Ivo Marsh in Porto and Lena Brandt contributed to this report.</p>
</article>
<aside class="related"><figure><img src="https://ledger.example/img/other.jpg">
<figcaption>A ferry at dawn. (Karl Ostrow / Reuters)</figcaption></figure>
<p>Ferry timetable changes for summer</p></aside>
</body></html>"#,
    );
    build(&root, &[]);
    let articles = read_json(&root.join("public"), "data/articles.json");
    let a = &articles[0];
    let credited: Vec<(&str, &str)> = a["contributors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["name"].as_str().unwrap(), c["role"].as_str().unwrap()))
        .collect();
    for want in [
        ("Pia Lindqvist", "author"),
        ("Omar Haddad", "photographer"),
        ("Greta M. Sol", "photographer"),
        ("Ivo Marsh", "author"),
        ("Lena Brandt", "author"),
    ] {
        assert!(credited.contains(&want), "{want:?} not in {credited:?}");
    }
    assert!(
        !credited.iter().any(|(n, _)| *n == "Karl Ostrow"),
        "{credited:?}"
    );
    // No place, title or outlet is taken for a person.
    assert_eq!(credited.len(), 5, "{credited:?}");
    // Nothing in the markup dates the story, but its address does.
    assert_eq!(a["date"], "2022-06-14");
}

fn warc_response(url: &str, date: &str, html: &str) -> Vec<u8> {
    use warc::{BufferedBody, Record, RecordType, WarcHeader, WarcWriter};
    let http = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\n\r\n{html}",
        html.len()
    );
    let mut record = Record::<BufferedBody>::new();
    record.set_warc_type(RecordType::Response);
    record.set_date(chrono::DateTime::parse_from_rfc3339(date).unwrap().into());
    record.set_header(WarcHeader::TargetURI, url).unwrap();
    record
        .set_header(
            WarcHeader::ContentType,
            "application/http; msgtype=response",
        )
        .unwrap();
    let record = record.add_body(http.into_bytes());
    let mut out = Vec::new();
    WarcWriter::new(&mut out).write(&record).unwrap();
    out
}

#[test]
fn a_web_archive_gives_one_article_per_page_with_its_address_and_capture_time() {
    let (_dir, root) = temp_site();
    let mut archive = Vec::new();
    archive.extend(warc_response(
        "https://courier.example/news/2021/bridge-reopens",
        "2021-05-03T09:15:00Z",
        &paper_page(""),
    ));
    // A stylesheet in the archive is not an article.
    {
        use warc::{BufferedBody, Record, RecordType, WarcHeader, WarcWriter};
        let mut r = Record::<BufferedBody>::new();
        r.set_warc_type(RecordType::Response);
        r.set_header(WarcHeader::TargetURI, "https://courier.example/site.css")
            .unwrap();
        let r = r.add_body(b"HTTP/1.1 200 OK\r\nContent-Type: text/css\r\n\r\nbody{}".to_vec());
        WarcWriter::new(&mut archive).write(&r).unwrap();
    }
    archive.extend(warc_response(
        "https://islandnews.example/ferry",
        "2019-11-21T12:00:00Z",
        r#"<html><head><title>Ferry fares to rise in June - Island News</title>
<meta property="og:site_name" content="Island News"></head><body><article><p>Fares on the island ferry
will rise by a tenth in June, the operator said on Wednesday, the first rise in four years.</p>
<p>The operator said fuel and wages had both gone up since the last rise in the fares.</p></article></body></html>"#,
    ));
    write(&root, "seeds/crawl.warc.gz", gzip(&archive));
    build(&root, &[]);
    let articles = read_json(&root.join("public"), "data/articles.json");
    let list = articles.as_array().unwrap();
    assert_eq!(list.len(), 2, "{articles}");
    let bridge = list
        .iter()
        .find(|a| a["url"] == "https://courier.example/news/2021/bridge-reopens")
        .unwrap();
    assert_eq!(bridge["captured"], "2021-05-03T09:15:00Z");
    assert_eq!(
        bridge["title"],
        "Harbour bridge reopens after two years of repairs"
    );
    let ferry = list
        .iter()
        .find(|a| a["url"] == "https://islandnews.example/ferry")
        .unwrap();
    assert_eq!(ferry["captured"], "2019-11-21T12:00:00Z");
    assert_eq!(ferry["title"], "Ferry fares to rise in June");
}

#[test]
fn inspect_prints_the_record_of_a_saved_page() {
    let (_dir, root) = temp_site();
    write(&root, "seeds/bridge.html", paper_page(""));
    let out = common::gazette(&["inspect", root.join("seeds/bridge.html").to_str().unwrap()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let record: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        record["title"],
        "Harbour bridge reopens after two years of repairs"
    );
    assert_eq!(record["date"], "2021-05-03");
}

/// A web archive of two stories, as a crawler writes one.
fn two_story_archive() -> Vec<u8> {
    let mut archive = warc_response(
        "https://courier.example/news/2021/bridge-reopens",
        "2021-05-03T09:15:00Z",
        &paper_page(""),
    );
    archive.extend(warc_response(
        "https://islandnews.example/ferry",
        "2019-11-21T12:00:00Z",
        r#"<html><head><title>Ferry fares to rise in June - Island News</title>
<meta name="author" content="Desk Staff"></head><body><article><p>Fares on the island ferry
will rise by a tenth in June, the operator said on Wednesday, the first rise in four years.</p>
<p>The operator said fuel and wages had both gone up since the last rise in the fares.</p></article></body></html>"#,
    ));
    archive
}

#[test]
fn a_sidecar_beside_a_web_archive_corrects_one_of_its_pages() {
    let (_dir, root) = temp_site();
    write(&root, "seeds/crawl.warc", two_story_archive());
    write(
        &root,
        "seeds/crawl.toml",
        r#"# corrections to the crawl
[2]
title = "Island ferry fares rise by a tenth"
people = ["Ana Duarte"]
contributors = [{ name = "Ines Palma", role = "author" }]

[7]
title = "No such page"

["https://nowhere.example/story"]
draft = true
"#,
    );
    let log = build(&root, &[]);
    // Keys that name no page are reported with the sidecar's name and line.
    assert!(
        log.contains("seeds/crawl.toml:7:") && log.contains("no page 7"),
        "{log}"
    );
    assert!(
        log.contains("seeds/crawl.toml:10:") && log.contains("https://nowhere.example/story"),
        "{log}"
    );
    let out = root.join("public");
    let articles = read_json(&out, "data/articles.json");
    let list = articles.as_array().unwrap();
    assert_eq!(list.len(), 2, "{articles}");
    let ferry = list
        .iter()
        .find(|a| a["url"] == "https://islandnews.example/ferry")
        .unwrap();
    assert_eq!(ferry["title"], "Island ferry fares rise by a tenth");
    assert_eq!(ferry["contributors"][0]["name"], "Ines Palma");
    let people = read_json(&out, "data/people.json");
    assert!(
        people
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p["name"] == "Ana Duarte"),
        "{people}"
    );
    // The first page is as read.
    let bridge = list
        .iter()
        .find(|a| a["url"] == "https://courier.example/news/2021/bridge-reopens")
        .unwrap();
    assert_eq!(
        bridge["title"],
        "Harbour bridge reopens after two years of repairs"
    );
    assert_eq!(bridge["contributors"][0]["name"], "Mara Quinlan");

    // `inspect` shows one page, by number or by address, with the sidecar applied.
    let archive = root.join("seeds/crawl.warc");
    let archive = archive.to_str().unwrap();
    for key in ["2", "https://islandnews.example/ferry"] {
        let out = common::gazette(&["inspect", &format!("{archive}#{key}")]);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let record: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(record["title"], "Island ferry fares rise by a tenth");
        assert_eq!(record["captured"], "2019-11-21T12:00:00Z");
    }
    let out = common::gazette(&["inspect", &format!("{archive}#1")]);
    let record: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        record["title"],
        "Harbour bridge reopens after two years of repairs"
    );
    let out = common::gazette(&["inspect", &format!("{archive}#5")]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("crawl.warc") && err.contains("no page #5"),
        "{err}"
    );
}

/// A story page of a small paper, as `wget --mirror` or a browser saves it.
fn harbour_page(title: &str, head: &str, figure: &str) -> String {
    format!(
        r#"<!DOCTYPE html><html><head><meta charset="utf-8"><title>{title} | Harbour Times</title>{head}</head>
<body><nav><a href="/">Home</a></nav><article><h1>{title}</h1>{figure}
<p>The city council voted on Tuesday to approve the new budget for the harbour after a debate
that lasted most of the evening, the mayor told reporters outside the town hall.</p>
<p>Councillor Maria Lopez said the money would go to repairs of the old pier and to the ferry
terminal, which has been closed since the winter storm damaged its roof.</p></article></body></html>"#
    )
}

#[test]
fn a_wget_mirror_keeps_its_pictures_and_leaves_out_what_it_lacks() {
    let (_dir, root) = temp_site();
    let host = "seeds/mirror/harbourtimes.example";
    let jpeg = b"\xFF\xD8\xFFjpeg";
    // Pictures in the mirror's own folders, reached by relative and root-relative paths.
    write(&root, &format!("{host}/wp-content/uploads/pier.jpg"), jpeg);
    write(&root, &format!("{host}/img/terminal.png"), b"\x89PNGpng");
    write(
        &root,
        &format!("{host}/wp-content/uploads/unused-logo.png"),
        b"\x89PNG",
    );
    write(
        &root,
        &format!("{host}/news/2021/budget/index.html"),
        harbour_page(
            "Council approves harbour budget",
            "",
            r#"<figure><img src="../../../wp-content/uploads/pier.jpg" alt="The old pier"><figcaption>The old pier in May.</figcaption></figure>"#,
        ),
    );
    write(
        &root,
        &format!("{host}/news/2021/ferry/index.html"),
        harbour_page(
            "Ferry terminal to reopen in June",
            "",
            r#"<figure><img src="/img/terminal.png" alt="The terminal"></figure>
<figure><img src="index_files/gone.jpg" alt="Not saved"><figcaption>Crews on the roof.</figcaption></figure>
<img src="index_files/gone-too.jpg">"#,
        ),
    );
    let log = build(&root, &[]);
    let out = root.join("public");
    let media = out.join("static/media/mirror/harbourtimes.example");
    assert_eq!(
        std::fs::read(media.join("wp-content/uploads/pier.jpg")).unwrap(),
        jpeg
    );
    assert!(media.join("img/terminal.png").is_file());
    // Only what an article shows is copied.
    assert!(!media.join("wp-content/uploads/unused-logo.png").exists());
    let articles = read_json(&out, "data/articles.json");
    let path_of = |title: &str| {
        articles
            .as_array()
            .unwrap()
            .iter()
            .find(|a| a["title"] == title)
            .unwrap_or_else(|| panic!("{title} not in {articles}"))["path"]
            .as_str()
            .unwrap()
            .to_string()
    };
    let budget = page(&out, &path_of("Council approves harbour budget"));
    assert!(
        budget.contains(r#"<img src="/static/media/mirror/harbourtimes.example/wp-content/uploads/pier.jpg" alt="The old pier""#),
        "{budget}"
    );
    // A picture the page was saved without is not a broken image: its caption stays and
    // the page is named.
    let ferry = page(&out, &path_of("Ferry terminal to reopen in June"));
    assert!(!ferry.contains("gone"), "{ferry}");
    assert!(
        ferry.contains("<figcaption>Crews on the roof.</figcaption>"),
        "{ferry}"
    );
    assert!(
        log.contains("warning: seeds/mirror/harbourtimes.example/news/2021/ferry/index.html: 2 picture(s) not found"),
        "{log}"
    );
    assert!(common::broken_links(&out, "/").is_empty());
}

#[test]
fn a_singlefile_page_shows_no_inline_data() {
    let (_dir, root) = temp_site();
    // SingleFile puts every picture, font and stylesheet into the page as data: URIs.
    let photo = format!("data:image/jpeg;base64,{}", "QUJD".repeat(500_000));
    let page_text = harbour_page(
        "Storm closes the ferry terminal",
        r#"<style>@font-face{font-family:x;src:url(data:font/woff2;base64,AAAA)}</style>"#,
        &format!(
            r#"<figure><img src="{photo}" alt="The roof"><figcaption>The damaged roof.</figcaption></figure>
<p>Read <a href="data:text/html,&lt;script&gt;alert(1)&lt;/script&gt;">the notice</a> and
<a href="javascript:alert(1)" onclick="alert(2)">the map</a>.</p>"#
        ),
    );
    write(&root, "seeds/storm.html", &page_text);
    build(&root, &[]);
    let out = root.join("public");
    let a = &read_json(&out, "data/articles.json")[0];
    let html = page(&out, a["path"].as_str().unwrap());
    assert!(
        html.contains("<figcaption>The damaged roof.</figcaption>"),
        "{html}"
    );
    for bad in ["data:", "javascript:", "onclick", "alert("] {
        assert!(!html.contains(bad), "{bad} in {html}");
    }
    assert!(html.len() < 100_000, "{} bytes", html.len());
}

#[test]
fn broken_pages_are_named_and_the_rest_builds() {
    let (_dir, root) = temp_site();
    let good = harbour_page("Council approves harbour budget", "", "");
    write(&root, "seeds/good.html", &good);
    // Cut short while downloading: what is there is read, and the file is named.
    let cut = harbour_page("Ferry terminal to reopen in June", "", "");
    write(
        &root,
        "seeds/cut.html",
        &cut[..cut.find("</p>").unwrap() + 4],
    );
    // Windows-1252 bytes declared UTF-8, and UTF-8 declared Windows-1252.
    let cafe = harbour_page("Café owner’s fight goes to court", "", "");
    let cp1252: Vec<u8> = cafe
        .chars()
        .map(|c| match c {
            'é' => 0xE9,
            '’' => 0x92,
            c => c as u8,
        })
        .collect();
    write(&root, "seeds/cafe.html", cp1252);
    let sao = harbour_page("São Paulo’s mayor visits the port", "", "")
        .replace(r#"charset="utf-8""#, r#"charset="windows-1252""#);
    write(&root, "seeds/sao.html", &sao);
    // No <body> element: the text is still the article.
    let bodyless = harbour_page("Night buses return to the harbour", "", "")
        .replace("<body>", "")
        .replace("</body>", "");
    write(&root, "seeds/bodyless.html", bodyless);
    // Gzipped pages, whole and broken.
    write(
        &root,
        "seeds/fish.html.gz",
        gzip(harbour_page("Fish market moves to the quay", "", "").as_bytes()),
    );
    write(&root, "seeds/broken.html.gz", &gzip(good.as_bytes())[..30]);
    // 50 MB of markup.
    let mut huge = String::from("<html><body>");
    while huge.len() < 50 * 1024 * 1024 {
        huge.push_str(&"<div><span>x</span></div>".repeat(4096));
    }
    write(&root, "seeds/huge.html", huge);

    let log = build(&root, &[]);
    for (file, what) in [
        ("seeds/cut.html", "cut short"),
        ("seeds/cafe.html", "read as Windows-1252"),
        ("seeds/sao.html", "read as UTF-8"),
        ("seeds/broken.html.gz", "cannot uncompress"),
        ("seeds/huge.html", "20 MB limit"),
    ] {
        assert!(
            log.lines().any(|l| l.contains(file) && l.contains(what)),
            "{file}: {what} not in\n{log}"
        );
    }
    let articles = read_json(&root.join("public"), "data/articles.json");
    let mut titles: Vec<&str> = articles
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["title"].as_str().unwrap())
        .collect();
    titles.sort();
    assert_eq!(
        titles,
        [
            "Café owner’s fight goes to court",
            "Council approves harbour budget",
            "Ferry terminal to reopen in June",
            "Fish market moves to the quay",
            "Night buses return to the harbour",
            "São Paulo’s mayor visits the port",
        ]
    );
}

#[test]
fn a_desk_a_board_or_the_outlet_named_as_author_is_no_person() {
    let (_dir, root) = temp_site();
    let authors = [
        r#"<meta name="author" content="Our Foreign Staff">"#,
        r#"<meta name="author" content="Courier Reporters">"#,
        r#"<meta name="author" content="By The Editorial Board">"#,
        r#"<meta name="author" content="Harbour Times">"#,
        r#"<meta name="author" content="Harbour Times staff and agencies">"#,
        r#"<meta name="author" content="Web Desk">"#,
        r#"<script type="application/ld+json">{"@type":"NewsArticle","author":{"@type":"Person","name":"Associated Press"}}</script>"#,
        r#"<meta name="author" content="Maria Lopez">"#,
    ];
    for (i, head) in authors.iter().enumerate() {
        let head = format!(r#"<meta property="og:site_name" content="Harbour Times">{head}"#);
        write(
            &root,
            &format!("seeds/story{i}.html"),
            harbour_page(&format!("Harbour story number {i}"), &head, ""),
        );
    }
    build(&root, &[]);
    let out = root.join("public");
    let articles = read_json(&out, "data/articles.json");
    let credited: Vec<String> = articles
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|a| a["contributors"].as_array().unwrap())
        .map(|c| c["name"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(credited, ["Maria Lopez"], "{articles}");
    let people = read_json(&out, "data/people.json");
    let names: Vec<&str> = people
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    for group in [
        "Staff",
        "Reporters",
        "Board",
        "Harbour Times",
        "Desk",
        "Press",
    ] {
        assert!(
            !names.iter().any(|n| n.contains(group)),
            "{group} in {names:?}"
        );
    }

    // A group in the markup leaves the byline of the page's text to name the author.
    write(
        &root,
        "seeds/story0.html",
        harbour_page(
            "Harbour story number 0",
            r#"<meta name="author" content="Harbour Times Staff">"#,
            r#"<p class="byline">By Tomas Reyes</p>"#,
        ),
    );
    build(&root, &[]);
    let articles = read_json(&out, "data/articles.json");
    let story = articles
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["source"] == "seeds/story0.html")
        .unwrap();
    assert_eq!(story["contributors"][0]["name"], "Tomas Reyes", "{story}");
}
