import { PermitChainError } from "@permitchain/chain";
import { type DIDResolutionOptions, type DIDResolutionResult, type Resolvable, Resolver } from "did-resolver";
import {
  FetchRequest,
  getAddress,
  JsonRpcApiProvider,
  JsonRpcProvider,
  Network,
  type Provider,
} from "ethers";
import { getResolver } from "ethr-did-resolver";
import { serialSync } from "../serial-sync.js";
import { parseEthrDid } from "./ethr-did.js";
import { earliestExpiry, logIdentity, type RawLog, REGISTRY_EVENT_TOPICS } from "./validity.js";

/**
 * How "now" is read when deciding which delegates and attributes are still valid.
 * - `"chain"` (default): the timestamp of the chain head, as the registry itself reads it (`validDelegate`).
 *   Current documents are resolved as of the head block the cache has seen (ethr-did-resolver's `blockTag`
 *   option), so the document, the events checked and the clock all refer to the same block. Needs a chain whose
 *   `block.timestamp` is in seconds: ethr-did-resolver reads block timestamps as seconds.
 * - `"wall"`: this machine's clock, as ethr-did-resolver does by default; for chains with millisecond
 *   timestamps (FISCO BCOS without `feature_evm_timestamp`).
 */
export type ResolverClock = "chain" | "wall";

/**
 * When the cache learns of registry changes.
 * - `"on-resolve"` (default): every `resolve` reads the chain head first (one `eth_getBlockByNumber`) and,
 *   when it moved, the registry's events since the last head seen (one `eth_getLogs`); a change made by anyone
 *   is seen by the next `resolve` that starts after it was mined.
 * - `"subscribe"`: the same check runs on the provider's `block` event instead (ethers polls every
 *   `provider.pollingInterval` ms); `resolve` then serves cached documents without any RPC, so a change shows
 *   after the next poll.
 */
export type InvalidationMode = "on-resolve" | "subscribe";

export interface CreateDidResolverOptions {
  /** Chain id of the chain the registry is on; DIDs name it as `did:ethr:0x<hex>:...`. */
  chainId: number | bigint;
  /** Address of the ERC-1056 registry on that chain. */
  registry: string;
  /** Optional network name DIDs may use instead of the hex chain id (`did:ethr:permitchain:...`). */
  name?: string;
  /** An ethers v6 provider for the chain (`connectJsonRpc` from @permitchain/chain: no response cache). */
  provider?: Provider;
  /** Or a JSON-RPC URL: the resolver then opens its own provider and closes it in `close()`. */
  rpcUrl?: string;
  /** Default `"chain"`; see {@link ResolverClock}. */
  clock?: ResolverClock;
  /** Default `"on-resolve"`; see {@link InvalidationMode}. */
  invalidation?: InvalidationMode;
  /** Most documents kept (least recently used dropped first). Default 10,000. */
  maxEntries?: number;
  /** First block to search for an identity's events (the registry's deployment block). Default 0. */
  fromBlock?: number;
}

export interface DidResolverStats {
  /** Resolutions served from the cache (including ones that joined an identical resolution in flight). */
  hits: number;
  /** Resolutions that went to the chain. */
  misses: number;
  /** Cached documents dropped because a registry event named their identity. */
  invalidations: number;
  /** Cached documents dropped because a delegate or attribute in them reached its `validTo` (no event). */
  expirations: number;
}

/** The project's DID resolver: did-resolver's `Resolvable`, with a cache kept exact by registry events. */
export interface DidResolver extends Resolvable {
  resolve(didUrl: string, options?: DIDResolutionOptions): Promise<DIDResolutionResult>;
  /** A snapshot of the counters. */
  readonly stats: DidResolverStats;
  /** Stops the block subscription and closes the provider the resolver opened itself. */
  close(): void;
}

/** The resolver was configured wrongly. */
export class DidResolverConfigError extends PermitChainError {
  constructor(message: string) {
    super("DID_RESOLVER_CONFIG", message);
  }
}

interface Head {
  number: number;
  /** Block timestamp as the chain reports it (seconds on the chains `clock: "chain"` accepts). */
  timestamp: bigint;
}

interface Entry {
  result: DIDResolutionResult;
  /** Lower-case identity address; undefined for entries that never change (history with a next version). */
  identity: string | undefined;
  /** The identity's earliest `validTo` in force when resolved: the entry is stale once now passes it. */
  expiresAt: bigint | undefined;
}

