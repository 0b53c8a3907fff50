/**
 * One way to reach the chain a service or the CLI works on, whatever its kind: an Ethereum JSON-RPC endpoint
 * (`evm`: the embedded chain, FISCO BCOS web3 RPC, Besu, Geth, anvil) or a FISCO BCOS 3.x node's native
 * JSON-RPC (`fisco`).
 *
 * Both kinds treat a chain that cannot be reached the same way: the provider is returned all the same, with the
 * reason in `unreachable`, so that a long-running service can start, answer "unavailable" and recover when the
 * chain is back, while a one-shot command (`permitchain up`) throws `unreachable` itself. What no retry can fix
 * is thrown at once: another chain id (ChainConnectionError `CHAIN_ID_MISMATCH`), a group the node does not
 * serve (FiscoGroupNotFoundError `FISCO_GROUP_NOT_FOUND`), TLS material that cannot be used or a node that
 * refuses it (FiscoTlsError), a URL the client cannot use (FiscoClientConfigError).
 */
import type { JsonRpcProvider } from "ethers";
import { ChainConnectionError, connectJsonRpc, staticJsonRpcProvider } from "./evm/connect.js";
import type { FiscoChainInfo } from "./fisco/client/chain-info.js";
import type { FiscoClient } from "./fisco/client/client.js";
import {
  FiscoGroupNotFoundError,
  FiscoRpcError,
  FiscoTlsError,
  FiscoTransportError,
} from "./fisco/client/errors.js";
import { FiscoProvider } from "./fisco/client/provider.js";

/** `evm`: an Ethereum JSON-RPC endpoint; `fisco`: a FISCO BCOS 3.x node's native JSON-RPC. */
export type ChainEndpointKind = "evm" | "fisco";

/** Where a FISCO BCOS node serves the group (defaults as `permitchain up --chain fisco`). */
export interface FiscoEndpointOptions {
  /** The group; default "group0". */
  readonly group?: string | undefined;
  /** The node within the group; default "" (the RPC picks one). */
  readonly node?: string | undefined;
  /** Directory holding `ca.crt`, `sdk.crt` and `sdk.key` (the node's `sdk/` folder), for https:// and wss://. */
  readonly certDir?: string | undefined;
}

export interface ConnectChainEndpointOptions {
  readonly kind: ChainEndpointKind;
  /** evm: `http(s)://`; fisco: `http(s)://` or `ws(s)://`. */
  readonly url: string;
  /**
   * The chain id expected. evm: the endpoint's `eth_chainId` must match, and an unreachable endpoint is
   * tolerated only when it is given (the provider is pinned to it). fisco: the numeric id the provider reports
   * (FISCO names its chains with strings; default 0), which the node's `web3_chain_id`, when set, must match.
   */
  readonly chainId?: number | undefined;
  /** Per-request time limit in milliseconds; default 30,000. */
  readonly timeoutMs?: number | undefined;
  /** Read for `fisco` only. */
  readonly fisco?: FiscoEndpointOptions | undefined;
}

/** A connected Ethereum JSON-RPC endpoint. */
export interface ConnectedEvmEndpoint {
  readonly kind: "evm";
  readonly provider: JsonRpcProvider;
  /** Set when the endpoint could not be reached: the provider's requests fail until it is back. */
  readonly unreachable?: ChainConnectionError;
}

/** A connected FISCO BCOS node. */
export interface ConnectedFiscoEndpoint {
  readonly kind: "fisco";
  readonly provider: FiscoProvider;
  /** The group as the node described it (chain name, SM crypto, nodes); absent when it could not be reached. */
  readonly group?: FiscoChainInfo;
  /** Set when the node could not be reached: the provider's requests fail until it is back. */
  readonly unreachable?: ChainConnectionError;
}

export type ConnectedChainEndpoint = ConnectedEvmEndpoint | ConnectedFiscoEndpoint;

/** Connects to the chain at `options.url` (see the module comment for what is thrown and what is tolerated). */
export async function connectChainEndpoint(
  options: ConnectChainEndpointOptions,
): Promise<ConnectedChainEndpoint> {
  return options.kind === "fisco" ? connectFisco(options) : connectEvm(options);
}

async function connectEvm(options: ConnectChainEndpointOptions): Promise<ConnectedEvmEndpoint> {
  const { url, chainId, timeoutMs } = options;
  try {
    return { kind: "evm", provider: await connectJsonRpc(url, { chainId, timeoutMs }) };
  } catch (error) {
    if (
      !(error instanceof ChainConnectionError) ||
      error.code !== "CHAIN_UNREACHABLE" ||
      chainId === undefined
    ) {
      throw error;
    }
    return { kind: "evm", provider: staticJsonRpcProvider(url, chainId, { timeoutMs }), unreachable: error };
  }
}

async function connectFisco(options: ConnectChainEndpointOptions): Promise<ConnectedFiscoEndpoint> {
  const { url, fisco = {} } = options;
  const group = fisco.group ?? "group0";
  const chainId = options.chainId ?? 0;
  const provider = new FiscoProvider(
    {
      url,
      groupId: group,
      node: fisco.node ?? "",
      ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
      ...(fisco.certDir === undefined ? {} : { tls: { certDir: fisco.certDir } }),
    },
    { chainId },
  );
  let info: FiscoChainInfo;
  let web3ChainId: bigint | undefined;
  try {
    // getGroupInfo, kept by the client for the transactions it signs later
    info = await provider.client.chainInfo();
    web3ChainId = await reportedWeb3ChainId(provider.client);
  } catch (error) {
    if (error instanceof FiscoTransportError && !(error instanceof FiscoTlsError)) {
      const reason = `cannot reach a FISCO BCOS node at ${url} (group ${group}): ${error.message}`;
      return {
        kind: "fisco",
        provider,
        unreachable: new ChainConnectionError("CHAIN_UNREACHABLE", reason, { cause: error }),
      };
    }
    provider.destroy();
    throw error;
  }
  if (web3ChainId !== undefined && options.chainId !== undefined && web3ChainId !== BigInt(chainId)) {
    provider.destroy();
    throw new ChainConnectionError(
      "CHAIN_ID_MISMATCH",
      `the FISCO BCOS chain at ${url} has web3_chain_id ${web3ChainId}, expected ${chainId}`,
    );
  }
  return { kind: "fisco", provider, group: info };
}

/**
 * The chain's numeric id as its web3 RPC reports it (`web3_chain_id`, FISCO BCOS >= 3.9), when set; undefined
 * when the node has no such entry or it is 0 (never set).
 */
async function reportedWeb3ChainId(client: FiscoClient): Promise<bigint | undefined> {
  let value: string;
  try {
    ({ value } = await client.getSystemConfigByKey("web3_chain_id"));
  } catch (error) {
    if (error instanceof FiscoRpcError && !(error instanceof FiscoGroupNotFoundError)) return undefined;
    throw error;
  }
  if (!/^\d+$/.test(value.trim())) return undefined;
  const id = BigInt(value.trim());
  return id === 0n ? undefined : id;
}
