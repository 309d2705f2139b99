/**
 * The declarative cluster file (`export`, `plan`, `apply`) and the pure diff between it and the live cluster.
 * A section left out of the file (topics, acls, users, quotas) is not managed: nothing in it is compared or pruned.
 */

export interface TopicState {
  name: string;
  partitions: number;
  replicationFactor: number;
  /** Configs set on the topic itself (dynamic topic configs); the rest are broker defaults. */
  configs: Record<string, string>;
}

export interface AclState {
  principal: string;
  host: string;
  operation: string;
  permission: string;
  resourceType: string;
  resourceName: string;
  patternType: string;
}

export type QuotaEntityType = 'user' | 'client-id' | 'ip';
export const QUOTA_ENTITY_TYPES: readonly QuotaEntityType[] = ['user', 'client-id', 'ip'];
/** The name of the default entity, as Apache's tools write it. */
export const DEFAULT_ENTITY = '<default>';

/** The client quotas of one entity: its parts (name null: the default entity) and its quota values. */
export interface QuotaState {
  entity: Partial<Record<QuotaEntityType, string | null>>;
  values: Record<string, number>;
}

export interface ClusterState {
  topics?: TopicState[];
  acls?: AclState[];
  /** SCRAM user names (never passwords). */
  users?: string[];
  /** Client quotas of users, client ids and IPs. */
  quotas?: QuotaState[];
  /** Schema Registry compatibility: the global level and the subjects with their own level. */
  schemaRegistry?: RegistryState;
}

export interface RegistryState {
  compatibility?: string;
  subjects?: Record<string, string>;
}

export type ChangeOp = '+' | '~' | '-';

export interface Change {
  op: ChangeOp;
  kind: 'topic' | 'acl' | 'user' | 'subject' | 'quota';
  /** Topic or user name; an ACL in one line; a quota entity as user=alice,client-id=<default>. */
  name: string;
  /** What of the topic changes: 'partitions' or a config name; a quota key; null for the whole resource. */
  field: string | null;
  from: string | null;
  to: string | null;
}

export interface Refusal {
  kind: 'topic' | 'user';
  name: string;
  reason: string;
}

export interface Plan {
  changes: Change[];
  /** Changes Kafka cannot make: apply stops before doing anything. */
  refused: Refusal[];
  /** Resources on the cluster, not in the file, left alone without --prune. */
  unmanaged: number;
}

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export function aclText(a: AclState): string {
  return `${a.permission} ${a.principal} ${a.operation} ${a.resourceType}:${a.patternType}:${a.resourceName} host ${a.host}`;
}

const shapeText = (t: TopicState) => `${t.partitions} partition${t.partitions === 1 ? '' : 's'}, replication ${t.replicationFactor}`;

function diffTopic(want: TopicState, have: TopicState, out: Plan): void {
  if (want.partitions < have.partitions) {
    out.refused.push({ kind: 'topic', name: want.name, reason: `cannot go from ${have.partitions} to ${want.partitions} partitions: Kafka cannot remove partitions (recreate the topic)` });
  } else if (want.partitions > have.partitions) {
    out.changes.push({ op: '~', kind: 'topic', name: want.name, field: 'partitions', from: String(have.partitions), to: String(want.partitions) });
  }
  if (want.replicationFactor !== have.replicationFactor) {
    out.refused.push({
      kind: 'topic',
      name: want.name,
      reason: `replication factor ${have.replicationFactor} → ${want.replicationFactor} needs a reassignment (kafka-cli topic reassign), which apply does not do`,
    });
  }
  for (const key of [...new Set([...Object.keys(want.configs), ...Object.keys(have.configs)])].sort(byText)) {
    const a = want.configs[key] ?? null;
    const b = have.configs[key] ?? null;
    if (a !== b) out.changes.push({ op: '~', kind: 'topic', name: want.name, field: key, from: b, to: a });
  }
}

