#!/usr/bin/env node
// journeys.mjs walks the member journeys of the demo community in headless
// Chromium, as the people in it would, against a running server whose mail
// goes to a capturing SMTP server:
//
//   node journeys.mjs --base URL --mail URL --token ADMIN_TOKEN --lang en --out DIR
//
// --mail is an HTTP address answering GET ?to=ADDRESS with the messages
// received for that address as JSON ([{subject, text, html, headers,
// messageId}], oldest first: internal/mailtest). --token is the admin
// token, used only to read the engine's own progress numbers
// (GET /api/v1/members/{id}/progress), which the member's progress page
// must show exactly. --lang is the language every person chooses with the
// switcher on their first page (en, ar, ...).
//
// The journey: Olga signs in by the mailed link and logs two workshops she
// taught; each learner signs in (by their own link), opens the "please
// confirm" mail's link and confirms, except Ingrid, who disputes one of
// them (which then no longer counts); Olga's progress moves exactly as the
// engine says; Layla, a mentor, attests; Olga
// earns Project Trainer and receives the award mail; Tomás applies for Wiki
// Editor and Ana, a mentor, approves; Olga hides her new credential's page
// and it answers 404 to others; every page has the chosen lang and dir and
// no horizontal scrolling at 390 px. Screenshots of each step at 1366 and
// 390 px go to DIR/<lang>-<step>-<width>.png.
//
// It prints "ok <step>" lines, "FAIL <step>: ..." lines, and exits 1 when
// anything failed. Environment: CHROMIUM (default /usr/bin/chromium).

import { chromium } from 'playwright-core';
import { DESKTOP, Mailbox, Report, checkPage, parseArgs, shoot as shootAt, signInByMail, submit, runJourney } from './people.mjs';

const opts = parseArgs(process.argv.slice(2), { base: '', mail: '', token: '', lang: 'en', out: '' },
  ['base', 'mail', 'token', 'out'], 'node journeys.mjs --base URL --mail URL --token TOKEN --lang LANG --out DIR');
const report = new Report(opts.lang);
const fail = (step, msg) => report.fail(step, msg);
const ok = (step) => report.ok(step);
const mailbox = new Mailbox(opts.mail, opts.base);
const mailCount = async (address) => (await mailbox.all(address)).length;
const mailTo = (address, seen, what) => mailbox.waitFor(address, seen, what);
const linkIn = (msg, re) => mailbox.linkIn(msg, re);
const shoot = (page, step) => shootAt(page, opts.lang, report, opts.out, `${opts.lang}-${step}`);

// signIn opens a fresh browser for a person and signs them in by the
// mailed link; it returns the page, on their badges.
async function signIn(browser, who) {
  const context = await browser.newContext({ viewport: DESKTOP, locale: 'en-GB' });
  const page = await context.newPage();
  await signInByMail(page, who, { base: opts.base, lang: opts.lang, mailbox, report, shot: who.shoot ? shoot : null });
  return page;
}

// engine returns the engine's requirements for member's achievement.
async function engine(member, achievement) {
  const r = await fetch(`${opts.base}/api/v1/members/${member}/progress`, { headers: { Authorization: `Bearer ${opts.token}` } });
  const p = await r.json();
  const a = p.achievements.find(x => x.achievement === achievement);
  if (!a) throw new Error(`engine progress of ${member} has no ${achievement}`);
  return a;
}

// pageProgress reads the progress bars of achievement on the member's
// progress page.
async function pageProgress(page, achievement) {
  await page.goto(opts.base + '/account/progress', { waitUntil: 'load' });
  return page.evaluate((id) => {
    for (const s of document.querySelectorAll('section.member-progress')) {
      const a = s.querySelector('h2 a');
      if (a && a.getAttribute('href').endsWith('/achievements/' + id)) {
        return [...s.querySelectorAll('progress')].map(p => ({ current: Number(p.value), target: Number(p.max) }));
      }
    }
    return null;
  }, achievement);
}

// sameProgress checks that the page shows exactly the engine's numbers and
// returns them.
async function sameProgress(page, member, achievement, step) {
  const [want, got] = [await engine(member, achievement), await pageProgress(page, achievement)];
  const w = want.requirements.map(q => ({ current: Math.min(q.current, q.target), target: q.target }));
  const raw = want.requirements.map(q => ({ current: q.current, target: q.target }));
  if (!got || JSON.stringify(got) !== JSON.stringify(w)) {
    fail(step, `progress page shows ${JSON.stringify(got)}, the engine says ${JSON.stringify(raw)}`);
  }
  return raw;
}

