import type { Command } from 'commander';
import type { Ctx } from '../../cli/context.js';
import { MAX_NODES } from '../../local/cluster.js';
import { targetInstance } from '../../local/instances.js';
import { followFile, lastLines, localLogFile } from '../../local/logs.js';
import { parseIntArg } from '../../core/parse.js';

export function registerLocalLogs(local: Command, ctx: Ctx): void {
  local
    .command('logs')
    .description("print the local broker's log")
    .option('-n, --lines <n>', 'how many of the last lines', '100')
    .option('-f, --follow', 'keep printing new lines (Ctrl-C stops)')
    .option('--node <id>', 'the log of this node of a cluster (default: broker 1)')
    .option('--data-dir <dir>', 'the data directory given to start (default: the one running instance)')
    .addHelpText('after', '\nExamples:\n  kafka-cli local logs -n 20\n  kafka-cli local logs -f\n  kafka-cli local logs --node 0    # the controller of a local start --nodes 3 cluster')
    .action(async (opts: { lines: string; follow?: boolean; dataDir?: string; node?: string }) => {
      const { io } = ctx;
      const n = parseIntArg(opts.lines, '--lines', 0);
      const id = opts.node === undefined ? undefined : parseIntArg(opts.node, '--node', 0, MAX_NODES);
      const file = localLogFile(targetInstance(io.env, io.cwd, opts.dataDir), id);
      if (n > 0) io.stdout.write(lastLines(file, n).join('\n') + '\n');
      if (!opts.follow) return;
      ctx.handlesSignal = true;
      ctx.endWhenReaderGoes();
      await followFile(file, (c) => io.stdout.write(c), ctx.signal);
    });
}
