/** How tail prints one record: a -f template, a JSON envelope, the raw value, or the text line. */
import type { IO } from '../../core/io.js';
import type { ConsumedRecord } from '../../core/records.js';

/** Renders one record, pushing its bytes to `out` (tail writes a batch's bytes at once). */
export type RecordRender = (r: ConsumedRecord, out: Buffer[]) => void;

export interface RenderOptions {
  output: 'text' | 'value' | 'json';
  /** -f/--format template (wins over output). */
  format?: string;
  headers: boolean;
  jsonValues: boolean;
  /** Several topics: text lines show the topic. */
  several: boolean;
}

const NL = Buffer.from('\n');

/** Only the chosen renderer's module is loaded. On a terminal, text is made safe to show (escapes). */
export async function recordRenderer(io: IO, o: RenderOptions): Promise<RecordRender> {
  const safe = io.stdout.isTTY === true;
  if (o.format !== undefined) {
    const { compileFormat } = await import('./record-format.js');
    const fmt = compileFormat(o.format);
    return (r, out) => void out.push(fmt.render(r, safe));
  }
  if (o.output === 'json') {
    const { schemaEnvelopeLine } = await import('./schema-envelope.js');
    const eo = { jsonValues: o.jsonValues };
    return (r, out) => void out.push(Buffer.from(schemaEnvelopeLine(r, eo), 'utf8'));
  }
  if (o.output === 'value') {
    if (!safe) return (r, out) => void (r.value !== null ? out.push(r.value, NL) : out.push(NL));
    const { safeText } = await import('./records.js');
    return (r, out) => void out.push(Buffer.from((r.value === null ? '' : safeText(r.value, { keepLayout: true })) + '\n', 'utf8'));
  }
  const [{ renderRecordLine }, { chalkFor }] = await Promise.all([import('./records.js'), import('../output.js')]);
  const c = chalkFor(io, io.stdout);
  const lineOpts = { headers: o.headers, topic: o.several };
  return (r, out) => void out.push(Buffer.from(renderRecordLine(r, c, lineOpts), 'utf8'));
}
