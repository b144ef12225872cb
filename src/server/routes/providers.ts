// Vendor presets and the providers configured on this server. Secrets are
// write-only: answers carry only the ${env:…} reference and whether it is set.
import { z } from 'zod';
import { audit } from '../../auth/audit.js';
import { listPresets } from '../../providers/presets/listing.js';
import { ApiError, notFound } from '../errors.js';
import { deleteServerProvider, getServerProvider, listServerProviders, parseEntry, publicEntry, refVariable, refuseCredentialHeaders, saveServerProvider } from '../provider-entries.js';
import { route } from '../route.js';
import { idParams, okSchema, publicEntrySchema, secretStatusSchema } from '../schemas.js';

const priceSchema = z.looseObject({ inputPerMillion: z.number(), outputPerMillion: z.number(), currency: z.string(), date: z.string() });

const presetSchema = z.object({
  id: z.string(),
  name: z.object({ zh: z.string(), en: z.string() }),
  baseUrl: z.string().optional(),
  docs: z.string(),
  keyless: z.boolean(),
  contentFilter: z.object({ codes: z.array(z.string()), finishReasons: z.array(z.string()) }),
  models: z.array(z.object({ model: z.string(), contextLength: z.number().optional(), price: priceSchema.optional() })),
});

const configuredSchema = publicEntrySchema.extend({ id: z.string(), updatedAt: z.string(), updatedBy: z.string().nullable() });

function view(row: { id: string; entry_json: string; updated_at: string; updated_by: string | null }) {
  return { id: row.id, updatedAt: row.updated_at, updatedBy: row.updated_by, ...publicEntry(JSON.parse(row.entry_json)) };
}

export const providerRoutes = [
  route({
    id: 'listPresets',
    method: 'get',
    path: '/api/presets',
    summary: 'Vendor presets with models, context lengths and dated CNY prices',
    tag: 'providers',
    access: 'runs:read',
    response: z.object({ presets: z.array(presetSchema) }),
    async handler() {
      return { presets: listPresets() as Array<z.input<typeof presetSchema>> };
    },
  }),
  route({
    id: 'listProviders',
    method: 'get',
    path: '/api/providers',
    summary: 'Providers configured on this server; secrets only as reference + whether set',
    tag: 'providers',
    access: 'runs:read',
    response: z.object({ providers: z.array(configuredSchema) }),
    async handler({ ctx }) {
      return { providers: (await listServerProviders(ctx.store.db)).map(view) };
    },
  }),
  route({
    id: 'saveProvider',
    method: 'put',
    path: '/api/providers/{id}',
    summary: 'Add or replace a configured provider (a heng.yaml provider entry; keys only as ${env:NAME})',
    tag: 'providers',
    access: 'providers:write',
    params: idParams,
    body: z.object({ entry: z.record(z.string(), z.unknown()) }),
    response: z.object({ provider: configuredSchema }),
    async handler({ ctx, user, params, body }) {
      const entry = parseEntry({ ...body.entry, id: params.id });
      refuseCredentialHeaders(entry, 'entry');
      await saveServerProvider(ctx.store.db, entry, user.name);
      await audit(ctx.store.db, user, 'provider.save', entry.id, { preset: entry.preset ?? null, type: entry.type ?? null, model: entry.model ?? null });
      return { provider: view((await getServerProvider(ctx.store.db, entry.id))!) };
    },
  }),
  route({
    id: 'deleteProvider',
    method: 'delete',
    path: '/api/providers/{id}',
    summary: 'Remove a configured provider (the secret value stays in the secrets file)',
    tag: 'providers',
    access: 'providers:write',
    params: idParams,
    errors: [404],
    response: okSchema,
    async handler({ ctx, user, params }) {
      if (!(await deleteServerProvider(ctx.store.db, params.id))) throw notFound(`provider "${params.id}"`);
      await audit(ctx.store.db, user, 'provider.delete', params.id);
      return { ok: true as const };
    },
  }),
  route({
    id: 'setProviderSecret',
    method: 'put',
    path: '/api/providers/{id}/secret',
    summary: 'Set the value behind a provider\'s ${env:NAME} reference (write-only: never returned)',
    tag: 'providers',
    access: 'providers:write',
    params: idParams,
    body: z.object({ field: z.enum(['apiKey', 'secretKey']).default('apiKey'), value: z.string().min(1).max(8192) }),
    errors: [404],
    response: z.object({ secret: secretStatusSchema }),
    async handler({ ctx, user, params, body }) {
      const row = await getServerProvider(ctx.store.db, params.id);
      if (!row) throw notFound(`provider "${params.id}"`);
      const ref = (JSON.parse(row.entry_json) as Record<string, unknown>)[body.field];
      const variable = typeof ref === 'string' ? refVariable(ref) : undefined;
      if (!variable) throw new ApiError(400, `provider "${params.id}" has no ${body.field} reference`, 'field', `first save the entry with ${body.field}: \${env:NAME}`);
      ctx.secrets.set(variable, body.value);
      // The variable name only: the value is in no log, row or answer.
      await audit(ctx.store.db, user, 'provider.secret', params.id, { field: body.field, variable });
      return { secret: { field: body.field, ref: ref as string, variable, set: true } };
    },
  }),
];
