import { z } from "zod";
import { MACHINE_LIBRARY, machineById } from "../cnc/machine-library";
import { findRobot, robotIds } from "../robot/library/index";
import { duration, durationDistribution, fraction, id, positiveDuration, quantity } from "./fields";

/** A point on the shop floor, metres: [x, y] (y away from the viewer) or [x, y, z]. */
const position = z
  .union([z.tuple([z.number(), z.number()]), z.tuple([z.number(), z.number(), z.number()])])
  .meta({ description: "[x, y] in metres on the floor plan" });

/** Time of day "06:00" → seconds after midnight. */
const timeOfDay = z
  .string()
  .regex(/^([01]?\d|2[0-4]):[0-5]\d$/, 'expected a time of day like "06:00"')
  .transform((s) => {
    const [h, m] = s.split(":").map(Number);
    return (h ?? 0) * 3600 + (m ?? 0) * 60;
  });

export const WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;

const shift = z.strictObject({
  name: z.string().optional(),
  start: timeOfDay,
  end: timeOfDay.meta({ description: "may be earlier than start for a night shift" }),
  breaks: z.array(z.strictObject({ start: timeOfDay, duration: positiveDuration() })).default([]),
});

const calendar = z.strictObject({
  days: z
    .array(z.enum(WEEKDAYS))
    .min(1)
    .default([...WEEKDAYS]),
  shifts: z.array(shift).min(1),
});

/** Where a finished part goes: one id, a list of alternatives (first with room), or a map by product. */
const target = z.union([
  id(),
  z.array(id()).min(1),
  z
    .record(z.string(), z.union([id(), z.array(id()).min(1)]))
    .meta({ description: "product id → target; key `default` for the rest" }),
]);

const extent = z.tuple([z.number().positive(), z.number().positive(), z.number().positive()]);
const offset = z.tuple([z.number(), z.number(), z.number()]).default([0, 0, 0]);

/** One solid of a compound part: a box or an upright cylinder, centred `at` from the part's centre (m). */
const solid = z.union([
  z.strictObject({ box: extent, at: offset }),
  z.strictObject({
    cylinder: z.strictObject({ diameter: z.number().positive(), height: z.number().positive() }),
    at: offset,
  }),
]);

const product = z
  .strictObject({
    id: id(),
    name: z.string().optional(),
    partNumber: z.string().optional(),
    /** the part's overall box for the viewer and physics: length (along a belt), width, height, m */
    size: extent.optional(),
    mass: quantity("mass").optional(),
    /**
     * its rigid body at physics fidelity: `box` (default) or `cylinder` (upright, diameter the smaller of
     * length and width) filling `size`, or a compound of up to 8 solids, each inside `size`
     */
    shape: z.union([z.enum(["box", "cylinder"]), z.array(solid).min(1).max(8)]).optional(),
  })
  .superRefine((p, ctx) => {
    if (!Array.isArray(p.shape)) return;
    if (p.size === undefined) {
      ctx.addIssue({
        code: "custom",
        message: "a compound shape needs the part's overall `size`",
        path: ["size"],
      });
      return;
    }
    const size = p.size;
    p.shape.forEach((sol, i) => {
      const ext =
        "box" in sol ? sol.box : [sol.cylinder.diameter, sol.cylinder.diameter, sol.cylinder.height];
      for (let k = 0; k < 3; k++) {
        // 1 mm of slack for rounded figures
        if (Math.abs(sol.at[k]!) + ext[k]! / 2 > size[k]! / 2 + 1e-3) {
          ctx.addIssue({
            code: "custom",
            message: `reaches ${"xyz"[k]} = ±${Math.abs(sol.at[k]!) + ext[k]! / 2} m from the centre, outside the part's size (±${size[k]! / 2} m)`,
            path: ["shape", i],
          });
          return;
        }
      }
    });
  });

