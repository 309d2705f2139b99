import type { Command } from 'commander';
import type { Ctx } from '../../cli/context.js';
import { outputOption, TABLE_JSON, type TableOrJson } from '../../cli/output-option.js';
import { exposedProfilesWarning, getProfile, loadProfiles } from '../../config/profiles.js';
import { chalkFor, renderJson } from '../../format/output.js';
import { profileShowJson, renderProfileShow } from '../../format/profile.js';

export function registerProfileShow(profile: Command, ctx: Ctx): void {
  profile
    .command('show [name]')
    .description('show a profile (default: the current one); secrets are masked')
    .addOption(outputOption(TABLE_JSON, 'table'))
    .action((name: string | undefined, opts: { output: TableOrJson }) => {
      const { io } = ctx;
      const warning = exposedProfilesWarning(io.env);
      if (warning) io.stderr.write(warning + '\n');
      const p = getProfile(io.env, name);
      const file = loadProfiles(io.env);
      io.stdout.write(opts.output === 'json' ? renderJson(profileShowJson(p.name, file)) : renderProfileShow(p.name, file, chalkFor(io, io.stdout)));
    });
}
