/**
 * Quantities with units, as scenario files write them (`90s`, `2 min`, `1.2 m/s`, `45 deg`), converted
 * to SI: seconds, metres, metres per second, radians. A bare number is taken as already in SI.
 */

type Table = Record<string, number>;

const DURATION: Table = {
  us: 1e-6,
  µs: 1e-6,
  ms: 1e-3,
  s: 1,
  sec: 1,
  min: 60,
  h: 3600,
  hr: 3600,
  d: 86400,
  day: 86400,
  days: 86400,
  wk: 604800,
  week: 604800,
  weeks: 604800,
};
const LENGTH: Table = { mm: 1e-3, cm: 1e-2, m: 1, km: 1e3 };
const SPEED: Table = {
  "m/s": 1,
  "mm/s": 1e-3,
  "m/min": 1 / 60,
  "mm/min": 1e-3 / 60,
  "m/h": 1 / 3600,
  "km/h": 1 / 3.6,
};
const ANGLE: Table = { rad: 1, deg: Math.PI / 180, "°": Math.PI / 180 };
const POWER: Table = { W: 1, kW: 1e3, MW: 1e6 };
const MASS: Table = { g: 1e-3, kg: 1, t: 1e3 };

export type QuantityKind = "duration" | "length" | "speed" | "angle" | "power" | "mass";

const TABLES: Record<QuantityKind, Table> = {
  duration: DURATION,
  length: LENGTH,
  speed: SPEED,
  angle: ANGLE,
  power: POWER,
  mass: MASS,
};

const EXAMPLE: Record<QuantityKind, string> = {
  duration: '"45s"',
  length: '"1.5 m"',
  speed: '"1.2 m/s"',
  angle: '"45 deg"',
  power: '"2.5 kW"',
  mass: '"3 kg"',
};

const QUANTITY = /^\s*([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)\s*([^\d\s].*?)?\s*$/;

/** Parses `value` as a quantity of `kind` into SI, or returns an error message. */
export function parseQuantity(value: unknown, kind: QuantityKind): number | { error: string } {
  const expected = `expected a ${kind} like ${EXAMPLE[kind]}`;
  if (typeof value === "number") return Number.isFinite(value) ? value : { error: expected };
  if (typeof value !== "string") return { error: expected };
  // durations may also be written h:mm:ss or mm:ss
  if (kind === "duration" && /^\s*\d+(:\d{1,2}){1,2}(\.\d+)?\s*$/.test(value)) {
    return value
      .trim()
      .split(":")
      .reduce((acc, part) => acc * 60 + Number(part), 0);
  }
  const m = QUANTITY.exec(value);
  if (m === null) return { error: `${expected}, got "${value}"` };
  const n = Number(m[1]);
  const unit = m[2];
  if (unit === undefined) return n;
  const factor = TABLES[kind][unit] ?? TABLES[kind][unit.toLowerCase()];
  if (factor === undefined) {
    return {
      error: `unknown ${kind} unit "${unit}" in "${value}" (use ${Object.keys(TABLES[kind]).join(", ")})`,
    };
  }
  return n * factor;
}
