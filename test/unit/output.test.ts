import { describe, expect, it } from 'vitest';
import { Chalk } from 'chalk';
import { parseTableOrJson, renderJson, renderTable } from '../../src/format/output.js';
import { renderClusterTable } from '../../src/format/cluster.js';
import { colorEnabled, type IO } from '../../src/cli/io.js';

const plain = new Chalk({ level: 0 });

describe('renderTable', () => {
  it('aligns columns without borders and shows missing values as -', () => {
    expect(renderTable(['A', 'LONGER'], [['x', 1], ['yyyy', null]], plain)).toBe('A     LONGER\nx     1\nyyyy  -\n');
  });
  it('prints nothing for no rows', () => expect(renderTable(['A'], [], plain)).toBe(''));
});

describe('renderJson', () => {
  it('keeps bigints exact as strings', () => {
    expect(JSON.parse(renderJson({ offset: 9007199254740993n }))).toEqual({ offset: '9007199254740993' });
  });
});

describe('parseTableOrJson', () => {
  it('defaults to table and rejects others', () => {
    expect(parseTableOrJson(undefined)).toBe('table');
    expect(parseTableOrJson('JSON')).toBe('json');
    expect(() => parseTableOrJson('yaml')).toThrow(/expected table or json/);
  });
});

describe('cluster view', () => {
  it('marks the controller', () => {
    const out = renderClusterTable({ clusterId: 'abc', controller: 2, brokers: [{ id: 1, host: 'h1', port: 9092, isController: false }, { id: 2, host: 'h2', port: 9093, isController: true }] }, plain);
    expect(out).toBe('Cluster abc, controller 2, 2 brokers\n\nID  HOST  PORT\n1   h1    9092\n2*  h2    9093\n');
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
