// Which conditions were announced to which webhooks, kept in a file so a restart neither resends nor forgets.
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';

export interface Announced {
  readonly kind: string;
  readonly flow: string | null;
  readonly text: string;
  readonly since: string;
  /** Webhook names the `firing` alert reached (a `resolved` goes to these). */
  readonly sent: readonly string[];
}

export type AnnouncedByKey = Record<string, Announced>;

export interface AlertStateStore {
  load(tenant: string): Promise<AnnouncedByKey>;
  save(tenant: string, announced: AnnouncedByKey): Promise<void>;
}

/** One JSON file for every tenant; written to a temporary file and renamed, so a crash leaves the old one. */
export function fileAlertState(file: string): AlertStateStore {
  const readAll = async (): Promise<Record<string, AnnouncedByKey>> => {
    try {
      return JSON.parse(await readFile(file, 'utf8')) as Record<string, AnnouncedByKey>;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return {};
      throw err;
    }
  };
  return {
    async load(tenant) {
      return (await readAll())[tenant] ?? {};
    },
    async save(tenant, announced) {
      const all = { ...(await readAll()), [tenant]: announced };
      await mkdir(path.dirname(file), { recursive: true });
      const tmp = `${file}.${process.pid}.tmp`;
      await writeFile(tmp, `${JSON.stringify(all, null, 2)}\n`, { mode: 0o600 });
      await rename(tmp, file);
    },
  };
}
