/**
 * What users type for topic configs: Apache's `--add-config k=v,k2=[a,b]` / `--delete-config k,k2` lists, and
 * values with units for time and size configs (`retention.ms=7d`, `segment.bytes=1GiB`), converted before sending.
 */
import { UsageError } from '../core/errors.js';
import { durationMs } from '../core/parse.js';

/** Splits on commas outside [...]. */
function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of text) {
    if (ch === '[') depth++;
    else if (ch === ']') depth = Math.max(0, depth - 1);
    if (ch === ',' && depth === 0) {
      parts.push(cur);
      cur = '';
    } else cur += ch;
  }
  parts.push(cur);
  return parts;
}

/**
 * `k=v,k2=v2` as Apache's kafka-configs.sh takes it. A list value goes in brackets (`cleanup.policy=[compact,delete]`);
 * a piece without `=` also continues the previous value (`cleanup.policy=compact,delete`).
 */
export function parseAddConfig(text: string, flag = '--add-config'): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (const piece of splitTopLevel(text)) {
    const eq = piece.indexOf('=');
    if (eq < 0) {
      const last = out[out.length - 1];
      if (!last || piece.trim() === '') throw new UsageError(`invalid ${flag} '${text}': expected key=value[,key=value...]`);
      last[1] += `,${piece.trim()}`;
      continue;
    }
    const key = piece.slice(0, eq).trim();
    if (key === '') throw new UsageError(`invalid ${flag} '${text}': a key is empty`);
    out.push([key, piece.slice(eq + 1).trim().replace(/^\[(.*)\]$/, '$1')]);
  }
  return out;
}

/** `k,k2` for --delete-config. */
export function parseDeleteConfig(text: string, flag = '--delete-config'): string[] {
  const keys = text.split(',').map((k) => k.trim());
  if (keys.some((k) => k === '')) throw new UsageError(`invalid ${flag} '${text}': expected key[,key...]`);
  return keys;
}

const SIZE_UNITS: Record<string, bigint> = {
  b: 1n,
  kb: 1000n, mb: 1000n ** 2n, gb: 1000n ** 3n, tb: 1000n ** 4n,
  kib: 1024n, mib: 1024n ** 2n, gib: 1024n ** 3n, tib: 1024n ** 4n,
};

export interface ConvertedValue {
  value: string;
  /** Set when a unit was converted: what the user typed. */
  typed?: string;
}

/** `7d` for a `*.ms` config, `1GiB` for a `*.bytes` config: the plain number the broker wants; other values as typed. */
export function convertConfigUnits(name: string, value: string): ConvertedValue {
  const v = value.trim();
  if (name.endsWith('.ms')) {
    // The one duration grammar, in any case and with `min` for minutes as well. Config durations are not timers:
    // no 24-day cap as in --timeout, and weeks are common for retention.
    const ms = durationMs(v.toLowerCase().replace(/min$/, 'm'));
    if (ms === undefined) return { value };
    if (!Number.isInteger(ms)) throw new UsageError(`invalid ${name} '${value}': not a whole number of milliseconds`);
    return { value: String(ms), typed: value };
  }
  if (name.endsWith('.bytes')) {
    const m = /^(\d+)(?:\.(\d+))?\s*(b|kb|mb|gb|tb|kib|mib|gib|tib)$/i.exec(v);
    if (!m) return { value };
    const unit = SIZE_UNITS[m[3]!.toLowerCase()]!;
    const frac = m[2] ?? '';
    const scaled = (BigInt(m[1]! + frac) * unit);
    const div = 10n ** BigInt(frac.length);
    if (scaled % div !== 0n) throw new UsageError(`invalid ${name} '${value}': not a whole number of bytes`);
    return { value: (scaled / div).toString(), typed: value };
  }
  return { value };
}

/** Converts every value with a unit; `notes` gets one line per conversion (shown before sending). */
export function convertConfigs(configs: Array<[string, string]>, notes: string[]): Array<[string, string]> {
  return configs.map(([k, v]) => {
    const c = convertConfigUnits(k, v);
    if (c.typed !== undefined) notes.push(`kafka-cli: ${k}=${c.typed} is sent as ${k}=${c.value}`);
    return [k, c.value];
  });
}
