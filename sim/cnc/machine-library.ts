import type { MachineDefinition, MachineSetup, Vec3 } from "./machine-types";

/**
 * The machine library scenarios pick from by id. Figures marked "data sheet" are the manufacturer's
 * published specifications; the ones marked "assumed" are not published (axis acceleration, spindle ramp)
 * and were chosen to be typical of the class. Check a figure against your own machine before trusting a
 * cycle time to better than a few per cent.
 */

const IN = 0.0254; // m per inch
const IPM = IN / 60; // m/s per inch per minute

function sameOffset(p: Vec3): MachineSetup["workOffsets"] {
  return { G54: p, G55: p, G56: p, G57: p, G58: p, G59: p };
}

/**
 * Haas VF-2 class vertical machining centre (40-taper, 20-tool carousel).
 * Source: Haas Automation, "VF-2 Specifications", haascnc.com/machines/vertical-mills/vf-series/models/vf-2.html
 * (data sheet): travels X 30 in (762 mm), Y 16 in (406 mm), Z 20 in (508 mm); spindle nose to table
 * 4–24 in; spindle 8,100 rpm; rapids 1,000 in/min (25.4 m/min) on X, Y and Z; max cutting feed
 * 650 in/min (16.5 m/min); tool changer 20 tools, tool-to-tool 4.2 s and chip-to-chip 4.5 s average.
 * The planner times spindle ramps separately, so the change itself uses the tool-to-tool figure.
 */
export const VMC_3AXIS: MachineDefinition = {
  id: "vmc-3axis",
  name: "3-axis vertical machining centre (Haas VF-2 class)",
  kind: "mill",
  axes: {
    // Home is the top, right, back corner (machine zero); travel runs negative from it.
    X: { min: -30 * IN, max: 0, rapid: 1000 * IPM, maxFeed: 650 * IPM, accel: 4.0 }, // accel assumed
    Y: { min: -16 * IN, max: 0, rapid: 1000 * IPM, maxFeed: 650 * IPM, accel: 4.0 }, // accel assumed
    Z: { min: -20 * IN, max: 0, rapid: 1000 * IPM, maxFeed: 650 * IPM, accel: 3.0 }, // accel assumed
  },
  home: { x: 0, y: 0, z: 0 },
  spindle: { maxRpm: 8100, rampS: 1.5 }, // ramp assumed (belt-drive 40-taper spindles take 1–2 s)
  toolChanger: { kind: "m6", changeS: 4.2, magazineSize: 20 },
  junctionDeviationM: 0.02e-3, // assumed: 0.02 mm corner tolerance, a common finishing setting
  defaultPathMode: "continuous",
  peckClearanceM: 0.1e-3, // Fanuc/Haas default peck clearance 0.1 mm (setting 52/22 class)
  defaults: { plane: 17, units: 21, feedMode: 94, distance: 90 },
  diameterX: false,
  // G187 (smoothing) and G103 (look-ahead limit) change accuracy, not the path; M31/M33 run the chip auger.
  ignorable: ["G187", "G103", "M31", "M33"],
  setup: {
    // Part zero on top of a 150 mm vise-held part near the table centre: the tip of a 100 mm tool touches
    // it with the gauge line at Z = -0.33 m.
    workOffsets: {
      ...sameOffset({ x: -0.381, y: -0.203, z: -0.43 }),
      G55: { x: -0.2, y: -0.203, z: -0.43 },
      G56: { x: -0.56, y: -0.203, z: -0.43 },
    },
    tools: {
      1: { name: "Ø63 face mill", lengthM: 0.11, diameterM: 0.063, life: { kind: "time", limitS: 3600 } },
      2: {
        name: "Ø10 carbide end mill",
        lengthM: 0.095,
        diameterM: 0.01,
        life: { kind: "time", limitS: 2700 },
      },
      3: { name: "Ø3 centre drill", lengthM: 0.085, diameterM: 0.003, life: { kind: "count", limit: 2000 } },
      4: { name: "Ø6.8 drill", lengthM: 0.12, diameterM: 0.0068, life: { kind: "distance", limitM: 60 } },
      5: {
        name: "Ø12 90° spot/chamfer drill",
        lengthM: 0.105,
        diameterM: 0.012,
        life: { kind: "count", limit: 1500 },
      },
    },
    defaultToolLengthM: 0.1,
  },
};

/**
 * Haas ST-10 class 2-axis turning centre (12-station turret).
 * Source: Haas Automation, "ST-10 Specifications", haascnc.com/machines/lathes/st/models/st-10.html
 * (data sheet): max cutting diameter 14 in (356 mm); travels X 8.5 in (216 mm), Z 16 in (406 mm);
 * spindle 6,000 rpm; rapids X and Z 945 in/min (24 m/min); turret 12 stations.
 */
export const LATHE_2AXIS: MachineDefinition = {
  id: "lathe-2axis",
  name: "2-axis turning centre (Haas ST-10 class)",
  kind: "lathe",
  axes: {
    // X is the radial position of the turret reference, 0 on the spindle centre line; a little travel past
    // centre lets a tool face through it.
    X: { min: -1 * IN, max: 7.5 * IN, rapid: 945 * IPM, maxFeed: 400 * IPM, accel: 5.0 }, // maxFeed, accel assumed
    Z: { min: -16 * IN, max: 0, rapid: 945 * IPM, maxFeed: 400 * IPM, accel: 5.0 }, // maxFeed, accel assumed
  },
  home: { x: 7.5 * IN, y: 0, z: 0 },
  spindle: { maxRpm: 6000, rampS: 2.0 }, // ramp assumed (A2-5 chuck and bar, 11 kW)
  toolChanger: { kind: "turret", changeS: 0.6, magazineSize: 12 }, // index time assumed
  junctionDeviationM: 0.01e-3,
  defaultPathMode: "continuous",
  peckClearanceM: 0.1e-3,
  defaults: { plane: 18, units: 21, feedMode: 95, distance: 90 },
  diameterX: true,
  // G97 (constant rpm) is the only spindle mode simulated, so saying it changes nothing.
  ignorable: ["G97", "M31"],
  setup: {
    // Work zero on the finished face of a part held in the chuck, on the spindle centre line.
    workOffsets: sameOffset({ x: 0, y: 0, z: -0.28 }),
    tools: {
      1: { name: "CNMG 80° OD roughing", lengthM: 0.02, life: { kind: "time", limitS: 1200 } },
      2: { name: "VNMG 35° OD finishing", lengthM: 0.02, life: { kind: "time", limitS: 1800 } },
      3: { name: "Ø12 U-drill", lengthM: 0.06, life: { kind: "distance", limitM: 40 } },
      4: { name: "3 mm grooving / parting", lengthM: 0.025, life: { kind: "count", limit: 400 } },
    },
    defaultToolLengthM: 0.02,
  },
};

/** Every machine in the library, by id. */
export const MACHINE_LIBRARY: Readonly<Record<string, MachineDefinition>> = {
  [VMC_3AXIS.id]: VMC_3AXIS,
  [LATHE_2AXIS.id]: LATHE_2AXIS,
};

/** The library machine with this id, or undefined. */
export function machineById(id: string): MachineDefinition | undefined {
  return Object.hasOwn(MACHINE_LIBRARY, id) ? MACHINE_LIBRARY[id] : undefined;
}
