import type { Command } from 'commander';
import type { Ctx } from '../../cli/context.js';
import { removeProfile } from '../../config/profiles.js';

export function registerProfileRemove(profile: Command, ctx: Ctx): void {
  profile
    .command('remove <name>')
    .alias('rm')
    .description('delete a saved profile')
    .action((name: string) => {
      removeProfile(ctx.io.env, name);
      ctx.io.stderr.write(`removed profile '${name}'\n`);
    });
}
