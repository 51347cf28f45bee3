// Entity set names go into Dynamics URL paths: a bundle refuses to load with one that is not a plain
// OData identifier (the compiler refuses first; this holds for bundles built any other way).
import { ConfigError } from '../../core/errors.ts';
import { isEntitySetName } from '../../core/model/identifiers.ts';

/** `name` when it is an OData identifier; throws otherwise (at bundle load, before any request). */
export function entitySet(name: string): string {
  if (isEntitySetName(name)) return name;
  throw new ConfigError(
    'FERRY_BUNDLE_INVALID',
    `entity set name ${JSON.stringify(name.slice(0, 80))} is not an OData identifier`,
  );
}
