// fixtures.mjs runs Accolade's verifier and the independent libraries of
// check.mjs on the official fixtures in ../shared/spec, and prints a
// Markdown table of their verdicts. It judges nothing: where they differ is
// the point.
//
// Usage (from the repository root):
//   go build -o bin/accolade ./cmd/accolade
//   node interop/fixtures.mjs bin/accolade [SPEC_DIR]
//
// Nothing is fetched for the offline libraries: the only documents given are
// the ones the spec directory ships (the W3C controller document and the
// examples/v2 context). verifier-core fetches what it needs itself, so
// without network access its results for example.com issuers are fetch
// failures.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {spawnSync} from 'node:child_process';
import {fileURLToPath} from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const [accolade, specArg] = process.argv.slice(2);
if (!accolade) {
  console.error('usage: node interop/fixtures.mjs ACCOLADE_BINARY [SPEC_DIR]');
  process.exit(2);
}
const spec = specArg || path.join(here, '..', '..', 'shared', 'spec');
if (!fs.existsSync(path.join(spec, 'README.md'))) {
  console.error(`${spec}: no shared/spec here; nothing to compare`);
  process.exit(0);
}
const read = rel => JSON.parse(fs.readFileSync(path.join(spec, rel), 'utf8'));
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'accolade-fixtures-'));

// Each fixture: a JSON credential or a compact JWS, from a spec file.
const fixtures = [];
const json = (name, rel, pick = d => d) => fixtures.push({name, json: pick(read(rel))});
for (const f of fs.readdirSync(path.join(spec, 'examples')).sort()) {
  if (!f.endsWith('.json') || f.startsWith('w3c_bitstring')) {
    continue;
  }
  json(`examples/${f}`, `examples/${f}`, d => d.credential || d);
}
json('test-vectors/ob3 (signedCredential)', 'test-vectors/ob3_eddsa-rdfc-2022_test-vector.json', d => d.signedCredential);
json('test-vectors/w3c eddsa-rdfc-2022 (signedCredential)', 'test-vectors/w3c_vc-di-eddsa_eddsa-rdfc-2022.json', d => d.signedCredential);
json('test-vectors/w3c-vc-di-eddsa/eddsa-rdfc-2022-signedDataInt.json', 'test-vectors/w3c-vc-di-eddsa/eddsa-rdfc-2022-signedDataInt.json');
json('test-vectors/w3c-vc-di-eddsa/Ed25519Signature2020-signedEdSig.json', 'test-vectors/w3c-vc-di-eddsa/Ed25519Signature2020-signedEdSig.json');
const jwts = read('test-vectors/vcjwt_rs256_jwk-header_examples.json');
for (const [k, v] of Object.entries(jwts)) {
  if (v && v.compactJws) {
    fixtures.push({name: `test-vectors/vcjwt ${k}`, jwt: v.compactJws});
  }
}
const baked = fs.readdirSync(path.join(spec, 'examples', 'baked')).sort().map(f => `examples/baked/${f}`);

// The offline libraries get only what the spec directory ships.
const documents = {
  'https://www.w3.org/ns/credentials/examples/v2': read('test-vectors/w3c-vc-di-eddsa/credentials-examples-v2-context.json'),
};
const controller = read('test-vectors/w3c-vc-di-eddsa/controller-doc.json');
documents[controller.id] = controller;
const job = {
  schema: path.join(spec, 'schemas', 'ob_v3p0_achievementcredential_schema.json'), documents,
  credentials: fixtures.map(f => ({name: f.name, json: f.json, jwt: f.jwt, expect: 'valid'})),
};
const jobFile = path.join(tmp, 'job.json');
fs.writeFileSync(jobFile, JSON.stringify(job));
const run = spawnSync(process.execPath, [path.join(here, 'check.mjs'), jobFile], {encoding: 'utf8', maxBuffer: 64 << 20});
const results = JSON.parse(run.stdout).results;

// Accolade's own verdict, on the same bytes (and on the baked images).
function ours(file) {
  const r = spawnSync(accolade, ['verify', '--json', file], {encoding: 'utf8', env: {...process.env, ACCOLADE_DATA: tmp}, timeout: 60000});
  try {
    const v = JSON.parse(r.stdout);
    // The outcome, then the first check that decided it.
    const why = v.checks.find(c => c.status === 'fail') || v.checks.find(c => c.status === 'skip') ||
      v.checks.find(c => c.status === 'warn' && c.check === 'issuer');
    return `${v.outcome || (v.verified ? 'valid' : 'invalid')}${why ? ' — ' + why.check + ': ' + why.message : ''}`;
  } catch {
    return `exit ${r.status}: ${(r.stderr || r.stdout).trim().slice(0, 160)}`;
  }
}

const cell = s => String(s).replace(/\|/g, '\\|').replace(/\s+/g, ' ').slice(0, 220);
const verdict = (name, lib, form) => {
  const r = results.find(x => x.credential === name && x.library === lib && (!form || x.form === form));
  if (!r) {
    return '—';
  }
  const why = [...(r.errors || []), ...(r.log || []).filter(l => l.valid !== true && l.check !== 'registered_issuer').map(l => `${l.check} ${l.error || 'false'}`)];
  return cell(`${r.verdict}${why.length ? ' — ' + why.join('; ') : ''}`);
};

console.log('| fixture | accolade verify | jose | @digitalbazaar/vc | ajv (schema) | verifier-core |');
console.log('|---|---|---|---|---|---|');
for (const f of fixtures) {
  const file = path.join(tmp, f.name.replace(/[^\w.-]+/g, '_') + (f.jwt ? '.jwt' : '.json'));
  fs.writeFileSync(file, f.jwt || JSON.stringify(f.json));
  const schema = f.jwt ? verdict(f.name, 'ajv', 'jwt-payload') : verdict(f.name, 'ajv', 'json');
  console.log(`| ${f.name} | ${cell(ours(file))} | ${verdict(f.name, 'jose')} | ${verdict(f.name, '@digitalbazaar/vc')} | ${schema} | ${verdict(f.name, '@digitalcredentials/verifier-core')} |`);
}
for (const b of baked) {
  console.log(`| ${b} | ${cell(ours(path.join(spec, b)))} | not read (image) | not read (image) | not read (image) | not read (image) |`);
}
fs.rmSync(tmp, {recursive: true, force: true});
