import type { Command } from 'commander';
import type { Ctx } from '../../cli/context.js';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { UsageError } from '../../cli/errors.js';
import { checkProfileName, loadProfiles, profilesFileIsExposed, profilesPath, saveProfiles, type Profile } from '../../config/profiles.js';
import type { GlobalFlags } from '../../config/connection.js';
import { parseBrokers } from '../../config/connection.js';
import { chalkFor, renderJson } from '../../format/output.js';
import { outputOption, TABLE_JSON, type TableOrJson } from '../../cli/output-option.js';
import { profileListJson, profileShowJson, renderProfileList, renderProfileShow } from '../../format/profile.js';
import { registryProfileFrom, type RegistryFlags } from '../../config/registry.js';

export function registerProfile(program: Command, ctx: Ctx): void {
  const { io } = ctx;
  const warnExposed = () => {
    if (profilesFileIsExposed(io.env)) io.stderr.write(`kafka-cli: warning: ${profilesPath(io.env)} is readable by other users; run: chmod 600 ${profilesPath(io.env)}\n`);
  };
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

  profile
    .command('add <name>')
    .description('save the connection flags given on this command line as a profile')
    .option('--use', 'make it the current profile')
    .option('--force', 'replace an existing profile of that name')
    .addHelpText('after', '\nExamples:\n  kafka-cli profile add dev -b 127.0.0.1:9092 --use\n  kafka-cli profile add prod -b k1:9093 --tls-ca ca.pem --sasl-mechanism plain --sasl-username app --sasl-password-file pw.txt')
    .action((name: string, opts: { use?: boolean; force?: boolean }) => {
      checkProfileName(name);
      const f: GlobalFlags = ctx.flags();
      const file = loadProfiles(io.env);
      if (file.profiles[name] && !opts.force) throw new UsageError(`profile '${name}' exists; use --force to replace it`);
      const abs = (p?: string) => (p ? resolve(io.cwd, p) : undefined);
      const p: Profile = {};
      if (f.brokers) p.brokers = parseBrokers(f.brokers).join(',');
      if (f.clientId) p.clientId = f.clientId;
      if (f.timeout) p.timeout = f.timeout;
      if (!f.saslMechanism && (f.saslUsername !== undefined || f.saslPassword !== undefined || f.saslPasswordFile !== undefined)) {
        throw new UsageError('SASL settings need --sasl-mechanism (plain, scram-sha-256 or scram-sha-512)');
      }
      if (f.saslPasswordFile !== undefined && !existsSync(resolve(io.cwd, f.saslPasswordFile))) {
        throw new UsageError(`--sasl-password-file '${f.saslPasswordFile}' does not exist`);
      }
      for (const [flag, path] of [['--tls-ca', f.tlsCa], ['--tls-cert', f.tlsCert], ['--tls-key', f.tlsKey]] as const) {
        if (path !== undefined && !existsSync(resolve(io.cwd, path))) throw new UsageError(`${flag} '${path}' does not exist`);
      }
      if (f.saslMechanism) {
        if (!f.saslUsername) throw new UsageError('--sasl-mechanism needs --sasl-username');
        p.sasl = { mechanism: f.saslMechanism, username: f.saslUsername };
        if (f.saslPasswordFile) p.sasl.passwordFile = abs(f.saslPasswordFile);
        else if (f.saslPassword !== undefined) p.sasl.password = f.saslPassword;
      }
      if (f.tls || f.tlsCa || f.tlsCert || f.tlsKey || f.tlsInsecure) {
        p.tls = { enabled: true, ca: abs(f.tlsCa), cert: abs(f.tlsCert), key: abs(f.tlsKey), insecure: f.tlsInsecure ? true : undefined };
      }
      const registry = registryProfileFrom(f as RegistryFlags, abs);
      if (registry) p.schemaRegistry = registry;
      if (Object.keys(p).length === 0) throw new UsageError('nothing to save: give the connection flags to store, e.g. kafka-cli profile add dev -b 127.0.0.1:9092');
      file.profiles[name] = p;
      if (opts.use || !file.current) file.current = name;
      const path = saveProfiles(io.env, file);
      io.stderr.write(`saved profile '${name}' in ${path}${file.current === name ? ' (current)' : ''}\n`);
    });

  profile
    .command('list')
    .description('list saved profiles (* marks the current one)')
    .addOption(outputOption(TABLE_JSON, 'table'))
    .action((opts: { output: TableOrJson }) => {
      const format = opts.output;
      warnExposed();
      const file = loadProfiles(io.env);
      if (format === 'json') {
        io.stdout.write(renderJson(profileListJson(file)));
        return;
      }
      if (Object.keys(file.profiles).length === 0) {
        io.stderr.write('no profiles (add one: kafka-cli profile add <name> -b host:port)\n');
        return;
      }
      io.stdout.write(renderProfileList(file, chalkFor(io, io.stdout)));
    });

  profile
    .command('show [name]')
    .description('show a profile (default: the current one); secrets are masked')
    .addOption(outputOption(TABLE_JSON, 'table'))
    .action((name: string | undefined, opts: { output: TableOrJson }) => {
      const format = opts.output;
      warnExposed();
      const file = loadProfiles(io.env);
      const n = name ?? file.current;
      if (!n) throw new UsageError('no current profile; name one: kafka-cli profile show <name>');
      if (!file.profiles[n]) throw new UsageError(`unknown profile '${n}' (see: kafka-cli profile list)`);
      io.stdout.write(format === 'json' ? renderJson(profileShowJson(n, file)) : renderProfileShow(n, file, chalkFor(io, io.stdout)));
    });

  profile
    .command('use <name>')
    .description('make a profile the current one')
    .action((name: string) => {
      const file = loadProfiles(io.env);
      if (!file.profiles[name]) throw new UsageError(`unknown profile '${name}' (see: kafka-cli profile list)`);
      file.current = name;
      saveProfiles(io.env, file);
      io.stderr.write(`current profile: ${name}\n`);
    });

  profile
    .command('remove <name>')
    .alias('rm')
    .description('delete a saved profile')
    .action((name: string) => {
      const file = loadProfiles(io.env);
      if (!file.profiles[name]) throw new UsageError(`unknown profile '${name}' (see: kafka-cli profile list)`);
      delete file.profiles[name];
      if (file.current === name) delete file.current;
      saveProfiles(io.env, file);
      io.stderr.write(`removed profile '${name}'\n`);
    });
}
