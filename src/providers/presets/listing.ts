// The preset catalogue as `heng providers list` and GET /api/providers/presets
// show it: one listing, so the CLI and the server cannot drift apart.
import type { Price } from '../config.js';
import { PRICES } from '../prices.js';
import { presets } from './index.js';

export interface PresetListing {
  id: string;
  name: { zh: string; en: string };
  baseUrl?: string;
  docs: string;
  keyless: boolean;
  contentFilter: { codes: string[]; finishReasons: string[] };
  models: Array<{ model: string; contextLength?: number; price?: Price }>;
}

export function listPresets(): PresetListing[] {
  return Object.entries(presets).map(([id, p]) => {
    const names = new Set([...Object.keys(p.models), ...Object.keys(PRICES[id] ?? {})]);
    return {
      id,
      name: p.name,
      ...(p.baseUrl ? { baseUrl: p.baseUrl } : {}),
      docs: p.docs,
      keyless: p.keyless ?? false,
      contentFilter: { codes: (p.contentFilter.codes ?? []).map(String), finishReasons: p.contentFilter.finishReasons ?? [] },
      models: [...names].map((model) => ({ model, contextLength: p.models[model]?.contextLength, price: PRICES[id]?.[model] })),
    };
  });
}
