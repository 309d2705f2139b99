/** The one `-o, --output <format>` flag: its choices, default, help line and validation. */
import { Option } from 'commander';
import { UsageError } from '../core/errors.js';

export const TABLE_JSON = ['table', 'json'] as const;
export type TableOrJson = (typeof TABLE_JSON)[number];

export const LAG_FORMATS = ['table', 'json', 'prometheus'] as const;
export type LagFormat = (typeof LAG_FORMATS)[number];

export const TAIL_FORMATS = ['text', 'value', 'json'] as const;
export type TailOutput = (typeof TAIL_FORMATS)[number];

/** 'a', 'a or b', 'a, b or c'. */
function orList(words: readonly string[]): string {
  return words.length <= 1 ? words.join('') : `${words.slice(0, -1).join(', ')} or ${words[words.length - 1]}`;
}

/** The one parse/validate path of `-o`: case-insensitive; anything else is one usage line (exit 2) naming the formats. */
export function parseOutput<const F extends string>(text: string, formats: readonly F[]): F {
  const v = text.toLowerCase();
  if (!(formats as readonly string[]).includes(v)) throw new UsageError(`invalid --output '${text}': expected ${orList(formats)}`);
  return v as F;
}

/**
 * `-o, --output <format>` with its choices and default: the help line reads
 * "output format[, note] (choices: "table", "json", default: "table")" on every command,
 * and commander hands the action a validated, lower-case format.
 */
export function outputOption<const F extends string>(formats: readonly F[], defaultFormat: NoInfer<F>, note?: string): Option {
  const option = new Option('-o, --output <format>', note === undefined ? 'output format' : `output format, ${note}`).choices(formats);
  // After choices(), which would otherwise reject 'JSON' with commander's own message.
  return option.argParser((text: string) => parseOutput(text, formats)).default(defaultFormat);
}
