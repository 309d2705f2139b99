/** The one line `-v` prints about where kafka-cli connects: brokers, profile, SASL, TLS. Never a secret. */
import type { ConnectionConfig } from '../config/connection.js';

export function connectionLine(c: ConnectionConfig): string {
  const local = c.localInstances?.length === 1 ? ` (the broker kafka-cli local start runs, ${c.localInstances[0]!.dir})` : '';
  const parts = [`connecting to ${c.brokers.join(',')}${local}`];
  if (c.profileName) parts.push(`profile ${c.profileName}${c.profileSource === 'flag' ? '' : c.profileSource === 'env' ? ' (KAFKA_CLI_PROFILE)' : ' (current)'}`);
  parts.push(!c.sasl ? 'no SASL' : 'username' in c.sasl ? `SASL ${c.sasl.mechanism.toUpperCase()} as ${c.sasl.username}` : `SASL ${c.sasl.mechanism.toUpperCase()} (token from ${c.sasl.token.kind === 'env' ? c.sasl.token.name : c.sasl.token.kind})`);
  if (!c.tls) parts.push('no TLS');
  else {
    const trust = c.tls.ca ? 'custom CA' : 'system CAs';
    parts.push(`TLS (${c.tls.rejectUnauthorized ? `verified, ${trust}` : 'NOT verified'}${c.tls.cert ? ', client certificate' : ''})`);
  }
  parts.push(`client id ${c.clientId}`, `timeout ${c.timeoutMs} ms`);
  return `kafka-cli: ${parts.join('; ')}`;
}
