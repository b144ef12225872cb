// Which provider judges: the one a spec names, else the run's only
// `role: judge` provider. Checked when the task loads, before any request.
import { InputError, type Place } from '../errors.js';
import type { Provider } from '../types.js';
import type { JudgeCache } from './ask.js';

export interface JudgeLookup {
  providers?: Map<string, Provider>;
  /** Ids of providers configured with `role: judge`. */
  judges?: string[];
  judgeCache?: JudgeCache;
  place?: Place;
}

export function resolveJudge(id: string | undefined, ctx: JudgeLookup, scorer: string): Provider {
  const field = ctx.place?.field ?? 'scorers';
  const place = { ...ctx.place, field: field.endsWith('judge') ? field : `${field}.judge` };
  const known = [...(ctx.providers?.keys() ?? [])];
  if (!id) {
    const judges = ctx.judges ?? [];
    if (judges.length === 1 && ctx.providers?.has(judges[0])) return ctx.providers.get(judges[0])!;
    throw new InputError(
      `scorer "${scorer}" needs a judge`,
      place,
      judges.length > 1 ? `several providers have role: judge (${judges.join(', ')}); name one with judge: <provider id>` : 'add a provider with role: judge, or name one with judge: <provider id>',
    );
  }
  const p = ctx.providers?.get(id);
  if (!p) throw new InputError(`judge "${id}" is not a provider of this config`, place, known.length ? `providers: ${known.join(', ')}` : 'list the judge under providers: with role: judge');
  return p;
}
