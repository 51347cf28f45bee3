#!/usr/bin/env node
// Benchmark entry point: `npm run bench [-- NAME]`.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../bench/main.ts');
process.exitCode = await main(process.argv.slice(2));
