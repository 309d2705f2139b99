/**
 * `copy`'s flags checked and turned into options, without I/O: every refused combination is one UsageError (exit 2)
 * before anything connects.
 */
import { UsageError } from '../../core/errors.js';
import { parseIntArg, parseKeyValue, parsePartitionList, validateTopicName } from '../../core/parse.js';
import { hasTarget, type TargetFlags } from '../../config/target.js';
import { makeRecordFilter } from '../record-filter.js';
import { parseStartSpec, parseStopSpec } from '../offset-spec.js';
import { parseDeliveryFlags, type DeliveryFlags } from './delivery-flags.js';
import { parseExactlyOnce, type ExactlyOnceFlags } from './exactly-once-flags.js';

export interface CopyOptionFlags extends TargetFlags, DeliveryFlags, ExactlyOnceFlags {
  from: string;
  last?: string;
  partition?: string;
  until?: string;
  follow?: boolean;
  readCommitted?: boolean;
  grep?: string;
  key?: string;
  header: string[];
  keepPartitions?: boolean;
  removeHeader: string[];
  toTopicFromHeader?: string;
  execute?: boolean;
  rate?: string;
  failed?: string;
}

export function copyOptionsFrom(sourceTopic: string, destArg: string | undefined, f: CopyOptionFlags, now = Date.now()) {
  validateTopicName(sourceTopic);
  const redrive = f.toTopicFromHeader;
  if (redrive !== undefined && destArg !== undefined) throw new UsageError('give either a destination topic or --to-topic-from-header, not both');
  if (redrive === undefined && destArg === undefined) throw new UsageError('missing destination: copy <source-topic> <dest-topic>, or --to-topic-from-header <name>');
  if (redrive === undefined && f.execute) throw new UsageError('--execute goes with --to-topic-from-header (a plain copy always sends)');
  if (redrive !== undefined && f.follow) throw new UsageError('--to-topic-from-header reads to the end and cannot --follow');
  if (redrive !== undefined && redrive.trim() === '') throw new UsageError('invalid --to-topic-from-header: it is empty');
  if (destArg !== undefined) validateTopicName(destArg);
  if (destArg === sourceTopic && !hasTarget(f)) throw new UsageError(`'${sourceTopic}' is both source and destination on the same cluster`);
  if (f.last !== undefined && f.from !== 'beginning') throw new UsageError('use either --from or -n/--last, not both');
  let grep: RegExp | undefined;
  if (f.grep !== undefined) {
    try {
      grep = new RegExp(f.grep);
    } catch (e) {
      throw new UsageError(`invalid --grep '${f.grep}': ${(e as Error).message}`);
    }
  }
  const delivery = parseDeliveryFlags(f);
  return {
    exactlyOnce: parseExactlyOnce(f, { acrossClusters: hasTarget(f), redrive: redrive !== undefined && !f.execute, failed: f.failed !== undefined, ...delivery }),
    redrive,
    destTopic: destArg,
    failedFile: f.failed,
    read: {
      topic: sourceTopic,
      partitions: f.partition !== undefined ? parsePartitionList(f.partition) : undefined,
      from: f.last !== undefined ? { kind: 'last' as const, count: BigInt(parseIntArg(f.last, '--last', 0)) } : parseStartSpec(f.from, now),
      fromGiven: true,
      exitAtEnd: f.follow !== true,
      until: f.until !== undefined ? parseStopSpec(f.until, now) : undefined,
      readCommitted: f.readCommitted === true,
      filter: makeRecordFilter({ key: f.key, grep, headerFilters: f.header.map((h) => parseKeyValue(h, '--header')) }),
    },
    write: {
      ...delivery,
      rate: f.rate === undefined ? undefined : parseIntArg(f.rate, '--rate', 1),
      onInvalid: 'stop' as const,
      keepPartitions: f.keepPartitions === true,
      removeHeaders: f.removeHeader,
    },
  };
}
