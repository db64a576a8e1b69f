import { z } from "zod";
import type { Distribution } from "../random/distributions";
import { parseQuantity, type QuantityKind } from "./units";

/** A quantity with a unit, converted to SI by the schema (seconds, metres, m/s, rad, W, kg). */
export function quantity(kind: QuantityKind) {
  return z
    .union([z.number(), z.string()])
    .transform((v, ctx) => {
      const r = parseQuantity(v, kind);
      if (typeof r === "number") return r;
      ctx.addIssue({ code: "custom", message: r.error });
      return z.NEVER;
    })
    .meta({ description: `a ${kind}: a number in SI units or a string with a unit` });
}

export const duration = () =>
  quantity("duration").refine((s) => s >= 0, { message: "a duration cannot be negative" });
export const positiveDuration = () =>
  quantity("duration").refine((s) => s > 0, { message: "expected a duration greater than zero" });
export const fraction = () => z.number().min(0).max(1);
export const id = () =>
  z
    .string()
    .regex(/^[A-Za-z][A-Za-z0-9_.-]*$/, "ids start with a letter and use letters, digits, _ . -")
    .meta({ description: "an id, unique in the scenario" });

/**
 * A duration distribution: a plain duration (constant) or `{ dist: normal, mean: 45s, sd: 5s }`.
 * Every parameter is itself a duration with units, converted to seconds.
 */
export function durationDistribution() {
  const d = duration();
  const p = positiveDuration();
  const dist = z.discriminatedUnion("dist", [
    z.strictObject({ dist: z.literal("constant"), value: d }),
    z.strictObject({ dist: z.literal("uniform"), min: d, max: d }),
    z.strictObject({ dist: z.literal("triangular"), min: d, mode: d, max: d }),
    z.strictObject({ dist: z.literal("normal"), mean: d, sd: d }),
    z.strictObject({ dist: z.literal("lognormal"), mean: p, sd: d }),
    z.strictObject({ dist: z.literal("exponential"), mean: p }),
    z.strictObject({ dist: z.literal("weibull"), shape: z.number().positive(), scale: p }),
    z.strictObject({
      dist: z.literal("empirical"),
      values: z.array(d).min(1),
      weights: z.array(z.number().nonnegative()).optional(),
    }),
  ]);
  return z
    .union([z.number(), z.string(), dist])
    .transform((v, ctx): Distribution => {
      if (typeof v === "number" || typeof v === "string") {
        const r = parseQuantity(v, "duration");
        if (typeof r === "number" && r >= 0) return { kind: "constant", value: r };
        ctx.addIssue({
          code: "custom",
          message: typeof r === "number" ? "a duration cannot be negative" : `${r.error}, or a distribution`,
        });
        return z.NEVER;
      }
      return checkDistribution(v, ctx);
    })
    .meta({ description: 'a duration ("45s") or a distribution ({ dist: normal, mean: 45s, sd: 5s })' });
}

type RawDist =
  | { dist: "constant"; value: number }
  | { dist: "uniform"; min: number; max: number }
  | { dist: "triangular"; min: number; mode: number; max: number }
  | { dist: "normal"; mean: number; sd: number }
  | { dist: "lognormal"; mean: number; sd: number }
  | { dist: "exponential"; mean: number }
  | { dist: "weibull"; shape: number; scale: number }
  | { dist: "empirical"; values: number[]; weights?: number[] | undefined };

function checkDistribution(v: RawDist, ctx: z.RefinementCtx): Distribution {
  const fail = (message: string) => {
    ctx.addIssue({ code: "custom", message });
    return z.NEVER;
  };
  switch (v.dist) {
    case "constant":
      return { kind: "constant", value: v.value };
    case "uniform":
      return v.min <= v.max ? { kind: "uniform", min: v.min, max: v.max } : fail("uniform needs min <= max");
    case "triangular":
      return v.min <= v.mode && v.mode <= v.max
        ? { kind: "triangular", min: v.min, mode: v.mode, max: v.max }
        : fail("triangular needs min <= mode <= max");
    case "normal":
      return { kind: "normal", mean: v.mean, sd: v.sd };
    case "lognormal":
      return { kind: "lognormal", mean: v.mean, sd: v.sd };
    case "exponential":
      return { kind: "exponential", mean: v.mean };
    case "weibull":
      return { kind: "weibull", shape: v.shape, scale: v.scale };
    case "empirical":
      if (v.weights !== undefined && v.weights.length !== v.values.length) {
        return fail(`empirical has ${v.values.length} values but ${v.weights.length} weights`);
      }
      if (v.weights !== undefined && !v.weights.some((w) => w > 0))
        return fail("empirical needs a positive weight");
      return { kind: "empirical", values: v.values, weights: v.weights };
  }
}
