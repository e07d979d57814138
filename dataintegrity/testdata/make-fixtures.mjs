import fs from 'node:fs';
import jsigs from 'jsonld-signatures';
import {Ed25519Signature2020} from '@digitalbazaar/ed25519-signature-2020';
import {Ed25519VerificationKey2020} from '@digitalbazaar/ed25519-verification-key-2020';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import {DataIntegrityProof} from '@digitalbazaar/data-integrity';
import {cryptosuite as eddsaRdfc2022} from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';

const dir = process.argv[3] ?? '../../ob3/contexts/';
const files = {
  'https://www.w3.org/ns/credentials/v2': 'credentials-v2.jsonld',
  'https://www.w3.org/2018/credentials/v1': 'credentials-v1.jsonld',
  'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.2.json': 'ob-v3p0-context-3.0.2.json',
  'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json': 'ob-v3p0-context-3.0.3.json',
  'https://purl.imsglobal.org/spec/ob/v3p0/extensions.json': 'ob-v3p0-extensions.json',
  'https://w3id.org/security/suites/ed25519-2020/v1': 'ed25519-signature-2020-v1.jsonld',
  'https://w3id.org/security/multikey/v1': 'multikey-v1.jsonld',
  'https://w3id.org/security/data-integrity/v2': 'data-integrity-v2.jsonld',
};
const documentLoader = async url => {
  const f = files[url];
  if (!f) throw new Error('no context ' + url);
  return {contextUrl: null, documentUrl: url, document: JSON.parse(fs.readFileSync(dir + f, 'utf8'))};
};
const seed = Buffer.from('6241a409e6707bb640a0140a8a32bc3d193c33a661747284d6adfa4ed4180be4', 'hex');
const date = '2025-03-14T09:27:00Z';

// A: Ed25519Signature2020 on a VCDM 1.1 OB 3.0.2 credential, as DCC issued them.
const key2020 = await Ed25519VerificationKey2020.generate({seed});
key2020.controller = 'did:key:' + key2020.fingerprint();
key2020.id = key2020.controller + '#' + key2020.fingerprint();
const credA = {
  '@context': ['https://www.w3.org/2018/credentials/v1',
    'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.2.json',
    'https://w3id.org/security/suites/ed25519-2020/v1'],
  id: 'urn:uuid:0b9a4d4e-6c2f-4f41-9d7e-5a3e1c2b8f60',
  type: ['VerifiableCredential', 'OpenBadgeCredential'],
  name: 'Workshop Host',
  issuer: {id: key2020.controller, type: ['Profile'], name: 'Example Time Bank'},
  issuanceDate: '2023-06-01T12:00:00Z',
  credentialSubject: {
    id: 'did:example:learner-42', type: ['AchievementSubject'],
    achievement: {id: 'urn:uuid:7d1e3f6a-2b8c-4e5d-9f0a-1c2b3d4e5f60', type: ['Achievement'],
      name: 'Workshop Host', description: 'Hosted a skill-exchange workshop.',
      criteria: {narrative: 'Hosted one confirmed workshop.'}},
  },
};
const signedA = await jsigs.sign(structuredClone(credA), {
  suite: new Ed25519Signature2020({key: key2020, date}),
  purpose: new jsigs.purposes.AssertionProofPurpose(), documentLoader});
fs.writeFileSync('js_ed25519signature2020_ob302_vc11.json', JSON.stringify(signedA, null, 2) + '\n');

// B: eddsa-rdfc-2022 on the realistic OB 3.0 credential.
const mk = await Ed25519Multikey.generate({seed});
mk.controller = 'did:key:' + mk.publicKeyMultibase;
mk.id = mk.controller + '#' + mk.publicKeyMultibase;
const credB = JSON.parse(fs.readFileSync(process.argv[2] ?? 'ob3_credential.json', 'utf8'));
const signedB = await jsigs.sign(credB, {
  suite: new DataIntegrityProof({signer: mk.signer(), date, cryptosuite: eddsaRdfc2022}),
  purpose: new jsigs.purposes.AssertionProofPurpose(), documentLoader});
fs.writeFileSync('js_eddsa-rdfc-2022_ob3_credential.json', JSON.stringify(signedB, null, 2) + '\n');
console.log(JSON.stringify(signedA.proof), '\n', JSON.stringify(signedB.proof));
