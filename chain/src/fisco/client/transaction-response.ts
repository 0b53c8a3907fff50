/**
 * The ethers TransactionResponse of a transaction FiscoSigner sent. FISCO BCOS answers `sendTransaction`
 * with the receipt once the transaction is committed (PBFT: final at once), so `wait()` needs no polling:
 * it resolves to that receipt as an ethers TransactionReceipt, or throws FiscoTransactionStatusError
 * (with the node's status, e.g. 16 RevertInstruction, and the revert data in `output`) when the
 * transaction failed on chain.
 *
 * ethers' ContractTransactionResponse (what `contract.method()` returns) re-wraps the response and waits
 * with ethers' own `wait()`, which fetches the receipt through FiscoProvider and reports a failure as
 * ethers' CALL_EXCEPTION carrying that receipt; use FiscoSigner.sendTransaction directly for the typed error.
 */
import { TransactionReceipt, TransactionResponse, type TransactionResponseParams } from "ethers";
import type { SignedTransaction } from "../sign-transaction.js";
import { FiscoTimeoutError, FiscoTransactionStatusError } from "./errors.js";
import type { FiscoProvider } from "./provider.js";
import { sleep } from "./retry.js";
import type { FiscoReceipt } from "./types.js";

export class FiscoTransactionResponse extends TransactionResponse {
  /** The receipt as the node wrote it. */
  readonly fiscoReceipt: FiscoReceipt;
  /** The signed native transaction that was sent. */
  readonly fiscoTransaction: SignedTransaction;
  readonly #provider: FiscoProvider;

  constructor(
    params: TransactionResponseParams,
    provider: FiscoProvider,
    receipt: FiscoReceipt,
    transaction: SignedTransaction,
  ) {
    super(params, provider);
    this.#provider = provider;
    this.fiscoReceipt = receipt;
    this.fiscoTransaction = transaction;
  }

  override async wait(confirms = 1, timeout = 0): Promise<TransactionReceipt> {
    const receipt = this.fiscoReceipt;
    if (receipt.status !== 0) {
      throw new FiscoTransactionStatusError(receipt.status, this.hash, { receipt });
    }
    const result = new TransactionReceipt(await this.#provider.toReceiptParams(receipt), this.#provider);
    const deadline = timeout > 0 ? Date.now() + timeout : Number.POSITIVE_INFINITY;
    while ((await result.confirmations()) < confirms) {
      if (Date.now() >= deadline) {
        throw new FiscoTimeoutError(
          `transaction ${this.hash}: ${confirms} confirmations not reached in ${timeout} ms`,
          true,
        );
      }
      await sleep(Math.min(this.#provider.pollingInterval, 1000));
    }
    return result;
  }
}
