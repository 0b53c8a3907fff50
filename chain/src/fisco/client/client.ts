/**
 * JSON-RPC client of a FISCO BCOS 3.x node (the RPC port, 20200 by default, over HTTP(S) or WebSocket).
 *
 * Methods and parameter order follow the node: group and node name first, then the method's own
 * arguments (FISCO-BCOS/FISCO-BCOS bcos-rpc/jsonrpc/JsonRpcInterface.cpp and JsonRpcImpl_2_0.cpp;
 * FISCO-BCOS/java-sdk ClientImpl.java; FISCO-BCOS-DOC 3.x docs/develop/api.md). The node name may be
 * "" (any node of the group). Errors are typed (errors.ts): the node's JSON-RPC errors keep its code and
 * message; transaction statuses become FiscoTransactionStatusError; transport failures are retried when
 * that is safe (retry.ts) and every attempt is bounded by `timeoutMs`.
 */
import { type SignedTransaction, signTransaction, verifyTransaction } from "../sign-transaction.js";
import { cryptoSuite, type PrivateKeyInput } from "../signature.js";
import { blockLimitFor, checkBlockLimitOffset, DEFAULT_BLOCK_LIMIT_OFFSET } from "./block-limit.js";
import { chainInfoFromGroupInfo, type FiscoChainInfo } from "./chain-info.js";
import {
  FiscoBadResponseError,
  FiscoClientConfigError,
  FiscoGroupNotFoundError,
  FiscoRpcError,
  FiscoTransactionStatusError,
} from "./errors.js";
import { HttpTransport } from "./http-transport.js";
import { DEFAULT_RETRY_POLICY, type RetryPolicy, withRetries } from "./retry.js";
import { isGroupNotFoundCode, isNotFoundCode, JsonRpcErrorCode } from "./rpc-error-codes.js";
import { sendAtMostOnce } from "./safe-send.js";
import type { FiscoTlsOptions } from "./tls-options.js";
import { TXPOOL_STATUS_MIN, transactionStatusKind } from "./transaction-status.js";
import type { Transport } from "./transport.js";
import type {
  FiscoBlock,
  FiscoCallResult,
  FiscoFilterLog,
  FiscoGroupInfo,
  FiscoLogFilter,
  FiscoReceipt,
  FiscoSystemConfig,
  FiscoTransactionJson,
} from "./types.js";
import { WsTransport } from "./ws-transport.js";

export interface FiscoClientOptions {
  /** `http(s)://host:port` or `ws(s)://host:port` of the node's RPC; or give `transport`. */
  url?: string;
  transport?: Transport;
  /** SDK certificates for `https:` / `wss:` (tls-options.ts). */
  tls?: FiscoTlsOptions;
  /** Default "group0". */
  groupId?: string;
  /** Node name within the group; default "" (the RPC picks one). */
  node?: string;
  /** Limit of one attempt of one request, connect included; default 30 s. */
  timeoutMs?: number;
  retry?: Partial<RetryPolicy>;
  /** blockLimit = current block + this (1..1000); default 500. */
  blockLimitOffset?: number;
  /** How often a lost transaction's receipt is looked up; default 500 ms. */
  receiptPollIntervalMs?: number;
  /** How long a lost transaction's receipt is looked for; default 60 s. */
  outcomeTimeoutMs?: number;
}

export interface SendTransactionOptions {
  withProof?: boolean;
  /** Return a receipt whose status is a failure instead of throwing FiscoTransactionStatusError. */
  allowFailure?: boolean;
}

export interface TransactionRequest {
  /** Callee; omit to deploy `input` as a contract. */
  to?: string;
  /** Call data or creation code (hex or bytes). */
  input: string | Uint8Array;
  /** Contract ABI JSON, customarily given on deployments (the node stores it); default "". */
  abi?: string;
}

export interface SubmittedTransaction {
  transaction: SignedTransaction;
  receipt: FiscoReceipt;
}

type RpcBody = { jsonrpc: "2.0"; id: number; method: string; params: readonly unknown[] };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function makeTransport(options: FiscoClientOptions): Transport {
  if (options.transport !== undefined) return options.transport;
  if (options.url === undefined) throw new FiscoClientConfigError("give the node's url or a transport");
  const protocol = options.url.split(":", 1)[0]?.toLowerCase();
  if (protocol === "ws" || protocol === "wss") return new WsTransport({ url: options.url, tls: options.tls });
  return new HttpTransport({ url: options.url, tls: options.tls });
}

export class FiscoClient {
  readonly groupId: string;
  readonly node: string;
  readonly transport: Transport;
  readonly timeoutMs: number;
  readonly blockLimitOffset: number;
  private readonly retryPolicy: RetryPolicy;
  private readonly pollIntervalMs: number;
  private readonly outcomeTimeoutMs: number;
  private nextId = 0;
  private info: Promise<FiscoChainInfo> | undefined;

