// Record bodies off the JS heap: each body is a JSON array of its values in a chunk of bytes, its field
// names kept once per distinct key list (a "shape"). Millions of profiles cost their bytes, not objects.
import type { Json } from '../common/json.ts';

export type Fields = Record<string, Json>;

const CHUNK = 16 * 1024 * 1024;

/** Where one body lives: chunk, byte offset, byte length, shape. */
export interface Slot {
  readonly chunk: number;
  readonly offset: number;
  readonly length: number;
  readonly shape: number;
}

export class RowPool {
  private readonly chunks: Buffer[] = [];
  private used = CHUNK;
  private readonly shapes: string[][] = [];
  private readonly shapeIds = new Map<string, number>();

  /** Bytes reserved for bodies (reports). */
  get bytes(): number {
    return this.chunks.reduce((n, c) => n + c.length, 0);
  }

  /** Stores `fields` (undefined values left out, as JSON would) and says where. */
  put(fields: Fields): Slot {
    const names: string[] = [];
    const values: Json[] = [];
    for (const [k, v] of Object.entries(fields)) {
      if (v === undefined) continue;
      names.push(k);
      values.push(v);
    }
    const text = JSON.stringify(values);
    const length = Buffer.byteLength(text);
    if (this.used + length > (this.chunks[this.chunks.length - 1]?.length ?? 0)) {
      // A body larger than a chunk gets a chunk of its own size.
      this.chunks.push(Buffer.allocUnsafeSlow(Math.max(CHUNK, length)));
      this.used = 0;
    }
    const chunk = this.chunks.length - 1;
    const offset = this.used;
    (this.chunks[chunk] as Buffer).write(text, offset, length, 'utf8');
    this.used += length;
    return { chunk, offset, length, shape: this.shapeOf(names) };
  }

  get(slot: Slot): Fields {
    const buf = this.chunks[slot.chunk] as Buffer;
    const values = JSON.parse(buf.toString('utf8', slot.offset, slot.offset + slot.length)) as Json[];
    const names = this.shapes[slot.shape] ?? [];
    const out: Fields = {};
    for (let i = 0; i < names.length; i++) out[names[i] as string] = values[i] as Json;
    return out;
  }

  private shapeOf(names: string[]): number {
    const key = names.join('\u0000');
    let id = this.shapeIds.get(key);
    if (id === undefined) {
      id = this.shapes.push(names) - 1;
      this.shapeIds.set(key, id);
    }
    return id;
  }
}
