import { Topology } from "../../sim/index";
import { checkStationTasks, formatTaskCollision, initPhysics } from "../../sim/physics/index";
import { parseCliArgs } from "../cli-args";
import { type CliCommand, InputError } from "../cli-types";
import { table } from "../report/format";
import { loadScenarioFile } from "../scenario-files";

export const checkCommand: CliCommand = {
  name: "check",
  summary: "check a scenario: schema, NC programs, robot reach and robot collisions with the cell",
  help: `twin check <scenario.yaml> [--json]

Loads the scenario as \`run\` does (schema, units, references, every NC program against its machine,
every robot task point in reach), then checks every robot task against the cell: stations and belts as
boxes from their positions, pedestals, and the other robots parked. Prints the planned cycle times of the
robot tasks and NC programs, and every collision with time, step, robot link and obstacle.

Exit codes: 0 ok, 2 bad input or a collision (each is printed), 1 internal error.`,
  async run(args, io) {
    const { values, positionals } = parseCliArgs(args, { json: { type: "boolean" } });
    if (positionals.length !== 1)
      throw new InputError("expected one scenario file (twin check <scenario.yaml>)");
    const scenario = loadScenarioFile(positionals[0]!, io.cwd);
    const topo = new Topology(scenario);
    const cycles: { station: string; what: string; seconds: number }[] = [];
    for (const def of topo.stations.values()) {
      const id = def.spec.id;
      if (def.robotPlan !== null)
        cycles.push({ station: id, what: "robot task", seconds: def.robotPlan.durationUs / 1e6 });
      if (def.handlingPlan !== null) {
        cycles.push({ station: id, what: "tending: unload", seconds: def.handlingPlan.unloadUs / 1e6 });
        cycles.push({ station: id, what: "tending: load", seconds: def.handlingPlan.loadUs / 1e6 });
      }
      for (const [file, s] of def.cnc?.cycleS ?? [])
        cycles.push({ station: id, what: `NC ${file}`, seconds: s });
    }
    await initPhysics();
    const hits = checkStationTasks(scenario);
    if (values.json) {
      io.out(`${JSON.stringify({ scenario: scenario.name, cycles, collisions: hits }, null, 2)}\n`);
      return hits.length > 0 ? 2 : 0;
    }
    io.out(`${scenario.name}: scenario valid\n\n`);
    if (cycles.length > 0) {
      io.out(
        table(
          ["station", "planned cycle", "s"],
          cycles.map((c) => [c.station, c.what, c.seconds.toFixed(3)]),
        ),
      );
      io.out("\n");
    }
    if (hits.length === 0) {
      io.out("robot tasks: no collision with the cell\n");
      return 0;
    }
    io.err(
      `${hits.length} robot collision(s):\n${hits.map((h) => `  ${formatTaskCollision(h)}`).join("\n")}\n`,
    );
    return 2;
  },
};
