/**
 * An ethers v6 provider over a FISCO BCOS 3.x node's native JSON-RPC (FiscoClient), so that ethers
 * `Contract`s, `deploy()` of @permitchain/contracts and ethr-did-resolver work against FISCO BCOS.
 *
 * How ethers' operations map (ethers-format.ts lists the filled-in values):
 * - getBlockNumber, getCode, call, getBlock, getTransaction, getTransactionReceipt: the node's methods of
 *   the same purpose; block timestamps are reported in seconds;
 * - getLogs: the node's `getLogs` (FISCO BCOS 3.x filter RPC); against a node without it, the blocks of
 *   the range are scanned receipt by receipt;
 * - call and getCode read the latest state only: FISCO BCOS has no historical state queries, so a past
 *   block tag fails with FiscoUnsupportedError rather than answering from the wrong state;
 * - getTransactionCount: 0 (FISCO BCOS has no account nonces; the transaction nonce is random);
 * - getBalance: 0 (no native coin by default); getFeeData: zero gas price, no EIP-1559 fees;
 * - estimateGas: `gasLimit` option, else the chain's `tx_gas_limit` (what the node grants every
 *   transaction);
 * - chain id: FISCO BCOS names chains with strings ("chain0") and its CHAINID opcode returns 0, so the
 *   numeric id ethers reports comes from configuration (`chainId`, default 0).
 * Transactions are sent by FiscoSigner; `broadcastTransaction` of Ethereum-signed bytes is unsupported.
 */
import {
  AbstractProvider,
  Block,
  type BlockParams,
  type BlockTag,
  Log,
  type LogParams,
  makeError,
  Network,
  type PerformActionFilter,
  type PerformActionRequest,
  TransactionReceipt,
  type TransactionReceiptParams,
  TransactionResponse,
  type TransactionResponseParams,
} from "ethers";
import { FiscoClient, type FiscoClientOptions } from "./client.js";
import { FiscoRpcError, FiscoUnsupportedError } from "./errors.js";
import {
  blockParams,
  filterLogParams,
  receiptLogParams,
  receiptParams,
  transactionParams,
} from "./ethers-format.js";
import { JsonRpcErrorCode } from "./rpc-error-codes.js";
import { transactionStatusName } from "./transaction-status.js";
import type { FiscoReceipt } from "./types.js";

export interface FiscoProviderOptions {
  /** The numeric chain id ethers reports (FISCO's own id is a string); default 0. */
  chainId?: bigint | number;
  /** Network name; default "fisco". */
  name?: string;
  /** Event polling interval in ms; default 1000. */
  pollingInterval?: number;
  /** What estimateGas answers; default the chain's `tx_gas_limit`. */
  gasLimit?: bigint;
}

const LATEST_TAGS = new Set(["latest", "pending", "safe", "finalized"]);

export class FiscoProvider extends AbstractProvider {
  readonly client: FiscoClient;
  private readonly ownsClient: boolean;
  private readonly fixedNetwork: Network;
  private readonly gasLimit: bigint | undefined;
  private txGasLimit: Promise<bigint> | undefined;

  constructor(client: FiscoClient | FiscoClientOptions, options: FiscoProviderOptions = {}) {
    const network = new Network(options.name ?? "fisco", BigInt(options.chainId ?? 0));
    super(network, { cacheTimeout: -1, pollingInterval: options.pollingInterval ?? 1000 });
    this.ownsClient = !(client instanceof FiscoClient);
    this.client = client instanceof FiscoClient ? client : new FiscoClient(client);
    this.fixedNetwork = network;
    this.gasLimit = options.gasLimit;
  }

  override async _detectNetwork(): Promise<Network> {
    return this.fixedNetwork.clone();
  }

  // Values from _perform are already ethers parameter objects (ethers-format.ts).
  override _wrapBlock(value: BlockParams, _network: Network): Block {
    return new Block(value, this);
  }
  override _wrapLog(value: LogParams, _network: Network): Log {
    return new Log(value, this);
  }
  override _wrapTransactionReceipt(value: TransactionReceiptParams, _network: Network): TransactionReceipt {
    return new TransactionReceipt(value, this);
  }
  override _wrapTransactionResponse(
    value: TransactionResponseParams,
    _network: Network,
  ): TransactionResponse {
    return new TransactionResponse(value, this);
  }

