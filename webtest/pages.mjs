#!/usr/bin/env node
// pages.mjs opens Accolade pages in headless Chromium at a desktop and a
// phone width, checks what a person would notice, and saves a full-page
// screenshot of each.
//
//   node pages.mjs --base http://127.0.0.1:8080 --out DIR cases.json
//
// cases.json is a list of cases:
//
//   {"name": "verify-tampered",          // screenshot name: DIR/<name>-<width>.png
//    "path": "/verify",                  // page to open
//    "status": 200,                      // expected HTTP status (default 200)
//    "text": ["Not valid"],              // optional: text the page must contain
//    "fill": {"#input": "eyJ..."},       // optional: form fields to fill, then
//    "submit": "button[type=submit]",    //   the control to press; the page it
//                                        //   leads to is the one checked
//    "upload": {"selector": "#file",     // optional: a file to choose in a file
//               "path": "/abs/file.png"},//   input (before fill), then submit
//    "chosen": "badge.png",              // optional, with upload: text the page
//                                        //   must show once the file is chosen,
//                                        //   before submitting (the script's)
//    "downloads": ["pdf", "png"],        // optional: click every link in
//                                        //   ul.downloads as a person would; each
//                                        //   must download a non-empty file named
//                                        //   *.<ext>, in this order (1366 px only)
//    "linkedIn": {"name": "Mentor"},     // optional: query parameters the "Add
//                                        //   to LinkedIn profile" link must have
//                                        //   ("" : must not have)
//    "colorScheme": "dark",              // optional: default light
//    "burst": {"method": "POST", "path": "/api/v1/verify", "body": "x",
//              "times": 200, "until": 429}}
//                                        // optional: requests sent first, at
//                                        //   most times, until one answers
//                                        //   with status until (a rate limit)
//
// Checks on every page and width: no horizontal scrolling
// (document.documentElement.scrollWidth <= window.innerWidth), <html lang>,
// a label (or aria-label) for every form control, a name for every button
// and link, and axe-core's WCAG 2.1 A/AA rules. It prints one line per
// failure ("FAIL name@390: ...") and a closing "N passed, N failed" line,
// and exits 1 when anything failed.
//
// Environment: CHROMIUM (default /usr/bin/chromium).

import { readFileSync, mkdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const require = createRequire(import.meta.url);
const WIDTHS = [{ width: 1366, height: 900 }, { width: 390, height: 844 }];
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

function parseArgs(argv) {
  const opts = { base: '', out: '', cases: '' };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--base') opts.base = argv[++i];
    else if (a === '--out') opts.out = argv[++i];
    else if (!a.startsWith('--')) opts.cases = a;
    else throw new Error(`unknown option ${a}`);
  }
  if (!opts.base || !opts.out || !opts.cases) {
    throw new Error('usage: node pages.mjs --base URL --out DIR cases.json');
  }
  return opts;
}

// axeSource is axe-core's script, injected into each page (no network).
let axeSource = '';
try {
  axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
} catch {
  axeSource = '';
}

// pageChecks runs in the page and returns a list of problems.
function pageChecks() {
  const problems = [];
  const doc = document.documentElement;
  if (doc.scrollWidth > window.innerWidth) {
    const wide = [];
    for (const el of document.body.querySelectorAll('*')) {
      const r = el.getBoundingClientRect();
      if (r.right > window.innerWidth + 1 && r.width > 0) {
        const kids = [...el.children].some(c => c.getBoundingClientRect().right > window.innerWidth + 1);
        if (!kids) {
          const name = el.tagName.toLowerCase() + (el.className ? '.' + String(el.className).split(' ').join('.') : '');
          wide.push(`${name} (${Math.round(r.right)} px: ${JSON.stringify((el.textContent || '').trim().slice(0, 40))})`);
        }
      }
      if (wide.length >= 5) break;
    }
    problems.push(`scrolls sideways: ${doc.scrollWidth} px wide in a ${window.innerWidth} px window; widest: ${wide.join(', ')}`);
  }
  if (!doc.getAttribute('lang')) problems.push('<html> has no lang');
  for (const el of document.querySelectorAll('input, textarea, select')) {
    const type = (el.getAttribute('type') || '').toLowerCase();
    if (['hidden', 'submit', 'button', 'reset', 'image'].includes(type)) continue;
    const named = (el.labels && el.labels.length > 0) || el.getAttribute('aria-label') || el.getAttribute('aria-labelledby');
    if (!named) problems.push(`form control ${el.tagName.toLowerCase()}#${el.id || '?'} has no label`);
  }
  for (const el of document.querySelectorAll('button, a[href], input[type=submit]')) {
    const name = (el.textContent || '').trim() || el.getAttribute('aria-label') || el.getAttribute('value') || el.getAttribute('title');
    if (!name) problems.push(`${el.tagName.toLowerCase()} has no accessible name`);
  }
  return problems;
}

async function runAxe(page) {
  if (!axeSource) return ['axe-core is not installed (npm ci --prefix webtest)'];
  await page.addScriptTag({ content: axeSource });
  const result = await page.evaluate(async () => {
    // eslint-disable-next-line no-undef
    const r = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return r.violations.map(v => `${v.id} (${v.impact}): ${v.help}; at ${v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(', ')}`);
  });
  return result.map(v => 'axe: ' + v);
}

