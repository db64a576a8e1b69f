import type { Locations } from "./located-yaml";

/**
 * `extends:` semantics: the variant overrides the base. Objects merge key by key; lists of entities
 * (items with an `id`) merge by id, so a variant can change one station's fields or add a station, and
 * an item `{ id: s3, remove: true }` deletes s3; any other list, and any distribution (`dist:`), is
 * replaced whole. `null` removes a key.
 * Locations follow the values, so errors still point at the file that wrote the value.
 */
export function mergeWithLocations(base: unknown, over: unknown, locs: Locations): unknown {
  // a distribution is one value: `{ dist: normal, … }` over `{ dist: triangular, … }` replaces it whole
  if (isPlainObject(base) && isPlainObject(over) && !("dist" in over)) {
    const out: Record<string, unknown> = {};
    copySelf(out, over, base, locs);
    for (const [k, v] of Object.entries(base)) {
      out[k] = v;
      copyLoc(out, k, base, k, locs);
    }
    for (const [k, v] of Object.entries(over)) {
      if (v === null) {
        delete out[k];
        continue;
      }
      out[k] = k in base ? mergeWithLocations(base[k], v, locs) : v;
      copyLoc(out, k, over, k, locs);
    }
    return out;
  }
  if (Array.isArray(base) && Array.isArray(over) && isEntityList(base) && isEntityList(over)) {
    const out: unknown[] = [];
    copySelf(out, over, base, locs);
    const index = new Map<string, number>();
    base.forEach((item, i) => {
      index.set(item.id, out.length);
      out.push(item);
      copyLoc(out, out.length - 1, base, i, locs);
    });
    const removed = new Set<number>();
    over.forEach((item, i) => {
      const at = index.get(item.id);
      if (item.remove === true) {
        if (at !== undefined) removed.add(at);
        return;
      }
      if (at === undefined) {
        index.set(item.id, out.length);
        out.push(item);
        copyLoc(out, out.length - 1, over, i, locs);
      } else {
        out[at] = mergeWithLocations(out[at], item, locs);
        copyLoc(out, at, over, i, locs);
      }
    });
    if (removed.size === 0) return out;
    const kept: unknown[] = [];
    copySelf(kept, out, out, locs);
    out.forEach((item, i) => {
      if (removed.has(i)) return;
      kept.push(item);
      copyLoc(kept, kept.length - 1, out, i, locs);
    });
    return kept;
  }
  return over;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function isEntityList(v: unknown[]): v is { id: string; remove?: unknown }[] {
  return v.every((item) => isPlainObject(item) && typeof item.id === "string");
}

function copyLoc(
  to: object,
  toKey: string | number,
  from: object,
  fromKey: string | number,
  locs: Locations,
) {
  const l = locs.get(from, fromKey);
  if (l !== undefined) locs.set(to, toKey, l);
}

function copySelf(to: object, preferred: object, fallback: object, locs: Locations) {
  const l = locs.getSelf(preferred) ?? locs.getSelf(fallback);
  if (l !== undefined) locs.setSelf(to, l);
}
