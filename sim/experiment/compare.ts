import { type Estimate, estimate } from "../kpi/stats";
import { HEADLINE, type RunResult } from "./replicate";

/** A paired comparison of two scenarios run with the same seeds (common random numbers). */
export interface Comparison {
  /** B − A per KPI: mean difference and its 95 % confidence interval from the paired differences */
  deltas: Record<(typeof HEADLINE)[number] | "costPerGoodPart", Estimate>;
  economics: ReplacementEconomics;
}

/**
 * The economics of replacing manual work (A) by automation (B), per year of production:
 * - extraCapital: capital of B − capital of A;
 * - labourHoursSavedPerYear, labourCostSavedPerYear: from paid operator hours;
 * - operatingSavingsPerYear: (operating cost per good part of A − that of B) × A's good parts per year
 *   (the same output made the new way), plus B's extra good parts × contribution margin;
 * - paybackYears: extraCapital / operatingSavingsPerYear (Infinity when B saves nothing).
 */
export interface ReplacementEconomics {
  currency: string;
  capitalA: number;
  capitalB: number;
  extraCapital: number;
  goodPartsPerYearA: Estimate;
  goodPartsPerYearB: Estimate;
  labourHoursSavedPerYear: Estimate;
  labourCostSavedPerYear: Estimate;
  costPerGoodPartA: Estimate;
  costPerGoodPartB: Estimate;
  operatingSavingsPerYear: Estimate;
  paybackYears: Estimate;
}

export function comparePaired(
  a: readonly RunResult[],
  b: readonly RunResult[],
  marginPerPart: number,
): Comparison {
  if (a.length !== b.length) throw new Error("paired comparison needs as many replications of A as of B");
  const diff = (f: (r: RunResult) => number) => estimate(a.map((ra, i) => f(b[i]!) - f(ra)));
  const deltas = Object.fromEntries(
    HEADLINE.map((h) => [h, diff((r) => r.kpis[h] as number)]),
  ) as Comparison["deltas"];
  deltas.costPerGoodPart = diff((r) => r.kpis.economics.costPerGoodPart);

  const ea = a[0]!.kpis.economics;
  const eb = b[0]!.kpis.economics;
  const perYear = (r: RunResult) => r.kpis.economics.annualisation;
  const goodYear = (r: RunResult) => r.kpis.goodParts * perYear(r);
  const labourHoursYear = (r: RunResult) => r.kpis.labourPaidHours * perYear(r);
  const labourCostYear = (r: RunResult) => r.kpis.economics.labourCost * perYear(r);
  const savings = a.map((ra, i) => {
    const rb = b[i]!;
    const opA = ra.kpis.economics.operatingCostPerGoodPart;
    const opB = rb.kpis.economics.operatingCostPerGoodPart;
    return (opA - opB) * goodYear(ra) + (goodYear(rb) - goodYear(ra)) * marginPerPart;
  });
  const extraCapital = eb.capital - ea.capital;
  return {
    deltas,
    economics: {
      currency: eb.currency,
      capitalA: ea.capital,
      capitalB: eb.capital,
      extraCapital,
      goodPartsPerYearA: estimate(a.map(goodYear)),
      goodPartsPerYearB: estimate(b.map(goodYear)),
      labourHoursSavedPerYear: estimate(a.map((ra, i) => labourHoursYear(ra) - labourHoursYear(b[i]!))),
      labourCostSavedPerYear: estimate(a.map((ra, i) => labourCostYear(ra) - labourCostYear(b[i]!))),
      costPerGoodPartA: estimate(a.map((r) => r.kpis.economics.costPerGoodPart)),
      costPerGoodPartB: estimate(b.map((r) => r.kpis.economics.costPerGoodPart)),
      operatingSavingsPerYear: estimate(savings),
      paybackYears: estimate(savings.map((s) => (s > 0 ? extraCapital / s : Number.POSITIVE_INFINITY))),
    },
  };
}
