import { CredentialStatus, credentialStatusRegistryAbi } from "@permitchain/contracts";
import {
  Contract,
  getAddress,
  Interface,
  isError,
  type Provider,
  Transaction,
  type TransactionReceipt,
  toBeHex,
  type Wallet,
  zeroPadValue,
} from "ethers";
import { onChain, revertOf } from "./chain-errors.js";
import { ChainUnavailableError, IssuerError } from "./errors.js";

/** A credential's status entry as the registry holds it. */
export type OnChainStatus = "unallocated" | "active" | "suspended" | "revoked";
/** A status change an operator may ask for. */
export type StatusAction = "revoke" | "suspend" | "reinstate";

/** A signed transaction, recorded before it is broadcast so that a crash never loses track of it. */
export interface SignedTransaction {
  readonly hash: string;
  /** The signed raw transaction, 0x-hex: broadcasting it again is harmless. */
  readonly raw: string;
  /** The sender's account nonce it uses; 0 on FISCO BCOS, which has none (`raw` carries its blockLimit). */
  readonly nonce: number;
  readonly from: string;
}

/** Indices read from a mined `StatusIndicesAllocated` event. */
export interface Allocation {
  readonly first: bigint;
  readonly count: number;
  readonly blockNumber: number;
  readonly transactionHash: string;
}

/** Where a recorded allocation transaction stands. */
export type AllocationLookup =
  | { readonly state: "mined"; readonly allocation: Allocation }
  /** Mined and reverted: it allocated nothing. */
  | { readonly state: "reverted"; readonly blockNumber: number }
  /** The node holds it, not mined yet. */
  | { readonly state: "pending" }
  /** The node does not know it and its nonce is still free: broadcast it (again). */
  | { readonly state: "unsent" }
  /** Another transaction took its nonce: it can never be mined. */
  | { readonly state: "dropped" };

/** A status change as the registry's events record it. */
export interface ChainStatusChange {
  readonly action: StatusAction;
  /** The reason code the operator gave. */
  readonly reason: number;
  /** The key that sent it (the DID's owner or a `sigAuth` delegate). */
  readonly operator: string;
  readonly transactionHash: string;
  readonly blockNumber: number;
}

/** A mined status change. */
export interface StatusChangeReceipt {
  readonly transactionHash: string;
  readonly blockNumber: number;
}

/**
 * What the issuer needs of the credential status registry (`ICredentialStatusRegistry`): small on purpose,
 * so that tests may stand in for it. `issuer` is the issuer DID's address; `sender` an operator key of it
 * (its owner or a `sigAuth` delegate).
 */
export interface StatusRegistryClient {
  readonly address: string;
  /**
   * Signs (does not send) `allocate(issuer, 1)` from `sender`, with `sender`'s next nonce. `tag` (bytes32) is
   * appended to the calldata, which the contract ignores: it makes every issuance's transaction distinct (two
   * issuances can never record the same transaction, even when one of them signed a nonce it never sent) and
   * links the allocation on chain to its credential (the tag is keccak256 of the credential id).
   */
  signAllocation(sender: Wallet, issuer: string, tag: string): Promise<SignedTransaction>;
  /** Sends a signed transaction; sending one the node already has, or one already mined, is not an error. */
  broadcast(transaction: SignedTransaction): Promise<void>;
  /** Where a recorded allocation transaction of `issuer` stands. */
  lookupAllocation(transaction: SignedTransaction, issuer: string): Promise<AllocationLookup>;
  /** Polls `lookupAllocation` until the transaction is mined, reverted, unsent or dropped (or the timeout). */
  waitForAllocation(
    transaction: SignedTransaction,
    issuer: string,
    timeoutMs?: number,
  ): Promise<AllocationLookup>;
  /** The status of index `index` of `issuer` now (the registry's `statusOf`). */
  statusOf(issuer: string, index: bigint): Promise<OnChainStatus>;
  /** The chain's latest block number: the block reads that must agree with each other are made at. */
  latestBlock(): Promise<number>;
  /**
   * The status of index `index` of `issuer` at the end of block `blockNumber` (the registry's `statusAt`;
   * it reverts for a block after the current one): one answer's reads all hold at the same block.
   */
  statusAt(issuer: string, index: bigint, blockNumber: number): Promise<OnChainStatus>;
  /**
   * The last status change of index `index` of `issuer` in blocks `fromBlock` to `toBlock` (its
   * CredentialRevoked / CredentialSuspended / CredentialReinstated event); undefined when there is none.
   */
  lastStatusChange(
    issuer: string,
    index: bigint,
    fromBlock: number,
    toBlock: number,
  ): Promise<ChainStatusChange | undefined>;
  /** Sends `revoke|suspend|reinstate(issuer, index, reason)` from `sender` and waits until it is mined. */
  changeStatus(
    sender: Wallet,
    issuer: string,
    index: bigint,
    action: StatusAction,
    reason: number,
  ): Promise<StatusChangeReceipt>;
}

