import { PermitChainError } from "@permitchain/chain";
import { UsageError } from "./cli-error.js";
import { COMMITTEE_USAGE, committeeCommand } from "./commands/committee.js";
import { IDENTITY_USAGE, identityCommand } from "./commands/identity.js";
import { PBFT_MODEL_USAGE, pbftModelCommand } from "./commands/pbft-model.js";
import { upCommand } from "./commands/up.js";
import { UP_USAGE } from "./commands/up-args.js";

type Command = (argv: string[], out: (line: string) => void) => Promise<number>;

const COMMANDS: Record<string, { run: Command; usage: string; summary: string }> = {
  up: {
    run: upCommand,
    usage: UP_USAGE,
    summary: "start the embedded chain with the contract suite deployed",
  },
  identity: {
    run: identityCommand,
    usage: IDENTITY_USAGE,
    summary: "create, show, rotate and delegate did:ethr identities in a wallet",
  },
  committee: {
    run: committeeCommand,
    usage: COMMITTEE_USAGE,
    summary: "propose, vote on, execute and list committee governance proposals",
  },
  "pbft-model": {
    run: pbftModelCommand,
    usage: PBFT_MODEL_USAGE,
    summary: "model PBFT latency and throughput and recommend FISCO BCOS consensus settings",
  },
};

function usage(): string {
  const lines = ["usage: permitchain <command> [options]", "", "commands:"];
  for (const [name, command] of Object.entries(COMMANDS))
    lines.push(`  ${name.padEnd(12)} ${command.summary}`);
  return lines.join("\n");
}

/** Runs one CLI invocation and returns its exit code; errors are printed as sentences, never stacks. */
export async function runCli(
  argv: string[],
  out: (line: string) => void,
  err: (line: string) => void,
): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === "help" || name === "--help" || name === "-h") {
    out(usage());
    return name === undefined ? 2 : 0;
  }
  const command = COMMANDS[name];
  if (!command) {
    err(`permitchain: unknown command "${name}"\n${usage()}`);
    return 2;
  }
  try {
    return await command.run(rest, out);
  } catch (error) {
    if (error instanceof UsageError || (error as { code?: string }).code?.startsWith("ERR_PARSE_ARGS")) {
      err(`permitchain ${name}: ${(error as Error).message}\nusage: ${command.usage}`);
      return 2;
    }
    if (error instanceof PermitChainError) {
      err(`permitchain ${name}: ${error.message} [${error.code}]`);
      return 1;
    }
    err(`permitchain ${name}: unexpected error: ${(error as Error)?.stack ?? String(error)}`);
    return 1;
  }
}
