// heng migrate [--db url]: bring the store's schema up to date and list the
// migrations, so an operator can migrate Postgres once before starting workers.
import { Command } from 'commander';
import { listMigrations, migrateToLatest } from '../../store/migrations.js';
import { dbUrl, openDatabase } from '../../store/open.js';
import { dbOption, printJson } from '../common.js';

export function register(program: Command) {
  program
    .command('migrate')
    .description('apply pending schema migrations to the store and list them')
    .option('--json', 'machine-readable output')
    .addOption(dbOption())
    .action(async (opts) => {
      const { db, dialect } = await openDatabase(dbUrl(opts.db));
      try {
        const applied = await migrateToLatest(db, dialect);
        const migrations = await listMigrations(db, dialect);
        if (opts.json) return printJson({ dialect, applied, migrations });
        process.stdout.write(applied.length ? `applied: ${applied.join(', ')}\n` : 'schema is up to date\n');
        for (const m of migrations) process.stdout.write(`  ${m.name}  ${m.executedAt ?? 'pending'}\n`);
      } finally {
        await db.destroy();
      }
    });
}
