// Module resolution for compiled bundles under plain node: `ferry/runtime` is this runtime's own
// library (one copy shared by engine and bundle, wherever ferry is installed), and every module a
// bundle imports relatively carries the bundle's hash in its URL, so a recompiled bundle loads fresh.
import { register } from 'node:module';

/** The query parameter that tags a bundle module's URL with its bundleHash. */
export const BUNDLE_TAG = 'ferry-bundle';

// Runs on node's loader thread; a data: URL so that it needs no file next to built or source code.
const HOOKS = `
let lib;
const TAG = /[?&]${BUNDLE_TAG}=([0-9a-f]+)/;
export function initialize(data) { lib = data.lib; }
export async function resolve(specifier, context, next) {
  // Resolved on through the chain, so that tsx (in development) compiles the library's sources.
  if (specifier === 'ferry/runtime') return next(lib, context);
  // The bundle's own URLs are final: other hooks (tsx) would swap a .js for its .ts sibling.
  if (specifier.startsWith('file:') && TAG.test(specifier)) return { url: specifier, shortCircuit: true };
  const tag = context.parentURL ? TAG.exec(context.parentURL) : null;
  if (tag && (specifier.startsWith('./') || specifier.startsWith('../'))) {
    const url = new URL(specifier, context.parentURL);
    url.search = '?${BUNDLE_TAG}=' + tag[1];
    return { url: url.href, shortCircuit: true };
  }
  return next(specifier, context);
}
`;

// This module's own extension: .js when ferry runs built, .ts under tsx (the library is a sibling).
const LIB = new URL(`../lib/index${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`, import.meta.url).href;

let installed = false;

/** Installs the hooks once per process (before the first bundle import). */
export function installBundleResolver(): void {
  if (installed) return;
  installed = true;
  register(`data:text/javascript,${encodeURIComponent(HOOKS)}`, { data: { lib: LIB } });
}
