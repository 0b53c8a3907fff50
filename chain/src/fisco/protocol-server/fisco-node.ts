/**
 * The JSON-RPC methods of a FISCO BCOS 3.x node, answered from the ledger and the EVM backend. Method
 * names and parameter order: FISCO-BCOS/FISCO-BCOS bcos-rpc/jsonrpc/JsonRpcInterface.cpp (`initMethod`)
 * and JsonRpcImpl_2_0.cpp; the group (and for most methods the node name, "" meaning any) come first.
 * Requests are handled one at a time, so a transaction's block is complete before anything else is read.
 */
import { toHex } from "../bytes.js";
import { TransactionStatus } from "../client/transaction-status.js";
import type { FiscoFilterLog } from "../client/types.js";
import type { CryptoSuite } from "../signature.js";
import type { EvmBackend } from "./evm-backend.js";
import { type GroupConfig, groupInfoJson, systemConfig } from "./group-config.js";
import type { Ledger, TxRecord } from "./ledger.js";
import { entryNotFound, invalidRequest, methodNotFound, NodeRpcError, nodeNotFound } from "./node-errors.js";
import {
  blockJson,
  filterLogJson,
  getReceiptJson,
  sendTransactionJson,
  transactionJson,
} from "./node-json.js";
import { admitTransaction } from "./tx-admission.js";

export interface FiscoNodeContext {
  config: GroupConfig;
  suite: CryptoSuite;
  ledger: Ledger;
  evm: EvmBackend;
  blockLimitWindow: number;
}

const ZERO_ADDRESS = "0x0000000000000000000000000000000000000000";

/** The methods served (a subset of JsonRpcInterface.cpp `initMethod`); others are MethodNotFound. */
const METHODS = new Set([
  "getGroupList",
  "getGroupInfo",
  "getGroupInfoList",
  "getGroupNodeInfo",
  "getLogs",
  "getBlockNumber",
  "getBlockByNumber",
  "getBlockByHash",
  "getBlockHashByNumber",
  "getTransaction",
  "getTransactionReceipt",
  "getCode",
  "getABI",
  "call",
  "sendTransaction",
  "getSystemConfigByKey",
  "getTotalTransactionCount",
  "getPendingTxSize",
  "getSealerList",
  "getObserverList",
]);

function str(params: readonly unknown[], index: number, name: string): string {
  const value = params[index];
  if (typeof value !== "string") throw invalidRequest(`parameter ${index} (${name}) must be a string`);
  return value;
}

function bool(params: readonly unknown[], index: number, fallback: boolean): boolean {
  const value = params[index];
  return typeof value === "boolean" ? value : fallback;
}

function int(params: readonly unknown[], index: number, name: string): number {
  const value = params[index];
  const number = typeof value === "string" ? Number(value) : value;
  if (typeof number !== "number" || !Number.isSafeInteger(number)) {
    throw invalidRequest(`parameter ${index} (${name}) must be an integer`);
  }
  return number;
}

function withPrefix(hex: string): string {
  return hex.startsWith("0x") || hex.startsWith("0X") ? hex : `0x${hex}`;
}

export class FiscoNode {
  private queue: Promise<unknown> = Promise.resolve();
  /** How many `sendTransaction` requests reached the handler (tests check for duplicates). */
  sendTransactionCount = 0;

  constructor(private readonly ctx: FiscoNodeContext) {}

