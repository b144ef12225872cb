// `heng plan`: how many items a task needs to tell two providers apart.
import type { Command } from 'commander';
import { InputError } from '../../errors.js';
import { sampleSizePaired, sampleSizeUnpaired } from '../../stats/sample-size.js';

interface PlanOptions {
  p1?: string;
  p2?: string;
  paired?: boolean;
  discordance?: string;
  alpha: string;
  power: string;
  json?: boolean;
}

/** A number strictly between 0 and 1 (or in [0, 1] when `closed`). */
function parseProbability(text: string | undefined, field: string, closed = false): number {
  if (text === undefined) throw new InputError('is required', { field });
  const value = Number(text);
  const ok = closed ? value >= 0 && value <= 1 : value > 0 && value < 1;
  if (text.trim() === '' || !ok) throw new InputError(`expected a number in ${closed ? '[0, 1]' : '(0, 1)'}, got "${text}"`, { field });
  return value;
}

export function register(program: Command): void {
  program
    .command('plan')
    .description('items needed to detect an accuracy difference between two providers')
    .option('--p1 <p>', 'expected accuracy of provider 1, e.g. 0.80')
    .option('--p2 <p>', 'expected accuracy of provider 2, e.g. 0.85')
    .option('--paired', 'both providers answer the same items (McNemar); needs --discordance')
    .option('--discordance <rate>', 'expected share of items exactly one provider gets right')
    .option('--alpha <a>', 'two-sided significance level', '0.05')
    .option('--power <p>', 'chance of detecting a real difference', '0.8')
    .option('--json', 'print JSON')
    .action((options: PlanOptions) => {
      const p1 = parseProbability(options.p1, '--p1', true);
      const p2 = parseProbability(options.p2, '--p2', true);
      const alpha = parseProbability(options.alpha, '--alpha');
      const power = parseProbability(options.power, '--power');
      if (p1 === p2) throw new InputError('--p1 and --p2 are equal: no number of items can tell them apart', { field: '--p2' });
      let items: number;
      let discordance: number | undefined;
      if (options.paired) {
        if (options.discordance === undefined) throw new InputError('is required with --paired', { field: '--discordance' }, 'the share of items exactly one provider answers correctly, e.g. 0.2');
        discordance = parseProbability(options.discordance, '--discordance');
        if (discordance < Math.abs(p2 - p1)) {
          throw new InputError(`must be at least |p2 − p1| = ${Math.abs(p2 - p1).toFixed(4)}`, { field: '--discordance' }, 'accuracy can only differ on items where the providers disagree');
        }
        items = sampleSizePaired(p1, p2, discordance, { alpha, power });
      } else {
        if (options.discordance !== undefined) throw new InputError('only applies with --paired', { field: '--discordance' });
        items = sampleSizeUnpaired(p1, p2, { alpha, power });
      }
      const design = options.paired ? 'paired' : 'unpaired';
      if (options.json) {
        process.stdout.write(JSON.stringify({ design, p1, p2, ...(discordance !== undefined ? { discordance } : {}), alpha, power, items }) + '\n');
        return;
      }
      const test = options.paired ? `paired McNemar test, discordance ${discordance}` : 'unpaired two-proportion test';
      process.stdout.write(`Items needed: ${items} per provider\n  to tell accuracy ${p1} from ${p2} (${test}, α = ${alpha} two-sided, power ${power})\n`);
    });
}