  constructor(options: FiscoClientOptions) {
    this.groupId = options.groupId ?? "group0";
    this.node = options.node ?? "";
    this.timeoutMs = options.timeoutMs ?? 30_000;
    if (!(this.timeoutMs > 0)) throw new FiscoClientConfigError("timeoutMs must be positive");
    this.blockLimitOffset = checkBlockLimitOffset(options.blockLimitOffset ?? DEFAULT_BLOCK_LIMIT_OFFSET);
    this.retryPolicy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
    this.pollIntervalMs = options.receiptPollIntervalMs ?? 500;
    this.outcomeTimeoutMs = options.outcomeTimeoutMs ?? 60_000;
    this.transport = makeTransport(options);
  }

  /**
   * One JSON-RPC request, retried on transport failures (all of them when `idempotent`, otherwise only
   * those that prove the node did not get it). Resolves with `result`; the node's errors reject as
   * FiscoRpcError (FiscoGroupNotFoundError for an unknown group or node).
   */
  request(method: string, params: readonly unknown[], idempotent = true): Promise<unknown> {
    return withRetries(this.retryPolicy, idempotent, () => this.requestOnce(method, params, false));
  }

  private async requestOnce(method: string, params: readonly unknown[], unique: boolean): Promise<unknown> {
    const body: RpcBody = { jsonrpc: "2.0", id: ++this.nextId, method, params };
    const response = await this.transport.request({ body, timeoutMs: this.timeoutMs, unique });
    return this.unwrap(method, body.id, response);
  }

  private unwrap(method: string, id: number, response: unknown): unknown {
    if (!isRecord(response)) {
      throw new FiscoBadResponseError(`${method}: the answer is not a JSON-RPC response object`);
    }
    if (response.id !== undefined && response.id !== null && Number(response.id) !== id) {
      throw new FiscoBadResponseError(`${method}: answer for request ${String(response.id)}, expected ${id}`);
    }
    const error = response.error;
    if (isRecord(error) && typeof error.code === "number" && error.code !== 0) {
      const message = typeof error.message === "string" ? error.message : "";
      if (isGroupNotFoundCode(error.code)) throw new FiscoGroupNotFoundError(method, error.code, message);
      throw new FiscoRpcError(method, error.code, message);
    }
    if (!("result" in response)) throw new FiscoBadResponseError(`${method}: the answer has no result`);
    return response.result;
  }

  // --- contract calls and transactions -------------------------------------------------------------

  /** Executes `data` against `to` at the latest state, without a transaction (`call`). */
  async call(to: string, data: string): Promise<FiscoCallResult> {
    const result = await this.request("call", [this.groupId, this.node, bareAddress(to), hexData(data)]);
    if (!isRecord(result) || typeof result.status !== "number") {
      throw new FiscoBadResponseError("call: the result has no status");
    }
    return {
      blockNumber: Number(result.blockNumber ?? 0),
      status: result.status,
      output: typeof result.output === "string" ? result.output : "0x",
    };
  }

  /**
   * Sends a signed transaction (`sendTransaction [group, node, txHex, withProof]`) and resolves with its
   * receipt once committed, never sending it twice (safe-send.ts). A status other than 0 throws
   * FiscoTransactionStatusError (a refusal by the transaction pool always does; an on-chain failure
   * unless `allowFailure`).
   */
  async sendTransaction(
    signed: SignedTransaction | string,
    options: SendTransactionOptions = {},
  ): Promise<FiscoReceipt> {
    const { hex, hash, blockLimit } = await this.describe(signed);
    const params = [this.groupId, this.node, hex, options.withProof ?? false];
    let outcome: Awaited<ReturnType<typeof sendAtMostOnce>>;
    try {
      outcome = await sendAtMostOnce(
        {
          send: () => this.requestOnce("sendTransaction", params, true),
          getTransactionReceipt: (h) => this.getTransactionReceipt(h),
          getBlockNumber: () => this.getBlockNumber(),
          retry: this.retryPolicy,
          pollIntervalMs: this.pollIntervalMs,
          outcomeTimeoutMs: this.outcomeTimeoutMs,
        },
        hash,
        blockLimit,
      );
    } catch (error) {
      if (error instanceof FiscoRpcError && error.rpcCode >= TXPOOL_STATUS_MIN) {
        throw new FiscoTransactionStatusError(error.rpcCode, hash, {
          nodeMessage: error.nodeMessage,
          cause: error,
        });
      }
      throw error;
    }
    const receipt =
      outcome.kind === "recovered" ? outcome.receipt : asReceipt("sendTransaction", outcome.result);
    const kind = transactionStatusKind(receipt.status);
    if (kind === "rejected" || (kind !== "success" && options.allowFailure !== true)) {
      throw new FiscoTransactionStatusError(receipt.status, receipt.transactionHash || hash, { receipt });
    }
    return receipt;
  }

