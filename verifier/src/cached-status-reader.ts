import { credentialStatusRegistryAbi, serialSync } from "@permitchain/contracts";
import { getAddress, Interface, JsonRpcApiProvider, type Provider } from "ethers";
import { LruMap } from "./cache.js";
import type { CredentialStatusReader, CredentialStatusValue } from "./check-status.js";
import { VerifierConfigError } from "./errors.js";

export interface CreateCachedStatusReaderParameters {
  /** The live reader (`createStatusRegistryReader`); it must honour `blockTag`. */
  readonly reader: CredentialStatusReader;
  /** An ethers v6 provider for the registry's chain (`connectJsonRpc`: no response cache). */
  readonly provider: Provider;
  /** The CredentialStatusRegistry contract whose events keep the cache exact. */
  readonly address: string;
  /** Most answers kept (least recently used dropped first); default 100,000. */
  readonly maxEntries?: number;
}

export interface CachedStatusReaderStats {
  /** Answers served from the cache. */
  hits: number;
  /** Answers read from the chain (at the synced head). */
  misses: number;
  /** Cached answers dropped because a status event named them. */
  invalidations: number;
}

/** A CredentialStatusReader whose answers are exact as of the last {@link CachedStatusReader.sync}. */
export interface CachedStatusReader extends CredentialStatusReader {
  readonly registry: string;
  /** Reads the chain head and, when it moved, drops the answers that status events since the last sync name. */
  sync(): Promise<void>;
  readonly stats: CachedStatusReaderStats;
}

const registryInterface = new Interface(credentialStatusRegistryAbi);
const STATUS_EVENT_TOPICS = ["CredentialRevoked", "CredentialSuspended", "CredentialReinstated"].map(
  (name) => registryInterface.getEvent(name)!.topicHash,
);

interface RawLog {
  readonly topics: readonly string[];
  readonly blockNumber: string | number;
}

const keyOf = (issuer: string, index: bigint) => `${issuer.toLowerCase()}|${index}`;

/**
 * Status answers kept exact by the registry's events (the model of the DID resolver's cache). `sync()` reads
 * the head (one `eth_blockNumber`) and, when it moved, the CredentialRevoked / CredentialSuspended /
 * CredentialReinstated logs in (last synced head, head] (one `eth_getLogs`; issuer and index are indexed),
 * dropping the answers they name. `statusOf` answers from the cache, else reads at the synced head (so the
 * answer and the event window refer to the same block) and keeps the answer. `unallocated` is never kept (an
 * allocation emits no status event); `revoked` is final. An answer that an event named while it was being
 * read is served once and not kept. A sync that fails leaves the cache unusable until one succeeds: `statusOf`
 * then rejects rather than answer from a head it cannot vouch for. `allocationBlock` is the reader's own (an
 * allocation never moves; the verifier keeps it).
 */
