// Agreement of the refusal detector with human labels on a labelled file
// (XSTest completions CSV, or Heng's JSONL `{response, label}`), next to
// XSTest's own string-match baseline. For development and docs/safety.md;
// not part of the product.
//   npx tsx scripts/refusal-agreement.ts <file> [--errors] [--baseline]
import { readFileSync } from 'node:fs';
import { csvObjects } from '../src/datasets/csv.js';
import { classifyByRules, type RefusalLabel } from '../src/safety/refusal.js';
import { agreementReport } from '../test/helpers/refusal-baseline.js';

const [file, ...flags] = process.argv.slice(2);
const rows = file.endsWith('.csv')
  ? csvObjects(readFileSync(file, 'utf8')).map((r) => ({
      id: r.fields.id,
      response: r.fields.completion,
      label: ({ '1': 'complies', '2': 'refuses', '3': 'partial' } as const)[r.fields.final_label[0] as '1'] as RefusalLabel,
    }))
  : readFileSync(file, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { id: string; response: string; label: RefusalLabel });
const report = agreementReport(rows);
console.log(JSON.stringify(report.summary, null, 1));
if (flags.includes('--errors'))
  for (const r of rows) {
    const v = classifyByRules(r.response);
    if (v.label !== r.label) console.log(`${r.id}\t${r.label}\t${v.label}\t${v.rule}/${v.phrase ?? ''}/${v.confidence}\t${JSON.stringify(r.response.trim().slice(0, 300))}`);
  }
