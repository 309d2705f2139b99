/**
 * The live side of `export`, `plan` and `apply`: reads topics (with their topic-level configs), ACLs, SCRAM
 * user names and client quotas into a ClusterState, and carries out a Plan with the admin functions of this folder.
 */
import type { KafkaClient } from '../client/client.js';
import { KafkaError } from '../../core/errors.js';
import { aclText, quotaEntityText, type AclState, type ClusterState, type Plan, type QuotaState, type TopicState } from '../../core/cluster-state.js';
import { readTopicShapes } from './topic-diff.js';
import type { AclBinding } from './acl-types.js';
import type { QuotaEntityPart, QuotaKey } from './quotas.js';

export interface ReadOptions {
  /** Only topics whose name matches (and ACLs on them); users, quotas and other ACLs are then left out. */
  match?: RegExp;
  /** Sections to read; a section the cluster cannot serve (no authorizer, no SCRAM) is left out with a note. */
  sections: ReadonlyArray<'topics' | 'acls' | 'users' | 'quotas'>;
  note: (line: string) => void;
}

async function readTopics(client: KafkaClient, match: RegExp | undefined): Promise<TopicState[]> {
  const shapes = await readTopicShapes(client, match);
  return [...shapes.values()].map((s) => ({
    name: s.name,
    partitions: s.partitions,
    replicationFactor: s.replicationFactor,
    configs: Object.fromEntries([...s.overrides].flatMap((k) => (s.configs.get(k) == null ? [] : [[k, s.configs.get(k)!]]))),
  }));
}

async function readAcls(client: KafkaClient, match: RegExp | undefined): Promise<AclState[]> {
  const { listAcls } = await import('./acls.js');
  const all = await listAcls(client, { operation: 'any', permission: 'any', resourceType: 'any', patternType: 'any' });
  return all.filter((a) => !match || (a.resourceType === 'topic' && match.test(a.resourceName))).map((a) => ({ ...a }));
}

export async function readClusterState(client: KafkaClient, o: ReadOptions): Promise<ClusterState> {
  const out: ClusterState = {};
  if (o.sections.includes('topics')) out.topics = await readTopics(client, o.match);
  if (o.sections.includes('acls')) {
    try {
      out.acls = await readAcls(client, o.match);
    } catch (e) {
      if (!(e instanceof KafkaError) || !/no authorizer/.test(e.message)) throw e;
      o.note('ACLs left out: the cluster has no authorizer');
    }
  }
  if (o.sections.includes('users') && !o.match) {
    const { listScramUsers } = await import('./scram-users.js');
    out.users = (await listScramUsers(client)).map((u) => u.name);
  }
  if (o.sections.includes('quotas') && !o.match) out.quotas = await readQuotas(client);
  return out;
}

async function readQuotas(client: KafkaClient): Promise<QuotaState[]> {
  const { listQuotas } = await import('./quotas.js');
  return (await listQuotas(client, [])).map((e) => ({ entity: Object.fromEntries(e.entity.map((p) => [p.type, p.name])), values: Object.fromEntries(e.values.map((v) => [v.key, v.value])) }));
}

/** Carries out a plan with no refusals: creations and changes first, then (--prune) deletions. */
export async function applyPlan(client: KafkaClient, desired: ClusterState, plan: Plan, progress: (line: string) => void): Promise<void> {
  if (plan.refused.length) throw new KafkaError('the plan holds changes Kafka cannot make: nothing was applied');
  const topics = new Map((desired.topics ?? []).map((t) => [t.name, t]));
  const { createTopics, addPartitions, deleteTopics } = await import('./topics.js');
  const { alterTopicConfigs } = await import('./configs.js');
  const created = plan.changes.filter((c) => c.kind === 'topic' && c.op === '+' && c.field === null).map((c) => topics.get(c.name)!);
  for (const t of created) {
    await createTopics(client, { topics: [t.name], partitions: t.partitions, replicationFactor: t.replicationFactor, configs: Object.entries(t.configs), ifNotExists: false, validateOnly: false });
    progress(`+ topic ${t.name}`);
  }
  const changed = plan.changes.filter((c) => c.kind === 'topic' && c.op === '~');
  for (const name of [...new Set(changed.map((c) => c.name))]) {
    const mine = changed.filter((c) => c.name === name);
    const grow = mine.find((c) => c.field === 'partitions');
    if (grow) await addPartitions(client, { topic: name, total: Number(grow.to), validateOnly: false });
    const cfg = mine.filter((c) => c.field !== 'partitions');
    if (cfg.length) {
      await alterTopicConfigs(
        client,
        name,
        cfg.filter((c) => c.to !== null).map((c) => [c.field!, c.to!]),
        cfg.filter((c) => c.to === null).map((c) => c.field!),
      );
    }
    progress(`~ topic ${name}`);
  }
  await applyAcls(client, desired, plan, progress);
  await applyQuotas(client, desired, plan, progress);
  const gone = plan.changes.filter((c) => c.kind === 'topic' && c.op === '-').map((c) => c.name);
  if (gone.length) {
    await deleteTopics(client, gone);
    for (const t of gone) progress(`- topic ${t}`);
  }
  const users = plan.changes.filter((c) => c.kind === 'user' && c.op === '-').map((c) => c.name);
  if (users.length) {
    const { deleteScramUser } = await import('./scram-users.js');
    for (const u of users) {
      await deleteScramUser(client, u);
      progress(`- user ${u}`);
    }
  }
}

async function applyAcls(client: KafkaClient, desired: ClusterState, plan: Plan, progress: (line: string) => void): Promise<void> {
  const acls = plan.changes.filter((c) => c.kind === 'acl');
  if (!acls.length) return;
  const { createAcls, deleteAcls, listAcls } = await import('./acls.js');
  const wanted = new Map((desired.acls ?? []).map((a) => [aclText(a), a as AclBinding]));
  const add = acls.filter((c) => c.op === '+').map((c) => wanted.get(c.name)!);
  if (add.length) await createAcls(client, add);
  const dropNames = new Set(acls.filter((c) => c.op === '-').map((c) => c.name));
  if (dropNames.size) {
    const live = await listAcls(client, { operation: 'any', permission: 'any', resourceType: 'any', patternType: 'any' });
    await deleteAcls(client, live.filter((a) => dropNames.has(aclText(a))));
  }
  for (const c of acls) progress(`${c.op} acl ${c.name}`);
}

/** One AlterClientQuotas per entity: its values set, and (--prune) removed; a pruned entity is found on the cluster. */
async function applyQuotas(client: KafkaClient, desired: ClusterState, plan: Plan, progress: (line: string) => void): Promise<void> {
  const changes = plan.changes.filter((c) => c.kind === 'quota');
  if (!changes.length) return;
  const { alterQuotas } = await import('./quotas.js');
  const entities = new Map((desired.quotas ?? []).map((q) => [quotaEntityText(q.entity), q.entity]));
  if (changes.some((c) => !entities.has(c.name))) {
    for (const q of await readQuotas(client)) if (!entities.has(quotaEntityText(q.entity))) entities.set(quotaEntityText(q.entity), q.entity);
  }
  for (const name of [...new Set(changes.map((c) => c.name))]) {
    const entity = Object.entries(entities.get(name)!).map(([type, n]) => ({ type: type as QuotaEntityPart['type'], name: n ?? null }));
    const mine = changes.filter((c) => c.name === name);
    await alterQuotas(client, entity, mine.map((c) => ({ key: c.field as QuotaKey, value: c.to === null ? null : Number(c.to) })), true);
    for (const c of mine) progress(`${c.op} quota ${name} ${c.field}`);
  }
}
