import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRegistryClient, SchemaRegistryError } from '../../src/schema/client.js';

// A real HTTP server that is no registry: 404 with an HTML body on every path, and one that is (40401 JSON).
let server: http.Server;
let base = '';
beforeAll(async () => {
  server = http.createServer((req, res) => {
    if (req.url?.startsWith('/registry/')) {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error_code: 40401, message: 'Subject not found.' }));
      return;
    }
    res.writeHead(404, { 'content-type': 'text/html' });
    res.end('<html><body>Not Found</body></html>');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => server.close());

describe('registry URL with a wrong path', () => {
  it('a 404 with a non-registry body says the URL does not look like a Schema Registry (no missing subject)', async () => {
    const c = createRegistryClient({ url: `${base}/wrong`, timeoutMs: 5000 });
    const e = await c.lookup('t-value', { schema: '"string"', schemaType: 'AVRO', references: [] }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(SchemaRegistryError);
    expect((e as Error).message).toMatch(/does not look like a Schema Registry/);
    expect((e as SchemaRegistryError).status).toBeUndefined();
  });
  it("the registry's own 404 (error code 40401) is still a missing subject", async () => {
    const c = createRegistryClient({ url: `${base}/registry`, timeoutMs: 5000 });
    await expect(c.lookup('t-value', { schema: '"string"', schemaType: 'AVRO', references: [] })).resolves.toBeUndefined();
  });
});
