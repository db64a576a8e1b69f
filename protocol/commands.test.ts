import { describe, expect, it } from "vitest";
import { parseViewerCommand } from "./commands";

describe("parseViewerCommand", () => {
  it.each([
    [
      { type: "setSpeed", speed: 10 },
      { type: "setSpeed", speed: 10 },
    ],
    [{ type: "pause", extra: 1 }, { type: "pause" }],
    [
      { type: "injectFault", entity: "cnc1", fault: "spindle overload" },
      { type: "injectFault", entity: "cnc1", fault: "spindle overload", durationS: null },
    ],
    [
      { type: "injectFault", entity: "cnc1", fault: "x", durationS: 60 },
      { type: "injectFault", entity: "cnc1", fault: "x", durationS: 60 },
    ],
    [
      { type: "acknowledgeAlarm", alarm: "cnc1#3" },
      { type: "acknowledgeAlarm", alarm: "cnc1#3" },
    ],
    [
      { type: "switchScenario", file: "assembly-robot.yaml" },
      { type: "switchScenario", file: "assembly-robot.yaml" },
    ],
    [
      { type: "setFeeder", on: false },
      { type: "setFeeder", on: false },
    ],
  ])("accepts %j", (input, expected) => {
    expect(parseViewerCommand(input)).toEqual(expected);
  });

  it.each([
    [null, "command: expected an object"],
    [[1], "command: expected an object"],
    [{ type: "fly" }, 'type: unknown command "fly"'],
    [{ type: "setSpeed", speed: "fast" }, "speed: expected a number"],
    [{ type: "setSpeed", speed: Number.NaN }, "speed: expected a number"],
    [{ type: "injectFault", entity: "", fault: "x" }, "entity: expected an entity id"],
    [{ type: "injectFault", entity: "cnc1" }, "fault: expected a fault name of 1…80 characters"],
    [
      { type: "injectFault", entity: "cnc1", fault: "x", durationS: -1 },
      "durationS: expected seconds in (0, 604800], or null",
    ],
    [{ type: "clearFault", entity: "a b" }, "entity: expected an entity id"],
    [
      { type: "acknowledgeAlarm", alarm: "x", comment: 5 },
      "comment: expected text of at most 200 characters",
    ],
    [
      { type: "switchScenario", file: "../etc/passwd" },
      "file: expected a scenario file name like workshop.yaml",
    ],
    [{ type: "switchScenario", file: "x.json" }, "file: expected a scenario file name like workshop.yaml"],
    [{ type: "setFeeder", on: "yes" }, "on: expected true or false"],
  ])("refuses %j with %s", (input, reason) => {
    expect(parseViewerCommand(input)).toEqual({ ok: false, code: "TWIN_ERR_BAD_COMMAND", reason });
  });
});
