// The issuer service's entry point: `node issuer/dist/server.js` (configuration from the environment and an
// optional JSON file; see README), or `node issuer/dist/server.js new-api-key` to make an operator key.

import { stopOnSignals } from "@permitchain/service";
import { generateApiKey, hashApiKey } from "./api-keys.js";
import { loadIssuerConfig } from "./config.js";
import { IssuerConfigError } from "./errors.js";
import { startIssuerServer } from "./start.js";

async function main(argv: readonly string[]): Promise<number> {
  if (argv[0] === "new-api-key") {
    const key = generateApiKey();
    process.stdout.write(`key:     ${key}\nkeyHash: ${hashApiKey(key)}\n`);
    process.stdout.write("Give the key to the operator; put only the keyHash in the configuration.\n");
    return 0;
  }
  if (argv.length > 0) {
    process.stderr.write(
      "usage: server.js            start the issuer service\n       server.js new-api-key  make an operator API key and its hash\n",
    );
    return 2;
  }
  const config = loadIssuerConfig();
  const running = await startIssuerServer(config);
  stopOnSignals(running);
  return -1;
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof IssuerConfigError) process.stderr.write(`${error.message}\n`);
    else process.stderr.write(`the issuer service could not start: ${(error as Error).message}\n`);
    process.exitCode = 1;
  },
);
