import { PermitChainError } from "@permitchain/chain";

/** Private keys are needed and the key store is locked: `unlock(passphrase)` first. */
export class WalletLockedError extends PermitChainError {
  constructor() {
    super("WALLET_LOCKED", "the wallet is locked: unlock it with its passphrase first");
  }
}

/** The passphrase does not open the key store. */
export class WrongPassphraseError extends PermitChainError {
  constructor(path: string) {
    super("WRONG_PASSPHRASE", `the passphrase does not open the key store ${path}`, { details: { path } });
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
