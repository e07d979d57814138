#!/usr/bin/env node
// console-editor.mjs walks the coordinator's achievement editor and import
// in headless Chromium, as Amara (the demo community's coordinator) would,
// against a running demo whose mail goes to a capturing SMTP server:
//
//   node console-editor.mjs --base URL --mail URL --token ADMIN_TOKEN --lang en --out DIR
//
// --mail is the captured mailbox (see people.mjs: Mailbox); --token the
// admin token, used only to read the store through the API (what was and
// was not saved or imported); --lang the language Amara chooses.
//
// The journey: Amara signs in by the mailed link, opens the console's
// achievements and a new achievement; types a rule with a mistake and sees
// the line-numbered error beside the file as she types; fixes it and asks
// "who would earn this now" (counts and first names, nothing saved yet);
// changes the name with the form field and sees the file follow; saves
// (the message, and the achievement now in the API). Then she uploads a
// members CSV with bad rows: the preview lists them (row, column, reason)
// and nothing is imported yet; she applies it, and the good rows are there;
// pressing Apply again (the same form sent again) applies nothing
// more. Screenshots at 1366 and 390 px go to DIR/<lang>-console-<step>-<width>.png.
//
// It prints "ok <step>" and "FAIL <step>: ..." lines and exits 1 when
// anything failed. Environment: CHROMIUM (default /usr/bin/chromium).

import { chromium } from 'playwright-core';
import { ARGS, DESKTOP, Mailbox, Report, parseArgs, shoot as shootAt, signInByMail, submit } from './people.mjs';

const opts = parseArgs(process.argv.slice(2), { base: '', mail: '', token: '', lang: 'en', out: '' },
  ['base', 'mail', 'token', 'out'], 'node console-editor.mjs --base URL --mail URL --token TOKEN --lang LANG --out DIR');
const report = new Report(opts.lang);
const fail = (step, msg) => report.fail(step, msg);
const ok = (step) => report.ok(step);
const mailbox = new Mailbox(opts.mail, opts.base);
const shoot = (page, step) => shootAt(page, opts.lang, report, opts.out, `${opts.lang}-console-${step}`);

// api answers the status of an admin API GET.
async function apiStatus(path) {
  const r = await fetch(opts.base + path, { headers: { Authorization: `Bearer ${opts.token}` } });
  return r.status;
}

const id = 'workshop-giver';
const good = `id: ${id}
name: Workshop Giver
description: Gave a confirmed workshop.
achievementType: Badge
criteria:
  narrative: Taught at least one confirmed workshop.
  rule:
    exchanges:
      role: teacher
      kind: [workshop]
      confirmed: true
      count: 1
`;
const bad = good.replace('role: teacher', 'role: lecturer');

const members = 'id,name,email\n' +
  'zoe,Zoe Achebe,zoe@example.org\n' +
  'bad id,No Id,noid@example.org\n' +
  'yan,Yan Li,not-an-email\n' +
  'amara,Amara Okafor,amara@example.org\n';

