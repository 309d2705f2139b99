import { describe, expect, it } from 'vitest';
import type { LagReport } from '../../src/kafka/groups/lag.js';
import { escapeLabelValue, renderLagPrometheus } from '../../src/format/prometheus.js';

const report: LagReport = {
  time: Date.UTC(2026, 10, 21),
  groups: [
    {
      group: 'billing',
      type: 'consumer',
      state: 'Stable',
      protocolType: 'consumer',
      members: 2,
      memberList: [],
      totalLag: 10n,
      maxTimeLagMs: 65_500,
      topics: [
        {
          topic: 'orders',
          totalLag: 10n,
          partitions: [
            { topic: 'orders', partition: 0, committedOffset: 9_007_199_254_740_993n, logEndOffset: 9_007_199_254_741_003n, lag: 10n, consumer: null, timeLagMs: 65_500 },
            { topic: 'orders', partition: 1, committedOffset: null, logEndOffset: 4n, lag: null, consumer: null, timeLagMs: null },
          ],
        },
      ],
    },
    { group: 'we"ird\\name', type: 'classic', state: 'Empty', protocolType: '', members: 0, memberList: [], totalLag: 0n, maxTimeLagMs: null, topics: [] },
  ],
};

const GOLDEN_TIME = `# HELP kafka_cli_consumergroup_lag Messages between the committed offset and the log-end offset of a partition.
# TYPE kafka_cli_consumergroup_lag gauge
kafka_cli_consumergroup_lag{group="billing",type="consumer",topic="orders",partition="0"} 10
# HELP kafka_cli_consumergroup_committed_offset Committed offset of the group for a partition.
# TYPE kafka_cli_consumergroup_committed_offset gauge
kafka_cli_consumergroup_committed_offset{group="billing",type="consumer",topic="orders",partition="0"} 9007199254740993
# HELP kafka_cli_consumergroup_log_end_offset Log-end offset (high watermark) of a partition.
# TYPE kafka_cli_consumergroup_log_end_offset gauge
kafka_cli_consumergroup_log_end_offset{group="billing",type="consumer",topic="orders",partition="0"} 9007199254741003
kafka_cli_consumergroup_log_end_offset{group="billing",type="consumer",topic="orders",partition="1"} 4
# HELP kafka_cli_consumergroup_lag_seconds Age of the oldest unconsumed message of a partition (0 when it has no lag).
# TYPE kafka_cli_consumergroup_lag_seconds gauge
kafka_cli_consumergroup_lag_seconds{group="billing",type="consumer",topic="orders",partition="0"} 65.5
# HELP kafka_cli_consumergroup_group_lag Sum of the known partition lags of the group.
# TYPE kafka_cli_consumergroup_group_lag gauge
kafka_cli_consumergroup_group_lag{group="billing",type="consumer"} 10
kafka_cli_consumergroup_group_lag{group="we\\"ird\\\\name",type="classic"} 0
# HELP kafka_cli_consumergroup_max_lag_seconds Largest lag_seconds of the group's partitions.
# TYPE kafka_cli_consumergroup_max_lag_seconds gauge
kafka_cli_consumergroup_max_lag_seconds{group="billing",type="consumer"} 65.5
# HELP kafka_cli_consumergroup_members Members of the group.
# TYPE kafka_cli_consumergroup_members gauge
kafka_cli_consumergroup_members{group="billing",type="consumer"} 2
kafka_cli_consumergroup_members{group="we\\"ird\\\\name",type="classic"} 0
`;

describe('lag -o prometheus', () => {
  it('renders the documented gauges (golden, with --time)', () => {
    expect(renderLagPrometheus(report, true)).toBe(GOLDEN_TIME);
  });
  it('without --time has no *_seconds families', () => {
    const text = renderLagPrometheus(report, false);
    expect(text).not.toContain('seconds');
    expect(text).toContain('kafka_cli_consumergroup_group_lag{group="billing",type="consumer"} 10\n');
  });
  it('escapes label values', () => {
    expect(escapeLabelValue('a"b\\c\nd')).toBe('a\\"b\\\\c\\nd');
  });
});
