/** `kafka-cli top`: a live full-screen view of topics and consumer groups (issue 23). */
import type { Command } from 'commander';
import type { Ctx } from '../cli/context.js';
import { Interrupted, UsageError } from '../core/errors.js';
import { collect, parseDuration, validateTopicName } from '../core/parse.js';
import { chalkFor } from '../format/output.js';

const HELP = `
A live view of the cluster on the terminal's alternate screen, redrawn every --interval
and when the terminal is resized; the screen is restored when it ends.

  Topics: partitions, messages/s in (from the end offsets), under-replicated (URP) and
  offline partitions, SIZE on disk (the leader replicas' bytes from DescribeLogDirs; "-"
  where the log dirs are not readable). Groups: type, state, members, total lag, messages/s consumed
  (from the committed offsets), the lag's trend and the time to catch up at the pace
  of the last reads ("falling behind" when the lag grows, "stalled" when nothing moves).

Keys: ↑ ↓ or j k move, PgUp PgDn, Tab switches between topics and groups, Enter opens
the selected topic (partitions, leader, replicas, ISR) or group (partitions with lag
and owner), Esc or Backspace goes back, / filters by name (Enter applies, Esc clears),
s changes the sort of the focused pane, q quits (exit 0); Ctrl-C exits 130.

It needs a terminal (stdout and stdin): otherwise it exits 2. For a stream of reports
to a file or a pipe use: kafka-cli lag --all-groups --watch -o json

Examples:
  kafka-cli top
  kafka-cli top --interval 1s
  kafka-cli top --topic orders                 the topic and the groups that consume it
  kafka-cli top --group billing --group audit  those groups and the topics they consume
  kafka-cli top --regex '^payments\\.'          topics and groups whose name matches`;

interface Opts {
  group: string[];
  topic: string[];
  regex?: string;
  internal?: boolean;
  interval: string;
}

export function registerTop(program: Command, ctx: Ctx): void {
  program
    .command('top')
    .description('live full-screen view of topics and consumer groups: rates, lag trend, time to catch up')
    .option('-g, --group <id>', 'only this group and the topics it consumes (repeatable)', collect, [])
    .option('-t, --topic <name>', 'only this topic and the groups that consume it (repeatable)', collect, [])
    .option('--regex <pattern>', 'only topics and groups whose name matches the regular expression')
    .option('--internal', 'also internal topics (__consumer_offsets, ...)')
    .option('-i, --interval <duration>', 'time between reads', '2s')
    .addHelpText('after', HELP)
    .action(async (opts: Opts) => {
      const intervalMs = parseDuration(opts.interval, '--interval');
      if (intervalMs < 250) throw new UsageError('invalid --interval: at least 250ms');
      let regex: RegExp | undefined;
      if (opts.regex !== undefined) {
        try {
          regex = new RegExp(opts.regex);
        } catch (e) {
          throw new UsageError(`invalid --regex '${opts.regex}': ${(e as Error).message}`);
        }
      }
      const topics = [...new Set(opts.topic.map(validateTopicName))];
      const groups = [...new Set(opts.group)];
      if (ctx.io.stdout.isTTY !== true || ctx.io.stdin.isTTY !== true) {
        throw new UsageError('top needs a terminal (stdin and stdout); for reports to a pipe or a file use `kafka-cli lag --all-groups --watch -o json`');
      }

      const [{ LagReader }, { readTopSample }, { readTopicSizes }, { runTopScreen }] = await Promise.all([
        import('../kafka/groups/lag.js'),
        import('../kafka/groups/top-read.js'),
        import('../kafka/admin/log-dirs.js'),
        import('../cli/top-screen.js'),
      ]);
      const client = await ctx.client();
      const reader = await LagReader.open(client);
      ctx.onCleanup(() => reader.close());
      ctx.handlesSignal = true;
      const o = { groups, topics, regex, internal: opts.internal === true };
      const end = await runTopScreen({
        io: ctx.io,
        signal: ctx.signal,
        intervalMs,
        // The trend shows at most the last 120 reads (4 minutes at 2s).
        keep: 120,
        cluster: client.config.brokers.join(','),
        color: chalkFor(ctx.io, ctx.io.stdout),
        read: async (refresh) => {
          const sample = await readTopSample(reader, o, refresh);
          // Sizes where the log dirs are readable (DESCRIBE on the cluster); "-" otherwise, and the view goes on.
          const meta = await reader.groupSession.topics(false);
          const shown = new Map(sample.topics.map((t) => [t.name, meta.get(t.name) ?? []]));
          sample.sizes = await readTopicSizes(reader.groupSession, shown).catch(() => null);
          return sample;
        },
      });
      if (end === 'ctrl-c' || end === 'signal') throw new Interrupted();
    });
}
