// `heng` command line. Each command lives in ./commands/<name>.ts and
// exports `register(program)`; this file only wires them together.
import { Command } from 'commander';
import { InputError } from '../errors.js';
import { CommitUnknownError, StoreUnavailableError } from '../store/retry.js';
import { VERSION } from '../version.js';
import { registerCommands } from './commands/index.js';

const program = new Command('heng').description('Heng (衡): evaluate and compare large language models for procurement').version(VERSION);
await registerCommands(program, process.argv);

try {
  await program.parseAsync(process.argv);
} catch (err) {
  if (err instanceof InputError) {
    process.stderr.write(`heng: ${err.message}\n`);
    process.exit(2);
  }
  // The database stayed away past HENG_STORE_RETRY_SECONDS: the message says so, no stack needed.
  if (err instanceof StoreUnavailableError || err instanceof CommitUnknownError) {
    process.stderr.write(`heng: ${err.message}\n`);
    process.exit(1);
  }
  throw err;
}
