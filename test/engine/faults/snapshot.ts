// Final state of a sandbox, normalised for comparison: no PKeys, server ids, timestamps or versions.
import type { Sandbox } from '../../../emulators/sandbox/index.ts';

type Rows = Record<string, string[]>;

const TIME = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}/;
const DROP = new Set(['created', 'lastModified', 'createdon', 'modifiedon', 'versionnumber']);
// Tables whose primary id Dynamics assigns at random on an alternate-key upsert (not comparable).
const SERVER_IDS: Record<string, string> = {
  ferry_emailsend: 'activityid',
  ferry_emailopen: 'activityid',
  ferry_emailclick: 'activityid',
  ferry_emailbounce: 'activityid',
};
const DYNAMICS_TABLES = [
  'contact',
  'account',
  'ferry_vehicle',
  'ferry_servicevisit',
  'ferry_note',
  'task',
  ...Object.keys(SERVER_IDS),
];

function normalise(v: unknown, link: (s: string) => string | undefined): unknown {
  if (typeof v === 'string') return link(v) ?? (TIME.test(v) ? '<time>' : v);
  if (Array.isArray(v)) return v.map((x) => normalise(x, link));
  if (v !== null && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort()) {
      const x = (v as Record<string, unknown>)[k];
      // A link `{PKey}` keeps only what it points at; any other PKey is dropped.
      if (k === 'PKey') out[k] = typeof x === 'string' ? (link(x) ?? '<pkey>') : '<pkey>';
      else if (!DROP.has(k)) out[k] = normalise(x, link);
    }
    return out;
  }
  return v;
}

/** Per Campaign resource, sorted rows; a link (a PKey anywhere in a value) becomes its target's content. */
export function campaignState(sb: Sandbox): Rows {
  const store = sb.campaign.store;
  const names = [...store.metadata.resources.keys()].sort();
  const rows = names.flatMap((name) =>
    [...store.table(name).scan()].map((r) => ({ name, pkey: r.pkey, fields: r.fields })),
  );
  const pkeys = new Set(rows.map((r) => r.pkey));
  // A record's identity is its own content with links blanked (first level), so labels need no PKey.
  const label = new Map(
    rows.map((r) => [
      r.pkey,
      `${r.name}:${JSON.stringify(normalise(r.fields, (s) => (pkeys.has(s) ? '<link>' : undefined)))}`,
    ]),
  );
  const out: Rows = {};
  for (const name of names) {
    out[name] = rows
      .filter((r) => r.name === name)
      .map((r) => JSON.stringify(normalise(r.fields, (s) => (label.has(s) ? `→${label.get(s)}` : undefined))))
      .sort();
  }
  return out;
}

/** Per Dynamics table, sorted rows without server-assigned ids, versions and timestamps. */
export function dynamicsState(sb: Sandbox): Rows {
  const out: Rows = {};
  for (const name of DYNAMICS_TABLES) {
    const table = sb.dynamics.store.table(name);
    if (table === undefined) continue;
    const drop = SERVER_IDS[name];
    out[name] = [...table.rows.values()]
      .map((row) => {
        const copy: Record<string, unknown> = { ...row };
        if (drop !== undefined) delete copy[drop];
        return JSON.stringify(normalise(copy, () => undefined));
      })
      .sort();
  }
  return out;
}
