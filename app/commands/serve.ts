import { type CliCommand, EXIT_OK, InputError } from "../cli-types";
import { parseServeConfig, SERVE_DEFAULTS, SPEED_MAX, SPEED_MIN } from "../serve/config";
import { ServeError } from "../serve/errors";
import { startServe } from "../serve/server";

const d = SERVE_DEFAULTS;

export const serveCommand: CliCommand = {
  name: "serve",
  summary: "run the live twin: real-time simulation, 3D viewer, REST, Socket.IO, OPC UA, SQLite",
  help: `twin serve [scenario.yaml] [options]

Runs the twin in real time and serves the 3D viewer. Stops cleanly on Ctrl+C (SIGINT) or SIGTERM.

Options (environment variable in brackets; a flag wins over its variable):
  -s, --scenario <file>   scenario file (default ${d.scenario}) [TWIN_SCENARIO]
      --speed <x>         × real time, ${SPEED_MIN} … ${SPEED_MAX}, changeable live (default ${d.speed}) [TWIN_SPEED]
      --seed <n>          run seed (default: the scenario's) [TWIN_SEED]
      --preroll <dur>     simulated time run headless before going live, e.g. "30 min" or 0
                          (default: the scenario's warm-up) [TWIN_PREROLL]
  -p, --port <n>          HTTP port of viewer, REST and Socket.IO (default ${d.port}) [TWIN_PORT]
      --host <addr>       address to listen on; 0.0.0.0 to let a class connect (default ${d.host}) [TWIN_HOST]
      --opcua-port <n>    OPC UA server port (default ${d.opcuaPort}) [TWIN_OPCUA_PORT]
      --no-opcua          no OPC UA server [TWIN_OPCUA=0]
      --opcua-users <f>   JSON list of OPC UA users [{ username, password, role: viewer|operator|admin }]
                          (default ${d.opcuaUsers}, made with random passwords on first start) [TWIN_OPCUA_USERS]
      --modbus-port <n>   Modbus TCP port of the PLC's tags (default ${d.modbusPort}; 502 needs root) [TWIN_MODBUS_PORT]
      --no-modbus         no Modbus TCP server [TWIN_MODBUS=0]
      --db <file>         SQLite file of the ERP bridge (default ${d.db}) [TWIN_DB]
      --no-feeder         no demo order feeder (new ERP orders only by REST) [TWIN_FEEDER=0]
      --frame-rate <hz>   frames per second to viewers, 1 … 30 (default ${d.frameHz}) [TWIN_FRAME_HZ]
      --viewer <dir>      built viewer to serve (default ${d.viewerDir}) [TWIN_VIEWER_DIR]
      --no-build          do not build the viewer when it is missing or stale

See docs/live-twin.md.`,
  async run(args, io) {
    const config = parseServeConfig(args, process.env);
    let handle: Awaited<ReturnType<typeof startServe>>;
    try {
      handle = await startServe(config, { cwd: io.cwd, log: (l) => io.out(`${l}\n`) });
    } catch (e) {
      if (e instanceof ServeError) throw new InputError(e.message);
      throw e;
    }
    const layout = handle.host.current.layout;
    io.out(
      [
        `twin serve: ${layout.scenario.name} (${layout.scenario.file}), seed ${layout.scenario.seed}, ×${config.speed}`,
        `  viewer     ${handle.url}/`,
        `  REST       ${handle.url}/api  (OpenAPI: ${handle.url}/docs, twin: ${handle.url}/api/twin)`,
        `  Socket.IO  ${handle.url}/socket.io/`,
        `  OPC UA     ${handle.opcua ?? "off"}`,
        `  Modbus TCP ${handle.modbus ?? "off"}`,
        `  database   ${handle.db === null ? "none" : handle.db.name}`,
        "Ctrl+C stops.",
        "",
      ].join("\n"),
    );
    await new Promise<void>((resolve) => {
      const stop = (sig: string) => {
        io.out(`\n${sig}: stopping…\n`);
        process.off("SIGINT", onInt);
        process.off("SIGTERM", onTerm);
        resolve();
      };
      const onInt = () => stop("SIGINT");
      const onTerm = () => stop("SIGTERM");
      process.on("SIGINT", onInt);
      process.on("SIGTERM", onTerm);
    });
    await handle.close();
    io.out("twin serve: stopped, database flushed\n");
    return EXIT_OK;
  },
};
