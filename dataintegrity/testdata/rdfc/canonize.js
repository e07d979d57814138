const jsonld = require('jsonld');
const fs = require('fs');
const v2 = JSON.parse(fs.readFileSync(process.argv[3] ?? '../../../ob3/contexts/credentials-v2.jsonld'));
(async () => { for (const f of fs.readdirSync('.').filter(f => f.endsWith('.json')).sort()) {
  const doc = JSON.parse(fs.readFileSync(f));
  const t = Date.now();
  try { const nq = await jsonld.canonize(doc, {algorithm: 'RDFC-1.0', format: 'application/n-quads', safe: true, canonizeOptions: {maxWorkFactor: process.argv[2] ? Number(process.argv[2]) : 1}, documentLoader: async u => ({document: v2, documentUrl: u})});
    fs.writeFileSync(f.replace('.json', '.w' + (process.argv[2] ?? '1') + '.jsonld9.nq'), nq); console.log(f, 'ok', Date.now()-t, 'ms');
  } catch (e) { console.log(f, 'ERR', e.message.slice(0,100)); fs.writeFileSync(f.replace('.json', '.w' + (process.argv[2] ?? '1') + '.jsonld9.nq'), 'ERR\n'); }
}})();
