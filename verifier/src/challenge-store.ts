import { randomBytes } from "node:crypto";
import { ChallengeStoreFullError, VerifierConfigError } from "./errors.js";

/** A challenge the verifier issued: the holder puts `value` in its presentation's `nonce`. */
export interface Challenge {
  readonly value: string;
  /** The domain (presentation `aud`) the challenge was issued for, when bound to one. */
  readonly domain?: string;
  /** Milliseconds since the epoch after which the challenge is no longer accepted. */
  readonly expiresAt: number;
}

export interface IssueChallengeParameters {
  /** Bind the challenge to a domain: a presentation for another domain is refused. */
  readonly domain?: string;
  /** Lifetime in milliseconds; default the store's. */
  readonly ttlMs?: number;
}

export type ConsumeChallengeReturnType =
  | { readonly outcome: "accepted"; readonly challenge: Challenge }
  | { readonly outcome: "unknown" | "replayed" | "expired" };

/**
 * Verifier-issued challenges, each accepted once. `consume` must be atomic: of two concurrent consumers of the
 * same value, exactly one hears "accepted" (a shared implementation does it with one conditional update).
 */
export interface ChallengeStore {
  issue(parameters?: IssueChallengeParameters): Promise<Challenge>;
  consume(value: string): Promise<ConsumeChallengeReturnType>;
}

export interface CreateMemoryChallengeStoreParameters {
  /** Default lifetime of a challenge in milliseconds; default 5 minutes. */
  readonly ttlMs?: number;
  /** Most challenges kept (outstanding, or used and not yet expired); default 100,000. */
  readonly maxChallenges?: number;
  /** Milliseconds since the epoch; default Date.now. */
  readonly clock?: () => number;
}

interface Entry {
  readonly challenge: Challenge;
  used: boolean;
}

/**
 * A ChallengeStore in this process's memory: 256-bit random values (base64url), consumed synchronously (hence
 * atomically) in `consume`. A used challenge is remembered until it expires, so that a replay is told apart
 * from an unknown value; an expired one is reported as expired for one more lifetime, then forgotten.
 */
export function createMemoryChallengeStore(
  parameters: CreateMemoryChallengeStoreParameters = {},
): ChallengeStore {
  const ttlMs = parameters.ttlMs ?? 5 * 60_000;
  const maxChallenges = parameters.maxChallenges ?? 100_000;
  const clock = parameters.clock ?? Date.now;
  if (!(ttlMs > 0) || !Number.isSafeInteger(maxChallenges) || maxChallenges < 1) {
    throw new VerifierConfigError("the challenge store needs a positive ttlMs and maxChallenges");
  }
  const entries = new Map<string, Entry>();
  let lastSweep = clock();

  const sweep = (now: number) => {
    lastSweep = now;
    for (const [value, entry] of entries) {
      // expired ones are kept one more default lifetime so that late presentations hear "expired"
      if (entry.challenge.expiresAt + ttlMs < now) entries.delete(value);
    }
  };

  return {
    async issue(options = {}) {
      const now = clock();
      const lifetime = options.ttlMs ?? ttlMs;
      if (!(lifetime > 0)) throw new VerifierConfigError("a challenge's ttlMs must be positive");
      if (now - lastSweep > ttlMs / 2 || entries.size >= maxChallenges) sweep(now);
      if (entries.size >= maxChallenges) throw new ChallengeStoreFullError(maxChallenges);
      const value = randomBytes(32).toString("base64url");
      const challenge: Challenge =
        options.domain === undefined
          ? { value, expiresAt: now + lifetime }
          : { value, domain: options.domain, expiresAt: now + lifetime };
      entries.set(value, { challenge, used: false });
      return challenge;
    },
    async consume(value) {
      const entry = typeof value === "string" ? entries.get(value) : undefined;
      if (entry === undefined) return { outcome: "unknown" };
      if (entry.used) return { outcome: "replayed" };
      if (clock() > entry.challenge.expiresAt) return { outcome: "expired" };
      entry.used = true;
      return { outcome: "accepted", challenge: entry.challenge };
    },
  };
}
