import { createRequire } from "node:module";
import type * as Edr from "@nomicfoundation/edr";
import { RpcError } from "./errors.js";

// EDR is a native (napi) CommonJS module; its binary ships inside the registry package.
const edr = createRequire(import.meta.url)("@nomicfoundation/edr") as typeof Edr;

/** The EVM rule set of the embedded chain: Paris (the Merge), the level FISCO BCOS 3.x executes by default. */
export const EMBEDDED_HARDFORK = "Merge";

let context: Promise<Edr.EdrContext> | undefined;

// EDR allows one context per process ("should only be called once"); every engine shares it.
function edrContext(): Promise<Edr.EdrContext> {
  context ??= (async () => {
    const ctx = new edr.EdrContext();
    await ctx.registerProviderFactory(edr.L1_CHAIN_TYPE, edr.l1ProviderFactory());
    return ctx;
  })();
  return context;
}

export interface EngineGenesis {
  chainId: number;
  blockGasLimit: bigint;
  /** Genesis block timestamp, in the chain's timestamp unit. */
  genesisTimestamp: bigint;
  accounts: ReadonlyArray<{ address: string; balance: bigint }>;
  /** Base fee of the first block, in wei; default 1 gwei. 0 keeps every block's base fee at 0 (FISCO BCOS). */
  initialBaseFeePerGas?: bigint;
}

/** The header fields of a mined block that the journal keeps. */
export interface MinedHead {
  number: number;
  hash: string;
  /** Hex quantity, in the chain's timestamp unit. */
  timestamp: string;
}

/** One EVM instance (EDR, the engine of Hardhat 2) answering Ethereum JSON-RPC requests in process. */
export class EdrEngine {
  private nextId = 0;
  private provider!: Edr.Provider;
  private head: MinedHead | undefined;

  private constructor() {}

  /**
   * The last block mined, as EDR announced it on its `newHeads` subscription. EDR delivers the
   * announcement before the request that mined the block resolves, so reading this after a mining
   * request costs no further round trip into the engine.
   */
  get latestMined(): MinedHead | undefined {
    return this.head;
  }

  static async create(genesis: EngineGenesis): Promise<EdrEngine> {
    const engine = new EdrEngine();
    const ctx = await edrContext();
    const provider = await ctx.createProvider(
      edr.L1_CHAIN_TYPE,
      {
        allowBlocksWithSameTimestamp: true,
        allowUnlimitedContractSize: false,
        bailOnCallFailure: true,
        bailOnTransactionFailure: false,
        blockGasLimit: genesis.blockGasLimit,
        chainId: BigInt(genesis.chainId),
        coinbase: Buffer.alloc(20),
        genesisState: genesis.accounts.map((a) => ({
          address: Buffer.from(a.address.slice(2), "hex"),
          balance: a.balance,
        })),
        hardfork: EMBEDDED_HARDFORK,
        initialDate: genesis.genesisTimestamp,
        initialBaseFeePerGas: genesis.initialBaseFeePerGas ?? 1_000_000_000n,
        minGasPrice: 0n,
        mining: { autoMine: true, memPool: { order: edr.MineOrdering.Fifo } },
        networkId: BigInt(genesis.chainId),
        observability: {},
        ownedAccounts: [],
        precompileOverrides: [],
      },
      { enable: false, decodeConsoleLogInputsCallback: () => [], printLineCallback: () => {} },
      {
        subscriptionCallback: (event) => {
          const head = event.result as { number: string; hash: string; timestamp: string };
          engine.head = { number: Number(head.number), hash: head.hash, timestamp: head.timestamp };
        },
      },
      new edr.ContractDecoder(),
    );
    engine.provider = provider;
    await engine.request("eth_subscribe", ["newHeads"]);
    return engine;
  }

  /** Sends one request; resolves with its result or rejects with an RpcError carrying the engine's code. */
  async request(method: string, params: readonly unknown[] = []): Promise<unknown> {
    const response = await this.provider.handleRequest(
      JSON.stringify({ jsonrpc: "2.0", id: ++this.nextId, method, params }),
    );
    const body = (typeof response.data === "string" ? JSON.parse(response.data) : response.data) as {
      result?: unknown;
      error?: { code: number; message: string; data?: unknown };
    };
    if (body.error) throw toRpcError(body.error);
    return body.result;
  }
}

/** JSON-RPC code geth and most clients use for "execution reverted", with the revert data as `data`. */
const EXECUTION_REVERTED = 3;

/**
 * EDR reports a revert with `data: { data: "0x..", reason }`; clients (ethers, viem, wallets) expect the
 * geth shape, `code: 3` and `data: "0x.."`, to decode custom errors. Other errors pass through unchanged.
 */
function toRpcError(error: { code: number; message: string; data?: unknown }): RpcError {
  const nested = (error.data as { data?: unknown } | null | undefined)?.data;
  if (typeof nested === "string" && /^0x[0-9a-fA-F]*$/.test(nested)) {
    return new RpcError(EXECUTION_REVERTED, error.message, nested);
  }
  return new RpcError(error.code, error.message, error.data ?? undefined);
}
