import type { Command } from 'commander';
import type { Ctx } from '../../cli/context.js';
import { parseIntArg } from '../../core/parse.js';
import { DEFAULT_KAFKA_VERSION, DEFAULT_PORT, defaultDataDir } from '../../local/broker.js';
import { MAX_NODES, clusterStatus, planCluster, startCluster, startNode } from '../../local/cluster.js';
import { recordInstance, targetInstance } from '../../local/instances.js';
import { startSpinner } from '../../format/spinner.js';
import { renderJson } from '../../format/output.js';
import { localNodeJson, localStartJson } from '../../format/local.js';
import { outputOption, TABLE_JSON, type TableOrJson } from '../../cli/output-option.js';
import { asJson, note, printView } from '../../cli/view.js';
import { resolve } from 'node:path';
import { startLocalRegistry, wantsRegistry } from './registry.js';
import { DEFAULT_REGISTRY_PORT } from '../../local/registry.js';

interface Opts {
  port: string;
  controllerPort?: string;
  kafkaVersion: string;
  dataDir?: string;
  rebalanceDelay: string;
  nodes: string;
  node?: string;
  output: TableOrJson;
  schemaRegistryPort: string;
}

export function registerLocalStart(local: Command, ctx: Ctx): void {
  local
    .command('start')
    .description('start the local broker (or a cluster of up to 5 brokers) in the background and wait until it answers')
    .option('--port <port>', 'plaintext listener port of the first broker (the others take the next ports)', String(DEFAULT_PORT))
    .option('--controller-port <port>', 'KRaft controller port (default: the port after the last broker)')
    .option('--nodes <n>', `how many brokers, 1 to ${MAX_NODES}; from 2 on a dedicated controller (node 0) runs beside brokers 1..n`, '1')
    .option('--node <id>', 'start only this node of an existing cluster again (after local stop|kill --node)')
    .option('--kafka-version <version>', 'Apache Kafka version to run', DEFAULT_KAFKA_VERSION)
    .option('--data-dir <dir>', 'where the broker keeps its data (default $XDG_DATA_HOME/kafka-cli/local)')
    .option('--rebalance-delay <ms>', 'group.initial.rebalance.delay.ms (stock brokers use 3000)', '0')
    .option('--schema-registry-port <port>', 'with --schema-registry: the registry port', String(DEFAULT_REGISTRY_PORT))
    .addOption(outputOption(TABLE_JSON, 'table'))
    .addHelpText(
      'after',
      '\nWith --nodes 2-5 each broker gets a 512 MB heap and the controller 256 MB (three brokers: about 800 MB of RAM);\n' +
        'a single node keeps 768 MB. The data dir remembers the layout: later starts, stops and --node use it.\n' +
        '\nWith --schema-registry, an in-memory Apicurio Registry (Java 21+ for 3.x, else 2.6) starts beside the broker;\n' +
        'its URL is printed (use it as --schema-registry or KAFKA_SCHEMA_REGISTRY_URL); a restart forgets its schemas.\n' +
        '\nExamples:\n  kafka-cli local start\n  kafka-cli local start --port 19092 --kafka-version 3.9.1\n' +
        '  kafka-cli local start --nodes 3            # brokers on 9092-9094, controller on 9095, RF 3, min.insync.replicas 2\n' +
        '  kafka-cli local start --node 2             # restart broker 2 after local stop|kill --node 2\n' +
        '  kafka-cli local start --schema-registry    # also an Apicurio Schema Registry (Confluent API) on 127.0.0.1:8081',
    )
    .action(async (opts: Opts) => {
      const { io } = ctx;
      const format = opts.output;
      if (opts.node !== undefined) {
        const id = parseIntArg(opts.node, '--node', 0, MAX_NODES);
        const dir = targetInstance(io.env, io.cwd, opts.dataDir);
        const n = await startNode(dir, id, ctx.signal);
        await printView(io, format, n, { json: asJson(localNodeJson), table: (x) => note(`node ${x.id} up (pid ${x.pid}, ${x.address})\n`) });
        return;
      }
      const port = parseIntArg(opts.port, '--port', 1, 65535);
      const nodes = parseIntArg(opts.nodes, '--nodes', 1, MAX_NODES);
      const controllerPort = opts.controllerPort ? parseIntArg(opts.controllerPort, '--controller-port', 1, 65535) : undefined;
      const delay = parseIntArg(opts.rebalanceDelay, '--rebalance-delay', 0, 300_000);
      const dir = opts.dataDir ? resolve(io.cwd, opts.dataDir) : defaultDataDir(io.env);
      const withRegistry = wantsRegistry(ctx);
      const plan = planCluster({ nodes, port, controllerPort, version: opts.kafkaVersion, initialRebalanceDelayMs: delay });
      const before = clusterStatus(dir);
      const already = !!before && before.nodes.every((n) => n.up);
      // Also when it already runs: startCluster checks the size asked for against the data dir's cluster.
      const what = nodes === 1 ? `on 127.0.0.1:${port}` : `with ${nodes} brokers from 127.0.0.1:${port}`;
      const spinner = await startSpinner(io, `starting Apache Kafka ${opts.kafkaVersion} ${what}`, format !== 'json' && !already);
      let state;
      try {
        state = await startCluster(dir, plan, (l) => io.stderr.write(`${l}\n`), ctx.signal);
      } finally {
        spinner.stop();
      }
      recordInstance(io.env, dir);
      const registry = withRegistry ? await startLocalRegistry(ctx, dir, opts.schemaRegistryPort) : undefined;
      const s = state;
      if (format === 'json') {
        const r = registry && { url: registry.state.url, version: registry.state.version, pid: registry.state.pid, alreadyRunning: registry.already };
        io.stdout.write(renderJson(localStartJson(s, dir, already, r)));
      } else {
        const pids = s.nodes.map((n) => n.pid).join(', ');
        io.stderr.write(already ? `already running (pid ${pids}, Kafka ${s.version})\n` : `started Apache Kafka ${s.version} (pid ${pids}, data in ${dir})\n`);
        io.stdout.write(`${s.bootstrap}\n`);
        if (registry) {
          io.stderr.write(registry.already ? `schema registry already running (pid ${registry.state.pid})\n` : `started Apicurio Registry ${registry.state.version} (pid ${registry.state.pid}, Java ${registry.state.javaMajor})\n`);
          io.stdout.write(`${registry.state.url}\n`);
        }
      }
    });
}
