import type { Command } from 'commander';
import type { Ctx } from '../../cli/context.js';
import { useProfile } from '../../config/profiles.js';

export function registerProfileUse(profile: Command, ctx: Ctx): void {
  profile
    .command('use <name>')
    .description('make a profile the current one')
    .action((name: string) => {
      useProfile(ctx.io.env, name);
      ctx.io.stderr.write(`current profile: ${name}\n`);
    });
}
