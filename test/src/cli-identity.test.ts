import { copyFileSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DEV_MNEMONIC } from "@permitchain/chain";
import { HDNodeWallet, Mnemonic, Wallet } from "ethers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type CliRun, runCli } from "./cli-process.js";

// The CLI inherits this process's environment (vitest runs each file in its own process).
const PASSPHRASE = "correct horse battery staple";
delete process.env.PERMITCHAIN_RELAYER_KEY;
delete process.env.PERMITCHAIN_MEMBER_KEY;

const devAccount = (i: number) =>
  HDNodeWallet.fromMnemonic(Mnemonic.fromPhrase(DEV_MNEMONIC), `m/44'/60'/0'/0/${i}`);

let chain: CliRun;
let dataDir: string;
let rpc: string;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), "pc-cli-identity-"));
  chain = runCli(["up", "--data-dir", dataDir, "--rpc-port", "0"]);
  rpc = await chain.ready;
});

afterAll(async () => {
  chain?.child.kill("SIGTERM");
  await chain?.exited;
});

/** Runs one CLI command to its end; the passphrase is set unless `passphrase` says otherwise. */
async function cli(
  args: string[],
  options: { passphrase?: string | null; chainFlags?: boolean } = {},
): Promise<{ code: number | string; output: string }> {
  const passphrase = options.passphrase === undefined ? PASSPHRASE : options.passphrase;
  if (passphrase === null) delete process.env.PERMITCHAIN_PASSPHRASE;
  else process.env.PERMITCHAIN_PASSPHRASE = passphrase;
  const flags = options.chainFlags === false ? [] : ["--rpc", rpc, "--data-dir", dataDir];
  const run = runCli([...args, ...flags]);
  const code = await run.exited;
  return { code, output: run.output() };
}

interface VerificationMethod {
  id: string;
  blockchainAccountId?: string;
}

async function resolveDocument(did: string, ...extra: string[]) {
  const { code, output } = await cli(["identity", "show", did, ...extra]);
  expect(code, output).toBe(0);
  const result = JSON.parse(output) as {
    didDocument: { id: string; verificationMethod: VerificationMethod[]; assertionMethod: string[] };
    didDocumentMetadata: { versionId?: string };
    didResolutionMetadata: Record<string, unknown>;
  };
  const accounts = result.didDocument.verificationMethod.map((method) => method.blockchainAccountId);
  const controller = result.didDocument.verificationMethod.find(
    (method) => method.id === `${did}#controller`,
  );
  return { result, accounts, controller: controller?.blockchainAccountId };
}

