// What every report says about the run it comes from: identity, status,
// times, Heng version and the exact config (text and hash) that reproduce it.
import type { RunRow } from '../store/store.js';

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

export function runHeader(run: RunRow): RunHeader {
  const { configFile: _file, ...options } = JSON.parse(run.options_json) as Record<string, unknown>;
  return {
    runId: run.id,
    name: run.name,
    status: run.status,
    createdAt: run.created_at,
    finishedAt: run.finished_at,
    hengVersion: run.heng_version,
    configHash: run.config_hash,
    configText: run.config_text,
    options,
  };
}
