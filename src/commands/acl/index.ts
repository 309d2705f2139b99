/** `kafka-cli acl list|create|delete`: access control lists, like kafka-acls. */
import type { Command } from 'commander';
import type { Ctx } from '../../cli/context.js';
import { KafkaError, UsageError } from '../../core/errors.js';
import { canPrompt, confirm } from '../../cli/prompt.js';
import { aclCount, aclsJson, renderAclTable } from '../../format/admin/acls.js';
import { chalkFor } from '../../format/output.js';
import { outputOption, TABLE_JSON, type TableOrJson } from '../../cli/output-option.js';
import { asJson, note, printView } from '../../cli/view.js';
import { aclBindings, aclFilters, addAclFlags, type AclFlags } from './options.js';

const JSON_SHAPE = 'JSON: [{"principal", "host", "operation", "permission", "resourceType", "resourceName", "patternType"}]';

type Opts = AclFlags & { output: TableOrJson; yes?: boolean };

export function registerAcl(program: Command, ctx: Ctx): void {
  const acl = program
    .command('acl')
    .description('list, create and delete ACLs (needs an authorizer on the brokers, e.g. StandardAuthorizer)')
    .addHelpText(
      'after',
      '\nExamples:\n  kafka-cli acl list --topic orders\n  kafka-cli acl create --principal User:alice --operation read --operation describe --topic orders\n  kafka-cli acl delete --principal User:alice --topic orders --yes',
    );

  addAclFlags(acl.command('list').description('list the ACLs matching the flags (all without flags)'), false)
    .addOption(outputOption(TABLE_JSON, 'table'))
    .addHelpText('after', `\nExamples:\n  kafka-cli acl list\n  kafka-cli acl list --principal User:alice -o json\n\n${JSON_SHAPE}`)
    .action(async (opts: Opts) => {
      const format = opts.output;
      const filters = aclFilters(opts);
      const { listAcls } = await import('../../kafka/admin/acls.js');
      const client = await ctx.client();
      const found = (await Promise.all(filters.map((f) => listAcls(client, f)))).flat();
      await printView(ctx.io, format, found, { json: asJson(aclsJson), table: (a, c) => (a.length ? renderAclTable(a, c) : note('no ACLs\n')) });
    });

  addAclFlags(acl.command('create').description('allow (or deny) a principal operations on a resource'), true)
    .addOption(outputOption(TABLE_JSON, 'table'))
    .addHelpText(
      'after',
      `\nExamples:\n  kafka-cli acl create --principal User:alice --operation read --operation describe --topic orders\n  kafka-cli acl create --principal User:alice --operation read --group billing\n  kafka-cli acl create --principal User:etl --operation write --topic logs. --pattern prefixed\n\n${JSON_SHAPE}`,
    )
    .action(async (opts: Opts) => {
      const format = opts.output;
      const bindings = aclBindings(opts);
      const { createAcls } = await import('../../kafka/admin/acls.js');
      const created = await createAcls(await ctx.client(), bindings);
      await printView(ctx.io, format, created, { json: asJson(aclsJson), table: renderAclTable });
      ctx.io.stderr.write(`created ${aclCount(created.length)}\n`);
    });

  addAclFlags(acl.command('delete').description('delete the ACLs matching the flags: shows them and asks first (or --yes)'), false)
    .option('-y, --yes', 'do not ask for confirmation')
    .addOption(outputOption(TABLE_JSON, 'table'))
    .addHelpText('after', `\nExamples:\n  kafka-cli acl delete --principal User:alice --topic orders\n  kafka-cli acl delete --principal User:alice --yes -o json\n\n${JSON_SHAPE} (the ACLs deleted)`)
    .action(async (opts: Opts) => {
      const format = opts.output;
      const filters = aclFilters(opts);
      if (!opts.principal && opts.topic === undefined && opts.group === undefined && !opts.cluster && opts.transactionalId === undefined) {
        throw new UsageError('refusing to delete every ACL: narrow it with --principal or a resource (--topic, --group, --cluster, --transactional-id)');
      }
      if (!opts.yes && !canPrompt(ctx.io)) throw new UsageError('refusing to delete ACLs without confirmation: no terminal to ask on; pass --yes');
      const { listAcls, deleteAcls } = await import('../../kafka/admin/acls.js');
      const client = await ctx.client();
      const c = chalkFor(ctx.io, ctx.io.stderr);
      if (!opts.yes) {
        const matching = (await Promise.all(filters.map((f) => listAcls(client, f)))).flat();
        if (matching.length === 0) throw new KafkaError('no ACL matches: nothing to delete');
        ctx.io.stderr.write(renderAclTable(matching, c));
        if (!(await confirm(ctx.io, `Delete these ${aclCount(matching.length)}?`))) throw new KafkaError('not confirmed: nothing was deleted');
      }
      const deleted = await deleteAcls(client, filters);
      await printView(ctx.io, format, deleted, { json: asJson(aclsJson), table: (a, c) => (a.length ? renderAclTable(a, c) : '') });
      ctx.io.stderr.write(`deleted ${aclCount(deleted.length)}\n`);
    });
}
