import type { Command } from 'commander';
import type { Ctx } from '../../cli/context.js';
import { exposedProfilesWarning, getProfile } from '../../config/profiles.js';
import { chalkFor, parseTableOrJson, renderJson, renderTable } from '../../format/output.js';
import { maskProfile, toSettingRows } from '../../format/profile.js';

export function registerProfileShow(profile: Command, ctx: Ctx): void {
  profile
    .command('show [name]')
    .description('show a profile (default: the current one); secrets are masked')
    .option('-o, --output <format>', 'table or json', 'table')
    .action((name: string | undefined, opts: { output: string }) => {
      const { io } = ctx;
      const format = parseTableOrJson(opts.output);
      const warning = exposedProfilesWarning(io.env);
      if (warning) io.stderr.write(warning + '\n');
      const p = getProfile(io.env, name);
      const masked = maskProfile(p.profile);
      if (format === 'json') io.stdout.write(renderJson({ name: p.name, current: p.current, ...masked }));
      else io.stdout.write(`profile ${p.name}${p.current ? ' (current)' : ''}\n` + renderTable(['SETTING', 'VALUE'], toSettingRows(masked), chalkFor(io, io.stdout)));
    });
}
