/** The resource and ACL flags `acl list|create|delete` share, and their parsing into filters and bindings. */
import type { Command } from 'commander';
import { UsageError } from '../../core/errors.js';
import { collect, oneOf } from '../../core/parse.js';
import { OPERATIONS, PATTERNS, PERMISSIONS, type AclBinding, type AclFilterSpec, type Operation, type PatternType, type Permission, type ResourceType } from '../../kafka/admin/acl-types.js';

export interface AclFlags {
  principal?: string;
  host?: string;
  operation: string[];
  permission?: string;
  topic?: string;
  group?: string;
  cluster?: boolean;
  transactionalId?: string;
  pattern?: string;
}

export function addAclFlags(cmd: Command, create: boolean): Command {
  return cmd
    .option('--principal <p>', `principal, e.g. User:alice${create ? ' (required)' : ''}`)
    .option('--host <host>', `client host${create ? ' (default * : any)' : ''}`)
    .option('--operation <op>', `${OPERATIONS.filter((o) => o !== 'any').join(', ')} (repeatable)`, collect, [])
    .option('--permission <p>', `allow or deny${create ? ' (default allow)' : ''}`)
    .option('--topic <name>', 'a topic (or a prefix with --pattern prefixed; * for every topic)')
    .option('--group <name>', 'a consumer group')
    .option('--cluster', 'the cluster itself')
    .option('--transactional-id <id>', 'a transactional id')
    .option('--pattern <type>', `${create ? 'literal (default) or prefixed' : 'any (default), match, literal or prefixed'}`);
}

function resource(f: AclFlags, required: boolean): { resourceType: ResourceType; resourceName?: string } {
  const given: Array<{ resourceType: ResourceType; resourceName?: string }> = [];
  if (f.topic !== undefined) given.push({ resourceType: 'topic', resourceName: f.topic });
  if (f.group !== undefined) given.push({ resourceType: 'group', resourceName: f.group });
  if (f.cluster) given.push({ resourceType: 'cluster', resourceName: 'kafka-cluster' });
  if (f.transactionalId !== undefined) given.push({ resourceType: 'transactional-id', resourceName: f.transactionalId });
  if (given.length > 1) throw new UsageError('give one resource: --topic, --group, --cluster or --transactional-id');
  if (given.length === 0 && required) throw new UsageError('which resource? give --topic, --group, --cluster or --transactional-id');
  return given[0] ?? { resourceType: 'any' };
}

function operations(f: AclFlags, fallback: Operation): Operation[] {
  return f.operation.length ? [...new Set(f.operation.map((o) => oneOf(o.replace(/_/g, '-'), OPERATIONS, '--operation')))] : [fallback];
}

function principal(text: string | undefined): string | undefined {
  if (text !== undefined && !/^[A-Za-z]+:.+$/.test(text)) throw new UsageError(`invalid --principal '${text}': expected type:name, e.g. User:alice`);
  return text;
}

/** `acl list` and `acl delete`: every flag narrows; absent ones match anything. */
export function aclFilters(f: AclFlags): AclFilterSpec[] {
  const r = resource(f, false);
  const patternType = f.pattern === undefined ? 'any' : oneOf<PatternType>(f.pattern, PATTERNS, '--pattern');
  const permission = f.permission === undefined ? 'any' : oneOf<Permission>(f.permission, PERMISSIONS, '--permission');
  return operations(f, 'any').map((operation) => ({ ...r, patternType, permission, operation, principal: principal(f.principal), host: f.host }));
}

/** `acl create`: one binding per operation. */
export function aclBindings(f: AclFlags): AclBinding[] {
  const p = principal(f.principal);
  if (!p) throw new UsageError('acl create needs --principal, e.g. --principal User:alice');
  if (f.operation.length === 0) throw new UsageError('acl create needs --operation, e.g. --operation read');
  const r = resource(f, true);
  const patternType = f.pattern === undefined ? 'literal' : oneOf<PatternType>(f.pattern, ['literal', 'prefixed'], '--pattern');
  const permission = f.permission === undefined ? 'allow' : oneOf<Permission>(f.permission, ['allow', 'deny'], '--permission');
  const ops = operations(f, 'all');
  if (ops.includes('any')) throw new UsageError("invalid --operation 'any' for acl create: name the operation (or all)");
  return ops.map((operation) => ({ principal: p, host: f.host ?? '*', operation, permission, resourceType: r.resourceType, resourceName: r.resourceName!, patternType }));
}
