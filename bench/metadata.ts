// Metadata benchmark: CSDL parse of the real 3.8 MB CRM $metadata, and load + resolve of the default mapping set.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadYaml } from '../compiler/load/index.ts';
import { parseCsdl } from '../core/metadata/csdl.ts';
import { loadTenantMetadata } from '../compiler/metadata/index.ts';
import type { Mapping } from '../core/model/mapping.ts';
import { resolveProject } from '../compiler/resolve/index.ts';
import type { BenchRun } from './types.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// A real CRM $metadata document kept in the repository's test fixtures.
const FIXTURE = fileURLToPath(
  new URL('../test/fixtures/dynamics-metadata/crm-metadata-2016-en.xml', import.meta.url),
);
const DEFAULTS = ['contacts', 'vehicles', 'service-visits', 'email-events', 'optout'];

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] ?? 0) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
};

/** Wall-clock ms per run, and CPU ms (user + system; steadier on a busy machine). */
const time = async (n: number, f: () => unknown): Promise<number[] & { cpu: number[] }> => {
  const out = Object.assign([] as number[], { cpu: [] as number[] });
  for (let i = 0; i < n; i++) {
    const c = process.cpuUsage();
    const t = performance.now();
    await f();
    out.push(performance.now() - t);
    const d = process.cpuUsage(c);
    out.cpu.push((d.user + d.system) / 1000);
  }
  return out;
};

async function loadAndResolve(): Promise<number> {
  const tenantDir = path.join(root, 'tenants/sandbox');
  const { metadata } = await loadTenantMetadata(path.join(tenantDir, 'metadata'));
  const mappings = await Promise.all(
    DEFAULTS.map(async (n) => {
      const file = `mappings/${n}.yaml`;
      const { doc } = loadYaml(file, await readFile(path.join(root, file), 'utf8'));
      return { doc, value: doc.value as Mapping };
    }),
  );
  const { diagnostics } = resolveProject({ tenant: 'sandbox', tenantDir, mappings }, metadata);
  return diagnostics.length;
}

export const run: BenchRun = async ({ smoke }) => {
  const runs = smoke ? 2 : 15;
  const xml = await readFile(FIXTURE, 'utf8');
  parseCsdl(xml); // warm-up: JIT and the parser's lazy setup
  const parse = await time(runs, () => parseCsdl(xml));
  const entities = parseCsdl(xml).metadata.entities.size;
  const diagnostics = await loadAndResolve();
  const resolve = await time(runs * 2, loadAndResolve);
  const mb = Buffer.byteLength(xml) / 1e6;
  const parseMs = median(parse);
  const resolveMs = median(resolve);
  return {
    name: 'metadata',
    figures: {
      csdlBytes: Buffer.byteLength(xml),
      csdlEntities: entities,
      csdlParseMedianMs: parseMs,
      csdlParseMBps: mb / (parseMs / 1000),
      csdlParseMedianCpuMs: median(parse.cpu),
      loadResolveDefaultsMedianMs: resolveMs,
      loadResolveDefaultsMedianCpuMs: median(resolve.cpu),
      defaultDiagnostics: diagnostics,
      runs,
    },
    table: [
      ['step', 'runs', 'median ms', 'min ms', 'max ms', 'median cpu ms'],
      [
        `parse CSDL ${mb.toFixed(1)} MB (${entities} entity types)`,
        parse.length,
        parseMs,
        Math.min(...parse),
        Math.max(...parse),
        median(parse.cpu),
      ],
      [
        `load sandbox metadata + resolve ${DEFAULTS.length} default mappings`,
        resolve.length,
        resolveMs,
        Math.min(...resolve),
        Math.max(...resolve),
        median(resolve.cpu),
      ],
    ],
    targets: [
      {
        name: 'CSDL parse < 1 s CPU',
        met: median(parse.cpu) < 1000,
        detail: `${median(parse.cpu).toFixed(0)} ms CPU, ${parseMs.toFixed(0)} ms wall (median)`,
      },
      { name: 'default set resolves clean', met: diagnostics === 0, detail: `${diagnostics} diagnostics` },
    ],
  };
};
