/**
 * A small client of the Confluent Schema Registry API (Apicurio's /apis/ccompat/v7, Confluent, Redpanda, Karapace)
 * over node:http(s), so TLS takes a CA, a client certificate or insecure mode as for brokers. No kafkajs here.
 * Every failure is one line (SchemaRegistryError, exit 1), and a request never waits longer than the timeout.
 */
import http from 'node:http';
import https from 'node:https';
import { KafkaError } from '../core/errors.js';

export type SchemaType = 'AVRO' | 'PROTOBUF' | 'JSON';
export const SCHEMA_TYPES: readonly SchemaType[] = ['AVRO', 'PROTOBUF', 'JSON'];
export const COMPATIBILITY_LEVELS = ['BACKWARD', 'BACKWARD_TRANSITIVE', 'FORWARD', 'FORWARD_TRANSITIVE', 'FULL', 'FULL_TRANSITIVE', 'NONE'] as const;

export interface RegistryConfig {
  url: string;
  username?: string;
  password?: string;
  token?: string;
  /** PEM contents. */
  ca?: string;
  cert?: string;
  key?: string;
  insecure?: boolean;
  timeoutMs: number;
}

export interface SchemaReference {
  name: string;
  subject: string;
  version: number;
}

export interface SchemaText {
  schema: string;
  schemaType: SchemaType;
  references: SchemaReference[];
}

export interface SubjectVersion extends SchemaText {
  subject: string;
  version: number;
  id: number;
}

/** The registry refused or could not be reached: exit 1. `code` is the registry's error_code when it gave one. */
export class SchemaRegistryError extends KafkaError {
  constructor(message: string, readonly status?: number, readonly code?: number) {
    super(message);
  }
}

export interface RegistryClient {
  url: string;
  subjects(deleted?: boolean): Promise<string[]>;
  versions(subject: string): Promise<number[]>;
  version(subject: string, version: number | 'latest'): Promise<SubjectVersion>;
  schemaById(id: number): Promise<SchemaText>;
  register(subject: string, schema: SchemaText): Promise<number>;
  /** The subject's version holding exactly this schema, or undefined. */
  lookup(subject: string, schema: SchemaText): Promise<SubjectVersion | undefined>;
  compatible(subject: string, schema: SchemaText): Promise<{ compatible: boolean; messages: string[] }>;
  config(subject?: string): Promise<string | undefined>;
  setConfig(level: string, subject?: string): Promise<string>;
  /** Removes the subject's own level (it then follows the global one). */
  deleteConfig(subject: string): Promise<void>;
  deleteSubject(subject: string, permanent: boolean): Promise<number[]>;
  deleteVersion(subject: string, version: number, permanent: boolean): Promise<number>;
}

const CONTENT_TYPE = 'application/vnd.schemaregistry.v1+json';

function normalize(raw: { schema: string; schemaType?: string; references?: SchemaReference[] }): SchemaText {
  return { schema: raw.schema, schemaType: (raw.schemaType as SchemaType | undefined) ?? 'AVRO', references: raw.references ?? [] };
}

function body(s: SchemaText): Record<string, unknown> {
  // Confluent's default type is AVRO; some registries reject an explicit "AVRO" on old versions, so leave it out.
  return { schema: s.schema, ...(s.schemaType !== 'AVRO' ? { schemaType: s.schemaType } : {}), ...(s.references.length ? { references: s.references } : {}) };
}

function alreadySoftDeleted(permanent: boolean, code: number) {
  return (e: unknown): undefined => {
    if (permanent && e instanceof SchemaRegistryError && e.code === code) return undefined;
    throw e;
  };
}

/** Where and how to reach one registry: its base URL, the URL shown in messages, credentials and connections. */
interface Endpoint {
  base: URL;
  shown: string;
  auth: string | undefined;
  agent: http.Agent;
  timeoutMs: number;
}

type Call = <T>(method: string, path: string, payload?: unknown) => Promise<{ status: number; data: T }>;

export function createRegistryClient(conf: RegistryConfig): RegistryClient {
  const base = new URL(conf.url.endsWith('/') ? conf.url : `${conf.url}/`);
  if (base.protocol !== 'http:' && base.protocol !== 'https:') throw new SchemaRegistryError(`invalid --schema-registry '${conf.url}': expected an http:// or https:// URL`);
  const shown = `${base.protocol}//${base.host}${base.pathname.replace(/\/$/, '')}`;
  const auth = conf.token ? `Bearer ${conf.token}` : conf.username !== undefined ? `Basic ${Buffer.from(`${conf.username}:${conf.password ?? ''}`).toString('base64')}` : undefined;
  const agent = base.protocol === 'https:' ? new https.Agent({ ca: conf.ca, cert: conf.cert, key: conf.key, rejectUnauthorized: !conf.insecure, keepAlive: true }) : new http.Agent({ keepAlive: true });
  const endpoint: Endpoint = { base, shown, auth, agent, timeoutMs: conf.timeoutMs };
  return registryMethods(shown, (method, path, payload) => callRegistry(endpoint, method, path, payload));
}