async function editor(page) {
  let step = 'achievements';
  await page.goto(`${opts.base}/console/default/achievements`, { waitUntil: 'load' });
  if (!(await page.locator('a[href$="/console/default/achievements/project-trainer"]').count())) fail(step, 'the list lacks Project Trainer');
  await shoot(page, step);
  ok(step);

  step = 'editor-new';
  await submit(page, page.locator('a[href$="/console/default/achievements/new"]'));
  if (await page.locator('#editor-fields').isHidden()) fail(step, 'the form fields stay hidden with JavaScript on');
  await shoot(page, step);
  ok(step);

  step = 'editor-bad-rule';
  await page.fill('#e-yaml', bad);
  const err = page.locator('#editor-check .editor-errors li');
  await err.first().waitFor({ timeout: 10000 });
  const text = await err.allInnerTexts();
  if (!text.some(t => /request body:9\b/.test(t) && t.includes('lecturer'))) fail(step, `the error does not name line 9 and the bad role: ${text.join(' | ')}`);
  await shoot(page, step);
  ok(step);

  step = 'editor-who-would-earn';
  await page.fill('#e-yaml', good);
  await page.locator('[data-run]').click();
  const verdict = page.locator('#editor-check .editor-verdict');
  await verdict.waitFor({ timeout: 10000 });
  const v = await verdict.innerText();
  if (!/\d/.test(v)) fail(step, `no numbers in "${v}"`);
  const names = await page.locator('#editor-check .member-links li').allInnerTexts();
  if (!names.includes('Kwame')) fail(step, `who would earn it: ${names.join(', ')}; want Kwame (taught a confirmed workshop)`);
  if (await page.inputValue('#f-name') !== 'Workshop Giver') fail(step, `the name field says "${await page.inputValue('#f-name')}"`);
  const r = await fetch(`${opts.base}/achievements/${id}`, { headers: { Accept: 'application/json' } });
  if (r.status !== 404) fail(step, `the achievement is public before saving (${r.status})`);
  await shoot(page, step);
  ok(step);

  step = 'editor-field';
  await page.fill('#f-name', 'Workshop Givers');
  await page.waitForFunction(() => document.getElementById('e-yaml').value.includes('name: Workshop Givers'), null, { timeout: 10000 })
    .catch(() => fail(step, 'the file did not follow the name field'));
  ok(step);

  step = 'editor-saved';
  await submit(page, page.locator('button[name=action][value=save]'));
  if (!page.url().includes(`/console/default/achievements/${id}?done=achievementSaved`)) fail(step, `saved, landed on ${page.url()}`);
  if (!(await page.locator('p.done').count())) fail(step, 'no success message');
  const saved = await fetch(`${opts.base}/achievements/${id}`, { headers: { Accept: 'application/json' } });
  const j = saved.status === 200 ? await saved.json() : {};
  if (j.name !== 'Workshop Givers') fail(step, `the saved achievement: ${saved.status} ${JSON.stringify(j.name)}`);
  await shoot(page, step);
  ok(step);
}

async function importing(page) {
  let step = 'import';
  await page.goto(`${opts.base}/console/default/import`, { waitUntil: 'load' });
  await page.check('input[name=kind][value=members]');
  await page.setInputFiles('#i-file', { name: 'members.csv', mimeType: 'text/csv', buffer: Buffer.from(members) });
  await shoot(page, step);
  ok(step);

  step = 'import-preview';
  await submit(page, page.locator('form[enctype="multipart/form-data"] button[type=submit]'));
  const rows = await page.locator('table.import-problems tbody tr').evaluateAll(trs => trs.map(tr => [...tr.cells].map(td => td.innerText)));
  const want = [['2', '"id"'], ['3', '"email"']];
  for (const [row, col] of want) {
    if (!rows.some(r => r[0] === row && r[1] === col && r[2])) fail(step, `the preview does not list row ${row}, ${col}: ${JSON.stringify(rows)}`);
  }
  if (await apiStatus('/api/v1/members/zoe') !== 404) fail(step, 'zoe was imported by the preview');
  await shoot(page, step);
  ok(step);

  step = 'import-applied';
  const token = await page.inputValue('form[action$="/import/apply"] input[name=token]');
  const action = await page.locator('form[action$="/import/apply"]').getAttribute('action');
  await submit(page, page.locator('form[action$="/import/apply"] button[type=submit]'));
  if (!(await page.locator('#result-title').count())) fail(step, 'no result');
  if (await apiStatus('/api/v1/members/zoe') !== 200) fail(step, 'zoe was not imported');
  await shoot(page, step);
  ok(step);

  step = 'import-twice';
  // The same Apply form sent again (a second press, a resent page).
  const again = await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.evaluate(([action, token]) => {
    const f = document.createElement('form');
    f.method = 'post';
    f.action = action;
    const i = document.createElement('input');
    i.type = 'hidden'; i.name = 'token'; i.value = token;
    f.append(i);
    document.body.append(f);
    f.submit();
  }, [action, token])]).then(([resp]) => resp);
  if (again.status() !== 409 || !(await page.locator('p.alert').count())) fail(step, `applying again answers ${again.status()}, want 409 and a message`);
  await shoot(page, step);
  ok(step);
}

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: ARGS });
try {
  const context = await browser.newContext({ viewport: DESKTOP, locale: 'en-GB' });
  const page = await context.newPage();
  page.on('pageerror', e => fail('script', e.message));
  await signInByMail(page, { id: 'amara', email: 'amara@example.org' }, { base: opts.base, lang: opts.lang, mailbox, report });
  await editor(page);
  await importing(page);
} catch (e) {
  fail('run', e.stack || e.message);
} finally {
  await browser.close();
}
process.exit(report.failures ? 1 : 0);
