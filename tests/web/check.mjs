// Browser and validator checks of the built example site, run by .ci/run after `cargo test`:
//
// 1. The Nu HTML Checker (vnu-jar, run with Java) finds 0 errors on every page.
// 2. axe-core in headless Chromium finds no violations on the home, article, person, topic
//    and search pages (with results shown), on the lists, about and 404 pages, on the year
//    and month pages, on a later page of a paginated person and topic page, on a person
//    page with a contributor's section, and on a redirect page: in the light and in the dark
//    colour scheme at 1280 px wide, and on a 390 px phone.
// 3. Typing "bui thanh son" in the search page lists every seed article that names
//    Bùi Thanh Sơn (with or without diacritics), each with a snippet that marks the name;
//    text from the archive is never run as markup.
//
// Two sites are built with the debug binary (GAZETTE overrides its path): the example
// site as it is, and the same plus a sidecar tagging a person and a topic and crediting the
// person for the photographs (so person, contributor and topic pages exist whatever the
// recognizer finds), one article a page (so person and topic pages are paginated), and a
// Markdown article whose title and text hold markup and whose old address redirects. Prints one line per check and "N passed, N failed" at the end.
//
// Usage: node tests/web/check.mjs   (after `cargo build`; `npm ci` in tests/web first)

import { spawnSync } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, "..", "..");
const gazette = process.env.GAZETTE || path.join(repo, "target", "debug", "gazette");
const chromiumPath = process.env.CHROMIUM || "/usr/bin/chromium";

let passed = 0;
let failed = 0;
function check(name, ok, detail) {
  if (ok) {
    passed++;
    console.log(`ok - ${name}`);
  } else {
    failed++;
    console.log(`not ok - ${name}`);
    if (detail) console.log(String(detail).replace(/^/gm, "    "));
  }
}

function copyDir(from, to) {
  fs.cpSync(from, to, { recursive: true });
}

const tempRoots = [];
process.on("exit", () => {
  for (const root of tempRoots) fs.rmSync(root, { recursive: true, force: true });
});

function buildSite(name, extra) {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), `gazette-web-${name}-`));
  tempRoots.push(root);
  copyDir(path.join(repo, "seeds"), path.join(root, "seeds"));
  copyDir(path.join(repo, "content"), path.join(root, "content"));
  fs.copyFileSync(path.join(repo, "gazette.toml"), path.join(root, "gazette.toml"));
  if (extra) extra(root);
  const out = path.join(root, "public");
  const r = spawnSync(gazette, ["build", "--root", root, "--output", out], { encoding: "utf8" });
  if (r.status !== 0) {
    throw new Error(`gazette build failed for ${name}:\n${r.stdout}${r.stderr}`);
  }
  return out;
}

// The example site plus what makes person and topic pages certain, and hostile text.
function withExtras(root) {
  fs.writeFileSync(
    path.join(root, "seeds", "000_53c24d708ccf69f0.toml"),
    'persons = ["Bùi Thanh Sơn"]\ntopics = ["cultural diplomacy"]\n' +
      'contributors = [{ name = "Bùi Thanh Sơn", role = "photographer" }]\n',
  );
  const config = fs.readFileSync(path.join(root, "gazette.toml"), "utf8");
  fs.writeFileSync(path.join(root, "gazette.toml"), "paginate = 1\n" + config);
  fs.mkdirSync(path.join(root, "content", "articles"), { recursive: true });
  fs.writeFileSync(
    path.join(root, "content", "articles", "markup-check.md"),
    [
      "+++",
      'title = "Markup <img src=x onerror=\\"window.__xss=1\\"> check"',
      "date = 2020-01-02",
      'aliases = ["/2020/01/markup-check/"]',
      'persons = ["Bùi Thanh Sơn"]',
      'topics = ["cultural diplomacy"]',
      "+++",
      "",
      "Bui Thanh Son met <script>window.__xss = 2</script> nobody & <b>no one</b>.",
      "",
    ].join("\n"),
  );
}

