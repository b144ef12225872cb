// Tencent Hunyuan native API (hunyuan.tencentcloudapi.com, action
// ChatCompletions, version 2023-09-01), signed per request with TC3
// (./tc3.ts). apiKey = SecretId, secretKey = SecretKey. Errors come as HTTP
// 200 with Response.Error {Code, Message}; a stream cut by moderation ends
// with FinishReason "sensitive" (and may carry ErrorMsg {Code, Msg}).
import type { Provider } from '../../types.js';
import type { ProviderConfig } from '../config.js';
import { HttpClient, parseEndpoint } from '../http.js';
import { answerLimit, count, defined, identityOf, protocolProvider, required, rulesApplied, type NativeOptions, type Piece } from '../exchange.js';
import { signTc3 } from './tc3.js';

export const HUNYUAN_ENDPOINT = 'https://hunyuan.tencentcloudapi.com';
const CONTENT_TYPE = 'application/json';

export interface HunyuanOptions extends NativeOptions {
  /** Clock for X-TC-Timestamp (tests pin it). */
  now?: () => number;
}

export function createHunyuanNative(config: ProviderConfig, options: HunyuanOptions): Provider {
  const secretId = required(config, 'apiKey', 'the SecretId of a Tencent Cloud API key (CAM), e.g. ${env:TENCENTCLOUD_SECRET_ID}');
  const secretKey = required(config, 'secretKey', 'the SecretKey of the same Tencent Cloud API key, e.g. ${env:TENCENTCLOUD_SECRET_KEY}');
  const url = config.baseUrl ?? HUNYUAN_ENDPOINT;
  const host = new URL(url).host; // the Host header node sends, and so the one signed
  const client = new HttpClient(parseEndpoint(url));
  const stream = config.stream ?? true;
  const now = options.now ?? (() => Date.now());
  const region = typeof config.region === 'string' ? config.region : undefined;

  const readError = (json: any): Piece | undefined => {
    const e = json?.Response?.Error;
    return e ? { error: { code: e.Code, message: e.Message } } : undefined;
  };
  const usageOf = (u: any) => (u ? defined({ inputTokens: count(u.PromptTokens), outputTokens: count(u.CompletionTokens) }) : undefined);
  const moderation = (json: any): Piece | undefined => (json?.ErrorMsg?.Code !== undefined ? { error: { code: String(json.ErrorMsg.Code), message: json.ErrorMsg.Msg } } : undefined);

  return protocolProvider(
    config,
    identityOf(config, url),
    {
      client,
      stream,
      signals: options.signals,
      codeMap: options.codeMap,
      body: (asked) => {
        const r = rulesApplied(config, options.rules, asked).req;
        const body: Record<string, unknown> = { Model: config.model, Messages: r.messages.map((m) => ({ Role: m.role, Content: m.content })), Stream: stream };
        if (r.temperature !== undefined) body.Temperature = r.temperature;
        if (r.topP !== undefined) body.TopP = r.topP;
        if (r.seed !== undefined) body.Seed = r.seed;
        if (r.stop?.length) body.Stop = r.stop;
        return JSON.stringify({ ...body, ...config.params });
      },
      maxAnswerBytes: answerLimit(config),
      headers: (body) => {
        const timestamp = Math.floor(now() / 1000);
        const { authorization } = signTc3({ secretId, secretKey, service: 'hunyuan', host, contentType: CONTENT_TYPE, payload: body, timestamp });
        return {
          'content-type': CONTENT_TYPE,
          host,
          authorization,
          'x-tc-action': 'ChatCompletions',
          'x-tc-version': '2023-09-01',
          'x-tc-timestamp': String(timestamp),
          ...(region ? { 'x-tc-region': region } : {}),
          ...config.headers,
        };
      },
      readJson: (json) => {
        const error = readError(json);
        if (error) return error;
        const r = json?.Response;
        const choice = r?.Choices?.[0];
        if (!choice) return moderation(r) ?? { malformed: 'no Response.Choices' };
        return {
          text: choice.Message?.Content ?? '',
          ...(choice.Message?.ReasoningContent ? { reasoning: choice.Message.ReasoningContent } : {}),
          ...(choice.FinishReason ? { finishReason: choice.FinishReason } : {}),
          usage: usageOf(r.Usage),
        };
      },
      readEvent: (json) => {
        const error = readError(json) ?? moderation(json);
        if (error) return error;
        const choice = json?.Choices?.[0];
        return {
          text: choice?.Delta?.Content ?? '',
          reasoning: choice?.Delta?.ReasoningContent ?? '',
          ...(choice?.FinishReason ? { finishReason: choice.FinishReason } : {}),
          usage: usageOf(json?.Usage),
        };
      },
    },
    options.rules,
  );
}
