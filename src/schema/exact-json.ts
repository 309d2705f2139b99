/**
 * JSON.parse that keeps integers beyond 2^53 exact (as BigInt): Avro's own JSON encoder writes a long as a bare
 * number, and JSON.parse would round 1796620426371000001 to 1796620426371000000. Texts without a long run of
 * digits (nearly all) take JSON.parse itself.
 */
const TOKEN = /-?\d+(\.\d+)?([eE][+-]?\d+)?|true|false|null/y;

export function parseExactJson(text: string): unknown {
  if (!/\d{16}/.test(text)) return JSON.parse(text);
  // Let JSON.parse report syntax errors in its own words; the walk below assumes valid JSON.
  JSON.parse(text);
  let i = 0;
  const ws = () => {
    while (i < text.length && (text[i] === ' ' || text[i] === '\n' || text[i] === '\r' || text[i] === '\t')) i++;
  };
  const value = (): unknown => {
    ws();
    const c = text[i];
    if (c === '{') {
      i++;
      const o: Record<string, unknown> = {};
      ws();
      if (text[i] === '}') {
        i++;
        return o;
      }
      for (;;) {
        ws();
        const k = str();
        ws();
        i++; // :
        const v = value();
        Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
        ws();
        if (text[i++] === '}') return o;
      }
    }
    if (c === '[') {
      i++;
      const a: unknown[] = [];
      ws();
      if (text[i] === ']') {
        i++;
        return a;
      }
      for (;;) {
        a.push(value());
        ws();
        if (text[i++] === ']') return a;
      }
    }
    if (c === '"') return str();
    TOKEN.lastIndex = i;
    const m = TOKEN.exec(text)!;
    i += m[0].length;
    const t = m[0];
    if (t === 'true') return true;
    if (t === 'false') return false;
    if (t === 'null') return null;
    if (m[1] === undefined && m[2] === undefined) {
      const n = Number(t);
      return Number.isSafeInteger(n) ? n : BigInt(t);
    }
    return Number(t);
  };
  const str = (): string => {
    const start = i;
    i++;
    while (text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
    i++;
    return JSON.parse(text.slice(start, i)) as string;
  };
  return value();
}
