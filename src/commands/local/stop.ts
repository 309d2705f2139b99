import type { Command } from 'commander';
import type { Ctx } from '../../cli/context.js';
import { parseIntArg } from '../../core/parse.js';
import { MAX_NODES, clusterStatus, stopCluster, stopNode } from '../../local/cluster.js';
import { forgetInstance, targetInstance } from '../../local/instances.js';
import { stopLocalRegistry } from './registry.js';

export function registerLocalStop(local: Command, ctx: Ctx): void {
  local
    .command('stop')
    .description('stop the local broker or cluster cleanly, or one node of it (data is kept)')
    .option('--node <id>', 'stop only this node (SIGTERM), e.g. to practise a broker failure')
    .option('--data-dir <dir>', 'the data directory given to start (default: the one running instance)')
    .addHelpText('after', '\nExamples:\n  kafka-cli local stop                # the broker or cluster, and its schema registry\n  kafka-cli local stop --node 2      # one broker of a local start --nodes 3 cluster')
    .action(async (opts: { dataDir?: string; node?: string }) => {
      const { io } = ctx;
      const id = opts.node === undefined ? undefined : parseIntArg(opts.node, '--node', 0, MAX_NODES);
      const dir = targetInstance(io.env, io.cwd, opts.dataDir);
      if (id === undefined && (await stopLocalRegistry(dir, ctx.signal))) io.stderr.write('schema registry stopped\n');
      const stopped = id === undefined ? await stopCluster(dir, ctx.signal) : await stopNode(dir, id, ctx.signal);
      if (!clusterStatus(dir)?.running) forgetInstance(io.env, dir);
      const what = id === undefined ? '' : `node ${id} `;
      io.stderr.write(stopped ? `${what}stopped\n` : `${what}not running\n`);
    });
}
