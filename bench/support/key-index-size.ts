// Bytes a record of ferry's key index once sealed, for n profiles with emulator-shaped PKeys (the typed arrays
// plus the PKey pool), and while it was being filled (growth slack included).
import { makePKey } from '../../emulators/campaign/pkey.ts';
import { contentHash, keyHash } from '../../runtime/engine/entity/key-index/hash.ts';
import { KeyIndex } from '../../runtime/engine/entity/key-index/table.ts';

export interface IndexSize {
  readonly records: number;
  readonly filledBytesPerRecord: number;
  readonly sealedBytesPerRecord: number;
  readonly pkeyBytesPerRecord: number;
  readonly seconds: number;
}

export function keyIndexSize(records: number): IndexSize {
  const prefix = 'http://127.0.0.1/ferrysandbox/campaign/profileAndServicesExt/profile/';
  const index = new KeyIndex(prefix);
  const t0 = performance.now();
  let pkeyBytes = 0;
  for (let i = 0; i < records; i++) {
    const pkey = makePKey(13, 'profile', i + 1);
    pkeyBytes += pkey.length;
    const id = `${i.toString(16).padStart(8, '0')}-0000-4000-8000-000000000000`;
    index.add(
      keyHash(id),
      pkey,
      prefix + pkey,
      contentHash(['email'], () => `u${i}@example.com`),
    );
  }
  const filled = index.bytes;
  index.seal();
  return {
    records,
    filledBytesPerRecord: filled / records,
    sealedBytesPerRecord: index.bytes / records,
    pkeyBytesPerRecord: pkeyBytes / records,
    seconds: (performance.now() - t0) / 1000,
  };
}
