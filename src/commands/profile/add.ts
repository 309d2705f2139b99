import type { Command } from 'commander';
import type { Ctx } from '../../cli/context.js';
import { addProfile } from '../../config/profiles.js';
import { profileFromFlags } from '../../config/profile-flags.js';
import type { RegistryFlags } from '../../config/registry.js';

export function registerProfileAdd(profile: Command, ctx: Ctx): void {
  profile
    .command('add <name>')
    .description('save the connection flags given on this command line as a profile')
    .option('--use', 'make it the current profile')
    .option('--force', 'replace an existing profile of that name')
    .addHelpText('after', '\nExamples:\n  kafka-cli profile add dev -b 127.0.0.1:9092 --use\n  kafka-cli profile add prod -b k1:9093 --tls-ca ca.pem --sasl-mechanism plain --sasl-username app --sasl-password-file pw.txt')
    .action((name: string, opts: { use?: boolean; force?: boolean }) => {
      const { io } = ctx;
      const saved = addProfile(io.env, name, () => profileFromFlags(ctx.flags() as RegistryFlags, io.cwd), opts);
      io.stderr.write(`saved profile '${name}' in ${saved.path}${saved.current ? ' (current)' : ''}\n`);
    });
}