  /** Handles one request; resolves with the result or rejects with a NodeRpcError. */
  handle(method: string, params: readonly unknown[]): Promise<unknown> {
    const run = this.queue.then(() => this.dispatch(method, params));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private checkGroup(method: string, params: readonly unknown[], withNode: boolean): void {
    const { config } = this.ctx;
    const group = typeof params[0] === "string" ? params[0] : "";
    const node = withNode && typeof params[1] === "string" ? params[1] : "";
    if (group !== config.groupId || (node !== "" && node !== config.nodeId)) {
      throw nodeNotFound(method, config.chainId, group, node);
    }
  }

  private async dispatch(method: string, params: readonly unknown[]): Promise<unknown> {
    const { config, ledger } = this.ctx;
    if (!METHODS.has(method)) throw methodNotFound();
    switch (method) {
      case "getGroupList":
        return { code: 0, msg: "success", groupList: [config.groupId] };
      case "getGroupInfo":
        return params[0] === config.groupId ? groupInfoJson(config) : null;
      case "getGroupInfoList":
        return [groupInfoJson(config)];
      case "getGroupNodeInfo":
        return params[0] === config.groupId ? (groupInfoJson(config).nodeList[0] ?? null) : null;
      case "getLogs":
        return this.getLogs(params);
    }
    this.checkGroup(method, params, true);
    switch (method) {
      case "getBlockNumber":
        return ledger.blockNumber;
      case "getBlockByNumber":
        return this.getBlock(int(params, 2, "blockNumber"), params);
      case "getBlockByHash": {
        const block = ledger.blockByHash(str(params, 2, "blockHash"));
        if (block === undefined) throw entryNotFound("getBlockByHash", str(params, 2, "blockHash"));
        return this.getBlock(block.evm.number, params);
      }
      case "getBlockHashByNumber": {
        const block = ledger.block(int(params, 2, "blockNumber"));
        return block?.evm.hash ?? `0x${"00".repeat(32)}`;
      }
      case "getTransaction":
        return transactionJson(this.tx("getTransaction", str(params, 2, "txHash")));
      case "getTransactionReceipt":
        return getReceiptJson(this.tx("GetTransactionReceiptByHash", str(params, 2, "txHash")));
      case "getCode": {
        const code = await this.ctx.evm.getCode(withPrefix(str(params, 2, "address")).toLowerCase());
        return code === "0x" ? "" : code;
      }
      case "getABI":
        return this.getAbi(str(params, 2, "address"));
      case "call":
        return this.call(params);
      case "sendTransaction":
        return this.sendTransaction(params);
      case "getSystemConfigByKey": {
        const key = str(params, 2, "key");
        const value = systemConfig(config, key);
        if (value === undefined) throw entryNotFound("GetSystemConfigByKey", key);
        return { blockNumber: 0, value };
      }
      case "getTotalTransactionCount":
        return this.totals();
      case "getPendingTxSize":
        return 0;
      case "getSealerList":
        return [{ nodeID: config.nodeId, weight: 1, termWeight: 1 }];
      case "getObserverList":
        return [];
      default:
        throw methodNotFound();
    }
  }

  private tx(what: string, hash: string): TxRecord {
    const tx = this.ctx.ledger.transaction(hash);
    if (tx === undefined) throw entryNotFound(what, hash.replace(/^0x/, ""));
    return tx;
  }

  private getBlock(number: number, params: readonly unknown[]) {
    const { ledger } = this.ctx;
    const block = ledger.block(number);
    if (block === undefined) throw entryNotFound("getBlockByNumber", String(number));
    return blockJson(block, ledger.block(number - 1)?.evm.hash, {
      onlyHeader: bool(params, 3, false),
      onlyTxHash: bool(params, 4, true),
      transaction: (hash) => ledger.transaction(hash),
    });
  }

  private getAbi(address: string): string {
    const wanted = withPrefix(address).toLowerCase();
    for (let n = 1; n <= this.ctx.ledger.blockNumber; n++) {
      for (const hash of this.ctx.ledger.block(n)?.txHashes ?? []) {
        const tx = this.ctx.ledger.transaction(hash);
        if (tx?.execution.contractAddress === wanted) return tx.data.abi;
      }
    }
    return "";
  }

  private async call(params: readonly unknown[]) {
    const to = withPrefix(str(params, 2, "to")).toLowerCase();
    const data = withPrefix(str(params, 3, "data"));
    const result = await this.ctx.evm.call(ZERO_ADDRESS, to, data);
    return { blockNumber: this.ctx.ledger.blockNumber, status: result.status, output: result.output };
  }

  private async sendTransaction(params: readonly unknown[]) {
    this.sendTransactionCount++;
    const { ledger, config, suite, evm, blockLimitWindow } = this.ctx;
    const admitted = admitTransaction(params[2], {
      chainId: config.chainId,
      groupId: config.groupId,
      suite,
      ledger,
      blockLimitWindow,
    });
    const { transaction, hash, sender } = admitted;
    const to = transaction.data.to === "" ? "" : withPrefix(transaction.data.to).toLowerCase();
    const importTime = Date.now();
    const execution = await evm.execute(sender, to, toHex(transaction.data.input));
    const record: TxRecord = {
      hash,
      data: transaction.data,
      signature: transaction.signature,
      attribute: transaction.attribute,
      extraData: transaction.extraData,
      sender,
      importTime,
      blockNumber: execution.block.number,
      index: 0,
      execution,
      receiptHash: toHex(
        suite.hash(new TextEncoder().encode(`${hash}:${execution.status}:${execution.output}`)),
      ),
    };
    ledger.append(record);
    return sendTransactionJson(record);
  }

  private totals() {
    const { ledger } = this.ctx;
    let failed = 0;
    for (let n = 1; n <= ledger.blockNumber; n++) {
      for (const hash of ledger.block(n)?.txHashes ?? []) {
        if (ledger.transaction(hash)?.execution.status !== TransactionStatus.None) failed++;
      }
    }
    return {
      blockNumber: ledger.blockNumber,
      transactionCount: ledger.blockNumber,
      failedTransactionCount: failed,
    };
  }

  /** bcos-rpc/filter/FilterRequest.cpp `fromJson`, FilterSystem.cpp `getLogsImpl`, LogMatcher.cpp. */
  private getLogs(params: readonly unknown[]): FiscoFilterLog[] {
    const { config, ledger } = this.ctx;
    if (params[0] !== config.groupId) {
      throw new NodeRpcError(
        -32005,
        `group not exist,chain=${config.chainId},group=${String(params[0])},commond=getLogs`,
      );
    }
    const filter = params[1];
    if (typeof filter !== "object" || filter === null) throw new NodeRpcError(-32602, "fromBlock is null");
    const f = filter as Record<string, unknown>;
    for (const field of ["fromBlock", "toBlock", "address", "topics"]) {
      if (f[field] === undefined || f[field] === null) throw new NodeRpcError(-32602, `${field} is null`);
    }
    const latest = ledger.blockNumber;
    const tag = (value: unknown): number => {
      const text = String(value);
      if (text === "latest" || text === "pending" || text === "safe" || text === "finalized") return latest;
      if (text === "earliest") return 0;
      const n = Number(text);
      if (!Number.isSafeInteger(n) || n < 0) throw new NodeRpcError(-32602, `invalid block tag ${text}`);
      return n;
    };
    const addresses = new Set(
      (Array.isArray(f.address) ? f.address : [f.address])
        .filter((a) => typeof a === "string" && a !== "")
        .map((a) => (a as string).toLowerCase()),
    );
    const topics = (f.topics as unknown[]).map((t) =>
      t === null ? [] : (Array.isArray(t) ? t : [t]).map((x) => String(x).toLowerCase()),
    );
    let from = tag(f.fromBlock);
    let to = Math.min(tag(f.toBlock), latest);
    if (typeof f.blockhash === "string") {
      const block = ledger.blockByHash(f.blockhash);
      if (block === undefined) throw new NodeRpcError(-32602, "unknown block");
      from = block.evm.number;
      to = block.evm.number;
    }
    const out: FiscoFilterLog[] = [];
    for (let n = from; n <= to; n++) {
      const block = ledger.block(n);
      for (const hash of block?.txHashes ?? []) {
        const tx = ledger.transaction(hash);
        if (block === undefined || tx === undefined || tx.execution.status !== TransactionStatus.None)
          continue;
        tx.execution.logs.forEach((log, i) => {
          if (addresses.size > 0 && !addresses.has(log.address)) return;
          if (topics.length > log.topics.length) return;
          const match = topics.every(
            (alternatives, k) =>
              alternatives.length === 0 || alternatives.includes((log.topics[k] ?? "").toLowerCase()),
          );
          if (match) out.push(filterLogJson(tx, block.evm.hash, i));
        });
      }
    }
    return out;
  }
}
