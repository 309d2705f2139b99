/** `kafka-cli user list|create|delete`: SCRAM users (like kafka-configs --entity-type users --alter --add-config SCRAM-...). */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import type { Ctx } from '../../cli/context.js';
import { KafkaError, UsageError } from '../../core/errors.js';
import { collect, oneOf, parseIntArg } from '../../core/parse.js';
import { canPrompt, confirm, promptPassword } from '../../cli/prompt.js';
import { outputOption, TABLE_JSON, type TableOrJson } from '../../cli/output-option.js';
import { asJson, note, printView } from '../../cli/view.js';
import { renderScramUsers, scramUsersJson } from '../../format/admin/scram-users.js';
import { DEFAULT_ITERATIONS, MECHANISMS, type ScramMechanism } from '../../kafka/admin/scram-types.js';

/** One user created or deleted: the same view as a list of one. */
const USER_VIEW = { json: asJson(scramUsersJson), table: renderScramUsers };

const JSON_SHAPE = 'JSON: [{"name", "credentials": [{"mechanism": "scram-sha-256" | "scram-sha-512", "iterations"}]}]';

function mechanisms(list: string[]): ScramMechanism[] | undefined {
  return list.length ? [...new Set(list.map((m) => oneOf<ScramMechanism>(m, MECHANISMS, '--mechanism')))] : undefined;
}

/** The new password: a file, an environment variable, or a prompt (typed twice); never an argument. */
async function newPassword(ctx: Ctx, name: string, o: { passwordFile?: string; passwordEnv?: string }): Promise<string> {
  if (o.passwordFile !== undefined && o.passwordEnv !== undefined) throw new UsageError('give --password-file or --password-env, not both');
  let pw: string | undefined;
  if (o.passwordFile !== undefined) {
    try {
      pw = readFileSync(resolve(ctx.io.cwd, o.passwordFile), 'utf8').replace(/\r?\n$/, '');
    } catch (e) {
      throw new UsageError(`cannot read --password-file '${o.passwordFile}': ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
  } else if (o.passwordEnv !== undefined) {
    pw = ctx.io.env[o.passwordEnv];
    if (pw === undefined) throw new UsageError(`--password-env ${o.passwordEnv}: the environment variable is not set`);
  } else {
    if (!canPrompt(ctx.io)) throw new UsageError(`no password for '${name}': use --password-file or --password-env, or run on a terminal to be asked`);
    pw = await promptPassword(ctx.io, `New password for ${name}: `);
    if ((await promptPassword(ctx.io, 'Again: ')) !== pw) throw new UsageError('the passwords differ: nothing was changed');
  }
  if (!pw) throw new UsageError(`empty password for '${name}'`);
  return pw;
}

export function registerUser(program: Command, ctx: Ctx): void {
  const user = program
    .command('user')
    .description('list, create and delete SCRAM users (SCRAM-SHA-256/512 credentials stored in the cluster)')
    .addHelpText('after', '\nExamples:\n  kafka-cli user list\n  kafka-cli user create alice                      # asks for the password\n  kafka-cli user delete alice --yes');

  user
    .command('list')
    .description('list SCRAM users and their mechanisms')
    .argument('[name...]', 'only these users')
    .addOption(outputOption(TABLE_JSON, 'table'))
    .addHelpText('after', `\nExamples:\n  kafka-cli user list\n  kafka-cli user list alice -o json\n\n${JSON_SHAPE}`)
    .action(async (names: string[], opts: { output: TableOrJson }) => {
      const format = opts.output;
      const { listScramUsers } = await import('../../kafka/admin/scram-users.js');
      const users = await listScramUsers(await ctx.client(), names.length ? names : undefined);
      await printView(ctx.io, format, users, { json: asJson(scramUsersJson), table: (u, c) => (u.length ? renderScramUsers(u, c) : note('no SCRAM users\n')) });
    });

  user
    .command('create')
    .description("create a SCRAM user, or set a user's password again")
    .argument('<name>', 'user name')
    .option('--mechanism <m>', 'scram-sha-256 or scram-sha-512 (repeatable; default both)', collect, [])
    .option('--iterations <n>', `PBKDF2 iterations (4096 to 16384)`, String(DEFAULT_ITERATIONS))
    .option('--password-file <file>', 'read the password from this file (first line)')
    .option('--password-env <var>', 'read the password from this environment variable')
    .addOption(outputOption(TABLE_JSON, 'table'))
    .addHelpText(
      'after',
      `\nThe password is asked on a terminal (twice), or read from a file or an environment variable;\nit is never a command-line argument (visible in ps and shell history).\n\nExamples:\n  kafka-cli user create alice\n  kafka-cli user create etl --password-file etl.pw --mechanism scram-sha-512\n  NEW_PW=... kafka-cli user create ci --password-env NEW_PW\n\n${JSON_SHAPE}`,
    )
    .action(async (name: string, opts: { mechanism: string[]; iterations: string; passwordFile?: string; passwordEnv?: string; output: TableOrJson }) => {
      const format = opts.output;
      if (!name.trim()) throw new UsageError('the user name is empty');
      const iterations = parseIntArg(opts.iterations, '--iterations', 4096, 16384);
      const mechs = mechanisms(opts.mechanism) ?? [...MECHANISMS];
      const password = await newPassword(ctx, name, opts);
      const { upsertScramUser } = await import('../../kafka/admin/scram-users.js');
      const u = await upsertScramUser(await ctx.client(), name, password, mechs, iterations);
      await printView(ctx.io, format, [u], USER_VIEW);
      ctx.io.stderr.write(`user '${name}' can now authenticate with ${mechs.map((m) => m.toUpperCase()).join(' and ')}\n`);
    });

  user
    .command('delete')
    .description("delete a SCRAM user's credentials (all mechanisms, or --mechanism)")
    .argument('<name>', 'user name')
    .option('--mechanism <m>', 'only this mechanism (repeatable)', collect, [])
    .option('-y, --yes', 'do not ask for confirmation')
    .addOption(outputOption(TABLE_JSON, 'table'))
    .addHelpText('after', `\nExamples:\n  kafka-cli user delete alice\n  kafka-cli user delete alice --mechanism scram-sha-512 --yes\n\n${JSON_SHAPE} (the credentials deleted)`)
    .action(async (name: string, opts: { mechanism: string[]; yes?: boolean; output: TableOrJson }) => {
      const format = opts.output;
      const mechs = mechanisms(opts.mechanism);
      if (!opts.yes && !canPrompt(ctx.io)) throw new UsageError('refusing to delete a user without confirmation: no terminal to ask on; pass --yes');
      if (!opts.yes && !(await confirm(ctx.io, `Delete the ${mechs ? mechs.join('/') : 'SCRAM'} credentials of user '${name}'?`))) throw new KafkaError('not confirmed: nothing was deleted');
      const { deleteScramUser } = await import('../../kafka/admin/scram-users.js');
      const u = await deleteScramUser(await ctx.client(), name, mechs);
      await printView(ctx.io, format, [u], USER_VIEW);
      ctx.io.stderr.write(`deleted ${u.credentials.length} credential${u.credentials.length === 1 ? '' : 's'} of '${name}'\n`);
    });
}
