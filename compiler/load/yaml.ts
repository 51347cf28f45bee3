// The load stage: YAML text -> plain value + positions. Never throws; problems become diagnostics.
import { LineCounter, isScalar, parseDocument } from 'yaml';
import type { Document, Node, Scalar } from 'yaml';
import type { Diagnostic } from '../diagnostics/diagnostic.ts';
import { FRONTEND_CODES, hintFor } from '../diagnostics/codes.ts';
import type { LoadedYaml, Position } from './types.ts';
import { walk } from './pointer.ts';
import { scalarSourceOffset } from './scalar.ts';
import { findDuplicateKeys } from './duplicates.ts';
import { MAX_YAML_DEPTH, yamlTooDeepAt } from './depth.ts';

const START: Position = { line: 1, col: 1 };

export function loadYaml(file: string, text: string): { doc: LoadedYaml; diagnostics: Diagnostic[] } {
  const lines = new LineCounter();
  let parsed: Document | null = null;
  const diagnostics: Diagnostic[] = [];
  const at = (offset: number): Position =>
    clampPos(lines.linePos(Math.max(0, Math.min(offset, text.length))));
  // Checked before parsing: the YAML parser and every later walk recurse once per level.
  const deep = yamlTooDeepAt(text);
  if (deep !== null) {
    const message = `nested more than ${MAX_YAML_DEPTH} levels deep; the file is not parsed`;
    diagnostics.push(yamlDiag(file, deep, FRONTEND_CODES.tooDeep.code, message));
    return { doc: makeDoc(file, text, undefined, null, at), diagnostics };
  }
  try {
    parsed = parseDocument(text, {
      lineCounter: lines,
      prettyErrors: false,
      uniqueKeys: false,
      keepSourceTokens: false,
    });
  } catch (error) {
    diagnostics.push(
      yamlDiag(file, START, FRONTEND_CODES.yamlSyntax.code, `cannot parse YAML: ${String(error)}`),
    );
  }
  let value: unknown = undefined;
  if (parsed) {
    for (const e of parsed.errors) {
      diagnostics.push(
        yamlDiag(file, at(e.pos[0]), FRONTEND_CODES.yamlSyntax.code, `invalid YAML: ${firstLine(e.message)}`),
      );
    }
    for (const w of parsed.warnings) {
      diagnostics.push({
        ...yamlDiag(file, at(w.pos[0]), FRONTEND_CODES.yamlWarning.code, firstLine(w.message)),
        severity: 'warning',
      });
    }
    for (const dup of findDuplicateKeys(parsed.contents, lines)) {
      diagnostics.push({
        ...yamlDiag(
          file,
          at(dup.offset),
          FRONTEND_CODES.duplicateKey.code,
          `duplicate key "${dup.key}"; first defined at line ${dup.firstLine}`,
        ),
        pointer: dup.pointer,
      });
    }
    if (parsed.errors.length === 0) value = toValue(parsed, file, diagnostics);
  }
  return { doc: makeDoc(file, text, value, parsed, at), diagnostics };
}

// toJS can still fail (alias bombs, odd keys); the document is then reported as unreadable.
function toValue(parsed: Document, file: string, diagnostics: Diagnostic[]): unknown {
  try {
    return parsed.toJS({ maxAliasCount: 100 });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    diagnostics.push(
      yamlDiag(file, START, FRONTEND_CODES.yamlSyntax.code, `invalid YAML: ${firstLine(message)}`),
    );
    return undefined;
  }
}

function makeDoc(
  file: string,
  text: string,
  value: unknown,
  parsed: Document | null,
  at: (offset: number) => Position,
): LoadedYaml {
  const nodeStart = (node: Node | null): number | null => {
    if (!node?.range) return null;
    // `key:` with nothing after it has an empty scalar at the end of the line: not a useful place.
    if (isScalar(node) && node.value === null && node.range[0] === node.range[1]) return null;
    return node.range[0];
  };
  const offsetOf = (pointer: string, key: boolean): number | null => {
    if (!parsed) return null;
    const { steps, complete } = walk(parsed, pointer);
    for (let i = steps.length - 1; i >= 0; i--) {
      const step = steps[i];
      if (!step) continue;
      const wantKey = key && complete && i === steps.length - 1;
      const offset = wantKey
        ? (nodeStart(step.key) ?? nodeStart(step.written))
        : (nodeStart(step.written) ?? nodeStart(step.key));
      if (offset !== null) return offset;
    }
    return null;
  };
  return {
    file,
    text,
    value,
    position(pointer, opts) {
      const offset = safe(() => offsetOf(pointer, opts?.key === true), null);
      return offset === null ? START : at(offset);
    },
    positionInScalar(pointer, offset) {
      return safe(() => {
        if (!parsed) return START;
        const { steps, complete } = walk(parsed, pointer);
        const node = steps[steps.length - 1]?.value ?? null;
        if (!complete || !isScalar(node) || !node.range) return this.position(pointer);
        return at(scalarSourceOffset(text, node as Scalar, offset));
      }, START);
    },
  };
}

function safe<T>(fn: () => T, fallback: T): T {
  try {
    return fn();
  } catch {
    return fallback;
  }
}

const clampPos = (p: { line: number; col: number }): Position => ({
  line: Math.max(1, p.line),
  col: Math.max(1, p.col),
});
const firstLine = (message: string): string => message.split('\n')[0] ?? message;

const yamlDiag = (file: string, pos: Position, code: string, message: string): Diagnostic => ({
  code,
  hint: hintFor(code),
  severity: 'error',
  file,
  pointer: '',
  line: pos.line,
  col: pos.col,
  message,
});
