// The list of CLI commands. One module per command (or command group).
import type { Command } from 'commander';
import { register as cancel } from './cancel.js';
import { register as compare } from './compare.js';
import { register as datasets } from './datasets.js';
import { register as demo } from './demo.js';
import { register as load } from './load.js';
import { register as migrate } from './migrate.js';
import { register as plan } from './plan.js';
import { register as providers } from './providers.js';
import { register as report } from './report.js';
import { register as run } from './run.js';
import { register as runs } from './runs.js';
import { register as safety } from './safety.js';
import { register as serve } from './serve.js';
import { register as stats } from './stats.js';
import { register as tasks } from './tasks.js';
import { register as users } from './users.js';
import { register as worker } from './worker.js';
import { register as judge } from './judge.js';
import { register as arena } from './arena.js';

export const commands: Array<(program: Command) => void> = [run, runs, report, compare, demo, providers, stats, plan, safety, worker, migrate, cancel, judge, arena, serve, users, datasets, tasks, load];
