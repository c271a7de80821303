// The patient app under test: its built files (app/dist, made by scripts/build-app.sh) served by
// a plain static file server, as any web server would host them, and a real headless Chromium
// (Debian's `chromium`, driven by puppeteer-core; no browser is downloaded) opening it against the
// test's dev node. Screenshots go to e2e/artifacts/app/.
import { createServer } from 'node:http';
import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, extname, join, normalize, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import puppeteer from 'puppeteer-core';

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

const HERE = dirname(fileURLToPath(import.meta.url));
export const APP_DIST = resolve(HERE, '../../app/dist');
export const ARTIFACTS = resolve(process.env.HEALTHCHAIN_ARTIFACTS ?? join(HERE, '../artifacts'), 'app');
const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.json': 'application/json', '.map': 'application/json', '.png': 'image/png', '.svg': 'image/svg+xml' };

/** Serves `root` on a free port; resolves with `{ url, close }`. */
export async function serveStatic(root = APP_DIST) {
  if (!existsSync(join(root, 'index.html'))) {
    throw new Error(`the patient app is not built (${root}/index.html missing): run scripts/build-app.sh`);
  }
  const server = createServer((req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url, 'http://x').pathname)).replace(/^(\.\.[/\\])+/, '');
    let file = join(root, path);
    if (!file.startsWith(root) || !existsSync(file) || statSync(file).isDirectory()) file = join(root, 'index.html');
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
    res.end(readFileSync(file));
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  return { url: `http://127.0.0.1:${server.address().port}`, close: () => new Promise((ok) => server.close(ok)) };
}

/** The Chromium to drive: `HEALTHCHAIN_CHROMIUM`, else Debian's. */
export function chromiumPath() {
  for (const p of [process.env.HEALTHCHAIN_CHROMIUM, '/usr/bin/chromium', '/usr/bin/chromium-browser']) {
    if (p && existsSync(p)) return p;
  }
  throw new Error('no Chromium: install Debian\'s `chromium` (scripts/setup.sh does) or set HEALTHCHAIN_CHROMIUM');
}

export async function launchBrowser() {
  return puppeteer.launch({
    executablePath: chromiumPath(),
    headless: true,
    // Root in a container has no user namespace for Chromium's sandbox.
    args: ['--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu'],
  });
}

/** Saves a full-page screenshot of `page` as artifacts/app/<name>.png. */
export async function screenshot(page, name) {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
}

/**
 * Opens the app at `appUrl` against the node at `rpcUrl` and signs in with `secretUri` (a
 * mnemonic, held in the page's memory); resolves once the records screen shows.
 */
export async function signIn(browser, appUrl, rpcUrl, secretUri, { phone = false } = {}) {
  const page = await browser.newPage();
  await page.setViewport(phone ? { width: 390, height: 844, deviceScaleFactor: 1, isMobile: true, hasTouch: true } : { width: 1100, height: 800 });
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.errors = errors;
  const started = Date.now();
  await page.goto(`${appUrl}/?rpc=${encodeURIComponent(rpcUrl)}`);
  await page.waitForSelector('#secret', { timeout: 60_000 });
  // Time to interactive: from navigation until the sign-in form is usable (the app loaded, the
  // node connected and its metadata read).
  page.timeToInteractiveMs = Date.now() - started;
  await page.type('#secret', secretUri);
  await page.click('#sign-in');
  await page.waitForSelector('#records-title', { timeout: 30_000 });
  return page;
}

/** Clicks the tab `id` (records, requests, consents, log). */
export async function openTab(page, id) {
  await page.click(`#tab-${id}`);
}

/**
 * Waits until the transaction banner for `label` reaches a block (or fails: then throws with the
 * app's sentence); resolves with the banner's text.
 */
export async function transactionDone(page, label) {
  const handle = await page.waitForFunction((label) => {
    const el = document.querySelector('.flight');
    const s = el?.getAttribute('data-stage');
    return el?.textContent.includes(label) && (s === 'inBlock' || s === 'finalized' || s === 'failed') && { stage: s, text: el.textContent };
  }, { timeout: 60_000 }, label);
  const { stage, text } = await handle.jsonValue();
  if (stage === 'failed') throw new Error(`the app says: ${text}`);
  return text;
}

/** Clicks `selector` once it is on the page. */
export async function clickWhenReady(page, selector, timeout = 60_000) {
  const el = await page.waitForSelector(selector, { timeout });
  await el.click();
}

/** The text of the first element matching `selector`, once it exists. */
export async function textOf(page, selector, timeout = 60_000) {
  const el = await page.waitForSelector(selector, { timeout });
  return el.evaluate((e) => e.textContent);
}

/**
 * The accessibility violations axe-core (WCAG 2.1 A and AA rules: labels, contrast, names,
 * landmarks, keyboard-reachable controls) finds on the page as it stands, of impact `serious` or
 * `critical`, as `rule: target` strings.
 */
export async function accessibilityViolations(page) {
  if (!(await page.evaluate(() => typeof window.axe !== 'undefined'))) await page.addScriptTag({ content: AXE });
  const result = await page.evaluate(() => window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } }));
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) => v.nodes.map((n) => `${v.id}: ${n.target.join(' ')} (${v.help})`));
}
