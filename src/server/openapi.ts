// The OpenAPI 3.1 document, built from the route list: every path, its
// access, parameters, body and response schema come from the zod schemas the
// server itself validates with.
import { z } from 'zod';
import { VERSION } from '../version.js';
import { ERROR_CODES, errorSchema } from './errors.js';
import { documentedErrors, isBinary, isRaw, type AnyRoute } from './route.js';

type Json = Record<string, unknown>;

function schemaOf(s: z.ZodType, io: 'input' | 'output'): Json {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(s, { io, unrepresentable: 'any', target: 'draft-2020-12' }) as Json;
  return rest;
}

function parameters(r: AnyRoute): Json[] {
  const out: Json[] = [];
  for (const [where, obj] of [
    ['path', r.params],
    ['query', r.query],
  ] as const) {
    if (!obj) continue;
    const js = schemaOf(obj, 'input') as { properties?: Record<string, Json>; required?: string[] };
    for (const [name, schema] of Object.entries(js.properties ?? {})) {
      const { description, ...rest } = schema as Json & { description?: string };
      out.push({ name, in: where, required: where === 'path' || (js.required ?? []).includes(name), schema: rest, ...(description ? { description } : {}) });
    }
  }
  return out;
}

export function buildOpenApi(routes: readonly AnyRoute[]): Json {
  const paths: Record<string, Record<string, Json>> = {};
  for (const r of routes) {
    const ok: Json = isRaw(r.response)
      ? { description: r.summary, content: { [r.response.raw]: { schema: isBinary(r.response.raw) ? { type: 'string', contentMediaType: r.response.raw } : { type: 'string' } } } }
      : { description: r.summary, content: { 'application/json': { schema: schemaOf(r.response, 'output') } } };
    const responses: Json = { [String(r.status ?? 200)]: ok };
    for (const status of documentedErrors(r)) responses[String(status)] = { $ref: `#/components/responses/${ERROR_CODES[status]}` };
    const op: Json = {
      operationId: r.id,
      summary: r.summary,
      tags: [r.tag],
      'x-access': r.access,
      security: r.access === 'public' ? [] : [{ bearer: [] }, { session: [] }],
      parameters: parameters(r),
      responses,
    };
    if (r.body) op.requestBody = { required: true, content: { 'application/json': { schema: schemaOf(r.body, 'input') } } };
    (paths[r.path] ??= {})[r.method] = op;
  }
  const errorResponses = Object.fromEntries(
    Object.values(ERROR_CODES).map((code) => [
      code,
      {
        description: code.replaceAll('_', ' '),
        ...(code === 'too_many_requests' ? { headers: { 'Retry-After': { description: 'seconds until the next attempt may pass', required: true, schema: { type: 'integer', minimum: 1 } } } } : {}),
        content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
      },
    ]),
  );
  return {
    openapi: '3.1.0',
    info: { title: 'Heng API', version: VERSION, description: 'REST API of `heng serve`. See docs/api.md for the guide and docs/auth.md for accounts, roles and CSRF.' },
    paths,
    components: {
      schemas: { Error: schemaOf(errorSchema, 'output') },
      responses: errorResponses,
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', description: 'API token from `heng tokens create` or POST /api/auth/tokens' },
        session: { type: 'apiKey', in: 'cookie', name: 'heng_session', description: 'set by POST /api/auth/login; state changes also need Origin or X-Heng-CSRF' },
      },
    },
  };
}
