/**
 * Emits src/kafka/protocol/messages.types.generated.ts from the message schemas kept in messages.generated.ts:
 * one TypeScript interface per request and response of every API kafka-cli speaks itself (and one per struct
 * inside), the maps from API name to them that type send(), and where each request goes.
 * Called by scripts/gen-protocol-messages.mjs; test/unit/protocol-types.test.ts checks the committed file is
 * what this produces. Pure: the same schemas give the same text.
 *
 * The types follow schema.ts's codec exactly:
 * - bool -> boolean; int8, int16, uint16, int32, uint32, float64 -> number; int64 -> bigint; string and uuid
 *   (base64url, as Kafka prints topic ids) -> string; bytes and records -> Buffer; [] -> arrays; structs ->
 *   interfaces; a field nullable in any version -> `| null`.
 * - A response field is always there: the decoder fills a field the version lacks (or a tagged field the
 *   broker left out) with its default, so response fields are never optional. Their doc comment names the
 *   versions that really carry them.
 * - A request field may be left out (the encoder writes its default): it is optional when it is tagged or
 *   missing from some version of the message (or of the struct holding it), required otherwise.
 */

/**
 * Where a request must go, as Kafka's own clients (and franz-go's kmsg: "admin", "group coordinator",
 * "txn coordinator") send it. Not in the JSON schemas, whose "listeners" only say which kind of server answers
 * it (a broker, a KRaft controller).
 */
const ROUTES = {
  Fetch: ['partition leader', 'the leader of each partition asked'],
  ListOffsets: ['partition leader', 'the leader of each partition asked'],
  OffsetFetch: ['group coordinator'],
  OffsetCommit: ['group coordinator'],
  ApiVersions: ['any broker', 'each broker answers for itself'],
  ListGroups: ['every broker', 'each broker lists the groups it coordinates'],
  DeleteGroups: ['group coordinator'],
  DescribeGroups: ['group coordinator'],
  ConsumerGroupDescribe: ['group coordinator'],
  ShareGroupDescribe: ['group coordinator'],
  StreamsGroupDescribe: ['group coordinator'],
  DescribeShareGroupOffsets: ['group coordinator'],
  AlterShareGroupOffsets: ['group coordinator'],
  DeleteShareGroupOffsets: ['group coordinator'],
  DescribeCluster: ['any broker'],
  DescribeQuorum: ['controller'],
  IncrementalAlterConfigs: ['any broker', 'a BROKER or BROKER_LOGGER resource: that broker'],
  DescribeConfigs: ['any broker', 'a BROKER or BROKER_LOGGER resource: that broker'],
  ElectLeaders: ['controller'],
  DescribeUserScramCredentials: ['any broker'],
  AlterUserScramCredentials: ['controller'],
  FindCoordinator: ['any broker'],
  InitProducerId: ['transaction coordinator', 'any broker when transactionalId is null (an idempotent producer)'],
  DescribeLogDirs: ['every broker', 'each broker describes its own log dirs'],
  DescribeClientQuotas: ['any broker'],
  AlterClientQuotas: ['any broker', 'forwarded to the controller'],
  OffsetDelete: ['group coordinator'],
};

const span = (range) => {
  if (!range || range === 'none') return null;
  let m = /^(\d+)\+$/.exec(range);
  if (m) return [Number(m[1]), Infinity];
  m = /^(\d+)-(\d+)$/.exec(range);
  if (m) return [Number(m[1]), Number(m[2])];
  if (/^\d+$/.test(range)) return [Number(range), Number(range)];
  throw new Error(`bad version range '${range}'`);
};
const intersect = (a, b) => (a && b && Math.max(a[0], b[0]) <= Math.min(a[1], b[1]) ? [Math.max(a[0], b[0]), Math.min(a[1], b[1])] : null);
const covers = (range, ctx) => {
  const s = span(range);
  return s !== null && s[0] <= ctx[0] && s[1] >= ctx[1];
};
const showSpan = (s) => (s[1] === Infinity ? `v${s[0]}+` : s[0] === s[1] ? `v${s[0]}` : `v${s[0]}-${s[1]}`);
const camel = (name) => name.charAt(0).toLowerCase() + name.slice(1);

const PRIMITIVES = {
  bool: 'boolean',
  int8: 'number',
  int16: 'number',
  uint16: 'number',
  int32: 'number',
  uint32: 'number',
  float64: 'number',
  int64: 'bigint',
  string: 'string',
  uuid: 'string',
  bytes: 'Buffer',
  records: 'Buffer',
};

