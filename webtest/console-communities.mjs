#!/usr/bin/env node
// console-communities.mjs walks an owner's journey in headless Chromium:
// creating a second community from the console and rotating its keys,
// against a running demo server whose mail goes to a capturing SMTP
// server:
//
//   node console-communities.mjs --base URL --mail URL --lang en --out DIR
//
// Amara, the demo's coordinator (so an owner of the install), signs in by
// the mailed link and opens the console index, which links creating a
// community. She creates "Riverside North" (EdDSA): first with a bad slug,
// and the form says so next to the slug, keeping what she typed; then with
// riverside-north, landing on its settings. Its public issuer page
// answers. On its keys page she rotates the keys: a new current key is
// listed and the old ones as retired. Its audit page lists the rotation.
// Every page has the chosen lang and dir and no sideways scrolling;
// screenshots at 1366 and 390 px go to DIR/<lang>-communities-<step>-<width>.png.
//
// It prints "ok <step>" and "FAIL <step>: ..." lines and exits 1 when
// anything failed. Environment: CHROMIUM (default /usr/bin/chromium).

import { chromium } from 'playwright-core';
import { DESKTOP, Mailbox, Report, checkPage, parseArgs, shoot as shootAt, signInByMail, submit, runJourney } from './people.mjs';

const opts = parseArgs(process.argv.slice(2), { base: '', mail: '', lang: 'en', out: '' },
  ['base', 'mail', 'out'], 'node console-communities.mjs --base URL --mail URL --lang LANG --out DIR');
const report = new Report(opts.lang);
const fail = (step, msg) => report.fail(step, msg);
const ok = (step) => report.ok(step);
const mailbox = new Mailbox(opts.mail, opts.base);
const shoot = (page, step) => shootAt(page, opts.lang, report, opts.out, `${opts.lang}-communities-${step}`);
const amara = { id: 'amara', email: 'amara@example.org' };
const slug = 'riverside-north';
const north = `${opts.base}/console/${slug}`;

// keyRows are the keys page's rows: id, whether active, and the state shown.
async function keyRows(page) {
  return page.evaluate(() => [...document.querySelectorAll('table.console-table tbody tr')].map(tr => ({
    id: tr.id.replace(/^k-/, ''),
    active: !!tr.querySelector('.status-active'),
    retired: !!tr.querySelector('.status-expired'),
  })));
}

