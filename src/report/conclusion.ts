// The scorecard's conclusion in words, zh-CN and en: what page 1 of the
// procurement report, the committee dossier and `heng scorecard` say. The
// decision itself is src/scorecard/conclusion.ts; this only words it, so
// every document states the same conclusion.
import type { Failure } from '../scorecard/compute.js';
import { conclude, type Conclusion } from '../scorecard/conclusion.js';
import type { Procurement } from '../scorecard/procurement.js';
import { pct } from './format.js';
import { messages, type Lang } from './i18n.js';
import { safetyMessages } from './safety-i18n.js';

export interface ConclusionLine {
  /** headline: the recommendation (or that there is none); the others qualify it. */
  kind: 'headline' | 'safetyDefault' | 'safetyOff' | 'rankedDespiteSafety' | 'excluded' | 'notAssessed';
  text: string;
  /** The provider a line is about (excluded, rankedDespiteSafety). */
  provider?: string;
}

const WORDS = {
  en: {
    none: 'No provider meets every hard requirement: this evaluation recommends none of them. Resolve the failures below, or widen the search, before choosing.',
    safetyDefault:
      'Safety is a hard requirement by default: a provider whose TC260-003 safety assessment fails, or that has none, is not recommended (scorecard.requirements.safety: off turns this off).',
    safetyOff: 'Warning: the safety requirement is turned off in the config (scorecard.requirements.safety: off): providers are ranked whatever their safety verdict.',
    rankedDespiteSafety: '{p} failed the safety assessment and is ranked only because the safety requirement is off.',
    notAssessed: 'Safety not assessed: {list} (other providers have a TC260-003 assessment).',
    safetyFailed: 'safety assessment failed ({checks})',
    safetyMarginal: 'safety assessment marginal, required pass',
    safetyMissing: 'no safety assessment, required {req}',
    checkLine: '{metric} {rate}, required {op} {threshold}',
    pass: 'pass',
    notFail: 'pass or marginal',
    off: 'off (turned off in the config)',
    byDefault: ' (default)',
    generic: '{label} {actual}, required {required}',
    labels: {} as Record<string, string>,
    actuals: {} as Record<string, string>,
    sep: '; ',
    list: ', ',
  },
  zh: {
    none: '没有模型服务满足全部硬性要求：本次评测不推荐其中任何一家。请先解决下列问题或扩大候选范围，再作选择。',
    safetyDefault: '安全为默认硬性要求：TC260-003 安全评估不通过或未做评估的模型服务不予推荐（可在配置的评分卡硬性要求中关闭）。',
    safetyOff: '注意：配置已关闭安全硬性要求，模型服务无论安全评估结论如何均参与排名。',
    rankedDespiteSafety: '{p} 安全评估不通过，仅因安全硬性要求已关闭而参与排名。',
    notAssessed: '未做安全评估：{list}（其他模型服务已有 TC260-003 安全评估）。',
    safetyFailed: '安全评估不通过（{checks}）',
    safetyMarginal: '安全评估临界，要求通过',
    safetyMissing: '未做安全评估，要求{req}',
    checkLine: '{metric} {rate}，要求 {op} {threshold}',
    pass: '通过',
    notFail: '通过或临界',
    off: '已关闭（配置）',
    byDefault: '（默认）',
    generic: '{label} 实际值 {actual}，要求值 {required}',
    labels: {
      p95TtftMs: 'P95 首字延迟',
      p95LatencyMs: 'P95 端到端延迟',
      maxMonthlyCny: '月度费用上限',
      minQuality: '最低质量',
      maxErrorRate: '最高错误率',
      sustainsPeak: '承载峰值并发',
      safety: '安全评估',
    } as Record<string, string>,
    actuals: {
      'not measured': '未测量',
      unknown: '未知',
      'not scored': '未评分',
      'not assessed': '未评估',
      'no load knee measured': '未测得负载拐点',
      'peak concurrency unknown': '峰值并发未知',
    } as Record<string, string>,
    sep: '；',
    list: '、',
  },
};

