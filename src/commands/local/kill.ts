import type { Command } from 'commander';
import type { Ctx } from '../../cli/context.js';
import { parseIntArg } from '../../core/parse.js';
import { MAX_NODES, clusterStatus, killNode } from '../../local/cluster.js';
import { forgetInstance, targetInstance } from '../../local/instances.js';

export function registerLocalKill(local: Command, ctx: Ctx): void {
  local
    .command('kill')
    .description('kill one node at once (SIGKILL), as a crash or a power cut would; start it again with local start --node')
    .requiredOption('--node <id>', 'the node to kill (local status lists them)')
    .option('--data-dir <dir>', 'the data directory given to start (default: the one running instance)')
    .addHelpText('after', '\nExamples:\n  kafka-cli local kill --node 1\n  kafka-cli local start --node 1')
    .action(async (opts: { dataDir?: string; node: string }) => {
      const { io } = ctx;
      const id = parseIntArg(opts.node, '--node', 0, MAX_NODES);
      const dir = targetInstance(io.env, io.cwd, opts.dataDir);
      const killed = await killNode(dir, id, ctx.signal);
      if (!clusterStatus(dir)?.running) forgetInstance(io.env, dir);
      io.stderr.write(killed ? `node ${id} killed\n` : `node ${id} not running\n`);
    });
}
