/** The `schema` commands' core: each takes the registry client and returns plain data (no printing). */
import { GLOBAL_SUBJECT, type Plan, type RegistryState } from '../core/cluster-state.js';
import type { RegistryClient, SchemaText, SchemaType, SubjectVersion } from './client.js';

export interface SubjectEntry {
  subject: string;
  deleted: boolean;
}

export async function listSubjects(c: RegistryClient, withDeleted: boolean): Promise<SubjectEntry[]> {
  const live = new Set(await c.subjects(false));
  const all = withDeleted ? await c.subjects(true) : [...live];
  return [...new Set(all)].sort().map((subject) => ({ subject, deleted: !live.has(subject) }));
}

export interface VersionEntry {
  version: number;
  id: number;
  schemaType: SchemaType;
}

export async function listVersions(c: RegistryClient, subject: string): Promise<VersionEntry[]> {
  const out: VersionEntry[] = [];
  for (const v of await c.versions(subject)) {
    const sv = await c.version(subject, v);
    out.push({ version: sv.version, id: sv.id, schemaType: sv.schemaType });
  }
  return out.sort((a, b) => a.version - b.version);
}

export interface SchemaDetails extends SchemaText {
  subject: string | null;
  version: number | null;
  id: number;
}

export async function getSchema(c: RegistryClient, q: { subject: string; version: number | 'latest' } | { id: number }): Promise<SchemaDetails> {
  if ('id' in q) return { subject: null, version: null, id: q.id, ...(await c.schemaById(q.id)) };
  const v: SubjectVersion = await c.version(q.subject, q.version);
  return { subject: v.subject, version: v.version, id: v.id, schema: v.schema, schemaType: v.schemaType, references: v.references };
}

export interface Registered {
  subject: string;
  id: number;
  version: number | null;
}

export async function registerSchema(c: RegistryClient, subject: string, schema: SchemaText): Promise<Registered> {
  const id = await c.register(subject, schema);
  const found = await c.lookup(subject, schema);
  return { subject, id, version: found?.version ?? null };
}

export interface CompatibilityResult {
  subject: string;
  compatible: boolean;
  messages: string[];
}

export async function checkSchema(c: RegistryClient, subject: string, schema: SchemaText): Promise<CompatibilityResult> {
  const r = await c.compatible(subject, schema);
  return { subject, compatible: r.compatible, messages: r.messages };
}

export interface CompatibilityConfig {
  /** null: the global setting. */
  subject: string | null;
  compatibility: string | null;
}

export async function compatibilityConfig(c: RegistryClient, subject: string | undefined, set: string | undefined): Promise<CompatibilityConfig> {
  if (set !== undefined) return { subject: subject ?? null, compatibility: await c.setConfig(set, subject) };
  return { subject: subject ?? null, compatibility: (await c.config(subject)) ?? null };
}

export interface DeletedSchema {
  subject: string;
  versions: number[];
  permanent: boolean;
}

export async function deleteSchema(c: RegistryClient, subject: string, version: number | undefined, permanent: boolean): Promise<DeletedSchema> {
  if (version !== undefined) return { subject, versions: [await c.deleteVersion(subject, version, permanent)], permanent };
  return { subject, versions: [...(await c.deleteSubject(subject, permanent))].sort((a, b) => a - b), permanent };
}


/** The registry side of `export`/`plan`: the global level and every subject (matching `match`) with its own level. */
export async function readRegistryState(c: RegistryClient, match: RegExp | undefined): Promise<RegistryState> {
  const subjects: Record<string, string> = {};
  for (const s of await c.subjects()) {
    if (match && !match.test(s)) continue;
    const level = await c.config(s);
    if (level !== undefined) subjects[s] = level;
  }
  const global = match ? undefined : await c.config();
  return { ...(global !== undefined ? { compatibility: global } : {}), subjects };
}

/** Carries out the subject rows of a plan: PUT config for + and ~, DELETE config for -. */
export async function applyRegistryPlan(c: RegistryClient, plan: Plan, progress: (line: string) => void): Promise<void> {
  for (const ch of plan.changes.filter((x) => x.kind === 'subject')) {
    const subject = ch.name === GLOBAL_SUBJECT ? undefined : ch.name;
    if (ch.op === '-') await c.deleteConfig(ch.name);
    else await c.setConfig(ch.to!, subject);
    progress(`${ch.op} subject ${ch.name} compatibility ${ch.to ?? '(global)'}`);
  }
}
