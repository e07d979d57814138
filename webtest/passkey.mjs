#!/usr/bin/env node
// passkey.mjs signs in with a passkey in headless Chromium, against a
// running demo whose mail goes to a capturing SMTP server:
//
//   node passkey.mjs --base URL --mail URL --lang en --out DIR
//
// --base must be an origin browsers offer WebAuthn to (https, or
// http://localhost:PORT). --mail answers GET ?to=ADDRESS with the messages
// received for that address as JSON (internal/mailtest). --lang is the
// language Olga chooses with the switcher before signing in.
//
// A CDP virtual authenticator (CTAP2, internal, resident keys, user
// verification) stands in for the person's phone or laptop. Olga signs in
// by the mailed link, adds a passkey named "Olga's laptop" on her settings
// page, signs out, and signs in again with the passkey button alone: no
// address typed, no mail sent. Her settings then say when it was last
// used, and the authenticator holds one discoverable credential whose
// user handle is her member id. The pages have the chosen lang and dir
// and no sideways scrolling at 390 px. Screenshots go to
// DIR/passkey-<lang>-<step>-<width>.png.
//
// It prints "ok <step>" and "FAIL <step>: ..." lines and exits 1 when
// anything failed. Environment: CHROMIUM (default /usr/bin/chromium).

import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

function parseArgs(argv) {
  const o = { base: '', mail: '', lang: 'en', out: '' };
  for (let i = 0; i < argv.length; i++) {
    const k = argv[i].replace(/^--/, '');
    if (!(k in o)) throw new Error(`unknown option ${argv[i]}`);
    o[k] = argv[++i];
  }
  if (!o.base || !o.mail || !o.out) throw new Error('usage: node passkey.mjs --base URL --mail URL --lang LANG --out DIR');
  return o;
}

const opts = parseArgs(process.argv.slice(2));
mkdirSync(opts.out, { recursive: true });
let failures = 0;
const fail = (step, msg) => { failures++; console.log(`FAIL ${opts.lang} ${step}: ${msg}`); };
const ok = (step) => console.log(`ok ${opts.lang} ${step}`);
const sleep = (ms) => new Promise(r => setTimeout(r, ms));
const olga = { id: 'olga', email: 'olga@example.org', name: "Olga's laptop" };

async function mail(address) {
  const r = await fetch(`${opts.mail}?to=${encodeURIComponent(address)}`);
  return r.json();
}

// mailTo waits until the address has more than seen messages.
async function mailTo(address, seen) {
  for (let i = 0; i < 150; i++) {
    const list = await mail(address);
    if (list.length > seen) return list;
    await sleep(100);
  }
  throw new Error(`no mail for ${address} within 15 s`);
}

function signInLink(msg) {
  for (const m of msg.text.matchAll(/https?:\/\/\S+/g)) {
    const u = new URL(m[0].replace(/[)>.,]+$/, ''));
    if (u.origin === new URL(opts.base).origin && /^\/signin\/[A-Za-z0-9_-]{43}$/.test(u.pathname)) return u.href;
  }
  throw new Error(`no sign-in link in the mail "${msg.subject}":\n${msg.text}`);
}

const RTL = new Set(['ar', 'he', 'fa', 'ur']);

// shoot checks the page's language, direction and width, and screenshots
// it at 1366 and 390 px.
async function shoot(page, step) {
  for (const width of [1366, 390]) {
    await page.setViewportSize({ width, height: 900 });
    const got = await page.evaluate(() => ({
      lang: document.documentElement.lang, dir: document.documentElement.dir,
      wide: document.documentElement.scrollWidth > window.innerWidth,
    }));
    const dir = RTL.has(opts.lang) ? 'rtl' : 'ltr';
    if (got.lang !== opts.lang || got.dir !== dir) fail(step, `<html lang="${got.lang}" dir="${got.dir}">, want ${opts.lang}, ${dir}`);
    if (got.wide) fail(step, `scrolls sideways at ${width} px`);
    await page.screenshot({ path: join(opts.out, `passkey-${opts.lang}-${step}-${width}.png`), fullPage: true });
  }
  await page.setViewportSize({ width: 1366, height: 900 });
}

// submit presses a button and waits for the page it leads to.
async function submit(page, button) {
  const [resp] = await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), button.click()]);
  return resp;
}

