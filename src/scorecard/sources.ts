// Where a scorecard's weights, requirements and workload come from: the
// run's own stored config, another heng.yaml (--config), a workload file
// (--workload) and --weights flags, later ones winning.
import { readFileSync } from 'node:fs';
import { LineCounter, parseDocument, isNode } from 'yaml';
import { parseConfig, validate, type ConfigPath } from '../config/load.js';
import { workloadSchema, type Workload } from '../cost/workload.js';
import { InputError } from '../errors.js';
import type { Run } from '../store/store.js';
import { scorecardSchema, type ScorecardSpec } from './spec.js';

export interface ScorecardSources {
  spec: ScorecardSpec;
  workload: Workload | null;
}

/** The `scorecard:` and `workload:` sections of the config a run was started with. */
export function sourcesFromRun(run: Run): ScorecardSources {
  const { config } = parseConfig(run.configText, run.options.configFile ?? 'heng.yaml');
  return { spec: config.scorecard ?? scorecardSchema.parse({}), workload: config.workload ?? null };
}

/** A YAML file holding `workload:` (or the workload fields at the top level), and optionally `scorecard:`. */
export function readSectionsFile(file: string): Partial<ScorecardSources> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new InputError(`cannot read file: ${(err as Error).message}`, { file });
  }
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, prettyErrors: false });
  if (doc.errors.length) throw new InputError(`malformed YAML: ${doc.errors[0].message.split('\n')[0]}`, { file, line: lc.linePos(doc.errors[0].pos[0]).line });
  const lineOf = (p: ConfigPath) => {
    for (let n = p.length; n >= 0; n--) {
      const node = doc.getIn(p.slice(0, n) as Array<string | number>, true);
      if (isNode(node) && node.range) return lc.linePos(node.range[0]).line;
    }
    return undefined;
  };
  const raw = (doc.toJS() ?? {}) as Record<string, unknown>;
  const out: Partial<ScorecardSources> = {};
  const sectioned = 'workload' in raw || 'scorecard' in raw;
  if (sectioned) {
    if (raw.workload !== undefined) out.workload = validate(workloadSchema, raw.workload, file, ['workload'], lineOf);
    if (raw.scorecard !== undefined) out.spec = validate(scorecardSchema, raw.scorecard, file, ['scorecard'], lineOf);
  } else out.workload = validate(workloadSchema, raw, file, [], lineOf);
  return out;
}
