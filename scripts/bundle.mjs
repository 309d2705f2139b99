/**
 * The bundled build (issue 21, start-up): src/main.ts and everything it imports statically in one ESM file,
 * dist/bundle/main.js, with each dynamically imported command body in its own chunk (loaded when that command
 * runs). Node then resolves and reads a handful of files at start instead of about 170. kafkajs stays external:
 * the protocol room patches kafkajs's own module instances (require('kafkajs/src/...')), so they must be the ones
 * in node_modules. Packages with native or wasm parts stay external too. bin/kafka-cli.js prefers this build and
 * falls back to tsc's dist/main.js (KAFKA_CLI_NO_BUNDLE=1 forces that, to debug with one file per module).
 */
import { build } from 'esbuild';
import { rmSync } from 'node:fs';

const outdir = new URL('../dist/bundle/', import.meta.url).pathname;
rmSync(outdir, { recursive: true, force: true });
await build({
  entryPoints: [new URL('../src/main.ts', import.meta.url).pathname],
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  outdir,
  external: ['kafkajs', 'kafkajs/*', 'kafkajs-snappy', '@node-rs/*', '@bokuweb/*', 'protobufjs', 'protobufjs/*', 'avsc', 'ajv', 'ajv/*', 'aws-msk-iam-sasl-signer-js'],
  // Bundled CommonJS packages (commander, cli-table3) call require() for Node's own modules.
  banner: { js: "import { createRequire as __kafkaCliRequire } from 'node:module'; const require = __kafkaCliRequire(import.meta.url);" },
  logLevel: 'warning',
  legalComments: 'none',
});
