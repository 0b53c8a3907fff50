import { describe, expect, it } from "vitest";
import type { ConfigSource } from "./config-source.js";
import { settingBase, settingLabel, settingValue } from "./setting-name.js";

const PORT = { env: "SERVICE_PORT", file: "port" };

function source(env: Record<string, string>, file: Record<string, unknown>): ConfigSource {
  return { env, file, cwd: "/srv", fileBase: "/etc/service" };
}

describe("settingLabel", () => {
  it("names the variable and the file field", () => {
    expect(settingLabel(PORT)).toBe("SERVICE_PORT (port)");
  });
});

describe("settingValue", () => {
  it("the environment overrides the file", () => {
    expect(settingValue(source({ SERVICE_PORT: " 9100 " }, { port: 9000 }), PORT)).toBe("9100");
  });

  it("a blank variable leaves the file's value, unchecked", () => {
    expect(settingValue(source({ SERVICE_PORT: "  " }, { port: 9000 }), PORT)).toBe(9000);
    expect(settingValue(source({}, { port: [1] }), PORT)).toEqual([1]);
    expect(settingValue(source({}, {}), PORT)).toBeUndefined();
  });
});

describe("settingBase", () => {
  it("is cwd for a value from the environment, the file's folder otherwise", () => {
    const DIR = { env: "SERVICE_DIR", file: "dir" };
    expect(settingBase(source({ SERVICE_DIR: "data" }, { dir: "x" }), DIR)).toBe("/srv");
    expect(settingBase(source({}, { dir: "x" }), DIR)).toBe("/etc/service");
    expect(settingBase(source({ SERVICE_DIR: " " }, {}), DIR)).toBe("/etc/service");
  });
});
