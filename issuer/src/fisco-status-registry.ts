/**
 * `StatusRegistryClient` over FISCO BCOS native transactions: reads through a FiscoProvider, writes as TARS
 * transactions signed by FiscoSigner with the status key and sent with the node's `sendTransaction`.
 *
 * Why not the ethers adapter: it signs Ethereum transactions and sends them with `broadcastTransaction`,
 * which a FISCO BCOS node does not take, and it tells a lost transaction from a replaced one by the sender's
 * account nonce, which FISCO BCOS does not have (FiscoProvider counts 0). Here a transaction is identified by
 * its data hash, known before it is sent, and can never be committed once the chain is past its `blockLimit`
 * (carried in the recorded raw bytes): that is when an allocation counts as dropped. Sending the same signed
 * bytes again is always harmless (the node refuses a nonce it has seen), so a transaction without a receipt
 * and still within its blockLimit is sent again, never replaced.
 *
 * A FISCO `call` has no sender, so the registry cannot be asked to simulate a write by the status key (what
 * `estimateGas` does on Ethereum): `isIssuerOperator` is read before signing instead, so that a key that is
 * neither the DID's owner nor a sigAuth delegate gets ISSUER_KEY_NOT_AUTHORISED and nothing is recorded.
 */
import {
  FiscoProvider,
  FiscoSigner,
  FiscoTransactionExpiredError,
  FiscoTransactionStatusError,
  fisco,
  TransactionStatus,
} from "@permitchain/chain";
import { Contract, getAddress, hexlify, type Wallet } from "ethers";
import { onChain } from "./chain-errors.js";
import { ChainUnavailableError, IssuerConfigError, IssuerError } from "./errors.js";
import {
  type AllocationLookup,
  ethersStatusRegistry,
  minedAllocation,
  type SignedTransaction,
  type StatusRegistryClient,
  statusRegistryInterface,
  statusWriteError,
} from "./status-registry.js";

export interface FiscoStatusRegistryOptions {
  /** Milliseconds between two receipt lookups while waiting. Default 250. */
  pollIntervalMs?: number;
  /** Default wait for a transaction to be committed. Default 60,000. */
  miningTimeoutMs?: number;
}

/** Pool refusals that mean "this transaction was sent before, or can no longer be": the lookup decides. */
const SETTLED_BY_LOOKUP = new Set<number>([
  TransactionStatus.NonceCheckFail,
  TransactionStatus.BlockLimitCheckFail,
  TransactionStatus.AlreadyInTxPool,
  TransactionStatus.TxAlreadyInChain,
  TransactionStatus.AlreadyInTxPoolAndAccept,
]);

