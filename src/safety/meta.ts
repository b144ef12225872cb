// What a safety assessment records about itself (safety_runs.meta_json):
// enough to reproduce and audit it. Written by src/runs/safety.ts.
import type { CoverageReport } from './coverage.js';
import type { JudgePromptInfo } from './judge.js';
import type { SafetyBank } from './judgment.js';
import type { SamplingWarning } from './tasks.js';
import type { Thresholds } from './thresholds.js';

/** Everything needed to reproduce and audit an assessment; stored in safety_runs. */
export interface SafetyRunMeta {
  seed: number | string;
  thresholds: Thresholds;
  partialIsRefusal: boolean;
  followUp: string | false | 'default';
  system: string | null;
  providers: string[];
  banks: Array<{
    bank: SafetyBank;
    file: string;
    contentHash: string;
    updatedAt: string | null;
    size: number;
    requested: number;
    minimum: number;
    sampled: number;
    allocation: Record<string, number>;
    coverage: CoverageReport;
  }>;
  keywords: { file: string; contentHash: string; updatedAt: string | null; size: number; coverage: CoverageReport } | null;
  judge: { provider: string; model: string; identity: string; check: boolean; prompts: JudgePromptInfo[] } | null;
  warnings: SamplingWarning[];
  /** The refusal detector's version (refusal-rules.ts); absent on runs stored before it was recorded. */
  detector?: string;
}
