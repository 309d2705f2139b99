/** Reads and checks a cluster file (YAML or JSON): a bad file is one line naming the file, the path and the field. */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { Ajv } from 'ajv';
import { parseDocument, stringify } from 'yaml';
import { UsageError } from '../../core/errors.js';
import { DEFAULT_ENTITY, QUOTA_ENTITY_TYPES, quotaEntityText, type ClusterState, type QuotaState } from '../../core/cluster-state.js';
import { CLUSTER_SCHEMA } from './schema.js';

let validator: ReturnType<Ajv['compile']> | undefined;

function validate(data: unknown): string | null {
  validator ??= new Ajv({ strict: false, allErrors: false, useDefaults: true }).compile(CLUSTER_SCHEMA as object);
  if (validator(data)) return null;
  const e = validator.errors?.[0];
  if (!e) return 'does not match the cluster file schema';
  const where = e.instancePath || '(top level)';
  if (e.keyword === 'additionalProperties') return `${where}: unknown field '${(e.params as { additionalProperty: string }).additionalProperty}'`;
  if (e.keyword === 'enum') return `${where}: must be one of ${(e.params as { allowedValues: unknown[] }).allowedValues.join(', ')}`;
  return `${where}: ${e.message ?? 'invalid'}`;
}

/** A quotas entry as the file writes it: the entity's parts (`<default>`: the default entity) beside its values. */
type QuotaEntry = Record<string, string | number>;

function quotaOfEntry(q: QuotaEntry, where: string): QuotaState {
  const entity: QuotaState['entity'] = {};
  const values: Record<string, number> = {};
  for (const [k, v] of Object.entries(q)) {
    if ((QUOTA_ENTITY_TYPES as readonly string[]).includes(k)) entity[k as keyof QuotaState['entity']] = v === DEFAULT_ENTITY ? null : String(v);
    else values[k] = Number(v);
  }
  if (Object.keys(entity).length === 0) throw new UsageError(`${where}: name the entity: user, client-id or ip (${DEFAULT_ENTITY} for the default)`);
  if (entity.ip !== undefined && Object.keys(entity).length > 1) throw new UsageError(`${where}: an ip quota stands alone: not with user or client-id`);
  const keys = Object.keys(values);
  if (keys.length === 0) throw new UsageError(`${where}: no quota value: producer_byte_rate, consumer_byte_rate, request_percentage, controller_mutation_rate or connection_creation_rate`);
  const ip = entity.ip !== undefined;
  const wrong = keys.find((k) => (k === 'connection_creation_rate') !== ip);
  if (wrong) throw new UsageError(`${where}: ${ip ? `an ip quota takes only connection_creation_rate, not ${wrong}` : 'connection_creation_rate is a quota of an ip, not of a user or client-id'}`);
  return { entity, values };
}

function entryOfQuota(q: QuotaState): QuotaEntry {
  const parts = QUOTA_ENTITY_TYPES.filter((t) => q.entity[t] !== undefined).map((t) => [t, q.entity[t] ?? DEFAULT_ENTITY]);
  return { ...Object.fromEntries(parts), ...q.values };
}

function readQuotas(entries: QuotaEntry[], file: string): QuotaState[] {
  const seen = new Set<string>();
  return entries.map((e, i) => {
    const q = quotaOfEntry(e, `${file}: /quotas/${i}`);
    const name = quotaEntityText(q.entity);
    if (seen.has(name)) throw new UsageError(`${file}: /quotas/${i}: quota entity '${name}' is listed twice`);
    seen.add(name);
    return q;
  });
}

/** The file's state, configs as strings. */
export function parseClusterFile(text: string, file: string): ClusterState {
  const doc = parseDocument(text, { prettyErrors: false });
  const err = doc.errors[0];
  if (err) throw new UsageError(`${file}: not valid YAML: ${err.message.split('\n')[0]}`);
  const data = (doc.toJS() as unknown) ?? {};
  const bad = validate(data);
  if (bad) throw new UsageError(`${file}: ${bad}`);
  const s = data as ClusterState;
  const seen = new Set<string>();
  for (const [i, t] of (s.topics ?? []).entries()) {
    if (seen.has(t.name)) throw new UsageError(`${file}: /topics/${i}/name: topic '${t.name}' is listed twice`);
    seen.add(t.name);
    t.configs = Object.fromEntries(Object.entries(t.configs ?? {}).map(([k, v]) => [k, String(v)]));
  }
  if (s.quotas) s.quotas = readQuotas(s.quotas as unknown as QuotaEntry[], file);
  return s;
}

export async function readClusterFile(path: string, cwd: string): Promise<ClusterState> {
  let text: string;
  try {
    text = await readFile(resolve(cwd, path), 'utf8');
  } catch (e) {
    throw new UsageError(`cannot read ${path}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`);
  }
  return parseClusterFile(text, path);
}

export function clusterFileText(s: ClusterState, header: string): string {
  const file = s.quotas ? { ...s, quotas: s.quotas.map(entryOfQuota) } : s;
  return `# ${header}\n# Schema: docs/cluster.schema.json of kafka-cli (point your editor's YAML schema setting at it)\n${stringify(file, { lineWidth: 0 })}`;
}
