// The REST API of `heng serve` (docs/api.md). Cookie session; every request
// carries X-Heng-CSRF so state changes pass the server's CSRF check.
// Every type comes from the API contract the server validates with.
import { translator } from './i18n';
import type {
  ArenaStats,
  Bank,
  Battle,
  ConfiguredProvider,
  ItemAnswers,
  Me,
  Progress,
  ReportJson,
  ResultQuery,
  ResultPage,
  RunDetail,
  RunSummary,
  ScorecardAt,
  ScorecardBody,
  SecretField,
  User,
  Verdict,
} from '@heng/api/contract';

export type * from '@heng/api/contract';

export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly field?: string,
    readonly hint?: string,
    /** Seconds from the Retry-After header (429: too many failed sign-ins). */
    readonly retryAfter?: number,
  ) {
    super(message);
  }
}

/** Fired on window when the API says the caller is not signed in. */
export const SIGNED_OUT = 'heng:signed-out';

async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(path, {
    method,
    credentials: 'same-origin',
    headers: { 'x-heng-csrf': '1', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  let json: any;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  if (!res.ok) {
    const e = json?.error;
    // The session ended (expired, signed out elsewhere): back to the sign-in form.
    if (res.status === 401 && path !== '/api/auth/login') dispatchEvent(new Event(SIGNED_OUT));
    const retryAfter = Number(res.headers.get('retry-after')) || undefined;
    // The database went away (a restart): say so in the reader's language; the server reconnects by itself.
    if (res.status === 503 && e?.code === 'unavailable')
      throw new ApiFailure(503, translator(document.documentElement.lang === 'en' ? 'en' : 'zh-CN')('storeUnavailable'), undefined, undefined, retryAfter);
    throw new ApiFailure(res.status, e?.message ?? `${res.status} ${res.statusText}`, e?.field, e?.hint, retryAfter);
  }
  return json as T;
}

const q = (params: Record<string, string | number | undefined>) => {
  const s = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') s.set(k, String(v));
  const t = s.toString();
  return t ? `?${t}` : '';
};
const enc = encodeURIComponent;

export const api = {
  login: (name: string, password: string) => call<{ user: User }>('POST', '/api/auth/login', { name, password }),
  logout: () => call('POST', '/api/auth/logout'),
  me: () => call<Me>('GET', '/api/auth/me'),
  runs: () => call<{ runs: RunSummary[] }>('GET', '/api/runs'),
  run: (id: string) => call<RunDetail>('GET', `/api/runs/${enc(id)}`),
  status: (id: string) => call<Progress>('GET', `/api/runs/${enc(id)}/status`),
  startRun: (configYaml: string, providers: string[]) => call<{ run: RunSummary }>('POST', '/api/runs', { configYaml, ...(providers.length ? { providers } : {}) }),
  cancel: (id: string) => call('POST', `/api/runs/${enc(id)}/cancel`),
  resume: (id: string) => call('POST', `/api/runs/${enc(id)}/resume`),
  results: (id: string, f: ResultQuery) => call<ResultPage>('GET', `/api/runs/${enc(id)}/results${q(f)}`),
  item: (id: string, task: string, item: string) => call<ItemAnswers>('GET', `/api/runs/${enc(id)}/item${q({ task, item })}`),
  report: (id: string) => call<ReportJson>('GET', `/api/runs/${enc(id)}/report`),
  scorecardAt: (id: string, weights: ScorecardBody['weights']) => call<ScorecardAt>('POST', `/api/runs/${enc(id)}/scorecard`, { weights }),
  providers: () => call<{ providers: ConfiguredProvider[] }>('GET', '/api/providers'),
  saveProvider: (id: string, entry: Record<string, unknown>) => call('PUT', `/api/providers/${enc(id)}`, { entry }),
  setSecret: (id: string, field: SecretField, value: string) => call('PUT', `/api/providers/${enc(id)}/secret`, { field, value }),
  nextBattle: () => call<{ battle: Battle | null }>('GET', '/api/arena/next'),
  vote: (battleId: string, verdict: Verdict) => call('POST', '/api/arena/votes', { battleId, verdict }),
  createBattles: (id: string, providers: string[], perPair?: number) =>
    call<{ battles: number; created: number }>('POST', `/api/runs/${enc(id)}/arena/battles`, { providers, ...(perPair ? { perPair } : {}) }),
  arenaStats: (id: string) => call<ArenaStats>('GET', `/api/runs/${enc(id)}/arena/stats`),
  banks: () => call<{ banksDir: string; banks: Bank[] }>('GET', '/api/safety/banks'),
};

/** URL of a report download (the browser fetches it with the session cookie). */
export const reportUrl = (id: string, format: 'pdf' | 'docx' | 'html' | 'csv' | 'md', lang: 'zh-CN' | 'en') =>
  `/api/runs/${enc(id)}/report.${format}${format === 'pdf' || format === 'docx' || format === 'html' ? q({ lang: lang === 'en' ? 'en' : 'zh' }) : ''}`;

/** Live progress: SSE from /events, falling back to polling /status. */
export function followProgress(id: string, onProgress: (p: Progress) => void): () => void {
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const poll = async () => {
    if (stopped) return;
    try {
      const p = await api.status(id);
      onProgress(p);
      if (p.status === 'running' || p.active) timer = setTimeout(poll, 1000);
    } catch {
      timer = setTimeout(poll, 3000);
    }
  };
  if (typeof EventSource === 'undefined') {
    void poll();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }
  const es = new EventSource(`/api/runs/${enc(id)}/events`);
  const handle = (ev: MessageEvent) => onProgress(JSON.parse(ev.data) as Progress);
  es.addEventListener('progress', handle as EventListener);
  es.addEventListener('end', (ev) => {
    handle(ev as MessageEvent);
    es.close();
  });
  es.onerror = () => {
    es.close();
    void poll();
  };
  return () => {
    stopped = true;
    es.close();
    clearTimeout(timer);
  };
}