/** The interfaces of one request or response: the message's own first, then its structs in order of use. */
function messageTypes(api, kind, schema) {
  const prefix = `${api}${kind === 'request' ? 'Request' : 'Response'}`;
  const common = new Map((schema.commonStructs ?? []).map((s) => [s.name, s]));
  const all = span(schema.validVersions);
  const emitted = new Map();
  const queue = [];
  const structName = (type) => `${prefix}${type}`;

  const typeOf = (f, type, ctx) => {
    if (type.startsWith('[]')) {
      const inner = typeOf(f, type.slice(2), ctx);
      return /[ |]/.test(inner) ? `Array<${inner}>` : `${inner}[]`;
    }
    const prim = PRIMITIVES[type];
    if (prim) return prim;
    if (!emitted.has(type)) {
      const c = common.get(type);
      const fields = f.fields ?? c?.fields;
      if (!fields) throw new Error(`${schema.name}: unknown struct type ${type}`);
      // A struct's fields are optional (requests) relative to the versions the struct itself exists in.
      const inner = intersect(ctx, span(f.fields ? f.versions : (c.versions ?? f.versions))) ?? ctx;
      emitted.set(type, null);
      queue.push({ name: structName(type), fields, ctx: inner, about: `${schema.name} ${type}` });
    }
    return structName(type);
  };

  const body = (fields, ctx) => {
    const lines = [];
    for (const f of fields) {
      const present = intersect(span(f.versions), ctx);
      if (!present) continue; // a field of versions outside the ones kept (never sent nor decoded)
      const nullable = intersect(span(f.nullableVersions), present) !== null;
      let t = typeOf(f, f.type, present);
      if (nullable) t = `${t} | null`;
      const tagged = span(f.taggedVersions) !== null;
      const partial = !covers(f.versions, ctx);
      const optional = kind === 'request' && (tagged || partial);
      const notes = [];
      if (partial) notes.push(showSpan(present));
      if (tagged) notes.push('tagged');
      if (nullable && !covers(f.nullableVersions, present)) notes.push(`nullable ${showSpan(intersect(span(f.nullableVersions), present))}`);
      const doc = notes.length ? `  /** ${notes.join(', ')} */\n` : '';
      lines.push(`${doc}  ${camel(f.name)}${optional ? '?' : ''}: ${t};`);
    }
    return lines.join('\n');
  };

  const out = [`/** ${schema.name} (API key ${schema.apiKey}), ${showSpan(all)}. */\nexport interface ${prefix} {\n${body(schema.fields, all)}\n}`];
  while (queue.length) {
    const s = queue.shift();
    out.push(`export interface ${s.name} {\n${body(s.fields, s.ctx)}\n}`);
  }
  return out.join('\n\n');
}

/** The text of messages.types.generated.ts for `messages` (MESSAGES of messages.generated.ts). */
export function protocolTypes(messages, version) {
  const apis = Object.keys(messages);
  for (const api of apis) if (!ROUTES[api]) throw new Error(`scripts/protocol-types.mjs: no route for ${api} (add it to ROUTES)`);
  const parts = [
    `/* Generated by scripts/gen-protocol-messages.mjs (scripts/protocol-types.mjs) from kafka-clients ${version} (common/message/*.json). Do not edit. */`,
    `import type { ApiName } from './messages.generated.js';`,
  ];
  for (const api of apis) {
    parts.push(`/* ---------------------------------------------------------------- ${api} */`);
    parts.push(messageTypes(api, 'request', messages[api].request));
    parts.push(messageTypes(api, 'response', messages[api].response));
  }
  parts.push(`/** The request of each API, as send() takes it. */\nexport interface ApiRequests {\n${apis.map((a) => `  ${a}: ${a}Request;`).join('\n')}\n}`);
  parts.push(`/** The response of each API, as send() decodes it. */\nexport interface ApiResponses {\n${apis.map((a) => `  ${a}: ${a}Response;`).join('\n')}\n}`);
  parts.push(
    `/**\n * Where a request goes (as Kafka's clients send it): any broker; every broker (each answers for its share);\n * the leader of the partitions asked; the controller (any broker forwards it to the active KRaft controller);\n * the coordinator of the group or transactional id (FindCoordinator).\n */\nexport type ApiTarget = 'any broker' | 'every broker' | 'partition leader' | 'controller' | 'group coordinator' | 'transaction coordinator';`,
  );
  const route = (api) => {
    const [target, note] = ROUTES[api];
    const listeners = messages[api].request.listeners ?? [];
    return `  ${api}: { target: '${target}', listeners: [${listeners.map((l) => `'${l}'`).join(', ')}]${note ? `, note: '${note}'` : ''} },`;
  };
  parts.push(
    `/**\n * Each API's target, and the servers that answer it (the schema's "listeners": broker, controller: a KRaft\n * controller reached with bootstrap.controllers).\n */\n` +
      `export const API_ROUTES: Record<ApiName, { target: ApiTarget; listeners: readonly string[]; note?: string }> = {\n${apis.map(route).join('\n')}\n};`,
  );
  return parts.join('\n\n') + '\n';
}

/** MESSAGES and the Kafka version back from the text of messages.generated.ts (no build needed). */
export function parseMessagesFile(text) {
  const version = /KAFKA_MESSAGES_VERSION = '([^']+)'/.exec(text)?.[1];
  const start = text.indexOf('> = {');
  if (!version || start < 0) throw new Error('messages.generated.ts: not the expected layout');
  return { version, messages: JSON.parse(text.slice(start + 4, text.lastIndexOf(';'))) };
}