export const statusRegistryInterface = new Interface(credentialStatusRegistryAbi);

/** The status-change events, by name, and the action each records. */
const STATUS_CHANGE_ACTIONS: Readonly<Record<string, StatusAction>> = {
  CredentialRevoked: "revoke",
  CredentialSuspended: "suspend",
  CredentialReinstated: "reinstate",
};
const STATUS_CHANGE_TOPICS = Object.keys(STATUS_CHANGE_ACTIONS).map(
  (name) => statusRegistryInterface.getEvent(name)!.topicHash,
);

const STATUS_NAMES: Record<number, OnChainStatus> = {
  [CredentialStatus.Unallocated]: "unallocated",
  [CredentialStatus.Active]: "active",
  [CredentialStatus.Suspended]: "suspended",
  [CredentialStatus.Revoked]: "revoked",
};

/** The name of a `CredentialStatus` value the registry returned. */
function statusName(value: unknown): OnChainStatus {
  const name = STATUS_NAMES[Number(value)];
  if (name === undefined) throw new Error(`unknown status value ${String(value)}`);
  return name;
}

export interface EthersStatusRegistryOptions {
  /** Milliseconds between two receipt polls. Default 250. */
  pollIntervalMs?: number;
  /** Default wait for a transaction to be mined. Default 60,000. */
  miningTimeoutMs?: number;
  /** Serialises each sender's transactions (shared with the other writers of the same keys). */
  sendLock?: <T>(sender: string, fn: () => Promise<T>) => Promise<T>;
}

/** `StatusRegistryClient` over ethers v6, for the registry at `address`. */
export function ethersStatusRegistry(
  provider: Provider,
  address: string,
  options: EthersStatusRegistryOptions = {},
): StatusRegistryClient {
  const registry = new Contract(getAddress(address), statusRegistryInterface, provider);
  const pollIntervalMs = options.pollIntervalMs ?? 250;
  const miningTimeoutMs = options.miningTimeoutMs ?? 60_000;
  const sendLock = options.sendLock ?? (<T>(_: string, fn: () => Promise<T>) => fn());

  const lookup = async (transaction: SignedTransaction, issuer: string): Promise<AllocationLookup> => {
    const receipt = await provider.getTransactionReceipt(transaction.hash);
    if (receipt !== null) return minedAllocation(receipt, registry, issuer);
    if ((await provider.getTransaction(transaction.hash)) !== null) return { state: "pending" };
    const used = await provider.getTransactionCount(transaction.from, "latest");
    if (used > transaction.nonce) {
      // mined between the two reads, or replaced by another transaction of the same nonce
      const late = await provider.getTransactionReceipt(transaction.hash);
      return late === null ? { state: "dropped" } : minedAllocation(late, registry, issuer);
    }
    return { state: "unsent" };
  };

  return {
    address: getAddress(address),

    signAllocation: (sender, issuer, tag) =>
      onChain("sign the status allocation", async () => {
        if (!/^0x[0-9a-fA-F]{64}$/.test(tag)) throw new TypeError("the allocation tag must be a bytes32");
        const connected = sender.connect(provider);
        let request: Awaited<ReturnType<Wallet["populateTransaction"]>>;
        try {
          const data = statusRegistryInterface.encodeFunctionData("allocate", [issuer, 1]) + tag.slice(2);
          request = await connected.populateTransaction({ to: registry.target, data });
        } catch (error) {
          return statusWriteError(error, issuer, sender.address);
        }
        const raw = await connected.signTransaction(request);
        const parsed = Transaction.from(raw);
        return { hash: parsed.hash!, raw, nonce: parsed.nonce, from: sender.address };
      }),

    broadcast: (transaction) =>
      onChain("broadcast the status allocation", async () => {
        try {
          await provider.broadcastTransaction(transaction.raw);
        } catch (error) {
          // already known to the node, or already mined (its nonce is then used): the lookup decides
          if (isError(error, "NONCE_EXPIRED") || /already known|known transaction/i.test(String(error)))
            return;
          throw error;
        }
      }),

    lookupAllocation: (transaction, issuer) =>
      onChain("read the status allocation", () => lookup(transaction, issuer)),

    waitForAllocation: (transaction, issuer, timeoutMs = miningTimeoutMs) =>
      onChain("wait for the status allocation", async () => {
        const deadline = Date.now() + timeoutMs;
        for (;;) {
          const found = await lookup(transaction, issuer);
          if (found.state !== "pending") return found;
          if (Date.now() >= deadline) {
            throw new ChainUnavailableError(
              `the allocation ${transaction.hash} was not mined within ${timeoutMs} ms`,
            );
          }
          await new Promise((resolve) => setTimeout(resolve, pollIntervalMs));
        }
      }),

    statusOf: (issuer, index) =>
      onChain("read the credential status", async () =>
        statusName(await registry.getFunction("statusOf").staticCall(issuer, index)),
      ),

    latestBlock: () => onChain("read the latest block number", () => provider.getBlockNumber()),

    statusAt: (issuer, index, blockNumber) =>
      onChain("read the credential status", async () =>
        statusName(await registry.getFunction("statusAt").staticCall(issuer, index, blockNumber)),
      ),

    lastStatusChange: (issuer, index, fromBlock, toBlock) =>
      onChain("read the credential's status changes", async () => {
        const logs = await provider.getLogs({
          address: registry.target as string,
          topics: [STATUS_CHANGE_TOPICS, zeroPadValue(issuer, 32), toBeHex(index, 32)],
          fromBlock,
          toBlock,
        });
        const last = logs.at(-1);
        if (last === undefined) return undefined;
        const parsed = statusRegistryInterface.parseLog(last);
        const action = parsed === null ? undefined : STATUS_CHANGE_ACTIONS[parsed.name];
        if (parsed === null || action === undefined) return undefined;
        return {
          action,
          reason: Number(parsed.args.reason),
          operator: getAddress(parsed.args.by as string),
          transactionHash: last.transactionHash,
          blockNumber: last.blockNumber,
        };
      }),

    changeStatus: (sender, issuer, index, action, reason) =>
      onChain(`${action} the credential`, async () => {
        const writer = registry.connect(sender.connect(provider)) as Contract;
        let hash: string;
        try {
          hash = await sendLock(sender.address, async () => {
            const response = await writer.getFunction(action).send(issuer, index, reason);
            return response.hash;
          });
        } catch (error) {
          return statusWriteError(error, issuer, sender.address);
        }
        const receipt = await provider.waitForTransaction(hash, 1, miningTimeoutMs);
        if (receipt === null) throw new ChainUnavailableError(`the ${action} ${hash} was not mined in time`);
        if (receipt.status !== 1) {
          throw new IssuerError("STATUS_CONFLICT", `the ${action} transaction ${hash} reverted`);
        }
        return { transactionHash: hash, blockNumber: receipt.blockNumber };
      }),
  };
}

