/** Writes plc-profiles/schema.json from the zod schema: `npx tsx plc-profiles/export-schema.ts`. */
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { profileJsonSchema } from "../sim/plc/profile-schema";

export const SCHEMA_PATH = fileURLToPath(new URL("./schema.json", import.meta.url));

export function schemaText(): string {
  return `${JSON.stringify(profileJsonSchema(), null, 2)}\n`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeFileSync(SCHEMA_PATH, schemaText());
  process.stdout.write(`wrote ${SCHEMA_PATH}\n`);
}
