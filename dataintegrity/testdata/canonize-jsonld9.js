const jsonld = require('jsonld');
const fs = require('fs');
const v2 = JSON.parse(fs.readFileSync(process.argv[2]));
const doc = JSON.parse(fs.readFileSync(0, 'utf8'));
jsonld.canonize(doc, {algorithm: 'URDNA2015', format: 'application/n-quads', safe: true,
  documentLoader: async u => ({document: v2, documentUrl: u})}).then(x => process.stdout.write(x), e => console.log('ERR', e));
