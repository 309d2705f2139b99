/** The root command: global options, shared settings, and every command group registered. */
import { readFileSync } from 'node:fs';
import { Command, Option } from 'commander';
import type { Ctx } from './cli/context.js';
import { registerCommands } from './commands/index.js';
import { addRegistryOptions } from './cli/schema/registry-options.js';
import { DURATION_GRAMMAR } from './core/parse.js';

/** The version in package.json: one floor up from dist/ (tsc's output), two from dist/bundle/ (the bundled build). */
export function packageVersion(): string {
  for (const up of ['../package.json', '../../package.json']) {
    try {
      const pkg = JSON.parse(readFileSync(new URL(up, import.meta.url), 'utf8')) as { name?: string; version: string };
      if (pkg.name === 'kafka-cli') return pkg.version;
    } catch {
      // not here: one floor further up
    }
  }
  return '0.0.0';
}

const ROOT_HELP = `
Connection: flags (a typed --profile's settings count as flags) > environment (KAFKA_BROKERS,
KAFKA_SASL_MECHANISM, KAFKA_SASL_USERNAME, KAFKA_SASL_PASSWORD, KAFKA_SASL_OAUTH_TOKEN) > a profile chosen
implicitly (the current profile or KAFKA_CLI_PROFILE; a warning says when the environment overrides it) > defaults.

Durations (--timeout, --watch, --delivery-timeout, a time ago in --from/--until): ${DURATION_GRAMMAR},
e.g. 500ms, 5s, 2m, 1h, 1d, 1w; a duration flag also takes a bare number of seconds.

Exit codes: 0 ok, 1 operation failed, 2 usage or bad input, 3 threshold exceeded, 130 interrupted.
Habits from Apache's tools and kcat (--from-beginning, --bootstrap-server, -J, -o beginning) get a
one-line hint with kafka-cli's word for them (exit 2).

Examples:
  kafka-cli local start                      start a local broker on 127.0.0.1:9092
  kafka-cli cluster                          show the cluster's brokers
  kafka-cli -b kafka1:9092 topic list -o json
  kafka-cli -v --profile prod cluster        print what kafka-cli connects to, then the brokers
  kafka-cli -b kafka1:9093 --sasl-mechanism oauthbearer --sasl-oauth-token-command 'get-token --audience kafka' topic list`;

export function buildProgram(ctx: Ctx): Command {
  const { io } = ctx;
  const program = new Command('kafka-cli');
  program
    .description('A command-line toolkit for Apache Kafka: topics, produce, tail, consumer group lag.')
    .version(packageVersion(), '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show help')
    .helpCommand('help [command]', 'show help for a command')
    .exitOverride()
    .showSuggestionAfterError(true)
    .configureOutput({
      writeOut: (s) => void io.stdout.write(s),
      writeErr: (s) => void io.stderr.write(s),
      // One line, like every other error: the suggestion joins the message, a newline typed in an argument is escaped.
      outputError: (s, write) => write(`kafka-cli: ${s.replace(/^error: /, '').trimEnd().replace(/\n(?=\(Did you mean)/g, ' ').replace(/\r?\n/g, '\\n')}\n`),
      getOutHelpWidth: () => io.stdout.columns ?? 100,
      getErrHelpWidth: () => io.stderr.columns ?? 100,
    })
    .option('-b, --brokers <host:port,...>', 'bootstrap brokers (env KAFKA_BROKERS; default: the broker `local start` runs, else 127.0.0.1:9092)')
    .option('--client-id <id>', 'client id sent to the brokers (default kafka-cli)')
    .option('--timeout <duration>', 'connect and request timeout (exit 1 within it when there is no answer; a one-shot read waits out a dead leader this long), e.g. 5s, 500ms (default 5s)')
    .option('--profile <name>', 'use a saved profile (env KAFKA_CLI_PROFILE)')
    .addOption(new Option('--sasl-mechanism <mechanism>', 'SASL mechanism (env KAFKA_SASL_MECHANISM)').choices(['plain', 'scram-sha-256', 'scram-sha-512', 'oauthbearer', 'aws-msk-iam']))
    .option('--sasl-username <name>', 'SASL user name (env KAFKA_SASL_USERNAME)')
    .option('--sasl-password-file <path>', 'read the SASL password from a file (or env KAFKA_SASL_PASSWORD; asked on a TTY)')
    .option('--sasl-password <password>', 'SASL password (visible to other users of this machine in ps: prefer the env or a file)')
    .option('--sasl-oauth-token-file <path>', 'OAUTHBEARER: read the token from this file (again when it changes; or env KAFKA_SASL_OAUTH_TOKEN)')
    .option('--sasl-oauth-token-command <cmd>', 'OAUTHBEARER: run this shell command for a token (again before it expires)')
    .option('--aws-region <region>', 'aws-msk-iam: the MSK cluster\'s AWS region (env AWS_REGION, AWS_DEFAULT_REGION)')
    .option('--tls', 'connect with TLS (verification on)')
    .option('--tls-ca <pem>', 'CA certificate(s) to trust, PEM file (implies --tls)')
    .option('--tls-cert <pem>', 'client certificate, PEM file (implies --tls)')
    .option('--tls-key <pem>', 'client private key, PEM file (implies --tls)')
    .option('--tls-insecure', 'do not verify the broker certificate (implies --tls)')
    .option('-v, --verbose', 'print what kafka-cli connects to and stack traces on stderr; -vv adds kafkajs\'s debug log', (_v: string, n: number) => n + 1, 0);
  addRegistryOptions(program);
  program.addHelpText('after', ROOT_HELP);
  registerCommands(program, ctx);
  return program;
}