const source = z
  .strictObject({
    id: id(),
    name: z.string().optional(),
    /** one product, or a weighted mix */
    product: id().optional(),
    mix: z
      .array(z.strictObject({ product: id(), weight: z.number().positive() }))
      .min(1)
      .optional(),
    /** time between arrivals; omit for a work-order-driven source */
    interarrival: durationDistribution().optional(),
    /** release parts from released work orders, as fast as the line takes them */
    workOrders: z.boolean().default(false),
    /** orders released into this source are started in this order */
    dispatch: z.enum(["fifo", "edd", "priority"]).default("fifo"),
    /** stop after this many parts */
    limit: z.number().int().positive().optional(),
    /** first arrival; defaults to one interarrival time */
    firstArrival: duration().optional(),
    to: target,
    position: position.optional(),
  })
  .superRefine((s, ctx) => {
    if (!s.workOrders && s.interarrival === undefined) {
      ctx.addIssue({
        code: "custom",
        message: "a source needs `interarrival` or `workOrders: true`",
        path: ["interarrival"],
      });
    }
    if (!s.workOrders && s.product === undefined && s.mix === undefined) {
      ctx.addIssue({ code: "custom", message: "a source needs `product` or `mix`", path: ["product"] });
    }
    if (s.product !== undefined && s.mix !== undefined) {
      ctx.addIssue({ code: "custom", message: "give either `product` or `mix`, not both", path: ["mix"] });
    }
  });

const buffer = z.strictObject({
  id: id(),
  name: z.string().optional(),
  /** parts it can hold; omit for unlimited */
  capacity: z.number().int().positive().optional(),
  to: target,
  position: position.optional(),
});

const conveyor = z.strictObject({
  id: id(),
  name: z.string().optional(),
  length: quantity("length").refine((v) => v > 0, "a conveyor needs a positive length"),
  speed: quantity("speed").refine((v) => v > 0, "a conveyor needs a positive speed"),
  /** minimum distance between parts on the belt */
  pitch: quantity("length")
    .refine((v) => v > 0, "pitch must be positive")
    .default(0.5),
  /** parts on the belt at most; defaults to floor(length / pitch) */
  capacity: z.number().int().positive().optional(),
  to: target,
  /** start and end of the belt on the floor plan */
  from: position.optional(),
  toPosition: position.optional(),
});

const failures = z.strictObject({
  /** mean time between failures, counted on operating (busy) time */
  mtbf: durationDistribution(),
  /** time to repair */
  mttr: durationDistribution(),
  /** a pool of operators (maintenance) that must be present for the repair */
  repairBy: id().optional(),
});

const quality = z
  .strictObject({
    scrap: fraction().default(0),
    rework: fraction().default(0),
    /** where a part needing rework goes; defaults to this station again */
    reworkTo: id().optional(),
  })
  .refine((q) => q.scrap + q.rework <= 1, { message: "scrap + rework must not exceed 1" });

