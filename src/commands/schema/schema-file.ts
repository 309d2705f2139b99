/** The schema file argument of `schema register` and `schema check`, with --type and --reference. */
import { UsageError } from '../../cli/errors.js';
import type { SchemaText } from '../../schema/client.js';

export interface SchemaFileFlags {
  type?: string;
  reference?: string[];
}

export async function schemaFromFile(file: string, f: SchemaFileFlags, cwd: string): Promise<SchemaText> {
  const [{ readSchemaFile }, { parseReference }, { oneOf }] = await Promise.all([import('../../schema/encode.js'), import('../../schema/admin.js'), import('../../cli/parse.js')]);
  const type = f.type === undefined ? undefined : ({ avro: 'AVRO', protobuf: 'PROTOBUF', json: 'JSON' } as const)[oneOf(f.type, ['avro', 'protobuf', 'json'] as const, '--type')];
  const text = readSchemaFile(file, cwd, type);
  for (const r of f.reference ?? []) {
    const ref = parseReference(r);
    if (!ref) throw new UsageError(`invalid --reference '${r}': expected name=subject:version`);
    text.references.push(ref);
  }
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