export function createCachedStatusReader(parameters: CreateCachedStatusReaderParameters): CachedStatusReader {
  const { reader, provider } = parameters;
  if (typeof reader?.statusOf !== "function")
    throw new VerifierConfigError("a reader with statusOf() is required");
  let registry: string;
  try {
    registry = getAddress(parameters.address);
  } catch {
    throw new VerifierConfigError(`${parameters.address} is not a contract address`);
  }
  if (reader.registry !== undefined && reader.registry.toLowerCase() !== registry.toLowerCase()) {
    throw new VerifierConfigError(`the reader reads ${reader.registry}, not ${registry}`);
  }
  const maxEntries = parameters.maxEntries ?? 100_000;
  if (!Number.isSafeInteger(maxEntries) || maxEntries < 1)
    throw new VerifierConfigError("maxEntries must be a positive integer");

  const rpc = async (method: "eth_blockNumber" | "eth_getLogs", params: unknown[]): Promise<unknown> => {
    if (provider instanceof JsonRpcApiProvider) return provider.send(method, params);
    if (method === "eth_blockNumber") return provider.getBlockNumber();
    const logs = await provider.getLogs(params[0] as Parameters<Provider["getLogs"]>[0]);
    return logs.map((log) => ({ topics: log.topics, blockNumber: log.blockNumber }));
  };
  const hex = (n: number) => `0x${n.toString(16)}`;

  const stats: CachedStatusReaderStats = { hits: 0, misses: 0, invalidations: 0 };
  const cache = new LruMap<string, CredentialStatusValue>(maxEntries);
  /** Keys with a read in flight, and the latest block an event named them in meanwhile. */
  const pending = new Map<string, { count: number; changedAt: number }>();
  const inflight = new Map<string, Promise<CredentialStatusValue>>();
  let head: number | undefined;
  let lastSyncFailed = false;

  const sync = async (): Promise<void> => {
    let next: number;
    try {
      next = Number(await rpc("eth_blockNumber", []));
      if (!Number.isSafeInteger(next) || next < 0) throw new Error(`the chain answered head ${next}`);
      const previous = head;
      if (previous !== undefined && next > previous) {
        const logs = (await rpc("eth_getLogs", [
          {
            address: registry,
            topics: [STATUS_EVENT_TOPICS],
            fromBlock: hex(previous + 1),
            toBlock: hex(next),
          },
        ])) as RawLog[];
        for (const log of logs) {
          const [, issuerTopic, indexTopic] = log.topics;
          if (issuerTopic === undefined || indexTopic === undefined) continue;
          const key = keyOf(`0x${issuerTopic.slice(26)}`, BigInt(indexTopic));
          if (cache.delete(key)) stats.invalidations++;
          const waiting = pending.get(key);
          if (waiting !== undefined) waiting.changedAt = Math.max(waiting.changedAt, Number(log.blockNumber));
        }
      } else if (previous !== undefined && next < previous) {
        // the chain went back (a reset development chain): nothing cached or in flight can be trusted
        cache.clear();
        for (const waiting of pending.values()) waiting.changedAt = Number.POSITIVE_INFINITY;
      }
    } catch (error) {
      lastSyncFailed = true;
      throw error;
    }
    head = next;
    lastSyncFailed = false;
  };

  const requestSync = serialSync(sync);

  return {
    registry,
    get stats() {
      return { ...stats };
    },
    sync: requestSync,
    ...(reader.allocationBlock === undefined
      ? {}
      : { allocationBlock: (issuer: string, index: bigint) => reader.allocationBlock!(issuer, index) }),
    async statusOf(issuer, index) {
      if (head === undefined || lastSyncFailed) await requestSync();
      const key = keyOf(issuer, index);
      const hit = cache.get(key);
      if (hit !== undefined) {
        stats.hits++;
        return hit;
      }
      const at = head!;
      // identical reads at the same block share one call (a read at an older block is never shared)
      const shared = inflight.get(`${key}@${at}`);
      if (shared !== undefined) {
        stats.hits++;
        return shared;
      }
      stats.misses++;
      const read = readAt(issuer, index, key, at);
      inflight.set(`${key}@${at}`, read);
      try {
        return await read;
      } finally {
        inflight.delete(`${key}@${at}`);
      }
    },
  };

  async function readAt(
    issuer: string,
    index: bigint,
    key: string,
    at: number,
  ): Promise<CredentialStatusValue> {
    const waiting = pending.get(key) ?? { count: 0, changedAt: -1 };
    waiting.count++;
    pending.set(key, waiting);
    try {
      const value = await reader.statusOf(issuer, index, { blockTag: at });
      // changed after the block read: serve it (it was exact at `at`), keep nothing
      if (value !== "unallocated" && waiting.changedAt <= at && !lastSyncFailed) cache.set(key, value);
      return value;
    } finally {
      waiting.count--;
      if (waiting.count === 0) pending.delete(key);
    }
  }
}
