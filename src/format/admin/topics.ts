/**
 * Topic views: pure builders from core data to the documented JSON shapes and table rows,
 * and table renderers. No Kafka, no IO.
 */
import type { ChalkInstance } from 'chalk';
import type { AddPartitionsResult, CreatedTopic, DeletedTopic, TopicDescription, TopicSummary } from '../../kafka/admin/topics.js';
import type { AlterTopicConfigsResult, TopicConfigEntry } from '../../kafka/admin/configs.js';
import { position, renderTable, type Cell } from '../output.js';

// ---------------------------------------------------------------- create

export function createdJson(rows: CreatedTopic[]): unknown {
  return rows.map((r) => ({ topic: r.topic, status: r.status, partitions: r.partitions, replicationFactor: r.replicationFactor, configs: r.configs }));
}

export function renderCreatedTable(rows: CreatedTopic[], c: ChalkInstance): string {
  return renderTable(
    ['TOPIC', 'STATUS', 'PARTITIONS', 'REPLICATION', 'CONFIGS'],
    rows.map((r) => [r.topic, r.status, r.partitions, r.replicationFactor, Object.entries(r.configs).map(([k, v]) => `${k}=${v}`).join(',') || null]),
    c,
  );
}

// ---------------------------------------------------------------- add-partitions

export function addPartitionsJson(r: AddPartitionsResult): unknown {
  return { topic: r.topic, previousPartitions: r.previousPartitions, partitions: r.partitions, validateOnly: r.validateOnly };
}

export function renderAddPartitionsTable(r: AddPartitionsResult, c: ChalkInstance): string {
  return renderTable(['TOPIC', 'PREVIOUS', 'PARTITIONS', 'STATUS'], [[r.topic, r.previousPartitions, r.partitions, r.validateOnly ? 'valid' : 'grown']], c);
}

// ---------------------------------------------------------------- list

export function topicListJson(rows: TopicSummary[]): unknown {
  return rows.map((t) => ({
    name: t.name,
    partitions: t.partitions,
    replicationFactor: t.replicationFactor,
    messages: t.messages,
    internal: t.internal,
    underReplicatedPartitions: t.underReplicatedPartitions,
    offlinePartitions: t.offlinePartitions,
  }));
}

/** `ok`, or what is wrong: `2 offline, 1 under-replicated`. */
export function topicHealth(t: TopicSummary): string {
  const bad = [t.offlinePartitions ? `${t.offlinePartitions} offline` : '', t.underReplicatedPartitions ? `${t.underReplicatedPartitions} under-replicated` : ''].filter(Boolean);
  return bad.length ? bad.join(', ') : 'ok';
}

export function topicListRows(rows: TopicSummary[]): Cell[][] {
  return rows.map((t) => [t.name, t.partitions, t.replicationFactor, t.messages, topicHealth(t)]);
}

export function renderTopicListTable(rows: TopicSummary[], c: ChalkInstance): string {
  const table = renderTable(['NAME', 'PARTITIONS', 'REPLICATION', 'MESSAGES', 'STATUS'], topicListRows(rows), c);
  // Unhealthy topics stand out on a terminal (line 0 is the header).
  return table
    .split('\n')
    .map((line, i) => {
      const t = i > 0 ? rows[i - 1] : undefined;
      return t?.offlinePartitions ? c.red(line) : t?.underReplicatedPartitions ? c.yellow(line) : line;
    })
    .join('\n');
}

// ---------------------------------------------------------------- configs

export function configJson(e: TopicConfigEntry): unknown {
  return { name: e.name, value: e.value, source: e.source, isDefault: e.isDefault, readOnly: e.readOnly, sensitive: e.sensitive };
}

export function renderConfigTable(configs: TopicConfigEntry[], c: ChalkInstance): string {
  return renderTable(
    ['CONFIG', 'VALUE', 'SOURCE'],
    configs.map((e) => [e.name, e.sensitive ? '(sensitive)' : e.value === '' ? '""' : e.value, e.source]),
    c,
  );
}

// ---------------------------------------------------------------- describe

