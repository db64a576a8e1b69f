import { describe, expect, it } from "vitest";
import { parseServeConfig, SERVE_DEFAULTS } from "./config";

describe("twin serve configuration", () => {
  it("uses the defaults with no flags and no environment", () => {
    expect(parseServeConfig([], {})).toEqual(SERVE_DEFAULTS);
  });

  it("takes environment variables, and flags over them", () => {
    const env = {
      TWIN_PORT: "9000",
      TWIN_SPEED: "5",
      TWIN_OPCUA_PORT: "4841",
      TWIN_FEEDER: "0",
      TWIN_SEED: "42",
    };
    const c = parseServeConfig(["--speed", "20", "scenarios/assembly-manual.yaml"], env);
    expect(c).toMatchObject({
      port: 9000,
      speed: 20,
      opcuaPort: 4841,
      feeder: false,
      seed: 42,
      scenario: "scenarios/assembly-manual.yaml",
    });
    expect(parseServeConfig(["--no-opcua", "--preroll", "2 h", "--no-build"], {})).toMatchObject({
      opcuaPort: null,
      prerollS: 7200,
      buildViewer: false,
    });
    expect(parseServeConfig([], { TWIN_OPCUA: "0" }).opcuaPort).toBeNull();
  });

  it.each([
    [["--speed", "fast"], {}, '--speed: expected a number from 0.1 to 100, got "fast"'],
    [["--speed", "0.01"], {}, '--speed: expected a number from 0.1 to 100, got "0.01"'],
    [[], { TWIN_SPEED: "1000" }, 'TWIN_SPEED: expected a number from 0.1 to 100, got "1000"'],
    [["--port", "70000"], {}, '--port: expected a number from 0 to 65535, got "70000"'],
    [["--port", "80.5"], {}, '--port: expected a whole number, got "80.5"'],
    [["--seed=-1"], {}, '--seed: expected a number from 0 to 4294967295, got "-1"'],
    [["--frame-rate", "60"], {}, '--frame-rate: expected a number from 1 to 30, got "60"'],
    [["--preroll", "soon"], {}, '--preroll: expected a duration like "30 min" or 0, got "soon"'],
    [["a.yaml", "b.yaml"], {}, "expected at most one scenario file, got a.yaml b.yaml"],
    [["--colour", "red"], {}, "Unknown option '--colour'"],
  ])("refuses %j %j: %s", (args, env, message) => {
    expect(() => parseServeConfig(args, env)).toThrow(message);
  });
});
