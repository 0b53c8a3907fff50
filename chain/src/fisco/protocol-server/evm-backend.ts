/**
 * The EVM behind the test server: an in-process EDR engine (embedded/edr-engine.ts) mining one block per
 * transaction. A FISCO BCOS transaction cannot be handed to it as signed bytes (different format and
 * signature scheme), and the server holds no keys, so each admitted transaction is executed as the
 * EVM's own `eth_sendTransaction` from the impersonated sender (`hardhat_impersonateAccount`), with
 * gas price 0 under a base fee of 0 (FISCO BCOS has no gas fees by default), the gas limit of the chain's
 * `tx_gas_limit`, and a block timestamp in milliseconds (FISCO BCOS without `feature_evm_timestamp`).
 *
 * Not like a FISCO BCOS node: contract addresses follow Ethereum's CREATE rule (FISCO derives them
 * otherwise; callers must read them from receipts), the CHAINID opcode returns `evmChainId`, and in SM
 * mode the EVM still computes keccak256 (selectors, `keccak256()`, mappings) where an SM chain uses SM3,
 * so standard solc bytecode runs here but would need FISCO's SM compiler on a real SM chain.
 */
import { EdrEngine } from "../../embedded/edr-engine.js";
import { RpcError } from "../../embedded/errors.js";
import { TransactionStatus } from "../client/transaction-status.js";

export interface EvmLog {
  address: string;
  topics: string[];
  data: string;
}

export interface EvmExecution {
  /** FISCO transaction status (0 success, 16 revert, ...). */
  status: number;
  /** Return data (a call), "0x" (a deployment), or revert data. */
  output: string;
  gasUsed: bigint;
  /** Lower-case 0x address of a created contract, or "". */
  contractAddress: string;
  logs: EvmLog[];
  block: EvmBlock;
}

export interface EvmBlock {
  number: number;
  hash: string;
  parentHash: string;
  /** Milliseconds. */
  timestamp: number;
  stateRoot: string;
  receiptsRoot: string;
  transactionsRoot: string;
  gasUsed: bigint;
}

interface EthReceipt {
  status: string;
  gasUsed: string;
  contractAddress: string | null;
  logs: Array<{ address: string; topics: string[]; data: string }>;
}

interface EthBlock {
  number: string;
  hash: string;
  parentHash: string;
  timestamp: string;
  stateRoot: string;
  receiptsRoot: string;
  transactionsRoot: string;
  gasUsed: string;
}

const quantity = (value: bigint | number) => `0x${value.toString(16)}`;

/** Maps an EVM failure to the nearest FISCO status (bcos-protocol/TransactionStatus.h). */
function failureStatus(message: string): number {
  const text = message.toLowerCase();
  if (text.includes("out of gas")) return TransactionStatus.OutOfGas;
  if (text.includes("invalid opcode") || text.includes("invalid instruction"))
    return TransactionStatus.BadInstruction;
  if (text.includes("invalid jump")) return TransactionStatus.BadJumpDestination;
  if (text.includes("stack underflow")) return TransactionStatus.StackUnderflow;
  if (text.includes("stack overflow")) return TransactionStatus.OutOfStack;
  if (text.includes("revert")) return TransactionStatus.RevertInstruction;
  return TransactionStatus.Unknown;
}

export class EvmBackend {
  private readonly impersonated = new Set<string>();
  private lastTimestamp: number;

  private constructor(
    private readonly engine: EdrEngine,
    private readonly gasLimit: bigint,
    genesisTimestamp: number,
  ) {
    this.lastTimestamp = genesisTimestamp;
  }

  static async create(options: { evmChainId: number; txGasLimit: bigint }): Promise<EvmBackend> {
    const genesisTimestamp = Date.now();
    const engine = await EdrEngine.create({
      chainId: options.evmChainId,
      blockGasLimit: options.txGasLimit,
      genesisTimestamp: BigInt(genesisTimestamp),
      accounts: [],
      initialBaseFeePerGas: 0n,
    });
    return new EvmBackend(engine, options.txGasLimit, genesisTimestamp);
  }

  /** Mines one block holding the transaction `from` sends; `to` empty deploys `data`. */
  async execute(from: string, to: string, data: string): Promise<EvmExecution> {
    if (!this.impersonated.has(from)) {
      await this.engine.request("hardhat_impersonateAccount", [from]);
      this.impersonated.add(from);
    }
    const timestamp = Math.max(Date.now(), this.lastTimestamp);
    await this.engine.request("evm_setNextBlockTimestamp", [quantity(timestamp)]);
    const tx = { from, data, gas: quantity(this.gasLimit), gasPrice: "0x0", ...(to === "" ? {} : { to }) };
    // The same transaction as a call against the block about to be mined gives its output or revert
    // data, which an Ethereum receipt does not carry.
    const preview = await this.preview(tx);
    const hash = await this.engine.request("eth_sendTransaction", [tx]);
    const receipt = (await this.engine.request("eth_getTransactionReceipt", [hash])) as EthReceipt;
    const block = await this.block("latest");
    this.lastTimestamp = block.timestamp;
    const success = receipt.status === "0x1";
    return {
      status: success
        ? TransactionStatus.None
        : preview.status === 0
          ? TransactionStatus.Unknown
          : preview.status,
      output: success ? (to === "" ? "0x" : preview.output) : preview.output,
      gasUsed: BigInt(receipt.gasUsed),
      contractAddress: success && receipt.contractAddress ? receipt.contractAddress.toLowerCase() : "",
      logs: receipt.logs.map((l) => ({ address: l.address.toLowerCase(), topics: l.topics, data: l.data })),
      block,
    };
  }

  private async preview(tx: Record<string, string>): Promise<{ status: number; output: string }> {
    try {
      const output = (await this.engine.request("eth_call", [tx, "pending"])) as string;
      return { status: TransactionStatus.None, output };
    } catch (error) {
      if (!(error instanceof RpcError)) throw error;
      const data = typeof error.data === "string" ? error.data : "0x";
      return {
        status: error.rpcCode === 3 ? TransactionStatus.RevertInstruction : failureStatus(error.message),
        output: data,
      };
    }
  }

  /** A call against the latest state (FISCO `call`): status and output, revert data on failure. */
  async call(from: string, to: string, data: string): Promise<{ status: number; output: string }> {
    const tx = { from, to, data, gas: quantity(this.gasLimit) };
    try {
      const output = (await this.engine.request("eth_call", [tx, "latest"])) as string;
      return { status: TransactionStatus.None, output };
    } catch (error) {
      if (!(error instanceof RpcError)) throw error;
      const revert = typeof error.data === "string" ? error.data : "0x";
      return {
        status: error.rpcCode === 3 ? TransactionStatus.RevertInstruction : failureStatus(error.message),
        output: revert,
      };
    }
  }

  async getCode(address: string): Promise<string> {
    return (await this.engine.request("eth_getCode", [address, "latest"])) as string;
  }

  async block(tag: "latest" | number): Promise<EvmBlock> {
    const raw = (await this.engine.request("eth_getBlockByNumber", [
      tag === "latest" ? tag : quantity(tag),
      false,
    ])) as EthBlock;
    return {
      number: Number(raw.number),
      hash: raw.hash,
      parentHash: raw.parentHash,
      timestamp: Number(raw.timestamp),
      stateRoot: raw.stateRoot,
      receiptsRoot: raw.receiptsRoot,
      transactionsRoot: raw.transactionsRoot,
      gasUsed: BigInt(raw.gasUsed),
    };
  }
}
