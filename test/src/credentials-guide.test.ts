import { mkdtempSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { freePort } from "@permitchain/bench";
import { afterEach, describe, expect, it } from "vitest";
import { type CliRun, runCli } from "./cli-process.js";
import { type FencedBlock, fencedBlocks, sectionBlocks } from "./markdown-blocks.js";
import { type BackgroundCommand, ShellSession, startBackground, waitForHttp } from "./shell-session.js";

/*
 * Issue 4, "Done when": the README's curl examples and the guide they rest on (docs/credentials-http.md) work as
 * written. The commands are read from the two documents at test time and run with bash in a directory laid out
 * like the repository root (its built packages and node_modules linked in): each terminal of the guide is a
 * process of its own (`npm start` is what it runs after its build: `permitchain up`), the commands of terminal 4
 * run in one bash session, as typed. The one change made to the text: the ports (8545, 8081, 8082) are free ones,
 * so that a chain or service already running on this machine is never touched; the committee CLI gets the chain's
 * URL from PERMITCHAIN_RPC_URL, as the services do.
 */

const REPO = fileURLToPath(new URL("../../", import.meta.url));
const GUIDE = fencedBlocks(readFileSync(join(REPO, "docs/credentials-http.md"), "utf8"));
const README = fencedBlocks(readFileSync(join(REPO, "README.md"), "utf8"));
const SCRIPT_TIMEOUT_MS = 90_000;

interface Stack {
  readonly dir: string;
  readonly shell: ShellSession;
  /** Runs the shell blocks of a guide section in order, each terminal's in its own process; their outputs. */
  runSection(prefix: string): Promise<string[]>;
  /** Runs one script in terminal 4. */
  run(script: string): Promise<string>;
}

const opened: { shell: ShellSession; chain?: CliRun; services: BackgroundCommand[]; dir: string }[] = [];

afterEach(async () => {
  for (const stack of opened.splice(0)) {
    stack.shell.close();
    await Promise.all(stack.services.map((service) => service.stop()));
    if (stack.chain !== undefined) {
      stack.chain.child.kill("SIGTERM");
      await stack.chain.exited;
    }
    rmSync(stack.dir, { recursive: true, force: true });
  }
});

async function openStack(): Promise<Stack> {
  const dir = mkdtempSync(join(tmpdir(), "pc-guide-"));
  for (const name of ["cli", "issuer", "verifier", "node_modules"])
    symlinkSync(join(REPO, name), join(dir, name));
  const ports = { chain: await freePort(), issuer: await freePort(), verifier: await freePort() };
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PERMITCHAIN_RPC_URL: `http://127.0.0.1:${ports.chain}`,
    PERMITCHAIN_ISSUER_PORT: String(ports.issuer),
    PERMITCHAIN_VERIFIER_PORT: String(ports.verifier),
  };
  const substitute = (text: string) =>
    text
      .replaceAll("127.0.0.1:8545", `127.0.0.1:${ports.chain}`)
      .replaceAll("127.0.0.1:8081", `127.0.0.1:${ports.issuer}`)
      .replaceAll("127.0.0.1:8082", `127.0.0.1:${ports.verifier}`);
  const shell = new ShellSession(dir, env);
  const state: (typeof opened)[number] = { shell, services: [], dir };
  opened.push(state);

  const runBlock = async (block: FencedBlock): Promise<string | undefined> => {
    const terminal = /# terminal ([123])\b/.exec(block.body)?.[1];
    if (terminal === "1") {
      expect(block.body).toContain("npm start");
      state.chain = runCli(["up", "--rpc-port", String(ports.chain)], { cwd: dir });
      await state.chain.ready;
      return undefined;
    }
    if (terminal !== undefined) {
      const service = startBackground(substitute(block.body), dir, env);
      state.services.push(service);
      const port = terminal === "2" ? ports.issuer : ports.verifier;
      await waitForHttp(`http://127.0.0.1:${port}/documentation/json`, service);
      return undefined;
    }
    return shell.run(substitute(block.body), SCRIPT_TIMEOUT_MS);
  };

  return {
    dir,
    shell,
    run: (script) => shell.run(substitute(script), SCRIPT_TIMEOUT_MS),
    async runSection(prefix) {
      const outputs: string[] = [];
      for (const block of sectionBlocks(GUIDE, prefix)) {
        if (block.lang !== "sh") continue;
        const output = await runBlock(block);
        if (output !== undefined) outputs.push(output);
      }
      return outputs;
    },
  };
}

