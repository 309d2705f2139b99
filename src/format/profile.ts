import type { Profile, ProfilesFile } from '../config/profiles.js';

export const MASK = '********';

/** A copy of the profile that is safe to print: the password is replaced, paths are kept. */
export function maskProfile(p: Profile): Profile {
  const copy: Profile = JSON.parse(JSON.stringify(p));
  if (copy.sasl?.password !== undefined) copy.sasl.password = MASK;
  return copy;
}

export const PROFILE_LIST_HEADERS = ['NAME', 'BROKERS', 'SASL', 'TLS'];

/** profile list: the names in order, the current one marked with *. */
export function toProfileRows(file: ProfilesFile): string[][] {
  return Object.keys(file.profiles)
    .sort()
    .map((n) => [n === file.current ? `${n} *` : n, file.profiles[n]!.brokers ?? '-', file.profiles[n]!.sasl?.mechanism ?? '-', file.profiles[n]!.tls?.enabled ? 'yes' : 'no']);
}

/** profile list -o json. */
export function toProfileListJson(file: ProfilesFile): Array<{ name: string; current: boolean; brokers: string | null }> {
  return Object.keys(file.profiles)
    .sort()
    .map((n) => ({ name: n, current: n === file.current, brokers: file.profiles[n]!.brokers ?? null }));
}

/** profile show: one SETTING, VALUE row per setting, nested ones dotted (sasl.username). */
export function toSettingRows(o: object, prefix = ''): string[][] {
  const out: string[][] = [];
  for (const [k, v] of Object.entries(o)) {
    if (v === undefined) continue;
    if (v && typeof v === 'object') out.push(...toSettingRows(v as object, `${prefix}${k}.`));
    else out.push([`${prefix}${k}`, String(v)]);
  }
  return out;
}
