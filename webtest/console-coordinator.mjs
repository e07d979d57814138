#!/usr/bin/env node
// console-coordinator.mjs walks a coordinator's journey through the
// console of the demo community in headless Chromium, against a running
// server whose mail goes to a capturing SMTP server:
//
//   node console-coordinator.mjs --base URL --mail URL --token ADMIN_TOKEN --lang en --out DIR
//
// Tomáš's application for Wiki Editor is made first through the admin API
// (--token). Then Amara, the demo's coordinator, signs in by the mailed
// link and opens the console: the dashboard shows its numbers and the
// chart (with its table); on the credentials page she revokes Xiaoming's
// Wiki Editor credential with a private reason and re-sends Kwame's award
// mail (which arrives again); the revoked credential's public page then says
// revoked, and so does the verify page's answer for its VC-JWT; in the
// queue she approves Tomáš's application with a comment, and his
// credential is issued. Every page has the chosen lang and dir and no
// sideways scrolling; screenshots at 1366 and 390 px go to
// DIR/<lang>-console-<step>-<width>.png.
//
// It prints "ok <step>" and "FAIL <step>: ..." lines and exits 1 when
// anything failed. Environment: CHROMIUM (default /usr/bin/chromium).

import { chromium } from 'playwright-core';
import { DESKTOP, Mailbox, Report, parseArgs, shoot as shootAt, signInByMail, submit, runJourney } from './people.mjs';

const opts = parseArgs(process.argv.slice(2), { base: '', mail: '', token: '', lang: 'en', out: '' },
  ['base', 'mail', 'token', 'out'], 'node console-coordinator.mjs --base URL --mail URL --token TOKEN --lang LANG --out DIR');
const report = new Report(opts.lang);
const fail = (step, msg) => report.fail(step, msg);
const ok = (step) => report.ok(step);
const mailbox = new Mailbox(opts.mail, opts.base);
const shoot = (page, step) => shootAt(page, opts.lang, report, opts.out, `${opts.lang}-console-${step}`);
const admin = { Authorization: `Bearer ${opts.token}`, 'Content-Type': 'application/json' };
const amara = { id: 'amara', email: 'amara@example.org' };
const console_ = opts.base + '/console/default';

// api calls the admin API and returns the JSON answer, failing on a status
// other than want.
async function api(method, path, body, want) {
  const r = await fetch(opts.base + path, { method, headers: admin, body: body && JSON.stringify(body) });
  const text = await r.text();
  if (r.status !== want) throw new Error(`${method} ${path}: ${r.status}, want ${want}\n${text}`);
  return JSON.parse(text);
}

// done checks the page's success message after an action.
async function done(page, step) {
  const n = await page.locator('p.done[role=status]').count();
  if (n !== 1) fail(step, `no success message after the action (at ${page.url()})`);
}

