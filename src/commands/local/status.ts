import type { Command } from 'commander';
import type { Ctx } from '../../cli/context.js';
import { resolve } from 'node:path';
import { dataSize, defaultDataDir, runningBroker } from '../../local/broker.js';
import { parseTableOrJson, renderJson } from '../../format/output.js';
import { CliError, ExitCode } from '../../cli/errors.js';
import { localRegistry } from './registry.js';

export function registerLocalStatus(local: Command, ctx: Ctx): void {
  local
    .command('status')
    .description('say whether the local broker runs, and where (exit 1 when it does not)')
    .option('--data-dir <dir>', 'the broker data directory given to start')
    .option('-o, --output <format>', 'table or json', 'table')
    .addHelpText('after', '\nExamples:\n  kafka-cli local status\n  kafka-cli local status -o json   # {"running", "bootstrap", "pid", "version", "dir", ...}')
    .action(async (opts: { dataDir?: string; output: string }) => {
      const { io } = ctx;
      const format = parseTableOrJson(opts.output);
      const dir = opts.dataDir ? resolve(io.cwd, opts.dataDir) : defaultDataDir(io.env);
      const s = runningBroker(dir);
      const reg = await localRegistry(dir);
      const regJson = reg ? { schemaRegistry: { url: reg.url, version: reg.version, pid: reg.pid } } : {};
      if (format === 'json') {
        io.stdout.write(renderJson(s ? { running: true, bootstrap: s.bootstrap, pid: s.pid, version: s.version, dir, startedAt: s.startedAt, dataBytes: dataSize(dir), ...regJson } : { running: false, dir, ...regJson }));
      } else if (s) {
        io.stdout.write(`running: ${s.bootstrap} (Kafka ${s.version}, pid ${s.pid}, since ${s.startedAt}, data ${dir})\n`);
        if (reg) io.stdout.write(`schema registry: ${reg.url} (Apicurio ${reg.version}, pid ${reg.pid})\n`);
      } else {
        io.stdout.write('not running\n');
      }
      // Not running is exit 1 with nothing more to say, so scripts can test it: `kafka-cli local status || ...`.
      if (!s) throw new CliError('', ExitCode.failed);
    });
}
