import { comparePaired, runReplications, summarise } from "../../sim/index";
import { initPhysics } from "../../sim/physics/index";
import { parseCliArgs } from "../cli-args";
import { type CliCommand, InputError } from "../cli-types";
import { EXPERIMENT_HELP, EXPERIMENT_OPTIONS, experimentSettings } from "../experiment-options";
import { formatCompareReport } from "../report/compare-report";
import { progressBar } from "../report/format";
import { loadScenarioFile } from "../scenario-files";

export const compareCommand: CliCommand = {
  name: "compare",
  summary:
    "compare scenario A with B: paired replications, KPI deltas, the economics of replacing manual work",
  help: `twin compare <a.yaml> <b.yaml> [options]

Runs both scenarios with the same seeds (replication i of A and of B use seed + i, and every entity
draws from its own named random stream), so differences come from the change, not from luck. Prints
each KPI for A and B and the paired difference B − A with its 95 % confidence interval, then the
economics of the change: extra capital, labour hours and cost saved per year, cost per good part
before and after, operating savings and the payback period. Horizon, warmup, replications and seed
default to scenario A's.

${EXPERIMENT_HELP}

Exit codes: 0 ok, 2 bad input (the error says where), 1 internal error.`,
  async run(args, io) {
    const { values, positionals } = parseCliArgs(args, EXPERIMENT_OPTIONS);
    if (positionals.length !== 2)
      throw new InputError("expected two scenario files (twin compare <a.yaml> <b.yaml>)");
    const a = loadScenarioFile(positionals[0]!, io.cwd);
    const b = loadScenarioFile(positionals[1]!, io.cwd);
    const s = experimentSettings(values, a);
    if (a.fidelity === "physics" || b.fidelity === "physics") await initPhysics();
    const bar = progressBar(io.err, io.errIsTty && !values.json, "replications");
    const total = s.replications * 2;
    const runsA = runReplications(a, { ...s, onProgress: (d) => bar.update(d, total) });
    const runsB = runReplications(b, { ...s, onProgress: (d) => bar.update(s.replications + d, total) });
    const cmp = comparePaired(runsA, runsB, b.economics.contributionMarginPerPart);
    const sumA = summarise(runsA);
    const sumB = summarise(runsB);
    if (values.json) {
      io.out(
        `${JSON.stringify({ a: { scenario: a.name, summary: sumA }, b: { scenario: b.name, summary: sumB }, settings: s, comparison: cmp }, null, 2)}\n`,
      );
      return 0;
    }
    io.out(formatCompareReport(a.name, b.name, sumA, sumB, cmp, s.replications));
    return 0;
  },
};
