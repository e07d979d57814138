// people.mjs is what the browser scripts that act as people share
// (journeys.mjs, passkey.mjs): options, reporting, the captured mailbox,
// the checks every page must pass, screenshots, and signing in by the
// mailed link.

import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

export const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];
export const DESKTOP = { width: 1366, height: 900 };
export const PHONE = { width: 390, height: 844 };
const RTL = new Set(['ar', 'he', 'fa', 'ur']);

// parseArgs reads --name value pairs into a copy of defaults; every name
// in required must be given.
export function parseArgs(argv, defaults, required, usage) {
  const o = { ...defaults };
  for (let i = 0; i < argv.length; i++) {
    const k = argv[i].replace(/^--/, '');
    if (!(k in o)) throw new Error(`unknown option ${argv[i]}`);
    o[k] = argv[++i];
  }
  if (required.some(k => !o[k])) throw new Error(`usage: ${usage}`);
  if (o.out) mkdirSync(o.out, { recursive: true });
  return o;
}

// Report prints "ok <lang> <step>" and "FAIL <lang> <step>: why" lines and
// counts the failures.
export class Report {
  constructor(lang) { this.lang = lang; this.failures = 0; }
  fail(step, msg) { this.failures++; console.log(`FAIL ${this.lang} ${step}: ${msg}`); }
  ok(step) { console.log(`ok ${this.lang} ${step}`); }
}

// runJourney launches Chromium, runs journey(browser), reports what threw
// as a failure of the whole journey, and exits 1 when anything failed.
export async function runJourney(chromium, journey, report) {
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: ARGS });
  try {
    await journey(browser);
  } catch (e) {
    report.fail('journey', e.stack || String(e));
  } finally {
    await browser.close();
  }
  console.log(`${report.lang}: ${report.failures} failed`);
  process.exit(report.failures ? 1 : 0);
}

const sleep = (ms) => new Promise(r => setTimeout(r, ms));

// Mailbox reads the mail a capturing SMTP server received (internal/mailtest:
// GET ?to=ADDRESS answers [{subject, text, html, headers, messageId}], oldest first).
export class Mailbox {
  constructor(url, base) { this.url = url; this.base = base; }

  async all(address) {
    const r = await fetch(`${this.url}?to=${encodeURIComponent(address)}`);
    return r.json();
  }

  // waitFor waits until address has more than seen messages, and returns them all.
  async waitFor(address, seen, what) {
    for (let i = 0; i < 150; i++) {
      const list = await this.all(address);
      if (list.length > seen) return list;
      await sleep(100);
    }
    throw new Error(`no ${what} mail for ${address} within 15 s`);
  }

  // linkIn finds the first link to the site whose path matches re in a
  // message's text part.
  linkIn(msg, re) {
    for (const m of msg.text.matchAll(/https?:\/\/\S+/g)) {
      const u = new URL(m[0].replace(/[)>.,]+$/, ''));
      if (u.origin === new URL(this.base).origin && re.test(u.pathname)) return u.href;
    }
    throw new Error(`no link matching ${re} in the mail "${msg.subject}":\n${msg.text}`);
  }
}

// checkPage checks what every page must have: the language lang and its
// direction, and no sideways scrolling.
export async function checkPage(page, lang, report, step) {
  const got = await page.evaluate(() => ({
    lang: document.documentElement.lang, dir: document.documentElement.dir,
    wide: document.documentElement.scrollWidth > window.innerWidth,
  }));
  const dir = RTL.has(lang) ? 'rtl' : 'ltr';
  if (got.lang !== lang || got.dir !== dir) report.fail(step, `<html lang="${got.lang}" dir="${got.dir}">, want lang="${lang}" dir="${dir}"`);
  if (got.wide) report.fail(step, `scrolls sideways at ${page.viewportSize().width} px`);
}

// shoot checks the page and saves a full-page screenshot at both widths,
// as DIR/<name>-<width>.png. Chromium sometimes answers "Unable to capture
// screenshot" on a loaded machine: that is the harness, so it tries thrice.
export async function shoot(page, lang, report, dir, name) {
  for (const size of [DESKTOP, PHONE]) {
    await page.setViewportSize(size);
    await checkPage(page, lang, report, `${name}@${size.width}`);
    for (let i = 1; ; i++) {
      try {
        await page.screenshot({ path: join(dir, `${name}-${size.width}.png`), fullPage: true });
        break;
      } catch (e) {
        if (i === 3 || !/Unable to capture screenshot/.test(e.message)) throw e;
        await page.waitForTimeout(500 * i);
      }
    }
  }
  await page.setViewportSize(DESKTOP);
}

// submit presses a form's button and waits for the page it leads to.
export async function submit(page, button) {
  const [resp] = await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), button.click()]);
  return resp;
}

// chooseLanguage picks lang with the switcher at the top of the page, which
// then wins over the member's setting and the browser's. site.js submits a
// change at once; choosing the language already shown changes nothing, so
// then the form is sent as it is.
export async function chooseLanguage(page, lang) {
  if (await page.evaluate(() => document.documentElement.lang) !== lang) {
    await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.selectOption('#lang-select', lang)]);
  } else {
    await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.evaluate(() => document.getElementById('lang-select').form.submit())]);
  }
}

// signInByMail signs page in as who ({id, email}) as a person does: the
// language switcher, the sign-in form, the mailed link and its button. The
// sign-in mail must be in the page's language and carry no List-Unsubscribe
// (it is not optional). shot, when set, screenshots the steps under that
// name prefix.
export async function signInByMail(page, who, { base, lang, mailbox, report, shot }) {
  const step = `sign-in-${who.id}`;
  await page.goto(base + '/signin', { waitUntil: 'load' });
  await chooseLanguage(page, lang);
  const seen = (await mailbox.all(who.email)).length;
  await page.fill('form.signin-form input[name=email]', who.email);
  await submit(page, page.locator('form.signin-form button[type=submit]'));
  if (shot) await shot(page, 'sign-in-sent');
  const mail = (await mailbox.waitFor(who.email, seen, 'sign-in')).at(-1);
  if (mail.headers['List-Unsubscribe']) report.fail(step, 'the sign-in mail has List-Unsubscribe (it is not optional)');
  if (!mail.html.includes(`lang="${lang}"`)) report.fail(step, `the sign-in mail is not in the language of the page it was asked from (${lang})`);
  const link = mailbox.linkIn(mail, /^\/signin\/[A-Za-z0-9_-]{43}$/);
  const resp = await page.goto(link, { waitUntil: 'load' });
  if (resp.status() !== 200) report.fail(step, `the mailed link answers ${resp.status()}`);
  if (shot) await shot(page, 'sign-in-link');
  const after = await submit(page, page.locator(`form[action$="${new URL(link).pathname}"] button[type=submit]`));
  if (!new URL(after.url()).pathname.startsWith('/account')) report.fail(step, `signed in, landed on ${after.url()}`);
  await checkPage(page, lang, report, step);
  report.ok(step);
}
