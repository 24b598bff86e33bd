const fs = require('fs');
let bad = 0, n = 0;
for (const c of ['float64_numbers', 'int32_numbers', 'int64_numbers', 'constraints_numeric', 'alias_map_root', 'string_escapes', 'string_unicode', 'map_values']) {
  const v = JSON.parse(fs.readFileSync(c + '/vectors.json', 'utf8'));
  for (const x of v.valid) {
    n++;
    let out;
    try { out = JSON.stringify(JSON.parse(x.input)); } catch (e) { console.log('node cannot parse', c, x.name); bad++; continue; }
    // node's stringify escapes lone surrogates etc.; compare after re-parse for key order-insensitive cases
    if (out !== x.canonical) {
      const a = JSON.parse(out), b = JSON.parse(x.canonical);
      const norm = o => JSON.stringify(o, Object.keys(o).sort());
      console.log('differs', c, '|', x.name, '|', out, '|', x.canonical);
    }
  }
}
console.log(n, 'checked');
