// Topic admin: kafka-cli vs Apache's TopicCommand (kafka-topics.sh) vs kcat -L, on one fresh broker.
// Every command is a whole process, as a user runs it: start-up is part of the cost.
// BENCH_TOPICS (default 200) topics of 3 partitions; each timing is the median of BENCH_REPEAT (default 3) runs.
export async function run(h) {
  const N = Number(process.env.BENCH_TOPICS ?? 200);
  const REPEAT = Number(process.env.BENCH_REPEAT ?? 3);
  const broker = await h.startBenchBroker({ rebalanceDelayMs: 0 });
  const b = broker.bootstrap;
  const java = h.have('java');
  const kcat = h.have('kcat');
  const TC = 'org.apache.kafka.tools.TopicCommand';
  const median = (xs) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)];
  async function time(cmd, args, opts = {}) {
    const runs = [];
    for (let i = 0; i < REPEAT; i++) {
      const r = await h.timeCommand(cmd, typeof args === 'function' ? args(i) : args, opts);
      if (r.code !== 0) throw new Error(`${cmd} ${args} failed (${r.code}): ${r.stderr.slice(0, 500)}`);
      runs.push(r.ms);
    }
    return median(runs);
  }
  const rows = [];
  const add = (what, cli, tc, kc) => rows.push([what, h.fmt(cli), tc == null ? '-' : h.fmt(tc), kc == null ? '-' : h.fmt(kc), tc == null ? '-' : `${h.fmt(tc / cli, 1)}x`]);
  try {
    const names = Array.from({ length: N }, (_, i) => `bench-${String(i).padStart(4, '0')}`);
    // Create N topics in one kafka-cli command (TopicCommand takes one topic per JVM start: one is timed).
    const [node, bin] = h.cli();
    const created = await h.timeCommand(node, [...bin, '-b', b, 'topic', 'create', ...names, '-p', '3', '-o', 'json'], {});
    if (created.code !== 0) throw new Error(created.stderr);
    rows.push([`create ${N} topics (one command)`, h.fmt(created.ms), '-', '-', '-']);
    add(
      'create 1 topic',
      await time(node, (i) => [...bin, '-b', b, 'topic', 'create', `one-cli-${i}`, '-p', '3']),
      java ? await time('java', (i) => h.javaArgs(TC, ['--bootstrap-server', b, '--create', '--topic', `one-tc-${i}`, '--partitions', '3'])) : null,
    );
    add(
      `list ${N} topics (kafka-cli adds message counts)`,
      await time(node, [...bin, '-b', b, 'topic', 'list']),
      java ? await time('java', h.javaArgs(TC, ['--bootstrap-server', b, '--list'])) : null,
      kcat ? await time('kcat', ['-b', b, '-L']) : null,
    );
    add(
      'describe 1 topic (kafka-cli adds watermarks and configs)',
      await time(node, [...bin, '-b', b, 'topic', 'describe', names[0]]),
      java ? await time('java', h.javaArgs(TC, ['--bootstrap-server', b, '--describe', '--topic', names[0]])) : null,
      kcat ? await time('kcat', ['-b', b, '-L', '-t', names[0]]) : null,
    );
    add(
      'delete 1 topic',
      await time(node, (i) => [...bin, '-b', b, 'topic', 'delete', `one-cli-${i}`, '--yes']),
      java ? await time('java', (i) => h.javaArgs(TC, ['--bootstrap-server', b, '--delete', '--topic', `one-tc-${i}`])) : null,
    );
    h.printTable(
      `topics: ${N} topics x 3 partitions, median of ${REPEAT} runs, wall ms per command (broker ${broker.version})`,
      ['operation', 'kafka-cli', 'TopicCommand', 'kcat -L', 'TopicCommand / kafka-cli'],
      rows,
    );
    if (!java) console.log('java not found: TopicCommand skipped');
    if (!kcat) console.log('kcat not found: kcat skipped');
  } finally {
    await broker.stop();
  }
}
