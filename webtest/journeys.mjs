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

import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const DESKTOP = { width: 1366, height: 900 };
const PHONE = { width: 390, height: 844 };
const RTL = new Set(['ar', 'he', 'fa', 'ur']);

function parseArgs(argv) {
  const o = { base: '', mail: '', token: '', lang: 'en', out: '' };
  for (let i = 0; i < argv.length; i++) {
    const k = argv[i].replace(/^--/, '');
    if (!(k in o)) throw new Error(`unknown option ${argv[i]}`);
    o[k] = argv[++i];
  }
  if (!o.base || !o.mail || !o.token || !o.out) {
    throw new Error('usage: node journeys.mjs --base URL --mail URL --token TOKEN --lang LANG --out DIR');
  }
  return o;
}

const opts = parseArgs(process.argv.slice(2));
mkdirSync(opts.out, { recursive: true });
let failures = 0;
const fail = (step, msg) => { failures++; console.log(`FAIL ${opts.lang} ${step}: ${msg}`); };
const ok = (step) => console.log(`ok ${opts.lang} ${step}`);
const sleep = (ms) => new Promise(r => setTimeout(r, ms));

// mailTo waits until the address has more than `seen` messages and returns
// them all.
async function mailTo(address, seen, what) {
  for (let i = 0; i < 150; i++) {
    const r = await fetch(`${opts.mail}?to=${encodeURIComponent(address)}`);
    const list = await r.json();
    if (list.length > seen) return list;
    await sleep(100);
  }
  throw new Error(`no ${what} mail for ${address} within 15 s`);
}

async function mailCount(address) {
  const r = await fetch(`${opts.mail}?to=${encodeURIComponent(address)}`);
  return (await r.json()).length;
}

// linkIn finds the first link under base whose path matches re in a
// message's text part.
function linkIn(msg, re) {
  for (const m of msg.text.matchAll(/https?:\/\/\S+/g)) {
    const u = new URL(m[0].replace(/[)>.,]+$/, ''));
    if (u.origin === new URL(opts.base).origin && re.test(u.pathname)) return u.href;
  }
  throw new Error(`no link matching ${re} in the mail "${msg.subject}":\n${msg.text}`);
}

// checkPage checks what every page must have: the chosen language and
// direction, and no sideways scrolling.
async function checkPage(page, step) {
  const got = await page.evaluate(() => ({
    lang: document.documentElement.lang, dir: document.documentElement.dir,
    wide: document.documentElement.scrollWidth > window.innerWidth,
  }));
  const wantDir = RTL.has(opts.lang) ? 'rtl' : 'ltr';
  if (got.lang !== opts.lang || got.dir !== wantDir) fail(step, `<html lang="${got.lang}" dir="${got.dir}">, want lang="${opts.lang}" dir="${wantDir}"`);
  if (got.wide) fail(step, `scrolls sideways at ${page.viewportSize().width} px`);
}

// shoot screenshots the page at both widths, then checks it at both.
async function shoot(page, step) {
  for (const size of [DESKTOP, PHONE]) {
    await page.setViewportSize(size);
    await checkPage(page, `${step}@${size.width}`);
    for (let i = 1; ; i++) {
      try {
        await page.screenshot({ path: join(opts.out, `${opts.lang}-${step}-${size.width}.png`), fullPage: true });
        break;
      } catch (e) {
        if (i === 3 || !/Unable to capture screenshot/.test(e.message)) throw e;
        await page.waitForTimeout(500 * i);
      }
    }
  }
  await page.setViewportSize(DESKTOP);
}

// submit presses a form's submit button and waits for the page it leads to.
async function submit(page, button) {
  const [resp] = await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), button.click()]);
  return resp;
}

// signIn opens a fresh browser for a person: the language switcher, the
// sign-in form, the mailed link and its button. It returns the page,
// signed in, on their badges.
async function signIn(browser, who) {
  const step = `sign-in-${who.id}`;
  const context = await browser.newContext({ viewport: DESKTOP, locale: 'en-GB' });
  const page = await context.newPage();
  await page.goto(opts.base + '/signin', { waitUntil: 'load' });
  // The person chooses the journey's language with the switcher, which
  // then wins over their member setting (ananya's is Hindi) and their
  // browser's. site.js submits a change at once; choosing the language
  // already shown changes nothing, so then the form is sent as it is.
  if (await page.evaluate(() => document.documentElement.lang) !== opts.lang) {
    await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.selectOption('#lang-select', opts.lang)]);
  } else {
    await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.evaluate(() => document.getElementById('lang-select').form.submit())]);
  }
  const seen = await mailCount(who.email);
  await page.fill('form.signin-form input[name=email]', who.email);
  await submit(page, page.locator('form.signin-form button[type=submit]'));
  if (who.shoot) await shoot(page, 'sign-in-sent');
  const mail = (await mailTo(who.email, seen, 'sign-in')).at(-1);
  if (mail.headers['List-Unsubscribe']) fail(step, 'the sign-in mail has List-Unsubscribe (it is not optional)');
  if (!mail.html.includes(`lang="${opts.lang}"`)) fail(step, `the sign-in mail is not in the language of the page it was asked from (${opts.lang})`);
  const link = linkIn(mail, /^\/signin\/[A-Za-z0-9_-]{43}$/);
  const resp = await page.goto(link, { waitUntil: 'load' });
  if (resp.status() !== 200) fail(step, `the mailed link answers ${resp.status()}`);
  if (who.shoot) await shoot(page, 'sign-in-link');
  const after = await submit(page, page.locator(`form[action$="${new URL(link).pathname}"] button[type=submit]`));
  if (!new URL(after.url()).pathname.startsWith('/account')) fail(step, `signed in, landed on ${after.url()}`);
  await checkPage(page, step);
  ok(step);
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
    await checkPage(page, step);
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
  await checkPage(layla, 'attest');
  const award = await engine('olga', 'project-trainer');
  if (!award.earned || !award.credential) fail('award', `after the second mentor, Olga has not earned Project Trainer: ${JSON.stringify(award)}`);
  const awardMail = (await mailTo(people.olga.email, awardSeen, 'award')).slice(awardSeen).find(m => m.text.includes(award.credential));
  if (!awardMail) fail('award', 'no award mail naming the credential');
  else {
    if (!/linkedin\.com/.test(awardMail.text + awardMail.html)) fail('award', 'the award mail has no LinkedIn link');
    if (!awardMail.text.includes(`/credentials/${award.credential}.pdf`)) fail('award', 'the award mail has no PDF link');
    if (RTL.has(opts.lang) && !/dir="rtl"/.test(awardMail.html)) fail('award', 'the Arabic award mail is not right to left');
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
  await checkPage(ana, 'approve');
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

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: ARGS });
try {
  await journey(browser);
} catch (e) {
  fail('journey', e.stack || String(e));
} finally {
  await browser.close();
}
console.log(`${opts.lang}: ${failures} failed`);
process.exit(failures ? 1 : 0);
