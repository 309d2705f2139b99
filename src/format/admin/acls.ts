/** ACL tables and JSON (`acl list|create|delete`). */
import type { ChalkInstance } from 'chalk';
import type { AclBinding } from '../../kafka/admin/acl-types.js';
import { renderTable } from '../output.js';

/** `[{ principal, host, operation, permission, resourceType, resourceName, patternType }]` */
export function aclsJson(acls: AclBinding[]): unknown {
  return acls.map((a) => ({ principal: a.principal, host: a.host, operation: a.operation, permission: a.permission, resourceType: a.resourceType, resourceName: a.resourceName, patternType: a.patternType }));
}

export function renderAclTable(acls: AclBinding[], c: ChalkInstance): string {
  return renderTable(
    ['PRINCIPAL', 'HOST', 'OPERATION', 'PERMISSION', 'RESOURCE', 'NAME', 'PATTERN'],
    acls.map((a) => [a.principal, a.host, a.operation, a.permission, a.resourceType, a.resourceName, a.patternType]),
    c,
  );
}

export function aclCount(n: number): string {
  return `${n} ACL${n === 1 ? '' : 's'}`;
}
