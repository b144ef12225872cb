// Runs: list, start (config YAML or a stored run's config, plus configured
// providers), detail, progress (poll or SSE), cancel, resume.
import { streamSSE } from 'hono/streaming';
import { parseDocument } from 'yaml';
import { providerView, taskView } from '../../report/model.js';
import { cancelResponse, eventsQuery, idParams, listRunsQuery, progressSchema, runDetailSchema, runResponse, runsResponse, startRunBody } from '../../api/contract.js';
import type { RunOptions } from '../../config/schema.js';
import { ApiError, notFound } from '../errors.js';
import { publicEntry } from '../provider-entries.js';
import { route } from '../route.js';
import { progressOf, runSummary } from '../views.js';
import type { ServerContext } from '../context.js';

async function loadRun(ctx: ServerContext, id: string) {
  const run = await ctx.store.getRun(id);
  if (!run) throw notFound(`run "${id}"`);
  return run;
}

/** Add configured providers to the config text, so the stored config is complete on its own. */
async function withProviders(ctx: ServerContext, text: string, ids: string[]): Promise<string> {
  if (!ids.length) return text;
  // Read (bounded, on a worker) before it is edited here on the event loop.
  await ctx.runs.checkYaml(text);
  const doc = parseDocument(text, { uniqueKeys: false });
  if (!doc.has('providers')) doc.set('providers', doc.createNode([]));
  for (const id of ids) {
    const configured = await ctx.providers.get(id);
    if (!configured) throw new ApiError(400, `no configured provider "${id}"`, 'providers', 'list them with GET /api/providers');
    doc.addIn(['providers'], doc.createNode(configured.entry));
  }
  return doc.toString();
}

export const runRoutes = [
  route({
    id: 'listRuns',
    method: 'get',
    path: '/api/runs',
    summary: 'Runs, newest first, with status, progress and headline scores',
    tag: 'runs',
    access: 'runs:read',
    query: listRunsQuery,
    response: runsResponse,
    async handler({ ctx, query }) {
      const runs = await ctx.store.listRuns(query.limit);
      return { runs: await Promise.all(runs.map((r) => runSummary(ctx.store, ctx.runs, r))) };
    },
  }),
  route({
    id: 'startRun',
    method: 'post',
    path: '/api/runs',
    summary: 'Start a run in the background; answers once the run is recorded',
    tag: 'runs',
    access: 'runs:write',
    status: 202,
    upload: 'config',
    body: startRunBody,
    // fromRun names a run that does not exist (found by test/services/openapi-fuzz.test.ts).
    errors: [404],
    response: runResponse,
    async handler({ ctx, user, body }) {
      let text: string;
      let file: string | undefined;
      if (body.fromRun !== undefined) {
        const from = await loadRun(ctx, body.fromRun);
        text = from.configText;
        file = from.options.configFile;
      } else text = body.configYaml!;
      text = await withProviders(ctx, text, body.providers ?? []);
      const id = await ctx.runs.start(text, (body.overrides ?? {}) as Partial<RunOptions>, file);
      await ctx.audit.record(user, 'run.start', id, { fromRun: body.fromRun ?? null, providers: body.providers ?? [], overrides: body.overrides ?? {} });
      return { run: await runSummary(ctx.store, ctx.runs, await loadRun(ctx, id)) };
    },
  }),
  route({
    id: 'getRun',
    method: 'get',
    path: '/api/runs/{id}',
    summary: 'A run with its config (secrets only as references), options, providers and tasks',
    tag: 'runs',
    access: 'runs:read',
    params: idParams,
    errors: [404],
    response: runDetailSchema,
    async handler({ ctx, params }) {
      const run = await loadRun(ctx, params.id);
      const [providers, tasks] = await Promise.all([ctx.store.runProviders(run.id), ctx.store.runTasks(run.id)]);
      // The config file's path is the server's business, not the viewer's.
      const { configFile: _file, ...options } = run.options;
      return {
        run: await runSummary(ctx.store, ctx.runs, run),
        configText: run.configText,
        configHash: run.configHash,
        hengVersion: run.hengVersion,
        options,
        providers: providers.map((p) => ({ ...providerView(p, run), ...publicEntry(p.entry, ctx.secrets) })),
        tasks: tasks.map(taskView),
      };
    },
  }),
  route({
    id: 'runStatus',
    method: 'get',
    path: '/api/runs/{id}/status',
    summary: 'Status and done/planned counts from the store (poll this, or follow /events)',
    tag: 'runs',
    access: 'runs:read',
    params: idParams,
    errors: [404],
    response: progressSchema,
    async handler({ ctx, params }) {
      return progressOf(ctx.store, ctx.runs, await loadRun(ctx, params.id));
    },
  }),
  route({
    id: 'runEvents',
    method: 'get',
    path: '/api/runs/{id}/events',
    summary: 'Server-sent events: a "progress" event (same JSON as /status) each second while running, then "end"',
    tag: 'runs',
    access: 'runs:read',
    params: idParams,
    query: eventsQuery,
    errors: [404],
    response: { raw: 'text/event-stream' },
    async handler({ ctx, params, query, c }) {
      const run = await loadRun(ctx, params.id);
      return streamSSE(c, async (stream) => {
        let closed = false;
        stream.onAbort(() => {
          closed = true;
        });
        let last = '';
        while (!closed) {
          const p = await progressOf(ctx.store, ctx.runs, run);
          const data = JSON.stringify(p);
          if (data !== last) await stream.writeSSE({ event: 'progress', data });
          last = data;
          if (p.status !== 'running' && !p.active) {
            await stream.writeSSE({ event: 'end', data });
            break;
          }
          await stream.sleep(query.intervalMs);
        }
      });
    },
  }),
  route({
    id: 'cancelRun',
    method: 'post',
    path: '/api/runs/{id}/cancel',
    summary: 'Stop a running run (requests in flight finish and are kept); resume later',
    tag: 'runs',
    access: 'runs:write',
    params: idParams,
    errors: [404],
    response: cancelResponse,
    async handler({ ctx, user, params }) {
      const r = await ctx.runs.cancel(params.id);
      await ctx.audit.record(user, 'run.cancel', params.id, { changed: r.changed });
      return { id: params.id, ...r };
    },
  }),
  route({
    id: 'resumeRun',
    method: 'post',
    path: '/api/runs/{id}/resume',
    summary: 'Continue a stopped run with its stored config: only missing results are done',
    tag: 'runs',
    access: 'runs:write',
    status: 202,
    params: idParams,
    errors: [404, 409],
    response: runResponse,
    async handler({ ctx, user, params }) {
      const id = await ctx.runs.resume(params.id);
      await ctx.audit.record(user, 'run.resume', id);
      return { run: await runSummary(ctx.store, ctx.runs, await loadRun(ctx, id)) };
    },
  }),
];

export { loadRun };
