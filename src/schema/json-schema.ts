/**
 * JSON Schema serde (ajv): the payload is the JSON text itself. Encoding validates, then writes compact JSON
 * (JSON.stringify), so a record written by kafka-cli or any compact JSON writer reads back and re-encodes byte for byte.
 */
import { Ajv } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';

export interface JsonSchemaCodec {
  toJson(payload: Buffer): unknown;
  fromJson(value: unknown): Buffer;
}

export function jsonSchemaCodec(schemaText: string, references: Record<string, string> = {}): JsonSchemaCodec {
  const schema = JSON.parse(schemaText) as Record<string, unknown>;
  const draft2020 = typeof schema.$schema === 'string' && /2019-09|2020-12/.test(schema.$schema);
  const AjvClass = draft2020 ? Ajv2020 : Ajv;
  // strict off: registry schemas carry keywords ajv does not know (titles of other vocabularies, javaType ...).
  const ajv = new AjvClass({ strict: false, allErrors: false, validateFormats: false });
  for (const [name, text] of Object.entries(references)) ajv.addSchema(JSON.parse(text) as object, name);
  const validate = ajv.compile(schema);
  return {
    toJson: (payload) => JSON.parse(payload.toString('utf8')) as unknown,
    fromJson(value) {
      if (!validate(value)) {
        const e = validate.errors?.[0];
        throw new Error(`does not match the JSON Schema: ${e ? `${e.instancePath || '(root)'} ${e.message ?? ''}`.trim() : 'invalid'}`);
      }
      return Buffer.from(JSON.stringify(value), 'utf8');
    },
  };
}
