/** `kafka-cli topic ...`: create, grow, list, describe, configure and delete topics. */
import type { Command } from 'commander';
import type { Ctx } from '../../cli/context.js';
import { registerTopicCreate } from './create.js';
import { registerTopicAddPartitions } from './add-partitions.js';
import { registerTopicList } from './list.js';
import { registerTopicDescribe } from './describe.js';
import { registerTopicConfig } from './config.js';
import { registerTopicDelete } from './delete.js';
import { registerTopicDeleteRecords } from './delete-records.js';
import { registerTopicReassign } from './reassign.js';
import { registerTopicDiff } from './diff.js';

export function registerTopic(program: Command, ctx: Ctx): void {
  const topic = program
    .command('topic')
    .description('create, grow, list, describe, configure and delete topics')
    .addHelpText(
      'after',
      '\nExamples:\n  kafka-cli topic create orders -p 6 --config retention.ms=86400000\n  kafka-cli topic list --match "^orders"\n  kafka-cli topic describe orders\n  kafka-cli topic config orders --set cleanup.policy=compact\n  kafka-cli topic delete orders --yes\n  kafka-cli topic diff --to-profile staging',
    );
  registerTopicCreate(topic, ctx);
  registerTopicAddPartitions(topic, ctx);
  registerTopicList(topic, ctx);
  registerTopicDescribe(topic, ctx);
  registerTopicConfig(topic, ctx);
  registerTopicDelete(topic, ctx);
  registerTopicDeleteRecords(topic, ctx);
  registerTopicReassign(topic, ctx);
  registerTopicDiff(topic, ctx);
}
