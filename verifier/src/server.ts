// The verifier service's entry point: `node verifier/dist/server.js`, configured by the environment and an
// optional JSON file (see README).

import { stopOnSignals } from "@permitchain/service";
import { configProblems, loadVerifierConfig } from "./config.js";
import { startVerifierServer } from "./http/start.js";

const USAGE = "usage: server.js    start the verifier service (configuration: see verifier/README.md)\n";

async function main(argv: readonly string[]): Promise<number> {
  if (argv.length > 0) {
    const help = argv[0] === "--help" || argv[0] === "-h";
    (help ? process.stdout : process.stderr).write(USAGE);
    return help ? 0 : 2;
  }
  const running = await startVerifierServer(loadVerifierConfig());
  stopOnSignals(running);
  return -1;
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exitCode = code;
  },
  (error: unknown) => {
    if (configProblems(error) !== undefined) process.stderr.write(`${(error as Error).message}\n`);
    else process.stderr.write(`the verifier service could not start: ${(error as Error).message}\n`);
    process.exitCode = 1;
  },
);
