import { parseQuantity, type Scenario } from "../sim/index";
import { InputError } from "./cli-types";

/** Options shared by `run` and `compare`; the scenario supplies defaults. */
export const EXPERIMENT_OPTIONS = {
  horizon: { type: "string" },
  warmup: { type: "string" },
  replications: { type: "string", short: "n" },
  seed: { type: "string" },
  json: { type: "boolean" },
} as const;

export const EXPERIMENT_HELP = `Options:
  --horizon <duration>   simulated time per replication, e.g. 8h, "2 days" (default: the scenario's)
  --warmup <duration>    time discarded before statistics start, e.g. 1h (default: the scenario's)
  -n, --replications <n> independent replications; replication i uses seed + i (default: the scenario's)
  --seed <n>             base seed (default: the scenario's)
  --json                 print machine-readable JSON instead of tables`;

export interface ExperimentSettings {
  horizonUs: number;
  warmupUs: number;
  replications: number;
  seed: number;
}

export function experimentSettings(
  values: { horizon?: string; warmup?: string; replications?: string; seed?: string },
  scenario: Scenario,
): ExperimentSettings {
  const dur = (name: string, v: string | undefined, fallbackS: number): number => {
    if (v === undefined) return Math.round(fallbackS * 1e6);
    const r = parseQuantity(v, "duration");
    if (typeof r !== "number" || r < 0) {
      throw new InputError(`--${name}: ${typeof r === "number" ? "must not be negative" : r.error}`);
    }
    return Math.round(r * 1e6);
  };
  const int = (name: string, v: string | undefined, fallback: number, min: number): number => {
    if (v === undefined) return fallback;
    const n = Number(v);
    if (!Number.isInteger(n) || n < min)
      throw new InputError(`--${name}: expected a whole number ≥ ${min}, got "${v}"`);
    return n;
  };
  const horizonUs = dur("horizon", values.horizon, scenario.horizon);
  const warmupUs = dur("warmup", values.warmup, scenario.warmup);
  if (horizonUs <= warmupUs) throw new InputError("--horizon must be longer than --warmup");
  return {
    horizonUs,
    warmupUs,
    replications: int("replications", values.replications, scenario.replications, 1),
    seed: int("seed", values.seed, scenario.seed, 0),
  };
}
