/**
 * Reads the README and docs/*.md the way the docs test needs them: the `kafka-cli ...` commands named in code
 * (fenced and indented blocks, inline code spans), checked against the program's own commander tree, and the
 * fenced blocks marked `sh runnable` (docs/README.md, "Runnable examples").
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PassThrough } from 'node:stream';
import type { Command, Option } from 'commander';
import { buildProgram } from '../../src/program.js';
import { createContext } from '../../src/cli/context.js';
import type { IO } from '../../src/core/io.js';
const ROOT = resolve(import.meta.dirname, '../..');

/** The README and every page of docs/, as [path relative to the repository, text]. */
export function docFiles(): Array<[string, string]> {
  const pages = readdirSync(join(ROOT, 'docs')).filter((f) => f.endsWith('.md')).sort();
  return [['README.md', readFileSync(join(ROOT, 'README.md'), 'utf8')], ...pages.map((f): [string, string] => [`docs/${f}`, readFileSync(join(ROOT, 'docs', f), 'utf8')])];
}

/** The real command tree, built as main builds it (nothing runs). */
export function docsProgram(): Command {
  const out = { write: () => true, isTTY: false };
  const io = { stdout: out, stderr: out, stdin: new PassThrough(), env: {}, cwd: '/' } as unknown as IO;
  let p: Command | undefined;
  const ctx = createContext(io, new AbortController().signal, () => p!);
  p = buildProgram(ctx);
  return p;
}

export interface CodeText {
  /** 1-based line of the markdown where it starts. */
  line: number;
  text: string;
}

export interface RunnableBlock {
  line: number;
  script: string;
  /** The texts of its `# expect: ...` lines. */
  expects: string[];
}

/** Shell text before an unquoted `#` comment (a `#` at the start or after a blank). */
export function stripComment(s: string): string {
  let quote: string | undefined;
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (quote) {
      if (c === quote) quote = undefined;
      else if (c === '\\' && quote === '"') i++;
    } else if (c === "'" || c === '"') quote = c;
    else if (c === '\\') i++;
    else if (c === '#' && (i === 0 || /\s/.test(s[i - 1]!))) return s.slice(0, i);
  }
  return s;
}

