// What a user does after `ferry init`: every YOUR-… placeholder in the tenant file replaced by a real-looking value.
import { readFileSync, writeFileSync } from 'node:fs';

/** Replaces each placeholder with a GUID, valid wherever the placeholders stand (ids, host names, paths). */
export function fillPlaceholders(tenantFile: string): void {
  const text = readFileSync(tenantFile, 'utf8');
  writeFileSync(
    tenantFile,
    text.replace(/YOUR-[A-Z0-9]+(?:-[A-Z0-9]+)*/g, '0f8fad5b-d9cb-469f-a165-70867728950e'),
  );
}
