// The ferry package root (the folder holding package.json), found from any module of ferry: the same
// answer from the TypeScript sources and from the compiled copy in build/, which has no package.json.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError } from './errors.ts';

/** Nearest folder at or above `moduleUrl`'s folder that holds a package.json. */
export function packageRootOf(moduleUrl: string): string {
  let dir = path.dirname(fileURLToPath(moduleUrl));
  while (!existsSync(path.join(dir, 'package.json'))) {
    const up = path.dirname(dir);
    if (up === dir)
      throw new ConfigError('FERRY_INSTALL_BROKEN', `no package.json above ${fileURLToPath(moduleUrl)}`);
    dir = up;
  }
  return dir;
}

export const PACKAGE_ROOT = packageRootOf(import.meta.url);
