/** `kafka-cli schema ...`: subjects and schemas in the Schema Registry (Confluent API). */
import type { Command } from 'commander';
import type { Ctx } from '../../cli/context.js';
import { registerSchemaList } from './list.js';
import { registerSchemaGet } from './get.js';
import { registerSchemaVersions } from './versions.js';
import { registerSchemaRegister } from './register.js';
import { registerSchemaCheck } from './check.js';
import { registerSchemaConfig } from './config.js';
import { registerSchemaDelete } from './delete.js';

export function registerSchema(program: Command, ctx: Ctx): void {
  const schema = program
    .command('schema')
    .description('list, show, register, check and delete schemas in the Schema Registry')
    .addHelpText(
      'after',
      `
Needs a registry: --schema-registry <url> (or env KAFKA_SCHEMA_REGISTRY_URL, or a profile). Any Confluent-compatible
API works (Confluent, Apicurio's /apis/ccompat/v7, Redpanda, Karapace).

Examples:
  kafka-cli schema list
  kafka-cli schema register orders-value order.avsc
  kafka-cli schema check orders-value order-v2.avsc     # exit 3 when incompatible
  kafka-cli schema get orders-value latest
  kafka-cli schema config orders-value --compatibility FULL
  kafka-cli schema delete orders-value --yes`,
    );
  registerSchemaList(schema, ctx);
  registerSchemaGet(schema, ctx);
  registerSchemaVersions(schema, ctx);
  registerSchemaRegister(schema, ctx);
  registerSchemaCheck(schema, ctx);
  registerSchemaConfig(schema, ctx);
  registerSchemaDelete(schema, ctx);
}
