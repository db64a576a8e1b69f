import type { FastifyInstance } from "fastify";
import {
  addBomLine,
  createProduct,
  deleteBomLine,
  deleteProduct,
  deleteRouting,
  getProduct,
  getRouting,
  listBom,
  listProducts,
  putRouting,
  replaceBom,
  updateProduct,
} from "../domain/products";
import type { BomLine, Product, RoutingOperation } from "../domain/types";
import { type ErpContext, runWrite } from "./context";
import {
  bomLineBody,
  bomSchema,
  errorSchema,
  idempotencyHeader,
  productBody,
  productDetailSchema,
  productParams,
  productPatchBody,
  productSchema,
  routingBody,
  routingSchema,
} from "./schemas";

interface ProductParams {
  partNumber: string;
  revision: string;
}

const tags = ["products"];
const err = errorSchema;

/** PDM: products, their bills of materials and routings. */
export function productRoutes(app: FastifyInstance, ctx: ErpContext): void {
  const { db } = ctx;

  app.get<{ Querystring: { partNumber?: string } }>(
    "/products",
    {
      schema: {
        tags,
        summary: "List products",
        querystring: { type: "object", properties: { partNumber: { type: "string" } } },
        response: { 200: { type: "array", items: productSchema } },
      },
    },
    async (req) => listProducts(db, { partNumber: req.query.partNumber }),
  );

  app.post<{ Body: Product }>(
    "/products",
    {
      schema: {
        tags,
        summary: "Create a product revision",
        headers: idempotencyHeader,
        body: productBody,
        response: { 201: productSchema, 400: err, 409: err },
      },
    },
    async (req, reply) =>
      runWrite(ctx, req, reply, () => ({
        status: 201,
        body: createProduct(db, { ...req.body, description: req.body.description ?? "" }),
      })),
  );

  app.get<{ Params: ProductParams }>(
    "/products/:partNumber/:revision",
    {
      schema: {
        tags,
        summary: "A product revision with its BOM and routing",
        params: productParams,
        response: { 200: productDetailSchema, 404: err },
      },
    },
    async (req) => getProduct(db, req.params.partNumber, req.params.revision),
  );

  app.put<{ Params: ProductParams; Body: { description: string } }>(
    "/products/:partNumber/:revision",
    {
      schema: {
        tags,
        summary: "Change a product's description",
        params: productParams,
        body: productPatchBody,
        response: { 200: productSchema, 404: err },
      },
    },
    async (req, reply) =>
      runWrite(ctx, req, reply, () => ({
        status: 200,
        body: updateProduct(db, req.params.partNumber, req.params.revision, req.body),
      })),
  );

  app.delete<{ Params: ProductParams }>(
    "/products/:partNumber/:revision",
    {
      schema: {
        tags,
        summary: "Delete a product revision (refused while work orders use it)",
        params: productParams,
        response: { 204: { type: "null" }, 404: err, 409: err },
      },
    },
    async (req, reply) =>
      runWrite(ctx, req, reply, () => {
        deleteProduct(db, req.params.partNumber, req.params.revision);
        return { status: 204, body: null };
      }),
  );

  app.get<{ Params: ProductParams }>(
    "/products/:partNumber/:revision/bom",
    {
      schema: {
        tags,
        summary: "Bill of materials",
        params: productParams,
        response: { 200: bomSchema, 404: err },
      },
    },
    async (req) => {
      getProduct(db, req.params.partNumber, req.params.revision);
      return listBom(db, req.params.partNumber, req.params.revision);
    },
  );

  app.post<{ Params: ProductParams; Body: BomLine }>(
    "/products/:partNumber/:revision/bom",
    {
      schema: {
        tags,
        summary: "Add a BOM line",
        params: productParams,
        headers: idempotencyHeader,
        body: bomLineBody,
        response: { 201: bomLineBody, 400: err, 404: err, 409: err },
      },
    },
    async (req, reply) =>
      runWrite(ctx, req, reply, () => ({
        status: 201,
        body: addBomLine(db, req.params.partNumber, req.params.revision, {
          ...req.body,
          unit: req.body.unit ?? "ea",
        }),
      })),
  );

  app.put<{ Params: ProductParams; Body: BomLine[] }>(
    "/products/:partNumber/:revision/bom",
    {
      schema: {
        tags,
        summary: "Replace the bill of materials",
        params: productParams,
        body: { type: "array", maxItems: 1000, items: bomLineBody },
        response: { 200: bomSchema, 400: err, 404: err, 409: err },
      },
    },
    async (req, reply) =>
      runWrite(ctx, req, reply, () => ({
        status: 200,
        body: replaceBom(
          db,
          req.params.partNumber,
          req.params.revision,
          req.body.map((l) => ({ ...l, unit: l.unit ?? "ea" })),
        ),
      })),
  );

  app.delete<{ Params: ProductParams & { position: number } }>(
    "/products/:partNumber/:revision/bom/:position",
    {
      schema: {
        tags,
        summary: "Remove a BOM line",
        params: {
          type: "object",
          required: ["partNumber", "revision", "position"],
          properties: { ...productParams.properties, position: { type: "integer", minimum: 1 } },
        },
        response: { 204: { type: "null" }, 404: err },
      },
    },
    async (req, reply) =>
      runWrite(ctx, req, reply, () => {
        deleteBomLine(db, req.params.partNumber, req.params.revision, req.params.position);
        return { status: 204, body: null };
      }),
  );

  app.get<{ Params: ProductParams }>(
    "/products/:partNumber/:revision/routing",
    {
      schema: {
        tags,
        summary: "Routing (ordered operations)",
        params: productParams,
        response: { 200: routingSchema, 404: err },
      },
    },
    async (req) => ({
      ...req.params,
      operations: getRouting(db, req.params.partNumber, req.params.revision),
    }),
  );

  app.put<{ Params: ProductParams; Body: { operations: RoutingOperation[] } }>(
    "/products/:partNumber/:revision/routing",
    {
      schema: {
        tags,
        summary: "Create or replace the routing",
        params: productParams,
        body: routingBody,
        response: { 200: routingSchema, 400: err, 404: err },
      },
    },
    async (req, reply) =>
      runWrite(ctx, req, reply, () => ({
        status: 200,
        body: {
          ...req.params,
          operations: putRouting(db, req.params.partNumber, req.params.revision, req.body.operations),
        },
      })),
  );

  app.delete<{ Params: ProductParams }>(
    "/products/:partNumber/:revision/routing",
    {
      schema: {
        tags,
        summary: "Delete the routing",
        params: productParams,
        response: { 204: { type: "null" }, 404: err },
      },
    },
    async (req, reply) =>
      runWrite(ctx, req, reply, () => {
        deleteRouting(db, req.params.partNumber, req.params.revision);
        return { status: 204, body: null };
      }),
  );
}
