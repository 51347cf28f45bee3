// The status page on a plain node:http server (127.0.0.1:0) over the sandbox state after a real `ferry run --once`.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { main } from '../../cli/main.ts';
import type { CliIo } from '../../cli/context.ts';
import { createStatusPage, runtimeTenant } from '../../cli/serve/page/index.ts';
import type { AdminTokens } from '../../cli/serve/page/admin-token.ts';
import type { ActionRecord } from '../../runtime/state/port.ts';
import { loadProject } from '../../compiler/project/index.ts';
import { startSandbox, type Sandbox } from '../../emulators/sandbox/index.ts';
import { createRuntime, type Runtime } from '../../runtime/index.ts';
import { sandboxProject } from '../support/sandbox-project.ts';

export interface PageFixture {
  readonly sb: Sandbox;
  readonly root: string;
  readonly rt: Runtime;
  readonly url: string;
  /** Resolves with the next action that reaches its final outcome. */
  nextAction(): Promise<ActionRecord>;
  ferry(...args: string[]): Promise<{ code: number; out: string; err: string }>;
  close(): Promise<void>;
}

export async function ferryIn(root: string, args: readonly string[]) {
  let out = '';
  let err = '';
  const io: CliIo = { out: (t) => void (out += `${t}\n`), err: (t) => void (err += `${t}\n`), color: false };
  const code = await main([...args, '--tenant', 'sandbox', '--root', root, '--log', 'quiet'], io);
  return { code, out, err };
}

export async function startPageFixture(admin: AdminTokens, prefix: string): Promise<PageFixture> {
  const sb = await startSandbox({ contacts: 40, seed: 7 });
  const root = await sandboxProject(sb.info, { prefix, fast: true });
  await ferryIn(root, ['run', '--once']); // exits 1: the sandbox's invalid emails are dead-lettered
  const project = await loadProject({ root, tenant: 'sandbox' });
  if (project.tenant === null) throw new Error('sandbox tenant invalid');
  const rt = await createRuntime({
    tenantDir: project.tenantDir,
    tenant: project.tenant.value,
    bundleDir: path.join(root, 'dist', 'sandbox'),
  });
  const waiting: ((a: ActionRecord) => void)[] = [];
  const page = createStatusPage({
    tenants: () => [runtimeTenant(rt)],
    admin,
    onAction: (_t, a) => waiting.shift()?.(a),
  });
  const server: Server = createServer((req, res) => {
    void page(req, res, new URL(req.url ?? '/', 'http://127.0.0.1')).then((done) => {
      if (!done) res.writeHead(404).end('not found');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return {
    sb,
    root,
    rt,
    url: `http://127.0.0.1:${port}`,
    nextAction: () => new Promise((r) => waiting.push(r)),
    ferry: (...args) => ferryIn(root, args),
    async close() {
      await new Promise((r) => server.close(r));
      await rt.close();
      await sb.close();
    },
  };
}