function diffTopics(want: TopicState[], have: TopicState[], prune: boolean, out: Plan): void {
  const live = new Map(have.map((t) => [t.name, t]));
  const wanted = new Set(want.map((t) => t.name));
  for (const t of [...want].sort((x, y) => byText(x.name, y.name))) {
    const h = live.get(t.name);
    if (!h) {
      out.changes.push({ op: '+', kind: 'topic', name: t.name, field: null, from: null, to: shapeText(t) });
      for (const [k, v] of Object.entries(t.configs).sort(([x], [y]) => byText(x, y))) out.changes.push({ op: '+', kind: 'topic', name: t.name, field: k, from: null, to: v });
    } else diffTopic(t, h, out);
  }
  for (const h of [...have].sort((x, y) => byText(x.name, y.name))) {
    if (wanted.has(h.name)) continue;
    if (prune) out.changes.push({ op: '-', kind: 'topic', name: h.name, field: null, from: shapeText(h), to: null });
    else out.unmanaged++;
  }
}

function diffNamed(kind: 'acl' | 'user', want: string[], have: string[], prune: boolean, out: Plan): void {
  const live = new Set(have);
  const wanted = new Set(want);
  for (const n of [...wanted].sort(byText)) {
    if (live.has(n)) continue;
    if (kind === 'user') out.refused.push({ kind, name: n, reason: 'the file holds no password: create the SCRAM user with kafka-cli user create' });
    else out.changes.push({ op: '+', kind, name: n, field: null, from: null, to: null });
  }
  for (const n of [...live].sort(byText)) {
    if (wanted.has(n)) continue;
    if (prune) out.changes.push({ op: '-', kind, name: n, field: null, from: null, to: null });
    else out.unmanaged++;
  }
}

/** Subject compatibility levels; the global level is the subject '(global)' and is never removed. */
function diffRegistry(want: RegistryState, have: RegistryState, prune: boolean, out: Plan): void {
  if (want.compatibility !== undefined && want.compatibility !== have.compatibility) {
    out.changes.push({ op: '~', kind: 'subject', name: GLOBAL_SUBJECT, field: 'compatibility', from: have.compatibility ?? null, to: want.compatibility });
  }
  if (!want.subjects) return;
  const live = have.subjects ?? {};
  for (const [name, level] of Object.entries(want.subjects).sort(([x], [y]) => byText(x, y))) {
    const h = live[name];
    if (h === level) continue;
    out.changes.push({ op: h === undefined ? '+' : '~', kind: 'subject', name, field: 'compatibility', from: h ?? null, to: level });
  }
  for (const [name, level] of Object.entries(live).sort(([x], [y]) => byText(x, y))) {
    if (name in want.subjects) continue;
    if (prune) out.changes.push({ op: '-', kind: 'subject', name, field: 'compatibility', from: level, to: null });
    else out.unmanaged++;
  }
}

export const GLOBAL_SUBJECT = '(global)';

/** An entity in one line, its parts in Kafka's order: user=alice,client-id=<default>. */
export function quotaEntityText(e: QuotaState['entity']): string {
  return QUOTA_ENTITY_TYPES.filter((t) => e[t] !== undefined).map((t) => `${t}=${e[t] ?? DEFAULT_ENTITY}`).join(',');
}

