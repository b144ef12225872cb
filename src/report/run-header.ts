// What every report says about the run it comes from: identity, status,
// times, Heng version and the exact config (text and hash) that reproduce it.
import type { Run } from '../store/store.js';

export interface RunHeader {
  runId: string;
  name: string | null;
  status: string;
  createdAt: string;
  finishedAt: string | null;
  hengVersion: string;
  configHash: string;
  configText: string;
  /** The run options; the config file's local path is left out (configText reproduces the run). */
  options: Record<string, unknown>;
}

export function runHeader(run: Run): RunHeader {
  const { configFile: _file, ...options } = run.options;
  return {
    runId: run.id,
    name: run.name,
    status: run.status,
    createdAt: run.createdAt,
    finishedAt: run.finishedAt,
    hengVersion: run.hengVersion,
    configHash: run.configHash,
    configText: run.configText,
    options,
  };
}
