// Start-up: whole processes as a user runs them, against one fresh broker: `node -e 0` (the floor), kafka-cli
// --version, --help and `cluster` in the bundled build (what bin/kafka-cli.js runs) and in tsc's one-file-per-module
// build (KAFKA_CLI_NO_BUNDLE=1), and `kcat -L`. Targets (issue 21): `cluster` within 100 ms of `node -e 0`,
// `--help` within 1.4x of it. Each figure is the median of BENCH_REPEAT (default 9) runs.
export async function run(h) {
  const REPEAT = Number(process.env.BENCH_REPEAT ?? 9);
  const broker = await h.startBenchBroker({ rebalanceDelayMs: 0 });
  const b = broker.bootstrap;
  const median = (xs) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)];
  async function time(cmd, args, env = {}) {
    const runs = [];
    for (let i = 0; i < REPEAT; i++) {
      const r = await h.timeCommand(cmd, args, { env });
      if (r.code !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.code}): ${r.stderr.slice(0, 500)}`);
      runs.push(r.ms);
    }
    return median(runs);
  }
  try {
    const [node, bin] = h.cli();
    const floor = await time(node, ['-e', '0']);
    const rows = [['node -e 0', h.fmt(floor), '-', '1.00x', '+0']];
    const row = (what, ms) => rows.push([what, h.fmt(ms), '-', `${h.fmt(ms / floor, 2)}x`, `+${h.fmt(ms - floor)}`]);
    for (const [what, args] of [
      ['--version', ['--version']],
      ['--help', ['--help']],
      ['cluster', ['-b', b, 'cluster']],
    ]) {
      const bundled = await time(node, [...bin, ...args]);
      const plain = await time(node, [...bin, ...args], { KAFKA_CLI_NO_BUNDLE: '1' });
      rows.push([`kafka-cli ${what}`, h.fmt(bundled), h.fmt(plain), `${h.fmt(bundled / floor, 2)}x`, `+${h.fmt(bundled - floor)}`]);
    }
    if (h.have('kcat')) row('kcat -L', await time('kcat', ['-b', b, '-L']));
    h.printTable(
      `start-up: wall ms per process, median of ${REPEAT} (broker ${broker.version})`,
      ['command', 'bundled', 'tsc build', 'vs node -e 0', 'ms over node'],
      rows,
    );
    console.log('targets (issue 21): cluster within +100 ms of node -e 0, --help within 1.40x');
  } finally {
    await broker.stop();
  }
}
