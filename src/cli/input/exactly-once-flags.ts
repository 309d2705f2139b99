/** copy's --exactly-once, --group, --commit-every and --commit-interval, checked against the other flags. */
import { UsageError } from '../../core/errors.js';
import { parseDuration, parseIntArg } from '../../core/parse.js';
import type { ExactlyOnceOptions } from '../../kafka/produce/copy-exactly-once.js';

export interface ExactlyOnceFlags {
  exactlyOnce?: boolean;
  group?: string;
  commitEvery?: string;
  commitInterval?: string;
}

export const COMMIT_EVERY_DEFAULT = 10_000;
export const COMMIT_INTERVAL_DEFAULT = '1s';

/** The exactly-once options, or undefined for a plain copy; exit 2 for a combination that cannot hold. */
export function parseExactlyOnce(
  f: ExactlyOnceFlags,
  o: { acrossClusters: boolean; /** A redrive dry run. */ redrive: boolean; failed: boolean; acks: string; idempotence: boolean },
): ExactlyOnceOptions | undefined {
  if (!f.exactlyOnce) {
    for (const [given, flag] of [[f.group, '--group'], [f.commitEvery, '--commit-every'], [f.commitInterval, '--commit-interval']] as const) {
      if (given !== undefined) throw new UsageError(`${flag} goes with --exactly-once`);
    }
    return undefined;
  }
  if (f.group === undefined) throw new UsageError('--exactly-once needs --group <id>: the group holds where the copy is, committed in each transaction, and a copy started again resumes there');
  if (f.group.trim() === '') throw new UsageError('invalid --group: it is empty');
  if (o.acrossClusters) {
    throw new UsageError('--exactly-once needs the destination on the source cluster (records and source offsets commit in one transaction there); across clusters copy is at-least-once (idempotent on the destination)');
  }
  if (o.redrive) throw new UsageError('--exactly-once goes with --to-topic-from-header --execute (a dry run commits nothing)');
  if (o.failed) throw new UsageError('--failed does not go with --exactly-once: what was not committed is copied by the next run with the same --group');
  if (o.acks !== 'all' || !o.idempotence) throw new UsageError('--exactly-once needs --acks all and idempotence (transactions)');
  return {
    group: f.group,
    commitEvery: f.commitEvery === undefined ? COMMIT_EVERY_DEFAULT : parseIntArg(f.commitEvery, '--commit-every', 1, 1_000_000),
    commitIntervalMs: parseDuration(f.commitInterval ?? COMMIT_INTERVAL_DEFAULT, '--commit-interval'),
  };
}
