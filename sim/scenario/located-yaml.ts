import { isMap, isScalar, isSeq, LineCounter, type Node, parseDocument } from "yaml";

/** Where a value was written: file, 1-based line and column. */
export interface Location {
  file: string;
  line: number;
  col: number;
}

/**
 * Plain JS values built from YAML, with the location of every key and item remembered on the side
 * (a WeakMap keyed by the containers), so errors found later, even after `extends:` merging, can
 * name the file, line and column they come from.
 */
export class Locations {
  private readonly byContainer = new WeakMap<object, Map<string | number, Location>>();
  private readonly self = new WeakMap<object, Location>();

  set(container: object, key: string | number, loc: Location): void {
    let m = this.byContainer.get(container);
    if (m === undefined) {
      m = new Map();
      this.byContainer.set(container, m);
    }
    m.set(key, loc);
  }

  setSelf(container: object, loc: Location): void {
    this.self.set(container, loc);
  }

  get(container: object, key: string | number): Location | undefined {
    return this.byContainer.get(container)?.get(key);
  }

  getSelf(container: object): Location | undefined {
    return this.self.get(container);
  }

  /** The location of the deepest part of `path` that exists in `root`. */
  locate(root: unknown, path: readonly PropertyKey[]): Location | undefined {
    let node: unknown = root;
    let best = typeof root === "object" && root !== null ? this.getSelf(root) : undefined;
    for (const key of path) {
      if (typeof node !== "object" || node === null || typeof key === "symbol") break;
      const here = this.get(node, key);
      if (here !== undefined) best = here;
      node = (node as Record<string | number, unknown>)[key];
    }
    return best;
  }
}

export interface YamlParseError {
  location: Location;
  message: string;
}

/** Parses YAML text into plain values, recording locations. Pure: the caller reads the file. */
export function parseLocatedYaml(
  text: string,
  file: string,
  locations: Locations,
): { value: unknown; errors: YamlParseError[] } {
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, prettyErrors: false, uniqueKeys: true });
  const at = (offset: number): Location => {
    const p = lc.linePos(offset);
    return { file, line: p.line, col: p.col };
  };
  const errors = doc.errors.map((e) => ({
    location: at(e.pos[0]),
    message: e.message.split("\n")[0] ?? e.message,
  }));
  if (errors.length > 0) return { value: undefined, errors };

  const convert = (node: Node | null | undefined): unknown => {
    if (node === null || node === undefined) return null;
    if (isMap(node)) {
      const obj: Record<string, unknown> = {};
      if (node.range) locations.setSelf(obj, at(node.range[0]));
      for (const pair of node.items) {
        const keyNode = pair.key as Node | null;
        const key = isScalar(keyNode) ? String(keyNode.value) : String(keyNode);
        obj[key] = convert(pair.value as Node | null);
        const locNode = keyNode ?? (pair.value as Node | null);
        if (locNode?.range) locations.set(obj, key, at(locNode.range[0]));
      }
      return obj;
    }
    if (isSeq(node)) {
      const arr: unknown[] = [];
      if (node.range) locations.setSelf(arr, at(node.range[0]));
      node.items.forEach((item, i) => {
        arr.push(convert(item as Node | null));
        const n = item as Node | null;
        if (n?.range) locations.set(arr, i, at(n.range[0]));
      });
      return arr;
    }
    if (isScalar(node)) return node.value;
    return node.toJSON();
  };
  const value = convert(doc.contents as Node | null);
  return { value, errors: [] };
}
