/** `quota list|set|delete`: client quotas (kafka-configs --entity-type users|clients|ips). */
import type { Command } from 'commander';
import type { Ctx } from '../../cli/context.js';
import { UsageError } from '../../core/errors.js';
import { outputOption, TABLE_JSON, type TableOrJson } from '../../cli/output-option.js';
import { asJson, note, printView } from '../../cli/view.js';
import { quotasJson, renderQuotas } from '../../format/admin/quotas.js';
import type { QuotaEntityPart, QuotaKey } from '../../kafka/admin/quotas.js';

interface EntityFlags {
  user?: string;
  client?: string;
  ip?: string;
  defaultUser?: boolean;
  defaultClient?: boolean;
  defaultIp?: boolean;
}
type Opts = EntityFlags & { output: TableOrJson; execute?: boolean; producerByteRate?: string; consumerByteRate?: string; requestPercentage?: string; connectionCreationRate?: string };

const RATES: Array<[keyof Opts, QuotaKey, string]> = [
  ['producerByteRate', 'producer_byte_rate', '--producer-byte-rate'],
  ['consumerByteRate', 'consumer_byte_rate', '--consumer-byte-rate'],
  ['requestPercentage', 'request_percentage', '--request-percentage'],
  ['connectionCreationRate', 'connection_creation_rate', '--connection-creation-rate'],
];

/** The entity of the flags: --user alice, --default-user (the default entity, Apache's `<default>`), ... */
export function parseEntity(o: EntityFlags): QuotaEntityPart[] {
  const out: QuotaEntityPart[] = [];
  const one = (type: QuotaEntityPart['type'], name: string | undefined, dflt: boolean | undefined, flag: string) => {
    if (name !== undefined && dflt) throw new UsageError(`use either --${flag} or --default-${flag}, not both`);
    if (name !== undefined && name === '') throw new UsageError(`--${flag} is empty (the default entity is --default-${flag})`);
    if (name !== undefined || dflt) out.push({ type, name: name ?? null });
  };
  one('user', o.user, o.defaultUser, 'user');
  one('client-id', o.client, o.defaultClient, 'client');
  one('ip', o.ip, o.defaultIp, 'ip');
  if (out.some((p) => p.type === 'ip') && out.length > 1) throw new UsageError('an --ip quota stands alone: not with --user or --client');
  return out;
}

function entityFlags(c: Command): Command {
  return c
    .option('--user <name>', 'a user (principal name)')
    .option('--client <id>', 'a client id (--client, since --client-id is the global option naming kafka-cli itself)')
    .option('--ip <address>', 'an IP address (connection-creation-rate only)')
    .option('--default-user', 'the default user quota (Apache: --entity-default / <default>)')
    .option('--default-client', 'the default client-id quota')
    .option('--default-ip', 'the default IP quota');
}

const JSON_SHAPE = 'JSON: [{"entity": {"user"?, "client-id"?, "ip"?: string|null (null: the default)}, "quotas": {"<key>": number|null}}]';

export function registerQuota(program: Command, ctx: Ctx): void {
  const quota = program.command('quota').description('client quotas of users, client ids and IPs (list, set, delete)');
  entityFlags(quota.command('list').description('list quotas (all, or those matching the entity flags)'))
    .addOption(outputOption(TABLE_JSON, 'table'))
    .addHelpText('after', `\nExamples:\n  kafka-cli quota list\n  kafka-cli quota list --user alice -o json\n\n${JSON_SHAPE}`)
    .action(async (opts: Opts) => {
      const { listQuotas } = await import('../../kafka/admin/quotas.js');
      const entries = await listQuotas(await ctx.client(), parseEntity(opts));
      await printView(ctx.io, opts.output, entries, { json: asJson(quotasJson), table: (e, c) => (e.length ? renderQuotas(e, c) : note('no quotas\n')) });
    });
  const set = entityFlags(quota.command('set').description('set quotas of one entity: a dry run (validated by the broker) unless --execute'));
  for (const [, key, flag] of RATES) set.option(`${flag} <n>`, key);
  set.option('--execute', 'apply the change (without it the broker only validates it)').addOption(outputOption(TABLE_JSON, 'table'))
    .addHelpText('after', `\nExamples:\n  kafka-cli quota set --user alice --producer-byte-rate 1048576 --execute\n  kafka-cli quota set --default-client --request-percentage 50\n\n${JSON_SHAPE}`)
    .action(async (opts: Opts) => {
      const ops = RATES.filter(([o]) => opts[o] !== undefined).map(([o, key, flag]) => {
        const v = Number(opts[o]);
        if (!Number.isFinite(v) || v <= 0) throw new UsageError(`invalid ${flag} '${String(opts[o])}': expected a positive number`);
        return { key, value: v };
      });
      await alter(ctx, opts, ops);
    });
  const del = entityFlags(quota.command('delete').description('remove quotas of one entity: a dry run unless --execute'));
  for (const [, key, flag] of RATES) del.option(flag, `remove ${key}`);
  del.option('--execute', 'apply the change').addOption(outputOption(TABLE_JSON, 'table'))
    .addHelpText('after', `\nExamples:\n  kafka-cli quota delete --user alice --producer-byte-rate --execute\n\n${JSON_SHAPE} (removed keys: null)`)
    .action(async (opts: Opts) => alter(ctx, opts, RATES.filter(([o]) => opts[o] !== undefined).map(([, key]) => ({ key, value: null }))));
}

async function alter(ctx: Ctx, opts: Opts, ops: Array<{ key: QuotaKey; value: number | null }>): Promise<void> {
  const entity = parseEntity(opts);
  if (entity.length === 0) throw new UsageError('name the entity: --user, --client or --ip (or --default-user, --default-client, --default-ip)');
  if (ops.length === 0) throw new UsageError('name a quota: --producer-byte-rate, --consumer-byte-rate, --request-percentage or --connection-creation-rate');
  const { alterQuotas } = await import('../../kafka/admin/quotas.js');
  const done = await alterQuotas(await ctx.client(), entity, ops, opts.execute === true);
  await printView(ctx.io, opts.output, [done], { json: asJson(quotasJson), table: renderQuotas });
  ctx.io.stderr.write(opts.execute ? 'Quotas changed.\n' : 'Dry run: validated by the broker, nothing changed. Add --execute to apply.\n');
}
