import { FetchRequest, JsonRpcProvider, Network } from "ethers";
import { PermitChainError } from "../errors.js";

export interface ConnectJsonRpcOptions {
  /** Expected chain id; the connection fails if the endpoint reports another. */
  chainId?: number;
  /** Per-request timeout in milliseconds. */
  timeoutMs?: number;
}

/** The endpoint could not be reached, or answered with another chain than expected. */
export class ChainConnectionError extends PermitChainError {
  constructor(
    code: "CHAIN_UNREACHABLE" | "CHAIN_ID_MISMATCH",
    message: string,
    options?: { cause?: unknown },
  ) {
    super(code, message, options);
  }
}

/**
 * An ethers v6 provider for any Ethereum JSON-RPC endpoint (the embedded chain, FISCO BCOS web3 RPC,
 * Besu, Geth, anvil), set up for chains that mine on every transaction: no response cache (stale nonces
 * otherwise) and no request batching (each batch waits 10 ms otherwise). The chain id is read once and
 * fixed, so no further `eth_chainId` round trips happen.
 */
export async function connectJsonRpc(
  url: string,
  options: ConnectJsonRpcOptions = {},
): Promise<JsonRpcProvider> {
  const request = new FetchRequest(url);
  request.timeout = options.timeoutMs ?? 30_000;
  let chainId: bigint;
  try {
    // one plain request: a provider left to detect the network would retry forever in the background
    const probe = request.clone();
    probe.body = { jsonrpc: "2.0", id: 1, method: "eth_chainId", params: [] };
    const reply = (await probe.send()).bodyJson as { result?: string; error?: { message: string } };
    if (typeof reply?.result !== "string") throw new Error(reply?.error?.message ?? "no eth_chainId result");
    chainId = BigInt(reply.result);
  } catch (error) {
    throw new ChainConnectionError(
      "CHAIN_UNREACHABLE",
      `cannot reach a JSON-RPC chain at ${url}: ${(error as Error).message}`,
      {
        cause: error,
      },
    );
  }
  if (options.chainId !== undefined && BigInt(options.chainId) !== chainId) {
    throw new ChainConnectionError(
      "CHAIN_ID_MISMATCH",
      `the chain at ${url} has chain id ${chainId}, expected ${options.chainId}`,
    );
  }
  return providerOn(request, chainId);
}

/**
 * The provider `connectJsonRpc` returns, built without asking the endpoint anything: for a chain known by its
 * id that cannot be reached now (its requests fail until it is back, and nothing retries in the background).
 */
export function staticJsonRpcProvider(
  url: string,
  chainId: number | bigint,
  options: { timeoutMs?: number } = {},
): JsonRpcProvider {
  const request = new FetchRequest(url);
  request.timeout = options.timeoutMs ?? 30_000;
  return providerOn(request, BigInt(chainId));
}

function providerOn(request: FetchRequest, chainId: bigint): JsonRpcProvider {
  const network = Network.from(chainId);
  return new JsonRpcProvider(request, network, {
    cacheTimeout: -1,
    batchMaxCount: 1,
    staticNetwork: network,
  });
}