/** `StatusRegistryClient` for the registry at `address` on a FISCO BCOS group, through `provider`. */
export function fiscoStatusRegistry(
  provider: FiscoProvider,
  address: string,
  options: FiscoStatusRegistryOptions = {},
): StatusRegistryClient {
  if (!(provider instanceof FiscoProvider)) {
    throw new IssuerConfigError(["the FISCO BCOS status registry client needs a FiscoProvider"]);
  }
  const target = getAddress(address);
  const registry = new Contract(target, statusRegistryInterface, provider);
  const reads = ethersStatusRegistry(provider, target);
  const pollIntervalMs = options.pollIntervalMs ?? 250;
  const miningTimeoutMs = options.miningTimeoutMs ?? 60_000;

  /** The status key as a FISCO signer (its address in the chain's crypto suite) after the operator check. */
  const operatorSigner = async (sender: Wallet, issuer: string) => {
    const signer = new FiscoSigner(sender.privateKey, provider);
    const from = await signer.getAddress();
    if (!(await registry.getFunction("isIssuerOperator").staticCall(issuer, from))) {
      // the refusal the write would revert with
      const data = statusRegistryInterface.encodeErrorResult("NotIssuerOperator", [issuer, from]);
      statusWriteError(Object.assign(new Error("isIssuerOperator is false"), { data }), issuer, from);
    }
    return { signer, from };
  };

  /** Hash and blockLimit of a signed FISCO transaction (its signature checked as the node will). */
  const describe = async (raw: string) => {
    const info = await provider.client.chainInfo();
    const suite = fisco.cryptoSuite(info.smCrypto ? "sm" : "ecdsa");
    const { transaction, dataHash } = fisco.verifyTransaction(raw, suite);
    return { hash: hexlify(dataHash), blockLimit: transaction.data.blockLimit };
  };

  const broadcast = async (transaction: SignedTransaction): Promise<void> => {
    try {
      // the node answers once the transaction is committed (or refused)
      await provider.client.sendTransaction(transaction.raw, { allowFailure: true });
    } catch (error) {
      if (error instanceof FiscoTransactionStatusError && SETTLED_BY_LOOKUP.has(error.status)) return;
      if (error instanceof FiscoTransactionExpiredError) return;
      throw error;
    }
  };

  const lookup = async (transaction: SignedTransaction, issuer: string): Promise<AllocationLookup> => {
    const receipt = await provider.getTransactionReceipt(transaction.hash);
    if (receipt !== null) return minedAllocation(receipt, registry, issuer);
    const { blockLimit } = await describe(transaction.raw);
    if (BigInt(await provider.client.getBlockNumber()) < blockLimit) return { state: "unsent" };
    // past its blockLimit: committed in the meantime, or never
    const late = await provider.getTransactionReceipt(transaction.hash);
    return late === null ? { state: "dropped" } : minedAllocation(late, registry, issuer);
  };

  return {
    address: target,

    signAllocation: (sender, issuer, tag) =>
      onChain("sign the status allocation", async () => {
        if (!/^0x[0-9a-fA-F]{64}$/.test(tag)) throw new TypeError("the allocation tag must be a bytes32");
        const { signer, from } = await operatorSigner(sender, issuer);
        const data = statusRegistryInterface.encodeFunctionData("allocate", [issuer, 1]) + tag.slice(2);
        const raw = await signer.signTransaction({ to: target, data });
        const { hash } = await describe(raw);
        return { hash, raw, nonce: 0, from };
      }),

    broadcast: (transaction) => onChain("broadcast the status allocation", () => broadcast(transaction)),

    lookupAllocation: (transaction, issuer) =>
      onChain("read the status allocation", () => lookup(transaction, issuer)),

    waitForAllocation: (transaction, issuer, timeoutMs = miningTimeoutMs) =>
      onChain("wait for the status allocation", async () => {
        const deadline = Date.now() + timeoutMs;
        for (;;) {
          const found = await lookup(transaction, issuer);
          // without a receipt and within its blockLimit it may still be committed: never report it unsent
          // (the caller would sign another), send the same bytes again instead
          if (found.state !== "unsent") return found;
          if (Date.now() >= deadline) {
            throw new ChainUnavailableError(
              `the allocation ${transaction.hash} was not committed within ${timeoutMs} ms`,
            );
          }
          await broadcast(transaction);
          await new Promise((resolve) => setTimeout(resolve, pollIntervalMs));
        }
      }),

    statusOf: reads.statusOf,
    latestBlock: reads.latestBlock,
    lastStatusChange: reads.lastStatusChange,
    statusAt: reads.statusAt,

    changeStatus: (sender, issuer, index, action, reason) =>
      onChain(`${action} the credential`, async () => {
        const { signer, from } = await operatorSigner(sender, issuer);
        const data = statusRegistryInterface.encodeFunctionData(action, [issuer, index, reason]);
        // answered once committed, with the receipt (also of a failed transaction)
        const response = await signer.sendTransaction({ to: target, data });
        const receipt = response.fiscoReceipt;
        if (receipt.status !== TransactionStatus.None) {
          const failure = new FiscoTransactionStatusError(receipt.status, response.hash, { receipt });
          try {
            statusWriteError(Object.assign(failure, { data: receipt.output }), issuer, from);
          } catch (error) {
            if (error !== failure) throw error;
          }
          throw new IssuerError("STATUS_CONFLICT", `the ${action} transaction ${response.hash} reverted`, {
            cause: failure,
          });
        }
        return { transactionHash: response.hash, blockNumber: receipt.blockNumber };
      }),
  };
}
