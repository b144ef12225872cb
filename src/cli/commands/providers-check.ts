// `heng providers check <config>`: for someone with real keys, one short
// request per provider of a config, and in plain words (zh / en) whether the
// key, the endpoint, the model id and streaming work, what the vendor
// answered, what the model's rules change in the run's request, and whether
// the price used is stale.
import type { ProviderEntry } from '../../config/schema.js';
import { explainError } from '../../providers/explain.js';
import type { ProviderSetup } from '../../providers/index.js';
import { presets } from '../../providers/presets/index.js';
import { stalePriceWarning } from '../../providers/prices.js';
import { mappingText } from '../../providers/rules.js';
import type { ChatRequest, ProviderResult, RequestMapping } from '../../types.js';

export type CheckState = 'ok' | 'failed' | 'unknown';

export interface CheckLine {
  what: 'key' | 'endpoint' | 'model' | 'streaming';
  state: CheckState;
  zh: string;
  en: string;
}

export interface ProviderCheck {
  providerId: string;
  model: string;
  ok: boolean;
  status: string;
  lines: CheckLine[];
  /** What the vendor answered: the start of the answer, or its error code and message. */
  vendorSaid: string;
  mappings: RequestMapping[];
  warnings: Array<{ zh: string; en: string }>;
}

/** Codes and messages that mean "no such model" (OpenAI, Ark, Hunyuan, DashScope, Gemini …). */
const MODEL_REFUSED = /model_not_found|InvalidEndpointOrModel|InvalidParameterValue\.Model|ModelNotFound|model.*(not (exist|found)|does not exist)|NOT_FOUND|模型不存在/i;

export const CHECK_REQUEST: ChatRequest = { messages: [{ role: 'user', content: '请只回答“好”。Reply with one word: OK.' }], maxTokens: 16, temperature: 0 };

/** The plain-words reading of one probe result. */
export function readCheck(result: ProviderResult, streamAsked: boolean): CheckLine[] {
  const e = result.error;
  const said = `${e?.code ?? ''} ${e?.message ?? ''}`;
  const line = (what: CheckLine['what'], state: CheckState, zh: string, en: string): CheckLine => ({ what, state, zh, en });
  const unknown = (what: CheckLine['what']) => line(what, 'unknown', '无法判断（请求未到达这一步）', 'not known (the request did not get that far)');
  const keyOk = line('key', 'ok', '密钥被接受', 'the key is accepted');
  const endpointOk = line('endpoint', 'ok', '接口地址有应答', 'the endpoint answers');
  switch (result.status) {
    case 'network':
    case 'timeout':
      return [
        unknown('key'),
        line(
          'endpoint',
          'failed',
          result.status === 'timeout' ? '接口地址在时限内没有应答' : '连不上接口地址（网络、DNS 或端口）',
          result.status === 'timeout' ? 'the endpoint did not answer in time' : 'the endpoint cannot be reached (network, DNS or port)',
        ),
        unknown('model'),
        unknown('streaming'),
      ];
    case 'auth':
      return [
        line('key', 'failed', '密钥被拒绝（无效、过期、欠费或无权限）', 'the key was refused (invalid, expired, out of credit or not allowed)'),
        endpointOk,
        unknown('model'),
        unknown('streaming'),
      ];
    case 'bad_request':
      return MODEL_REFUSED.test(said) || e?.httpStatus === 404
        ? [keyOk, endpointOk, line('model', 'failed', '模型 ID 不被接受', 'the model id is not accepted'), unknown('streaming')]
        : [keyOk, endpointOk, line('model', 'unknown', '请求被拒绝（参数问题，见厂商回复）', 'the request was refused (a parameter; see what the vendor said)'), unknown('streaming')];
    case 'rate_limited':
      return [line('key', 'ok', '密钥被接受（但已限流）', 'the key is accepted (but rate-limited)'), endpointOk, unknown('model'), unknown('streaming')];
    case 'server_error':
      return [unknown('key'), line('endpoint', 'failed', '厂商服务端出错', 'the vendor reported a server error'), unknown('model'), unknown('streaming')];
    default: {
      // ok, or content_filtered: the request went all the way through.
      const streamed = result.timing.ttftMs !== undefined;
      return [
        keyOk,
        endpointOk,
        line('model', 'ok', '模型 ID 被接受', 'the model id is accepted'),
        !streamAsked
          ? line('streaming', 'unknown', '未启用流式（stream: false）', 'streaming is off (stream: false)')
          : streamed
            ? line('streaming', 'ok', '流式输出正常（逐段到达）', 'streaming works (the answer arrived in pieces)')
            : line('streaming', 'failed', '要求流式，但答案一次性返回', 'streaming was asked for, but the answer came whole'),
      ];
    }
  }
}

/** One short request to a provider of a config, read in plain words. */
export async function checkProvider(setup: ProviderSetup, entry: ProviderEntry, timeoutMs: number, runRequest?: Pick<ChatRequest, 'temperature' | 'maxTokens' | 'seed'>): Promise<ProviderCheck> {
  const { provider } = setup;
  const result = await provider.complete(CHECK_REQUEST, { runId: 'check', taskId: 'check', itemId: 'check', repeat: 0, timeoutMs });
  const lines = readCheck(result, entry.stream !== false);
  const warnings: Array<{ zh: string; en: string }> = [];
  const modelWarning = entry.preset ? presets[entry.preset]?.modelWarning?.(provider.model) : undefined;
  if (modelWarning) warnings.push(modelWarning);
  const stale = stalePriceWarning(setup.price);
  if (stale) warnings.push(stale);
  if (!setup.price) warnings.push({ zh: '价格未知：成本将记为未知', en: 'price unknown: cost will be reported as unknown' });
  const explanation = explainError(result);
  const vendorSaid =
    result.status === 'ok'
      ? `${result.text.slice(0, 80)}${result.finishReason ? ` (finish: ${result.finishReason})` : ''}`
      : `${result.status}${result.error?.httpStatus ? ` HTTP ${result.error.httpStatus}` : ''}${result.error?.code ? ` ${result.error.code}` : ''}: ${result.error?.message ?? ''}${explanation ? ` — ${explanation.en} / ${explanation.zh}` : ''}`;
  return {
    providerId: provider.id,
    model: provider.model,
    ok: result.status === 'ok',
    status: result.status,
    lines,
    vendorSaid,
    mappings: runRequest ? (provider.describeRequest?.({ messages: [], ...runRequest }) ?? []) : [],
    warnings,
  };
}

const MARK: Record<CheckState, string> = { ok: '✓', failed: '✗', unknown: '?' };
const LABEL: Record<CheckLine['what'], { zh: string; en: string }> = {
  key: { zh: '密钥', en: 'key' },
  endpoint: { zh: '接口地址', en: 'endpoint' },
  model: { zh: '模型 ID', en: 'model id' },
  streaming: { zh: '流式输出', en: 'streaming' },
};

export function formatCheck(c: ProviderCheck): string {
  const out = [`${c.providerId} (${c.model}): ${c.ok ? 'OK' : c.status}`];
  for (const l of c.lines) out.push(`  ${MARK[l.state]} ${LABEL[l.what].zh} / ${LABEL[l.what].en}: ${l.zh} / ${l.en}`);
  out.push(`  厂商回复 / vendor said: ${c.vendorSaid}`);
  for (const m of c.mappings) out.push(`  请求调整 / request changed: ${mappingText(m, 'zh')} / ${mappingText(m, 'en')}`);
  for (const w of c.warnings) out.push(`  ! ${w.zh} / ${w.en}`);
  return out.join('\n');
}