const station = z
  .strictObject({
    id: id(),
    name: z.string().optional(),
    kind: z.enum(["manual", "automatic", "robot", "cnc"]).default("automatic"),
    /** not needed on a CNC station that runs an NC program: its cycle time comes from the program */
    processTime: durationDistribution().optional(),
    /** per-product process times, overriding `processTime` */
    processTimes: z.record(z.string(), durationDistribution()).optional(),
    /** ideal (planned) cycle time per part for OEE performance; defaults to the mean process time */
    idealCycleTime: positiveDuration().optional(),
    /** changeover when the product differs from the previous part's */
    setupTime: durationDistribution().optional(),
    /**
     * with operators or a robot: they only load and unload (a robot tending a CNC machine) and the
     * station processes alone; without it they attend the whole operation
     */
    handling: z
      .strictObject({
        load: durationDistribution().optional(),
        unload: durationDistribution().optional(),
        /**
         * a robot task for the handling (e.g. `{ template: machineTending, … }`): unloading lasts until
         * its first release, loading the rest; its planned durations replace `load` and `unload`
         */
        task: z.unknown().optional(),
      })
      .optional(),
    /** CNC machine from the machine library (`vmc-3axis`, `lathe-2axis`) */
    machine: z.string().optional(),
    /** NC program file, relative to the scenario file */
    program: z.string().optional(),
    /** NC program per product, overriding `program` */
    programs: z.record(z.string(), z.string()).optional(),
    /**
     * a robot task (frames, points, program) or `{ template: machineTending | palletizing |
     * assemblyInsertion, …options }`; on a robot station its planned duration is the process time
     */
    task: z.unknown().optional(),
    /** pool that replaces worn CNC tools; defaults to the repair pool, then the station's operators */
    toolChangeBy: id().optional(),
    /** time to replace a worn tool by hand */
    toolReplaceTime: positiveDuration().default(180),
    /** operator pool that must attend each operation */
    operators: id().optional(),
    /** robot that performs each operation */
    robot: id().optional(),
    failures: failures.optional(),
    quality: quality.optional(),
    calendar: z.string().optional(),
    to: target,
    position: position.optional(),
    /**
     * where a part is held at this station, relative to its `position`: the centre of the part's bottom
     * face (m, or lengths like `550 mm`); default the middle of the station's 0.75 m table. Used at
     * physics fidelity, where robot tasks find the part there.
     */
    fixture: z
      .strictObject({
        x: quantity("length").default(0),
        y: quantity("length").default(0),
        z: quantity("length").default(0.75),
      })
      .optional(),
  })
  .superRefine((s, ctx) => {
    if (s.operators !== undefined && s.robot !== undefined) {
      ctx.addIssue({
        code: "custom",
        message: "a station is served by `operators` or a `robot`, not both",
        path: ["robot"],
      });
    }
    if (s.kind === "manual" && s.operators === undefined) {
      ctx.addIssue({
        code: "custom",
        message: "a manual station needs `operators` (a pool id)",
        path: ["operators"],
      });
    }
    const hasProgram = s.program !== undefined || s.programs !== undefined;
    if (s.processTime === undefined && !(s.machine !== undefined && hasProgram) && s.task === undefined) {
      ctx.addIssue({
        code: "custom",
        message:
          "missing (a station needs `processTime`, a CNC `machine` with a `program`, or a robot `task`)",
        path: ["processTime"],
      });
    }
    if (hasProgram && s.machine === undefined) {
      ctx.addIssue({
        code: "custom",
        message: "an NC program needs a `machine` to run on",
        path: ["machine"],
      });
    }
    if (s.machine !== undefined && machineById(s.machine) === undefined) {
      ctx.addIssue({
        code: "custom",
        message: `unknown machine "${s.machine}" (the library has ${Object.keys(MACHINE_LIBRARY).join(", ")})`,
        path: ["machine"],
      });
    }
    if (s.task !== undefined && s.robot === undefined) {
      ctx.addIssue({ code: "custom", message: "a `task` needs a `robot` to run it", path: ["task"] });
    }
    if (s.handling !== undefined && s.operators === undefined && s.robot === undefined) {
      ctx.addIssue({
        code: "custom",
        message: "`handling` needs `operators` or a `robot` to do it",
        path: ["handling"],
      });
    }
    if (s.kind === "robot" && s.robot === undefined) {
      ctx.addIssue({
        code: "custom",
        message: "a robot station needs `robot` (a robot id)",
        path: ["robot"],
      });
    }
  });

const sink = z.strictObject({ id: id(), name: z.string().optional(), position: position.optional() });

const operatorPool = z.strictObject({
  id: id(),
  name: z.string().optional(),
  headcount: z.number().int().positive(),
  /** work speed relative to the standard: process time = standard / efficiency */
  efficiency: z.number().positive().max(2).default(1),
  calendar: z.string().optional(),
  walkingSpeed: quantity("speed")
    .refine((v) => v > 0, "walking speed must be positive")
    .default(1.2),
  home: position.optional(),
});

const robot = z.strictObject({
  id: id(),
  name: z.string().optional(),
  /** robot model from the library, e.g. ur5e */
  model: z
    .string()
    .refine((m) => findRobot(m) !== undefined, {
      message: `unknown robot model (the library has ${robotIds().join(", ")})`,
    })
    .optional(),
  /** base height above the floor and rotation about the vertical */
  mount: z
    .strictObject({ z: quantity("length").default(0), yaw: quantity("angle").default(0) })
    .default({ z: 0, yaw: 0 }),
  /** tool centre point offset from the flange, along the flange's z */
  tool: z.strictObject({ z: quantity("length").default(0) }).default({ z: 0 }),
  /** time to move between two stations it serves */
  transferTime: duration().default(0),
  calendar: z.string().optional(),
  position: position.optional(),
});

const equipment = z.strictObject({
  id: id(),
  name: z.string().optional(),
  /** purchase and installation, in the scenario currency */
  capital: z.number().nonnegative(),
  /** years of depreciation */
  lifetime: z.number().positive(),
  maintenancePerYear: z.number().nonnegative().default(0),
  /** mean electrical power while the line is in planned production */
  power: quantity("power").default(0),
});

