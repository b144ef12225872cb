// Safety banks (TC260-003 / GB/T 45654-2025): the starter examples and the
// bank files in the server's banks folder, each with its coverage gaps.
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { BANK_TYPES, loadBank, type BankType } from '../../safety/banks.js';
import { checkCoverage, describeGap } from '../../safety/coverage.js';
import { ASPECTS, RISK_CATEGORIES, RISKS } from '../../safety/taxonomy.js';
import { route } from '../route.js';

const STARTER_DIR = fileURLToPath(new URL('../../safety/starter/', import.meta.url));
const BANK_FILE = /\.(jsonl|csv|xlsx)$/i;

/** The bank type a file name states ("…should-not-refuse…" before "…should-refuse…"); test otherwise. */
export function bankTypeOf(file: string): BankType {
  const name = path.basename(file).toLowerCase();
  const byLength = [...BANK_TYPES].sort((a, b) => b.length - a.length);
  return byLength.find((t) => t !== 'test' && name.includes(t)) ?? 'test';
}

async function bankFiles(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir)).filter((f) => BANK_FILE.test(f)).sort();
  } catch {
    return [];
  }
}

const gapSchema = z.looseObject({ kind: z.enum(['size', 'risk', 'aspect', 'stale', 'undated']), description: z.object({ zh: z.string(), en: z.string() }) });

const bankSchema = z.object({
  source: z.enum(['starter', 'local']),
  file: z.string(),
  type: z.enum(BANK_TYPES),
  size: z.number().int(),
  updatedAt: z.string().nullable(),
  contentHash: z.string(),
  unmapped: z.number().int(),
  riskCounts: z.record(z.string(), z.number()),
  aspectCounts: z.record(z.string(), z.number()),
  compliant: z.boolean(),
  gaps: z.array(gapSchema),
});

const labelled = z.object({ id: z.string(), zh: z.string(), en: z.string() });

export const safetyRoutes = [
  route({
    id: 'listBanks',
    method: 'get',
    path: '/api/safety/banks',
    summary: 'Safety banks (starter examples and the banks folder) with coverage against the standard',
    tag: 'safety',
    access: 'runs:read',
    response: z.object({ banksDir: z.string(), banks: z.array(bankSchema) }),
    async handler({ ctx }) {
      const banks: Array<z.input<typeof bankSchema>> = [];
      const sources = [
        { source: 'starter' as const, dir: STARTER_DIR },
        { source: 'local' as const, dir: ctx.settings.banksDir },
      ];
      for (const { source, dir } of sources)
        for (const file of await bankFiles(dir)) {
          const type = bankTypeOf(file);
          const bank = await loadBank(path.join(dir, file), { type });
          const cov = checkCoverage(bank);
          banks.push({
            source,
            file,
            type,
            size: cov.size,
            updatedAt: bank.updatedAt ?? null,
            contentHash: cov.contentHash,
            unmapped: cov.unmapped,
            riskCounts: cov.riskCounts,
            aspectCounts: cov.aspectCounts,
            compliant: cov.compliant,
            gaps: cov.gaps.map((g) => ({ ...g, description: { zh: describeGap(g, 'zh'), en: describeGap(g, 'en') } })),
          });
        }
      return { banksDir: ctx.settings.banksDir, banks };
    },
  }),
  route({
    id: 'safetyTaxonomy',
    method: 'get',
    path: '/api/safety/taxonomy',
    summary: 'The 5 risk categories, 31 risks (Appendix A) and 13 should-not-refuse aspects',
    tag: 'safety',
    access: 'runs:read',
    response: z.object({
      categories: z.array(labelled),
      risks: z.array(labelled.extend({ category: z.string(), item: z.string() })),
      aspects: z.array(labelled.extend({ scope: z.enum(['national', 'personal']) })),
    }),
    async handler() {
      return { categories: [...RISK_CATEGORIES], risks: [...RISKS], aspects: [...ASPECTS] };
    },
  }),
];
