/**
 * `lag -o prometheus`: the Prometheus text exposition format (version 0.0.4), as node_exporter's textfile
 * collector reads it. No timestamps (the collector refuses them); partitions whose lag is unknown (no committed
 * offset, leader not answering) have no lag sample rather than a made-up 0.
 */
import type { GroupLag, LagReport } from '../kafka/groups/lag.js';

interface Family {
  name: string;
  help: string;
  samples: string[];
}

/** A label value with backslash, double quote and newline escaped, as the format requires. */
export function escapeLabelValue(v: string): string {
  return v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

function labels(pairs: Array<[string, string | number]>): string {
  return `{${pairs.map(([k, v]) => `${k}="${escapeLabelValue(String(v))}"`).join(',')}}`;
}

/** The group's type as a label: classic, consumer (KIP-848), share (KIP-932), streams. */
function groupType(g: GroupLag): string {
  return g.type;
}

function seconds(ms: number): string {
  return String(ms / 1000);
}

export function renderLagPrometheus(r: LagReport, withTime: boolean): string {
  const f = (name: string, help: string): Family => ({ name: `kafka_cli_consumergroup_${name}`, help, samples: [] });
  const lag = f('lag', 'Messages between the committed offset and the log-end offset of a partition.');
  const committed = f('committed_offset', 'Committed offset of the group for a partition.');
  const logEnd = f('log_end_offset', 'Log-end offset (high watermark) of a partition.');
  const lagSeconds = f('lag_seconds', 'Age of the oldest unconsumed message of a partition (0 when it has no lag).');
  const groupLag = f('group_lag', 'Sum of the known partition lags of the group.');
  const maxLagSeconds = f('max_lag_seconds', 'Largest lag_seconds of the group\'s partitions.');
  const members = f('members', 'Members of the group.');
  for (const g of r.groups) {
    const gl: Array<[string, string]> = [['group', g.group], ['type', groupType(g)]];
    groupLag.samples.push(`${labels(gl)} ${g.totalLag}`);
    members.samples.push(`${labels(gl)} ${g.members}`);
    if (withTime && g.maxTimeLagMs != null) maxLagSeconds.samples.push(`${labels(gl)} ${seconds(g.maxTimeLagMs)}`);
    for (const t of g.topics) {
      for (const p of t.partitions) {
        const pl = labels([...gl, ['topic', p.topic], ['partition', p.partition]]);
        if (p.lag !== null) lag.samples.push(`${pl} ${p.lag}`);
        if (p.committedOffset !== null) committed.samples.push(`${pl} ${p.committedOffset}`);
        if (p.logEndOffset !== null) logEnd.samples.push(`${pl} ${p.logEndOffset}`);
        if (withTime && p.timeLagMs != null) lagSeconds.samples.push(`${pl} ${seconds(p.timeLagMs)}`);
      }
    }
  }
  const families = [lag, committed, logEnd, ...(withTime ? [lagSeconds] : []), groupLag, ...(withTime ? [maxLagSeconds] : []), members];
  return families.map((fam) => [`# HELP ${fam.name} ${fam.help}`, `# TYPE ${fam.name} gauge`, ...fam.samples.map((s) => fam.name + s)].join('\n') + '\n').join('');
}