/** Code in a markdown text: each line of fenced and indented blocks (a trailing `\` joins the next), and each inline code span. */
export function codeTexts(markdown: string): CodeText[] {
  const lines = markdown.split('\n');
  const out: CodeText[] = [];
  let fence: string | undefined;
  let prevBlankOrCode = true;
  let pending: CodeText | undefined;
  const pushCode = (line: number, text: string) => {
    if (pending) {
      pending.text += ' ' + text;
    } else pending = { line, text };
    if (/\\\s*$/.test(pending.text)) pending.text = pending.text.replace(/\\\s*$/, '');
    else {
      out.push(pending);
      pending = undefined;
    }
  };
  // Inline code is matched over a paragraph (a span may run across a line break); a table row is its own paragraph.
  let para: { line: number; text: string } | undefined;
  const endPara = () => {
    if (!para) return;
    const row = para.text.trimStart().startsWith('|');
    // In a table row `\|` is a `|` of the code.
    for (const m of para.text.matchAll(/(`+)(.+?)\1/g)) out.push({ line: para.line, text: row ? m[2]!.replace(/\\\|/g, '|') : m[2]! });
    para = undefined;
  };
  lines.forEach((raw, i) => {
    const n = i + 1;
    const f = /^\s*(`{3,}|~{3,})/.exec(raw);
    if (fence !== undefined) {
      if (f && f[1]!.startsWith(fence[0]!) && f[1]!.length >= fence.length && raw.trim() === f[1]) fence = undefined;
      else pushCode(n, raw);
      return;
    }
    if (f) {
      endPara();
      fence = f[1]!;
      return;
    }
    if (/^ {4,}\S/.test(raw) && prevBlankOrCode) {
      endPara();
      pushCode(n, raw);
      prevBlankOrCode = true;
      return;
    }
    prevBlankOrCode = raw.trim() === '';
    if (raw.trim() === '' || raw.trimStart().startsWith('|')) endPara();
    if (raw.trim() === '') return;
    if (para) para.text += ' ' + raw;
    else para = { line: n, text: raw };
    if (raw.trimStart().startsWith('|')) endPara();
  });
  endPara();
  return out;
}

/** Shell words after `start`, up to the end of the command (a pipe, `;`, `&&`, `||`, a redirection, `)`); quotes removed. */
export function shellWords(s: string): string[] {
  const words: string[] = [];
  let i = 0;
  while (i < s.length) {
    while (i < s.length && /\s/.test(s[i]!)) i++;
    if (i >= s.length) break;
    if (/^(\|\|?(\s|$)|&&?|;|\)|\d?>>?|<[\s(])/.test(s.slice(i))) break;
    let w = '';
    let quoted = false;
    let end = false;
    while (i < s.length && !/\s/.test(s[i]!)) {
      const c = s[i]!;
      if (c === "'" || c === '"') {
        quoted = true;
        const close = s.indexOf(c, i + 1);
        const stop = close === -1 ? s.length : close;
        w += s.slice(i + 1, stop);
        i = stop + 1;
        continue;
      }
      if (c === '\\' && i + 1 < s.length) {
        w += s[i + 1];
        i += 2;
        continue;
      }
      if (c === ')' || c === ';') {
        end = true;
        break;
      }
      w += c;
      i++;
    }
    if (w || quoted) words.push(w);
    if (end) break;
  }
  return words;
}

/** Every `kafka-cli ...` invocation in a code text: the words after `kafka-cli`. */
export function invocations(text: string): string[][] {
  const code = stripComment(text);
  const out: string[][] = [];
  for (const m of code.matchAll(/(?:^|[\s(;&|`'"])kafka-cli(?=\s|$)/g)) out.push(shellWords(code.slice(m.index + m[0].length)));
  return out;
}

const findOption = (chain: Command[], flag: string): Option | undefined => {
  for (const c of chain) {
    const o = c.options.find((x) => x.long === flag || x.short === flag);
    if (o) return o;
  }
  return undefined;
};

const takesValue = (o: Option) => o.required || o.optional;

/**
 * What is wrong with `kafka-cli <words>` by the program's own tree: an unknown command or subcommand, or a flag
 * that neither the command nor a parent (the global options) has. Placeholders (`<topic>`, `[--port 9092]`,
 * `a|b` alternatives, `...`) are read as the docs mean them.
 */
export function checkInvocation(program: Command, words: string[]): string[] {
  const errors: string[] = [];
  const walk = (cmd: Command, chain: Command[], rest: string[], path: string[], argsStarted: boolean): void => {
    for (let i = 0; i < rest.length; i++) {
      const w = rest[i]!.replace(/^\[+/, '').replace(/\]+$/, '');
      if (w === '' || w === '...' || w === '--') {
        if (w === '--') return;
        continue;
      }
      const where = `kafka-cli ${[...path].join(' ')}`.trimEnd();
      if (w.startsWith('--')) {
        const [flag, attached] = [w.split('=')[0]!, w.includes('=')];
        if (flag === '--help' || /^--[a-z0-9-]*\.\.\.$/.test(flag)) continue;
        const o = findOption(chain, flag);
        if (!o) {
          errors.push(`${where}: no option ${flag}`);
          continue;
        }
        if (!attached && takesValue(o) && i + 1 < rest.length && (o.required || !rest[i + 1]!.startsWith('-'))) i++;
        continue;
      }
      if (/^-[A-Za-z]/.test(w)) {
        const flag = w.slice(0, 2);
        if (flag === '-h') continue;
        const o = findOption(chain, flag);
        if (!o) {
          errors.push(`${where}: no option ${flag}`);
          continue;
        }
        // -vv repeats a flag; -K: has its value attached; else the value is the next word.
        if (takesValue(o) && w.length === 2 && i + 1 < rest.length && (o.required || !rest[i + 1]!.startsWith('-'))) i++;
        continue;
      }
      if (!argsStarted && cmd.commands.length > 0) {
        if (w === 'help') return;
        if (w.startsWith('<') || w.startsWith('$')) return; // a placeholder for a command: nothing to check
        const sub = (name: string) => cmd.commands.find((c) => c.name() === name || c.aliases().includes(name));
        if (w.includes('|')) {
          const alts = w.split('|');
          if (alts.every((a) => sub(a))) {
            for (const a of alts) walk(sub(a)!, [sub(a)!, ...chain], rest.slice(i + 1), [...path, a], false);
            return;
          }
        }
        const s = sub(w);
        if (s) {
          cmd = s;
          chain = [s, ...chain];
          path = [...path, w];
          continue;
        }
        if (cmd.registeredArguments.length === 0) {
          errors.push(`${where}: no command '${w}'`);
          return;
        }
      }
      argsStarted = true;
    }
  };
  walk(program, [program], words, [], false);
  return errors;
}

/** Every invocation of kafka-cli in the code of `markdown` that does not match the program, as `line N: ...`. */
export function checkMarkdown(program: Command, markdown: string): string[] {
  const errors: string[] = [];
  for (const { line, text } of codeTexts(markdown)) {
    // `# unchecked` marks a line that misuses a flag on purpose; a span starting `...` quotes a message, not a command.
    if (/#\s*unchecked\b/.test(text) || text.startsWith('...')) continue;
    for (const words of invocations(text)) for (const e of checkInvocation(program, words)) errors.push(`line ${line}: ${e}  (in: ${text.trim()})`);
  }
  return errors;
}

/** The fenced blocks marked `sh runnable`. */
export function runnableBlocks(markdown: string): RunnableBlock[] {
  const out: RunnableBlock[] = [];
  const lines = markdown.split('\n');
  for (let i = 0; i < lines.length; i++) {
    if (!/^```sh runnable\s*$/.test(lines[i]!)) continue;
    const body: string[] = [];
    let j = i + 1;
    while (j < lines.length && lines[j]!.trim() !== '```') body.push(lines[j++]!);
    out.push({ line: i + 1, script: body.join('\n') + '\n', expects: body.flatMap((l) => /^#\s*expect:\s?(.*)$/.exec(l)?.[1] ?? []) });
    i = j;
  }
  return out;
}
