#!/usr/bin/env node
// wallets.mjs walks a member through putting a badge into a wallet, in
// headless Chromium, against a running demo server whose mail goes to a
// capturing SMTP server:
//
//   node wallets.mjs --base URL --mail URL --lang en --out DIR
//
// Layla signs in by the mailed link and opens My badges. "Add to Learner
// Credential Wallet" leads to the wallet page; its button makes the links:
// the Learner Credential Wallet's request link and its older form, and a QR
// code of the interaction URL. The credential's own page shows its holder
// both wallet buttons. Back on My badges, "Add to a wallet
// (OpenID4VCI)" answers an offer page with the openid-credential-offer://
// link and its QR code, and the 6-digit code arrives by mail. Every page
// has the chosen lang and dir and no sideways scrolling; screenshots at
// 1366 and 390 px go to DIR/<lang>-wallets-<step>-<width>.png.
//
// It prints "ok <step>" and "FAIL <step>: ..." lines and exits 1 when
// anything failed. Environment: CHROMIUM (default /usr/bin/chromium).

import { chromium } from 'playwright-core';
import { DESKTOP, Mailbox, Report, parseArgs, shoot as shootAt, signInByMail, submit, runJourney } from './people.mjs';

const opts = parseArgs(process.argv.slice(2), { base: '', mail: '', lang: 'en', out: '' },
  ['base', 'mail', 'out'], 'node wallets.mjs --base URL --mail URL --lang LANG --out DIR');
const report = new Report(opts.lang);
const fail = (step, msg) => report.fail(step, msg);
const ok = (step) => report.ok(step);
const mailbox = new Mailbox(opts.mail, opts.base);
const shoot = (page, step) => shootAt(page, opts.lang, report, opts.out, `${opts.lang}-wallets-${step}`);
const layla = { id: 'layla', email: 'layla@example.org' };

async function journey(browser) {
  const context = await browser.newContext({ viewport: DESKTOP, locale: 'en-GB' });
  const page = await context.newPage();
  await signInByMail(page, layla, { base: opts.base, lang: opts.lang, mailbox, report });
  await page.goto(opts.base + '/account', { waitUntil: 'load' });

  // The Learner Credential Wallet: the page, then its links.
  const lcw = page.locator('form[action$="/wallet"] button').first();
  if (await lcw.count() !== 1) {
    fail('lcw', 'My badges has no "Add to Learner Credential Wallet" button');
  } else {
    await submit(page, lcw);
    await shoot(page, 'lcw-page');
    await submit(page, page.locator('main form[action$="/wallet"] button[type=submit]').first());
    const request = await page.locator('a[href^="https://lcw.app/request?request="]').count();
    const legacy = await page.locator('a[href^="https://lcw.app/request.html?"]').count();
    const qr = await page.locator('svg.qr[role=img][aria-label]').count();
    if (request !== 1 || legacy !== 1 || qr !== 1) fail('lcw-links', `${request} wallet API links, ${legacy} request links, ${qr} labelled QR codes; want one of each`);
    await shoot(page, 'lcw-links');
    ok('lcw');
  }

  // The credential's own page shows its signed-in holder both buttons.
  await page.goto(opts.base + '/account', { waitUntil: 'load' });
  const links = await page.locator('main a[href*="/credentials/"]').evaluateAll((as) => as.map((a) => a.href));
  const pageURL = links.find((h) => /\/credentials\/[0-9a-f-]{36}$/.test(new URL(h).pathname));
  if (!pageURL) fail('credential', 'My badges links no credential page');
  await page.goto(new URL(pageURL, opts.base).href, { waitUntil: 'load' });
  const buttons = await page.locator('form[action$="/wallet"] button, form[action$="/openid4vci"] button').count();
  if (buttons < 2) fail('credential', `the holder's credential page has ${buttons} wallet buttons, want both`);
  await shoot(page, 'credential');
  ok('credential');

  // OpenID4VCI: the offer, and the code by mail.
  await page.goto(opts.base + '/account', { waitUntil: 'load' });
  const offer = page.locator('form[action$="/openid4vci"] button').first();
  if (await offer.count() !== 1) {
    fail('openid4vci', 'My badges has no "Add to a wallet (OpenID4VCI)" button');
  } else {
    const seen = (await mailbox.all(layla.email)).length;
    await submit(page, offer);
    const link = await page.locator('a[href^="openid-credential-offer://?credential_offer_uri="]').count();
    const qr = await page.locator('svg.qr[role=img][aria-label]').count();
    if (link !== 1 || qr !== 1) fail('openid4vci', `${link} offer links, ${qr} labelled QR codes; want one of each`);
    await shoot(page, 'offer');
    const mail = (await mailbox.waitFor(layla.email, seen, 'transaction code')).at(-1);
    if (!/\b[0-9]{6}\b/.test(mail.text)) fail('openid4vci', 'the mail has no 6-digit code');
    if (!mail.html.includes(`lang="${opts.lang}"`) && !mail.html.includes('lang="ar"')) fail('openid4vci', 'the code mail is in neither the page\'s nor the member\'s language');
    ok('openid4vci');
  }
  await context.close();
}

await runJourney(chromium, journey, report);
