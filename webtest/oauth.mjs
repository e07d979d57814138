#!/usr/bin/env node
// oauth.mjs plays another platform (a backpack) using the Open Badges 3.0
// API, against a running demo whose mail goes to a capturing SMTP server:
//
//   node oauth.mjs --base URL --mail URL --lang en --out DIR [--save FILE]
//
// The platform reads the discovery document, registers itself (RFC 7591,
// a public client) and starts the authorization code flow with PKCE
// (S256) in headless Chromium; Olga signs in by the mailed link, sees the
// consent page name the platform and what it asks in her language, and
// allows it. The browser lands on the platform's loopback callback with
// the code and the state; the platform exchanges the code (with the
// verifier), fetches Olga's credentials and profile with the access
// token, and checks that each credential came in both forms (with --save
// it writes the credentials list as fetched to FILE, for the caller to
// verify with the independent libraries of interop/). The platform
// deposits one back (upsert), which Olga sees and removes on her settings
// page. Then Olga
// ends the access on her settings page, after which the token is refused,
// as is the code tried again. Screenshots go to
// DIR/oauth-<lang>-<step>-<width>.png.
//
// It prints "ok <step>" and "FAIL <step>: ..." lines and exits 1 when
// anything failed. Environment: CHROMIUM (default /usr/bin/chromium).

