// End-to-end test of `gazette serve` in headless Chromium, run by tests/browser.rs:
//   node e2e.mjs URL SITE_ROOT ARTICLE_PATH SEED_REL CHROMIUM
// Opens the article, edits its seed file's headline and waits for the tab to show it by
// itself; breaks a template and waits for the error overlay; fixes it and waits for the
// page to come back. Every wait is bounded; exits non-zero on the first failure.
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
try {
  const page = context.pages()[0] ?? (await context.newPage());
  page.on("console", (m) => log(`console: ${m.text()}`));
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
  await page.goto(new URL(articlePath, url).href, { waitUntil: "load" });
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
