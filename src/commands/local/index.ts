import type { Command } from 'commander';
import type { Ctx } from '../../cli/context.js';
import { registerLocalStart } from './start.js';
import { registerLocalStop } from './stop.js';
import { registerLocalStatus } from './status.js';
import { registerLocalLogs } from './logs.js';
import { registerLocalKill } from './kill.js';

export function registerLocal(program: Command, ctx: Ctx): void {
  const local = program
    .command('local')
    .description('run a local Kafka broker or a cluster of up to 5 brokers (KRaft, from the Apache jars on Maven Central; needs java and mvn, no Docker)')
    .addHelpText('after', '\nExamples:\n  kafka-cli local start\n  kafka-cli local start --nodes 3 --port 19092\n  kafka-cli local kill --node 2\n  kafka-cli local status\n  kafka-cli local logs -n 50\n  kafka-cli local stop');
  registerLocalStart(local, ctx);
  registerLocalStop(local, ctx);
  registerLocalStatus(local, ctx);
  registerLocalLogs(local, ctx);
  registerLocalKill(local, ctx);
}