async function journey(browser) {
  const appID = `tomas-wiki-${opts.lang}`;
  await api('POST', '/api/v1/applications', {
    id: appID, member: 'tomas', achievement: 'wiki-editor',
    narrative: 'I rewrote the pages on bicycle repair and added twelve photos.',
    evidenceUrls: ['https://example.org/wiki/Special:Contributions/Tomas'],
  }, 201);
  const [wiki] = (await api('GET', '/api/v1/credentials?member=xiaoming&achievement=wiki-editor', null, 200)).credentials;
  if (!wiki) throw new Error('the demo has no Wiki Editor credential for Xiaoming');

  const context = await browser.newContext({ viewport: DESKTOP, locale: 'en-GB' });
  const page = await context.newPage();
  await signInByMail(page, amara, { base: opts.base, lang: opts.lang, mailbox, report });

  // The dashboard.
  await page.goto(console_, { waitUntil: 'load' });
  const dash = await page.evaluate(() => ({
    stats: document.querySelectorAll('.console-stats .stat').length,
    bars: document.querySelectorAll('.console-chart svg rect').length,
    rows: document.querySelectorAll('.console-chart tbody tr').length,
    months: [...document.querySelectorAll('.console-chart svg text')].map(t => t.textContent),
  }));
  if (dash.stats < 8) fail('dashboard', `${dash.stats} numbers, want at least 8`);
  if (dash.bars !== 24 || dash.rows !== 12) fail('dashboard', `${dash.bars} bars and ${dash.rows} table rows, want 24 and 12`);
  if (opts.lang === 'ar' && dash.months.some(m => /[A-Za-z]/.test(m))) fail('dashboard', `month labels not in Arabic: ${dash.months}`);
  await page.locator('.console-chart details summary').click();
  await shoot(page, 'dashboard');
  ok('dashboard');

  // Revoke Xiaoming's Wiki Editor credential with a reason.
  await page.goto(`${console_}/credentials?achievement=wiki-editor`, { waitUntil: 'load' });
  await shoot(page, 'credentials');
  const row = page.locator(`#c-${wiki.id}`);
  await row.locator('summary').click();
  await row.locator('input[name=reason]').fill('Edits were copied from another wiki');
  await submit(page, row.locator('button[value=revoke]'));
  await done(page, 'revoke');
  const status = await page.locator(`#c-${wiki.id} .member-status`).getAttribute('class');
  if (!status.includes('status-revoked')) fail('revoke', `after revoking the row's status is "${status}"`);
  if (!(await page.locator(`#c-${wiki.id}`).textContent()).includes('Edits were copied')) fail('revoke', 'the private reason is not shown to the coordinator');
  await shoot(page, 'revoked');
  ok('revoke');

  // Re-send Kwame's Project Trainer award mail: a new mail arrives.
  const [trainer] = (await api('GET', '/api/v1/credentials?member=kwame&achievement=project-trainer', null, 200)).credentials;
  if (!trainer) throw new Error('the demo has no Project Trainer credential for Kwame');
  const seen = (await mailbox.all('kwame@example.org')).length;
  await page.goto(`${console_}/credentials?achievement=project-trainer`, { waitUntil: 'load' });
  await page.locator(`#c-${trainer.id} summary`).click();
  await submit(page, page.locator(`#c-${trainer.id} form[action$="/resend"] button`));
  await done(page, 'resend');
  if (!new URL(page.url()).search.includes('achievement=project-trainer')) fail('resend', `after the action the list lost its filter: ${page.url()}`);
  const mail = (await mailbox.waitFor('kwame@example.org', seen, 'award (re-sent)')).at(-1);
  if (!mail.text.includes(`/credentials/${trainer.id}`)) fail('resend', `the re-sent mail does not link the credential:\n${mail.text}`);
  ok('resend');

  // The public page and the verify page say revoked; the reason stays private.
  const visitor = await browser.newContext({ viewport: DESKTOP, locale: opts.lang });
  const pub = await visitor.newPage();
  await pub.goto(`${opts.base}/credentials/${wiki.id}`, { waitUntil: 'load' });
  if (await pub.locator('p.status.status-revoked').count() !== 1) fail('public', 'the public credential page does not say revoked');
  if ((await pub.content()).includes('Edits were copied')) fail('public', 'the public page shows the private reason');
  await shoot(pub, 'public-revoked');
  const jwt = await (await fetch(`${opts.base}/credentials/${wiki.id}.jwt`)).text();
  await pub.goto(`${opts.base}/verify`, { waitUntil: 'load' });
  await pub.fill('#input', jwt.trim());
  await submit(pub, pub.locator('form.verify-form button[type=submit]'));
  const outcome = await pub.locator('section.verdict').getAttribute('data-outcome');
  if (outcome !== 'revoked') fail('verify', `the verify page answers "${outcome}", want revoked`);
  await shoot(pub, 'verify-revoked');
  await visitor.close();
  ok('public-and-verify');

  // Approve Tomáš's application with a comment.
  await page.goto(`${console_}/queue`, { waitUntil: 'load' });
  const card = page.locator(`#a-${appID}`);
  if (await card.count() !== 1) throw new Error(`the queue does not list ${appID}`);
  if (!(await card.textContent()).includes('bicycle repair')) fail('queue', 'the application\'s narrative is not shown');
  await shoot(page, 'queue');
  await card.locator('textarea[name=comment]').fill('Thank you, Tomáš: good edits.');
  await submit(page, card.locator('button[value=approve]'));
  await done(page, 'approve');
  if (await page.locator(`#a-${appID}`).count() !== 0) fail('approve', 'the decided application is still in the queue');
  const app = await api('GET', `/api/v1/applications/${appID}`, null, 200);
  if (app.status !== 'approved' || app.comment !== 'Thank you, Tomáš: good edits.') fail('approve', `the application is ${app.status} with comment ${app.comment}`);
  const issued = (await api('GET', '/api/v1/credentials?member=tomas&achievement=wiki-editor', null, 200)).credentials;
  if (issued.length !== 1) fail('approve', `${issued.length} Wiki Editor credentials for Tomáš after the approval, want 1`);
  await shoot(page, 'approved');
  ok('approve');

  // The audit log has both changes, by coordinator:amara, with the reason.
  const entries = [];
  for (let after = ''; ;) {
    const log = await api('GET', `/api/v1/audit?issuer=default&limit=500${after ? '&after=' + after : ''}`, null, 200);
    entries.push(...log.entries);
    if (!log.next) break;
    after = log.next;
  }
  const by = entries.filter(e => e.actor === 'coordinator:amara');
  const revoked = by.find(e => e.action === 'POST /console/{slug}/credentials/{id}/{action}' && e.target.includes(wiki.id));
  if (!revoked) fail('audit', `no revocation by coordinator:amara in the audit log: ${JSON.stringify(by)}`);
  if (!by.some(e => e.action === 'POST /console/{slug}/queue/applications/{id}' && e.target.includes(appID))) fail('audit', 'no decision by coordinator:amara in the audit log');
  ok('audit');
  await context.close();
}

await runJourney(chromium, journey, report);
