#!/usr/bin/env node
// console-members.mjs walks a coordinator through the console's members
// pages of the demo community in headless Chromium, against a running
// server whose mail goes to a capturing SMTP server:
//
//   node console-members.mjs --base URL --mail URL --lang en --out DIR
//
// Amara, the demo's coordinator, signs in by the mailed link, opens
// Members, searches for Layla by her Arabic name and opens her page; she
// edits Layla's name, first with an invalid email (the error names the
// email field and nothing is saved), then validly; then she sends Layla a
// sign-in link, and the invitation arrives at the capturing SMTP server in
// Layla's language (Arabic) with a sign-in link. Every page has the chosen
// lang and dir and no sideways scrolling; screenshots at 1366 and 390 px go
// to DIR/<lang>-members-<step>-<width>.png.
//
// It prints "ok <step>" and "FAIL <step>: ..." lines and exits 1 when
// anything failed. Environment: CHROMIUM (default /usr/bin/chromium).

import { chromium } from 'playwright-core';
import { DESKTOP, Mailbox, Report, parseArgs, shoot as shootAt, signInByMail, submit, runJourney } from './people.mjs';

const opts = parseArgs(process.argv.slice(2), { base: '', mail: '', lang: 'en', out: '' },
  ['base', 'mail', 'out'], 'node console-members.mjs --base URL --mail URL --lang LANG --out DIR');
const report = new Report(opts.lang);
const fail = (step, msg) => report.fail(step, msg);
const ok = (step) => report.ok(step);
const mailbox = new Mailbox(opts.mail, opts.base);
const shoot = (page, step) => shootAt(page, opts.lang, report, opts.out, `${opts.lang}-members-${step}`);
const amara = { id: 'amara', email: 'amara@example.org' };
const members = opts.base + '/console/default/members';

async function journey(browser) {
  const context = await browser.newContext({ viewport: DESKTOP, locale: 'en-GB' });
  const page = await context.newPage();
  await signInByMail(page, amara, { base: opts.base, lang: opts.lang, mailbox, report });

  // Members, from the console's navigation.
  await page.goto(opts.base + '/console/default', { waitUntil: 'load' });
  await submit(page, page.locator(`nav a[href$="/console/default/members"]`));
  const rows = await page.locator('table.console-table tbody tr').count();
  if (rows < 10) fail('list', `${rows} members listed, want the demo's`);
  await shoot(page, 'list');
  ok('list');

  // Search by a name in Arabic script.
  await page.fill('#m-q', 'ليلى');
  await submit(page, page.locator('form.console-filters button[type=submit]'));
  const found = page.locator('table.console-table tbody tr');
  if (await found.count() !== 1) fail('search', `${await found.count()} members found for ليلى, want 1`);
  const name = found.locator('td a').first();
  if (await name.getAttribute('lang') !== 'ar' || await name.getAttribute('dir') !== 'rtl') fail('search', 'the Arabic name is not marked lang="ar" dir="rtl"');
  await shoot(page, 'search');
  await submit(page, name);
  if (!page.url().endsWith('/members/layla')) fail('search', `the name leads to ${page.url()}`);
  ok('search');

  // Her page.
  const text = await page.locator('main').textContent();
  if (!text.includes('layla@example.org')) fail('member', 'the member page does not show the email to the coordinator');
  if (await page.locator('#exchanges-title, #credentials-title, #progress-title, #applications-title').count() !== 4) fail('member', 'the member page lacks a section');
  await shoot(page, 'member');
  ok('member');

  // Edit: an invalid email first, then a good edit.
  await submit(page, page.locator('a.button[href$="/members/layla/edit"]'));
  await page.fill('#e-name', 'ليلى سالم حداد');
  await page.fill('#e-email', 'layla@');
  await page.evaluate(() => document.getElementById('e-email').type = 'text'); // the browser's own check would stop the form
  await submit(page, page.locator('form.member-form button[type=submit]'));
  if (await page.locator('#e-email-error').count() !== 1 || await page.locator('#e-email[aria-invalid=true]').count() !== 1) fail('edit-error', 'the error does not name the email field');
  if (await page.inputValue('#e-name') !== 'ليلى سالم حداد') fail('edit-error', 'the name typed was not kept');
  await shoot(page, 'edit-error');
  ok('edit-error');
  await page.fill('#e-email', 'layla@example.org');
  await submit(page, page.locator('form.member-form button[type=submit]'));
  if (await page.locator('p.done[role=status]').count() !== 1) fail('edit', `no success message after saving (at ${page.url()})`);
  if (await page.locator('h1').textContent() !== 'ليلى سالم حداد') fail('edit', 'the page does not show the new name');
  ok('edit');

  // Invite: the sign-in mail arrives, in Layla's language, with a link.
  const seen = (await mailbox.all('layla@example.org')).length;
  await submit(page, page.locator('form[action$="/members/layla/invite"] button'));
  if (await page.locator('p.done[role=status]').count() !== 1) fail('invite', 'no success message after inviting');
  await shoot(page, 'invited');
  const mail = (await mailbox.waitFor('layla@example.org', seen, 'invitation')).at(-1);
  if (!mail.html.includes('lang="ar"')) fail('invite', 'the invitation is not in the member\'s language (ar)');
  mailbox.linkIn(mail, /^\/signin\/[A-Za-z0-9_-]{43}$/);
  ok('invite');
  await context.close();
}

await runJourney(chromium, journey, report);
