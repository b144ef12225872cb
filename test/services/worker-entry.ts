// Runs `heng worker …` / `heng cancel …` / `heng migrate …` as a child process in
// tests and benchmarks, without depending on the CLI's command list.
import { Command } from 'commander';
import { register as cancel } from '../../src/cli/commands/cancel.js';
import { register as migrate } from '../../src/cli/commands/migrate.js';
import { register as worker } from '../../src/cli/commands/worker.js';
import { InputError } from '../../src/errors.js';

const program = new Command('heng');
for (const register of [worker, cancel, migrate]) register(program);
try {
  await program.parseAsync(process.argv);
} catch (err) {
  if (err instanceof InputError) {
    process.stderr.write(`heng: ${err.message}\n`);
    process.exit(2);
  }
  throw err;
}
