/** `user list|create|delete`: SCRAM users and their mechanisms (never a password or a hash). */
import type { ChalkInstance } from 'chalk';
import type { ScramUser } from '../../kafka/admin/scram-types.js';
import { renderTable } from '../output.js';

/** `[{ name, credentials: [{ mechanism, iterations }] }]` */
export function scramUsersJson(users: ScramUser[]): unknown {
  return users.map((u) => ({ name: u.name, credentials: u.credentials.map((c) => ({ mechanism: c.mechanism, iterations: c.iterations })) }));
}

export function renderScramUsers(users: ScramUser[], c: ChalkInstance): string {
  return renderTable(['USER', 'MECHANISM', 'ITERATIONS'], users.flatMap((u) => u.credentials.map((cr) => [u.name, cr.mechanism.toUpperCase(), cr.iterations])), c);
}
