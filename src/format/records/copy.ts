/** The redrive dry run: how many records would go to which topic (table and JSON). */
import type { ChalkInstance } from 'chalk';
import type { RedrivePlan } from '../../kafka/produce/copy.js';
import { renderJson, renderTable } from '../output.js';

export function toRedriveRows(plan: RedrivePlan): Array<[string, number]> {
  return [...plan.byTopic].map(([topic, records]) => [topic, records.length]);
}

export function renderRedrivePlan(plan: RedrivePlan, header: string, c: ChalkInstance): string {
  let out = renderTable(['TOPIC', 'RECORDS'], toRedriveRows(plan), c);
  if (plan.withoutHeader) out += `(${plan.withoutHeader} record${plan.withoutHeader === 1 ? '' : 's'} without header '${header}': not sent)\n`;
  if (plan.byTopic.size === 0 && !plan.withoutHeader) out += 'no records selected\n';
  return out;
}

export function renderRedrivePlanJson(plan: RedrivePlan, header: string): string {
  return renderJson({ dryRun: true, header, topics: toRedriveRows(plan).map(([topic, records]) => ({ topic, records })), withoutHeader: plan.withoutHeader });
}

export function redriveDryRunNote(plan: RedrivePlan): string {
  const n = [...plan.byTopic.values()].reduce((s, r) => s + r.length, 0);
  return n ? `Dry run: nothing was sent; add --execute to send these ${n} record${n === 1 ? '' : 's'}.\n` : 'Dry run: nothing to send.\n';
}