const DEFAULT_MAX_ENTRIES = 10_000;
/** Seconds up to the year 2286: a larger block timestamp is in milliseconds. */
const MAX_SECONDS = 10_000_000_000n;

function errorResult(error: string, message: string): DIDResolutionResult {
  return { didResolutionMetadata: { error, message }, didDocumentMetadata: {}, didDocument: null };
}

/** ethr-did-resolver's error codes mapped onto the three that DID Core defines. */
function toDidCoreError(error: string): string {
  switch (error) {
    case "unknownNetwork":
      return "notFound";
    case "unsupportedFormat":
      return "representationNotSupported";
    case "unsupportedDidMethod":
      return "invalidDid";
    default:
      return error;
  }
}

const RELATIONSHIPS = [
  "authentication",
  "assertionMethod",
  "keyAgreement",
  "capabilityInvocation",
  "capabilityDelegation",
] as const;

/**
 * Removes references to verification methods the document does not contain. ethr-did-resolver 11.1.3
 * leaves a revoked `enc` key's id in `keyAgreement` (its revocation branch forgets that map; fixed upstream
 * in decentralized-identity/ethr-did-resolver#246, not in the pinned release): a DID Core violation, and
 * a revoked key that others would still encrypt to.
 */
function dropDanglingReferences(result: DIDResolutionResult): void {
  const document = result.didDocument;
  if (document === null || document === undefined) return;
  const ids = new Set((document.verificationMethod ?? []).map((method) => method.id));
  for (const relationship of RELATIONSHIPS) {
    const entries = document[relationship];
    if (entries === undefined) continue;
    const kept = entries.filter(
      (entry) => typeof entry !== "string" || !entry.startsWith(`${document.id}#`) || ids.has(entry),
    );
    if (kept.length === entries.length) continue;
    if (kept.length === 0 && relationship === "keyAgreement") delete document[relationship];
    else document[relationship] = kept;
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * One did:ethr resolver for the whole project: the upstream `ethr-did-resolver` behind did-resolver's
 * `Resolver`, configured for our chain and registry, with a cache that registry events keep exact.
 *
 * Cache rules. Current documents are cached per (DID, accept) and dropped when (a) a DIDOwnerChanged,
 * DIDDelegateChanged or DIDAttributeChanged log names their identity (topic 1) in a block after the one they
 * were resolved at, or (b) the clock passes the earliest `validTo` among the identity's delegates and
 * attributes in force (these expire with no event; the earliest is computed from the identity's logs on each
 * miss). Documents as of a past block (`?versionId=N`) are cached per (DID, N, accept) for good once they
 * have a `nextVersionId` (history does not change; the chain is assumed final, as PBFT is); before that
 * they follow rule (a), since the next change would add `nextVersionId`. Error results are never cached.
 * Errors use DID Core's codes: `invalidDid` (not a did:ethr URL, malformed network, bad address, malformed
 * versionId), `notFound` (network not served, chain unreachable, block not found),
 * `representationNotSupported`.
 */
export function createDidResolver(options: CreateDidResolverOptions): DidResolver {
  const chainId = BigInt(options.chainId);
  const chainIdHex = `0x${chainId.toString(16)}`;
  const clock = options.clock ?? "chain";
  const invalidation = options.invalidation ?? "on-resolve";
  const maxEntries = options.maxEntries ?? DEFAULT_MAX_ENTRIES;
  const fromBlock = options.fromBlock ?? 0;
  let registry: string;
  try {
    registry = getAddress(options.registry);
  } catch {
    throw new DidResolverConfigError(`registry ${options.registry} is not an address`);
  }
  if (options.name !== undefined && (options.name.startsWith("0x") || options.name === "mainnet")) {
    throw new DidResolverConfigError(`network name "${options.name}" would shadow a chain id or mainnet`);
  }
  if (!Number.isSafeInteger(maxEntries) || maxEntries < 1) {
    throw new DidResolverConfigError("maxEntries must be a positive integer");
  }

  let provider: Provider;
  let ownsProvider = false;
  if (options.provider !== undefined) provider = options.provider;
  else if (options.rpcUrl !== undefined) {
    const network = Network.from(chainId);
    // no response cache (a stale head would hide changes), no batching (it waits 10 ms per batch)
    provider = new JsonRpcProvider(new FetchRequest(options.rpcUrl), network, {
      cacheTimeout: -1,
      batchMaxCount: 1,
      staticNetwork: network,
    });
    ownsProvider = true;
  } else throw new DidResolverConfigError("a provider or an rpcUrl is required");

  const upstream = new Resolver(
    getResolver({
      networks: [
        {
          ...(options.name === undefined ? {} : { name: options.name }),
          chainId,
          // the same ethers at run time; ethr-did-resolver's typings name its CommonJS declarations
          provider: provider as never,
          registry,
        },
      ],
    }),
  );

  /** Raw JSON-RPC where the provider offers it: it bypasses any ethers response cache. */
  const rpc = async (method: string, params: unknown[]): Promise<unknown> => {
    if (provider instanceof JsonRpcApiProvider) return provider.send(method, params);
    if (method === "eth_getBlockByNumber") {
      const block = await provider.getBlock(params[0] as string);
      return block === null ? null : { number: block.number, timestamp: block.timestamp };
    }
    const filter = params[0] as {
      address: string;
      topics: (string | string[] | null)[];
      fromBlock: string;
      toBlock: string;
    };
    const logs = await provider.getLogs(filter);
    return logs.map((log) => ({
      address: log.address,
      topics: log.topics,
      data: log.data,
      blockNumber: `0x${log.blockNumber.toString(16)}`,
      logIndex: `0x${log.index.toString(16)}`,
      removed: log.removed,
    }));
  };
  const hex = (n: number) => `0x${n.toString(16)}`;
  const getLogs = (topics: (string | readonly string[] | null)[], from: number, to: number) =>
    rpc("eth_getLogs", [{ address: registry, topics, fromBlock: hex(from), toBlock: hex(to) }]) as Promise<
      RawLog[]
    >;

  const stats: DidResolverStats = { hits: 0, misses: 0, invalidations: 0, expirations: 0 };
  /** Least recently used first (Map keeps insertion order; a hit re-inserts). */
  const cache = new Map<string, Entry>();
  const keysByIdentity = new Map<string, Set<string>>();
  const inflight = new Map<string, Promise<DIDResolutionResult>>();
  /** Identities with a resolution in flight, and the latest block an event named them in meanwhile. */
  const pending = new Map<string, { count: number; changedAt: number }>();
  let head: Head | undefined;
  let closed = false;

  const forget = (key: string) => {
    const entry = cache.get(key);
    if (entry === undefined) return;
    cache.delete(key);
    if (entry.identity !== undefined) {
      const keys = keysByIdentity.get(entry.identity);
      keys?.delete(key);
      if (keys?.size === 0) keysByIdentity.delete(entry.identity);
    }
  };

  const remember = (key: string, entry: Entry) => {
    forget(key);
    cache.set(key, entry);
    if (entry.identity !== undefined) {
      const keys = keysByIdentity.get(entry.identity) ?? new Set<string>();
      keys.add(key);
      keysByIdentity.set(entry.identity, keys);
    }
    while (cache.size > maxEntries) {
      const oldest = cache.keys().next().value;
      if (oldest === undefined) break;
      forget(oldest);
    }
  };

  const invalidateIdentity = (identity: string, blockNumber: number) => {
    const keys = keysByIdentity.get(identity);
    if (keys !== undefined) {
      for (const key of [...keys]) {
        forget(key);
        stats.invalidations++;
      }
    }
    const waiting = pending.get(identity);
    if (waiting !== undefined) waiting.changedAt = Math.max(waiting.changedAt, blockNumber);
  };

  const readHead = async (): Promise<Head> => {
    const block = (await rpc("eth_getBlockByNumber", ["latest", false])) as {
      number: string | number;
      timestamp: string | number;
    } | null;
    if (block === null) throw new Error("the chain returned no latest block");
    return { number: Number(block.number), timestamp: BigInt(block.timestamp) };
  };

  /** Moves `head` to the chain head, dropping cached documents of every identity changed in between. */
  const sync = async (): Promise<void> => {
    const next = await readHead();
    if (clock === "chain" && next.timestamp > MAX_SECONDS) {
      throw new Error(
        `block timestamps are in milliseconds (${next.timestamp}); ethr-did-resolver reads them as seconds: use clock "wall"`,
      );
    }
    const previous = head;
    if (previous !== undefined && next.number > previous.number) {
      const logs = await getLogs([[...REGISTRY_EVENT_TOPICS]], previous.number + 1, next.number);
      for (const log of logs) {
        const identity = logIdentity(log);
        if (identity !== undefined) invalidateIdentity(identity, Number(BigInt(log.blockNumber)));
      }
    } else if (previous !== undefined && next.number < previous.number) {
      // the chain went back (a reset development chain): nothing cached or in flight can be trusted
      for (const key of [...cache.keys()]) forget(key);
      for (const waiting of pending.values()) waiting.changedAt = Number.POSITIVE_INFINITY;
    }
    head = next;
  };

  const requestSync = serialSync(sync);

  const nowSeconds = (at: Head): bigint =>
    clock === "chain" ? at.timestamp : BigInt(Math.floor(Date.now() / 1000));

  const onBlock = () => {
    requestSync().catch(() => undefined); // the next resolve reports an unreachable chain
  };
  if (invalidation === "subscribe") void provider.on("block", onBlock);

  const resolveMiss = async (
    key: string,
    did: string,
    identity: string,
    versionId: number | undefined,
    accept: DIDResolutionOptions,
  ): Promise<DIDResolutionResult> => {
    const at = head!;
    const waiting = pending.get(identity) ?? { count: 0, changedAt: -1 };
    waiting.count++;
    pending.set(identity, waiting);
    try {
      const url = versionId === undefined ? did : `${did}?versionId=${versionId}`;
      const pin =
        versionId === undefined && clock === "chain" && at.number > 0 ? { blockTag: at.number } : {};
      const [result, logs] = await Promise.all([
        upstream.resolve(url, { ...accept, ...pin }),
        versionId === undefined
          ? getLogs([null, `0x${identity.slice(2).padStart(64, "0")}`], fromBlock, at.number)
          : Promise.resolve([]),
      ]);
      const error = result.didResolutionMetadata.error;
      if (error !== undefined) {
        result.didResolutionMetadata.error = toDidCoreError(error);
        return result;
      }
      dropDanglingReferences(result);
      if (waiting.changedAt > at.number) return result; // changed while resolving: serve it once, keep nothing
      if (versionId === undefined) {
        remember(key, { result, identity, expiresAt: earliestExpiry(logs, nowSeconds(at)) });
      } else {
        const final = result.didDocumentMetadata.nextVersionId !== undefined;
        remember(key, { result, identity: final ? undefined : identity, expiresAt: undefined });
      }
      return result;
    } finally {
      waiting.count--;
      if (waiting.count === 0) pending.delete(identity);
    }
  };

  const resolve = async (didUrl: string, resolveOptions: DIDResolutionOptions = {}) => {
    if (closed) return errorResult("notFound", "the resolver is closed");
    const parsed = parseEthrDid(didUrl, { chainIdHex, name: options.name });
    if (!parsed.ok) return errorResult(parsed.error, parsed.message);
    const { did, identity, versionId, otherQuery } = parsed.value;
    const accept = resolveOptions.accept === undefined ? {} : { accept: resolveOptions.accept };
    if (otherQuery) {
      const result = await upstream.resolve(didUrl, accept);
      const error = result.didResolutionMetadata.error;
      if (error !== undefined) result.didResolutionMetadata.error = toDidCoreError(error);
      else dropDanglingReferences(result);
      return result;
    }
    try {
      if (invalidation === "on-resolve" || head === undefined) await requestSync();
    } catch (error) {
      return errorResult("notFound", `cannot read the chain head: ${messageOf(error)}`);
    }
    const at = head!;
    const key = `${accept.accept ?? ""} ${did}${versionId === undefined ? "" : ` @${versionId}`}`;
    const entry = cache.get(key);
    if (entry !== undefined) {
      if (entry.expiresAt !== undefined && nowSeconds(at) > entry.expiresAt) {
        forget(key);
        stats.expirations++;
      } else {
        stats.hits++;
        remember(key, entry); // most recently used
        return structuredClone(entry.result);
      }
    }
    const joined = inflight.get(key);
    if (joined !== undefined) {
      stats.hits++;
      return structuredClone(await joined);
    }
    stats.misses++;
    const lower = identity.toLowerCase();
    const promise = resolveMiss(key, did, lower, versionId, accept).catch((error: unknown) =>
      errorResult("notFound", messageOf(error)),
    );
    inflight.set(key, promise);
    try {
      return structuredClone(await promise);
    } finally {
      inflight.delete(key);
    }
  };

  return {
    resolve,
    get stats() {
      return { ...stats };
    },
    close() {
      if (closed) return;
      closed = true;
      if (invalidation === "subscribe") void provider.off("block", onBlock);
      if (ownsProvider) (provider as JsonRpcProvider).destroy();
    },
  };
}
