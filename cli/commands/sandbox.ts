// `ferry sandbox`: start every emulator from a tenant's snapshots (default: the sandbox tenant), print how to
// connect, serve until a signal.
import path from 'node:path';
import type { Command } from 'commander';
import type { SandboxInfo } from '../../emulators/sandbox/index.ts';
import { ioOf, setExitCode } from '../context.ts';
import { projectRoot } from './tenant-arg.ts';

interface Flags {
  seed: string;
  contacts: string;
  json?: boolean;
  portBase: string;
  tenant?: string;
  root: string;
  rows: string;
  campaignFlavor: string;
}

export function register(program: Command): void {
  program
    .command('sandbox')
    .description(
      'run local emulators of Dynamics, Entra, Campaign, IMS and the event journal (seeded) until Ctrl-C',
    )
    .option('--seed <n>', 'seed of the generated data', '1')
    .option('--contacts <n>', 'number of Dynamics contacts to generate', '1000')
    .option('--json', 'print the connection info as one JSON line first')
    .option(
      '-t, --tenant <name>',
      "build the emulators from this tenant's metadata snapshots (default: the sandbox tenant)",
    )
    .option('--root <dir>', 'project root holding tenants/ (with --tenant)', '.')
    .option('--rows <n>', 'rows synthesized from the attribute definitions for each other table', '20')
    .option(
      '--port-base <port>',
      'first port: Dynamics, Entra, Campaign, IMS, journal, control follow (0 = any free ports)',
      '7401',
    )
    .option(
      '--campaign-flavor <flavor>',
      'standard (Campaign Standard) or v8 (Campaign v8 migrated from Standard), from the same seed',
      'standard',
    )
    .action(async (flags: Flags, cmd: Command) => {
      const io = ioOf(cmd);
      if (flags.campaignFlavor !== 'standard' && flags.campaignFlavor !== 'v8') {
        io.err('error: --campaign-flavor must be standard or v8');
        setExitCode(cmd, 2);
        return;
      }
      const nums = [flags.seed, flags.contacts, flags.portBase, flags.rows].map(Number);
      if (nums.some((n) => !Number.isInteger(n) || n < 0)) {
        io.err('error: --seed, --contacts, --port-base and --rows must be non-negative integers');
        setExitCode(cmd, 2);
        return;
      }
      const [seed = 1, contacts = 1000, base = 7401, rows = 20] = nums;
      let metadataDir: string | undefined;
      if (flags.tenant !== undefined) {
        const root = await projectRoot(cmd, { root: flags.root, tenant: flags.tenant });
        if (root === null) return;
        metadataDir = path.join(root, 'tenants', flags.tenant, 'metadata');
      }
      const { startSandbox, portsFrom } = await import('../../emulators/sandbox/index.ts'); // on demand: fast start-up
      const sandbox = await startSandbox({
        seed,
        contacts,
        synthesizedRows: rows,
        ...(metadataDir === undefined ? {} : { metadataDir }),
        campaignFlavor: flags.campaignFlavor,
        ...(base === 0 ? {} : { ports: portsFrom(base) }),
      });
      io.out(flags.json ? JSON.stringify(sandbox.info) : table(sandbox.info));
      await new Promise<void>((resolve) => {
        process.once('SIGINT', resolve);
        process.once('SIGTERM', resolve);
      });
      await sandbox.close();
      if (!flags.json) io.err('sandbox stopped');
    });
}

/** Readable form of the same connection info. */
export function table(info: SandboxInfo): string {
  const rows: [string, string][] = [
    ...Object.entries(info.dynamics).map(([k, v]): [string, string] => [`dynamics.${k}`, v]),
    ...Object.entries(info.campaign).map(([k, v]): [string, string] => [`campaign.${k}`, v]),
    ['control.url', info.control.url],
  ];
  const width = Math.max(...rows.map(([k]) => k.length));
  const lines = rows.map(([k, v]) => `${k.padEnd(width)}  ${v}`);
  return ['ferry sandbox: emulators running (Ctrl-C to stop)', ...lines].join('\n');
}
