import { PermitChainError } from "@permitchain/chain";

/** Private keys are needed and the key store is locked: `unlock(passphrase)` first. */
export class WalletLockedError extends PermitChainError {
  constructor() {
    super("WALLET_LOCKED", "the wallet is locked: unlock it with its passphrase first");
  }
}

/** The passphrase does not open an encrypted store (the key store, the credential store). */
export class WrongPassphraseError extends PermitChainError {
  constructor(path: string, store = "key store") {
    super("WRONG_PASSPHRASE", `the passphrase does not open the ${store} ${path}`, { details: { path } });
  }
}

/** A store file is unreadable: not ours, damaged, or altered (authentication failed with the right passphrase). */
export class KeyStoreCorruptError extends PermitChainError {
  constructor(path: string, reason: string, options?: { cause?: unknown }) {
    super("KEYSTORE_CORRUPT", `the store file ${path} is unusable: ${reason}`, {
      ...options,
      details: { path },
    });
  }
}

/** No identity with this DID is held by the wallet. */
export class IdentityNotFoundError extends PermitChainError {
  constructor(did: string) {
    super("IDENTITY_NOT_FOUND", `the wallet holds no identity ${did}`, { details: { did } });
  }
}

/** No key with this id is held by the wallet for the identity, or it has no such published key or service. */
export class KeyNotFoundError extends PermitChainError {
  constructor(did: string, what: string) {
    super("KEY_NOT_FOUND", `${did} has no ${what} in this wallet`, { details: { did, what } });
  }
}

/**
 * The registry refused the change because the key that signed it does not control the identity any more
 * (registry error `NotOwner` for a direct call, `BadSignature` for a relayed one), e.g. a wallet copy from
 * before an owner rotation.
 */
export class NotControllerError extends PermitChainError {
  readonly reason: "NotOwner" | "BadSignature";

  constructor(
    identity: string,
    signer: string,
    reason: "NotOwner" | "BadSignature",
    options?: { cause?: unknown },
  ) {
    super(
      "NOT_CONTROLLER",
      `${signer} does not control identity ${identity} (the registry answered ${reason})`,
      { ...options, details: { identity, signer, reason } },
    );
    this.reason = reason;
  }
}

/** A registry transaction failed for another reason (network, gas, a revert other than the two above). */
export class RegistryTransactionError extends PermitChainError {
  constructor(
    operation: string,
    message: string,
    options?: { cause?: unknown; details?: Record<string, unknown> },
  ) {
    super("REGISTRY_TX_FAILED", `${operation} failed: ${message}`, options);
  }
}

/** The wallet was set up or called wrongly (missing relayer, bad argument). */
export class WalletConfigError extends PermitChainError {
  constructor(message: string) {
    super("WALLET_CONFIG", message);
  }
}

export class InvalidArgumentError extends PermitChainError {
  constructor(message: string) {
    super("INVALID_ARGUMENT", message);
  }
}

/** The credential store file is unreadable: not ours, damaged, or altered (authentication failed). */
export class CredentialStoreCorruptError extends PermitChainError {
  constructor(path: string, reason: string, options?: { cause?: unknown }) {
    super("CREDENTIAL_STORE_CORRUPT", `the credential store ${path} is unusable: ${reason}`, {
      ...options,
      details: { path },
    });
  }
}

/** Another running process has the wallet database open: one process at a time may use a wallet. */
export class WalletBusyError extends PermitChainError {
  constructor(path: string, pid: number | undefined, options?: { cause?: unknown }) {
    super(
      "WALLET_BUSY",
      `the wallet database ${path} is in use by ${pid === undefined ? "another process" : `the running process ${pid}`} (one process at a time)`,
      { ...options, details: { path, ...(pid === undefined ? {} : { pid }) } },
    );
  }
}

/** The wallet's stores were closed: open them again. */
export class WalletClosedError extends PermitChainError {
  constructor(path: string) {
    super("WALLET_CLOSED", `the wallet database ${path} is closed`, { details: { path } });
  }
}

/**
 * The wallet's PostgreSQL database cannot be used now: the server cannot be reached, broke the connection,
 * is shutting down or full, or refuses the wallet (authentication, no such database, no privilege on the
 * wallet's schema). A write it cut short was committed whole or not at all; retry later, or fix the URL.
 */
export class WalletStorageUnavailableError extends PermitChainError {
  constructor(location: string, reason: string, options?: { cause?: unknown }) {
    super("WALLET_STORAGE_UNAVAILABLE", `the wallet database ${location} is unavailable: ${reason}`, {
      ...options,
      details: { location },
    });
  }
}

