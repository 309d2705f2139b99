/** What shell completion knows of one command path: read from the commander tree (src/cli/completion), rendered as scripts (src/format/completion.ts). */
export type LiveKind = 'topics' | 'groups' | 'profiles';

export interface CommandSpec {
  /** "" for the root, else e.g. "topic describe". */
  path: string;
  subcommands: string[];
  /** Every flag spelling (long and short), globals included. */
  flags: string[];
  /** The spellings that take a value. */
  valueFlags: string[];
  /** Fixed values per flag spelling. */
  choices: Record<string, string[]>;
  /** Live names per flag spelling. */
  live: Record<string, LiveKind>;
  /** Live names for positional arguments, or fixed words. */
  positional?: LiveKind | string[];
}
