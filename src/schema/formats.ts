/** Names shared by the schema options (kept free of the serde libraries, so --help loads none of them). */

/** How a key or value is shown (tail) or written (produce). */
export const WIRE_FORMATS = ['auto', 'avro', 'protobuf', 'json-schema', 'raw'] as const;
export type WireFormat = (typeof WIRE_FORMATS)[number];
/** The name of a schema format in the JSON envelope ("valueEncoding"). */
export type SchemaFormat = 'avro' | 'protobuf' | 'json-schema';

export type SubjectStrategy = 'topic' | 'record';

/** Which schema produce encodes one side (key or value) with. */
export interface SideSpec {
  schemaFile?: string;
  subject?: string;
  schemaId?: number;
  /** A version number or 'latest'. */
  version?: number | 'latest';
  message?: string;
  type?: 'AVRO' | 'PROTOBUF' | 'JSON';
}

export interface EncodeSpec {
  topic: string;
  key: SideSpec;
  value: SideSpec;
  register: boolean;
  strategy: SubjectStrategy;
  avroJson: 'plain' | 'standard';
  avroLogical: 'readable' | 'raw';
  cwd: string;
}

export function hasSpec(s: SideSpec): boolean {
  return s.schemaFile !== undefined || s.subject !== undefined || s.schemaId !== undefined || s.version !== undefined;
}
