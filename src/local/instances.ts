/**
 * A small record of the local instances kafka-cli started (one file per data dir under
 * $XDG_STATE_HOME/kafka-cli/instances/), so `local status|stop|logs` find a broker started with `--data-dir`
 * without the flag. Records whose nodes are all dead are removed whenever the records are read.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { UsageError } from '../core/errors.js';
import { defaultDataDir } from './broker.js';
import { clusterStatus } from './cluster.js';

interface InstanceRecord {
  dir: string;
  startedAt: string;
}

export function instancesDir(env: NodeJS.ProcessEnv = process.env): string {
  return join(env.XDG_STATE_HOME || join(homedir(), '.local', 'state'), 'kafka-cli', 'instances');
}

function recordFile(env: NodeJS.ProcessEnv, dir: string): string {
  return join(instancesDir(env), `${createHash('sha256').update(dir).digest('hex').slice(0, 16)}.json`);
}

export function recordInstance(env: NodeJS.ProcessEnv, dir: string): void {
  mkdirSync(instancesDir(env), { recursive: true });
  const rec: InstanceRecord = { dir, startedAt: new Date().toISOString() };
  writeFileSync(recordFile(env, dir), JSON.stringify(rec) + '\n');
}

export function forgetInstance(env: NodeJS.ProcessEnv, dir: string): void {
  rmSync(recordFile(env, dir), { force: true });
}

/** Data dirs of the recorded instances with at least one live node; stale records are deleted on the way. */
export function liveInstances(env: NodeJS.ProcessEnv = process.env): string[] {
  let files: string[];
  try {
    files = readdirSync(instancesDir(env)).filter((f) => f.endsWith('.json'));
  } catch {
    return [];
  }
  const dirs: string[] = [];
  for (const f of files) {
    const file = join(instancesDir(env), f);
    let rec: InstanceRecord | undefined;
    try {
      rec = JSON.parse(readFileSync(file, 'utf8')) as InstanceRecord;
    } catch {
      rec = undefined;
    }
    if (rec?.dir && clusterStatus(rec.dir)?.running) dirs.push(rec.dir);
    else rmSync(file, { force: true });
  }
  return dirs.sort();
}

/** `--data-dir` if given, else every live recorded instance (and the default dir if it runs unrecorded). */
export function knownInstances(env: NodeJS.ProcessEnv, cwd: string, dataDir?: string): string[] {
  if (dataDir) return [resolve(cwd, dataDir)];
  const dirs = new Set(liveInstances(env));
  const def = defaultDataDir(env);
  if (clusterStatus(def)?.running) dirs.add(def);
  return [...dirs].sort();
}

/**
 * The one instance a command acts on: `--data-dir`, else the only live instance, else the default data dir.
 * Several live instances and no `--data-dir` is a usage error naming them.
 */
export function targetInstance(env: NodeJS.ProcessEnv, cwd: string, dataDir?: string): string {
  const dirs = knownInstances(env, cwd, dataDir);
  if (dirs.length > 1) throw new UsageError(`${dirs.length} local instances run (${dirs.join(', ')}): choose one with --data-dir`);
  return dirs[0] ?? defaultDataDir(env);
}

/** Every running instance with its bootstrap address: the default target when nothing names a cluster. */
export function runningInstances(env: NodeJS.ProcessEnv, cwd: string): Array<{ dir: string; bootstrap: string }> {
  return knownInstances(env, cwd).flatMap((dir) => {
    const s = clusterStatus(dir);
    return s?.running && s.bootstrap ? [{ dir, bootstrap: s.bootstrap }] : [];
  });
}
