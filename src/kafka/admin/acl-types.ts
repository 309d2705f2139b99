/** ACL vocabulary in kafka-cli's words (no kafkajs here: the command flags parse with it before kafkajs loads). */
export const RESOURCE_TYPES = ['any', 'topic', 'group', 'cluster', 'transactional-id', 'delegation-token'] as const;
export const OPERATIONS = ['any', 'all', 'read', 'write', 'create', 'delete', 'alter', 'describe', 'cluster-action', 'describe-configs', 'alter-configs', 'idempotent-write'] as const;
export const PERMISSIONS = ['any', 'deny', 'allow'] as const;
export const PATTERNS = ['any', 'match', 'literal', 'prefixed'] as const;

export type ResourceType = (typeof RESOURCE_TYPES)[number];
export type Operation = (typeof OPERATIONS)[number];
export type Permission = (typeof PERMISSIONS)[number];
export type PatternType = (typeof PATTERNS)[number];

/** One ACL, in kafka-cli's words (lower-case, dashed names; Kafka's numeric codes stay in acls.ts). */
export interface AclBinding {
  principal: string;
  host: string;
  operation: Operation;
  permission: Permission;
  resourceType: ResourceType;
  resourceName: string;
  patternType: PatternType;
}

/** A filter: absent principal/host/name match any. */
export interface AclFilterSpec {
  principal?: string;
  host?: string;
  operation: Operation;
  permission: Permission;
  resourceType: ResourceType;
  resourceName?: string;
  patternType: PatternType;
}
