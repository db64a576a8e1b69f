/**
 * Quantities in robot task data: a bare number is SI (m, rad, s, m/s), a string may carry a unit
 * (`150 mm`, `90 deg`, `0.4 s`, `250 mm/s`). The scenario loader has its own converter for whole
 * scenario files; this one keeps task data usable on its own (templates, tests, the CLI).
 */
export type TaskQuantityKind = "length" | "angle" | "duration" | "speed";

const UNITS: Record<TaskQuantityKind, Record<string, number>> = {
  length: { mm: 1e-3, cm: 1e-2, m: 1 },
  angle: { deg: Math.PI / 180, "°": Math.PI / 180, rad: 1 },
  duration: { ms: 1e-3, s: 1, min: 60 },
  speed: { "mm/s": 1e-3, "m/s": 1, "m/min": 1 / 60 },
};

const EXAMPLES: Record<TaskQuantityKind, string> = {
  length: '"150 mm"',
  angle: '"90 deg"',
  duration: '"0.5 s"',
  speed: '"250 mm/s"',
};

const PATTERN = /^\s*([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)\s*(\S*)\s*$/;

/** The value in SI, or an error message naming what was expected. */
export function parseTaskQuantity(value: unknown, kind: TaskQuantityKind): number | { error: string } {
  const expected = `expected a number or a ${kind} like ${EXAMPLES[kind]}`;
  if (typeof value === "number") return Number.isFinite(value) ? value : { error: expected };
  if (typeof value !== "string")
    return { error: `${expected}, got ${JSON.stringify(value) ?? String(value)}` };
  const m = PATTERN.exec(value);
  if (m === null) return { error: `${expected}, got "${value}"` };
  const n = Number(m[1]);
  const unit = m[2] ?? "";
  if (unit === "") return n;
  const f = UNITS[kind][unit];
  if (f === undefined) {
    return {
      error: `unknown ${kind} unit "${unit}" in "${value}" (use ${Object.keys(UNITS[kind]).join(", ")})`,
    };
  }
  return n * f;
}