// checkLinkedIn compares the "Add to LinkedIn profile" link's query
// parameters with want ("" meaning absent).
async function checkLinkedIn(page, want) {
  const link = page.getByRole('link', { name: 'Add to LinkedIn profile' });
  if (await link.count() !== 1) return ['no single "Add to LinkedIn profile" link'];
  const u = new URL(await link.getAttribute('href'));
  const problems = [];
  if (u.origin + u.pathname !== 'https://www.linkedin.com/profile/add') problems.push(`LinkedIn link goes to ${u.origin}${u.pathname}`);
  for (const [k, v] of Object.entries(want)) {
    const got = u.searchParams.get(k);
    if (v === '' ? got !== null : got !== v) problems.push(`LinkedIn link: ${k}=${JSON.stringify(got)}, want ${v === '' ? 'none' : JSON.stringify(v)}`);
  }
  return problems;
}

// checkDownloads clicks each link of ul.downloads and checks the file the
// browser saves.
async function checkDownloads(page, exts) {
  const links = page.locator('ul.downloads a');
  const n = await links.count();
  if (n !== exts.length) return [`${n} download links, want ${exts.length}`];
  const problems = [];
  for (let i = 0; i < n; i++) {
    const [download] = await Promise.all([page.waitForEvent('download'), links.nth(i).click()]);
    const name = download.suggestedFilename();
    const path = await download.path();
    const size = path ? statSync(path).size : 0;
    if (!name.endsWith('.' + exts[i]) || size === 0) problems.push(`download ${i + 1}: ${JSON.stringify(name)}, ${size} bytes; want a non-empty .${exts[i]} file`);
  }
  return problems;
}

// screenshot saves a full-page screenshot. Chromium sometimes answers
// "Unable to capture screenshot" on a loaded machine (the race-detector test
// run): that is the harness, not the page, so it tries up to three times.
async function screenshot(page, path) {
  for (let i = 1; ; i++) {
    try {
      return await page.screenshot({ path, fullPage: true });
    } catch (e) {
      if (i === 3 || !/Unable to capture screenshot/.test(e.message)) throw e;
      await page.waitForTimeout(500 * i);
    }
  }
}

async function checkCase(browser, base, out, c, size) {
  const label = `${c.name}@${size.width}`;
  const context = await browser.newContext({ viewport: size, bypassCSP: true, acceptDownloads: true, locale: 'en-GB', colorScheme: c.colorScheme || 'light' });
  const page = await context.newPage();
  const problems = [];
  try {
    if (c.burst) {
      for (let i = 0; i < c.burst.times; i++) {
        const r = await context.request.fetch(base + c.burst.path, { method: c.burst.method, data: c.burst.body || '', headers: { 'Content-Type': 'text/plain' } });
        if (c.burst.until && r.status() === c.burst.until) break;
      }
    }
    let resp = await page.goto(base + c.path, { waitUntil: 'load' });
    if (c.upload) {
      await page.setInputFiles(c.upload.selector, c.upload.path);
      if (c.chosen) {
        const shown = await page.evaluate(() => document.body.innerText);
        if (!shown.includes(c.chosen)) problems.push(`after choosing the file, the page does not say ${JSON.stringify(c.chosen)}`);
      }
    }
    if (c.fill || c.upload) {
      for (const [sel, value] of Object.entries(c.fill || {})) await page.fill(sel, value);
      [resp] = await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.click(c.submit || 'button[type=submit]')]);
    }
    const want = c.status || 200;
    if (!resp || resp.status() !== want) problems.push(`status ${resp ? resp.status() : 'none'}, want ${want}`);
    const body = await page.evaluate(() => document.body.innerText);
    for (const t of c.text || []) {
      if (!body.includes(t)) problems.push(`page does not say ${JSON.stringify(t)}`);
    }
    problems.push(...await page.evaluate(pageChecks));
    if (c.linkedIn) problems.push(...await checkLinkedIn(page, c.linkedIn));
    if (c.downloads && size.width === WIDTHS[0].width) problems.push(...await checkDownloads(page, c.downloads));
    await screenshot(page, join(out, `${c.name}-${size.width}.png`));
    problems.push(...await runAxe(page));
  } catch (e) {
    problems.push(`error: ${e.message.split('\n')[0]}`);
  } finally {
    await context.close();
  }
  return { label, problems };
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const cases = JSON.parse(readFileSync(opts.cases, 'utf8'));
  mkdirSync(opts.out, { recursive: true });
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium', headless: true, args: ARGS,
  });
  let passed = 0, failed = 0;
  try {
    for (const c of cases) {
      for (const size of WIDTHS) {
        const { label, problems } = await checkCase(browser, opts.base, opts.out, c, size);
        if (problems.length === 0) {
          passed++;
          console.log(`ok   ${label}`);
        } else {
          failed++;
          for (const p of problems) console.log(`FAIL ${label}: ${p}`);
        }
      }
    }
  } finally {
    await browser.close();
  }
  console.log(`pages: ${passed} passed, ${failed} failed`);
  process.exit(failed > 0 ? 1 : 0);
}

main().catch(e => {
  console.error(`pages.mjs: ${e.message}`);
  process.exit(2);
});
