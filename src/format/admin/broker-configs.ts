/** `broker config`: configs with their sources (secrets masked), and the changes made. */
import type { ChalkInstance } from 'chalk';
import type { BrokerConfigEntry, BrokerTarget } from '../../kafka/admin/broker-configs.js';
import type { ConfigChange } from '../../kafka/admin/configs.js';
import { renderTable } from '../output.js';

const shown = (e: BrokerConfigEntry) => (e.sensitive ? '(sensitive)' : e.value === null ? null : e.value === '' ? '""' : e.value);

export function renderBrokerConfigs(configs: BrokerConfigEntry[], c: ChalkInstance): string {
  return renderTable(['CONFIG', 'VALUE', 'SOURCE', 'READ-ONLY'], configs.map((e) => [e.name, shown(e), e.source, e.readOnly ? 'yes' : 'no']), c);
}

/** `{ broker: id | "default", configs: [{ name, value, source, isDefault, readOnly, sensitive }], changes? }`; sensitive values are null. */
export function brokerConfigsJson(t: BrokerTarget, configs: BrokerConfigEntry[], changes?: ConfigChange[]): unknown {
  return {
    broker: t.kind === 'default' ? 'default' : t.id,
    ...(changes ? { changes: changes.map((x) => ({ name: x.name, from: x.from, to: x.to })) } : {}),
    configs: configs.map((e) => ({ name: e.name, value: e.sensitive ? null : e.value, source: e.source, isDefault: e.isDefault, readOnly: e.readOnly, sensitive: e.sensitive })),
  };
}

export function renderBrokerConfigChanges(changes: ConfigChange[], c: ChalkInstance): string {
  if (changes.length === 0) return 'no change\n';
  return renderTable(['CONFIG', 'FROM', 'TO'], changes.map((x) => [x.name, x.from ?? '(inherited)', x.to ?? '(inherited)']), c);
}