async function signInByMail(page) {
  await page.goto(opts.base + '/signin', { waitUntil: 'load' });
  if (await page.evaluate(() => document.documentElement.lang) !== opts.lang) {
    await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.selectOption('#lang-select', opts.lang)]);
  }
  const seen = (await mail(olga.email)).length;
  await page.fill('form.signin-form input[name=email]', olga.email);
  await submit(page, page.locator('form.signin-form button[type=submit]'));
  const link = signInLink((await mailTo(olga.email, seen)).at(-1));
  await page.goto(link, { waitUntil: 'load' });
  const after = await submit(page, page.locator(`form[action$="${new URL(link).pathname}"] button[type=submit]`));
  if (!new URL(after.url()).pathname.startsWith('/account')) throw new Error(`signed in by mail, landed on ${after.url()}`);
  ok('sign-in-by-mail');
}

async function addPasskey(page, cdp, authenticatorId) {
  await page.goto(opts.base + '/account/settings', { waitUntil: 'load' });
  const form = page.locator('form.passkey-add');
  if (!await form.isVisible()) throw new Error('the settings page shows no "Add a passkey" form');
  await page.fill('#passkey-name', olga.name);
  await shoot(page, 'settings-before');
  const resp = await submit(page, form.locator('button[type=submit]'));
  if (new URL(resp.url()).pathname !== '/account/settings') fail('add-passkey', `landed on ${resp.url()}`);
  const items = await page.locator('.passkey-list li').allInnerTexts();
  if (items.length !== 1 || !items[0].includes(olga.name)) fail('add-passkey', `the list shows ${JSON.stringify(items)}`);
  const { credentials } = await cdp.send('WebAuthn.getCredentials', { authenticatorId });
  if (credentials.length !== 1) throw new Error(`the authenticator holds ${credentials.length} credentials, want 1`);
  const c = credentials[0];
  if (!c.isResidentCredential) fail('add-passkey', 'the credential is not discoverable');
  if (Buffer.from(c.userHandle, 'base64').toString() !== olga.id) fail('add-passkey', `user handle ${c.userHandle}, want "${olga.id}"`);
  if (c.rpId !== new URL(opts.base).hostname) fail('add-passkey', `rpId ${c.rpId}`);
  await shoot(page, 'settings-added');
  ok('add-passkey');
  return { count: c.signCount, item: items[0] };
}

async function signOut(page) {
  await submit(page, page.locator('form.signout button[type=submit]'));
  const r = await page.goto(opts.base + '/account/settings', { waitUntil: 'load' });
  if (new URL(r.url()).pathname !== '/signin') throw new Error(`signed out, /account/settings led to ${r.url()}`);
  ok('sign-out');
}

async function signInWithPasskey(page, cdp, authenticatorId, before) {
  await page.goto(opts.base + '/signin', { waitUntil: 'load' });
  const seen = (await mail(olga.email)).length;
  const button = page.locator('.passkey-signin button');
  if (!await button.isVisible()) throw new Error('the sign-in page shows no passkey button');
  await shoot(page, 'signin');
  const resp = await submit(page, button);
  if (new URL(resp.url()).pathname !== '/account') fail('sign-in-with-passkey', `landed on ${resp.url()}`);
  const header = await page.locator('.site-header nav').innerText();
  if (!/signout/.test(await page.locator('.site-header nav').innerHTML())) fail('sign-in-with-passkey', `not signed in: ${header}`);
  if ((await mail(olga.email)).length !== seen) fail('sign-in-with-passkey', 'a mail was sent');
  const { credentials } = await cdp.send('WebAuthn.getCredentials', { authenticatorId });
  if (credentials[0].signCount <= before.count) fail('sign-in-with-passkey', `sign count ${credentials[0].signCount}, was ${before.count}`);
  await page.goto(opts.base + '/account/settings', { waitUntil: 'load' });
  const item = await page.locator('.passkey-list li').innerText();
  if (item === before.item) fail('sign-in-with-passkey', `the settings still say "${item}"`);
  await shoot(page, 'settings-used');
  ok('sign-in-with-passkey');
}

async function run(browser) {
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'en-GB' });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('WebAuthn.enable');
  const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: 'ctap2', transport: 'internal', hasResidentKey: true, hasUserVerification: true,
      isUserVerified: true, automaticPresenceSimulation: true,
    },
  });
  await signInByMail(page);
  const added = await addPasskey(page, cdp, authenticatorId);
  await signOut(page);
  await signInWithPasskey(page, cdp, authenticatorId, added);
  await context.close();
}

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: ARGS });
try {
  await run(browser);
} catch (e) {
  fail('passkey', e.stack || String(e));
} finally {
  await browser.close();
}
console.log(`passkey ${opts.lang}: ${failures} failed`);
process.exit(failures ? 1 : 0);
