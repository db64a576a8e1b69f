/**
 * YAML with positions: parse once with the `yaml` package's parseDocument and keep the document, so
 * a schema error found on the plain value can be traced back to `file:line:col` through its path.
 */
import { isMap, isSeq, LineCounter, parseDocument } from "yaml";

/** 1-based position in the source text. */
export interface LineCol {
  line: number;
  col: number;
}

export interface LocatedYaml {
  /** plain JS value of the document (undefined when there were syntax errors) */
  value: unknown;
  /** YAML syntax errors, each with its position */
  errors: { line: number; col: number; message: string }[];
  /**
   * Position of the node at `path`, or of its deepest existing ancestor when the path points at a
   * missing key; for a key path, the position of the key itself.
   */
  locate(path: readonly PropertyKey[]): LineCol;
}

interface Ranged {
  range?: [number, number, number] | null;
}

export function parseLocatedYaml(text: string): LocatedYaml {
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, prettyErrors: false, uniqueKeys: true });
  const at = (offset: number): LineCol => {
    const p = lc.linePos(offset);
    return { line: p.line, col: p.col };
  };
  const errors = doc.errors.map((e) => ({ ...at(e.pos[0]), message: e.message.split("\n")[0] ?? e.message }));

  const locate = (path: readonly PropertyKey[]): LineCol => {
    let node: unknown = doc.contents;
    let best: LineCol = { line: 1, col: 1 };
    const rangeOf = (n: unknown) => (n as Ranged | null)?.range;
    const r0 = rangeOf(node);
    if (r0) best = at(r0[0]);
    for (const key of path) {
      if (isMap(node)) {
        const pair = node.items.find((p) => {
          const k = p.key as { value?: unknown } | null;
          return k !== null && String(k.value ?? k) === String(key);
        });
        if (!pair) break;
        const kr = rangeOf(pair.key);
        if (kr) best = at(kr[0]);
        node = pair.value;
        continue;
      }
      if (isSeq(node) && typeof key === "number") {
        const item = node.items[key];
        const ir = rangeOf(item);
        if (!item || !ir) break;
        best = at(ir[0]);
        node = item;
        continue;
      }
      break;
    }
    return best;
  };

  return { value: errors.length > 0 ? undefined : doc.toJS(), errors, locate };
}