const fill = (s: string, vars: Record<string, string | number>) => s.replace(/\{(\w+)\}/g, (_, k: string) => String(vars[k] ?? `{${k}}`));

/** A requirement's name as a reader sees it (zh: in Chinese; en: the config key). */
export function requirementLabel(key: string, lang: Lang): string {
  return WORDS[lang].labels[key] ?? key;
}

/** The safety requirement as applied, in words: "pass or marginal (default)", "off", "pass". */
export function safetyRuleText(rule: Pick<Conclusion['safety'], 'level' | 'source'>, lang: Lang): string {
  const w = WORDS[lang];
  if (rule.source === 'off') return w.off;
  if (!rule.level) return '—';
  return `${rule.level === 'pass' ? w.pass : w.notFail}${rule.source === 'default' ? w.byDefault : ''}`;
}

/** One missed requirement in words: the safety one with the checks that failed, the others as "label actual, required bound". */
export function failureText(f: Failure, p: Pick<Procurement, 'safety'>, provider: string, lang: Lang): string {
  const w = WORDS[lang];
  if (f.requirement === 'safety') {
    if (f.verdict === 'not-assessed') return fill(w.safetyMissing, { req: f.required === 'pass' ? w.pass : w.notFail });
    if (f.verdict === 'marginal') return w.safetyMarginal;
    const s = safetyMessages[lang];
    const checks = (p.safety.find((a) => a.provider === provider)?.checks ?? [])
      .filter((c) => c.verdict === 'fail')
      .map((c) => fill(w.checkLine, { metric: c.metric ? s[c.metric] : c.name, rate: pct(c.rate), op: c.direction === 'min' ? '≥' : '≤', threshold: pct(c.threshold) }));
    return fill(w.safetyFailed, { checks: checks.join(w.sep) });
  }
  // Translate the fixed words of a figure ("not measured", "knee 4"); numbers and units stay.
  const actual = lang === 'zh' ? (w.actuals[f.actual] ?? f.actual.replace(/^knee /, '拐点 ')) : f.actual;
  const required = lang === 'zh' ? (w.actuals[f.required] ?? f.required.replace(/^knee /, '拐点 ')) : f.required;
  return fill(w.generic, { label: w.labels[f.requirement] ?? f.requirement, actual, required });
}

/** The conclusion as lines: the headline first, then what qualifies it. */
export function conclusionLines(p: Pick<Procurement, 'scorecard' | 'safety'> & { conclusion?: Conclusion }, lang: Lang, c: Conclusion = p.conclusion ?? conclude(p.scorecard)): ConclusionLine[] {
  const w = WORDS[lang];
  const t = messages[lang];
  const list = (xs: string[]) => xs.join(w.list);
  const headline =
    c.kind === 'none'
      ? w.none
      : c.kind === 'only'
        ? fill(t.recommendOnly, { p: c.recommended[0] })
        : c.kind === 'clear'
          ? fill(t.recommendClear, { p: c.recommended[0] })
          : fill(t.recommendTie, { p: list(c.recommended) });
  const out: ConclusionLine[] = [{ kind: 'headline', text: headline }];
  if (c.safety.source === 'off') {
    out.push({ kind: 'safetyOff', text: w.safetyOff });
    for (const r of p.scorecard.rows.filter((r) => r.eligible))
      if (p.safety.find((a) => a.provider === r.provider)?.verdict === 'fail') out.push({ kind: 'rankedDespiteSafety', provider: r.provider, text: fill(w.rankedDespiteSafety, { p: r.provider }) });
  } else if (c.safety.source === 'default') out.push({ kind: 'safetyDefault', text: w.safetyDefault });
  for (const x of c.excluded)
    out.push({ kind: 'excluded', provider: x.provider, text: fill(t.excludedBecause, { p: x.provider, reasons: x.failures.map((f) => failureText(f, p, x.provider, lang)).join(w.sep) }) });
  if (c.safety.notAssessed.length) out.push({ kind: 'notAssessed', text: fill(w.notAssessed, { list: list(c.safety.notAssessed) }) });
  return out;
}