/** A work order in the scenario itself, released into a work-order source at `release`. */
const order = z.strictObject({
  id: id(),
  product: id(),
  quantity: z.number().int().positive(),
  /** simulation time the order is released, default 0 */
  release: duration().default(0),
  /** due date as simulation time */
  due: duration().optional(),
  priority: z.number().int().default(0),
  source: id().optional(),
});

const economics = z.strictObject({
  currency: z.string().default("EUR"),
  /** fully loaded cost of one paid operator hour */
  labourCostPerHour: z.number().nonnegative().default(0),
  /** planned production hours in a year, to annualise a run */
  productionHoursPerYear: z.number().positive().default(3680),
  energyCostPerKWh: z.number().nonnegative().default(0),
  materialCostPerPart: z.number().nonnegative().default(0),
  /** what one extra good part is worth, to value extra output in a payback; 0 ignores it */
  contributionMarginPerPart: z.number().nonnegative().default(0),
  equipment: z.array(equipment).default([]),
});

export const scenarioSchema = z
  .strictObject({
    $schema: z.string().optional(),
    name: z.string(),
    description: z.string().optional(),
    extends: z.string().optional().meta({ description: "a base scenario file, relative to this one" }),
    seed: z.number().int().nonnegative().default(1),
    horizon: positiveDuration().default(8 * 3600),
    warmup: duration().default(0),
    replications: z.number().int().positive().default(10),
    fidelity: z.enum(["flow", "physics"]).default("flow"),
    /** weekday and time of simulation time 0, e.g. "mon 06:00" */
    startAt: z
      .string()
      .regex(/^(mon|tue|wed|thu|fri|sat|sun) ([01]?\d|2[0-3]):[0-5]\d$/, 'expected "mon 06:00"')
      .default("mon 00:00"),
    calendars: z.record(id(), calendar).default({}),
    /** the calendar of the line: stations, robots and pools follow it unless they name another */
    calendar: z.string().optional(),
    products: z.array(product).min(1),
    sources: z.array(source).min(1),
    buffers: z.array(buffer).default([]),
    conveyors: z.array(conveyor).default([]),
    stations: z.array(station).default([]),
    sinks: z.array(sink).min(1),
    operators: z.array(operatorPool).default([]),
    robots: z.array(robot).default([]),
    orders: z.array(order).default([]),
    /**
     * the cell's controller: a PLC profile (relative to this file) whose signals are bound to the
     * scenario's entities; stations bound to a \`start\` signal then wait for it
     */
    control: z
      .strictObject({
        profile: z.string(),
        /** filled by the parser: the profile's Structured Text program file */
        program: z.string().optional(),
      })
      .optional(),
    economics: economics.default(economics.parse({})),
    /** filled by the parser: text of every file the scenario refers to (NC programs), by resolved name */
    files: z.record(z.string(), z.string()).default({}),
  })
  .superRefine(checkReferences);

export type ScenarioInput = z.input<typeof scenarioSchema>;
export type Scenario = z.output<typeof scenarioSchema>;
export type StationSpec = Scenario["stations"][number];
export type SourceSpec = Scenario["sources"][number];
export type ConveyorSpec = Scenario["conveyors"][number];
export type BufferSpec = Scenario["buffers"][number];
export type OperatorPoolSpec = Scenario["operators"][number];
export type RobotSpec = Scenario["robots"][number];
export type CalendarSpec = Scenario["calendars"][string];
export type TargetSpec = z.output<typeof target>;

type Raw = z.output<z.ZodObject<Record<string, z.ZodType>>> & Record<string, unknown>;

