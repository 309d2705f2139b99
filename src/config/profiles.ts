/** The profiles file: $XDG_CONFIG_HOME/kafka-cli/config.json (default ~/.config/kafka-cli/), mode 0600. */
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { UsageError } from '../core/errors.js';

/** What a profile stores (paths, not contents; a password only when given in a file). */
export interface RegistryProfile {
  url: string;
  username?: string;
  passwordFile?: string;
  tokenFile?: string;
  ca?: string;
  cert?: string;
  key?: string;
  insecure?: boolean;
}

export interface Profile {
  brokers?: string;
  clientId?: string;
  timeout?: string;
  sasl?: { mechanism: string; username: string; password?: string; passwordFile?: string };
  tls?: { enabled: boolean; ca?: string; cert?: string; key?: string; insecure?: boolean };
  schemaRegistry?: RegistryProfile;
}

export interface ProfilesFile {
  current?: string;
  profiles: Record<string, Profile>;
}

export function profilesPath(env: NodeJS.ProcessEnv): string {
  const base = env.XDG_CONFIG_HOME || join(env.HOME || homedir(), '.config');
  return join(base, 'kafka-cli', 'config.json');
}

export function loadProfiles(env: NodeJS.ProcessEnv): ProfilesFile {
  const path = profilesPath(env);
  if (!existsSync(path)) return { profiles: {} };
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new UsageError(`cannot read profiles file ${path}: ${(e as Error).message}`);
  }
  const f = parsed as ProfilesFile;
  if (!f || typeof f !== 'object' || typeof f.profiles !== 'object' || f.profiles === null || Array.isArray(f.profiles)) {
    throw new UsageError(`profiles file ${path} is malformed: expected {"profiles": {...}}`);
  }
  const problem = profilesFileProblem(f);
  if (problem) throw new UsageError(`profiles file ${path} is malformed: ${problem}`);
  return f;
}

type FieldKind = 'string' | 'boolean';
const PROFILE_FIELDS: Record<string, FieldKind | Record<string, FieldKind>> = {
  brokers: 'string',
  clientId: 'string',
  timeout: 'string',
  sasl: { mechanism: 'string', username: 'string', password: 'string', passwordFile: 'string' },
  tls: { enabled: 'boolean', ca: 'string', cert: 'string', key: 'string', insecure: 'boolean' },
  schemaRegistry: { url: 'string', username: 'string', passwordFile: 'string', tokenFile: 'string', ca: 'string', cert: 'string', key: 'string', insecure: 'boolean' },
};

function describeValue(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  return typeof v === 'object' ? 'an object' : `the ${typeof v} ${JSON.stringify(v)}`;
}

/**
 * The first wrong value in a parsed profiles file, naming the profile and the field (a number where a string
 * belongs would otherwise fail later as "text.split is not a function"); undefined when it is fine. Unknown
 * fields are left alone (a newer kafka-cli may have written them).
 */
export function profilesFileProblem(f: ProfilesFile): string | undefined {
  if (f.current !== undefined && typeof f.current !== 'string') return `"current" must be a profile name (a string), not ${describeValue(f.current)}`;
  for (const [name, p] of Object.entries(f.profiles)) {
    if (!p || typeof p !== 'object' || Array.isArray(p)) return `profile '${name}' must be an object, not ${describeValue(p)}`;
    for (const [field, kind] of Object.entries(PROFILE_FIELDS)) {
      const v = (p as Record<string, unknown>)[field];
      if (v === undefined) continue;
      if (typeof kind === 'string') {
        if (typeof v !== kind) return `profile '${name}': "${field}" must be a ${kind}${field === 'brokers' ? ' such as "127.0.0.1:9092"' : ''}, not ${describeValue(v)}`;
        continue;
      }
      if (!v || typeof v !== 'object' || Array.isArray(v)) return `profile '${name}': "${field}" must be an object, not ${describeValue(v)}`;
      for (const [sub, subKind] of Object.entries(kind)) {
        const x = (v as Record<string, unknown>)[sub];
        if (x !== undefined && typeof x !== subKind) return `profile '${name}': "${field}.${sub}" must be a ${subKind}, not ${describeValue(x)}`;
      }
    }
  }
  return undefined;
}