async function journey(browser) {
  const context = await browser.newContext({ viewport: DESKTOP, locale: 'en-GB' });
  const page = await context.newPage();
  await signInByMail(page, amara, { base: opts.base, lang: opts.lang, mailbox, report });

  // The console index links creating a community, for an owner.
  await page.goto(opts.base + '/console', { waitUntil: 'load' });
  const create = page.locator('a[href$="/console/default/communities"]');
  if (await create.count() !== 1) throw new Error('the console index does not link creating a community');
  await shoot(page, 'index');
  await submit(page, create);
  if (new URL(page.url()).pathname !== '/console/default/communities') fail('index', `the link led to ${page.url()}`);
  const nav = await page.locator('nav.account-nav a[aria-current=page]').getAttribute('href');
  if (!nav.endsWith('/console/default/communities')) fail('communities', `the navigation marks ${nav}, not the communities page`);
  const listed = await page.locator('table.console-table tbody tr').count();
  if (listed < 1) fail('communities', 'the page lists no community');
  if (await page.locator('#c-idMode option').count() < 1) fail('communities', 'no id mode offered');
  await shoot(page, 'form');
  ok('communities');

  // A bad slug: the error names it, the form keeps what was typed, nothing
  // is created.
  await page.fill('#c-slug', 'Riverside North');
  await page.fill('#c-name', 'Riverside North');
  await page.fill('#c-url', 'https://north.example.org');
  await page.fill('#c-email', 'north@example.org');
  await page.fill('#c-lang', opts.lang);
  await page.selectOption('#c-alg', 'EdDSA');
  // The slug field's pattern is the server's to judge: send it as typed.
  const resp = await submit(page, page.locator('form.member-form button[type=submit]'));
  if (resp.status() !== 422) fail('bad-slug', `a bad slug answered ${resp.status()}, want 422`);
  if (await page.locator('#c-slug-error').count() !== 1) fail('bad-slug', 'no error next to the slug');
  if (await page.locator('#c-slug').getAttribute('aria-invalid') !== 'true') fail('bad-slug', 'the slug is not marked invalid');
  if (await page.locator('#c-name').inputValue() !== 'Riverside North' || await page.locator('#c-alg').inputValue() !== 'EdDSA') {
    fail('bad-slug', 'the form lost what was typed');
  }
  const msg = await page.locator('#c-slug-error').textContent();
  if (opts.lang === 'ar' && !/[\u0600-\u06FF]/.test(msg)) fail('bad-slug', `the error is not in Arabic: ${msg}`);
  if ((await fetch(`${opts.base}/issuers/${slug}`)).status !== 404) fail('bad-slug', 'a refused creation made the community');
  await shoot(page, 'bad-slug');
  ok('bad-slug');

  // The good slug: created, on its settings.
  await page.fill('#c-slug', slug);
  await submit(page, page.locator('form.member-form button[type=submit]'));
  if (new URL(page.url()).pathname !== `/console/${slug}/settings`) throw new Error(`created, landed on ${page.url()}`);
  if (await page.locator('p.done[role=status]').count() !== 1) fail('created', 'the settings do not say the community was created');
  if (await page.locator('#s-name').inputValue() !== 'Riverside North') fail('created', 'the new settings do not hold the name');
  if (!(await page.locator('#s-coordinators').inputValue()).includes('amara')) fail('created', 'Amara is not its coordinator');
  await shoot(page, 'created');
  ok('created');

  // Its public issuer page answers.
  const visitor = await browser.newContext({ viewport: DESKTOP, locale: opts.lang });
  const pub = await visitor.newPage();
  const r = await pub.goto(`${opts.base}/issuers/${slug}`, { waitUntil: 'load' });
  if (r.status() !== 200) fail('public', `its public page answers ${r.status()}`);
  if (!(await pub.content()).includes('Riverside North')) fail('public', 'its public page does not name it');
  await shoot(pub, 'public');
  await visitor.close();
  ok('public');

  // Rotate its keys: a new current key, the old ones retired.
  await page.goto(`${north}/keys`, { waitUntil: 'load' });
  const before = await keyRows(page);
  if (!before.length || before.some(k => !k.active)) fail('keys', `a new community's keys should all be current: ${JSON.stringify(before)}`);
  await shoot(page, 'keys');
  await submit(page, page.locator('form[action$="/keys/rotate"] button'));
  if (await page.locator('p.done[role=status]').count() !== 1) fail('rotate', 'no message after rotating');
  const after = await keyRows(page);
  const old = new Set(before.map(k => k.id));
  const fresh = after.filter(k => !old.has(k.id));
  if (!fresh.length || !fresh.every(k => k.active)) fail('rotate', `no new current key after rotating: ${JSON.stringify(after)}`);
  for (const k of before) {
    const row = after.find(a => a.id === k.id);
    if (!row || !row.retired || row.active) fail('rotate', `the old key ${k.id} is not listed as retired: ${JSON.stringify(row)}`);
  }
  await shoot(page, 'rotated');
  ok('rotate');

  // Its audit page lists the rotation, by Amara.
  await page.goto(`${north}/audit`, { waitUntil: 'load' });
  const rows = await page.evaluate(() => [...document.querySelectorAll('table.console-table tbody tr')].map(tr => tr.textContent));
  if (!rows.some(t => t.includes('/keys/rotate') && t.includes('coordinator:amara'))) fail('audit', `the audit page does not list the rotation: ${rows}`);
  await checkPage(page, opts.lang, report, 'audit');
  await shoot(page, 'audit');
  ok('audit');

  // A did:key community: RS256 is refused in the owner's words, next to
  // the algorithm; with EdDSA it is created, and its keys page shows its
  // did:key instead of a rotation it cannot have.
  await page.goto(`${opts.base}/console/default/communities`, { waitUntil: 'load' });
  await page.fill('#c-slug', 'riverside-key');
  await page.fill('#c-name', 'Riverside Key');
  await page.fill('#c-lang', opts.lang);
  await page.selectOption('#c-idMode', 'did:key');
  await page.selectOption('#c-alg', 'RS256');
  const refused = await submit(page, page.locator('form.member-form button[type=submit]'));
  if (refused.status() !== 422) fail('did:key-alg', `did:key with RS256 answered ${refused.status()}, want 422`);
  const algError = await page.locator('#c-alg-error').textContent().catch(() => '');
  if (!algError.includes('EdDSA')) fail('did:key-alg', `no error next to the algorithm naming EdDSA: ${algError}`);
  if (opts.lang === 'ar' && !/[\u0600-\u06FF]/.test(algError)) fail('did:key-alg', `the error is not in Arabic: ${algError}`);
  if (await page.locator('#c-idMode').inputValue() !== 'did:key') fail('did:key-alg', 'the form lost the id mode');
  if ((await fetch(`${opts.base}/issuers/riverside-key`)).status !== 404) fail('did:key-alg', 'a refused creation made the community');
  await shoot(page, 'didkey-refused');
  await page.selectOption('#c-alg', 'EdDSA');
  await submit(page, page.locator('form.member-form button[type=submit]'));
  if (new URL(page.url()).pathname !== '/console/riverside-key/settings') fail('did:key', `created, landed on ${page.url()}`);
  await page.goto(`${opts.base}/console/riverside-key/keys`, { waitUntil: 'load' });
  const did = (await page.locator('code.console-did').textContent().catch(() => '')).trim();
  if (!did.startsWith('did:key:z6Mk')) fail('did:key', `the keys page shows no did:key: ${did}`);
  if (await page.locator('form[action$="/keys/rotate"]').count() !== 0) fail('did:key', 'the keys page offers a rotation');
  const notes = await page.locator('td.console-actions .console-note').allTextContents();
  if (!notes.length || notes.some(n => /rotate|renouvel|تجدّد|جدّد/i.test(n))) fail('did:key', `a key's note speaks of rotating: ${notes}`);
  const profile = await (await fetch(`${opts.base}/issuers/riverside-key`, { headers: { Accept: 'application/ld+json' } })).json().catch(() => ({}));
  if (profile.id !== did) fail('did:key', `the public profile's id is ${profile.id}, not ${did}`);
  await checkPage(page, opts.lang, report, 'keys-didkey');
  await shoot(page, 'keys-didkey');
  ok('did:key');
  await context.close();
}

await runJourney(chromium, journey, report);
