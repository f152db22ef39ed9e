// End-to-end test of `gazette serve` in headless Chromium, run by tests/browser.rs:
//   node e2e.mjs URL SITE_ROOT ARTICLE_PATH SEED_REL CHROMIUM
// Opens the article, edits its seed file's headline and waits for the tab to show it by
// itself; breaks a template and waits for the error overlay; fixes it and waits for the
// page to come back. Before that, drives the search page's filters (date range, outlet,
// person, sort) with the keyboard and checks what they list against data/articles.json.
// Every wait is bounded; exits non-zero on the first failure.
import { chromium } from "playwright-core";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const [url, root, articlePath, seedRel, executablePath] = process.argv.slice(2);
const WAIT = 20000;

function log(msg) {
  console.log(`browser test: ${msg}`);
}

const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), "gazette-chromium-"));
const context = await chromium.launchPersistentContext(userDataDir, {
  executablePath,
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
let failed = false;

// The articles the filters should list, newest first (undated last), from the export.
function expected(articles, { from, to, outlet, person }) {
  return articles
    .filter((a) => !(from || to) || a.date)
    .filter((a) => !from || a.date >= from)
    .filter((a) => !to || a.date <= to)
    .filter((a) => !outlet || a.outlet === outlet)
    .filter((a) => !person || [...a.persons, ...a.contributors].some((p) => p.name === person))
    .map((a) => "/" + a.path);
}

async function results(page, before) {
  // Each change reruns the search: wait until the list shows a newer search than before.
  await page
    .waitForFunction(
      (old) => Number(document.getElementById("results").getAttribute("data-search") || 0) > old,
      before,
      { timeout: WAIT },
    )
    .catch(async (e) => {
      throw new Error(`no new results after search ${before} (${page.url()}): ${e.message}`);
    });
  return page.$$eval("#results li h2 a", (as) => as.map((a) => new URL(a.href).pathname));
}

async function searchFilters(page) {
  const articles = JSON.parse(fs.readFileSync(path.join(root, "public/data/articles.json"), "utf8"));
  const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);
  await page.goto(new URL("search/", url).href, { waitUntil: "load" });
  const status = async () => Number((await page.getAttribute("#results", "data-search")) || 0);

  // An outlet alone lists its articles; chosen with the keyboard from the labelled select.
  const outlet = articles.find((a) => a.outlet).outlet;
  const outletBox = page.getByLabel("Outlet", { exact: true });
  await outletBox.focus();
  let old = await status();
  await outletBox.selectOption(outlet);
  let got = await results(page, old);
  if (!same(got, expected(articles, { outlet }))) {
    throw new Error(`outlet ${outlet}: listed ${got}, expected ${expected(articles, { outlet })}`);
  }
  log(`outlet filter lists the ${got.length} article(s) of ${outlet}`);
  old = await status();
  await outletBox.selectOption("");
  await results(page, old);

  // A person typed in the labelled field, then a date range: only their dated articles
  // inside it; then oldest first.
  const dated = articles.filter((a) => a.date).map((a) => a.date).sort();
  const person = articles.find((a) => a.date && a.persons.length).persons[0].name;
  old = await status();
  await page.getByLabel("Person", { exact: true }).fill(person);
  got = await results(page, old);
  if (!same(got, expected(articles, { person }))) {
    throw new Error(`person ${person}: listed ${got}, expected ${expected(articles, { person })}`);
  }
  const from = dated[dated.length - 1];
  old = await status();
  await page.getByLabel("From", { exact: true }).fill(from);
  got = await results(page, old);
  if (!same(got, expected(articles, { person, from }))) {
    throw new Error(`${person} from ${from}: listed ${got}, expected ${expected(articles, { person, from })}`);
  }
  log(`person and date filters list ${got.length} article(s) of ${person} from ${from}`);
  old = await status();
  await page.getByLabel("From", { exact: true }).fill("");
  await results(page, old);
  old = await status();
  await page.getByLabel("To", { exact: true }).fill(dated[0]);
  got = await results(page, old);
  if (!same(got, expected(articles, { person, to: dated[0] }))) {
    throw new Error(`${person} to ${dated[0]}: listed ${got}`);
  }

  // A query with the date sorts: oldest first puts the oldest dated article first.
  old = await status();
  await page.getByLabel("To", { exact: true }).fill("");
  await results(page, old);
  old = await status();
  await page.getByLabel("Person", { exact: true }).fill("");
  await results(page, old);
  old = await status();
  await page.fill("#q", "diplomacy ");
  let relevance = await results(page, old);
  old = await status();
  await page.getByLabel("Sort by", { exact: true }).selectOption("oldest");
  got = await results(page, old);
  const datesOf = (paths) => paths.map((p) => articles.find((a) => "/" + a.path === p)?.date).filter(Boolean);
  const shownDates = datesOf(got);
  if (!same(shownDates, [...shownDates].sort()) || got.length !== relevance.length) {
    throw new Error(`oldest first: ${shownDates} (relevance listed ${relevance.length}, sorted ${got.length})`);
  }
  if (!same(new Set(got).size, got.length) || got[0] !== "/" + articles.find((a) => a.date === dated[0]).path) {
    throw new Error(`oldest first does not start with the oldest article: ${got}`);
  }
  const address = new URL(page.url());
  if (address.searchParams.get("sort") !== "oldest" || address.searchParams.get("q") !== "diplomacy ") {
    throw new Error(`the filters are not kept in the address: ${page.url()}`);
  }
  // Reopening the address restores the filters and the results.
  await page.goto(page.url(), { waitUntil: "load" });
  await results(page, 0);
  const again = await page.$$eval("#results li h2 a", (as) => as.map((a) => new URL(a.href).pathname));
  if (!same(again, got) || (await page.getByLabel("Sort by", { exact: true }).inputValue()) !== "oldest") {
    throw new Error(`reopened: ${again}, expected ${got}`);
  }
  log(`sorting by date orders ${got.length} results oldest first, and the address keeps it`);
}

try {
  const page = context.pages()[0] ?? (await context.newPage());
  page.on("console", (m) => log(`console: ${m.text()}`));
  await searchFilters(page);

  await page.goto(new URL(articlePath, url).href, { waitUntil: "load" });
  const before = (await page.textContent("article h1, h1")).trim();
  log(`opened ${articlePath}: "${before}"`);
  // A mark on this document: it is gone only if the page reloaded by itself.
  await page.evaluate(() => { window.__notReloaded = true; });

  // 1. Edit the seed's first line (its headline): the tab follows without a manual reload.
  const seed = path.join(root, seedRel);
  const text = fs.readFileSync(seed, "utf8");
  const headline = "Edited headline seen live in the browser";
  fs.writeFileSync(seed, text.replace(/^[^\n]*/, headline));
  await page.waitForFunction(
    (h) => !window.__notReloaded && document.querySelector("h1")?.textContent.trim() === h,
    headline,
    { timeout: WAIT },
  );
  log(`the new headline is shown at ${new URL(page.url()).pathname}`);

  // 1b. The old address, opened after the move (as a reload racing the rebuild may open
  // it), sends the tab on to the new one instead of leaving it on the 404 page.
  try {
    await page.goto(new URL(articlePath, url).href, { waitUntil: "load" });
  } catch (e) {
    // The rebuild that moves the page reloads the tab; when that reload starts while this
    // navigation is under way, the browser aborts one of the two. Either way the tab must
    // end on the new address, which is what is waited for below.
    if (!/ERR_ABORTED|interrupted by another navigation/.test(String(e))) throw e;
    log("the old address's navigation was overtaken by the tab's own reload");
    await page.waitForLoadState("load");
  }
  await page.waitForFunction(
    ([h, old]) => location.pathname !== old && document.querySelector("h1")?.textContent.trim() === h,
    [headline, articlePath],
    { timeout: WAIT },
  );
  log(`the old address led on to ${new URL(page.url()).pathname}`);

  // 2. Break a template: the error overlay names the file and line; the page stays.
  const template = path.join(root, "templates", "article.html");
  fs.mkdirSync(path.dirname(template), { recursive: true });
  fs.writeFileSync(template, '{% extends "base.html" %}\n{% block content %}\n{% if %}\n{% endblock content %}\n');
  const overlay = page.locator("#gazette-error-overlay");
  await overlay.waitFor({ state: "visible", timeout: WAIT });
  const shown = await overlay.textContent();
  if (!/templates\/article\.html:\d+/.test(shown)) {
    throw new Error(`the overlay does not name the template and line: ${shown}`);
  }
  if ((await page.textContent("h1")).trim() !== headline) {
    throw new Error("the last good page is no longer shown under the overlay");
  }
  log("the overlay names the broken template and its line");

  // 3. Fix it: the overlay goes and the page is back.
  fs.rmSync(template);
  await overlay.waitFor({ state: "detached", timeout: WAIT });
  await page.waitForFunction(
    (h) => document.querySelector("h1")?.textContent.trim() === h,
    headline,
    { timeout: WAIT },
  );
  log("fixed: the overlay is gone and the article is shown");
} catch (e) {
  failed = true;
  console.error(`browser test failed: ${e.stack || e}`);
} finally {
  await context.close();
  fs.rmSync(userDataDir, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
