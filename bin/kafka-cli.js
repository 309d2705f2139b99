#!/usr/bin/env node
// The bundled build starts faster (scripts/bundle.mjs); tsc's one-file-per-module build is the fallback.
import { existsSync } from 'node:fs';

const bundle = new URL('../dist/bundle/main.js', import.meta.url);
const useBundle = !process.env.KAFKA_CLI_NO_BUNDLE && existsSync(bundle);
const { main } = await import(useBundle ? bundle.href : new URL('../dist/main.js', import.meta.url).href);
main();
