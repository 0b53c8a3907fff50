import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { checkKnownFields, readConfigFile } from "./config-file.js";

const dir = mkdtempSync(join(tmpdir(), "service-config-file-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function write(name: string, content: string): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

describe("readConfigFile", () => {
  it("gives the fields of a file holding a JSON object, with no problem", () => {
    const problems: string[] = [];
    const path = write("ok.json", JSON.stringify({ port: 9000, host: "0.0.0.0" }));
    expect(readConfigFile(path, problems)).toEqual({ port: 9000, host: "0.0.0.0" });
    expect(problems).toEqual([]);
  });

  it("gives no fields and a problem naming the file when it cannot be read or parsed", () => {
    const problems: string[] = [];
    const missing = join(dir, "missing.json");
    const broken = write("broken.json", "{ nope");
    expect(readConfigFile(missing, problems)).toEqual({});
    expect(readConfigFile(broken, problems)).toEqual({});
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(new RegExp(`^config file ${missing}: ENOENT`));
    expect(problems[1]).toMatch(new RegExp(`^config file ${broken}: .*JSON`));
  });

  it("refuses JSON that is not an object", () => {
    for (const content of ["[]", "null", "3", '"text"']) {
      const problems: string[] = [];
      const path = write("not-object.json", content);
      expect(readConfigFile(path, problems)).toEqual({});
      expect(problems).toEqual([`config file ${path}: must hold a JSON object`]);
    }
  });
});

describe("checkKnownFields", () => {
  it("names every unknown field, in the file's order, and nothing for known ones", () => {
    const problems: string[] = ["earlier problem"];
    checkKnownFields({ host: "h", domian: "x", port: 1, prot: 2 }, ["host", "port", "domain"], problems);
    expect(problems).toEqual([
      "earlier problem",
      'config file: unknown field "domian"',
      'config file: unknown field "prot"',
    ]);
  });
});
