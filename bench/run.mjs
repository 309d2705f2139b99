// npm run bench -- [case ...]   (cases: bench/cases/*.mjs; default: all of them)
// Each case starts what it needs, compares kafka-cli with kcat and Apache's tools in the same run, and prints ratios.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

const dir = join(import.meta.dirname, 'cases');
const available = readdirSync(dir).filter((f) => f.endsWith('.mjs')).map((f) => f.slice(0, -4)).sort();
const wanted = process.argv.slice(2);
const unknown = wanted.filter((w) => !available.includes(w));
if (unknown.length) {
  console.error(`unknown bench case(s): ${unknown.join(', ')}; available: ${available.join(', ')}`);
  process.exit(2);
}
for (const name of wanted.length ? wanted : available) {
  console.log(`\n=== bench: ${name} ===`);
  const mod = await import(join(dir, `${name}.mjs`));
  await mod.run(await import('./lib.mjs'));
}