/** One HTTP exchange with the registry, its JSON answer or a one-line SchemaRegistryError. */
function callRegistry<T>(ep: Endpoint, method: string, path: string, payload?: unknown): Promise<{ status: number; data: T }> {
  const url = new URL(path.replace(/^\//, ''), ep.base);
  const data = payload === undefined ? undefined : Buffer.from(JSON.stringify(payload));
  const lib = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const req = lib.request(
      url,
      {
        method,
        agent: ep.agent,
        headers: { accept: CONTENT_TYPE, ...(data ? { 'content-type': CONTENT_TYPE, 'content-length': data.length } : {}), ...(ep.auth ? { authorization: ep.auth } : {}) },
        timeout: ep.timeoutMs,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', (e) => reject(new SchemaRegistryError(`schema registry ${ep.shown}: ${e.message}`)));
        res.on('end', () => {
          try {
            resolve(answerOf<T>(ep.shown, method, url.pathname, res, Buffer.concat(chunks).toString('utf8')));
          } catch (e) {
            reject(e);
          }
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no answer within ${ep.timeoutMs} ms`)));
    req.on('error', (e: NodeJS.ErrnoException) => {
      const why = e.code === 'ECONNREFUSED' ? 'connection refused (is it running?)' : e.code === 'ENOTFOUND' ? `unknown host ${url.hostname}` : e.message;
      reject(new SchemaRegistryError(`cannot reach the schema registry at ${ep.shown}: ${why}`));
    });
    req.end(data);
  });
}

/** The registry's answer as JSON, or the SchemaRegistryError it stands for (thrown). */
function answerOf<T>(shown: string, method: string, pathname: string, res: http.IncomingMessage, text: string): { status: number; data: T } {
  let parsed: unknown;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = undefined;
  }
  const status = res.statusCode ?? 0;
  if (status >= 200 && status < 300) {
    if (parsed === undefined && text) throw new SchemaRegistryError(`schema registry ${shown}: the answer to ${method} ${pathname} is not JSON (is this the registry's Confluent API URL?)`, status);
    return { status, data: parsed as T };
  }
  const e = parsed as { message?: string; error_code?: number } | undefined;
  if (status === 401 || status === 403) throw new SchemaRegistryError(`schema registry ${shown}: ${status === 401 ? 'authentication failed (check the user, password or token)' : 'access denied'}`, status, e?.error_code);
  // A 404 without the registry's error_code is no missing subject: the URL is not a registry (a wrong path).
  if (status === 404 && typeof e?.error_code !== 'number') throw new SchemaRegistryError(`schema registry ${shown}: ${method} ${pathname} is 404 with no registry error code: the URL does not look like a Schema Registry (check its path)`);
  const msg = e?.message ?? (text.trim().split('\n')[0]?.slice(0, 200) || res.statusMessage || 'error');
  throw new SchemaRegistryError(`schema registry: ${msg}${e?.error_code ? ` (error ${e.error_code})` : ` (HTTP ${status})`}`, status, e?.error_code);
}

/** The registry's REST API, over one call(). */
function registryMethods(shown: string, call: Call): RegistryClient {
  const enc = encodeURIComponent;
  const get = async <T>(path: string) => (await call<T>('GET', path)).data;

  return {
    url: shown,
    subjects: (deleted) => get<string[]>(`subjects${deleted ? '?deleted=true' : ''}`),
    versions: (s) => get<number[]>(`subjects/${enc(s)}/versions`),
    async version(s, v) {
      const r = await get<SubjectVersion & { schemaType?: string }>(`subjects/${enc(s)}/versions/${v}`);
      return { ...normalize(r), subject: r.subject ?? s, version: r.version, id: r.id };
    },
    async schemaById(id) {
      return normalize(await get<{ schema: string; schemaType?: string; references?: SchemaReference[] }>(`schemas/ids/${id}`));
    },
    async register(s, schema) {
      return (await call<{ id: number }>('POST', `subjects/${enc(s)}/versions`, body(schema))).data.id;
    },
    async lookup(s, schema) {
      try {
        const r = (await call<SubjectVersion & { schemaType?: string }>('POST', `subjects/${enc(s)}`, body(schema))).data;
        return { ...normalize(r), subject: r.subject ?? s, version: r.version, id: r.id };
      } catch (e) {
        if (e instanceof SchemaRegistryError && e.status === 404) return undefined;
        throw e;
      }
    },
    async compatible(s, schema) {
      const r = (await call<{ is_compatible: boolean; messages?: string[] }>('POST', `compatibility/subjects/${enc(s)}/versions/latest?verbose=true`, body(schema))).data;
      return { compatible: r.is_compatible, messages: r.messages ?? [] };
    },
    async config(s) {
      try {
        const r = await get<{ compatibilityLevel?: string; compatibility?: string }>(s ? `config/${enc(s)}` : 'config');
        return r.compatibilityLevel ?? r.compatibility;
      } catch (e) {
        // A subject without its own setting follows the global one.
        if (s && e instanceof SchemaRegistryError && e.status === 404) return undefined;
        throw e;
      }
    },
    async setConfig(level, s) {
      const r = (await call<{ compatibility?: string; compatibilityLevel?: string }>('PUT', s ? `config/${enc(s)}` : 'config', { compatibility: level })).data;
      return r?.compatibility ?? r?.compatibilityLevel ?? level;
    },
    async deleteConfig(s) {
      await call('DELETE', `config/${enc(s)}`);
    },
    async deleteSubject(s, permanent) {
      // A permanent delete must follow a soft one; a subject already soft-deleted (40404) goes straight on.
      const soft = await call<number[]>('DELETE', `subjects/${enc(s)}`).then((r) => r.data, alreadySoftDeleted(permanent, 40404));
      if (!permanent) return soft ?? [];
      return (await call<number[]>('DELETE', `subjects/${enc(s)}?permanent=true`)).data ?? soft ?? [];
    },
    async deleteVersion(s, v, permanent) {
      const soft = await call<number>('DELETE', `subjects/${enc(s)}/versions/${v}`).then((r) => r.data, alreadySoftDeleted(permanent, 40406));
      if (!permanent) return soft ?? v;
      return (await call<number>('DELETE', `subjects/${enc(s)}/versions/${v}?permanent=true`)).data ?? soft ?? v;
    },
  };
}
