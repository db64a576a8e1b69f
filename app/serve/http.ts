import { existsSync } from "node:fs";
import { resolve } from "node:path";
import fastifyStatic from "@fastify/static";
import Fastify, { type FastifyInstance, type FastifyReply } from "fastify";
import { type Db, ERP_AJV_OPTIONS, erpOpenApi, erpRoutes } from "../../erp-bridge/index";
import {
  type CommandReply,
  isCommandError,
  parseViewerCommand,
  type ViewerCommand,
} from "../../protocol/index";
import type { TwinHost } from "./host";

export interface HttpOptions {
  /** built viewer folder; a page explaining how to build it is served when missing */
  viewerDir: string;
  db: Db | null;
  /** number of connected viewers, for GET /api/twin */
  viewers?: () => number;
  logger?: boolean;
}

/**
 * The twin's HTTP side: the viewer (static files), the ERP bridge's REST routes under /api (OpenAPI at
 * /docs), and /api/twin to watch and steer the twin. /api/twin takes the same commands as the socket
 * gateway, validated by the same parser, with 400 for a malformed command and 409 when refused.
 */
export async function buildHttpApp(host: TwinHost, opts: HttpOptions): Promise<FastifyInstance> {
  const app = Fastify({ logger: opts.logger ?? false, ajv: { customOptions: ERP_AJV_OPTIONS } });
  if (opts.db !== null) {
    await app.register(erpOpenApi);
    await app.register(erpRoutes, {
      prefix: "/api",
      db: opts.db,
      submit: (cmd) => host.current.sim.submit(cmd),
      now: () => host.current.sim.now,
      dispatcher: host.dispatcher ?? undefined,
    });
  }
  await app.register(
    async (twin) => {
      const send = async (reply: FastifyReply, cmd: ViewerCommand) => {
        const r: CommandReply = await host.command(cmd);
        return reply.code(r.ok ? 200 : r.code === "TWIN_ERR_BAD_COMMAND" ? 400 : 409).send(r);
      };
      const run = async (body: unknown, reply: FastifyReply) => {
        const cmd = parseViewerCommand(body);
        if (isCommandError(cmd)) return reply.code(400).send(cmd);
        return send(reply, cmd);
      };
      twin.get("/", async (_req, reply) => {
        const t = host.running;
        if (t === null)
          return reply.code(503).send({ ok: false, code: "TWIN_ERR_BUSY", reason: "restarting" });
        const s = t.status(host.erpStatus());
        return {
          runId: t.runId,
          scenario: t.layout.scenario,
          tUs: s.tUs,
          speed: s.speed,
          paused: s.paused,
          lagging: t.runner.lagging,
          viewers: opts.viewers?.() ?? 0,
          kpi: s.kpi,
          erp: s.erp,
          opcua: t.layout.opcuaEndpoint,
        };
      });
      twin.get("/layout", async () => host.current.layout);
      twin.get("/scenarios", async () => host.current.layout.scenarios);
      twin.post("/commands", async (req, reply) => run(req.body, reply));
      twin.put("/speed", async (req, reply) => run({ ...(req.body as object), type: "setSpeed" }, reply));
      twin.post("/pause", async (_req, reply) => send(reply, { type: "pause" }));
      twin.post("/resume", async (_req, reply) => send(reply, { type: "resume" }));
      twin.post("/faults", async (req, reply) =>
        run({ ...(req.body as object), type: "injectFault" }, reply),
      );
      twin.delete<{ Params: { entity: string } }>("/faults/:entity", async (req, reply) =>
        run({ type: "clearFault", entity: req.params.entity }, reply),
      );
      twin.post<{ Params: { id: string } }>("/alarms/:id/acknowledge", async (req, reply) =>
        run(
          { ...((req.body as object | undefined) ?? {}), type: "acknowledgeAlarm", alarm: req.params.id },
          reply,
        ),
      );
      twin.put("/scenario", async (req, reply) =>
        run({ ...(req.body as object), type: "switchScenario" }, reply),
      );
    },
    { prefix: "/api/twin" },
  );
  const root = resolve(opts.viewerDir);
  if (existsSync(resolve(root, "index.html"))) {
    await app.register(fastifyStatic, { root, prefix: "/", index: ["index.html"] });
  } else {
    app.get("/", async (_req, reply) =>
      reply
        .code(503)
        .type("text/plain")
        .send(`The viewer is not built (${root} has no index.html). Run: npm run build:viewer\n`),
    );
  }
  return app;
}
