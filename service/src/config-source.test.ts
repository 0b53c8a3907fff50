import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { envValue, openConfigSource } from "./config-source.js";

const dir = mkdtempSync(join(tmpdir(), "service-config-source-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
mkdirSync(join(dir, "etc"));
const file = join(dir, "etc", "service.json");
writeFileSync(file, JSON.stringify({ port: 9000 }));
const SETTINGS = { port: { env: "SERVICE_PORT", file: "port" }, host: { env: "SERVICE_HOST", file: "host" } };

describe("openConfigSource", () => {
  it("without a file: no fields, paths from the file relative to cwd", () => {
    const problems: string[] = [];
    const source = openConfigSource(
      { env: { OTHER: "x" }, cwd: "/srv" },
      "SERVICE_CONFIG",
      SETTINGS,
      problems,
    );
    expect(source).toEqual({ env: { OTHER: "x" }, cwd: "/srv", file: {}, fileBase: "/srv" });
    expect(problems).toEqual([]);
  });

  it("reads the file the variable names, relative to cwd, its folder the base of its paths", () => {
    const problems: string[] = [];
    const source = openConfigSource(
      { env: { SERVICE_CONFIG: " etc/service.json " }, cwd: dir },
      "SERVICE_CONFIG",
      SETTINGS,
      problems,
    );
    expect(source.file).toEqual({ port: 9000 });
    expect(source.fileBase).toBe(join(dir, "etc"));
    expect(source.cwd).toBe(dir);
    expect(problems).toEqual([]);
  });

  it("prefers options.file to the variable, and ignores a blank variable", () => {
    const problems: string[] = [];
    const other = join(dir, "other.json");
    writeFileSync(other, JSON.stringify({ port: 1 }));
    const chosen = openConfigSource(
      { env: { SERVICE_CONFIG: file }, file: other },
      "SERVICE_CONFIG",
      SETTINGS,
      problems,
    );
    expect(chosen.file).toEqual({ port: 1 });
    const blank = openConfigSource(
      { env: { SERVICE_CONFIG: "  " }, cwd: "/srv" },
      "SERVICE_CONFIG",
      SETTINGS,
      problems,
    );
    expect(blank.file).toEqual({});
    expect(problems).toEqual([]);
  });

  it("defaults to process.env and process.cwd()", () => {
    const source = openConfigSource({}, "PERMITCHAIN_SERVICE_TEST_UNSET_VARIABLE", SETTINGS, []);
    expect(source.env).toBe(process.env);
    expect(source.cwd).toBe(process.cwd());
  });

  it("names every field of the file that no setting has", () => {
    const problems: string[] = [];
    const typo = join(dir, "typo.json");
    writeFileSync(typo, JSON.stringify({ prot: 1, host: "h", hots: "x" }));
    const source = openConfigSource({ env: {}, file: typo }, "SERVICE_CONFIG", SETTINGS, problems);
    expect(source.file).toEqual({ prot: 1, host: "h", hots: "x" });
    expect(problems).toEqual(['config file: unknown field "prot"', 'config file: unknown field "hots"']);
  });

  it("a file that cannot be read is a problem, not an exception", () => {
    const problems: string[] = [];
    const source = openConfigSource(
      { env: {}, file: "missing.json", cwd: dir },
      "SERVICE_CONFIG",
      SETTINGS,
      problems,
    );
    expect(source.file).toEqual({});
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^config file .*missing\.json: ENOENT/);
  });
});

describe("envValue", () => {
  it("trims, and treats unset and blank alike", () => {
    const env = { SET: "  value ", BLANK: " \t", EMPTY: "" };
    expect(envValue(env, "SET")).toBe("value");
    expect(envValue(env, "BLANK")).toBeUndefined();
    expect(envValue(env, "EMPTY")).toBeUndefined();
    expect(envValue(env, "UNSET")).toBeUndefined();
  });
});
