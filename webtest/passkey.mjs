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

import { chromium } from 'playwright-core';
import { ARGS, DESKTOP, Mailbox, Report, parseArgs, shoot as shootAt, signInByMail, submit } from './people.mjs';

const opts = parseArgs(process.argv.slice(2), { base: '', mail: '', lang: 'en', out: '' },
  ['base', 'mail', 'out'], 'node passkey.mjs --base URL --mail URL --lang LANG --out DIR');
const report = new Report(opts.lang);
const fail = (step, msg) => report.fail(step, msg);
const ok = (step) => report.ok(step);
const mailbox = new Mailbox(opts.mail, opts.base);
const mail = (address) => mailbox.all(address);
const shoot = (page, step) => shootAt(page, opts.lang, report, opts.out, `passkey-${opts.lang}-${step}`);
const olga = { id: 'olga', email: 'olga@example.org', name: "Olga's laptop" };

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
  const context = await browser.newContext({ viewport: DESKTOP, locale: 'en-GB' });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('WebAuthn.enable');
  const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: 'ctap2', transport: 'internal', hasResidentKey: true, hasUserVerification: true,
      isUserVerified: true, automaticPresenceSimulation: true,
    },
  });
  await signInByMail(page, olga, { base: opts.base, lang: opts.lang, mailbox, report });
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
console.log(`passkey ${opts.lang}: ${report.failures} failed`);
process.exit(report.failures ? 1 : 0);
