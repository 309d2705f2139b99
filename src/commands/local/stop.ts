import type { Command } from 'commander';
import type { Ctx } from '../../cli/context.js';
import { resolve } from 'node:path';
import { defaultDataDir, stopBroker } from '../../local/broker.js';
import { stopLocalRegistry } from './registry.js';

export function registerLocalStop(local: Command, ctx: Ctx): void {
  local
    .command('stop')
    .description('stop the local broker cleanly (its data is kept)')
    .option('--data-dir <dir>', 'the broker data directory given to start')
    .addHelpText('after', '\nExamples:\n  kafka-cli local stop')
    .action(async (opts: { dataDir?: string }) => {
      const dir = opts.dataDir ? resolve(ctx.io.cwd, opts.dataDir) : defaultDataDir(ctx.io.env);
      if (await stopLocalRegistry(dir)) ctx.io.stderr.write('schema registry stopped\n');
      const stopped = await stopBroker(dir);
      ctx.io.stderr.write(stopped ? 'stopped\n' : 'not running\n');
    });
}
