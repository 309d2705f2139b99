/** Views of the `schema` commands: rows for the table, stable JSON shapes (pinned by test/unit/schema-format.test.ts). */
import type { ChalkInstance } from 'chalk';
import { renderTable } from './output.js';
import type { CompatibilityConfig, CompatibilityResult, DeletedSchema, Registered, SchemaDetails, SubjectEntry, VersionEntry } from '../schema/admin.js';

export function renderSubjects(list: SubjectEntry[], withDeleted: boolean, c: ChalkInstance): string {
  if (withDeleted) return renderTable(['SUBJECT', 'DELETED'], list.map((s) => [s.subject, s.deleted ? 'yes' : 'no']), c);
  return renderTable(['SUBJECT'], list.map((s) => [s.subject]), c);
}

export function renderVersions(list: VersionEntry[], c: ChalkInstance): string {
  return renderTable(['VERSION', 'ID', 'TYPE'], list.map((v) => [v.version, v.id, v.schemaType]), c);
}

/** The schema text as it is best read: JSON schemas (Avro, JSON Schema) indented, Protobuf as written. */
export function prettySchema(s: SchemaDetails): string {
  if (s.schemaType !== 'PROTOBUF') {
    try {
      return JSON.stringify(JSON.parse(s.schema), null, 2) + '\n';
    } catch {
      /* not JSON after all: show it as stored */
    }
  }
  return s.schema.endsWith('\n') ? s.schema : s.schema + '\n';
}

export function renderSchemaDetails(s: SchemaDetails, c: ChalkInstance): string {
  const refs = s.references.map((r) => `${r.name}=${r.subject}:${r.version}`).join(',') || null;
  return renderTable(['SUBJECT', 'VERSION', 'ID', 'TYPE', 'REFERENCES'], [[s.subject, s.version, s.id, s.schemaType, refs]], c) + '\n' + prettySchema(s);
}

export function schemaDetailsJson(s: SchemaDetails): unknown {
  return { subject: s.subject, version: s.version, id: s.id, schemaType: s.schemaType, references: s.references, schema: s.schema };
}

export function renderRegistered(r: Registered, c: ChalkInstance): string {
  return renderTable(['SUBJECT', 'VERSION', 'ID'], [[r.subject, r.version, r.id]], c);
}

export function renderCompatibility(r: CompatibilityResult, c: ChalkInstance): string {
  const table = renderTable(['SUBJECT', 'COMPATIBLE'], [[r.subject, r.compatible ? 'yes' : c.red('NO')]], c);
  return table + r.messages.map((m) => `  ${m}\n`).join('');
}

export function renderConfig(r: CompatibilityConfig, c: ChalkInstance): string {
  return renderTable(['SUBJECT', 'COMPATIBILITY'], [[r.subject ?? '(global)', r.compatibility ?? '(global default)']], c);
}

export function renderDeleted(r: DeletedSchema, c: ChalkInstance): string {
  return renderTable(['SUBJECT', 'VERSIONS', 'DELETED'], [[r.subject, r.versions.join(','), r.permanent ? 'permanently' : 'soft (restorable; --permanent to purge)']], c);
}
