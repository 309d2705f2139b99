/** Questions on a TTY: a hidden password and a yes/no confirmation. Both go through the injected IO. */
import { createInterface } from 'node:readline';
import { Interrupted } from '../core/errors.js';
import type { IO } from '../core/io.js';

export function canPrompt(io: IO): boolean {
  return io.stdin.isTTY === true && io.stderr.isTTY === true;
}

function ask(io: IO, question: string, hidden: boolean): Promise<string> {
  return new Promise((resolve, reject) => {
    const out = io.stderr as NodeJS.WritableStream;
    const rl = createInterface({ input: io.stdin, output: out, terminal: true });
    if (hidden) {
      // Echo nothing while the password is typed.
      (rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput = (s: string) => {
        if (s.startsWith(question)) out.write(question);
      };
    }
    rl.on('SIGINT', () => {
      rl.close();
      out.write('\n');
      reject(new Interrupted());
    });
    rl.question(question, (answer) => {
      rl.close();
      if (hidden) out.write('\n');
      resolve(answer);
    });
  });
}

export function promptPassword(io: IO, question: string): Promise<string> {
  return ask(io, question, true);
}

export async function confirm(io: IO, question: string): Promise<boolean> {
  const a = await ask(io, `${question} [y/N] `, false);
  return /^y(es)?$/i.test(a.trim());
}