import { createHash, randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { chromium } from 'playwright-core';
import { ARGS, Mailbox, Report, parseArgs, shoot as shootAt, signInByMail, submit } from './people.mjs';

const opts = parseArgs(process.argv.slice(2), { base: '', mail: '', lang: 'en', out: '', save: '' },
  ['base', 'mail', 'out'], 'node oauth.mjs --base URL --mail URL --lang LANG --out DIR [--save FILE]');
const report = new Report(opts.lang);
const mailbox = new Mailbox(opts.mail, opts.base);
const shoot = (page, step) => shootAt(page, opts.lang, report, opts.out, `oauth-${opts.lang}-${step}`);
const olga = { id: 'olga', email: 'olga@example.org' };
const b64url = (buf) => Buffer.from(buf).toString('base64url');
const READ = 'https://purl.imsglobal.org/spec/ob/v3p0/scope/credential.readonly';
const PROFILE = 'https://purl.imsglobal.org/spec/ob/v3p0/scope/profile.readonly';
const UPSERT = 'https://purl.imsglobal.org/spec/ob/v3p0/scope/credential.upsert';
const SCOPES = `${READ} ${PROFILE} ${UPSERT}`;

async function json(resp, step) {
  const text = await resp.text();
  try { return JSON.parse(text); } catch { throw new Error(`${step}: ${resp.status} is not JSON: ${text.slice(0, 200)}`); }
}

async function main() {
  // The platform's callback, on loopback (RFC 8252): it only records.
  let got;
  const cb = createServer((req, res) => {
    const u = new URL(req.url, 'http://127.0.0.1');
    if (u.pathname === '/callback') got = u; // not the browser's /favicon.ico after it
    res.end('back at the platform');
  });
  await new Promise((r) => cb.listen(0, '127.0.0.1', r));
  const redirect = `http://127.0.0.1:${cb.address().port}/callback`;

  const sdd = await json(await fetch(opts.base + '/ims/ob/v3p0/discovery'), 'discovery');
  const acg = sdd.components.securitySchemes.OAuth2ACG;
  const flow = acg.flows.authorizationCode;
  if (!acg['x-imssf-registrationUrl'] || !flow.authorizationUrl || !flow.tokenUrl) throw new Error(`discovery: ${JSON.stringify(acg)}`);
  const reg = await json(await fetch(acg['x-imssf-registrationUrl'], { method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ client_name: 'Museum Backpack', client_uri: 'https://backpack.example/', redirect_uris: [redirect],
      token_endpoint_auth_method: 'none', grant_types: ['authorization_code', 'refresh_token'], response_types: ['code'],
      scope: SCOPES }) }), 'register');
  if (!reg.client_id) throw new Error(`register: ${JSON.stringify(reg)}`);
  report.ok('register');

  const verifier = b64url(randomBytes(32));
  const challenge = b64url(createHash('sha256').update(verifier).digest());
  const state = b64url(randomBytes(8));
  const authz = new URL(flow.authorizationUrl);
  for (const [k, v] of Object.entries({ response_type: 'code', client_id: reg.client_id, redirect_uri: redirect, scope: SCOPES,
    state, code_challenge: challenge, code_challenge_method: 'S256' })) authz.searchParams.set(k, v);

  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: ARGS });
  try {
    const page = await browser.newPage();
    await signInByMail(page, olga, { base: opts.base, lang: opts.lang, mailbox, report });
    const resp = await page.goto(authz.href, { waitUntil: 'load' });
    const h1 = await page.locator('h1').innerText();
    if (resp.status() !== 200 || !h1.includes('Museum Backpack')) throw new Error(`consent page: ${resp.status()} "${h1}"`);
    const items = await page.locator('.consent li').allInnerTexts();
    if (items.length !== 3) report.fail('consent', `it lists ${JSON.stringify(items)}, want the 3 scopes asked`);
    await shoot(page, 'consent');
    report.ok('consent');
    await Promise.all([page.waitForURL((u) => u.href.startsWith(redirect)), page.locator('button[value=allow]').click()]);
    if (!got || got.searchParams.get('state') !== state || !got.searchParams.get('code')) throw new Error(`callback: ${got}`);
    report.ok('allow');

    const form = (p) => ({ method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(p) });
    const exchange = { grant_type: 'authorization_code', code: got.searchParams.get('code'), redirect_uri: redirect, client_id: reg.client_id, code_verifier: verifier };
    const tok = await json(await fetch(flow.tokenUrl, form(exchange)), 'token');
    if (!tok.access_token || !tok.refresh_token || tok.token_type !== 'Bearer') throw new Error(`token: ${JSON.stringify(tok)}`);
    report.ok('token');
    const auth = { headers: { Authorization: `Bearer ${tok.access_token}` } };
    const list = await fetch(opts.base + '/ims/ob/v3p0/credentials?limit=10', auth);
    const body = await json(list, 'credentials');
    const total = Number(list.headers.get('x-total-count'));
    if (list.status !== 200 || total < 1 || body.credential.length !== total || body.compactJwsString.length !== total || !list.headers.get('link'))
      report.fail('credentials', `${list.status} total ${total}: ${JSON.stringify(body).slice(0, 300)}`);
    else report.ok(`credentials (${total})`);
    if (opts.save) writeFileSync(opts.save, JSON.stringify(body));
    const profile = await json(await fetch(opts.base + '/ims/ob/v3p0/profile', auth), 'profile');
    if (profile.type !== 'Profile' || !profile.name || JSON.stringify(profile).includes('@example.org')) report.fail('profile', JSON.stringify(profile));
    else report.ok('profile');

    // The platform deposits a credential (its JWT, as a backpack keeps
    // one) into her record; she sees it on her settings page and removes it.
    const dep = await fetch(opts.base + '/ims/ob/v3p0/credentials', { method: 'POST',
      headers: { ...auth.headers, 'Content-Type': 'text/plain' }, body: body.compactJwsString[0] });
    if (dep.status !== 201 && dep.status !== 200) report.fail('upsert', `${dep.status} ${await dep.text()}`);
    else report.ok('upsert');

    await page.goto(opts.base + '/account/settings', { waitUntil: 'load' });
    const access = page.locator('section[aria-labelledby=access-title]');
    if (!(await access.innerText()).includes('Museum Backpack')) throw new Error('the settings page does not list the access');
    await shoot(page, 'settings');
    const removeForms = access.locator('form:has(input[name=id])');
    if ((await removeForms.count()) !== 1) report.fail('deposited', `the settings page lists ${await removeForms.count()} deposited credentials, want 1`);
    else {
      await submit(page, removeForms.first().locator('button[type=submit]'));
      if ((await access.locator('form:has(input[name=id])').count()) !== 0) report.fail('remove-deposited', 'still listed after Remove');
      else report.ok('remove-deposited');
    }
    await submit(page, access.locator('form button[type=submit]').first());
    const after = await fetch(opts.base + '/ims/ob/v3p0/profile', auth);
    if (after.status !== 401) report.fail('revoked', `the token after Olga ended the access: ${after.status}`);
    else report.ok('revoked');
    const again = await fetch(flow.tokenUrl, form(exchange));
    if (again.status !== 400 || (await json(again, 'again')).error !== 'invalid_grant') report.fail('code-reused', `status ${again.status}`);
    else report.ok('code-reused');
  } finally {
    await browser.close();
    cb.close();
  }
}

main().catch((e) => report.fail("oauth", e.stack || String(e))).finally(() => process.exit(report.failures ? 1 : 0));