describe("permitchain identity", () => {
  it("creates, shows, delegates, rotates and revokes through the relayer of the dev chain", async () => {
    const created = await cli(["identity", "create", "--alias", "acme"]);
    expect(created.code, created.output).toBe(0);
    const did = /^DID:\s+(did:ethr:0x7a69:0x[0-9a-f]{66})$/m.exec(created.output)?.[1];
    const controller = /^controller:\s+(0x[0-9a-fA-F]{40})$/m.exec(created.output)?.[1];
    expect(did, created.output).toBeDefined();
    expect(controller, created.output).toBeDefined();

    const first = await resolveDocument(did!);
    expect(first.result.didDocument.id).toBe(did);
    expect(first.controller).toBe(`eip155:31337:${controller}`);
    expect(first.result.didResolutionMetadata.error).toBeUndefined();

    const delegate = Wallet.createRandom().address;
    const added = await cli([
      "identity",
      "delegate",
      "add",
      did!,
      "--delegate",
      delegate,
      "--validity",
      "3600",
    ]);
    expect(added.code, added.output).toBe(0);
    expect(added.output).toContain(
      `relayer: ${devAccount(0).address} (dev account 0 of the public development mnemonic: the default on the embedded dev chain only)`,
    );
    expect(added.output).toMatch(/added veriKey delegate .* valid until \d{4}-\d\d-\d\dT/);
    const addedBlock = /^block (\d+),/m.exec(added.output)?.[1];

    const delegated = await resolveDocument(did!);
    expect(delegated.accounts).toContain(`eip155:31337:${delegate}`);

    // the alias names the identity as well as its DID
    const rotated = await cli(["identity", "rotate", "acme"]);
    expect(rotated.code, rotated.output).toBe(0);
    expect(rotated.output).toContain(`old controller: ${controller}`);
    const next = /^new controller: (0x[0-9a-fA-F]{40})$/m.exec(rotated.output)?.[1];
    expect(next).toBeDefined();
    expect(next).not.toBe(controller);

    const after = await resolveDocument(did!);
    expect(after.controller).toBe(`eip155:31337:${next}`);
    expect(after.accounts).toContain(`eip155:31337:${delegate}`);

    // the new controller key signs the revocation
    const revoked = await cli(["identity", "delegate", "revoke", did!, "--delegate", delegate]);
    expect(revoked.code, revoked.output).toBe(0);
    expect(revoked.output).toContain(`revoked veriKey delegate ${delegate}`);
    const final = await resolveDocument(did!);
    expect(final.accounts).not.toContain(`eip155:31337:${delegate}`);
    expect(final.controller).toBe(`eip155:31337:${next}`);

    // history: as of the block that added the delegate, the old controller and the delegate
    const past = await resolveDocument(did!, "--version-id", addedBlock!);
    expect(past.controller).toBe(`eip155:31337:${controller}`);
    expect(past.accounts).toContain(`eip155:31337:${delegate}`);
    expect(past.result.didDocumentMetadata.versionId).toBe(addedBlock);

    const listed = await cli(["identity", "list"], { passphrase: null });
    expect(listed.code, listed.output).toBe(0);
    expect(listed.output).toContain(`acme  ${did}  controller ${next}`);
  });

  it("names what is wrong: passphrase, alias, funds, relayer, manifest, resolution", async () => {
    const unset = await cli(["identity", "create"], { passphrase: null });
    expect(unset.code).toBe(2);
    expect(unset.output).toMatch(/set PERMITCHAIN_PASSPHRASE.*no interactive prompt/);
    expect(unset.output).toContain("usage: permitchain identity create");

    const made = await cli(["identity", "create", "--alias", "plant-7"]);
    expect(made.code, made.output).toBe(0);
    const taken = await cli(["identity", "create", "--alias", "plant-7"]);
    expect(taken.code).toBe(1);
    expect(taken.output).toMatch(/alias "plant-7" already \[ALIAS_TAKEN\]/);

    const wrong = await cli(["identity", "rotate", "plant-7"], { passphrase: "not it" });
    expect(wrong.code).toBe(1);
    expect(wrong.output).toMatch(/passphrase does not open the key store.*\[WRONG_PASSPHRASE\]/);

    const unknown = await cli(["identity", "rotate", "nobody"]);
    expect(unknown.code).toBe(1);
    expect(unknown.output).toMatch(/holds no identity with that alias.*\[IDENTITY_NOT_FOUND\]/);

    // --direct: the controller key pays, and a new identity holds nothing
    const direct = await cli(["identity", "rotate", "plant-7", "--direct"]);
    expect(direct.code).toBe(1);
    expect(direct.output).toMatch(/enough funds.*--direct: the controller key pays/);

    // beside a copy of the manifest without the embedded chain, dev account 0 is not a default relayer
    const elsewhere = mkdtempSync(join(tmpdir(), "pc-cli-identity-ext-"));
    copyFileSync(join(dataDir, "deployment.json"), join(elsewhere, "deployment.json"));
    const wallet = ["--wallet", join(dataDir, "wallet"), "--rpc", rpc, "--data-dir", elsewhere];
    const noRelayer = await cli(["identity", "rotate", "plant-7", ...wallet], { chainFlags: false });
    expect(noRelayer.code).toBe(2);
    expect(noRelayer.output).toMatch(
      /needs a relayer that pays: --relayer-key-file FILE or PERMITCHAIN_RELAYER_KEY/,
    );
    const keyFile = join(elsewhere, "relayer.key");
    writeFileSync(keyFile, `${devAccount(2).privateKey.slice(2)}\n`);
    const relayed = await cli(["identity", "rotate", "plant-7", "--relayer-key-file", keyFile, ...wallet], {
      chainFlags: false,
    });
    expect(relayed.code, relayed.output).toBe(0);
    expect(relayed.output).toContain(`relayer: ${devAccount(2).address} (pays for the transaction)`);

    const noManifest = await cli(
      ["identity", "show", "plant-7", "--rpc", rpc, "--data-dir", join(elsewhere, "none")],
      { chainFlags: false },
    );
    expect(noManifest.code).toBe(1);
    expect(noManifest.output).toMatch(
      /no deployment manifest at .*run permitchain up first.*\[DEPLOYMENT_MANIFEST_MISSING\]/,
    );

    const invalid = await cli(["identity", "show", "did:ethr:0x7a69:0x1234"]);
    expect(invalid.code).toBe(1);
    expect(invalid.output).toMatch(/does not resolve: invalidDid.*\[DID_RESOLUTION_FAILED\]/);
  });

  it.each([
    [["identity"], /a subcommand is required/],
    [["identity", "forge"], /unknown subcommand "forge"/],
    [["identity", "show"], /identity show needs a DID or an alias/],
    [["identity", "delegate", "grant", "acme"], /identity delegate expects add or revoke, got "grant"/],
    [["identity", "delegate", "add", "acme", "--delegate", "0x12"], /--delegate expects an address/],
    [
      ["identity", "delegate", "add", "acme", "--delegate", `0x${"ab".repeat(20)}`, "--type", "owner"],
      /--type expects veriKey or sigAuth, got "owner"/,
    ],
    [["identity", "rotate", "acme", "--relayed", "--direct"], /--relayed and --direct exclude each other/],
    [["identity", "create", "--validity", "5"], /--validity does not apply to identity create/],
    [["identity", "show", "acme", "--version-id", "latest"], /--version-id expects a non-negative integer/],
    [["identity", "list", "--bogus"], /Unknown option '--bogus'/],
  ])("rejects %j with exit code 2 and the usage", async (args, message) => {
    const { code, output } = await cli(args);
    expect(code, output).toBe(2);
    expect(output).toMatch(message);
    expect(output).toMatch(/\nusage: permitchain identity create/);
  });
});
