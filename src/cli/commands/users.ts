// heng users add|list|set, heng tokens create: accounts for `heng serve`,
// managed on the server machine (also the way to make the first admin).
import type { Command } from 'commander';
import { Accounts } from '../../auth/accounts.js';
import { AuditLog } from '../../auth/audit.js';
import type { Store } from '../../store/store.js';
import { ROLES } from '../../auth/roles.js';
import { InputError } from '../../errors.js';
import { dbOption, printJson, withStore } from '../common.js';

/** From $VAR (--password-env) or the first line of stdin; never from argv, which other users can see. */
async function readPassword(envVar: string | undefined): Promise<string> {
  if (envVar) {
    const value = process.env[envVar];
    if (!value) throw new InputError(`environment variable ${envVar} is not set`, { field: '--password-env' });
    return value;
  }
  if (process.stdin.isTTY) process.stderr.write('password (then Enter, Ctrl-D): ');
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  const line = Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0];
  if (!line) throw new InputError('no password on stdin', { field: 'password' }, 'pipe it in, e.g. heng users add NAME --role viewer < password.txt, or use --password-env VAR');
  return line;
}

/** The CLI acts as the machine's operator: audit rows name "cli". */
const CLI = { id: 'cli', name: 'cli' };

const repos = (store: Store) => ({ accounts: new Accounts(store), audit: new AuditLog(store) });

export function register(program: Command) {
  const users = program.command('users').description('accounts for heng serve');
  users
    .command('add')
    .description('add an account; the password comes from stdin or --password-env')
    .argument('<name>', 'user name')
    .requiredOption('--role <role>', ROLES.join('|'))
    .option('--password-env <var>', 'read the password from this environment variable')
    .option('--json', 'machine-readable output')
    .addOption(dbOption())
    .action(async (name: string, opts) => {
      const password = await readPassword(opts.passwordEnv);
      await withStore(opts.db, async (store) => {
        const { accounts, audit } = repos(store);
        const user = await accounts.create(name, opts.role, password);
        await audit.record(CLI, 'user.create', user.name, { role: user.role });
        if (opts.json) printJson({ user });
        else process.stdout.write(`added ${user.name} (${user.role})\n`);
      });
    });
  users
    .command('list')
    .description('list accounts')
    .option('--json', 'machine-readable output')
    .addOption(dbOption())
    .action(async (opts) => {
      await withStore(opts.db, async (store) => {
        const list = await new Accounts(store).list();
        if (opts.json) return printJson({ users: list });
        if (!list.length) return void process.stdout.write('no accounts: heng users add NAME --role admin\n');
        for (const u of list) process.stdout.write(`${u.name.padEnd(24)} ${u.role.padEnd(10)} ${u.disabled ? 'disabled' : ''}\n`);
      });
    });
  users
    .command('set')
    .description("change a user's role, password (--password-env or --password-stdin) or disabled state")
    .argument('<name>', 'user name')
    .option('--role <role>', ROLES.join('|'))
    .option('--password-env <var>', 'new password from this environment variable')
    .option('--password-stdin', 'new password from stdin')
    .option('--disable', 'disable the account (ends its sessions)')
    .option('--enable', 'enable the account')
    .addOption(dbOption())
    .action(async (name: string, opts) => {
      const password = opts.passwordEnv || opts.passwordStdin ? await readPassword(opts.passwordEnv) : undefined;
      await withStore(opts.db, async (store) => {
        const { accounts, audit } = repos(store);
        const user = await accounts.byName(name);
        if (!user) throw new InputError(`no user "${name}"`, { field: 'name' }, 'list them with "heng users list"');
        const change = { role: opts.role, password, disabled: opts.disable ? true : opts.enable ? false : undefined };
        const updated = await accounts.update(user.id, change);
        await audit.record(CLI, 'user.update', updated.name, { fields: Object.keys(change).filter((k) => change[k as keyof typeof change] !== undefined) });
        process.stdout.write(`${updated.name}: ${updated.role}${updated.disabled ? ', disabled' : ''}\n`);
      });
    });

  program
    .command('tokens')
    .description('API tokens for heng serve')
    .command('create')
    .description('create an API token for a user; it is printed once')
    .argument('<user>', 'user name')
    .option('--name <label>', 'what the token is for', 'cli')
    .option('--json', 'machine-readable output')
    .addOption(dbOption())
    .action(async (name: string, opts) => {
      await withStore(opts.db, async (store) => {
        const { accounts, audit } = repos(store);
        const user = await accounts.byName(name);
        if (!user) throw new InputError(`no user "${name}"`, { field: 'user' }, 'list them with "heng users list"');
        const { token, info } = await accounts.createToken(user.id, opts.name);
        await audit.record(CLI, 'token.create', info.id, { user: user.name, name: opts.name });
        if (opts.json) printJson({ token, info });
        else process.stdout.write(`${token}\n`);
        process.stderr.write(`token for ${user.name} (${user.role}); it is not stored and will not be shown again\n`);
      });
    });
}
