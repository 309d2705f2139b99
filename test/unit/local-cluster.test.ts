import { describe, expect, it } from 'vitest';
import { Chalk } from 'chalk';
import { planCluster, replicationConfig } from '../../src/local/cluster.js';
import { renderLocalStatus, renderLocalStatusJson, type LocalInstanceView } from '../../src/format/local.js';

const plain = new Chalk({ level: 0 });

describe('planCluster', () => {
  it('one node: the combined broker+controller in the data dir itself, controller on port + 1', () => {
    const p = planCluster({ nodes: 1, port: 9092, version: '3.9.1' });
    expect(p.nodes).toEqual([{ id: 1, roles: 'broker,controller', subdir: '.', ports: { plaintext: 9092, controller: 9093 }, heap: '768m' }]);
    expect(p.config).toEqual({});
  });

  it('three nodes: brokers 1-3 on consecutive ports, a dedicated controller 0 after them, RF 3 and min ISR 2', () => {
    const p = planCluster({ nodes: 3, port: 19092, version: '3.9.1' });
    expect(p.nodes.map((n) => [n.id, n.roles, n.subdir, n.ports.plaintext, n.ports.controller, n.heap])).toEqual([
      [0, 'controller', 'controller-0', 19092, 19095, '256m'],
      [1, 'broker', 'broker-1', 19092, 19095, '512m'],
      [2, 'broker', 'broker-2', 19093, 19095, '512m'],
      [3, 'broker', 'broker-3', 19094, 19095, '512m'],
    ]);
    expect(p.config).toMatchObject({ 'default.replication.factor': '3', 'min.insync.replicas': '2', 'offsets.topic.replication.factor': '3', 'transaction.state.log.min.isr': '2' });
  });

  it('replication fits the size: two brokers get RF 2 and min ISR 1; five get RF 3; 4.x adds the share-group state topic', () => {
    expect(replicationConfig(2, '3.9.1')).toMatchObject({ 'default.replication.factor': '2', 'min.insync.replicas': '1' });
    expect(replicationConfig(5, '3.9.1')).toMatchObject({ 'default.replication.factor': '3', 'min.insync.replicas': '2' });
    expect(replicationConfig(3, '3.9.1')['share.coordinator.state.topic.replication.factor']).toBeUndefined();
    expect(replicationConfig(3, '4.4.0')['share.coordinator.state.topic.replication.factor']).toBe('3');
  });

  it('rejects sizes outside 1-5 and ports past 65535', () => {
    expect(() => planCluster({ nodes: 6, port: 9092 })).toThrow('--nodes must be 1 to 5, not 6');
    expect(() => planCluster({ nodes: 0, port: 9092 })).toThrow(/--nodes must be 1 to 5/);
    expect(() => planCluster({ nodes: 3, port: 65534 })).toThrow(/choose a lower --port/);
  });
});

const view: LocalInstanceView = {
  dir: '/d',
  version: '3.9.1',
  running: true,
  bootstrap: '127.0.0.1:19092,127.0.0.1:19093',
  startedAt: '2026-01-01T00:00:00.000Z',
  dataBytes: 1048576 * 3,
  nodes: [
    { id: 0, roles: 'controller', address: '127.0.0.1:19094', pid: 10, up: true, dir: '/d/controller-0' },
    { id: 1, roles: 'broker', address: '127.0.0.1:19092', pid: 11, up: true, dir: '/d/broker-1' },
    { id: 2, roles: 'broker', address: '127.0.0.1:19093', up: false, dir: '/d/broker-2' },
  ],
};

describe('local status view', () => {
  it('table: a line per instance, a row per node, degraded when a node is down', () => {
    expect(renderLocalStatus([view], plain)).toBe(
      '/d: degraded (2 of 3 nodes up), Kafka 3.9.1, bootstrap 127.0.0.1:19092,127.0.0.1:19093, since 2026-01-01T00:00:00.000Z, data 3.0 MiB\n' +
        'NODE  ROLE        ADDRESS          PID  STATUS\n' +
        '0     controller  127.0.0.1:19094  10   up\n' +
        '1     broker      127.0.0.1:19092  11   up\n' +
        '2     broker      127.0.0.1:19093  -    down\n',
    );
    expect(renderLocalStatus([], plain)).toBe('not running\n');
  });

  it('json: the documented shape', () => {
    expect(JSON.parse(renderLocalStatusJson([view]))).toEqual({
      running: true,
      instances: [
        {
          dir: '/d',
          running: true,
          version: '3.9.1',
          bootstrap: '127.0.0.1:19092,127.0.0.1:19093',
          startedAt: '2026-01-01T00:00:00.000Z',
          dataBytes: 3145728,
          nodes: [
            { id: 0, roles: ['controller'], address: '127.0.0.1:19094', pid: 10, up: true },
            { id: 1, roles: ['broker'], address: '127.0.0.1:19092', pid: 11, up: true },
            { id: 2, roles: ['broker'], address: '127.0.0.1:19093', pid: null, up: false },
          ],
        },
      ],
    });
    expect(JSON.parse(renderLocalStatusJson([]))).toEqual({ running: false, instances: [] });
  });
});
