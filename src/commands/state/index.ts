/** `export`, `plan -f` and `apply -f`: the cluster as a YAML file, what differs from it, and making it so. */
import type { Command } from 'commander';
import type { Ctx } from '../../cli/context.js';
import { KafkaError, ThresholdExceeded, UsageError } from '../../core/errors.js';
import { outputOption, TABLE_JSON, type TableOrJson } from '../../cli/output-option.js';
import { printView } from '../../cli/view.js';
import { canPrompt, confirm } from '../../cli/prompt.js';
import { optionalRegistry } from '../../cli/schema/registry-options.js';
import { scopeState, planChanges, sortState, type ClusterState, type Plan } from '../../core/cluster-state.js';

const FILE_HELP = `
The file (YAML; JSON is YAML too) has five sections, each optional: topics (name, partitions,
replicationFactor, configs set on the topic), acls, users (SCRAM user names, never passwords), quotas
(client quotas: user, client-id or ip, each a name or <default>, beside the values, e.g.
{user: alice, producer_byte_rate: 1048576}), and schemaRegistry (compatibility: the global level;
subjects: {subject: level}, those with their own level; needs --schema-registry).
A section left out is not managed. Its JSON Schema is docs/cluster.schema.json. --match <regex> scopes
everything to the topics whose name matches (and the ACLs on them, and matching subjects; users, quotas
and the global compatibility are then left out).`;

const EXPORT_HELP = `${FILE_HELP}

Internal topics (__consumer_offsets, ...) are left out; the order is stable (by name). ACLs are left out
with a note when the cluster has no authorizer.

Examples:
  kafka-cli export > cluster.yaml
  kafka-cli export --match '^orders\\.' > orders.yaml`;

const PLAN_HELP = `${FILE_HELP}

Rows: + create (a topic, an ACL, a quota value), ~ change (a config set, changed or reset to its default,
more partitions, a quota value), - delete (only with --prune), ! refused (Kafka cannot: fewer partitions,
another replication factor, a user without a password). Topics, ACLs, users and quota values on the
cluster but not in the file are left alone without --prune.

Exit codes: 0 nothing would change, 3 something would (listed on stdout), 1 failed, 2 usage or a bad file.

Examples:
  kafka-cli plan -f cluster.yaml
  kafka-cli plan -f cluster.yaml --prune -o json

JSON: {"changes": [{"op": "+"|"~"|"-", "kind": "topic"|"acl"|"user"|"quota"|"subject", "name", "field", "from", "to"}],
  "refused": [{"kind", "name", "reason"}], "unmanaged": <count>}`;

const APPLY_HELP = `${FILE_HELP}

Shows the plan (as plan does), asks on a terminal (or takes --yes), then creates topics, grows partitions,
sets and resets configs, creates ACLs, sets quotas, and with --prune deletes ACLs, quota values, topics and
SCRAM users not in the file. A change Kafka cannot make (see plan) stops apply before anything is done (exit 2).

Exit codes: 0 applied or nothing to do, 1 failed, 2 usage, a bad file, a refused change, or no terminal to
ask on without --yes.

Examples:
  kafka-cli apply -f cluster.yaml
  kafka-cli --profile staging apply -f cluster.yaml --prune --yes`;

interface ScopeOpts {
  match?: string;
}
interface PlanOpts extends ScopeOpts {
  file: string;
  prune?: boolean;
  output: TableOrJson;
}

function matchOf(o: ScopeOpts): RegExp | undefined {
  if (o.match === undefined) return undefined;
  try {
    return new RegExp(o.match);
  } catch (e) {
    throw new UsageError(`invalid --match '${o.match}': ${(e as Error).message.replace(/^Invalid regular expression: /, '')}`);
  }
}

async function makePlan(ctx: Ctx, o: PlanOpts): Promise<{ desired: ClusterState; plan: Plan }> {
  const match = matchOf(o);
  const { readClusterFile } = await import('./file.js');
  const desired = scopeState(await readClusterFile(o.file, ctx.io.cwd), match);
  const { readClusterState } = await import('../../kafka/admin/cluster-state.js');
  const sections = (['topics', 'acls', 'users', 'quotas'] as const).filter((k) => desired[k] !== undefined);
  const live = await readClusterState(await ctx.client(), { match, sections, note: (l) => ctx.io.stderr.write(`${l}\n`) });
  if (desired.acls && !live.acls && desired.acls.length) throw new KafkaError('the file lists ACLs but the cluster has no authorizer');
  if (desired.schemaRegistry) {
    const registry = await optionalRegistry(ctx);
    if (!registry) throw new UsageError(`${o.file} has a schemaRegistry section: pass --schema-registry <url> (or set KAFKA_SCHEMA_REGISTRY_URL)`);
    const { readRegistryState } = await import('../../schema/admin.js');
    live.schemaRegistry = await readRegistryState(registry, match);
  }
  return { desired, plan: planChanges(desired, live, { prune: o.prune === true }) };
}

