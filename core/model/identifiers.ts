// Names from metadata or mappings that end up in URL paths or bundle file names: one rule each,
// checked by the compiler (as diagnostics) and again by the runtime (as errors).

/** OData SimpleIdentifier: a letter or `_`, then letters, digits or `_`; at most 128 characters. */
const ENTITY_SET_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,127}$/;

/** True when `name` may be written into a Dynamics URL path as an entity set. */
export const isEntitySetName = (name: string): boolean => ENTITY_SET_NAME.test(name);

/** Modules of the compiled bundle itself (`index.ts`/`index.js`): no mapping may be named like one. */
export const BUNDLE_MODULE_NAMES: ReadonlySet<string> = new Set(['index']);
