import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { readManifestFile } from "./manifest-file.js";

const dir = mkdtempSync(join(tmpdir(), "manifest-file-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const ADDRESS = "0x5FbDB2315678afecb367f032d93F642f64180aa3";

function written(name: string, content: string): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

describe("readManifestFile", () => {
  it("answers the manifest when the chain id and every required address are there", () => {
    const manifest = {
      chainId: 31337,
      contracts: { CredentialStatusRegistry: ADDRESS, TrustedIssuerRegistry: ADDRESS },
    };
    const path = written("ok.json", JSON.stringify(manifest));
    expect(readManifestFile(path, ["CredentialStatusRegistry", "TrustedIssuerRegistry"])).toEqual({
      manifest,
      problems: [],
    });
  });

  it("lists every problem, each naming the file", () => {
    const path = written(
      "bad.json",
      JSON.stringify({ chainId: -1, contracts: { TrustedIssuerRegistry: "0x12" } }),
    );
    expect(readManifestFile(path, ["CredentialStatusRegistry", "TrustedIssuerRegistry"])).toEqual({
      manifest: undefined,
      problems: [
        `deployment manifest ${path}: chainId must be a non-negative integer`,
        `deployment manifest ${path}: contracts.CredentialStatusRegistry must be an address`,
        `deployment manifest ${path}: contracts.TrustedIssuerRegistry must be an address`,
      ],
    });
  });

  it("says why a file cannot be read or parsed, with the reader's hint", () => {
    const missing = join(dir, "missing.json");
    const { problems } = readManifestFile(missing, [], { readHint: "(run permitchain up)" });
    expect(problems).toEqual([
      expect.stringMatching(new RegExp(`^deployment manifest ${missing}: ENOENT.*\\(run permitchain up\\)$`)),
    ]);
    const garbled = written("garbled.json", "{ not json");
    expect(readManifestFile(garbled, []).problems).toEqual([
      expect.stringMatching(new RegExp(`^deployment manifest ${garbled}: .*JSON`)),
    ]);
  });
});