/**
 * The profile a connection uses: `name` (typed --profile or KAFKA_CLI_PROFILE), else the file's current one.
 * A name that is not in the file is a usage error, also when it is the current one (a silent fallback to
 * 127.0.0.1:9092 would hide it).
 */
export function chosenProfile(env: NodeJS.ProcessEnv, file: ProfilesFile, name: string | undefined): { name: string; profile: Profile } | undefined {
  const chosen = name ?? file.current;
  if (!chosen) return undefined;
  const profile = file.profiles[chosen];
  if (profile) return { name: chosen, profile };
  if (name) throw new UsageError(`unknown profile '${chosen}' (see: kafka-cli profile list)`);
  const names = Object.keys(file.profiles);
  throw new UsageError(`the current profile '${chosen}' (in ${profilesPath(env)}) does not exist; ${names.length ? `choose one of ${names.join(', ')} with: kafka-cli profile use <name>` : 'add one with: kafka-cli profile add <name> -b <host:port>'}`);
}

/** True when the file can be read by group or others: its secrets are exposed. */
export function profilesFileIsExposed(env: NodeJS.ProcessEnv): boolean {
  const path = profilesPath(env);
  if (!existsSync(path)) return false;
  return (statSync(path).mode & 0o077) !== 0;
}

export function saveProfiles(env: NodeJS.ProcessEnv, data: ProfilesFile): string {
  const path = profilesPath(env);
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(data, null, 2) + '\n', { mode: 0o600 });
  chmodSync(tmp, 0o600);
  renameSync(tmp, path);
  return path;
}

export const PROFILE_NAME = /^[A-Za-z0-9._-]{1,64}$/;

export function checkProfileName(name: string): string {
  if (!PROFILE_NAME.test(name)) throw new UsageError(`invalid profile name '${name}': use letters, digits, '.', '_' or '-'`);
  return name;
}

/** The warning when the profiles file can be read by others (undefined when it cannot, or does not exist). */
export function exposedProfilesWarning(env: NodeJS.ProcessEnv): string | undefined {
  if (!profilesFileIsExposed(env)) return undefined;
  const path = profilesPath(env);
  return `kafka-cli: warning: ${path} is readable by other users; run: chmod 600 ${path}`;
}

/**
 * Saves the profile `build` returns as `name` (current with `use`, or when there is none yet); the name is checked
 * first, then that it is free (or `force`). Returns the file's path and whether the profile is current.
 */
export function addProfile(env: NodeJS.ProcessEnv, name: string, build: () => Profile, o: { use?: boolean; force?: boolean }): { path: string; current: boolean } {
  checkProfileName(name);
  const file = loadProfiles(env);
  if (file.profiles[name] && !o.force) throw new UsageError(`profile '${name}' exists; use --force to replace it`);
  file.profiles[name] = build();
  if (o.use || !file.current) file.current = name;
  return { path: saveProfiles(env, file), current: file.current === name };
}

function known(file: ProfilesFile, name: string): Profile {
  const p = file.profiles[name];
  if (!p) throw new UsageError(`unknown profile '${name}' (see: kafka-cli profile list)`);
  return p;
}

/** A saved profile (default: the current one) and whether it is current. */
export function getProfile(env: NodeJS.ProcessEnv, name?: string): { name: string; profile: Profile; current: boolean } {
  const file = loadProfiles(env);
  const n = name ?? file.current;
  if (!n) throw new UsageError('no current profile; name one: kafka-cli profile show <name>');
  return { name: n, profile: known(file, n), current: n === file.current };
}

export function useProfile(env: NodeJS.ProcessEnv, name: string): void {
  const file = loadProfiles(env);
  known(file, name);
  file.current = name;
  saveProfiles(env, file);
}

export function removeProfile(env: NodeJS.ProcessEnv, name: string): void {
  const file = loadProfiles(env);
  known(file, name);
  delete file.profiles[name];
  if (file.current === name) delete file.current;
  saveProfiles(env, file);
}
