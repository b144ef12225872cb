// Safety banks (TC260-003 / GB/T 45654-2025): the starter examples and the
// bank files in the server's banks folder, each with its coverage gaps.
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { banksResponse, taxonomySchema, type Bank } from '../../api/contract.js';
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

export const safetyRoutes = [
  route({
    id: 'listBanks',
    method: 'get',
    path: '/api/safety/banks',
    summary: 'Safety banks (starter examples and the banks folder) with coverage against the standard',
    tag: 'safety',
    access: 'runs:read',
    response: banksResponse,
    async handler({ ctx }) {
      const banks: Bank[] = [];
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
    response: taxonomySchema,
    async handler() {
      return { categories: [...RISK_CATEGORIES], risks: [...RISKS], aspects: [...ASPECTS] };
    },
  }),
];
