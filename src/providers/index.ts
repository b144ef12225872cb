// Provider registry: a config entry (type or preset) → a Provider with its
// concurrency, rate limit and price. The one place that knows every type.
import { InputError } from '../errors.js';
import { closest, resolveSecret, type LoadedConfig } from '../config/load.js';
import type { ProviderEntry } from '../config/schema.js';
import type { EngineProvider, Provider } from '../types.js';
import type { Price, ProviderConfig } from './config.js';
import { createLocalProvider } from './local.js';
import { createOpenAICompatible } from './openai-compatible.js';
import { createFromPreset, presets, resolvePreset } from './presets/index.js';
import { costCny, priceFor } from './prices.js';
import { createReplayProvider } from './replay.js';
import { scrubbed } from './scrub.js';

export const PROVIDER_TYPES = ['openai-compatible', 'replay', 'local'] as const;

export interface ProviderSetup extends EngineProvider {
  entry: ProviderEntry;
  price?: Price;
  label?: string;
}

export interface SetupContext {
  baseDir: string;
  file: string;
  lineOf?: LoadedConfig['lineOf'];
  defaultConcurrency: number;
}

export async function setupProvider(entry: ProviderEntry, index: number, ctx: SetupContext): Promise<ProviderSetup> {
  const where = (field: string) => ({ file: ctx.file, line: ctx.lineOf?.(['providers', index, field]) ?? ctx.lineOf?.(['providers', index]), field: `providers.${index}.${field}` });
  const provider = await createProvider(entry, ctx, where);
  const price = priceFor(entry.preset ?? entry.type ?? '', provider.model, entry.price as Price | undefined);
  const local = entry.type === 'local';
  return {
    entry,
    provider,
    price,
    label: entry.label,
    concurrency: local ? 1 : (entry.concurrency ?? ctx.defaultConcurrency),
    rateLimit: entry.rateLimit,
    cost: (r) => (r.usage ? costCny(r.usage, price) : undefined),
  };
}

async function createProvider(entry: ProviderEntry, ctx: SetupContext, where: (f: string) => { file: string; line?: number; field: string }): Promise<Provider> {
  if (entry.preset) {
    if (!presets[entry.preset]) {
      const near = closest(entry.preset, Object.keys(presets));
      throw new InputError(`unknown preset "${entry.preset}"`, where('preset'), near ? `did you mean "${near}"?` : `run "heng providers" to list presets`);
    }
    const config = resolvePreset(withSecrets(entry, where));
    if (!config.baseUrl && !presets[entry.preset].url)
      throw new InputError(`preset "${entry.preset}" needs "baseUrl"`, where('baseUrl'), 'the address of your deployment, e.g. http://127.0.0.1:8000/v1');
    if (!config.model) throw new InputError('missing required field "model"', where('model'));
    try {
      return createFromPreset(config);
    } catch (err) {
      // A native preset names the missing field (secretKey, appId…); add the file and line.
      if (err instanceof InputError && !err.place.file && err.place.field) throw new InputError(err.problem, where(err.place.field), err.hint);
      throw err;
    }
  }
  switch (entry.type) {
    case 'openai-compatible':
      if (!entry.baseUrl) throw new InputError('missing required field "baseUrl"', where('baseUrl'), 'e.g. http://127.0.0.1:8000/v1');
      if (!entry.model) throw new InputError('missing required field "model"', where('model'));
      {
        const config = withSecrets(entry, where);
        return scrubbed(createOpenAICompatible(config), [config.apiKey, config.secretKey]);
      }
    case 'replay':
      return createReplayProvider(entry, ctx.baseDir);
    case 'local':
      return createLocalProvider(entry as { id: string; path?: string }, ctx.baseDir);
    default: {
      const near = closest(entry.type ?? '', [...PROVIDER_TYPES]);
      throw new InputError(`unknown provider type "${entry.type}"`, where('type'), near ? `did you mean "${near}"?` : `use one of ${PROVIDER_TYPES.join(', ')} or a "preset"`);
    }
  }
}

/** Resolve ${env:…} references only here, in memory; the stored config keeps the reference. */
function withSecrets(entry: ProviderEntry, where: (f: string) => { file: string; line?: number; field: string }): ProviderConfig {
  return {
    ...(entry as ProviderConfig),
    model: entry.model ?? '',
    apiKey: resolveSecret(entry.apiKey, where('apiKey')),
    secretKey: resolveSecret(entry.secretKey as string | undefined, where('secretKey')),
  };
}
