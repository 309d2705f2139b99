import type { Command } from 'commander';
import type { Ctx } from '../../cli/context.js';
import { parseIntArg } from '../../cli/parse.js';
import { DEFAULT_KAFKA_VERSION, DEFAULT_PORT, defaultDataDir, runningBroker, startBroker } from '../../local/broker.js';
import { startSpinner } from '../../format/spinner.js';
import { parseTableOrJson, renderJson } from '../../format/output.js';
import { resolve } from 'node:path';
import { startLocalRegistry, wantsRegistry } from './registry.js';
import { DEFAULT_REGISTRY_PORT } from '../../local/registry.js';

interface Opts {
  port: string;
  controllerPort?: string;
  kafkaVersion: string;
  dataDir?: string;
  rebalanceDelay: string;
  output: string;
  schemaRegistryPort: string;
}

export function registerLocalStart(local: Command, ctx: Ctx): void {
  local
    .command('start')
    .description('start the local broker in the background and wait until it answers')
    .option('--port <port>', 'plaintext listener port', String(DEFAULT_PORT))
    .option('--controller-port <port>', 'KRaft controller port (default: port + 1)')
    .option('--kafka-version <version>', 'Apache Kafka version to run', DEFAULT_KAFKA_VERSION)
    .option('--data-dir <dir>', 'where the broker keeps its data (default $XDG_DATA_HOME/kafka-cli/local)')
    .option('--rebalance-delay <ms>', 'group.initial.rebalance.delay.ms (stock brokers use 3000)', '0')
    .option('--schema-registry-port <port>', 'with --schema-registry: the registry port', String(DEFAULT_REGISTRY_PORT))
    .option('-o, --output <format>', 'table or json', 'table')
    .addHelpText('after', '\nExamples:\n  kafka-cli local start\n  kafka-cli local start --port 19092 --kafka-version 3.9.1\n  kafka-cli local start --schema-registry     # also an Apicurio Schema Registry (Confluent API) on 127.0.0.1:8081\n\nWith --schema-registry, an in-memory Apicurio Registry (Java 21+ for 3.x, else 2.6) starts beside the broker;\nits URL is printed (use it as --schema-registry or KAFKA_SCHEMA_REGISTRY_URL); a restart forgets its schemas.')
    .action(async (opts: Opts) => {
      const { io } = ctx;
      const format = parseTableOrJson(opts.output);
      const port = parseIntArg(opts.port, '--port', 1, 65535);
      const controller = opts.controllerPort ? parseIntArg(opts.controllerPort, '--controller-port', 1, 65535) : port + 1;
      const delay = parseIntArg(opts.rebalanceDelay, '--rebalance-delay', 0, 300_000);
      const dir = opts.dataDir ? resolve(io.cwd, opts.dataDir) : defaultDataDir(io.env);
      const withRegistry = wantsRegistry(ctx);
      const already = runningBroker(dir);
      let state = already;
      if (!state) {
        const spinner = await startSpinner(io, `starting Apache Kafka ${opts.kafkaVersion} on 127.0.0.1:${port}`, format !== 'json');
        try {
          state = await startBroker({
            dir,
            version: opts.kafkaVersion,
            ports: { plaintext: port, controller },
            initialRebalanceDelayMs: delay,
            onProgress: (l) => io.stderr.write(`${l}\n`),
          });
        } finally {
          spinner.stop();
        }
      }
      const registry = withRegistry ? await startLocalRegistry(ctx, dir, opts.schemaRegistryPort) : undefined;
      if (format === 'json') io.stdout.write(renderJson({ running: true, alreadyRunning: !!already, ...state, ...(registry ? { schemaRegistry: { url: registry.state.url, version: registry.state.version, pid: registry.state.pid, alreadyRunning: registry.already } } : {}) }));
      else {
        io.stderr.write(already ? `already running (pid ${state.pid}, Kafka ${state.version})\n` : `started Apache Kafka ${state.version} (pid ${state.pid}, data in ${dir})\n`);
        io.stdout.write(`${state.bootstrap}\n`);
        if (registry) {
          io.stderr.write(registry.already ? `schema registry already running (pid ${registry.state.pid})\n` : `started Apicurio Registry ${registry.state.version} (pid ${registry.state.pid}, Java ${registry.state.javaMajor})\n`);
          io.stdout.write(`${registry.state.url}\n`);
        }
      }
    });
}
