import type { Command } from 'commander';
import type { Ctx } from '../../cli/context.js';
import { createReadStream, existsSync, readFileSync, statSync, watch } from 'node:fs';
import { brokerLogPath } from '../../local/broker.js';
import { MAX_NODES, nodeLogPath, readPlan } from '../../local/cluster.js';
import { targetInstance } from '../../local/instances.js';
import { parseIntArg } from '../../cli/parse.js';
import { KafkaError } from '../../cli/errors.js';

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
      const dir = targetInstance(io.env, io.cwd, opts.dataDir);
      const file = readPlan(dir) ? nodeLogPath(dir, id) : brokerLogPath(dir);
      if (!existsSync(file)) throw new KafkaError(`no broker log at ${file} (has the local broker been started?)`);
      const lines = readFileSync(file, 'utf8').split('\n');
      if (lines[lines.length - 1] === '') lines.pop();
      if (n > 0) io.stdout.write(lines.slice(-n).join('\n') + '\n');
      if (!opts.follow) return;
      ctx.handlesSignal = true;
      let pos = statSync(file).size;
      await new Promise<void>((done) => {
        const w = watch(file, () => {
          const size = statSync(file).size;
          if (size <= pos) return;
          createReadStream(file, { start: pos, end: size - 1 }).on('data', (c) => io.stdout.write(c));
          pos = size;
        });
        ctx.signal.addEventListener('abort', () => {
          w.close();
          done();
        }, { once: true });
      });
    });
}
