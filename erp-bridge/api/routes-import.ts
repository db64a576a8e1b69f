import type { FastifyInstance, FastifyRequest } from "fastify";
import { apiError } from "../errors";
import { importB2mml, importCsv } from "../import/apply";
import type { CsvKind } from "../import/csv-records";
import { clockOf, type ErpContext, runWrite } from "./context";
import { errorSchema, idempotencyHeader, importResultSchema } from "./schemas";

const err = errorSchema;

/** 16 MiB: a year of work orders fits; a runaway upload does not. */
const IMPORT_BODY_LIMIT = 16 * 1024 * 1024;

const TARGETS: { path: CsvKind; xml: "products" | "work-orders" | null; summary: string }[] = [
  {
    path: "products",
    xml: "products",
    summary: "Import products (CSV) or product definitions with routings and BOMs (B2MML)",
  },
  {
    path: "routings",
    xml: null,
    summary: "Import routings (CSV); each product revision named gets its routing replaced",
  },
  {
    path: "bom",
    xml: null,
    summary: "Import bills of materials (CSV); each product revision named gets its BOM replaced",
  },
  {
    path: "work-orders",
    xml: "work-orders",
    summary: "Import work orders (CSV, or B2MML OperationsSchedule)",
  },
];

function mediaType(req: FastifyRequest): string {
  return String(req.headers["content-type"] ?? "")
    .split(";")[0]!
    .trim()
    .toLowerCase();
}

/** CSV and B2MML uploads; the body is the file itself (`Content-Type: text/csv` or `application/xml`). */
export function importRoutes(app: FastifyInstance, ctx: ErpContext): void {
  app.addContentTypeParser(
    ["text/csv", "application/xml", "text/xml"],
    { parseAs: "string", bodyLimit: IMPORT_BODY_LIMIT },
    (_req, body, done) => done(null, body),
  );

  for (const target of TARGETS) {
    const accepted = target.xml === null ? "text/csv" : "text/csv or application/xml";
    app.post<{ Body: unknown; Querystring: { fileName?: string } }>(
      `/import/${target.path}`,
      {
        bodyLimit: IMPORT_BODY_LIMIT,
        schema: {
          tags: ["import"],
          summary: target.summary,
          description: `Send the file as the body with Content-Type ${accepted}. All or nothing: the first bad record aborts the import. Errors give where (file:line:col or an XML path).`,
          headers: idempotencyHeader,
          querystring: {
            type: "object",
            properties: {
              fileName: { type: "string", maxLength: 200, description: "named in error positions" },
            },
          },
          response: { 200: importResultSchema, 400: err, 409: err, 415: err },
        },
      },
      async (req, reply) => {
        const type = mediaType(req);
        const isCsv = type === "text/csv";
        const isXml = (type === "application/xml" || type === "text/xml") && target.xml !== null;
        if ((!isCsv && !isXml) || typeof req.body !== "string") {
          throw apiError("API_ERR_UNSUPPORTED_MEDIA_TYPE", [type || "none", accepted]);
        }
        const text = req.body;
        const fileName = req.query.fileName ?? `${target.path}.${isCsv ? "csv" : "xml"}`;
        return runWrite(ctx, req, reply, () => ({
          status: 200,
          body: isCsv
            ? importCsv(ctx.db, target.path, text, fileName, clockOf(ctx))
            : importB2mml(ctx.db, text, fileName, clockOf(ctx), target.xml ?? undefined),
        }));
      },
    );
  }
}
