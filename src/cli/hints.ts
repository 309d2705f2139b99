/**
 * Habits users bring from Apache's tools and kcat, answered with one line (a usage error, exit 2) that says
 * what kafka-cli calls it, instead of commander's "unknown option" or a confusing later error.
 */

// Global options that take a value, so the scanner does not take their value for the command name.
const GLOBAL_WITH_VALUE = new Set(['-b', '--brokers', '--client-id', '--timeout', '--profile', '--sasl-mechanism', '--sasl-username', '--sasl-password-file', '--sasl-password', '--tls-ca', '--tls-cert', '--tls-key']);

/** The command word (tail, produce, ...) and the words after it. */
function splitCommand(argv: string[]): { command?: string; rest: string[] } {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') break;
    if (GLOBAL_WITH_VALUE.has(a)) {
      i++;
      continue;
    }
    if (!a.startsWith('-')) return { command: a, rest: argv.slice(i + 1) };
  }
  return { rest: [] };
}

/** kcat's -o forms: beginning, end, stored, an offset, -N from the end, s@/e@ timestamps. */
const KCAT_OFFSET = /^(beginning|end|stored|-?\d+|[se]@\d+)$/;

/** Whether an option of a command takes a value (from the real program's definitions); undefined: unknown option. */
export type TakesValue = (command: string, flag: string) => boolean | undefined;

/** The hint for a habit in `argv`, or undefined. Only looks at words before a `--`. */
export function habitHint(argv: string[], takesValue?: TakesValue): string | undefined {
  const end = argv.indexOf('--');
  const words = end < 0 ? argv : argv.slice(0, end);
  for (const w of words) {
    if (w === '--from-beginning') return "--from-beginning is kafka-console-consumer's: here it is --from beginning (kafka-cli tail <topic> --from beginning)";
    if (w === '--bootstrap-server' || w.startsWith('--bootstrap-server=')) return 'use -b/--brokers <host:port,...> for the bootstrap servers (or env KAFKA_BROKERS)';
  }
  const kcat = kcatModeHint(words, takesValue);
  if (kcat) return kcat;
  const { command, rest } = splitCommand(words);
  if (command === 'tail' || command === 'consume') {
    for (let i = 0; i < rest.length; i++) {
      const w = rest[i]!;
      const next = rest[i + 1];
      if (w === '-J') return "kcat's -J is -o json here: one JSON envelope per line (kafka-cli tail <topic> -o json)";
      if (w === '-o' && next !== undefined && KCAT_OFFSET.test(next)) {
        return `-o is the output format here (text, value, json); kcat's -o ${next} is ${kcatOffsetInOurWords(next)}`;
      }
      if ((w === '-f' || w === '--format') && (next === undefined || next.startsWith('-') || !next.includes('%'))) {
        return 'tail follows new messages by default (no -f needed; -e stops at the end); -f is --format <template>, e.g. -f \'%k %s\\n\'';
      }
    }
  }
  if (command === 'produce') {
    const known = takesValue ? (flag: string) => takesValue('produce', flag) : undefined;
    const positional = positionals(rest, new Set(['-f', '--file', '--value', '-k', '--key', '-K', '--key-separator', '--delimiter', '-o', '--output', '-H', '-p', '-z']), known);
    if (positional.length >= 2) {
      return `produce takes one topic; the message goes in --value (kafka-cli produce ${positional[0]} --value ${quote(positional.slice(1).join(' '))}) or on stdin`;
    }
  }
  return undefined;
}

/** kcat's mode flags; here each is a command, and the topic (kcat's -t) is its argument. */
const KCAT_MODES = new Set(['-C', '-P', '-L']);
const TOPIC_AS_ARGUMENT = new Set(['tail', 'consume', 'produce']);

/**
 * kcat's -C, -P, -L and -t (`kafka-cli -C -b k:9092 -t orders`): the command and the topic argument they are
 * here. Values of options are skipped; a flag the program itself defines (takesValue knows it) is never hinted.
 */
function kcatModeHint(words: string[], takesValue?: TakesValue): string | undefined {
  let command: string | undefined;
  let mode: string | undefined;
  let topic: string | undefined;
  let topicFlag = false;
  const ours = (flag: string) => takesValue?.(command ?? '', flag);
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    if (!w.startsWith('-')) {
      command ??= w;
      continue;
    }
    if (KCAT_MODES.has(w) && ours(w) === undefined) {
      mode ??= w;
      continue;
    }
    if (w === '-t' && ours(w) === undefined && (command === undefined || TOPIC_AS_ARGUMENT.has(command))) {
      topicFlag = true;
      const next = words[i + 1];
      if (next !== undefined && !next.startsWith('-')) {
        topic ??= next;
        i++;
      }
      continue;
    }
    const known = w.includes('=') ? false : ours(w);
    if (known ?? (GLOBAL_WITH_VALUE.has(w) || SHORT_WITH_VALUE.has(w) || LONG_WITH_VALUE.test(w) || ['--value', '--key', '--key-separator', '--delimiter', '--output', '--format', '--file'].includes(w))) i++;
  }
  const t = topic === undefined ? '<topic>' : quote(topic);
  if (mode === '-C') return `kcat's -C is the tail command here, the topic its argument: kafka-cli tail ${t} (-e stops at the end, --from beginning starts there)`;
  if (mode === '-P') return `kcat's -P is the produce command here, the topic its argument: kafka-cli produce ${t} (one message per line on stdin, or --value)`;
  if (mode === '-L') return `kcat's -L is kafka-cli cluster (brokers, controllers) and kafka-cli topic describe ${t} (partitions, leaders, replicas); kafka-cli topic list names the topics`;
  if (topicFlag) return `kcat's -t: the topic is an argument here, not a flag: kafka-cli ${command ?? 'tail'} ${t}`;
  return undefined;
}

function kcatOffsetInOurWords(o: string): string {
  if (o === 'stored') return '--group <id> (it resumes from the committed offsets)';
  if (o.startsWith('s@')) return `--from @${o.slice(2)}`;
  if (o.startsWith('e@')) return `--until @${o.slice(2)}`;
  return `--from ${o}`;
}

/** Words that are not options nor (for the few options listed) their values; unknown options are assumed to take none. */
function positionals(words: string[], withValue: Set<string>, known?: (flag: string) => boolean | undefined): string[] {
  const out: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    if (w.startsWith('-')) {
      const fromProgram = w.includes('=') ? false : known?.(w);
      if (fromProgram ?? (withValue.has(w) || GLOBAL_WITH_VALUE.has(w) || (w.startsWith('--') && !w.includes('=') && LONG_WITH_VALUE.test(w)))) i++;
      continue;
    }
    out.push(w);
  }
  return out;
}

// tail's and produce's short options that take a value (when the program's own definitions are not at hand).
const SHORT_WITH_VALUE = new Set(['-f', '-k', '-K', '-H', '-p', '-z', '-n', '-c', '-o']);

// produce's other options that take a value (kept loose on purpose: a wrong guess only skips a hint).
const LONG_WITH_VALUE = /^--(partition|partitioner|acks|compression|rate|failed|input|header|timestamp|transactional-id|transaction-timeout|delivery-timeout|on-invalid|batch-size|max-in-flight|retries|schema|key-schema|value-schema|registry|encoding|key-encoding|value-encoding)$/;

function quote(s: string): string {
  return /^[\w.,:@%+=/-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}
