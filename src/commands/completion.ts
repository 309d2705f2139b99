/** `kafka-cli completion bash|zsh|fish`, and the hidden `__complete-refresh <dir>` the scripts run in the background. */
import type { Command } from 'commander';
import type { Ctx } from '../cli/context.js';
import { UsageError } from '../core/errors.js';

const SHELLS = ['bash', 'zsh', 'fish'] as const;

const HELP = `
Completes commands, flags, fixed flag values (local --node ids too), and live names: topics, consumer groups and profiles. Live names
come from a small cache per connection (--profile, -b, KAFKA_CLI_PROFILE, KAFKA_BROKERS) under
$XDG_CACHE_HOME/kafka-cli/completion, refreshed in the background when older than 30 s; a TAB never runs
kafka-cli itself and never prints errors into the command line.

Install:
  bash  echo 'source <(kafka-cli completion bash)' >> ~/.bashrc
        (or: kafka-cli completion bash > ~/.local/share/bash-completion/completions/kafka-cli)
  zsh   kafka-cli completion zsh > "\${fpath[1]}/_kafka-cli"   (or: source <(kafka-cli completion zsh) in ~/.zshrc)
  fish  kafka-cli completion fish > ~/.config/fish/completions/kafka-cli.fish

Examples:
  kafka-cli completion bash > /etc/bash_completion.d/kafka-cli`;

export function registerCompletion(program: Command, ctx: Ctx): void {
  program
    .command('completion')
    .description('print a shell completion script (bash, zsh or fish)')
    .argument('<shell>', 'bash, zsh or fish')
    .addHelpText('after', HELP)
    .action(async (shell: string) => {
      if (!(SHELLS as readonly string[]).includes(shell)) throw new UsageError(`invalid shell '${shell}': expected bash, zsh or fish`);
      const [{ buildCompletionSpec }, view] = await Promise.all([import('../cli/completion/completion-spec.js'), import('../format/completion.js')]);
      const specs = buildCompletionSpec(program, [...SHELLS]);
      const render = shell === 'bash' ? view.renderBashCompletion : shell === 'zsh' ? view.renderZshCompletion : view.renderFishCompletion;
      ctx.io.stdout.write(render(specs));
    });

  program
    .command('__complete-refresh', { hidden: true })
    .argument('<dir>')
    .action(async (dir: string) => {
      const { isAbsolute } = await import('node:path');
      if (!isAbsolute(dir)) throw new UsageError('__complete-refresh needs an absolute directory');
      const [{ writeCompletionCache }, { loadProfiles }] = await Promise.all([import('../cli/completion/completion-cache.js'), import('../config/profiles.js')]);
      let profiles: string[] = [];
      try {
        profiles = Object.keys(loadProfiles(ctx.io.env).profiles);
      } catch {
        /* a broken profiles file: no profile names */
      }
      let topics: string[] | undefined;
      let groups: string[] | undefined;
      try {
        const [{ listTopicNames }, { isInternalTopic }, { listGroups }] = await Promise.all([import('../kafka/client/topic-metadata.js'), import('../kafka/admin/topics.js'), import('../kafka/groups/groups.js')]);
        const client = await ctx.client();
        [topics, groups] = await Promise.all([
          listTopicNames(client).then((t) => t.filter((n) => !isInternalTopic(n))),
          listGroups(client).then((g) => g.map((x) => x.group)),
        ]);
      } catch {
        /* unreachable or refused: keep what the cache has; the next TAB tries again */
      }
      writeCompletionCache(dir, { topics, groups, profiles });
    });
}
