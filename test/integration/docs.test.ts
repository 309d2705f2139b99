/**
 * The README and docs/*.md stay true: every `kafka-cli ...` they name in code exists (command path and flags, by the
 * program's own commander tree), every relative link and anchor resolves, and every block marked `sh runnable`
 * runs against the real test broker (docs/README.md, "Runnable examples").
 */
import { chmodSync, existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, normalize } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, ROOT, baseEnv, uniqueName } from '../helpers/cli.js';
import { runProcess } from '../helpers/process.js';
import { checkInvocation, checkMarkdown, codeTexts, docFiles, docsProgram, invocations, runnableBlocks, shellWords } from '../helpers/docs.js';

const files = docFiles();
const program = docsProgram();

describe('docs: every kafka-cli command and flag named in code exists', () => {
  it('the checker catches a made-up flag, subcommand or short flag, and passes real ones', () => {
    const check = (s: string) => checkInvocation(program, shellWords(s));
    expect(check('tail orders --from beginning --exit -o json')).toEqual([]);
    expect(check('-b k1:9092 --profile prod topic describe orders --configs all')).toEqual([]);
    expect(check('group reset-offsets g --topic t --shift-by -500 --execute')).toEqual([]);
    expect(check('local start|stop|status')).toEqual([]);
    expect(check('tail orders --from-the-top')).toEqual(['kafka-cli tail: no option --from-the-top']);
    expect(check('topic describe orders --made-up-flag')).toEqual(['kafka-cli topic describe: no option --made-up-flag']);
    expect(check('topic frobnicate orders')).toEqual(["kafka-cli topic: no command 'frobnicate'"]);
    expect(check('tail t -J')).toEqual(['kafka-cli tail: no option -J']);
    // A flag of another command is not this command's.
    expect(check('topic list --max-lag 5')).toEqual(['kafka-cli topic list: no option --max-lag']);
    // Through markdown: inline code, indented and fenced blocks.
    const md = 'Run `kafka-cli lag g --watchh 5s`.\n\n    kafka-cli topic create x --partitionz 3\n\n```sh\nkafka-cli tail x --exitt\n```\n';
    expect(checkMarkdown(program, md).map((e) => e.replace(/ {2}\(in: .*$/, ''))).toEqual([
      'line 1: kafka-cli lag: no option --watchh',
      'line 3: kafka-cli topic create: no option --partitionz',
      'line 6: kafka-cli tail: no option --exitt',
    ]);
  });

  it('the pages name enough commands for the check to mean something', () => {
    const n = files.reduce((sum, [, md]) => sum + codeTexts(md).reduce((k, c) => k + invocations(c.text).length, 0), 0);
    expect(n).toBeGreaterThan(200);
  });

  it.each(files)('%s', (_file, md) => {
    expect(checkMarkdown(program, md)).toEqual([]);
  });
});

/** GitHub's anchor of a heading. */
const slug = (heading: string) =>
  heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');

function anchors(md: string): Set<string> {
  const out = new Set<string>();
  let fence = false;
  for (const l of md.split('\n')) {
    if (/^\s*```/.test(l)) fence = !fence;
    const h = !fence && /^#{1,6} (.*)$/.exec(l);
    if (h) out.add(slug(h[1]!));
  }
  return out;
}

describe('docs: links', () => {
  const byPath = new Map(files);
  it('every page of docs/ is listed in docs/README.md and reachable from README.md', () => {
    const index = byPath.get('docs/README.md')!;
    for (const [f] of files.filter(([f]) => f.startsWith('docs/') && f !== 'docs/README.md')) expect(index, f).toContain(`](${f.slice(5)})`);
    expect(byPath.get('README.md')).toContain('](docs/README.md)');
  });

  it.each(files)('relative links and anchors of %s resolve', (file, md) => {
    const broken: string[] = [];
    const text = md.replace(/```[\s\S]*?```/g, '');
    for (const m of text.matchAll(/\]\(([^)\s]+)\)/g)) {
      const target = m[1]!;
      if (/^[a-z]+:/.test(target)) continue;
      const [path, anchor] = target.split('#');
      const resolved = path ? normalize(join(dirname(file), path)) : file;
      const linked = byPath.get(resolved);
      if (!linked) {
        if (!existsSync(join(ROOT, resolved))) broken.push(`${target}: no file ${resolved}`);
        continue;
      }
      if (anchor && !anchors(linked).has(anchor)) broken.push(`${target}: no heading #${anchor} in ${resolved}`);
    }
    expect(broken).toEqual([]);
  });
});

/** Runs one runnable block as the docs describe it: bash -e -o pipefail, kafka-cli on PATH, fresh names, the test broker. */
async function runBlock(script: string): Promise<{ code: number | null; output: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'kafka-cli-docs-'));
  const bin = join(dir, '.bin');
  mkdirSync(bin);
  writeFileSync(join(bin, 'kafka-cli'), `#!/bin/sh\nexec '${process.execPath}' '${BIN}' "$@"\n`);
  chmodSync(join(bin, 'kafka-cli'), 0o755);
  const env = baseEnv({
    PATH: `${bin}:${process.env.PATH}`,
    TOPIC: uniqueName('docs'),
    TOPIC2: uniqueName('docs2'),
    GROUP: uniqueName('docs-group'),
    // Profiles, local instances and the completion cache of this block only.
    XDG_CONFIG_HOME: dir,
    XDG_STATE_HOME: dir,
    XDG_CACHE_HOME: dir,
    NO_COLOR: '1',
  });
  const r = await runProcess('bash', ['-e', '-o', 'pipefail', '-c', script], { env, cwd: dir, timeoutMs: 90_000 });
  return { code: r.code, output: `${r.stdout}\n${r.stderr}` };
}

describe('docs: runnable examples run against the test broker', () => {
  const blocks = files.flatMap(([file, md]) => runnableBlocks(md).map((b) => ({ file, ...b })));

  it('there are runnable examples on several pages', () => {
    expect(blocks.length).toBeGreaterThanOrEqual(8);
    expect(new Set(blocks.map((b) => b.file)).size).toBeGreaterThanOrEqual(5);
    expect(existsSync(join(ROOT, 'dist', 'main.js')), 'npm run build first: the blocks run bin/kafka-cli.js').toBe(true);
  });

  it('a block that fails, or lacks its expected text, is caught', async () => {
    const failing = await runBlock('kafka-cli topic describe "$TOPIC"\necho not reached\n');
    expect(failing.code).toBe(1);
    expect(failing.output).toContain('does not exist');
    expect(failing.output).not.toContain('not reached');
    const [b] = runnableBlocks('```sh runnable\nkafka-cli cluster\n# expect: no such text anywhere\n```\n');
    const r = await runBlock(b!.script);
    expect(r.code).toBe(0);
    expect(b!.expects).toEqual(['no such text anywhere']);
    expect(r.output).not.toContain(b!.expects[0]);
  });

  it.each(blocks)('$file, block at line $line', async ({ script, expects }) => {
    const r = await runBlock(script);
    expect(r.code, r.output).toBe(0);
    for (const e of expects) expect(r.output, `# expect: ${e}`).toContain(e);
  });
});
