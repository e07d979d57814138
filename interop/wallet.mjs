// wallet.mjs is a wallet simulator: it collects a credential from an
// Accolade exchange the way the Learner Credential Wallet (LCW) does, with
// Digital Bazaar's libraries and none of Accolade's code.
//
// Usage: node wallet.mjs JOB.json
//
//   {"link": "<an LCW link or an interaction URL>",
//    "suite": "Ed25519Signature2020" | "eddsa-rdfc-2022"}
//
// It makes a fresh did:key holder (ed25519-verification-key-2020 for
// Ed25519Signature2020, ed25519-multikey for eddsa-rdfc-2022), then follows
// the link as LCW would:
//
//   - https://lcw.app/request?request=<JSON> (LCW's wallet API message):
//     protocols.vcapi is the exchange; POST {} to it, read the
//     verifiablePresentationRequest (query DIDAuthentication, challenge,
//     domain, interact.service[0].serviceEndpoint), sign an empty
//     presentation with that challenge and domain, POST
//     {"verifiablePresentation": VP} to the service endpoint (or the
//     exchange), at most 10 rounds, and take
//     verifiablePresentation.verifiableCredential[0] of the first answer
//     without a request;
//   - https://lcw.app/request.html?issuer=…&auth_type=bearer&challenge=…
//     &vc_request_url=… (LCW's credential request link): auth_type must be
//     bearer; sign the presentation with the link's challenge (no domain)
//     and POST it bare to vc_request_url; the answer is a credential or a
//     presentation of credentials;
//   - any URL with iuv=1 (an interaction URL): GET it with
//     Accept: application/json and run the VC API exchange at
//     protocols.vcapi.
//
// JSON-LD contexts come from their npm packages only; nothing else is
// loaded. It prints {"did": ..., "credential": {...}, "steps": [...]} and
// exits 1 on any failure, with the reason on stderr.

import fs from 'node:fs';
import * as vc from '@digitalbazaar/vc';
import {DataIntegrityProof} from '@digitalbazaar/data-integrity';
import {cryptosuite as eddsaRdfc2022} from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import {Ed25519Signature2020} from '@digitalbazaar/ed25519-signature-2020';
import {Ed25519VerificationKey2020} from '@digitalbazaar/ed25519-verification-key-2020';
import ed25519Context from 'ed25519-signature-2020-context';
import * as credentialsContext from '@digitalbazaar/credentials-context';
import didContext from 'did-context';
import multikeyContext from '@digitalbazaar/multikey-context';
import dataIntegrityContext from '@digitalbazaar/data-integrity-context';

const contexts = new Map([
  ...credentialsContext.contexts,
  ...didContext.contexts,
  ...multikeyContext.contexts,
  ...dataIntegrityContext.contexts,
  ...ed25519Context.contexts,
]);

// documentLoader serves the embedded contexts and refuses everything else.
async function documentLoader(url) {
  const document = contexts.get(url);
  if (!document) {
    throw new Error(`${url}: not an embedded context (this wallet loads nothing)`);
  }
  return {contextUrl: null, documentUrl: url, document};
}

const steps = [];

// holder makes a did:key and the signing suite for it.
async function holder(suiteName) {
  if (suiteName === 'Ed25519Signature2020') {
    const key = await Ed25519VerificationKey2020.generate();
    const did = `did:key:${key.fingerprint()}`;
    key.controller = did;
    key.id = `${did}#${key.fingerprint()}`;
    return {did, suite: () => new Ed25519Signature2020({key})};
  }
  if (suiteName === 'eddsa-rdfc-2022') {
    const key = await Ed25519Multikey.generate();
    const did = `did:key:${key.publicKeyMultibase}`;
    key.controller = did;
    key.id = `${did}#${key.publicKeyMultibase}`;
    return {did, suite: () => new DataIntegrityProof({signer: key.signer(), cryptosuite: eddsaRdfc2022})};
  }
  throw new Error(`unknown suite ${suiteName}`);
}

// didAuth is an empty presentation by the holder, signed for
// authentication with challenge (and domain, when given).
async function didAuth(h, challenge, domain) {
  // LCW's presentations are VCDM 1.1 (@digitalcredentials/vc); the
  // Data Integrity one here is VCDM 2.0.
  const version = h.suite().type === 'Ed25519Signature2020' ? 1.0 : 2.0;
  const presentation = vc.createPresentation({holder: h.did, version});
  return vc.signPresentation({presentation, suite: h.suite(), challenge, domain, documentLoader});
}