  override async _perform<T = unknown>(req: PerformActionRequest): Promise<T> {
    return (await this.perform(req)) as T;
  }

  private async perform(req: PerformActionRequest): Promise<unknown> {
    switch (req.method) {
      case "chainId":
        return this.fixedNetwork.chainId;
      case "getBlockNumber":
        return this.client.getBlockNumber();
      case "getGasPrice":
      case "getPriorityFee":
      case "getBalance":
        return 0n;
      case "getTransactionCount":
        return 0;
      case "estimateGas":
        return this.estimateGas_();
      case "getCode":
        await this.requireLatest(req.blockTag);
        return this.client.getCode(req.address);
      case "call":
        return this.call_(req.transaction.to ?? null, req.transaction.data ?? "0x", req.blockTag);
      case "getBlock":
        return "blockHash" in req && req.blockHash !== undefined
          ? this.blockByHash(req.blockHash, req.includeTransactions)
          : this.blockByTag((req as { blockTag: string }).blockTag, req.includeTransactions);
      case "getTransaction":
        return this.transaction(req.hash);
      case "getTransactionReceipt":
        return this.receipt(req.hash);
      case "getLogs":
        return this.logs(req.filter);
      default:
        throw new FiscoUnsupportedError(`${req.method} is not available on FISCO BCOS`, {
          details: { method: req.method },
        });
    }
  }

  private async requireLatest(blockTag: BlockTag | undefined): Promise<void> {
    if (blockTag === undefined || (typeof blockTag === "string" && LATEST_TAGS.has(blockTag))) return;
    const head = await this.client.getBlockNumber();
    if (Number(blockTag) === head) return;
    throw new FiscoUnsupportedError(
      `FISCO BCOS answers calls from the latest state only; block ${blockTag} is not the head (${head})`,
      { details: { blockTag, head } },
    );
  }

  private estimateGas_(): Promise<bigint> {
    if (this.gasLimit !== undefined) return Promise.resolve(this.gasLimit);
    this.txGasLimit ??= this.client.getSystemConfigByKey("tx_gas_limit").then(({ value }) => BigInt(value));
    return this.txGasLimit;
  }

  private async call_(to: string | null, data: string, blockTag: BlockTag | undefined): Promise<string> {
    if (to === null) throw new FiscoUnsupportedError("a FISCO BCOS call needs a contract address (to)");
    await this.requireLatest(blockTag);
    const result = await this.client.call(to, data);
    if (result.status === 0) return result.output;
    throw makeError(
      `execution reverted (FISCO status ${result.status} ${transactionStatusName(result.status)})`,
      "CALL_EXCEPTION",
      {
        action: "call",
        data: result.output === "0x" ? null : result.output,
        reason: null,
        transaction: { to, data },
        invocation: null,
        revert: null,
        info: { fiscoStatus: result.status, fiscoStatusName: transactionStatusName(result.status) },
      },
    );
  }

  private async blockByTag(tag: string, includeTransactions: boolean): Promise<BlockParams | null> {
    const head = await this.client.getBlockNumber();
    const number = LATEST_TAGS.has(tag) ? head : tag === "earliest" ? 0 : Number(tag);
    if (!Number.isSafeInteger(number) || number < 0 || number > head) return null;
    const block = await this.client.getBlockByNumber(number, { onlyTxHash: !includeTransactions });
    return this.toBlockParams(block);
  }

  private async blockByHash(hash: string, includeTransactions: boolean): Promise<BlockParams | null> {
    try {
      const block = await this.client.getBlockByHash(hash, { onlyTxHash: !includeTransactions });
      return this.toBlockParams(block);
    } catch (error) {
      if (error instanceof FiscoRpcError && error.rpcCode > 0) return null;
      throw error;
    }
  }

