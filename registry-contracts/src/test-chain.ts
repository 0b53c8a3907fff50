// Test helper: a fresh in-memory embedded chain per test file, with ethers wallets for its dev accounts.
import { type EmbeddedChainOptions, startEmbeddedChain } from "@permitchain/chain";
import { JsonRpcProvider, Wallet } from "ethers";

export interface TestChain {
  readonly provider: JsonRpcProvider;
  readonly chainId: number;
  /** Funded development accounts, connected to `provider`. Deterministic (well-known dev mnemonic). */
  readonly wallets: readonly Wallet[];
  stop(): Promise<void>;
}

/** Starts an in-memory chain on a free port; `options` may set e.g. `timestampUnit`. */
export async function startTestChain(options: EmbeddedChainOptions = {}): Promise<TestChain> {
  const chain = await startEmbeddedChain({ ...options, port: 0 });
  if (chain.rpcUrl === undefined) throw new Error("the embedded chain serves no JSON-RPC endpoint");
  const provider = new JsonRpcProvider(chain.rpcUrl, undefined, {
    cacheTimeout: -1,
    batchMaxCount: 1,
    staticNetwork: true,
  });
  const wallets = chain.devAccounts.map((account) => new Wallet(account.privateKey, provider));
  return {
    provider,
    chainId: chain.chainId,
    wallets,
    async stop() {
      provider.destroy();
      await chain.stop();
    },
  };
}

/** The i-th dev wallet; throws instead of returning undefined. */
export function wallet(chain: TestChain, index: number): Wallet {
  const found = chain.wallets[index];
  if (found === undefined) throw new Error(`the test chain has no dev account ${index}`);
  return found;
}