function fold(s) {
  return s.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/[đĐ]/g, "d").toLowerCase();
}

// A static file server over `dir`, as GitHub Pages serves it (folders → index.html,
// anything missing → 404.html with status 404).
function serve(dir) {
  const types = {
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".json": "application/json",
    ".xml": "application/xml",
    ".txt": "text/plain; charset=utf-8",
  };
  const server = http.createServer((req, res) => {
    let rel = decodeURIComponent(new URL(req.url, "http://x").pathname);
    if (rel.endsWith("/")) rel += "index.html";
    const file = path.join(dir, path.normalize(rel).replace(/^(\.\.[/\\])+/, ""));
    if (!file.startsWith(dir) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
      res.writeHead(404, { "content-type": types[".html"] });
      res.end(fs.readFileSync(path.join(dir, "404.html")));
      return;
    }
    res.writeHead(200, { "content-type": types[path.extname(file)] || "application/octet-stream" });
    res.end(fs.readFileSync(file));
  });
  return new Promise((resolve) => {
    server.listen(0, "127.0.0.1", () => resolve(server));
  });
}

function vnu(dirs) {
  const jar = path.join(here, "node_modules", "vnu-jar", "build", "dist", "vnu.jar");
  const r = spawnSync("java", ["-jar", jar, "--errors-only", "--skip-non-html", ...dirs], {
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  const pages = dirs
    .map((d) => fs.readdirSync(d, { recursive: true }).filter((f) => String(f).endsWith(".html")).length)
    .reduce((a, b) => a + b, 0);
  check(
    `Nu HTML Checker: 0 errors on ${pages} pages`,
    r.status === 0 && !r.stderr.trim() && !r.stdout.trim(),
    `${r.error || ""}${r.stdout}${r.stderr}`,
  );
}

async function main() {
  const plain = buildSite("plain");
  const extras = buildSite("extras", withExtras);
  vnu([plain, extras]);

  const { chromium } = require("playwright-core");
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
  const axeSource = fs.readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
  try {
    for (const [name, dir] of [["example site", plain], ["example site with tags", extras]]) {
      const server = await serve(dir);
      const base = `http://127.0.0.1:${server.address().port}/`;
      try {
        const articles = JSON.parse(fs.readFileSync(path.join(dir, "data", "articles.json"), "utf8"));
        const people = JSON.parse(fs.readFileSync(path.join(dir, "data", "people.json"), "utf8"));
        const topics = JSON.parse(fs.readFileSync(path.join(dir, "data", "topics.json"), "utf8"));
        const pages = [
          ["home", ""],
          ["search", "search/?q=bui+thanh+son"],
          ["articles list", "articles/"],
          ["people index", "people/"],
          ["topics index", "topics/"],
          ["about", "about/"],
          ["not found", "no/such/page/"],
        ];
        if (articles.length) pages.push(["article", articles[0].path]);
        const dated = articles.find((a) => a.date);
        if (dated) {
          pages.push(["year", `articles/${dated.date.slice(0, 4)}/`]);
          pages.push(["month", `articles/${dated.date.slice(0, 4)}/${dated.date.slice(5, 7)}/`]);
        }
        if (people.length) pages.push(["person", people[0].path]);
        if (topics.length) pages.push(["topic", topics[0].path]);
        if (dir === extras) {
          check(`${name}: has person and topic pages`, people.length > 0 && topics.length > 0);
          // One article a page: the person and topic pages go on.
          const person = "people/bui-thanh-son/";
          const topic = topics.find((t) => fs.existsSync(path.join(dir, t.path, "page", "2", "index.html")));
          const later = [
            ["person, page 2", person + "page/2/"],
            ["topic, page 2", topic ? topic.path + "page/2/" : null],
            ["articles list, page 2", "articles/page/2/"],
            ["redirect", "2020/01/markup-check/"],
          ];
          for (const [kind, rel] of later) {
            check(`${name}: has a ${kind} page`, rel && fs.existsSync(path.join(dir, rel, "index.html")), rel);
            if (rel) pages.push([kind, rel]);
          }
          const html = fs.readFileSync(path.join(dir, person, "index.html"), "utf8");
          check(`${name}: the person page has a contributor's section`, /Photographs by Bùi Thanh Sơn/.test(html));
        }
        const views = [
          ["light", { width: 1280, height: 900 }],
          ["dark", { width: 1280, height: 900 }],
          ["light", { width: 390, height: 844 }],
          ["dark", { width: 390, height: 844 }],
        ];
        for (const [scheme, viewport] of views) {
          const context = await browser.newContext({ colorScheme: scheme, viewport });
          const page = await context.newPage();
          for (const [kind, rel] of pages) {
            if (kind === "redirect") {
              // A redirect page sends the browser on at once: axe checks its markup as
              // served, without the refresh, on the site's origin (for its stylesheet).
              await page.goto(base, { waitUntil: "load" });
              const html = fs.readFileSync(path.join(dir, rel, "index.html"), "utf8");
              await page.setContent(html.replace(/<meta http-equiv="refresh"[^>]*>/, ""), { waitUntil: "load" });
            } else {
              await page.goto(base + rel, { waitUntil: "load" });
            }
            if (kind === "search") {
              await page.waitForSelector("#results li", { timeout: 10000 }).catch(() => {});
            }
            await page.addScriptTag({ content: axeSource });
            const violations = await page.evaluate(async () => {
              // eslint-disable-next-line no-undef
              const r = await axe.run(document, { resultTypes: ["violations"] });
              return r.violations.map(
                (v) => `${v.id}: ${v.help}\n${v.nodes.map((n) => "  " + n.target.join(" ") + " " + n.failureSummary).join("\n")}`,
              );
            });
            check(
              `${name}: axe finds no violations on the ${kind} page (${scheme}, ${viewport.width} px)`,
              violations.length === 0,
              violations.join("\n"),
            );
            if (viewport.width < 600 && scheme === "light") {
              // On a phone nothing makes the page scroll sideways.
              const wide = await page.evaluate(() => {
                const limit = document.documentElement.clientWidth;
                const over = Array.from(document.querySelectorAll("body *")).filter((e) => {
                  const r = e.getBoundingClientRect();
                  return r.width > 0 && r.right > limit + 1 && getComputedStyle(e).position !== "fixed";
                });
                return { scroll: document.documentElement.scrollWidth, limit, over: over.slice(0, 5).map((e) => e.outerHTML.slice(0, 120)) };
              });
              check(
                `${name}: the ${kind} page fits ${viewport.width} px`,
                wide.scroll <= wide.limit,
                JSON.stringify(wide, null, 2),
              );
            }
          }
          await context.close();
        }
        await searchCheck(browser, base, dir, name);
        if (dir === extras) await redirectCheck(browser, base, name);
      } finally {
        server.close();
      }
    }
  } finally {
    await browser.close();
  }
  console.log(`${passed} passed, ${failed} failed`);
  process.exitCode = failed ? 1 : 0;
}

// An old address (front matter `aliases`) leads the browser to the article.
async function redirectCheck(browser, base, name) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(base + "2020/01/markup-check/", { waitUntil: "load" });
  await page.waitForURL(/\/articles\/[^/]+\/$/, { timeout: 10000 }).catch(() => {});
  const landed = new URL(page.url()).pathname;
  const heading = await page.textContent("h1").catch(() => "");
  check(
    `${name}: an alias redirects to its article`,
    /^\/articles\/markup-/.test(landed) && /Markup/.test(heading || ""),
    `landed on ${landed}: ${heading}`,
  );
  await context.close();
}

async function searchCheck(browser, base, dir, name) {
  // Which seed articles name the minister, in either spelling.
  const articles = JSON.parse(fs.readFileSync(path.join(dir, "data", "articles.json"), "utf8"));
  const expected = articles
    .filter((a) => a.source.startsWith("seeds/"))
    .filter((a) => fold(fs.readFileSync(path.join(repo, a.source), "utf8")).includes("bui thanh son"))
    .map((a) => a.title);
  check(`${name}: the seeds name Bùi Thanh Sơn (${expected.length} articles)`, expected.length >= 2);

  const context = await browser.newContext();
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  await page.goto(base + "search/", { waitUntil: "load" });
  await page.locator("#q").pressSequentially("bui thanh son", { delay: 20 });
  await page
    .waitForFunction(() => /for “bui thanh son”/.test(document.getElementById("search-status").textContent), null, {
      timeout: 10000,
    })
    .catch(() => {});
  const results = await page.$$eval("#results li", (lis) =>
    lis.map((li) => ({
      title: li.querySelector("h2 a")?.textContent ?? "",
      href: li.querySelector("h2 a")?.getAttribute("href") ?? "",
      snippet: li.querySelector(".snippet")?.textContent ?? "",
      marks: Array.from(li.querySelectorAll(".snippet mark")).map((m) => m.textContent),
    })),
  );
  const titles = results.map((r) => r.title);
  const missing = expected.filter((t) => !titles.includes(t));
  check(
    `${name}: typing "bui thanh son" lists every seed article naming Bùi Thanh Sơn`,
    missing.length === 0,
    `missing: ${JSON.stringify(missing)}\ngot: ${JSON.stringify(titles)}`,
  );
  const people = JSON.parse(fs.readFileSync(path.join(dir, "data", "people.json"), "utf8"));
  if (people.some((p) => p.slug === "bui-thanh-son")) {
    check(
      `${name}: the person page comes first`,
      results.length > 0 && results[0].href.endsWith("/people/bui-thanh-son/"),
      JSON.stringify(results.map((r) => r.href)),
    );
  }
  const seedResults = results.filter((r) => expected.includes(r.title));
  check(
    `${name}: each result has a snippet marking the name`,
    seedResults.length > 0 &&
      seedResults.every((r) => r.snippet.length > 40 && r.marks.some((m) => fold(m) === "bui")),
    JSON.stringify(seedResults, null, 2),
  );
  const status = await page.textContent("#search-status");
  check(`${name}: the status line counts the results`, /\d+ results? for/.test(status || ""), status);
  const url = new URL(page.url());
  check(`${name}: the query is kept in the address`, url.searchParams.get("q") === "bui thanh son", page.url());
  const hostile = await page.evaluate(() => ({
    xss: window.__xss,
    injected: document.querySelectorAll("#results img, #results script, #results b").length,
  }));
  check(
    `${name}: text from the archive stays text in results`,
    hostile.xss === undefined && hostile.injected === 0,
    JSON.stringify(hostile),
  );
  // A link from the results leads to the article.
  if (results.length) {
    await page.click("#results li h2 a");
    await page.waitForLoadState("load");
    const h1 = await page.textContent("h1");
    check(`${name}: a result opens its article`, h1 === results[0].title, `${h1} vs ${results[0].title}`);
  }
  // Without diacritics in the index either: the Vietnamese spelling finds the same.
  await page.goto(base + "search/?q=" + encodeURIComponent("Bùi Thanh Sơn"), { waitUntil: "load" });
  await page
    .waitForFunction((n) => document.querySelectorAll("#results li").length >= n, expected.length, {
      timeout: 10000,
    })
    .catch(() => {});
  const titles2 = await page.$$eval("#results li h2 a", (as) => as.map((a) => a.textContent));
  check(
    `${name}: "Bùi Thanh Sơn" with diacritics finds the same articles`,
    expected.every((t) => titles2.includes(t)),
    JSON.stringify(titles2),
  );
  check(`${name}: no script errors on the search page`, errors.length === 0, errors.join("\n"));
  await context.close();
}

main().catch((e) => {
  console.error(e);
  console.log(`${passed} passed, ${failed + 1} failed`);
  process.exitCode = 1;
});
