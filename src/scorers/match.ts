// Text-matching scorers: exact, normalized, contains, regex. The answer is
// compared with every acceptable target (item.target may be a list).
import type { Score, Scorer } from '../types.js';
import { InputError } from '../errors.js';
import { answerText, normalizeText, targets } from './normalize.js';
import type { ContainsSpec, ExactSpec, RegexSpec } from './spec.js';

/** A binary verdict: 1/correct or 0/wrong. */
export function verdict(ok: boolean, extracted: string | undefined, rule: string, detail?: Record<string, unknown>): Score {
  return { value: ok ? 1 : 0, outcome: ok ? 'correct' : 'wrong', ...(extracted !== undefined ? { extracted } : {}), rule, ...(detail ? { detail } : {}) };
}

function requireTargets(target: string | string[] | undefined, itemId: string, scorer: string): string[] {
  const list = targets(target);
  if (!list.length) throw new InputError(`the ${scorer} scorer needs a target, item has none`, { field: `target (item ${itemId})` });
  return list;
}

export function exactScorer(spec: ExactSpec): Scorer {
  const form = (s: string) => (spec.trim ? s.trim() : s);
  return {
    name: 'exact',
    check: (item) => void requireTargets(item.target, item.id, 'exact'),
    score({ output, item }) {
      const answer = form(answerText(output));
      return verdict(
        requireTargets(item.target, item.id, 'exact').some((t) => form(t) === answer),
        answer,
        'exact',
      );
    },
  };
}

export function normalizedScorer(): Scorer {
  return {
    name: 'normalized',
    check: (item) => void requireTargets(item.target, item.id, 'normalized'),
    score({ output, item }) {
      const answer = normalizeText(output);
      return verdict(
        requireTargets(item.target, item.id, 'normalized').some((t) => normalizeText(t) === answer),
        answer,
        'normalized',
      );
    },
  };
}

export function containsScorer(spec: ContainsSpec): Scorer {
  const fold = (s: string) => (spec.ignoreCase ? s.toLowerCase() : s);
  const rule = spec.all ? 'contains.all' : 'contains.any';
  return {
    name: 'contains',
    check: (item) => void requireTargets(item.target, item.id, 'contains'),
    score({ output, item }) {
      const answer = fold(answerText(output));
      const wanted = requireTargets(item.target, item.id, 'contains');
      const found = wanted.filter((t) => answer.includes(fold(t)));
      const ok = spec.all ? found.length === wanted.length : found.length > 0;
      const missing = wanted.filter((t) => !found.includes(t));
      return verdict(ok, found.join(' | '), rule, spec.all && missing.length ? { missing } : undefined);
    },
  };
}

export function regexScorer(spec: RegexSpec): Scorer {
  const re = new RegExp(spec.pattern, spec.flags);
  return {
    name: 'regex',
    // Only an extracting pattern compares with a target.
    check: (item) => void (spec.extract === undefined || requireTargets(item.target, item.id, 'regex')),
    score({ output, item }): Score {
      const m = re.exec(answerText(output));
      if (spec.extract === undefined) return verdict(m !== null, m?.[0], 'regex.match');
      const group = m ? (typeof spec.extract === 'number' ? m[spec.extract] : m.groups?.[spec.extract]) : undefined;
      if (group === undefined) return { value: 0, outcome: 'unparseable', rule: 'regex.none' };
      const extracted = group.trim();
      return verdict(
        requireTargets(item.target, item.id, 'regex').some((t) => t.trim() === extracted),
        extracted,
        'regex.extract',
      );
    },
  };
}
