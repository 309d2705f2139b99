/** ACLs (like kafka-acls): list (DescribeAcls), create (CreateAcls), delete (DeleteAcls), through kafkajs's admin. */
import { KafkaError } from '../../core/errors.js';
import { kafkaFailure, type KafkaClient } from '../client/client.js';

import { OPERATIONS, PATTERNS, PERMISSIONS, RESOURCE_TYPES, type AclBinding, type AclFilterSpec } from './acl-types.js';

export * from './acl-types.js';

// Kafka's codes: the index in these lists plus an offset (0 is UNKNOWN in every enum).
const code = <T extends string>(list: readonly T[], v: T) => list.indexOf(v) + 1;
const name = <T extends string>(list: readonly T[], c: number): T => list[c - 1] ?? ('unknown' as T);

function toKafka(f: AclFilterSpec) {
  return {
    resourceType: code(RESOURCE_TYPES, f.resourceType),
    resourceName: f.resourceName,
    resourcePatternType: code(PATTERNS, f.patternType),
    principal: f.principal,
    host: f.host,
    operation: code(OPERATIONS, f.operation),
    permissionType: code(PERMISSIONS, f.permission),
  };
}

interface KafkaAcl {
  resourceType: number;
  resourceName: string;
  resourcePatternType: number;
  principal: string;
  host: string;
  operation: number;
  permissionType: number;
}

function fromKafka(a: KafkaAcl): AclBinding {
  return {
    principal: a.principal,
    host: a.host,
    operation: name(OPERATIONS, a.operation),
    permission: name(PERMISSIONS, a.permissionType),
    resourceType: name(RESOURCE_TYPES, a.resourceType),
    resourceName: a.resourceName,
    patternType: name(PATTERNS, a.resourcePatternType),
  };
}

/** Sorted so output is stable: resource, then principal, operation, permission. */
export function sortAcls(acls: AclBinding[]): AclBinding[] {
  const key = (a: AclBinding) => [a.resourceType, a.resourceName, a.patternType, a.principal, a.host, a.operation, a.permission].join('\u0000');
  return [...acls].sort((x, y) => (key(x) < key(y) ? -1 : key(x) > key(y) ? 1 : 0));
}

function aclError(e: unknown, client: KafkaClient, doing: string): Error {
  const t = (e as { type?: string }).type;
  if (t === 'SECURITY_DISABLED') return new KafkaError(`${doing}: the cluster has no authorizer (set authorizer.class.name on the brokers to use ACLs)`);
  if (t === 'CLUSTER_AUTHORIZATION_FAILED') return new KafkaError(`${doing}: not allowed: the user needs ALTER (create, delete) or DESCRIBE (list) on the cluster`);
  return kafkaFailure(e, client.config, doing);
}

export async function listAcls(client: KafkaClient, f: AclFilterSpec): Promise<AclBinding[]> {
  const admin = await client.admin();
  try {
    const r = await admin.describeAcls(toKafka(f) as Parameters<typeof admin.describeAcls>[0]);
    return sortAcls(r.resources.flatMap((res) => res.acls.map((a) => fromKafka({ ...res, ...a }))));
  } catch (e) {
    throw aclError(e, client, 'list ACLs');
  }
}

export async function createAcls(client: KafkaClient, acls: AclBinding[]): Promise<AclBinding[]> {
  const admin = await client.admin();
  try {
    await admin.createAcls({ acl: acls.map((a) => toKafka(a)) as Parameters<typeof admin.createAcls>[0]['acl'] });
  } catch (e) {
    throw aclError(e, client, 'create ACLs');
  }
  return sortAcls(acls);
}

/** Deletes the ACLs matching the filters; returns those that were deleted. */
export async function deleteAcls(client: KafkaClient, filters: AclFilterSpec[]): Promise<AclBinding[]> {
  const admin = await client.admin();
  try {
    const r = await admin.deleteAcls({ filters: filters.map(toKafka) as Parameters<typeof admin.deleteAcls>[0]['filters'] });
    return sortAcls(r.filterResponses.flatMap((fr) => fr.matchingAcls.map((a) => fromKafka(a as KafkaAcl))));
  } catch (e) {
    throw aclError(e, client, 'delete ACLs');
  }
}