async function post(url, body) {
  const res = await fetch(url, {method: 'POST', headers: {'Content-Type': 'application/json'}, body: JSON.stringify(body)});
  const text = await res.text();
  steps.push({method: 'POST', url, status: res.status, sent: Object.keys(body).join(',') || '{}'});
  if (!res.ok) {
    throw new Error(`POST ${url}: ${res.status} ${text}`);
  }
  return JSON.parse(text);
}

// vcapi runs a VC API exchange as LCW's exchanges.ts does.
async function vcapi(exchangeURL, h) {
  let answer = await post(exchangeURL, {});
  for (let round = 0; round < 10; round++) {
    const request = answer.verifiablePresentationRequest;
    if (!request) {
      const vp = answer.verifiablePresentation;
      if (!vp || !vp.verifiableCredential) {
        throw new Error(`the exchange's last answer has no verifiablePresentation.verifiableCredential: ${JSON.stringify(answer)}`);
      }
      return [].concat(vp.verifiableCredential)[0];
    }
    const queries = [].concat(request.query);
    if (!queries.some(q => q.type === 'DIDAuthentication' || q.type === 'DIDAuth')) {
      throw new Error(`the request asks for no DIDAuthentication: ${JSON.stringify(request)}`);
    }
    const {challenge, domain} = request;
    if (!(challenge && domain)) {
      throw new Error('Both "challenge" and "domain" are required for DID Auth.'); // LCW's composeVp
    }
    const service = request.interact && request.interact.service && request.interact.service[0];
    const target = (service && service.serviceEndpoint) || exchangeURL;
    answer = await post(target, {verifiablePresentation: await didAuth(h, challenge, domain)});
  }
  throw new Error('the exchange did not end within 10 rounds');
}

// legacy is LCW's credentialRequest.ts for a request.html link.
async function legacy(params, h) {
  const issuer = params.get('issuer');
  const requestURL = params.get('vc_request_url');
  const authType = params.get('auth_type') || 'code';
  if (!issuer || !requestURL) {
    throw new Error('the link lacks issuer or vc_request_url');
  }
  if (authType !== 'bearer') {
    throw new Error(`Unsupported auth_type value: "${authType}".`);
  }
  const challenge = params.get('challenge') || crypto.randomUUID();
  const answer = await post(requestURL, await didAuth(h, challenge));
  const types = [].concat(answer.type || []);
  if (types.includes('VerifiableCredential')) {
    return answer;
  }
  if (types.includes('VerifiablePresentation')) {
    return [].concat(answer.verifiableCredential)[0];
  }
  throw new Error(`the issuer answered neither a credential nor a presentation: ${JSON.stringify(answer)}`);
}

async function follow(link, h) {
  const u = new URL(link);
  if (u.origin === 'https://lcw.app' && u.pathname === '/request') {
    const message = JSON.parse(u.searchParams.get('request'));
    if (!message.protocols || !message.protocols.vcapi) {
      throw new Error(`the wallet API message has no protocols.vcapi: ${JSON.stringify(message)}`);
    }
    return vcapi(message.protocols.vcapi, h);
  }
  if (u.origin === 'https://lcw.app' && u.pathname === '/request.html') {
    return legacy(u.searchParams, h);
  }
  if (u.searchParams.get('iuv') === '1') {
    const res = await fetch(link, {headers: {Accept: 'application/json'}});
    steps.push({method: 'GET', url: link, status: res.status});
    if (!res.ok) {
      throw new Error(`GET ${link}: ${res.status} ${await res.text()}`);
    }
    const {protocols} = await res.json();
    if (!protocols || !protocols.vcapi) {
      throw new Error('the interaction URL offers no vcapi protocol (the only one LCW supports)');
    }
    return vcapi(protocols.vcapi, h);
  }
  throw new Error(`not a link this wallet follows: ${link}`);
}

async function main() {
  console.log = console.info = console.warn = console.debug = (...a) => console.error(...a);
  if (process.argv.length !== 3) {
    console.error('usage: node wallet.mjs JOB.json');
    process.exit(2);
  }
  const job = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
  const h = await holder(job.suite);
  try {
    const credential = await follow(job.link, h);
    process.stdout.write(JSON.stringify({did: h.did, credential, steps}, null, 2) + '\n');
  } catch (e) {
    process.stdout.write(JSON.stringify({did: h.did, error: e.message, steps}, null, 2) + '\n');
    process.exit(1);
  }
}

main();
