import { z } from "zod";
import { scenarioSchema } from "./schema";

/** The scenario schema as JSON Schema (draft 2020-12), describing what a file may contain (the input side). */
export function scenarioJsonSchema(): Record<string, unknown> {
  const s = z.toJSONSchema(scenarioSchema, {
    io: "input",
    unrepresentable: "any",
    target: "draft-2020-12",
  }) as Record<string, unknown>;
  return { ...s, title: "Workshop twin scenario", $id: "https://workshop-twin.dev/schema/scenario.json" };
}
