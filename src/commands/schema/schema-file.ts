/** The schema file argument of `schema register` and `schema check`, with --type and --reference. */
import type { Command } from 'commander';
import { UsageError } from '../../core/errors.js';
import { collect, oneOf, parseInteger } from '../../core/parse.js';
import type { SchemaReference, SchemaText } from '../../schema/client.js';

export interface SchemaFileFlags {
  type?: string;
  reference?: string[];
}

/** --type and --reference, the flags that go with the schema file argument. */
export function schemaFileOptions(cmd: Command): Command {
  return cmd
    .option('--type <type>', 'avro, protobuf or json (default: from the file name)')
    .option('--reference <name=subject:version>', 'a schema it references (repeatable)', collect, []);
}

export async function schemaFromFile(file: string, f: SchemaFileFlags, cwd: string): Promise<SchemaText> {
  const { readSchemaFile } = await import('../../schema/encode.js');
  const type = f.type === undefined ? undefined : ({ avro: 'AVRO', protobuf: 'PROTOBUF', json: 'JSON' } as const)[oneOf(f.type, ['avro', 'protobuf', 'json'] as const, '--type')];
  const text = readSchemaFile(file, cwd, type);
  for (const r of f.reference ?? []) text.references.push(parseReference(r));
  if (text.references.length === 0) {
    // Say what is wrong with the file here: registries answer a bad schema with a vague 422.
    const { codecFor } = await import('../../schema/serde.js');
    try {
      codecFor(text);
    } catch (e) {
      throw new UsageError(`invalid ${text.schemaType === 'JSON' ? 'JSON Schema' : text.schemaType === 'AVRO' ? 'Avro' : 'Protobuf'} schema in '${file}': ${(e as Error).message}`);
    }
  }
  return text;
}

/** `--reference name=subject:version`. */
export function parseReference(text: string): SchemaReference {
  const m = /^([^=]+)=(.+):(\d+)$/.exec(text);
  if (!m) throw new UsageError(`invalid --reference '${text}': expected name=subject:version`);
  return { name: m[1]!, subject: m[2]!, version: Number(parseInteger(m[3]!, '--reference', { min: 1n, max: 2n ** 31n - 1n, noun: 'a version', typed: text })) };
}
