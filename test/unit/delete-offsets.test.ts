import { describe, expect, it } from 'vitest';
import { membersConsuming } from '../../src/kafka/groups/delete-offsets.js';
import type { GroupDescription, GroupMember } from '../../src/kafka/groups/groups.js';

const member = (m: Partial<GroupMember>): GroupMember => ({ memberId: 'm', clientId: 'c', host: '/h', assignment: [], ...m });
const group = (members: GroupMember[]): GroupDescription => ({ group: 'g', type: 'consumer', state: 'Stable', protocolType: 'consumer', members });

describe('group delete-offsets: is the group consuming the topic', () => {
  it('counts members subscribed by name, by pattern (a full match) or assigned a partition of it', () => {
    const g = group([
      member({ subscribedTopics: ['orders'] }),
      member({ subscribedTopicRegex: 'ord.*' }),
      member({ subscribedTopicRegex: 'rders' }),
      member({ assignment: [{ topic: 'orders', partition: 1 }] }),
      member({ subscribedTopics: ['payments'] }),
    ]);
    expect(membersConsuming(g, 'orders')).toBe(3);
    expect(membersConsuming(g, 'payments')).toBe(1);
    expect(membersConsuming(g, 'other')).toBe(0);
  });

  it('a pattern JavaScript cannot read matches nothing instead of failing', () => {
    expect(membersConsuming(group([member({ subscribedTopicRegex: '(' })]), 'orders')).toBe(0);
  });

  it('an empty group consumes nothing', () => {
    expect(membersConsuming(group([]), 'orders')).toBe(0);
  });
});