/** Each quota value (entity and key) is one resource: + set, ~ changed, - removed (only with prune). */
function diffQuotas(want: QuotaState[], have: QuotaState[], prune: boolean, out: Plan): void {
  const values = (list: QuotaState[]) => {
    const m = new Map<string, Map<string, number>>();
    for (const q of list) {
      const name = quotaEntityText(q.entity);
      const keys = m.get(name) ?? new Map<string, number>();
      for (const [k, v] of Object.entries(q.values)) keys.set(k, v);
      m.set(name, keys);
    }
    return m;
  };
  const wanted = values(want);
  const live = values(have);
  for (const name of [...new Set([...wanted.keys(), ...live.keys()])].sort(byText)) {
    const a = wanted.get(name);
    const b = live.get(name) ?? new Map<string, number>();
    for (const key of [...new Set([...(a?.keys() ?? []), ...b.keys()])].sort(byText)) {
      const to = a?.get(key);
      const from = b.get(key);
      if (to !== undefined && from === undefined) out.changes.push({ op: '+', kind: 'quota', name, field: key, from: null, to: String(to) });
      else if (to !== undefined && to !== from) out.changes.push({ op: '~', kind: 'quota', name, field: key, from: String(from), to: String(to) });
      else if (to === undefined && prune) out.changes.push({ op: '-', kind: 'quota', name, field: key, from: String(from), to: null });
      else if (to === undefined) out.unmanaged++;
    }
  }
}

/** Pure: what apply would do to make `live` what `desired` says. Sections absent from `desired` are not compared. */
export function planChanges(desired: ClusterState, live: ClusterState, opts: { prune: boolean }): Plan {
  const out: Plan = { changes: [], refused: [], unmanaged: 0 };
  if (desired.topics) diffTopics(desired.topics, live.topics ?? [], opts.prune, out);
  if (desired.acls) diffNamed('acl', desired.acls.map(aclText), (live.acls ?? []).map(aclText), opts.prune, out);
  if (desired.users) diffNamed('user', desired.users, live.users ?? [], opts.prune, out);
  if (desired.quotas) diffQuotas(desired.quotas, live.quotas ?? [], opts.prune, out);
  if (desired.schemaRegistry) diffRegistry(desired.schemaRegistry, live.schemaRegistry ?? {}, opts.prune, out);
  return out;
}

/** Stable order for export: topics and users by name, configs by key, ACLs by their line, quotas by entity and key. */
export function sortState(s: ClusterState): ClusterState {
  const out: ClusterState = {};
  if (s.topics) {
    out.topics = [...s.topics]
      .sort((a, b) => byText(a.name, b.name))
      .map((t) => ({ name: t.name, partitions: t.partitions, replicationFactor: t.replicationFactor, configs: Object.fromEntries(Object.entries(t.configs).sort(([a], [b]) => byText(a, b))) }));
  }
  if (s.acls) out.acls = [...s.acls].sort((a, b) => byText(aclText(a), aclText(b)));
  if (s.users) out.users = [...s.users].sort(byText);
  if (s.quotas) {
    out.quotas = [...s.quotas]
      .sort((a, b) => byText(quotaEntityText(a.entity), quotaEntityText(b.entity)))
      .map((q) => ({
        entity: Object.fromEntries(QUOTA_ENTITY_TYPES.filter((t) => q.entity[t] !== undefined).map((t) => [t, q.entity[t]])),
        values: Object.fromEntries(Object.entries(q.values).sort(([a], [b]) => byText(a, b))),
      }));
  }
  if (s.schemaRegistry) {
    const r = s.schemaRegistry;
    out.schemaRegistry = { ...(r.compatibility !== undefined ? { compatibility: r.compatibility } : {}), ...(r.subjects ? { subjects: Object.fromEntries(Object.entries(r.subjects).sort(([a], [b]) => byText(a, b))) } : {}) };
  }
  return out;
}

/**
 * The part of a state that a --match regex scopes to: matching topics and the ACLs on them, matching subjects;
 * no users, no quotas, no other ACLs, no global compatibility.
 */
export function scopeState(s: ClusterState, match: RegExp | undefined): ClusterState {
  if (!match) return s;
  const out: ClusterState = {};
  if (s.topics) out.topics = s.topics.filter((t) => match.test(t.name));
  if (s.acls) out.acls = s.acls.filter((a) => a.resourceType === 'topic' && match.test(a.resourceName));
  if (s.schemaRegistry) out.schemaRegistry = { subjects: Object.fromEntries(Object.entries(s.schemaRegistry.subjects ?? {}).filter(([k]) => match.test(k))) };
  return out;
}
