#!/usr/bin/env node
// Entry point: runs the CLI compiled to build/ by `npm run build` (the `prepare` script, run by npm ci).
import { existsSync } from 'node:fs';

const main = new URL('../build/cli/main.js', import.meta.url);
if (!existsSync(main)) {
  process.stderr.write('ferry: build/ is missing; run `npm run build` (npm ci and npm install run it)\n');
  process.exit(1);
}
const { main: run } = await import(main.href);
process.exitCode = await run(process.argv.slice(2));
