/** `kafka-cli profile <verb>`: saved connection settings. */
import type { Command } from 'commander';
import type { Ctx } from '../../cli/context.js';
import { registerProfileAdd } from './add.js';
import { registerProfileList } from './list.js';
import { registerProfileShow } from './show.js';
import { registerProfileUse } from './use.js';
import { registerProfileRemove } from './remove.js';

export function registerProfile(program: Command, ctx: Ctx): void {
  const profile = program
    .command('profile')
    .description('save connection settings (brokers, SASL, TLS) under a name')
    .addHelpText('after', `
Profiles live in $XDG_CONFIG_HOME/kafka-cli/config.json (default ~/.config/kafka-cli/), mode 0600.
Precedence: flags > environment > profile > defaults.

Examples:
  kafka-cli profile add prod -b k1:9093,k2:9093 --sasl-mechanism scram-sha-512 --sasl-username app --sasl-password-file ~/.kafka-pass --tls-ca ca.pem
  kafka-cli profile use prod
  kafka-cli --profile prod topic list`);
  registerProfileAdd(profile, ctx);
  registerProfileList(profile, ctx);
  registerProfileShow(profile, ctx);
  registerProfileUse(profile, ctx);
  registerProfileRemove(profile, ctx);
}
