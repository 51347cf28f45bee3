// Schema drift: live metadata vs the manifest fingerprints. A removed field or changed type stops that flow.
import type { CampaignTarget, Flow, Manifest } from '../contract.ts';
import { DriftError } from '../../core/errors.ts';
import type { CampaignPort, DynamicsPort } from '../ports.ts';

interface Check {
  readonly key: string;
  readonly label: string;
  /** Fields this flow reads or writes; null = every fingerprinted field. */
  readonly fields: ReadonlySet<string> | null;
  readonly live: () => Promise<ReadonlyMap<string, string>>;
}

/**
 * Live metadata is re-read at most this often. Every pass used to re-read it: at a 5 s poll that is the whole
 * `$metadata` document (often megabytes) per flow every few seconds; a schema change is seen within a minute.
 */
export const DRIFT_RECHECK_MS = 60_000;

/** Live metadata kept between passes (one per engine), dropped once it is DRIFT_RECHECK_MS old. */
export class DriftCache {
  at = Number.NEGATIVE_INFINITY;
  readonly entries = new Map<string, Promise<ReadonlyMap<string, string>>>();
}

/** Checks one pass's flows against live metadata shared through `shared`: several flows share an entity. */
export class DriftChecker {
  private readonly cache: Map<string, Promise<ReadonlyMap<string, string>>>;

  constructor(
    private readonly manifest: Manifest | null,
    private readonly dynamics: DynamicsPort,
    private readonly campaign: CampaignPort,
    shared: DriftCache = new DriftCache(),
    now: number = Date.now(),
  ) {
    if (now - shared.at >= DRIFT_RECHECK_MS) {
      // Due: drop what was read before, including the connector's cached $metadata.
      shared.entries.clear();
      shared.at = now;
      dynamics.refreshMetadata?.();
    }
    this.cache = shared.entries;
  }

  async check(flow: Flow): Promise<void> {
    if (this.manifest === null) return;
    const origins = this.manifest.flows.find((f) => f.name === flow.name)?.fields ?? {};
    for (const c of this.checksFor(flow)) {
      const expected = this.manifest.fingerprints[c.key];
      if (expected === undefined) continue;
      let live = this.cache.get(c.key);
      if (live === undefined) {
        const read = c.live();
        this.cache.set(c.key, (live = read));
        // A failed read is tried again by the next pass, not a minute later.
        read.catch(() => {
          if (this.cache.get(c.key) === read) this.cache.delete(c.key);
        });
      }
      const actual = await live;
      for (const [field, type] of Object.entries(expected)) {
        if (c.fields !== null && !c.fields.has(field)) continue;
        const now = actual.get(field);
        if (now === type) continue;
        // The field's own YAML line when the bundle records it; else the mapping's.
        const at = origins[c.key]?.[field] ?? flow.origin;
        const where = `${at.file}:${at.line}:${at.col}`;
        const what = now === undefined ? `was removed (was ${type})` : `changed type from ${type} to ${now}`;
        throw new DriftError(
          'FERRY_DRIFT',
          `flow ${flow.name} (${where}): ${c.label} field ${field} ${what}; update the mapping or re-pull metadata and recompile`,
          {
            details: { flow: flow.name, field, expected: type, actual: now ?? null, origin: where },
          },
        );
      }
    }
  }

  private dyn(entity: string, fields: ReadonlySet<string> | null): Check {
    return {
      key: `dynamics:${entity}`,
      label: `Dynamics ${entity}`,
      fields,
      live: () => this.dynamics.attributeTypes(entity),
    };
  }

  private cmp(target: CampaignTarget, fields: ReadonlySet<string> | null): Check {
    return {
      key: `campaign:${target.resource}`,
      label: `Campaign ${target.resource}`,
      fields,
      live: () => this.campaign.fieldTypes(target),
    };
  }

  private checksFor(flow: Flow): Check[] {
    switch (flow.kind) {
      case 'entity':
        return [
          this.dyn(flow.source.entity, new Set(flow.select)),
          this.cmp(
            flow.target,
            new Set([
              ...flow.hashFields,
              ...flow.createOnly,
              flow.target.key,
              ...flow.links.map((l) => l.name),
            ]),
          ),
        ];
      case 'optout':
        return [
          this.dyn(
            flow.source.entity,
            new Set([
              flow.source.primaryKey,
              flow.source.modifiedField,
              ...flow.pairs.map((p) => p.dynamics),
            ]),
          ),
          this.cmp(flow.target, new Set([flow.target.key, ...flow.pairs.map((p) => p.campaign)])),
        ];
      case 'events': {
        const entities = new Set<string>();
        for (const t of Object.values(flow.types)) {
          entities.add(t.entity);
          if (t.followUp !== null) entities.add(t.followUp.entity);
        }
        return [...entities].map((e) => this.dyn(e, null));
      }
    }
  }
}
