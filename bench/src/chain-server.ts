import { startEmbeddedChain } from "@permitchain/chain";

/*
 * The embedded chain in a process of its own, as `permitchain up` runs it, so that the benchmark client
 * does not share an event loop with the server (anvil, the peer, also runs as its own process).
 * argv: chainId [dataDir]; prints the RPC URL as one line; stops on SIGTERM.
 */
const [chainId, dataDir] = process.argv.slice(2);
const chain = await startEmbeddedChain({ chainId: Number(chainId), dataDir, port: 0 });
process.stdout.write(`${chain.rpcUrl}\n`);
process.once("SIGTERM", () => {
  chain.stop().then(() => process.exit(0));
});
