/** --transactional-id: everything is sent in one transaction, committed at the end of input or aborted. */
import type { Producer, Transaction } from 'kafkajs';
import type { KafkaClient } from '../client/client.js';
import { kafkaFailure, withDeadline } from '../client/client.js';

export async function beginTransaction(client: KafkaClient, producer: Producer, id: string): Promise<Transaction> {
  try {
    return await withDeadline(producer.transaction(), Math.max(client.config.timeoutMs, 10_000), 'starting the transaction timed out');
  } catch (e) {
    throw kafkaFailure(e, client.config, `start transaction '${id}'`);
  }
}

/** Commits (or aborts) the transaction; a commit that fails is aborted. `failure` says what went wrong. */
export async function finishTransaction(t: Pick<Transaction, 'commit' | 'abort'>, commit: boolean, describe: (e: unknown) => string): Promise<{ state: 'committed' | 'aborted'; failure?: string }> {
  try {
    if (commit) {
      await t.commit();
      return { state: 'committed' };
    }
    await t.abort();
    return { state: 'aborted' };
  } catch (e) {
    const failure = `${commit ? 'commit' : 'abort'} failed: ${describe(e)}`;
    if (commit) {
      try {
        await t.abort();
      } catch {
        /* the broker aborts it at the transaction timeout */
      }
    }
    return { state: 'aborted', failure };
  }
}
