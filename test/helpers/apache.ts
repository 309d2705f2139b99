/**
 * Apache Kafka's own Java tools, from the jars the test broker runs on (the global setup fetched them), as peer
 * clients for cross-checks. One spawner for every test that runs them; tests that need them: requireTool('java-tools').
 */
import { existsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultCacheDir } from '../../src/local/broker.js';
import { testBroker } from './broker-info.js';
import { runProcess, startProcess, type RunningProcess } from './process.js';

/** The folder of the test broker's jars. */
export function kafkaLib(): string {
  return join(defaultCacheDir(), `kafka-${testBroker().version}`, 'lib');
}

export const isKafka4 = (): boolean => Number(testBroker().version.split('.')[0]) >= 4;

/** Tool classes that moved between releases. */
export function toolClass(tool: 'ConsoleProducer' | 'ConfigCommand'): string {
  const [major, minor] = testBroker().version.split('.').map(Number) as [number, number];
  if (tool === 'ConsoleProducer') return major >= 4 ? 'org.apache.kafka.tools.ConsoleProducer' : 'kafka.tools.ConsoleProducer';
  return major > 4 || (major === 4 && minor >= 2) ? 'org.apache.kafka.tools.ConfigCommand' : 'kafka.admin.ConfigCommand';
}

/** JVM flags that keep the tool's logging off stdout: log4j2 on 4.x (a log4j 1 flag there prints an error), reload4j on 3.x. */
function quietLogging(): string[] {
  if (!isKafka4()) return ['-Dlog4j.configuration=file:/dev/null'];
  const file = join(tmpdir(), 'kafka-cli-test-log4j2-off.properties');
  if (!existsSync(file)) writeFileSync(file, 'status = off\nrootLogger.level = off\n');
  return [`-Dlog4j2.configurationFile=${file}`];
}

export interface JavaRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

const javaArgs = (mainClass: string, args: string[]) => ['-Xmx256m', ...quietLogging(), '-cp', join(kafkaLib(), '*'), mainClass, ...args];

/** Runs one Apache tool to completion (killed after timeoutMs). */
export async function apacheTool(mainClass: string, args: string[], o: { timeoutMs?: number; input?: string } = {}): Promise<JavaRun> {
  const r = await runProcess('java', javaArgs(mainClass, args), { stdin: o.input, timeoutMs: o.timeoutMs ?? 90_000 });
  return { code: r.code, stdout: r.stdout, stderr: r.stderr };
}

/** Starts a long-running Apache tool (a consumer); stop it with child.kill(). */
export function startApacheTool(mainClass: string, args: string[]): RunningProcess {
  return startProcess('java', javaArgs(mainClass, args));
}

/**
 * The rows of a table Apache's tool printed after `header`, each as its text. A row starts with `first` (the group
 * or topic name the test chose). Kafka 3.9's ConsumerGroupCommand prints some tables (--reset-offsets, --delete-offsets)
 * without line breaks between their rows, so rows are cut where `first` and a space begin the next one.
 */
export function apacheRows(stdout: string, header: RegExp, first: string): string[] {
  const at = stdout.search(header);
  if (at < 0) return [];
  const esc = first.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return [...stdout.slice(at).matchAll(new RegExp(`${esc}\\s.*?(?=${esc}\\s|\\n|$)`, 'gs'))].map((m) => m[0].trim());
}
