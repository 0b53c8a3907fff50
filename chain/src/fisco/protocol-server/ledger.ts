/**
 * The server's record of the chain as a FISCO BCOS node reports it: blocks with their FISCO transaction
 * hashes, transactions and receipts by hash, and the nonces of recent blocks.
 *
 * Nonces: a node refuses a nonce that is already in its pool or in one of the last `blockLimit` (1000)
 * blocks; older nonces are forgotten, which is safe because a transaction that old is past its
 * blockLimit anyway (bcos-txpool/txpool/validator/LedgerNonceChecker.cpp `batchInsert` removes the
 * nonces of block `number - blockLimit`; TxPoolNonceChecker.cpp `checkNonce`).
 */
import type { TransactionData } from "../transaction.js";
import type { EvmBlock, EvmExecution } from "./evm-backend.js";

export interface TxRecord {
  hash: string;
  data: TransactionData;
  signature: Uint8Array;
  attribute: number;
  extraData: string;
  /** 0x address of the signer. */
  sender: string;
  importTime: number;
  blockNumber: number;
  index: number;
  execution: EvmExecution;
  receiptHash: string;
}

export interface BlockRecord {
  evm: EvmBlock;
  txHashes: string[];
}

export class Ledger {
  private readonly blocks: BlockRecord[] = [];
  private readonly txs = new Map<string, TxRecord>();
  private readonly nonces = new Map<string, number>();

  constructor(
    genesis: EvmBlock,
    private readonly nonceWindow: number,
  ) {
    this.blocks.push({ evm: genesis, txHashes: [] });
  }

  get blockNumber(): number {
    return this.blocks.length - 1;
  }

  block(number: number): BlockRecord | undefined {
    return this.blocks[number];
  }

  blockByHash(hash: string): BlockRecord | undefined {
    const wanted = hash.toLowerCase();
    return this.blocks.find((b) => b.evm.hash.toLowerCase() === wanted);
  }

  transaction(hash: string): TxRecord | undefined {
    return this.txs.get(hash.toLowerCase());
  }

  /** Whether `nonce` was used in one of the last `nonceWindow` blocks. */
  nonceUsed(nonce: string): boolean {
    const at = this.nonces.get(nonce);
    return at !== undefined && at > this.blockNumber - this.nonceWindow;
  }

  append(record: TxRecord): void {
    const number = record.execution.block.number;
    if (number !== this.blocks.length) {
      throw new Error(`ledger out of step: block ${number} mined, expected ${this.blocks.length}`);
    }
    this.blocks.push({ evm: record.execution.block, txHashes: [record.hash] });
    this.txs.set(record.hash.toLowerCase(), record);
    this.nonces.set(record.data.nonce, number);
    const expired = number - this.nonceWindow;
    if (expired > 0) {
      const old = this.blocks[expired];
      for (const hash of old?.txHashes ?? []) {
        const tx = this.txs.get(hash.toLowerCase());
        if (tx !== undefined && this.nonces.get(tx.data.nonce) === expired) this.nonces.delete(tx.data.nonce);
      }
    }
  }
}
