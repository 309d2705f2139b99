/** Reads and checks a cluster file (YAML or JSON): a bad file is one line naming the file, the path and the field. */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { Ajv } from 'ajv';
import { parseDocument, stringify } from 'yaml';
import { UsageError } from '../../core/errors.js';
import type { ClusterState } from '../../core/cluster-state.js';
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
  return `# ${header}\n# Schema: docs/cluster.schema.json of kafka-cli (point your editor's YAML schema setting at it)\n${stringify(s, { lineWidth: 0 })}`;
}
