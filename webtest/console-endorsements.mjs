#!/usr/bin/env node
// console-endorsements.mjs walks a coordinator's endorsements in headless
// Chromium, against a running demo server whose mail goes to a capturing
// SMTP server:
//
//   node console-endorsements.mjs --base URL --mail URL --lang en --out DIR
//
// Amara, the demo's coordinator, signs in by the mailed link and creates a
// second community, Riverside North, from the console (so she coordinates
// both). On Riverside's endorsements page (in the navigation, marked as
// the current page) she first sends the endorse form with nothing chosen:
// the error is next to the choice and her comment is kept. Then Riverside
// endorses North's profile, by keyboard: it is listed as given, and
// North's public page says "Endorsed by". A tampered copy of that
// endorsement (its comment changed), pasted into North's attach form, is
// refused in her language, the paste kept, nothing stored. North
// withdraws the endorsement (a box to tick first); its profile document no
// longer carries it. Then North keeps the untampered copy again, uploaded
// as a .json file: it is listed as received and back on the public page.
// Every page has the chosen lang and dir and no sideways scrolling;
// screenshots at 1366 and 390 px go to DIR/<lang>-endorsements-<step>-<width>.png.
//
// It prints "ok <step>" and "FAIL <step>: ..." lines and exits 1 when
// anything failed. Environment: CHROMIUM (default /usr/bin/chromium).

import { chromium } from 'playwright-core';
import { DESKTOP, Mailbox, Report, checkPage, parseArgs, shoot as shootAt, signInByMail, submit, runJourney } from './people.mjs';

const opts = parseArgs(process.argv.slice(2), { base: '', mail: '', lang: 'en', out: '' },
  ['base', 'mail', 'out'], 'node console-endorsements.mjs --base URL --mail URL --lang LANG --out DIR');
const report = new Report(opts.lang);
const fail = (step, msg) => report.fail(step, msg);
const ok = (step) => report.ok(step);
const mailbox = new Mailbox(opts.mail, opts.base);
const shoot = (page, step) => shootAt(page, opts.lang, report, opts.out, `${opts.lang}-endorsements-${step}`);
const amara = { id: 'amara', email: 'amara@example.org' };
const slug = 'riverside-north';
const own = `${opts.base}/console/default/endorsements`;
const north = `${opts.base}/console/${slug}/endorsements`;
const comment = opts.lang === 'ar' ? 'جيران موثوقون، منذ 2019.' : 'Trusted neighbours, since 2019.';
const arabic = /[\u0600-\u06FF]/;

// profileDoc is North's public profile document.
async function profileDoc() {
  const r = await fetch(`${opts.base}/issuers/${slug}`, { headers: { Accept: 'application/ld+json' } });
  return r.json();
}

// rows are the texts of the rows of the table under the heading id.
async function rows(page, heading) {
  return page.evaluate((h) => {
    const section = document.getElementById(h)?.closest('section');
    return section ? [...section.querySelectorAll('tbody tr')].map(tr => tr.textContent.replace(/\s+/g, ' ').trim()) : [];
  }, heading);
}