export function describeJson(d: TopicDescription): unknown {
  return {
    name: d.name,
    internal: d.internal,
    partitions: d.partitions.length,
    replicationFactor: d.replicationFactor,
    messages: d.partitions.every((p) => p.messages !== null) ? d.partitions.reduce((s, p) => s + (p.messages ?? 0n), 0n) : null,
    partitionDetails: d.partitions.map((p) => ({
      partition: p.partition,
      leader: p.leader < 0 ? null : p.leader,
      replicas: p.replicas,
      isr: p.isr,
      offlineReplicas: p.offlineReplicas,
      lowWatermark: position(p.lowWatermark),
      highWatermark: position(p.highWatermark),
      messages: p.messages,
      underReplicated: p.underReplicated,
      leaderless: p.leaderless,
    })),
    configs: d.configs.map(configJson),
  };
}

/** Partition rows; the last column names what is wrong, so it reads without color too. */
export function describeRows(d: TopicDescription): Cell[][] {
  return d.partitions.map((p) => [
    p.partition,
    p.leader < 0 ? 'none' : p.leader,
    p.replicas.join(','),
    p.isr.length ? p.isr.join(',') : null,
    p.lowWatermark,
    p.highWatermark,
    p.messages,
    p.leaderless ? 'NO LEADER' : p.underReplicated ? 'UNDER-REPLICATED' : 'ok',
  ]);
}

export function renderDescribeTable(d: TopicDescription, c: ChalkInstance, allConfigs: boolean): string {
  const messages = d.partitions.every((p) => p.messages !== null) ? d.partitions.reduce((s, p) => s + (p.messages ?? 0n), 0n).toString() : 'unknown';
  const bad = d.partitions.filter((p) => p.leaderless || p.underReplicated).length;
  let out = `Topic ${d.name}${d.internal ? ' (internal)' : ''}: ${d.partitions.length} partition${d.partitions.length === 1 ? '' : 's'}, replication factor ${d.replicationFactor}, ${messages} messages`;
  out += bad ? `, ${c.red(`${bad} partition${bad === 1 ? '' : 's'} unhealthy`)}\n\n` : '\n\n';
  const rows = describeRows(d);
  const table = renderTable(['PARTITION', 'LEADER', 'REPLICAS', 'ISR', 'LOW', 'HIGH', 'MESSAGES', 'STATUS'], rows, c);
  // Color whole lines of unhealthy partitions (the header is line 0).
  out += table
    .split('\n')
    .map((line, i) => {
      const p = d.partitions[i - 1];
      if (!p || line === '') return line;
      return p.leaderless ? c.red(line) : p.underReplicated ? c.yellow(line) : line;
    })
    .join('\n');
  out += `\n${allConfigs ? 'Configs' : 'Configs (non-default)'}:\n`;
  out += d.configs.length ? renderConfigTable(d.configs, c) : '  (none: every config has its default value)\n';
  return out;
}

// ---------------------------------------------------------------- config

export function alterConfigsJson(r: AlterTopicConfigsResult, all: boolean): unknown {
  return {
    topic: r.topic,
    changes: r.changes.map((ch) => ({ name: ch.name, from: ch.from, to: ch.to })),
    configs: (all ? r.configs : r.configs.filter((e) => !e.isDefault)).map(configJson),
  };
}

/** One stderr line per change, e.g. `retention.ms: 604800000 -> 3600000`. */
export function describeChanges(r: AlterTopicConfigsResult, validateOnly: boolean): string {
  if (r.changes.length === 0) return `topic '${r.topic}': no change\n`;
  const verb = validateOnly ? 'would change (validated, not applied)' : 'changed';
  return r.changes.map((ch) => `topic '${r.topic}' ${verb}: ${ch.name}: ${ch.from ?? '(inherited)'} -> ${ch.to ?? '(inherited)'}\n`).join('');
}

export function renderAlterConfigsTable(r: AlterTopicConfigsResult, c: ChalkInstance, all: boolean): string {
  const shown = all ? r.configs : r.configs.filter((e) => !e.isDefault);
  return shown.length ? renderConfigTable(shown, c) : '';
}

// ---------------------------------------------------------------- delete

export function deletedJson(rows: DeletedTopic[]): unknown {
  return rows.map((r) => ({ topic: r.topic, status: 'deleted', partitions: r.partitions, messages: r.messages }));
}

export function renderDeletedTable(rows: DeletedTopic[], c: ChalkInstance): string {
  return renderTable(['TOPIC', 'STATUS', 'PARTITIONS', 'MESSAGES'], rows.map((r) => [r.topic, 'deleted', r.partitions, r.messages]), c);
}