/** A wallet directory holds both a SQLite wallet and the files of a file wallet: which one is meant is unclear. */
export class AmbiguousWalletError extends PermitChainError {
  constructor(directory: string, database: string, files: readonly string[]) {
    super(
      "WALLET_AMBIGUOUS",
      `the wallet directory ${directory} holds both ${database} and a file wallet (${files.join(", ")}): keep one of them`,
      { details: { directory, database, files } },
    );
  }
}

/** One check of the verifier that did not pass, as a refusal reports it. */
export interface CredentialRejectionReason {
  readonly check: string;
  readonly status: string;
  readonly code: string;
  readonly message: string;
}

/**
 * The verifier did not find the credential valid: `verdict` is `invalid` (some check failed) or
 * `indeterminate` (a dependency could not answer and the caller did not accept that); `reasons` are the
 * checks that did not pass.
 */
export class CredentialRejectedError extends PermitChainError {
  readonly verdict: "invalid" | "indeterminate";
  readonly reasons: readonly CredentialRejectionReason[];

  constructor(verdict: "invalid" | "indeterminate", reasons: readonly CredentialRejectionReason[]) {
    const summary = reasons.map((reason) => `${reason.check}: ${reason.code}`).join(", ");
    super("CREDENTIAL_REJECTED", `the credential is ${verdict}${summary === "" ? "" : ` (${summary})`}`, {
      details: { verdict, reasons },
    });
    this.verdict = verdict;
    this.reasons = reasons;
  }
}

/** The credential is about a subject that is none of the wallet's identities. */
export class SubjectNotInWalletError extends PermitChainError {
  constructor(subject: string) {
    super("SUBJECT_NOT_IN_WALLET", `the credential's subject ${subject} is not an identity of this wallet`, {
      details: { subject },
    });
  }
}

/** No credential with this id is in the wallet. */
export class CredentialNotFoundError extends PermitChainError {
  constructor(id: string) {
    super("CREDENTIAL_NOT_FOUND", `the wallet holds no credential ${id}`, { details: { id } });
  }
}

/** The wallet already holds another credential (another JWT) with the same id. */
export class CredentialConflictError extends PermitChainError {
  constructor(id: string) {
    super("CREDENTIAL_CONFLICT", `the wallet already holds a different credential with the id ${id}`, {
      details: { id },
    });
  }
}

/**
 * The EIP-712 credential proof given with a credential is not the issuer's proof of that credential for this
 * chain's verifier, or the verifier contract refuses it (`failure`: its custom error, decoded).
 */
export class ProofInvalidError extends PermitChainError {
  readonly reasons: readonly string[];
  readonly failure: { name: string; args: unknown[] } | undefined;

  constructor(reasons: readonly string[], failure?: { name: string; args: unknown[] }) {
    super("PROOF_INVALID", `the credential proof is refused: ${reasons.join("; ")}`, {
      details: { reasons, ...(failure === undefined ? {} : { failure }) },
    });
    this.reasons = reasons;
    this.failure = failure;
  }
}

/** The credential has no EIP-712 proof in the wallet. */
export class ProofNotFoundError extends PermitChainError {
  constructor(id: string) {
    super("PROOF_NOT_FOUND", `the wallet holds no on-chain proof for credential ${id}`, { details: { id } });
  }
}

/** The CredentialProofVerifier refused `registerProof` (`failure`: its custom error, decoded). */
export class ProofRejectedError extends PermitChainError {
  readonly failure: { name: string; args: unknown[] };

  constructor(operation: string, failure: { name: string; args: unknown[] }, options?: { cause?: unknown }) {
    super("PROOF_REJECTED", `${operation}: the credential proof verifier reverted with ${failure.name}`, {
      ...options,
      details: { failure },
    });
    this.failure = failure;
  }
}

/**
 * The proof holds for the current owner of the subject's DID, and the wallet's controller key for the identity
 * has another address (the owner was changed outside this wallet): the transaction cannot come from the holder.
 */
export class HolderKeyUnavailableError extends PermitChainError {
  constructor(subject: string, owner: string, controller: string | undefined) {
    super(
      "HOLDER_KEY_UNAVAILABLE",
      `the proof for ${subject} must be sent by its owner ${owner}, and the wallet's controller key is ${controller ?? "not held"}`,
      { details: { subject, owner, controller } },
    );
  }
}