async function journey(browser) {
  const context = await browser.newContext({ viewport: DESKTOP, locale: 'en-GB' });
  const page = await context.newPage();
  await signInByMail(page, amara, { base: opts.base, lang: opts.lang, mailbox, report });

  // A second community, from the console.
  await page.goto(`${opts.base}/console/default/communities`, { waitUntil: 'load' });
  await page.fill('#c-slug', slug);
  await page.fill('#c-name', 'Riverside North');
  await page.fill('#c-lang', opts.lang);
  await submit(page, page.locator('form.member-form button[type=submit]'));
  if (new URL(page.url()).pathname !== `/console/${slug}/settings`) throw new Error(`creating North landed on ${page.url()}`);
  ok('north');

  // The page is in the navigation.
  await page.goto(`${opts.base}/console/default`, { waitUntil: 'load' });
  const link = page.locator('nav.account-nav a[href$="/console/default/endorsements"]');
  if (await link.count() !== 1) throw new Error('the console navigation does not link the endorsements page');
  await submit(page, link);
  const current = await page.locator('nav.account-nav a[aria-current=page]').getAttribute('href');
  if (!current.endsWith('/console/default/endorsements')) fail('page', `the navigation marks ${current}`);
  for (const id of ['e-target', 'e-external', 'e-comment', 'e-paste', 'e-file']) {
    if (await page.locator(`label[for="${id}"]`).count() !== 1) fail('page', `#${id} has no label`);
  }
  await shoot(page, 'empty');
  ok('page');

  // Nothing chosen: the error is next to the choice, the comment kept.
  await page.fill('#e-comment', comment);
  let resp = await submit(page, page.locator('form[action$="/console/default/endorsements"] button[type=submit]'));
  if (resp.status() !== 422) fail('unchosen', `answered ${resp.status()}, want 422`);
  const chooseErr = await page.locator('#e-target-error').textContent().catch(() => '');
  if (!chooseErr) fail('unchosen', 'no error next to the choice');
  if (opts.lang === 'ar' && !arabic.test(chooseErr)) fail('unchosen', `the error is not in Arabic: ${chooseErr}`);
  if (await page.locator('#e-target').getAttribute('aria-invalid') !== 'true') fail('unchosen', 'the choice is not marked invalid');
  if (await page.locator('#e-comment').inputValue() !== comment) fail('unchosen', 'the comment was lost');
  await shoot(page, 'unchosen');
  ok('unchosen');

  // Endorse North's profile, by keyboard: choose it, tab to the button.
  const option = page.locator('#e-target option', { hasText: 'Riverside North' });
  const value = await option.getAttribute('value');
  if (!value) throw new Error('North\'s profile is not offered');
  await page.locator('#e-target').focus();
  await page.selectOption('#e-target', value);
  await page.locator('#e-comment').focus();
  await page.keyboard.press('Tab'); // the Endorse button
  const focused = await page.evaluate(() => document.activeElement?.tagName + ':' + document.activeElement?.type);
  if (focused !== 'BUTTON:submit') fail('endorse', `Tab from the comment reaches ${focused}, not the button`);
  await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.keyboard.press('Enter')]);
  if (await page.locator('p.done[role=status]').count() !== 1) fail('endorse', 'no message after endorsing');
  const given = await rows(page, 'given-title');
  if (given.length !== 1 || !given[0].includes(comment) || !given[0].includes('Riverside North')) fail('endorse', `given: ${JSON.stringify(given)}`);
  await shoot(page, 'given');
  const doc = await profileDoc();
  const endorsement = doc.endorsement?.[0];
  if (!endorsement || endorsement.credentialSubject?.endorsementComment !== comment) throw new Error(`North's profile does not carry the endorsement: ${JSON.stringify(doc.endorsement)}`);
  const visitor = await browser.newContext({ viewport: DESKTOP, locale: opts.lang });
  const pub = await visitor.newPage();
  await pub.goto(`${opts.base}/issuers/${slug}`, { waitUntil: 'load' });
  if (!(await pub.locator('ul.endorsements li').allTextContents()).some(t => t.includes(comment))) fail('endorse', 'North\'s public page does not show the endorsement');
  ok('endorse');

  // North's page lists it as received. A tampered copy is refused.
  await page.goto(north, { waitUntil: 'load' });
  const received = await rows(page, 'received-title');
  if (received.length !== 1 || !received[0].includes(comment)) fail('received', `received: ${JSON.stringify(received)}`);
  const tampered = JSON.stringify(endorsement).replace(comment, comment.replace('2019', '2009'));
  await page.fill('#e-paste', tampered);
  resp = await submit(page, page.locator('form[action$="/endorsements/attach"] button[type=submit]'));
  if (resp.status() !== 422) fail('tampered', `answered ${resp.status()}, want 422`);
  const refusal = await page.locator('#e-attach-error').textContent().catch(() => '');
  if (opts.lang === 'en' && !refusal.includes('signature does not match its content')) fail('tampered', `the refusal says: ${refusal}`);
  if (opts.lang === 'ar' && !arabic.test(refusal)) fail('tampered', `the refusal is not in Arabic: ${refusal}`);
  if (await page.locator('#e-paste').inputValue() !== tampered) fail('tampered', 'the paste was not kept');
  if ((await rows(page, 'received-title')).length !== 1) fail('tampered', 'the refused endorsement was listed');
  await shoot(page, 'tampered');
  ok('tampered');

  // Withdraw it: the box first, then the button.
  await page.goto(north, { waitUntil: 'load' });
  const row = page.locator('section:has(#received-title) tbody tr').first();
  await row.locator('summary').click();
  await row.locator('input[name=confirm]').check();
  await shoot(page, 'withdraw');
  await submit(page, row.locator('button[type=submit]'));
  if (await page.locator('p.done[role=status]').count() !== 1) fail('withdraw', 'no message after withdrawing');
  if ((await rows(page, 'received-title')).length !== 0) fail('withdraw', 'the withdrawn endorsement is still listed');
  if ((await profileDoc()).endorsement) fail('withdraw', 'North\'s profile still carries the endorsement');
  ok('withdraw');

  // Keep the untampered copy, uploaded as a file.
  await page.setInputFiles('#e-file', { name: 'endorsement.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(endorsement)) });
  await submit(page, page.locator('form[action$="/endorsements/attach"] button[type=submit]'));
  if (await page.locator('p.done[role=status]').count() !== 1) fail('attach', `no message after attaching: ${await page.locator('#e-attach-error').textContent().catch(() => '')}`);
  const back = await rows(page, 'received-title');
  if (back.length !== 1 || !back[0].includes(comment)) fail('attach', `received after attaching: ${JSON.stringify(back)}`);
  await shoot(page, 'attached');
  await pub.reload({ waitUntil: 'load' });
  if (!(await pub.locator('ul.endorsements li').allTextContents()).some(t => t.includes(comment))) fail('attach', 'the public page does not show the attached endorsement');
  await checkPage(pub, opts.lang, report, 'public');
  await visitor.close();
  ok('attach');
  await context.close();
}

await runJourney(chromium, journey, report);