  /**
   * Builds, signs and sends a transaction for this group: chain and group ids from `getGroupInfo`,
   * `blockLimit` = current block + `blockLimitOffset`, a random 256-bit nonce, the crypto suite of the
   * chain (ECDSA or SM) unless `suite` says otherwise.
   */
  async submitTransaction(
    request: TransactionRequest,
    privateKey: PrivateKeyInput,
    options: SendTransactionOptions & { suite?: "ecdsa" | "sm" } = {},
  ): Promise<SubmittedTransaction> {
    const info = await this.chainInfo();
    const suite = cryptoSuite(options.suite ?? (info.smCrypto ? "sm" : "ecdsa"));
    const transaction = signTransaction(
      {
        chainID: info.chainId,
        groupID: info.groupId,
        blockLimit: await this.nextBlockLimit(),
        to: request.to,
        input: request.input,
        abi: request.abi,
      },
      suite,
      privateKey,
    );
    const receipt = await this.sendTransaction(transaction, options);
    return { transaction, receipt };
  }

  private async describe(
    signed: SignedTransaction | string,
  ): Promise<{ hex: string; hash: string; blockLimit: bigint }> {
    if (typeof signed !== "string") {
      return { hex: signed.hex, hash: signed.hash, blockLimit: signed.transaction.data.blockLimit };
    }
    const info = await this.chainInfo();
    const { transaction, dataHash } = verifyTransaction(signed, cryptoSuite(info.smCrypto ? "sm" : "ecdsa"));
    const hex = signed.startsWith("0x") ? signed : `0x${signed}`;
    return {
      hex,
      hash: `0x${Buffer.from(dataHash).toString("hex")}`,
      blockLimit: transaction.data.blockLimit,
    };
  }

  // --- queries --------------------------------------------------------------------------------------

  /** The receipt, or null when the node has none (yet) for `hash`. */
  async getTransactionReceipt(hash: string, withProof = false): Promise<FiscoReceipt | null> {
    try {
      const result = await this.request("getTransactionReceipt", [this.groupId, this.node, hash, withProof]);
      if (result === null || (isRecord(result) && Object.keys(result).length === 0)) return null;
      return asReceipt("getTransactionReceipt", result);
    } catch (error) {
      return nullWhenNotFound(error);
    }
  }

  /** The transaction, or null when the node does not know `hash`. */
  async getTransaction(hash: string, withProof = false): Promise<FiscoTransactionJson | null> {
    try {
      const result = await this.request("getTransaction", [this.groupId, this.node, hash, withProof]);
      if (!isRecord(result) || typeof result.hash !== "string") return null;
      return result as unknown as FiscoTransactionJson;
    } catch (error) {
      return nullWhenNotFound(error);
    }
  }

  async getBlockNumber(): Promise<number> {
    const result = await this.request("getBlockNumber", [this.groupId, this.node]);
    const number = typeof result === "string" ? Number(result) : result;
    if (typeof number !== "number" || !Number.isSafeInteger(number) || number < 0) {
      throw new FiscoBadResponseError(`getBlockNumber: not a block number: ${JSON.stringify(result)}`);
    }
    return number;
  }

  async getBlockByNumber(
    blockNumber: number,
    options: { onlyHeader?: boolean; onlyTxHash?: boolean } = {},
  ): Promise<FiscoBlock> {
    const result = await this.request("getBlockByNumber", [
      this.groupId,
      this.node,
      blockNumber,
      options.onlyHeader ?? false,
      options.onlyTxHash ?? true,
    ]);
    return asBlock("getBlockByNumber", result);
  }

  async getBlockByHash(
    blockHash: string,
    options: { onlyHeader?: boolean; onlyTxHash?: boolean } = {},
  ): Promise<FiscoBlock> {
    const result = await this.request("getBlockByHash", [
      this.groupId,
      this.node,
      blockHash,
      options.onlyHeader ?? false,
      options.onlyTxHash ?? true,
    ]);
    return asBlock("getBlockByHash", result);
  }

  async getBlockHashByNumber(blockNumber: number): Promise<string> {
    const result = await this.request("getBlockHashByNumber", [this.groupId, this.node, blockNumber]);
    if (typeof result !== "string") throw new FiscoBadResponseError("getBlockHashByNumber: not a hash");
    return result;
  }

  /** Deployed code of `address` as 0x hex; "0x" when there is none. */
  async getCode(address: string): Promise<string> {
    const result = await this.request("getCode", [this.groupId, this.node, address.toLowerCase()]);
    if (typeof result !== "string") throw new FiscoBadResponseError("getCode: the result is not a string");
    if (result === "") return "0x";
    return result.startsWith("0x") ? result : `0x${result}`;
  }

