import type { ProofDomain } from "./credential-proof.js";
import type { DidNetwork } from "./did.js";
import type { FaultHook } from "./faults.js";
import type { IssuerKeyring } from "./keys.js";
import type { KeyedMutex } from "./sender-lock.js";
import type { StatusRegistryClient } from "./status-registry.js";
import type { IssuerRepository } from "./storage/repository.js";
import type { TrustClient } from "./trust.js";

/** Everything the issuer operations use, passed in (no singletons, no environment read). */
export interface IssuerContext {
  readonly repository: IssuerRepository;
  readonly statusRegistry: StatusRegistryClient;
  readonly trust: TrustClient;
  readonly issuers: IssuerKeyring;
  /** The chain DIDs are anchored on (issuers' and subjects'). */
  readonly network: DidNetwork;
  /** The deployment's chain id (the manifest's), used in status entry ids. */
  readonly chainId: number;
  /** Where EIP-712 proofs are verified; undefined when the deployment has no CredentialProofVerifier. */
  readonly proofDomain: ProofDomain | undefined;
  readonly now: () => Date;
  /** Makes the id of a credential whose request gives none; default `urn:uuid:<random UUID>`. */
  readonly newCredentialId: () => string;
  readonly faults: FaultHook | undefined;
  /** Serialises each sending key's transactions. */
  readonly sendLock: KeyedMutex;
  /** Issuances running in this process, by operator and idempotency key. */
  readonly inFlight: Set<string>;
  /** Milliseconds to wait for a transaction to be mined. */
  readonly miningTimeoutMs: number;
}
