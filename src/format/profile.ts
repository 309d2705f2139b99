/** `profile list` and `profile show` views: pure, secrets masked. */
import type { ChalkInstance } from 'chalk';
import type { Profile, ProfilesFile } from '../config/profiles.js';
import { renderTable } from './output.js';

export const MASK = '********';

/** A copy of the profile that is safe to print: the password is replaced, paths are kept. */
export function maskProfile(p: Profile): Profile {
  const copy: Profile = JSON.parse(JSON.stringify(p));
  if (copy.sasl?.password !== undefined) copy.sasl.password = MASK;
  return copy;
}

/** `profile list -o json`: [{"name", "current", "brokers"}], by name. */
export function profileListJson(file: ProfilesFile): unknown {
  return Object.keys(file.profiles)
    .sort()
    .map((n) => ({ name: n, current: n === file.current, brokers: file.profiles[n]!.brokers ?? null }));
}

/** `profile list`: one row per profile, `*` after the current one ('' when there are none). */
export function renderProfileList(file: ProfilesFile, c: ChalkInstance): string {
  const names = Object.keys(file.profiles).sort();
  const rows = names.map((n) => [n === file.current ? `${n} *` : n, file.profiles[n]!.brokers ?? '-', file.profiles[n]!.sasl?.mechanism ?? '-', file.profiles[n]!.tls?.enabled ? 'yes' : 'no']);
  return renderTable(['NAME', 'BROKERS', 'SASL', 'TLS'], rows, c);
}

/** `profile show -o json`: the profile with the password masked, after its name. */
export function profileShowJson(name: string, file: ProfilesFile): unknown {
  return { name, current: name === file.current, ...maskProfile(file.profiles[name]!) };
}

/** `profile show`: a headline, then one row per setting (nested ones as `sasl.username`). */
export function renderProfileShow(name: string, file: ProfilesFile, c: ChalkInstance): string {
  const rows = Object.entries(flatten(maskProfile(file.profiles[name]!))).map(([k, v]) => [k, v]);
  return `profile ${name}${name === file.current ? ' (current)' : ''}\n` + renderTable(['SETTING', 'VALUE'], rows, c);
}

function flatten(o: object, prefix = ''): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(o)) {
    if (v === undefined) continue;
    if (v && typeof v === 'object') Object.assign(out, flatten(v as object, `${prefix}${k}.`));
    else out[`${prefix}${k}`] = String(v);
  }
  return out;
}
