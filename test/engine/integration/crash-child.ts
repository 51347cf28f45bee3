// Child process of the crash/resume test: one sync pass against emulators the parent keeps alive.
// Env: FERRY_G_INFO (SandboxInfo JSON), FERRY_G_BUNDLE, FERRY_G_STATE (sqlite file), FERRY_G_FLOWS.
import type { SandboxInfo } from '../../../emulators/sandbox/index.ts';
import { sandboxRuntime } from './setup.ts';

const info = JSON.parse(process.env['FERRY_G_INFO'] ?? '{}') as SandboxInfo;
const rt = await sandboxRuntime(
  info,
  process.env['FERRY_G_BUNDLE'] ?? '',
  `sqlite:${process.env['FERRY_G_STATE'] ?? ''}`,
);
process.stdout.write('ready\n');
const flows = (process.env['FERRY_G_FLOWS'] ?? '').split(',').filter((f) => f !== '');
const report = await rt.runOnce({ mode: 'incremental', ...(flows.length > 0 ? { flows } : {}) });
await rt.close();
process.stdout.write(`${JSON.stringify(report)}\n`);
