/**
 * The protocol room's typed edge: messages.types.generated.ts is what scripts/protocol-types.mjs makes of the
 * committed schemas (run `node scripts/gen-protocol-messages.mjs --types` after changing either), the decoder
 * really fills every field the response types promise, and send() is typed by API name: the
 * `@ts-expect-error` lines below fail `npx tsc -p tsconfig.test.json` if a renamed or mistyped field compiled.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { KAFKA_MESSAGES_VERSION, MESSAGES, type ApiName } from '../../src/kafka/protocol/messages.generated.js';
import { API_ROUTES, send, type ApiRequests, type ApiResponses, type InternalBroker } from '../../src/kafka/protocol/index.js';
import { camel, decodeMessage, type FieldSchema } from '../../src/kafka/protocol/schema.js';
import { parseMessagesFile, protocolTypes } from '../../scripts/protocol-types.mjs';
import { ROOT } from '../helpers/cli.js';

const PROTOCOL = join(ROOT, 'src', 'kafka', 'protocol');

describe('generated protocol types', () => {
  it('messages.types.generated.ts is up to date with the schemas in messages.generated.ts', () => {
    const committed = readFileSync(join(PROTOCOL, 'messages.types.generated.ts'), 'utf8');
    expect(committed).toBe(protocolTypes(MESSAGES, KAFKA_MESSAGES_VERSION));
  });

  it('the generator reads the committed schemas back from messages.generated.ts (offline, no build)', () => {
    const { version, messages } = parseMessagesFile(readFileSync(join(PROTOCOL, 'messages.generated.ts'), 'utf8'));
    expect(version).toBe(KAFKA_MESSAGES_VERSION);
    expect(messages).toEqual(MESSAGES);
  });

  it('emits deterministic text, an interface per request, response and struct', () => {
    const text = protocolTypes(MESSAGES, KAFKA_MESSAGES_VERSION);
    expect(protocolTypes(structuredClone(MESSAGES), KAFKA_MESSAGES_VERSION)).toBe(text);
    for (const api of Object.keys(MESSAGES)) {
      expect(text).toContain(`export interface ${api}Request {`);
      expect(text).toContain(`export interface ${api}Response {`);
    }
    expect(text).toContain('export interface ListGroupsResponseListedGroup {\n  groupId: string;');
    // Tagged or version-dependent request fields may be left out; the decoder fills every response field.
    expect(text).toMatch(/export interface ListGroupsRequest \{\n {2}\/\*\* v4-5 \*\/\n {2}statesFilter\?: string\[\];/);
    expect(text).toMatch(/export interface ApiVersionsResponse \{[^}]*\/\*\* v3-5, tagged \*\/\n {2}finalizedFeatures: ApiVersionsResponseFinalizedFeatureKey\[\];/);
  });

  it('routes every API, with the listeners its schema names', () => {
    for (const api of Object.keys(MESSAGES) as ApiName[]) {
      expect(API_ROUTES[api].listeners, api).toEqual(MESSAGES[api].request.listeners);
      expect(API_ROUTES[api].listeners.length, api).toBeGreaterThan(0);
    }
    expect(API_ROUTES.DeleteGroups.target).toBe('group coordinator');
    expect(API_ROUTES.ConsumerGroupDescribe.target).toBe('group coordinator');
    expect(API_ROUTES.InitProducerId.target).toBe('transaction coordinator');
    expect(API_ROUTES.ElectLeaders.target).toBe('controller');
    expect(API_ROUTES.ListGroups.target).toBe('every broker');
  });

  it('the decoder fills every field of the response types, whatever the version (captured answers)', () => {
    const dir = join(ROOT, 'test', 'fixtures', 'protocol');
    let checked = 0;
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.json'))) {
      const fx = JSON.parse(readFileSync(join(dir, file), 'utf8')) as { api: ApiName; version: number; response: string };
      const schema = MESSAGES[fx.api].response;
      const structs = new Map((schema.commonStructs ?? []).map((c) => [c.name, c.fields]));
      const walk = (fields: FieldSchema[], obj: Record<string, unknown>, where: string) => {
        expect(Object.keys(obj).sort(), where).toEqual(fields.map((f) => camel(f.name)).sort());
        for (const f of fields) {
          const sub = f.fields ?? structs.get(f.type.replace(/^\[\]/, ''));
          const v = obj[camel(f.name)];
          if (!sub || v === null) continue;
          for (const item of Array.isArray(v) ? v : [v]) walk(sub, item as Record<string, unknown>, `${where}.${f.name}`);
        }
      };
      walk(schema.fields, decodeMessage(schema, fx.version, Buffer.from(fx.response, 'hex')), `${fx.api} v${fx.version}`);
      checked++;
    }
    expect(checked).toBeGreaterThan(20);
  });
});

/** Never called: tsc checks these lines (a `@ts-expect-error` that meets no error fails the type check). */
export async function typedSendExamples(broker: InternalBroker): Promise<void> {
  const listed = await send(broker, 'ListGroups', { statesFilter: [], typesFilter: [] });
  expectTypeOf(listed.response.groups[0]!.groupId).toEqualTypeOf<string>();
  expectTypeOf(listed.response.errorCode).toEqualTypeOf<number>();
  // @ts-expect-error a renamed response field does not compile
  void listed.response.groups[0]!.groupID;
  // @ts-expect-error a renamed request field does not compile (DeleteGroups names it groupsNames)
  await send(broker, 'DeleteGroups', { groupNames: ['g'] });
  // @ts-expect-error a request field every version has is required
  await send(broker, 'DeleteGroups', {});
  // @ts-expect-error int64 is a bigint
  await send(broker, 'InitProducerId', { transactionalId: null, transactionTimeoutMs: 1, producerId: -1, producerEpoch: -1 });
  // @ts-expect-error a field not nullable in any version takes no null
  await send(broker, 'OffsetFetch', { groupId: null, topics: null });
  // @ts-expect-error no such API
  await send(broker, 'ListGroup', {});
  const offsets = await send(broker, 'OffsetFetch', { groupId: 'g', topics: null, requireStable: false }, { maxVersion: 7 });
  expectTypeOf(offsets.response.topics[0]!.partitions[0]!.committedOffset).toEqualTypeOf<bigint>();
  // @ts-expect-error the answer of one API is not another's
  const wrong: ApiResponses['DeleteGroups'] = offsets.response;
  void wrong;
  expectTypeOf<ApiRequests['ListGroups']['typesFilter']>().toEqualTypeOf<string[] | undefined>();
  expectTypeOf<ApiResponses['DescribeQuorum']['nodes'][number]['listeners'][number]['port']>().toEqualTypeOf<number>();
  expectTypeOf<ApiResponses['DescribeCluster']['brokers'][number]['rack']>().toEqualTypeOf<string | null>();
}