/** Cross-references: unique ids, `to` targets that exist, pools, robots, calendars and products named. */
function checkReferences(s: Raw, ctx: z.RefinementCtx): void {
  const sc = s as unknown as Scenario;
  const kinds = [
    "sources",
    "buffers",
    "conveyors",
    "stations",
    "sinks",
    "operators",
    "robots",
    "products",
  ] as const;
  const seen = new Map<string, string>();
  for (const kind of kinds) {
    sc[kind].forEach((e, i) => {
      const prev = seen.get(e.id);
      if (prev !== undefined) {
        ctx.addIssue({
          code: "custom",
          message: `duplicate id "${e.id}" (already used by ${prev})`,
          path: [kind, i, "id"],
        });
      } else seen.set(e.id, `${kind}[${i}]`);
    });
  }
  const nodeIds = new Set([...sc.buffers, ...sc.conveyors, ...sc.stations, ...sc.sinks].map((e) => e.id));
  const products = new Set(sc.products.map((p) => p.id));
  const pools = new Set(sc.operators.map((p) => p.id));
  const robots = new Set(sc.robots.map((r) => r.id));
  const calendars = new Set([...Object.keys(sc.calendars), "always"]);
  const issue = (message: string, path: (string | number)[]) =>
    ctx.addIssue({ code: "custom", message, path });

  const checkTarget = (t: TargetSpec, path: (string | number)[]) => {
    const one = (idv: string, p: (string | number)[]) => {
      if (!nodeIds.has(idv)) issue(`unknown target "${idv}" (not a buffer, conveyor, station or sink)`, p);
    };
    if (typeof t === "string") one(t, path);
    else if (Array.isArray(t))
      t.forEach((x, i) => {
        one(x, [...path, i]);
      });
    else
      for (const [prod, x] of Object.entries(t)) {
        if (prod !== "default" && !products.has(prod)) issue(`unknown product "${prod}"`, [...path, prod]);
        if (typeof x === "string") one(x, [...path, prod]);
        else
          x.forEach((y, i) => {
            one(y, [...path, prod, i]);
          });
      }
  };
  const checkCalendar = (c: string | undefined, path: (string | number)[]) => {
    if (c !== undefined && !calendars.has(c))
      issue(`unknown calendar "${c}" (define it under calendars:)`, path);
  };
  checkCalendar(sc.calendar, ["calendar"]);
  sc.sources.forEach((src, i) => {
    checkTarget(src.to, ["sources", i, "to"]);
    if (src.product !== undefined && !products.has(src.product))
      issue(`unknown product "${src.product}"`, ["sources", i, "product"]);
    src.mix?.forEach((m, j) => {
      if (!products.has(m.product))
        issue(`unknown product "${m.product}"`, ["sources", i, "mix", j, "product"]);
    });
  });
  sc.buffers.forEach((b, i) => {
    checkTarget(b.to, ["buffers", i, "to"]);
  });
  sc.conveyors.forEach((c, i) => {
    checkTarget(c.to, ["conveyors", i, "to"]);
  });
  sc.stations.forEach((st, i) => {
    checkTarget(st.to, ["stations", i, "to"]);
    if (st.operators !== undefined && !pools.has(st.operators))
      issue(`unknown operator pool "${st.operators}"`, ["stations", i, "operators"]);
    if (st.robot !== undefined && !robots.has(st.robot))
      issue(`unknown robot "${st.robot}"`, ["stations", i, "robot"]);
    if (st.toolChangeBy !== undefined && !pools.has(st.toolChangeBy)) {
      issue(`unknown operator pool "${st.toolChangeBy}"`, ["stations", i, "toolChangeBy"]);
    }
    for (const prod of Object.keys(st.programs ?? {})) {
      if (!products.has(prod)) issue(`unknown product "${prod}"`, ["stations", i, "programs", prod]);
    }
    const rb = st.failures?.repairBy;
    if (rb !== undefined && !pools.has(rb))
      issue(`unknown operator pool "${rb}"`, ["stations", i, "failures", "repairBy"]);
    const rw = st.quality?.reworkTo;
    if (rw !== undefined && !nodeIds.has(rw))
      issue(`unknown rework target "${rw}"`, ["stations", i, "quality", "reworkTo"]);
    for (const prod of Object.keys(st.processTimes ?? {})) {
      if (!products.has(prod)) issue(`unknown product "${prod}"`, ["stations", i, "processTimes", prod]);
    }
    checkCalendar(st.calendar, ["stations", i, "calendar"]);
  });
  sc.orders.forEach((o, i) => {
    if (!products.has(o.product)) issue(`unknown product "${o.product}"`, ["orders", i, "product"]);
    const src =
      o.source === undefined
        ? sc.sources.find((x) => x.workOrders)
        : sc.sources.find((x) => x.id === o.source);
    if (src === undefined || !src.workOrders) {
      issue(
        o.source === undefined
          ? "no source with `workOrders: true` to release into"
          : `"${o.source}" is not a work-order source`,
        ["orders", i, o.source === undefined ? "id" : "source"],
      );
    }
  });
  sc.operators.forEach((p, i) => {
    checkCalendar(p.calendar, ["operators", i, "calendar"]);
  });
  sc.robots.forEach((r, i) => {
    checkCalendar(r.calendar, ["robots", i, "calendar"]);
  });
}
