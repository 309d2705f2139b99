import type { Command } from 'commander';
import type { Ctx } from '../../cli/context.js';
import { dataSize } from '../../local/broker.js';
import { clusterStatus } from '../../local/cluster.js';
import { knownInstances } from '../../local/instances.js';
import { renderLocalStatus, renderLocalStatusJson, type LocalInstanceView } from '../../format/local.js';
import { outputOption, TABLE_JSON, type TableOrJson } from '../../cli/output-option.js';
import { printView } from '../../cli/view.js';
import { CliError, ExitCode } from '../../core/errors.js';
import { localRegistry } from './registry.js';

export function registerLocalStatus(local: Command, ctx: Ctx): void {
  local
    .command('status')
    .description('list every local instance kafka-cli started and its nodes (exit 1 when none runs)')
    .option('--data-dir <dir>', 'only the instance in this data directory')
    .addOption(outputOption(TABLE_JSON, 'table'))
    .addHelpText(
      'after',
      '\nExamples:\n  kafka-cli local status\n  kafka-cli local status -o json   # {"running", "instances": [{"dir", "bootstrap", "nodes": [{"id", "up", ...}], ...}]}',
    )
    .action(async (opts: { dataDir?: string; output: TableOrJson }) => {
      const { io } = ctx;
      const format = opts.output;
      const views: LocalInstanceView[] = [];
      for (const dir of knownInstances(io.env, io.cwd, opts.dataDir)) {
        const s = clusterStatus(dir);
        const reg = await localRegistry(dir);
        if (s) views.push({ ...s, dataBytes: s.nodes.reduce((n, x) => n + dataSize(x.dir), 0), ...(reg ? { schemaRegistry: { url: reg.url, version: reg.version, pid: reg.pid } } : {}) });
      }
      await printView(io, format, views, { json: renderLocalStatusJson, table: renderLocalStatus });
      // Not running is exit 1 with nothing more to say, so scripts can test it: `kafka-cli local status || ...`.
      if (!views.some((v) => v.running)) throw new CliError('', ExitCode.failed);
    });
}
