import { runReplications, summarise } from "../../sim/index";
import { initPhysics } from "../../sim/physics/index";
import { parseCliArgs } from "../cli-args";
import { type CliCommand, InputError } from "../cli-types";
import { EXPERIMENT_HELP, EXPERIMENT_OPTIONS, experimentSettings } from "../experiment-options";
import { progressBar } from "../report/format";
import { formatCollisions, formatRunReport } from "../report/run-report";
import { loadScenarioFile } from "../scenario-files";

export const runCommand: CliCommand = {
  name: "run",
  summary: "run a scenario headless, as fast as possible; KPI table with 95 % confidence intervals",
  help: `twin run <scenario.yaml> [options]

Runs N independent replications of the scenario as fast as the machine allows and prints throughput,
OEE (ISO 22400-2), time split per station, WIP, lead times, labour hours, the bottleneck (active
period method) and cost per good part, each with a 95 % confidence interval across replications.

${EXPERIMENT_HELP}

Exit codes: 0 ok, 2 bad input (the error says where), 1 internal error.`,
  async run(args, io) {
    const { values, positionals } = parseCliArgs(args, EXPERIMENT_OPTIONS);
    if (positionals.length !== 1)
      throw new InputError("expected one scenario file (twin run <scenario.yaml>)");
    const scenario = loadScenarioFile(positionals[0]!, io.cwd);
    const s = experimentSettings(values, scenario);
    if (scenario.fidelity === "physics") await initPhysics();
    const bar = progressBar(io.err, io.errIsTty && !values.json, "replications");
    const started = performance.now();
    const runs = runReplications(scenario, { ...s, onProgress: (d, n) => bar.update(d, n) });
    const wallS = (performance.now() - started) / 1000;
    const summary = summarise(runs);
    if (values.json) {
      io.out(
        `${JSON.stringify(
          {
            scenario: scenario.name,
            settings: s,
            summary,
            replications: runs.map((r) => ({
              seed: r.seed,
              kpis: r.kpis,
              events: r.events,
              kernelEvents: r.kernelEvents,
              collisions: r.collisions,
            })),
            wallSeconds: wallS,
          },
          null,
          2,
        )}\n`,
      );
      return 0;
    }
    const windowH = (s.horizonUs - s.warmupUs) / 3.6e9;
    io.out(formatRunReport(scenario.name, summary, s.replications, windowH));
    io.out(formatCollisions(runs));
    const simH = (s.horizonUs / 3.6e9) * s.replications;
    io.out(
      `\n${s.replications} × ${(s.horizonUs / 3.6e9).toFixed(1)} h simulated in ${wallS.toFixed(2)} s (×${Math.round((simH * 3600) / wallS).toLocaleString("en")} real time)\n`,
    );
    return 0;
  },
};