/** The `text` blocks of a section: what its commands print. */
const printed = (prefix: string) =>
  sectionBlocks(GUIDE, prefix)
    .filter((block) => block.lang === "text")
    .map((block) => block.body);

/** Steps 1-4 of the guide: the chain, the bureau trusted through the committee, both services. */
async function setUp(stack: Stack): Promise<void> {
  await stack.runSection("1.");
  const [committee] = await stack.runSection("2.");
  expect(committee!.match(/Executed/g)?.length, committee).toBeGreaterThanOrEqual(2);
  const [keys] = await stack.runSection("3.");
  expect(keys).toMatch(/key:\s+pck_\S+\s+keyHash: sha256:[0-9a-f]{64}/);
  const [health] = await stack.runSection("4.");
  expect(JSON.parse(health!)).toMatchObject({ status: "ok", chainId: 31337 });
}

/** The JSON objects printed one after another (curl adds no newline after a body). */
function jsonValues(output: string): unknown[] {
  const values: unknown[] = [];
  let rest = output.trim();
  while (rest.length > 0) {
    let end = rest.indexOf("}");
    for (;;) {
      if (end < 0) throw new Error(`not a sequence of JSON objects: ${output}`);
      try {
        values.push(JSON.parse(rest.slice(0, end + 1)));
        break;
      } catch {
        end = rest.indexOf("}", end + 1);
      }
    }
    rest = rest.slice(end + 1).trim();
  }
  return values;
}

const lines = (output: string | undefined) => (output ?? "").trimEnd().split("\n");

describe("docs/credentials-http.md and the README's curl lines, run as written", () => {
  it("the guide: issue, verify, present, replay, suspend, reinstate, revoke", async () => {
    const stack = await openStack();
    await setUp(stack);

    const [issued] = await stack.runSection("5.");
    expect(lines(issued)).toEqual([
      expect.stringMatching(/^urn:uuid:[0-9a-f-]{36}, status index 0, active$/),
    ]);

    const [verified, verifyFunction] = await stack.runSection("6.");
    expect(verified!.trimEnd()).toBe(printed("6.")[0]!.trimEnd());
    expect(lines(verifyFunction)).toEqual(["valid ", "invalid signature JWT_MALFORMED"]);

    const [, presented] = await stack.runSection("7.");
    expect(presented!.trimEnd()).toBe(printed("7.")[0]!.trimEnd());

    const [statuses] = await stack.runSection("8.");
    expect(lines(statuses)).toEqual([
      expect.stringMatching(/^active -> suspended \(block \d+\)$/),
      "invalid status STATUS_SUSPENDED",
      expect.stringMatching(/^suspended -> active \(block \d+\)$/),
      "valid ",
      expect.stringMatching(/^active -> revoked \(block \d+\)$/),
      "invalid status STATUS_REVOKED",
      expect.stringMatching(/^STATUS_CONFLICT: /),
    ]);
  }, 300_000);

  it("the README: issue, verify, revoke, verify again", async () => {
    const stack = await openStack();
    await setUp(stack);
    // permit-request.json as in step 5 of the guide
    const step5 = sectionBlocks(GUIDE, "5.").find((block) => block.lang === "sh")!.body;
    const request = /cat > permit-request\.json <<'EOF'\n[\s\S]*?\nEOF\n/.exec(step5)?.[0];
    expect(request).toBeDefined();
    await stack.run(request!);

    const blocks = README.filter((block) => block.section === "Credentials over HTTP" && block.lang === "sh");
    expect(blocks).toHaveLength(1);
    const output = await stack.run(blocks[0]!.body);
    const answers = jsonValues(output);
    expect(answers).toHaveLength(3);
    const [first, revoked, second] = answers as [
      { verdict: string; checks: { check: string; code: string }[] },
      { previousStatus: string; status: { status: string } },
      { verdict: string; checks: { check: string; code: string }[] },
    ];
    expect(first.verdict).toBe("valid");
    expect(first.checks.map((check) => check.code)).toEqual([
      "SIGNATURE_VALID",
      "DID_RESOLVED",
      "ISSUER_TRUSTED",
      "STATUS_ACTIVE",
      "SCHEMA_VALID",
      "WITHIN_VALIDITY",
    ]);
    expect(revoked).toMatchObject({ previousStatus: "active", status: { status: "revoked" } });
    expect(second.verdict).toBe("invalid");
    expect(second.checks.find((check) => check.check === "status")?.code).toBe("STATUS_REVOKED");
  }, 300_000);
});
