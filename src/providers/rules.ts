// Per-model request rules, as preset data: which sampling values a model
// accepts, the name of its token-limit field, how many stop words, the seed
// range. `mapRequest` applies them the way the vendor's own SDK does and
// says what it changed (`RequestMapping`), so the run records every value
// that was not sent as asked — never a silent change.
import type { ChatRequest, RequestMapping } from '../types.js';

export type { RequestMapping } from '../types.js';

/** An accepted numeric range; a value outside becomes `below` / `above` (default: the bound itself). */
export interface RangeRule {
  min: number;
  max: number;
  /** The bound itself is refused (Zhipu's (0, 1), ERNIE's (0, 1]). */
  exclusiveMin?: boolean;
  exclusiveMax?: boolean;
  /** What a value at or under the minimum becomes. */
  below?: number;
  /** What a value at or over the maximum becomes. */
  above?: number;
  /** Extra body fields sent when a value was mapped (Zhipu: do_sample false, as its SDK does). */
  whenMapped?: Record<string, unknown>;
}

export interface RequestRules {
  /** 'omit': the model accepts only its default (OpenAI reasoning models), so nothing is sent. */
  temperature?: RangeRule | 'omit';
  topP?: RangeRule | 'omit';
  /** The body field of the output-token limit (default max_tokens). */
  maxTokensField?: string;
  /** The most stop words the vendor accepts; the first ones are kept. */
  maxStop?: number;
  /** The seed range, or 'omit' when the API has no seed. */
  seed?: { min: number; max: number } | 'omit';
  /**
   * A reasoning model: its thinking counts against the token limit, so a
   * smaller request limit is raised to this (unless the provider entry sets
   * `maxTokens` itself) rather than cutting the answer.
   */
  minMaxTokens?: number;
  /**
   * Whether the model thinks when nothing is asked: 'on', 'off', or 'only'
   * (a thinking-only model). Read with `thinkingStreamOnly`.
   */
  thinkingDefault?: 'on' | 'off' | 'only';
  /**
   * The vendor answers a thinking call only when it streams (DashScope refuses
   * a non-streaming one: "parameter.enable_thinking must be set to false for
   * non-streaming calls"). A non-streaming provider then sends thinking off
   * for a model that thinks by default (recorded as a mapping), and a
   * thinking-only model, or `reasoning:` asking for thinking, is refused at setup.
   */
  thinkingStreamOnly?: boolean;
  /** The page that documents these rules. */
  source?: string;
}

/** Rules for the models whose id matches `models` (every matching entry applies, in order). */
export interface ModelRules extends RequestRules {
  models: RegExp;
}

/** The rules for one model: every matching entry merged, later ones winning. */
export function rulesFor(table: ModelRules[] | undefined, model: string): RequestRules {
  const out: RequestRules = {};
  for (const { models, ...rules } of table ?? []) if (models.test(model)) Object.assign(out, rules);
  return out;
}

export interface MappedRequest {
  req: ChatRequest;
  /** Body fields the mapping adds (do_sample: false). */
  extra: Record<string, unknown>;
  /** The token-limit field name for the OpenAI wire. */
  maxTokensField: string;
  mappings: RequestMapping[];
}

/**
 * Apply a model's rules to a request. `fixedMaxTokens` is the provider
 * entry's own `maxTokens` (it wins over the run's and is never raised).
 */
export function mapRequest(req: ChatRequest, rules: RequestRules, fixedMaxTokens?: number): MappedRequest {
  const out: ChatRequest = { ...req };
  const extra: Record<string, unknown> = {};
  const mappings: RequestMapping[] = [];
  const why = rules.source ?? 'preset rule';
  const note = (field: string, from: unknown, to: unknown, reason: string, zh: string) => mappings.push({ field, from, to, reason: `${reason} (${why})`, reasonZh: `${zh}（${why}）` });

  const ranged = (field: 'temperature' | 'topP', rule: RangeRule | 'omit' | undefined) => {
    const value = out[field];
    if (value === undefined || rule === undefined) return;
    if (rule === 'omit') {
      delete out[field];
      note(field, value, null, 'the model accepts only its default value, so none is sent', '该模型只接受默认值，因此不发送');
      return;
    }
    const low = rule.exclusiveMin ? value <= rule.min : value < rule.min;
    const high = rule.exclusiveMax ? value >= rule.max : value > rule.max;
    if (!low && !high) return;
    const to = low ? (rule.below ?? rule.min) : (rule.above ?? rule.max);
    out[field] = to;
    Object.assign(extra, rule.whenMapped);
    const range = `${rule.exclusiveMin ? '(' : '['}${rule.min}, ${rule.max}${rule.exclusiveMax ? ')' : ']'}`;
    const also = rule.whenMapped ? JSON.stringify(rule.whenMapped) : '';
    note(field, value, to, `outside the accepted range ${range}${also ? `; also sends ${also}` : ''}`, `超出可接受范围 ${range}${also ? `；同时发送 ${also}` : ''}`);
  };
  ranged('temperature', rules.temperature);
  ranged('topP', rules.topP);

  if (out.seed !== undefined && rules.seed) {
    if (rules.seed === 'omit') {
      note('seed', out.seed, null, 'the API has no seed parameter', '该接口没有 seed 参数');
      delete out.seed;
    } else if (out.seed < rules.seed.min || out.seed > rules.seed.max) {
      const to = Math.min(rules.seed.max, Math.max(rules.seed.min, out.seed));
      note('seed', out.seed, to, `outside the accepted range [${rules.seed.min}, ${rules.seed.max}]`, `超出可接受范围 [${rules.seed.min}, ${rules.seed.max}]`);
      out.seed = to;
    }
  }

  if (out.stop && rules.maxStop !== undefined && out.stop.length > rules.maxStop) {
    const kept = out.stop.slice(0, rules.maxStop);
    note('stop', out.stop, kept, `the API accepts at most ${rules.maxStop} stop word${rules.maxStop === 1 ? '' : 's'}`, `该接口最多接受 ${rules.maxStop} 个停止词`);
    out.stop = kept;
  }

  if (fixedMaxTokens !== undefined) {
    if (out.maxTokens !== fixedMaxTokens) note('maxTokens', out.maxTokens ?? null, fixedMaxTokens, 'set by the provider entry', '由提供方条目设定');
    out.maxTokens = fixedMaxTokens;
  } else if (rules.minMaxTokens !== undefined && out.maxTokens !== undefined && out.maxTokens < rules.minMaxTokens) {
    note(
      'maxTokens',
      out.maxTokens,
      rules.minMaxTokens,
      'a reasoning model: its thinking counts against the limit, which would cut the answer; set "maxTokens" on the provider to choose',
      '推理模型的思考计入输出上限，原上限会截断回答；可在提供方条目中设置 maxTokens',
    );
    out.maxTokens = rules.minMaxTokens;
  }

  return { req: out, extra, maxTokensField: rules.maxTokensField ?? 'max_tokens', mappings };
}

/** One mapping as a sentence a person reads: `field: from → to — why` (to null: not sent). */
export function mappingText(m: RequestMapping, lang: 'zh' | 'en'): string {
  const value = (v: unknown) => (v === null || v === undefined ? (lang === 'zh' ? '不发送' : 'not sent') : JSON.stringify(v));
  const from = m.from === null || m.from === undefined ? (lang === 'zh' ? '未设置' : 'unset') : JSON.stringify(m.from);
  return `${m.field}: ${from} → ${value(m.to)} — ${lang === 'zh' ? (m.reasonZh ?? m.reason) : m.reason}`;
}
