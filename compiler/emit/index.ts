// Stage `emit`: IR -> TypeScript sources, built as ts-morph structures and printed. The dispatch table
// is keyed by every IrNode kind, so a new IR kind fails tsc until it is handled here.
import { IndentationText, Project, QuoteKind } from 'ts-morph';
import type { IrBundle, IrNode } from '../ir/index.ts';
import type { SiteMark } from './context.ts';
import { emitBundle } from './bundle.ts';
import { emitEntity } from './entity.ts';
import { emitEvents } from './events.ts';
import { InternalCompilerError } from './lit.ts';
import type { ModuleOut, Stmt } from './module.ts';
import { emitOptout } from './optout.ts';
import { VALUE_EMITTERS } from './values.ts';

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

type Emitters = {
  readonly [K in IrNode['kind']]: (n: Extract<IrNode, { kind: K }>, o: EmitOptions) => ModuleOut | null;
};

// Module-level kinds produce files; the others are emitted inside their parent module (null here).
const inside = (): null => null;
const EMITTERS: Emitters = {
  bundle: (n, o) => emitBundle(n, o.version, o.lib, '.ts'),
  entity: (n, o) => emitEntity(n, o.version, o.lib),
  events: (n, o) => emitEvents(n, o.version, o.lib),
  optout: (n, o) => emitOptout(n, o.version, o.lib),
  eventType: inside,
  transform: inside,
  field: inside,
  filter: inside,
  ...(Object.fromEntries(Object.keys(VALUE_EMITTERS).map((k) => [k, inside])) as {
    [K in keyof typeof VALUE_EMITTERS]: typeof inside;
  }),
};

const dispatch = (n: IrNode, o: EmitOptions): ModuleOut | null =>
  (EMITTERS[n.kind] as (n: IrNode, o: EmitOptions) => ModuleOut | null)(n, o);

export function emit(bundle: IrBundle, opts: EmitOptions): Emitted {
  const project = new Project({
    useInMemoryFileSystem: true,
    manipulationSettings: { indentationText: IndentationText.TwoSpaces, quoteKind: QuoteKind.Double },
  });
  const print = (m: ModuleOut): EmittedFile => {
    const text = render(project, m.file, m.statements);
    return { path: m.file, text, spans: locate(text, m.marks) };
  };
  const modules = bundle.flows.map((f) => {
    const m = dispatch(f, opts);
    if (!m) throw new InternalCompilerError(`no module emitted for flow ${f.name}`);
    return m;
  });
  const index = dispatch(bundle, opts);
  if (!index) throw new InternalCompilerError('no index module emitted');
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