const people = {
  olga: { id: 'olga', email: 'olga@example.org' },
  layla: { id: 'layla', email: 'layla@example.org' },
  ana: { id: 'ana', email: 'ana@example.org' },
  tomas: { id: 'tomas', email: 'tomas@example.org' },
};

// logWorkshop logs a workshop the page's member taught, two days ago.
async function logWorkshop(page, title, learners, step) {
  await page.goto(opts.base + '/account/exchanges', { waitUntil: 'load' });
  const day = new Date(Date.now() - 2 * 86400e3).toISOString().slice(0, 10);
  await page.selectOption('#x-kind', 'workshop');
  await page.fill('#x-title', title);
  await page.fill('#x-skills', 'training');
  await page.fill('#x-hours', '2');
  await page.fill('#x-date', day);
  await page.check('input[name=role][value=taught]');
  await page.selectOption('#x-with', learners);
  const resp = await submit(page, page.locator('form.member-form > button[type=submit]'));
  if (resp.status() !== 200 || !/done=/.test(resp.url())) fail(step, `answer ${resp.status()} at ${resp.url()}`);
}

async function journey(browser) {
  // Olga signs in and looks at her progress.
  const olga = await signIn(browser, { ...people.olga, shoot: true });
  await shoot(olga, 'badges-before');
  const before = await sameProgress(olga, 'olga', 'project-trainer', 'progress-before');
  await shoot(olga, 'progress-before');

  // She logs two workshops she taught: only its logger's word, so neither
  // counts yet.
  const sewing = ['amara', 'tomas', 'zainab', 'ananya', 'xiaoming'];
  const knitting = ['lan', 'ingrid'];
  await logWorkshop(olga, opts.lang === 'ar' ? 'ورشة خياطة' : 'Sewing workshop', sewing, 'log-sewing');
  await shoot(olga, 'exchange-logged');
  await logWorkshop(olga, opts.lang === 'ar' ? 'ورشة حياكة' : 'Knitting workshop', knitting, 'log-knitting');
  const afterLog = await sameProgress(olga, 'olga', 'project-trainer', 'progress-after-log');
  if (JSON.stringify(afterLog) !== JSON.stringify(before)) fail('log-exchange', 'exchanges only their logger confirmed moved the progress');
  ok('log-exchange');

  // Each learner signs in and answers the mail's "please confirm" link:
  // all confirm, except Ingrid, who disputes the knitting workshop, and
  // then it no longer counts at all.
  let last = afterLog;
  for (const id of [...sewing, ...knitting]) {
    const step = id === 'ingrid' ? `dispute-${id}` : `confirm-${id}`;
    const email = `${id}@example.org`;
    const confirmMail = (await mailTo(email, 0, 'please-confirm')).find(m => /\/account\/exchanges\//.test(m.text));
    if (!confirmMail) { fail(step, 'no "please confirm" mail'); continue; }
    if (!confirmMail.headers['List-Unsubscribe']) fail(step, 'the notification has no List-Unsubscribe header');
    const link = linkIn(confirmMail, /^\/account\/exchanges\/[^/]+$/);
    const page = await signIn(browser, { id, email, shoot: id === sewing[0] });
    await page.goto(link, { waitUntil: 'load' });
    if (id === sewing[0] || id === 'ingrid') await shoot(page, id === 'ingrid' ? 'exchange-to-dispute' : 'exchange-to-confirm');
    if (id === 'ingrid') {
      await page.fill('#dispute-note', 'I was not there.');
      await submit(page, page.locator('form[action$="/dispute"] button[type=submit]'));
    } else {
      await submit(page, page.locator('form[action$="/confirm"] button[type=submit]'));
    }
    await checkPage(page, opts.lang, report, step);
    const now = await sameProgress(olga, 'olga', 'project-trainer', `progress-after-${id}`);
    if (id === sewing[0] && now[0].current !== last[0].current + 1) fail(step, `the first confirmation took the workshops from ${last[0].current} to ${now[0].current}, want one more`);
    if (id === 'lan' && now[0].current !== last[0].current + 1) fail(step, `Lan's confirmation took the workshops from ${last[0].current} to ${now[0].current}, want one more`);
    if (id === 'ingrid' && (now[0].current !== last[0].current - 1 || now[1].current !== last[1].current - 1)) {
      fail(step, `after the dispute the progress is ${JSON.stringify(now)}, was ${JSON.stringify(last)}: want the knitting workshop and Lan no longer counted`);
    }
    last = now;
    await page.context().close();
    ok(step);
  }
  await shoot(olga, 'progress-confirmed');

  // Layla, a mentor, attests: Olga earns Project Trainer.
  const awardSeen = await mailCount(people.olga.email);
  const layla = await signIn(browser, people.layla);
  await layla.goto(opts.base + '/account/attest', { waitUntil: 'load' });
  await layla.selectOption('#a-member', 'olga');
  await layla.fill('#a-skill', 'training');
  await layla.fill('#a-statement', opts.lang === 'ar' ? 'أولغا مدربة صبورة وواضحة.' : 'Olga is a patient, clear trainer.');
  await shoot(layla, 'attest');
  await submit(layla, layla.locator('form.member-form > button[type=submit]'));
  await checkPage(layla, opts.lang, report, 'attest');
  const award = await engine('olga', 'project-trainer');
  if (!award.earned || !award.credential) fail('award', `after the second mentor, Olga has not earned Project Trainer: ${JSON.stringify(award)}`);
  const awardMail = (await mailTo(people.olga.email, awardSeen, 'award')).slice(awardSeen).find(m => m.text.includes(award.credential));
  if (!awardMail) fail('award', 'no award mail naming the credential');
  else {
    if (!/linkedin\.com/.test(awardMail.text + awardMail.html)) fail('award', 'the award mail has no LinkedIn link');
    if (!awardMail.text.includes(`/credentials/${award.credential}.pdf`)) fail('award', 'the award mail has no PDF link');
    if (opts.lang === 'ar' && !/dir="rtl"/.test(awardMail.html)) fail('award', 'the Arabic award mail is not right to left');
  }
  await olga.goto(opts.base + '/account', { waitUntil: 'load' });
  await shoot(olga, 'badges-awarded');
  ok('award');

  // Tomás applies for Wiki Editor; Ana, a mentor, approves.
  const tomas = await signIn(browser, people.tomas);
  await tomas.goto(opts.base + '/account/applications', { waitUntil: 'load' });
  await tomas.selectOption('#p-achievement', 'wiki-editor');
  await tomas.fill('#p-narrative', 'I rewrote the repair café pages and added sources to twelve articles.');
  await tomas.fill('#p-evidence', 'https://wiki.example.org/wiki/Special:Contributions/Tomas');
  await submit(tomas, tomas.locator('form.member-form > button[type=submit]'));
  await shoot(tomas, 'applied');
  const decidedSeen = await mailCount(people.tomas.email);
  const ana = await signIn(browser, people.ana);
  await ana.goto(opts.base + '/account/applications', { waitUntil: 'load' });
  await shoot(ana, 'review');
  const form = ana.locator('form[action*="/decision"]').first();
  await form.locator('textarea[name=comment]').fill('Good sources, thank you.');
  await submit(ana, form.locator('button[value=approve]'));
  await checkPage(ana, opts.lang, report, 'approve');
  const wiki = await engine('tomas', 'wiki-editor');
  if (!wiki.earned) fail('approve', `after the approval Tomás has not earned Wiki Editor: ${JSON.stringify(wiki)}`);
  await mailTo(people.tomas.email, decidedSeen, 'decision');
  ok('apply-approve');

  // Olga hides her new credential's page: 404 to everyone else.
  await olga.goto(opts.base + '/account', { waitUntil: 'load' });
  const hide = olga.locator(`form[action$="/account/credentials/${award.credential}/hidden"] button[type=submit]`);
  await submit(olga, hide);
  await shoot(olga, 'badges-hidden');
  const stranger = await browser.newContext();
  const r = await stranger.request.get(`${opts.base}/credentials/${award.credential}`);
  if (r.status() !== 404) fail('hide', `a hidden credential's page answers ${r.status()} to a stranger`);
  const own = await olga.goto(`${opts.base}/credentials/${award.credential}`, { waitUntil: 'load' });
  if (own.status() !== 200) fail('hide', `the holder gets ${own.status()} for their hidden page`);
  await shoot(olga, 'credential-hidden-own');
  await stranger.close();
  ok('hide');
}

await runJourney(chromium, journey, report);
