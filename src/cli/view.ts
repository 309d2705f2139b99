/**
 * One way to print a view (issue 24): a command hands over its data and one renderer per `-o` format it offers
 * (as rpk's formatter does), and printView writes the one asked for. Data goes to stdout; a renderer with nothing
 * to show (an empty table) may give a note for stderr instead.
 */
import type { ChalkInstance } from 'chalk';
import type { IO } from '../core/io.js';
import { chalkFor, renderJson } from '../format/output.js';

/** What a renderer prints: text for stdout, or a note for stderr in its place. */
export type Printed = string | { note: string };

/** Renders the data in one format; `c` colours for stdout (plain when stdout is no terminal, NO_COLOR...). */
export type Renderer<T> = (data: T, c: ChalkInstance) => Printed | Promise<Printed>;

/** One renderer for every format of the command's -o. */
export type Renderers<F extends string, T> = { readonly [K in F]: Renderer<T> };

/** Prints `data` in `format` (an empty text prints nothing). */
export async function printView<F extends string, T>(io: IO, format: F, data: T, renderers: Renderers<F, T>): Promise<void> {
  const out = await renderers[format](data, chalkFor(io, io.stdout));
  if (typeof out !== 'string') io.stderr.write(out.note);
  else if (out !== '') io.stdout.write(out);
}

/** The json renderer of a view whose JSON document is `doc(data)` (renderJson: 2-space indent, exact bigints). */
export function asJson<T>(doc: (data: T) => unknown): Renderer<T> {
  return (data) => renderJson(doc(data));
}

/** A note on stderr in place of the view (`{ note }` for a renderer to return). */
export function note(text: string): Printed {
  return { note: text };
}