  /** A system configuration entry (`tx_count_limit`, `tx_gas_limit`, `feature_*`, ...). */
  async getSystemConfigByKey(key: string): Promise<FiscoSystemConfig> {
    const result = await this.request("getSystemConfigByKey", [this.groupId, this.node, key]);
    if (!isRecord(result) || typeof result.value !== "string") {
      throw new FiscoBadResponseError(`getSystemConfigByKey(${key}): the result has no value`);
    }
    return { value: result.value, blockNumber: Number(result.blockNumber ?? 0) };
  }

  /**
   * The group's description (`getGroupInfo [group]`). The node answers `null` for a group it does not
   * serve; that becomes FiscoGroupNotFoundError.
   */
  async getGroupInfo(): Promise<FiscoGroupInfo> {
    const result = await this.request("getGroupInfo", [this.groupId]);
    if (!isRecord(result) || typeof result.groupID !== "string") {
      throw new FiscoGroupNotFoundError(
        "getGroupInfo",
        JsonRpcErrorCode.GroupNotExist,
        `The group ${this.groupId} does not exist (the node answered ${JSON.stringify(result)})`,
      );
    }
    return result as unknown as FiscoGroupInfo;
  }

  /** Event logs (`getLogs [group, filter]`, FISCO BCOS 3.x filter RPC; FilterRequest.cpp). */
  async getLogs(filter: FiscoLogFilter): Promise<FiscoFilterLog[]> {
    const result = await this.request("getLogs", [this.groupId, filter]);
    if (!Array.isArray(result)) throw new FiscoBadResponseError("getLogs: the result is not an array");
    return result as FiscoFilterLog[];
  }

  // --- derived --------------------------------------------------------------------------------------

  /** Chain id, group id and crypto type of the group, read once. */
  chainInfo(): Promise<FiscoChainInfo> {
    this.info ??= this.getGroupInfo().then(chainInfoFromGroupInfo);
    const info = this.info;
    info.catch(() => {
      if (this.info === info) this.info = undefined;
    });
    return info;
  }

  /** The blockLimit for a transaction sent now. */
  async nextBlockLimit(): Promise<bigint> {
    return blockLimitFor(await this.getBlockNumber(), this.blockLimitOffset);
  }

  /**
   * The unit of `block.timestamp` inside contracts: seconds once `feature_evm_timestamp` is enabled
   * (FISCO BCOS >= 3.12), milliseconds otherwise (an absent key means the feature is off).
   */
  async getEvmTimestampUnit(): Promise<"seconds" | "milliseconds"> {
    try {
      const { value } = await this.getSystemConfigByKey("feature_evm_timestamp");
      return value === "1" ? "seconds" : "milliseconds";
    } catch (error) {
      if (error instanceof FiscoRpcError && !(error instanceof FiscoGroupNotFoundError))
        return "milliseconds";
      throw error;
    }
  }

  async close(): Promise<void> {
    await this.transport.close();
  }
}

function bareAddress(address: string): string {
  return address.replace(/^0x/i, "").toLowerCase();
}

function hexData(data: string): string {
  return data.startsWith("0x") || data.startsWith("0X") ? data : `0x${data}`;
}

function asReceipt(method: string, value: unknown): FiscoReceipt {
  if (!isRecord(value) || typeof value.status !== "number" || typeof value.transactionHash !== "string") {
    throw new FiscoBadResponseError(`${method}: the result is not a receipt`, {
      details: { result: JSON.stringify(value)?.slice(0, 200) },
    });
  }
  return {
    ...(value as unknown as FiscoReceipt),
    blockNumber: Number(value.blockNumber ?? 0),
    logEntries: Array.isArray(value.logEntries) ? (value.logEntries as FiscoReceipt["logEntries"]) : [],
    output: typeof value.output === "string" ? value.output : "0x",
    contractAddress: typeof value.contractAddress === "string" ? value.contractAddress : "",
    message: typeof value.message === "string" ? value.message : "",
    gasUsed: String(value.gasUsed ?? "0"),
  };
}

function asBlock(method: string, value: unknown): FiscoBlock {
  if (!isRecord(value) || typeof value.hash !== "string" || typeof value.number !== "number") {
    throw new FiscoBadResponseError(`${method}: the result is not a block`);
  }
  return value as unknown as FiscoBlock;
}

/** A lookup that the node answers with "not found" (in a group it knows) yields null; anything else throws. */
function nullWhenNotFound(error: unknown): null {
  if (
    error instanceof FiscoRpcError &&
    !(error instanceof FiscoGroupNotFoundError) &&
    isNotFoundCode(error.rpcCode)
  ) {
    return null;
  }
  throw error;
}
