import type { Command } from 'commander';
import type { Ctx } from '../../cli/context.js';
import { exposedProfilesWarning, loadProfiles } from '../../config/profiles.js';
import { chalkFor, parseTableOrJson, renderJson, renderTable } from '../../format/output.js';
import { PROFILE_LIST_HEADERS, toProfileListJson, toProfileRows } from '../../format/profile.js';

export function registerProfileList(profile: Command, ctx: Ctx): void {
  profile
    .command('list')
    .description('list saved profiles (* marks the current one)')
    .option('-o, --output <format>', 'table or json', 'table')
    .action((opts: { output: string }) => {
      const { io } = ctx;
      const format = parseTableOrJson(opts.output);
      const warning = exposedProfilesWarning(io.env);
      if (warning) io.stderr.write(warning + '\n');
      const file = loadProfiles(io.env);
      if (format === 'json') io.stdout.write(renderJson(toProfileListJson(file)));
      else if (Object.keys(file.profiles).length === 0) io.stderr.write('no profiles (add one: kafka-cli profile add <name> -b host:port)\n');
      else io.stdout.write(renderTable(PROFILE_LIST_HEADERS, toProfileRows(file), chalkFor(io, io.stdout)));
    });
}
