// tail: read BENCH_MESSAGES (default 1,000,000) messages of about 100 bytes from a 6-partition topic,
// `--from beginning --exit -o value` to /dev/null, vs `kcat -C -e -f '%s\n'` and Apache's ConsoleConsumer
// (--from-beginning --max-messages N); then the time to the first message of each, on a broker with the stock
// group.initial.rebalance.delay.ms = 3000. Every command is a whole process, as a user runs it.
// Each timing is the median of BENCH_REPEAT (default 3) runs.
// Targets (issue 5): throughput >= ConsoleConsumer and >= 0.5x kcat; first message < 1 s.
import { spawnSync } from 'node:child_process';

export async function run(h) {
  const N = h.MESSAGES;
  const REPEAT = Number(process.env.BENCH_REPEAT ?? 3);
  const PARTITIONS = 6;
  const topic = 'bench-tail';
  const kcat = h.have('kcat');
  const java = h.have('java');
  const median = (xs) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)];
  const broker = await h.startBenchBroker({ rebalanceDelayMs: 3000 });
  const b = broker.bootstrap;
  try {
    const [node, bin] = h.cli();
    const cli = (...a) => [...bin, '-b', b, ...a];
    let r = await h.timeCommand(node, cli('topic', 'create', topic, '-p', String(PARTITIONS)), { stdout: 'capture' });
    if (r.code !== 0) throw new Error(`topic create failed: ${r.stderr}`);
    console.error(`writing ${h.fmt(N)} messages of ~100 bytes ...`);
    const input = await h.keyedInputFile(N, 100);
    r = kcat
      ? await h.timeCommand('kcat', ['-b', b, '-P', '-t', topic, '-K:', '-X', 'linger.ms=20', '-X', 'batch.num.messages=10000'], { stdinFile: input })
      : await h.timeCommand(node, cli('produce', topic, '--key-separator', ':'), { stdinFile: input });
    if (r.code !== 0) throw new Error(`loading the topic failed: ${r.stderr.slice(0, 500)}`);

    // Each tool must read every message: count lines once, then time runs to /dev/null.
    const count = (sh) => Number(spawnSync('sh', ['-c', `${sh} | wc -l`], { encoding: 'utf8', maxBuffer: 1 << 20 }).stdout.trim());
    const q = (s) => `'${s.replace(/'/g, `'\\''`)}'`;
    const ours = cli('tail', topic, '--from', 'beginning', '--exit', '-o', 'value');
    const kcatArgs = ['-b', b, '-C', '-t', topic, '-e', '-q', '-f', '%s\n'];
    const javaArgs = h.javaArgs('org.apache.kafka.tools.consumer.ConsoleConsumer', ['--bootstrap-server', b, '--topic', topic, '--from-beginning', '--max-messages', String(N)]);
    const tools = [['kafka-cli tail', node, ours]];
    if (kcat) tools.push(['kcat -C -e', 'kcat', kcatArgs]);
    if (java) tools.push(['ConsoleConsumer', 'java', javaArgs]);
    for (const [name, cmd, args] of tools) {
      const n = count([cmd, ...args].map(q).join(' ') + ' 2>/dev/null');
      if (n !== N) throw new Error(`${name} printed ${n} lines, expected ${N}`);
    }
    const throughput = {};
    for (const [name, cmd, args] of tools) {
      const runs = [];
      for (let i = 0; i < REPEAT; i++) {
        const t = await h.timeCommand(cmd, args, { stdout: 'ignore' });
        if (t.code !== 0) throw new Error(`${name} failed (${t.code}): ${t.stderr.slice(0, 500)}`);
        runs.push(t.ms);
      }
      throughput[name] = median(runs);
    }

    const first = {};
    // Argument lists are made per run: a killed group member would otherwise delay the next join of its group.
    let run = 0;
    const firstTools = [
      ['kafka-cli tail', node, () => cli('tail', topic, '--from', 'beginning', '-o', 'value')],
      ['kafka-cli tail --group', node, () => cli('tail', topic, '--group', `bench-first-${run}`, '--from', 'beginning', '-o', 'value')],
    ];
    if (kcat) firstTools.push(['kcat -C', 'kcat', () => ['-b', b, '-C', '-t', topic, '-o', 'beginning', '-q', '-f', '%s\n']]);
    if (java) firstTools.push(['ConsoleConsumer', 'java', () => h.javaArgs('org.apache.kafka.tools.consumer.ConsoleConsumer', ['--bootstrap-server', b, '--topic', topic, '--from-beginning', '--group', `bench-first-java-${run}`])]);
    for (const [name, cmd, args] of firstTools) {
      const runs = [];
      for (let i = 0; i < REPEAT; i++) {
        run++;
        const t = await h.timeToFirstLine(cmd, args());
        if (t.ms === null) throw new Error(`${name} printed nothing: ${t.stderr.slice(0, 500)}`);
        runs.push(t.ms);
      }
      first[name] = median(runs);
    }

    const base = throughput['kafka-cli tail'];
    h.printTable(
      `tail: ${h.fmt(N)} messages of ~100 B, ${PARTITIONS} partitions, --from beginning to the end, output to /dev/null (median of ${REPEAT})`,
      ['tool', 'ms', 'msg/s', 'kafka-cli speed vs this'],
      Object.entries(throughput).map(([name, ms]) => [name, h.fmt(ms), h.fmt(h.rate(N, ms)), name === 'kafka-cli tail' ? '-' : `${h.fmt(ms / base, 2)}x`]),
    );
    h.printTable(
      `time to first message, --from beginning, broker group.initial.rebalance.delay.ms=3000 (median of ${REPEAT}, whole process)`,
      ['tool', 'ms'],
      Object.entries(first).map(([name, ms]) => [name, h.fmt(ms)]),
    );
    const verdicts = [];
    if (throughput['ConsoleConsumer']) verdicts.push(`vs ConsoleConsumer: ${h.fmt(throughput['ConsoleConsumer'] / base, 2)}x (target >= 1.00x)`);
    if (throughput['kcat -C -e']) verdicts.push(`vs kcat: ${h.fmt(throughput['kcat -C -e'] / base, 2)}x (target >= 0.50x)`);
    verdicts.push(`first message: ${h.fmt(first['kafka-cli tail'])} ms (target < 1000 ms)`);
    console.log('\n' + verdicts.join('\n'));
  } finally {
    await broker.stop();
  }
}
