// The key index's run-scoped spill file: what only a hit needs (check hash, content hash, PKey), off the heap.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FerryError } from '../../../../core/errors.ts';
import { spillPrefix, sweepStaleSpills } from './stale.ts';

/** Records are addressed in 8-byte units: a 31-bit reference reaches 16 GiB. */
export const UNIT = 8;
export const MAX_SPILL = 0x8000_0000 * UNIT;
/** check, content hi, content lo, PKey length: 4 bytes each. */
const HEAD = 16;
/** Appends are written in chunks of this many bytes. */
const CHUNK = 1 << 20;
/** One positioned read serves a record with a PKey of up to READ - HEAD bytes (Campaign's are ~90). */
const READ = 256;

/** Bytes one record takes in the file (8-byte aligned). */
export function spillRecordBytes(pkeyBytes: number): number {
  return Math.ceil((HEAD + pkeyBytes) / UNIT) * UNIT;
}

export interface SpillRecord {
  readonly check: number;
  readonly content: [number, number];
  readonly pkey: string;
}

/** The finder catches it like a failed listing and looks records up instead. */
export class KeyIndexFull extends FerryError {
  constructor(bound: number) {
    super('FERRY_KEY_INDEX_FULL', `key index spill file exceeds ${bound} bytes`, { details: { bound } });
  }
}

/** The spill file could not be created, written or read (ENOSPC, EACCES, EIO): caught as KeyIndexFull is. */
export class SpillFailed extends FerryError {
  constructor(op: string, cause: unknown) {
    super('FERRY_KEY_INDEX_SPILL', `key index spill file: ${op} failed: ${String(cause)}`, {
      cause,
      details: { op },
    });
  }
}

/** Runs one file operation, any error of which becomes a SpillFailed. */
function io<T>(op: string, f: () => T): T {
  try {
    return f();
  } catch (err) {
    throw new SpillFailed(op, err);
  }
}

/**
 * Created 0600 in a fresh 0700 directory of the OS temp dir and unlinked at once (POSIX), so a crash leaves
 * nothing behind; where an open file cannot be unlinked (Windows) it is deleted by close(), or after a crash
 * by the next run's sweep (stale.ts).
 */
export class SpillFile {
  private fd: number | null = null;
  private readonly dir: string;
  private readonly file: string;
  private linked = true;
  private written = 0; // bytes on disk
  private out: Buffer | null = Buffer.allocUnsafe(CHUNK);
  private used = 0; // bytes in `out`
  private readonly head = Buffer.allocUnsafe(READ);

  constructor(
    private readonly maxBytes = MAX_SPILL,
    unlinkOpen = process.platform !== 'win32',
  ) {
    if (maxBytes > MAX_SPILL) throw new RangeError(`key index spill bound above ${MAX_SPILL}`);
    sweepStaleSpills(os.tmpdir());
    this.dir = io('create', () => fs.mkdtempSync(path.join(os.tmpdir(), spillPrefix(process.pid))));
    this.file = path.join(this.dir, 'index');
    try {
      this.fd = io('open', () => fs.openSync(this.file, 'wx+', 0o600));
      if (unlinkOpen) this.unlink();
    } catch (err) {
      this.close();
      throw err;
    }
  }

  /** Bytes appended so far (written or buffered). */
  get bytes(): number {
    return this.written + this.used;
  }

  /** Appends one record; returns its reference (offset in units). `pkey`: printable ASCII. */
  append(check: number, content: readonly [number, number], pkey: string): number {
    const size = spillRecordBytes(pkey.length);
    const at = this.bytes;
    if (at + size > this.maxBytes) throw new KeyIndexFull(this.maxBytes);
    if (this.out === null) throw new FerryError('FERRY_INTERNAL', 'key index spill file is sealed');
    if (this.used + size > this.out.length) this.flush();
    // A record larger than a chunk (a hostile PKey) gets a buffer of its own.
    const buf = size > this.out.length ? Buffer.alloc(size) : this.out;
    const o = buf === this.out ? this.used : 0;
    buf.writeUInt32LE(check >>> 0, o);
    buf.writeUInt32LE(content[0] >>> 0, o + 4);
    buf.writeUInt32LE(content[1] >>> 0, o + 8);
    buf.writeUInt32LE(pkey.length, o + 12);
    buf.write(pkey, o + HEAD, 'latin1');
    buf.fill(0, o + HEAD + pkey.length, o + size);
    if (buf === this.out) this.used += size;
    else this.writeAll(buf, size);
    return at / UNIT;
  }

  /** Writes what is buffered and drops the write buffer: the file is read-only from here. */
  seal(): void {
    this.flush();
    this.out = null;
  }

  /** One positioned read (a second one only for a PKey longer than READ - HEAD bytes). */
  read(ref: number): SpillRecord {
    const pos = ref * UNIT;
    const got = io('read', () => fs.readSync(this.open(), this.head, 0, READ, pos));
    if (got < HEAD) throw new SpillFailed('read', `short read at ${pos}`);
    const len = this.head.readUInt32LE(12);
    let buf = this.head;
    if (HEAD + len > got) {
      buf = Buffer.allocUnsafe(HEAD + len);
      const long = buf;
      if (io('read', () => fs.readSync(this.open(), long, 0, HEAD + len, pos)) < HEAD + len)
        throw new SpillFailed('read', `short read at ${pos}`);
    }
    return {
      check: buf.readUInt32LE(0),
      content: [buf.readUInt32LE(4), buf.readUInt32LE(8)],
      pkey: buf.toString('latin1', HEAD, HEAD + len),
    };
  }

  /** Closes the file and removes whatever is left of it (idempotent). */
  close(): void {
    this.out = null;
    const fd = this.fd;
    this.fd = null;
    try {
      if (fd !== null) io('close', () => fs.closeSync(fd));
    } finally {
      this.unlink();
    }
  }

  private unlink(): void {
    if (!this.linked) return;
    this.linked = false;
    io('remove', () => fs.rmSync(this.dir, { recursive: true, force: true }));
  }

  private flush(): void {
    if (this.out !== null && this.used > 0) this.writeAll(this.out, this.used);
    this.used = 0;
  }

  private writeAll(buf: Buffer, len: number): void {
    const fd = this.open();
    for (let done = 0; done < len;) {
      const n = io('write', () => fs.writeSync(fd, buf, done, len - done, this.written));
      done += n;
      this.written += n;
    }
  }

  private open(): number {
    if (this.fd === null) throw new FerryError('FERRY_INTERNAL', 'key index spill file is closed');
    return this.fd;
  }
}
