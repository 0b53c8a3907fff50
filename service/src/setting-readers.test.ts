import { describe, expect, it } from "vitest";
import type { ConfigSource } from "./config-source.js";
import { integerSetting, pathSetting, stringSetting } from "./setting-readers.js";

const PORT = { env: "SERVICE_PORT", file: "port" };
const HOST = { env: "SERVICE_HOST", file: "host" };
const DATA = { env: "SERVICE_DATA", file: "data" };
const RANGE = { min: 1, max: 65_535 };

function source(env: Record<string, string>, file: Record<string, unknown> = {}): ConfigSource {
  return { env, file, cwd: "/srv", fileBase: "/etc/service" };
}

describe("integerSetting", () => {
  it("parses decimal digits from the environment and takes JSON numbers from the file", () => {
    const problems: string[] = [];
    expect(integerSetting(source({ SERVICE_PORT: " 8080 " }), PORT, RANGE, problems)).toBe(8080);
    expect(integerSetting(source({}, { port: 9000 }), PORT, RANGE, problems)).toBe(9000);
    expect(integerSetting(source({}), PORT, RANGE, problems)).toBeUndefined();
    expect(problems).toEqual([]);
  });

  it("reads a string of digits in the file as one from the environment", () => {
    expect(integerSetting(source({}, { port: "80" }), PORT, RANGE, [])).toBe(80);
  });

  it("the environment overrides the file", () => {
    expect(integerSetting(source({ SERVICE_PORT: "9100" }, { port: 9000 }), PORT, RANGE, [])).toBe(9100);
  });

  it("refuses what is not an integer in range, each with the value given", () => {
    const refused: [Record<string, string>, Record<string, unknown>, string][] = [
      [{ SERVICE_PORT: "0" }, {}, '"0"'],
      [{ SERVICE_PORT: "65536" }, {}, '"65536"'],
      [{ SERVICE_PORT: "-1" }, {}, '"-1"'],
      [{ SERVICE_PORT: "1.5" }, {}, '"1.5"'],
      [{ SERVICE_PORT: "8080abc" }, {}, '"8080abc"'],
      [{ SERVICE_PORT: "0x50" }, {}, '"0x50"'],
      [{ SERVICE_PORT: "1e3" }, {}, '"1e3"'],
      [{}, { port: 80.5 }, "80.5"],
      [{}, { port: true }, "true"],
      [{}, { port: null }, "null"],
    ];
    for (const [env, file, shown] of refused) {
      const problems: string[] = [];
      const value = integerSetting(source(env, file), PORT, RANGE, problems);
      expect(value, JSON.stringify({ env, file })).toBeUndefined();
      expect(problems).toEqual([`SERVICE_PORT (port): an integer from 1 to 65535, got ${shown}`]);
    }
  });

  it("refuses integers beyond Number.MAX_SAFE_INTEGER", () => {
    const problems: string[] = [];
    const wide = { min: 0, max: Number.MAX_SAFE_INTEGER };
    expect(
      integerSetting(source({ SERVICE_PORT: "9007199254740993" }), PORT, wide, problems),
    ).toBeUndefined();
    expect(integerSetting(source({ SERVICE_PORT: "9007199254740991" }), PORT, wide, problems)).toBe(
      Number.MAX_SAFE_INTEGER,
    );
    expect(problems).toEqual([
      `SERVICE_PORT (port): an integer from 0 to ${Number.MAX_SAFE_INTEGER}, got "9007199254740993"`,
    ]);
  });
});

describe("stringSetting", () => {
  it("trims, the environment winning over the file", () => {
    const problems: string[] = [];
    expect(stringSetting(source({ SERVICE_HOST: " 0.0.0.0 " }, { host: "::" }), HOST, problems)).toBe(
      "0.0.0.0",
    );
    expect(stringSetting(source({}, { host: "  localhost " }), HOST, problems)).toBe("localhost");
    expect(stringSetting(source({}), HOST, problems)).toBeUndefined();
    expect(problems).toEqual([]);
  });

  it("refuses a blank or non-string value from the file", () => {
    for (const host of ["", "   ", 1, false, ["h"]]) {
      const problems: string[] = [];
      expect(stringSetting(source({}, { host }), HOST, problems)).toBeUndefined();
      expect(problems).toEqual(["SERVICE_HOST (host): must be a non-empty string"]);
    }
  });
});

describe("pathSetting", () => {
  it("resolves against cwd from the environment, against the file's folder from the file", () => {
    const problems: string[] = [];
    expect(pathSetting(source({ SERVICE_DATA: "var/data" }, { data: "x" }), DATA, "data", problems)).toBe(
      "/srv/var/data",
    );
    expect(pathSetting(source({}, { data: "../data" }), DATA, "data", problems)).toBe("/etc/data");
    expect(pathSetting(source({}, { data: "/abs/data" }), DATA, "data", problems)).toBe("/abs/data");
    expect(problems).toEqual([]);
  });

  it("falls back relative to cwd, with a problem when the file's value is not a path", () => {
    expect(pathSetting(source({}), DATA, "data/default", [])).toBe("/srv/data/default");
    const problems: string[] = [];
    expect(pathSetting(source({}, { data: 3 }), DATA, "data/default", problems)).toBe("/srv/data/default");
    expect(problems).toEqual(["SERVICE_DATA (data): must be a non-empty string"]);
  });
});
