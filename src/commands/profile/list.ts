import type { Command } from 'commander';
import type { Ctx } from '../../cli/context.js';
import { outputOption, TABLE_JSON, type TableOrJson } from '../../cli/output-option.js';
import { exposedProfilesWarning, loadProfiles } from '../../config/profiles.js';
import { chalkFor, renderJson } from '../../format/output.js';
import { profileListJson, renderProfileList } from '../../format/profile.js';

export function registerProfileList(profile: Command, ctx: Ctx): void {
  profile
    .command('list')
    .description('list saved profiles (* marks the current one)')
    .addOption(outputOption(TABLE_JSON, 'table'))
    .action((opts: { output: TableOrJson }) => {
      const { io } = ctx;
      const warning = exposedProfilesWarning(io.env);
      if (warning) io.stderr.write(warning + '\n');
      const file = loadProfiles(io.env);
      if (opts.output === 'json') io.stdout.write(renderJson(profileListJson(file)));
      else if (Object.keys(file.profiles).length === 0) io.stderr.write('no profiles (add one: kafka-cli profile add <name> -b host:port)\n');
      else io.stdout.write(renderProfileList(file, chalkFor(io, io.stdout)));
    });
}
