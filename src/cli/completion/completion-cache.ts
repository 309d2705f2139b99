/** The completion cache: one name per line, written atomically (a TAB never reads half a file). */
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

function writeAtomically(path: string, text: string): void {
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, path);
}

export interface CacheContents {
  topics?: string[];
  groups?: string[];
  profiles: string[];
}

/** Writes what was read; the stamp only when the cluster answered (else the next TAB tries again). */
export function writeCompletionCache(dir: string, c: CacheContents, now = Date.now()): void {
  mkdirSync(dir, { recursive: true });
  const lines = (names: string[]) => (names.length ? [...names].sort().join('\n') + '\n' : '');
  writeAtomically(join(dirname(dir), 'profiles'), lines(c.profiles));
  for (const kind of ['topics', 'groups'] as const) {
    const names = c[kind];
    const path = join(dir, kind);
    // An unreachable cluster leaves an empty list, so a TAB does not wait for it again and again.
    if (names) writeAtomically(path, lines(names));
    else if (!existsSync(path)) writeAtomically(path, '');
  }
  if (c.topics && c.groups) writeAtomically(join(dir, 'stamp'), `${Math.floor(now / 1000)}\n`);
}
