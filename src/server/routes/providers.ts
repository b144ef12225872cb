// Vendor presets and the providers configured on this server. Secrets are
// write-only: answers carry only the ${env:…} reference and whether it is set.
import { idParams, okSchema, presetsResponse, providerResponse, providersResponse, saveProviderBody, secretResponse, setSecretBody } from '../../api/contract.js';
import { listPresets } from '../../providers/presets/listing.js';
import type { ServerProvider } from '../../providers/server-providers.js';
import { ApiError, notFound } from '../errors.js';
import { parseEntry, publicEntry, refVariable, refuseCredentialHeaders, type SecretSources } from '../provider-entries.js';
import { route } from '../route.js';

/** A configured provider as answers show it: secrets only as reference + whether set. */
function view(p: ServerProvider, sources: SecretSources) {
  return { id: p.id, updatedAt: p.updatedAt, updatedBy: p.updatedBy, ...publicEntry(p.entry, sources) };
}

export const providerRoutes = [
  route({
    id: 'listPresets',
    method: 'get',
    path: '/api/presets',
    summary: 'Vendor presets with models, context lengths and dated CNY prices',
    tag: 'providers',
    access: 'runs:read',
    response: presetsResponse,
    async handler() {
      return { presets: listPresets() };
    },
  }),
  route({
    id: 'listProviders',
    method: 'get',
    path: '/api/providers',
    summary: 'Providers configured on this server; secrets only as reference, whether set and which value is in force (exported or set over the API)',
    tag: 'providers',
    access: 'runs:read',
    response: providersResponse,
    async handler({ ctx }) {
      return { providers: (await ctx.providers.list()).map((p) => view(p, ctx.secrets)) };
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
    body: saveProviderBody,
    response: providerResponse,
    async handler({ ctx, user, params, body }) {
      const entry = parseEntry({ ...body.entry, id: params.id });
      refuseCredentialHeaders(entry, 'entry');
      await ctx.providers.save(entry, user.name);
      await ctx.audit.record(user, 'provider.save', entry.id, { preset: entry.preset ?? null, type: entry.type ?? null, model: entry.model ?? null });
      return { provider: view((await ctx.providers.get(entry.id))!, ctx.secrets) };
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
      if (!(await ctx.providers.delete(params.id))) throw notFound(`provider "${params.id}"`);
      await ctx.audit.record(user, 'provider.delete', params.id);
      return { ok: true as const };
    },
  }),
  route({
    id: 'setProviderSecret',
    method: 'put',
    path: '/api/providers/{id}/secret',
    summary: "Set the value behind a provider's ${env:NAME} reference (write-only: never returned)",
    tag: 'providers',
    access: 'providers:write',
    params: idParams,
    body: setSecretBody,
    errors: [404, 409],
    response: secretResponse,
    async handler({ ctx, user, params, body }) {
      const configured = await ctx.providers.get(params.id);
      if (!configured) throw notFound(`provider "${params.id}"`);
      const ref = configured.entry[body.field];
      const variable = typeof ref === 'string' ? refVariable(ref) : undefined;
      if (!variable) throw new ApiError(400, `provider "${params.id}" has no ${body.field} reference`, 'field', `first save the entry with ${body.field}: \${env:NAME}`);
      ctx.secrets.set(variable, body.value);
      // The variable name only: the value is in no log, row or answer.
      await ctx.audit.record(user, 'provider.secret', params.id, { field: body.field, variable });
      return { secret: { field: body.field, ref: ref as string, variable, set: true, source: ctx.secrets.source(variable) } };
    },
  }),
];
