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

// produce's other options that take a value (kept loose on purpose: a wrong guess only skips a hint).
const LONG_WITH_VALUE = /^--(partition|partitioner|acks|compression|rate|failed|input|header|timestamp|transactional-id|transaction-timeout|delivery-timeout|on-invalid|batch-size|max-in-flight|retries|schema|key-schema|value-schema|registry|encoding|key-encoding|value-encoding)$/;

function quote(s: string): string {
  return /^[\w.,:@%+=/-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}
