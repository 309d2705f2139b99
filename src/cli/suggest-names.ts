/**
 * "Did you mean" for a topic or group the cluster does not have (`tail ordres` → `topic 'ordres' does not exist
 * (did you mean 'orders'?)`): the names the cluster has are asked once, only on that error, on the command's
 * client. The exit code stays 1; when the names cannot be had in time, the line is as it was.
 */
import { NotFound } from '../core/errors.js';
import { didYouMeanAll } from '../core/suggest.js';
import type { Ctx } from './context.js';

/** How long listing the names may add to a failing command. */
const LIST_MS = 2000;

export async function withNameSuggestion(e: unknown, ctx: Ctx): Promise<unknown> {
  if (!(e instanceof NotFound) || e.names.length === 0 || ctx.signal.aborted) return e;
  try {
    const client = await ctx.client();
    const list =
      e.kind === 'topic'
        ? import('../kafka/client/topic-metadata.js').then((m) => m.listTopicNames(client))
        : import('../kafka/groups/groups.js').then((m) => m.listGroupNames(client));
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<undefined>((resolve) => {
      timer = setTimeout(() => resolve(undefined), Math.min(LIST_MS, client.config.timeoutMs));
    });
    const known = await Promise.race([list, late]).finally(() => clearTimeout(timer));
    const suffix = known ? didYouMeanAll(e.names, known) : '';
    return suffix ? new NotFound(e.message + suffix, e.kind, e.names) : e;
  } catch {
    return e;
  }
}
