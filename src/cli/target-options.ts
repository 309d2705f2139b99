/** The flags of a second cluster (copy's destination, topic diff's other side). */
import { Option, type Command } from 'commander';

export function addTargetOptions(cmd: Command, what: string): Command {
  return cmd
    .option('--to-profile <name>', `${what}: a saved profile`)
    .option('--to-brokers <host:port,...>', `${what}: bootstrap brokers`)
    .addOption(new Option('--to-sasl-mechanism <mechanism>', `${what}: SASL mechanism`).choices(['plain', 'scram-sha-256', 'scram-sha-512']))
    .option('--to-sasl-username <name>', `${what}: SASL user name`)
    .option('--to-sasl-password-file <path>', `${what}: read the SASL password from a file (or env KAFKA_TO_SASL_PASSWORD)`)
    .option('--to-tls', `${what}: connect with TLS`)
    .option('--to-tls-ca <pem>', `${what}: CA certificate(s), PEM file`)
    .option('--to-tls-cert <pem>', `${what}: client certificate, PEM file`)
    .option('--to-tls-key <pem>', `${what}: client private key, PEM file`)
    .option('--to-tls-insecure', `${what}: do not verify the broker certificate`);
}
