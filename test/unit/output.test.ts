import { describe, expect, it } from 'vitest';
import { Chalk } from 'chalk';
import { position, renderJson, renderTable } from '../../src/format/output.js';
import { renderClusterTable, toClusterJson } from '../../src/format/admin/cluster.js';
import { metadataVersionName, type ClusterInfo } from '../../src/kafka/admin/cluster.js';
import { colorEnabled, type IO } from '../../src/core/io.js';

const plain = new Chalk({ level: 0 });

describe('renderTable', () => {
  it('aligns columns without borders and shows missing values as -', () => {
    expect(renderTable(['A', 'LONGER'], [['x', 1], ['yyyy', null]], plain)).toBe('A     LONGER\nx     1\nyyyy  -\n');
  });
  it('prints nothing for no rows', () => expect(renderTable(['A'], [], plain)).toBe(''));
});

describe('renderJson (the int64 convention)', () => {
  it('writes a quantity (bigint) as its exact integer literal and a position as an exact string', () => {
    expect(renderJson({ lag: 9007199254740993n, offset: position(9007199254740993n), none: position(null) }, 0)).toBe('{"lag":9007199254740993,"offset":"9007199254740993","none":null}\n');
    expect(renderJson({ a: [-1n, 2n ** 63n - 1n] })).toBe('{\n  "a": [\n    -1,\n    9223372036854775807\n  ]\n}\n');
  });
  it('leaves strings that look like its marker alone', () => {
    expect(renderJson({ s: 'bigint-abc:5', t: '"bigint-:1"' }, 0)).toBe('{"s":"bigint-abc:5","t":"\\"bigint-:1\\""}\n');
  });
});

describe('cluster view', () => {
  // A dedicated controller (node 0) and three brokers: the active controller is no broker.
  const info: ClusterInfo = {
    clusterId: 'abc',
    controller: 0,
    metadataVersion: '4.4-IV2',
    brokers: [
      { id: 1, host: 'h1', port: 9092, rack: 'r1', fenced: false, isController: false },
      { id: 2, host: 'h2', port: 9093, rack: null, fenced: true, isController: false },
    ],
    quorum: {
      leaderId: 0,
      leaderEpoch: 3,
      highWatermark: 9_007_199_254_740_993n,
      voters: [{ id: 0, host: 'c0', port: 9094, logEndOffset: 9_007_199_254_740_993n, lag: 0n, lastCaughtUpTimestamp: 1_000 }],
      observers: [{ id: 1, host: null, port: null, logEndOffset: 9_007_199_254_740_990n, lag: 3n, lastCaughtUpTimestamp: null }],
    },
    features: [
      { name: 'group.version', level: 1, minLevel: 1 },
      { name: 'metadata.version', level: 33, minLevel: 33 },
    ],
  };

  it('table: brokers with racks and fencing, the quorum leader as active controller, features', () => {
    expect(renderClusterTable(info, plain, 3_500)).toBe(
      'Cluster abc: 2 brokers, active controller 0 (KRaft, metadata.version 4.4-IV2)\n\n' +
        'BROKER  HOST  PORT  RACK  STATUS\n1       h1    9092  r1    up\n2       h2    9093  -     fenced\n' +
        '\nKRaft controllers (leader epoch 3, high watermark 9007199254740993; 1 observer)\n' +
        'CONTROLLER  ROLE    HOST  PORT  LOG-END           LAG  CAUGHT-UP\n0*          leader  c0    9094  9007199254740993  0    2.5s ago\n' +
        '\nFEATURE           LEVEL\ngroup.version     1\nmetadata.version  33 (4.4-IV2)\n',
    );
  });

  it('JSON: int64 as strings, lags exact', () => {
    expect(renderJson(toClusterJson(info), 0)).toBe(
      '{"clusterId":"abc","controller":0,"metadataVersion":"4.4-IV2","brokers":[{"id":1,"host":"h1","port":9092,"rack":"r1","fenced":false,"isController":false},' +
        '{"id":2,"host":"h2","port":9093,"rack":null,"fenced":true,"isController":false}],"quorum":{"leaderId":0,"leaderEpoch":3,"highWatermark":"9007199254740993",' +
        '"voters":[{"id":0,"host":"c0","port":9094,"logEndOffset":"9007199254740993","lag":0,"lastCaughtUpTimestamp":"1970-01-01T00:00:01.000Z"}],' +
        '"observers":[{"id":1,"host":null,"port":null,"logEndOffset":"9007199254740990","lag":3,"lastCaughtUpTimestamp":null}]},' +
        '"features":[{"name":"group.version","level":1,"minLevel":1},{"name":"metadata.version","level":33,"minLevel":33}]}\n',
    );
  });

  it('names metadata.version levels as Kafka does', () => {
    expect(metadataVersionName(7)).toBe('3.3-IV3');
    expect(metadataVersionName(21)).toBe('3.9-IV0');
    expect(metadataVersionName(33)).toBe('4.4-IV2');
    expect(metadataVersionName(999)).toBeNull();
  });
});

describe('colorEnabled', () => {
  const io = (env: NodeJS.ProcessEnv) => ({ env }) as unknown as IO;
  it('is off when not a TTY, under NO_COLOR, and forced by FORCE_COLOR', () => {
    expect(colorEnabled(io({}), { write: () => true, isTTY: true })).toBe(true);
    expect(colorEnabled(io({}), { write: () => true, isTTY: false })).toBe(false);
    expect(colorEnabled(io({ NO_COLOR: '1' }), { write: () => true, isTTY: true })).toBe(false);
    expect(colorEnabled(io({ FORCE_COLOR: '1' }), { write: () => true, isTTY: false })).toBe(true);
    expect(colorEnabled(io({ FORCE_COLOR: '0' }), { write: () => true, isTTY: true })).toBe(false);
  });
});
