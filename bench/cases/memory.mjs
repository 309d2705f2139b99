// memory: peak resident memory (RSS) of
//  - produce of BENCH_MEMORY_MB (default 1024) MB of ~100-byte keyed lines through stdin (a pipe, as a user's
//    generator feeds it), against kcat -P on the same input;
//  - tail --from beginning into a pipe that nobody reads (a stalled `| less`), sampled for 20 s, against kcat -C.
// Target (issue 21): both stay under 200 MB. RSS is read from /proc/<pid>/status (VmHWM, VmRSS), so Linux only.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';

const kb = (pid, field) => {
  try {
    const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
};

/** Runs cmd with `lines` lines of ~100 B written to its stdin; resolves to its peak RSS in MB. */
function peakWhileFed(cmd, args, lines) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['pipe', 'ignore', 'pipe'] });
    let peak = 0;
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const poll = setInterval(() => (peak = Math.max(peak, kb(child.pid, 'VmHWM'))), 200);
    const pad = 'x'.repeat(90);
    let i = 0;
    const write = () => {
      while (i < lines) {
        let chunk = '';
        for (let j = 0; j < 10_000 && i < lines; j++, i++) chunk += `k${i % 10_000}:${pad}${i}\n`;
        if (!child.stdin.write(chunk)) return void child.stdin.once('drain', write);
      }
      child.stdin.end();
    };
    child.stdin.on('error', () => {});
    write();
    child.on('close', (code) => {
      clearInterval(poll);
      if (code !== 0) reject(new Error(`${cmd} exited ${code}: ${stderr.slice(0, 400)}`));
      else resolve(peak / 1024);
    });
  });
}

/** Runs cmd with stdout into a pipe that is never read, for `ms`; resolves to its peak RSS in MB. */
function peakIntoStalledPipe(cmd, args, ms) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'ignore'] });
    child.stdout.pause();
    let peak = 0;
    const poll = setInterval(() => (peak = Math.max(peak, kb(child.pid, 'VmRSS'))), 200);
    setTimeout(() => {
      clearInterval(poll);
      peak = Math.max(peak, kb(child.pid, 'VmHWM'));
      child.kill('SIGKILL');
      resolve(peak / 1024);
    }, ms);
  });
}

export async function run(h) {
  const MB = Number(process.env.BENCH_MEMORY_MB ?? 1024);
  const lines = Math.round((MB * 1024 * 1024) / 100);
  const kcat = h.have('kcat');
  const broker = await h.startBenchBroker();
  const b = broker.bootstrap;
  try {
    const [node, bin] = h.cli();
    const cli = (...a) => [...bin, '-b', b, ...a];
    for (const t of ['bench-mem-ours', 'bench-mem-kcat']) {
      const r = await h.timeCommand(node, cli('topic', 'create', t, '-p', '6'), { stdout: 'capture' });
      if (r.code !== 0) throw new Error(`topic create failed: ${r.stderr}`);
    }
    console.error(`producing ${h.fmt(lines)} lines (~${MB} MB) through stdin ...`);
    const rows = [];
    const ours = await peakWhileFed(node, cli('produce', 'bench-mem-ours', '-K:', '-q'), lines);
    const theirs = kcat ? await peakWhileFed('kcat', ['-b', b, '-P', '-t', 'bench-mem-kcat', '-K:'], lines) : null;
    rows.push([`produce ${MB} MB through stdin`, h.fmt(ours), theirs === null ? '-' : h.fmt(theirs)]);
    const tailOurs = await peakIntoStalledPipe(node, cli('tail', 'bench-mem-ours', '--from', 'beginning', '-o', 'value'), 20_000);
    const tailKcat = kcat ? await peakIntoStalledPipe('kcat', ['-b', b, '-C', '-t', 'bench-mem-ours', '-o', 'beginning', '-q', '-f', '%s\n'], 20_000) : null;
    rows.push(['tail into a pipe nobody reads (20 s)', h.fmt(tailOurs), tailKcat === null ? '-' : h.fmt(tailKcat)]);
    h.printTable('memory: peak RSS in MB (target: kafka-cli < 200)', ['case', 'kafka-cli', 'kcat'], rows);
  } finally {
    await broker.stop();
  }
}