async function showPlan(ctx: Ctx, o: PlanOpts, plan: Plan): Promise<string> {
  const view = await import('../../format/admin/plan.js');
  const empty = plan.changes.length === 0 && plan.refused.length === 0;
  await printView(ctx.io, o.output, plan, { json: (p) => view.renderPlanJson(p), table: (p, c) => (empty ? '' : view.renderPlanTable(p, c)) });
  return view.planSummary(plan);
}

function planCommand(program: Command, name: string, description: string, help: string): Command {
  return program
    .command(name)
    .description(description)
    .requiredOption('-f, --file <path>', 'the cluster file (YAML), as kafka-cli export writes it')
    .option('-m, --match <regex>', 'only topics whose name matches (and the ACLs on them)')
    .option('--prune', 'also delete what is on the cluster but not in the file')
    .addOption(outputOption(TABLE_JSON, 'table'))
    .addHelpText('after', help);
}

export function registerState(program: Command, ctx: Ctx): void {
  program
    .command('export')
    .description('write the cluster as a YAML file: topics, configs, ACLs, SCRAM user names, quotas (for plan and apply)')
    .option('-m, --match <regex>', 'only topics whose name matches (and the ACLs on them)')
    .addHelpText('after', EXPORT_HELP)
    .action(async (opts: ScopeOpts) => {
      const match = matchOf(opts);
      const [{ readClusterState }, { clusterFileText }] = await Promise.all([import('../../kafka/admin/cluster-state.js'), import('./file.js')]);
      const client = await ctx.client();
      const state = await readClusterState(client, { match, sections: ['topics', 'acls', 'users', 'quotas'], note: (l) => ctx.io.stderr.write(`${l}\n`) });
      const registry = await optionalRegistry(ctx);
      if (registry) state.schemaRegistry = await (await import('../../schema/admin.js')).readRegistryState(registry, match);
      ctx.io.stdout.write(clusterFileText(sortState(state), `kafka-cli export${opts.match ? ` --match '${opts.match}'` : ''}`));
    });

  planCommand(program, 'plan', 'show what apply -f <file> would change (exit 3 when something would)', PLAN_HELP).action(async (opts: PlanOpts) => {
    const { plan } = await makePlan(ctx, opts);
    const summary = await showPlan(ctx, opts, plan);
    if (plan.changes.length || plan.refused.length) throw new ThresholdExceeded(`the cluster differs from ${opts.file}: ${summary}`);
    ctx.io.stderr.write(`no changes: ${summary}\n`);
  });

  planCommand(program, 'apply', 'make the cluster what the file says (asks first; deletes only with --prune)', APPLY_HELP)
    .option('-y, --yes', 'do not ask for confirmation')
    .action(async (opts: PlanOpts & { yes?: boolean }) => {
      const { desired, plan } = await makePlan(ctx, opts);
      const summary = await showPlan(ctx, opts, plan);
      if (plan.refused.length) {
        const r = plan.refused[0]!;
        throw new UsageError(`refused ${r.kind} '${r.name}': ${r.reason}${plan.refused.length > 1 ? ` (and ${plan.refused.length - 1} more, listed above)` : ''}; nothing was applied`);
      }
      if (plan.changes.length === 0) {
        ctx.io.stderr.write(`no changes: ${summary}\n`);
        return;
      }
      if (!opts.yes) {
        if (!canPrompt(ctx.io)) throw new UsageError('refusing to apply without confirmation: no terminal to ask on; pass --yes');
        if (!(await confirm(ctx.io, `Apply these changes (${summary})?`))) throw new KafkaError('not confirmed: nothing was applied');
      }
      const { applyPlan } = await import('../../kafka/admin/cluster-state.js');
      await applyPlan(await ctx.client(), desired, plan, (l) => ctx.io.stderr.write(`${l}\n`));
      if (desired.schemaRegistry) await (await import('../../schema/admin.js')).applyRegistryPlan((await optionalRegistry(ctx))!, plan, (l) => ctx.io.stderr.write(`${l}\n`));
      ctx.io.stderr.write(`applied: ${summary}\n`);
    });
}