  private toBlockParams(block: Awaited<ReturnType<FiscoClient["getBlockByNumber"]>>): BlockParams {
    const chainId = this.fixedNetwork.chainId;
    const txs = (block.transactions ?? []).map((tx, index) =>
      typeof tx === "string"
        ? tx
        : transactionParams(tx, { blockNumber: block.number, blockHash: block.hash, index, chainId }),
    );
    return blockParams(block, txs);
  }

  private async transaction(hash: string): Promise<TransactionResponseParams | null> {
    const tx = await this.client.getTransaction(hash);
    if (tx === null) return null;
    const receipt = await this.client.getTransactionReceipt(hash);
    const blockHash = receipt === null ? null : await this.client.getBlockHashByNumber(receipt.blockNumber);
    return transactionParams(tx, {
      blockNumber: receipt?.blockNumber ?? null,
      blockHash,
      index: 0,
      chainId: this.fixedNetwork.chainId,
    });
  }

  private async receipt(hash: string): Promise<TransactionReceiptParams | null> {
    const receipt = await this.client.getTransactionReceipt(hash);
    if (receipt === null) return null;
    return this.toReceiptParams(receipt);
  }

  /** The ethers receipt parameters of a FISCO receipt (block hash looked up). */
  async toReceiptParams(receipt: FiscoReceipt): Promise<TransactionReceiptParams> {
    const blockHash = await this.client.getBlockHashByNumber(receipt.blockNumber);
    return receiptParams(receipt, blockHash);
  }

  private async logs(filter: PerformActionFilter): Promise<LogParams[]> {
    const f = filter as {
      address?: string | string[];
      topics?: Array<null | string | string[]>;
      fromBlock?: string;
      toBlock?: string;
      blockHash?: string;
    };
    const request = {
      fromBlock: f.fromBlock ?? "latest",
      toBlock: f.toBlock ?? "latest",
      address: f.address === undefined ? [] : Array.isArray(f.address) ? f.address : [f.address],
      topics: f.topics ?? [],
      ...(f.blockHash === undefined ? {} : { blockhash: f.blockHash }),
    };
    try {
      return (await this.client.getLogs(request)).map(filterLogParams);
    } catch (error) {
      if (!(error instanceof FiscoRpcError) || error.rpcCode !== JsonRpcErrorCode.MethodNotFound) throw error;
      return this.scanLogs(request);
    }
  }

  /** getLogs for nodes without the filter RPC: read the receipts of every block in the range. */
  private async scanLogs(request: {
    fromBlock: string;
    toBlock: string;
    address: string[];
    topics: Array<null | string | string[]>;
    blockhash?: string;
  }): Promise<LogParams[]> {
    const head = await this.client.getBlockNumber();
    const tag = (t: string) => (LATEST_TAGS.has(t) ? head : t === "earliest" ? 0 : Number(t));
    let from = tag(request.fromBlock);
    let to = Math.min(tag(request.toBlock), head);
    if (request.blockhash !== undefined) {
      const block = await this.client.getBlockByHash(request.blockhash, { onlyHeader: true });
      from = block.number;
      to = block.number;
    }
    const addresses = new Set(request.address.map((a) => a.toLowerCase()));
    const out: LogParams[] = [];
    for (let n = from; n <= to; n++) {
      const block = await this.client.getBlockByNumber(n, { onlyTxHash: true });
      for (const [index, entry] of (block.transactions ?? []).entries()) {
        const hash = typeof entry === "string" ? entry : entry.hash;
        const receipt = await this.client.getTransactionReceipt(hash);
        if (receipt === null || receipt.status !== 0) continue;
        for (const log of receiptLogParams(receipt, block.hash, index)) {
          if (addresses.size > 0 && !addresses.has(log.address.toLowerCase())) continue;
          const match = request.topics.every((want, k) => {
            if (want === null) return true;
            const topic = log.topics[k]?.toLowerCase();
            return (Array.isArray(want) ? want : [want]).some((w) => w.toLowerCase() === topic);
          });
          if (match) out.push(log);
        }
      }
    }
    return out;
  }

  override destroy(): void {
    super.destroy();
    if (this.ownsClient) void this.client.close();
  }
}
