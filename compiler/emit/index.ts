// Stage `emit`: IR -> TypeScript sources, built as ts-morph structures and printed. Module kinds are
// dispatched through a table keyed by every IrModuleNode kind, so a new kind fails tsc until it emits.
import { IndentationText, Project, QuoteKind } from 'ts-morph';
import type { IrBundle, IrModuleNode } from '../ir/index.ts';
import type { SiteMark } from './context.ts';
import { emitBundle } from './bundle.ts';
import { emitEntity } from './entity.ts';
import { emitEvents } from './events.ts';
import type { ModuleOut, Stmt } from './module.ts';
import { emitOptout } from './optout.ts';

export interface EmitOptions {
  readonly version: string;
  /** Import specifier of the runtime library (`ferry/runtime`). */
  readonly lib: string;
}

export interface EmittedFile {
  readonly path: string;
  readonly text: string;
  /** Generated line spans -> YAML sites (TS sources only). */
  readonly spans: readonly { readonly start: number; readonly end: number; readonly mark: SiteMark }[];
}

export interface Emitted {
  /** TypeScript sources (`index.ts` imports `./x.ts`). */
  readonly ts: readonly EmittedFile[];
  /** The index module with `.js` imports (each tagged with its module's content hash), for the transpiled bundle. */
  readonly jsIndex: (versions: ReadonlyMap<string, string>) => string;
  readonly modules: readonly { readonly name: string; readonly kind: string; readonly module: string }[];
}

/** One emitter per module kind, each returning its file. */
export type ModuleEmitters = {
  readonly [K in IrModuleNode['kind']]: (n: Extract<IrModuleNode, { kind: K }>, o: EmitOptions) => ModuleOut;
};

export const MODULE_EMITTERS: ModuleEmitters = {
  bundle: (n, o) => emitBundle(n, o.version, o.lib, '.ts'),
  entity: (n, o) => emitEntity(n, o.version, o.lib),
  events: (n, o) => emitEvents(n, o.version, o.lib),
  optout: (n, o) => emitOptout(n, o.version, o.lib),
};

const dispatch = (n: IrModuleNode, o: EmitOptions): ModuleOut =>
  (MODULE_EMITTERS[n.kind] as (n: IrModuleNode, o: EmitOptions) => ModuleOut)(n, o);

export function emit(bundle: IrBundle, opts: EmitOptions): Emitted {
  const project = new Project({
    useInMemoryFileSystem: true,
    manipulationSettings: { indentationText: IndentationText.TwoSpaces, quoteKind: QuoteKind.Double },
  });
  const print = (m: ModuleOut): EmittedFile => {
    const text = render(project, m.file, m.statements);
    return { path: m.file, text, spans: locate(text, m.marks) };
  };
  const modules = bundle.flows.map((f) => dispatch(f, opts));
  const index = dispatch(bundle, opts);
  const jsIndex = (versions: ReadonlyMap<string, string>): string =>
    render(project, 'index.js.ts', emitBundle(bundle, opts.version, opts.lib, '.js', versions).statements);
  return {
    ts: [...modules.map(print), print(index)],
    jsIndex,
    modules: bundle.flows.map((f) => ({ name: f.name, kind: f.kind, module: f.module })),
  };
}

function render(project: Project, file: string, statements: Stmt[]): string {
  const sf = project.createSourceFile(`/emit/${file}`, { statements }, { overwrite: true });
  const text = sf.getFullText();
  project.removeSourceFile(sf);
  return text.endsWith('\n') ? text : `${text}\n`;
}

// Each mark's needle starts exactly one generated line; the span is that line.
function locate(text: string, marks: readonly SiteMark[]): EmittedFile['spans'] {
  return marks.flatMap((mark) => {
    const start = text.indexOf(mark.needle);
    if (start < 0) return [];
    const nl = text.indexOf('\n', start);
    return [{ start, end: nl < 0 ? text.length : nl, mark }];
  });
}