/**
 * The issuer error of a registry write that reverted (its custom error decoded): ISSUER_KEY_NOT_AUTHORISED
 * for `NotIssuerOperator`, STATUS_CONFLICT for any other; `error` itself when it carries no registry error.
 */
export function statusWriteError(error: unknown, issuer: string, sender: string): never {
  const revert = revertOf(error, statusRegistryInterface);
  if (revert?.name === "NotIssuerOperator") {
    throw new IssuerError(
      "ISSUER_KEY_NOT_AUTHORISED",
      `the status key ${sender} is neither the owner nor a sigAuth delegate of the issuer ${issuer}`,
      { cause: error },
    );
  }
  if (revert !== undefined) {
    throw new IssuerError("STATUS_CONFLICT", `the status registry refused the change: ${revert.name}`, {
      cause: error,
      details: { revert: revert.name },
    });
  }
  throw error;
}

/** The allocation a mined receipt of the registry at `registry.target` records for `issuer`. */
export function minedAllocation(
  receipt: TransactionReceipt,
  registry: Contract,
  issuer: string,
): AllocationLookup {
  if (receipt.status !== 1) return { state: "reverted", blockNumber: receipt.blockNumber };
  const registryAddress = String(registry.target).toLowerCase();
  for (const log of receipt.logs) {
    if (log.address.toLowerCase() !== registryAddress) continue;
    const parsed = statusRegistryInterface.parseLog(log);
    if (parsed?.name !== "StatusIndicesAllocated") continue;
    if (String(parsed.args[0]).toLowerCase() !== issuer.toLowerCase()) continue;
    return {
      state: "mined",
      allocation: {
        first: BigInt(parsed.args[1]),
        count: Number(parsed.args[2]),
        blockNumber: receipt.blockNumber,
        transactionHash: receipt.hash,
      },
    };
  }
  throw new Error(`transaction ${receipt.hash} emitted no StatusIndicesAllocated event for ${issuer}`);
}
