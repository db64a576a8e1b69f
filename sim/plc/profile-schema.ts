/**
 * The PLC profile file format (`plc-profiles/*.yaml`): which controller family names the tags, how
 * often the PLC scans, who drives the cell (the soft PLC or an external controller), and the cell's
 * signals with their simulation bindings and Modbus addresses. Exported as JSON Schema to
 * `plc-profiles/schema.json` by `npx tsx plc-profiles/export-schema.ts` (a test checks it is current).
 */
import { z } from "zod";

export const CONTROLLER_FAMILIES = [
  "siemens-s7-1500",
  "beckhoff-twincat",
  "codesys",
  "rockwell-logix",
] as const;
export type ControllerFamily = (typeof CONTROLLER_FAMILIES)[number];

export const SIGNAL_TYPES = ["BOOL", "INT", "DINT", "REAL"] as const;
export type SignalType = (typeof SIGNAL_TYPES)[number];

export const MODBUS_TABLES = ["coil", "discreteInput", "holdingRegister", "inputRegister"] as const;
export type ModbusTable = (typeof MODBUS_TABLES)[number];

const US_PER_UNIT: Record<string, number> = { us: 1, µs: 1, ms: 1_000, s: 1_000_000, min: 60_000_000 };

/** `10ms`, `0.5 s`, `250 us`, `1 min` → µs; null when malformed. */
export function parseDuration(text: string): number | null {
  const m = /^(\d+(?:\.\d+)?)\s*(us|µs|ms|s|min)$/.exec(text.trim());
  if (!m) return null;
  return Math.round(Number(m[1]) * US_PER_UNIT[m[2]!]!);
}

const DURATION_PATTERN = "^\\d+(\\.\\d+)?\\s*(us|µs|ms|s|min)$";

/** A duration written as text, checked to lie in [minUs, maxUs]; parsed to µs later. */
function duration(minUs: number, maxUs: number, what: string) {
  return z
    .string({ error: `expected ${what} like "10ms"` })
    .regex(new RegExp(DURATION_PATTERN), { error: `expected ${what} like "10ms" (units us, ms, s, min)` })
    .refine(
      (s) => {
        const us = parseDuration(s);
        // a malformed text is reported by the pattern above
        return us === null || (us >= minUs && us <= maxUs);
      },
      { error: `${what} must be between ${minUs / 1000} ms and ${maxUs / 1_000_000} s` },
    );
}

/** IEC identifier part without underscores: tag conventions join parts with `_`, `.` or nothing. */
const namePart = z.string().regex(/^[A-Za-z][A-Za-z0-9]*$/, {
  error: "expected letters and digits, starting with a letter (e.g. Conveyor1)",
});

export const bindingSchema = z
  .strictObject({
    entity: z
      .string()
      .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, { error: "expected a scenario id (e.g. conveyor-1)" })
      .describe("id of the conveyor, robot, machine or cell in the scenario"),
    signal: z
      .string()
      .regex(/^[A-Za-z][A-Za-z0-9]*(\/[A-Za-z][A-Za-z0-9]*)*$/, {
        error: 'expected a signal name like "run" or "photoEye/blocked"',
      })
      .describe(
        "sensor or actuator of that entity: photoEye/blocked, run, start, done, ready, doorClosed, …",
      ),
  })
  .describe("the simulation sensor (input) or actuator (output) this signal is wired to");

export const modbusAddressSchema = z
  .strictObject({
    table: z
      .enum(MODBUS_TABLES)
      .describe("coil and discreteInput hold BOOL; registers hold INT (1), DINT and REAL (2)"),
    address: z
      .number()
      .int()
      .min(0)
      .max(65535)
      .describe("0-based protocol address of the (first) coil or register"),
  })
  .describe("where the signal is served over Modbus TCP");

export const signalSchema = z.strictObject({
  group: namePart.optional().describe("the device the signal belongs to, e.g. Conveyor1"),
  name: namePart.describe("the signal within its group, e.g. Run"),
  type: z.enum(SIGNAL_TYPES),
  direction: z.enum(["input", "output"]).describe("seen from the PLC: input = sensor, output = actuator"),
  description: z.string().optional(),
  binding: bindingSchema.optional(),
  modbus: modbusAddressSchema.optional(),
  tag: z.string().min(1).optional().describe("explicit tag name, overriding the family's naming convention"),
});

export const profileSchema = z
  .strictObject({
    $schema: z.string().optional(),
    id: z
      .string()
      .regex(/^[a-z0-9][a-z0-9-]*$/, { error: "expected a lower-case id like conveyor-robot-cell" }),
    name: z.string().optional(),
    description: z.string().optional(),
    controller: z.strictObject({
      family: z.enum(CONTROLLER_FAMILIES),
      scanTime: duration(100, 10_000_000, "a scan time").describe("PLC cycle, e.g. 10ms"),
      scope: z
        .string()
        .regex(/^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/, {
          error: "expected a dotted identifier",
        })
        .optional()
        .describe(
          "where the tags live: Siemens data block (DB_Cell), TwinCAT POU (MAIN), CODESYS path (Application.PLC_PRG), Logix program (MainProgram)",
        ),
      device: z.string().min(1).optional().describe("CODESYS device name in OPC UA NodeIds"),
    }),
    control: z.discriminatedUnion("source", [
      z.strictObject({
        source: z.literal("internal").describe("the soft PLC runs the program"),
        program: z
          .string()
          .regex(/\.st$/, { error: "expected a Structured Text file name ending in .st" })
          .describe("Structured Text file, relative to the profile"),
        programName: z.string().optional().describe("PROGRAM to run when the file has several"),
      }),
      z.strictObject({
        source: z.literal("external").describe("an outside PLC or client writes the outputs"),
        watchdog: duration(1_000, 600_000_000, "a watchdog timeout").describe(
          "safe state and alarm when the external controller has not written for this long",
        ),
      }),
    ]),
    opcua: z
      .strictObject({
        namespace: z.string().min(1).describe("namespace URI of the profile's tags"),
      })
      .optional(),
    modbus: z
      .strictObject({
        unitId: z.number().int().min(1).max(247).default(1),
        wordOrder: z
          .enum(["highFirst", "lowFirst"])
          .default("highFirst")
          .describe("DINT and REAL: highFirst puts the high word at the lower address (ABCD)"),
      })
      .optional(),
    signals: z.array(signalSchema).min(1, { error: "a profile needs at least one signal" }),
  })
  .describe("A PLC profile of the workshop twin: a cell's signals, tag names and control source.");

export type ProfileInput = z.input<typeof profileSchema>;
export type ProfileRaw = z.output<typeof profileSchema>;

/** JSON Schema of the profile file, for editors (`# yaml-language-server: $schema=./schema.json`). */
export function profileJsonSchema(): object {
  return z.toJSONSchema(profileSchema, { io: "input" });
}
