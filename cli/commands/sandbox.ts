// `ferry sandbox`: start every emulator for the sandbox tenant, print how to connect, serve until a signal.
import type { Command } from 'commander';
import type { SandboxInfo } from '../../emulators/sandbox/index.ts';
import { ioOf, setExitCode } from '../context.ts';

interface Flags {
  seed: string;
  contacts: string;
  json?: boolean;
  portBase: string;
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
      const nums = [flags.seed, flags.contacts, flags.portBase].map(Number);
      if (nums.some((n) => !Number.isInteger(n) || n < 0)) {
        io.err('error: --seed, --contacts and --port-base must be non-negative integers');
        setExitCode(cmd, 2);
        return;
      }
      const [seed = 1, contacts = 1000, base = 7401] = nums;
      const { startSandbox, portsFrom } = await import('../../emulators/sandbox/index.ts'); // on demand: fast start-up
      const sandbox = await startSandbox({
        seed,
        contacts,
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
