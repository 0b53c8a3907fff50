import { createDidResolver } from "@permitchain/contracts";
import type { Verifier } from "@permitchain/verifier";
import type { DIDResolutionResult } from "@veramo/core";
import { getAddress, type Provider, type Signer } from "ethers";
import {
  type AddDelegateParameters,
  type AddDelegateReturnType,
  addDelegate,
} from "./actions/add-delegate.js";
import {
  type CreateIdentityParameters,
  type CreateIdentityReturnType,
  createIdentity,
} from "./actions/create-identity.js";
import {
  type CreatePresentationParameters,
  type CreatePresentationReturnType,
  createPresentation,
} from "./actions/create-presentation.js";
import {
  type GetIdentityParameters,
  type GetIdentityReturnType,
  getIdentity,
  listIdentities,
  type WalletIdentity,
} from "./actions/get-identity.js";
import {
  deleteCredential,
  getCredential,
  type ListCredentialsParameters,
  type ListCredentialsReturnType,
  listCredentials,
  type SelectCredentialsParameters,
  type SelectCredentialsReturnType,
  selectCredentials,
} from "./actions/list-credentials.js";
import { type PublishKeyParameters, type PublishKeyReturnType, publishKey } from "./actions/publish-key.js";
import {
  type PublishServiceParameters,
  type PublishServiceReturnType,
  publishService,
} from "./actions/publish-service.js";
import {
  type ReceiveCredentialParameters,
  type ReceiveCredentialReturnType,
  receiveCredential,
} from "./actions/receive-credential.js";
import {
  type OnChainProofArgumentsReturnType,
  onChainProofArguments,
  type RegisterProofReturnType,
  registerProof,
} from "./actions/register-proof.js";
import {
  type RevokeDelegateParameters,
  type RevokeDelegateReturnType,
  revokeDelegate,
} from "./actions/revoke-delegate.js";
import { type RevokeKeyParameters, type RevokeKeyReturnType, revokeKey } from "./actions/revoke-key.js";
import {
  type RevokeServiceParameters,
  type RevokeServiceReturnType,
  revokeService,
} from "./actions/revoke-service.js";
import {
  type RotateOwnerParameters,
  type RotateOwnerReturnType,
  rotateOwner,
} from "./actions/rotate-owner.js";
import {
  type SyncControllerParameters,
  type SyncControllerReturnType,
  syncController,
} from "./actions/sync-controller.js";
import { createPermitChainAgent, type PermitChainAgent, type ResolvableLike } from "./agent.js";
import { createWalletContext, type WalletContext } from "./context.js";
import { InvalidArgumentError, WalletConfigError } from "./errors.js";
import type { StoredCredential } from "./stores/credential-store.js";
import { isLockable, type Lockable } from "./stores/sealed-file.js";
import type { WalletStores } from "./stores/wallet-stores.js";

const YEAR = 365n * 86_400n;

export interface CreateWalletOptions {
  /** Chain the registry is on. */
  chainId: number | bigint;
  /** ERC-1056 registry address (`deployment.json` → contracts.EthereumDIDRegistry). */
  registry: string;
  /** ethers v6 provider for the chain (`connectJsonRpc` from @permitchain/chain). */
  provider: Provider;
  /** Where keys and identifiers live: `openFileStores(...)` or `memoryStores()`. */
  stores: WalletStores;
  /** Sends and pays for relayed operations (the owner only signs). Without it, `relayed: true` fails. */
  relayer?: Signer;
  /** A did:ethr resolver; default `createDidResolver` from @permitchain/contracts on the same provider. */
  resolver?: ResolvableLike & { close?(): void };
  /** DID network segment (`did:ethr:<networkName>:...`); default the hex chain id. */
  networkName?: string;
  /** Wall clock for the timestamps the wallet records; default `() => new Date()`. */
  clock?: () => Date;
  /** Validity of published keys and services when an operation names none; default one year. */
  defaultValidity?: bigint | number;
  /**
   * Checks credentials as they are received (`createVerifier` from @permitchain/verifier, on the same chain);
   * without it `receiveCredential` fails with WALLET_CONFIG.
   */
  verifier?: Verifier;
  /**
   * The CredentialProofVerifier (`deployment.json` → contracts.CredentialProofVerifier): proofs received are
   * checked with its `checkProof` and must be signed for it; `registerProof` sends to it.
   */
  credentialProofVerifier?: string;
}

/**
 * A firm's identity wallet on a Veramo agent. Every on-chain operation takes `relayed?: boolean`: false (the
 * default) sends the transaction from the controller key, which then needs gas; true has the controller
 * key sign the ERC-1056 meta-transaction and the wallet's relayer send and pay for it.
 *
 * Veramo walls met, and what the wallet does instead:
 * - EthrDIDProvider has no owner change and no delegates (`updateIdentifier` throws "not supported"), and
 *   DIDManager cannot change an identifier's controller key: `rotateOwner`, `addDelegate`,
 *   `revokeDelegate` sign and send through the wallet's own registry path (KMS-backed ethers signer), and
 *   the rotation is recorded by writing the identifier to the DID store.
 * - Its meta-transactions (`metaIdentifierKeyId`) need the relayer's key inside the same KMS, while here
 *   the relayer is any ethers `Signer` of another party; and ethr-did builds its `EthrDidController`
 *   without `legacyNonce: false`, so attribute digests are signed with `nonce(identity)` instead of
 *   `nonce(identityOwner(identity))`: right until the first owner rotation, rejected (`BadSignature`)
 *   after it. Relayed operations therefore sign `registryMetaTxDigest` (owner-nonce rule) with the KMS key
 *   (`keyManagerSign`, `eth_rawSign`) and the relayer sends the `...Signed` call.
 * - X25519 keys are always published as `did/pub/X25519/enc/base58`; this project uses base64, so they go
 *   through the wallet's own path too.
 * - EthrDIDProvider sends with a fixed gas limit and no estimate (a refused change is mined, costs gas and
 *   loses its revert reason): direct Veramo operations are checked with `eth_estimateGas` first.
 * - A `ttl` of 0 becomes a day (`options.ttl || 86400`): validity must be at least one second here anyway.
 * - kms-local turns every key store failure into `key_not_found`: the wallet checks the lock itself first
 *   and throws `WALLET_LOCKED`.
 */
export interface PermitChainWallet {
  readonly agent: PermitChainAgent;
  readonly resolver: ResolvableLike;
  /** True while the private key store is locked (file stores only). */
  readonly locked: boolean;
  createIdentity(parameters?: CreateIdentityParameters): Promise<CreateIdentityReturnType>;
  getIdentity(parameters: GetIdentityParameters): Promise<GetIdentityReturnType>;
  listIdentities(): Promise<WalletIdentity[]>;
  rotateOwner(parameters: RotateOwnerParameters): Promise<RotateOwnerReturnType>;
  syncController(parameters: SyncControllerParameters): Promise<SyncControllerReturnType>;
  addDelegate(parameters: AddDelegateParameters): Promise<AddDelegateReturnType>;
  revokeDelegate(parameters: RevokeDelegateParameters): Promise<RevokeDelegateReturnType>;
  publishKey(parameters: PublishKeyParameters): Promise<PublishKeyReturnType>;
  revokeKey(parameters: RevokeKeyParameters): Promise<RevokeKeyReturnType>;
  publishService(parameters: PublishServiceParameters): Promise<PublishServiceReturnType>;
  revokeService(parameters: RevokeServiceParameters): Promise<RevokeServiceReturnType>;
  /**
   * Verifies a VC-JWT with the wallet's verifier and keeps it, encrypted, with its decoded form, its EIP-712
   * proof when given and metadata; refuses anything not `valid` (`CREDENTIAL_REJECTED`), a subject that is not
   * the wallet's (`SUBJECT_NOT_IN_WALLET`), a proof that is not this credential's (`PROOF_INVALID`).
   */
  receiveCredential(
    jwt: string,
    parameters?: ReceiveCredentialParameters,
  ): Promise<ReceiveCredentialReturnType>;
  /** The credential with this id (`CREDENTIAL_NOT_FOUND` when none). */
  getCredential(id: string): Promise<StoredCredential>;
  /** Everything held that passes the filters (type, issuer, holder, claims). */
  listCredentials(parameters?: ListCredentialsParameters): Promise<ListCredentialsReturnType>;
  /** What can be presented now for a type and conditions (see credentials/query.ts), newest first. */
  selectCredentials(parameters: SelectCredentialsParameters): Promise<SelectCredentialsReturnType>;
  deleteCredential(id: string): Promise<boolean>;
  /** A VP-JWT of the wallet's credentials for a verifier's challenge and domain, signed in the KMS. */
  createPresentation(parameters: CreatePresentationParameters): Promise<CreatePresentationReturnType>;
  /** The arguments of `requireEligible` / `registerProof` for a credential's proof, typed for ethers. */
  onChainProofArguments(credentialId: string): Promise<OnChainProofArgumentsReturnType>;
  /** Sends `registerProof` for a credential's proof from the holder (direct); then `isEligible` holds. */
  registerProof(credentialId: string): Promise<RegisterProofReturnType>;
  /** Resolves a DID URL through the agent (DIDResolverPlugin → the project's resolver). */
  resolve(didUrl: string): Promise<DIDResolutionResult>;
  /** Drops private keys (and credentials, from an encrypted store) from memory; operations then fail with `WALLET_LOCKED`. */
  lock(): void;
  /** Opens the key store (and the credential store) again; `WRONG_PASSPHRASE` if the passphrase does not open it. */
  unlock(passphrase: string): Promise<void>;
  /** Closes the resolver the wallet created (not one passed in). */
  close(): void;
}

export function createWallet(options: CreateWalletOptions): PermitChainWallet {
  const chainId = BigInt(options.chainId);
  let registry: string;
  try {
    registry = getAddress(options.registry);
  } catch {
    throw new WalletConfigError(`registry ${options.registry} is not an address`);
  }
  const defaultValidity = BigInt(options.defaultValidity ?? YEAR);
  if (defaultValidity < 1n) throw new InvalidArgumentError("defaultValidity must be at least one second");
  const ownResolver =
    options.resolver === undefined
      ? createDidResolver({
          chainId,
          registry,
          provider: options.provider,
          ...(options.networkName === undefined ? {} : { name: options.networkName }),
        })
      : undefined;
  const resolver = options.resolver ?? ownResolver!;
  const network = { chainId, registry, provider: options.provider, name: options.networkName };
  let proofVerifier: string | undefined;
  if (options.credentialProofVerifier !== undefined) {
    try {
      proofVerifier = getAddress(options.credentialProofVerifier);
    } catch {
      throw new WalletConfigError(
        `credentialProofVerifier ${options.credentialProofVerifier} is not an address`,
      );
    }
  }
  const agent = createPermitChainAgent({ stores: options.stores, network, resolver });
  const context: WalletContext = createWalletContext({
    agent,
    stores: options.stores,
    network,
    relayer: options.relayer,
    clock: options.clock ?? (() => new Date()),
    defaultValidity,
    verifier: options.verifier,
    proofVerifier,
  });
  const lockable = (): Lockable[] => {
    const store = options.stores.privateKeys;
    if (!isLockable(store)) throw new WalletConfigError("this wallet's private key store cannot be locked");
    const credentials = options.stores.credentials;
    return isLockable(credentials) ? [store, credentials] : [store];
  };
  return {
    agent,
    resolver,
    get locked() {
      const store = options.stores.privateKeys;
      return isLockable(store) && store.locked;
    },
    createIdentity: (parameters) => createIdentity(context, parameters),
    getIdentity: (parameters) => getIdentity(context, parameters),
    listIdentities: () => listIdentities(context),
    rotateOwner: (parameters) => rotateOwner(context, parameters),
    syncController: (parameters) => syncController(context, parameters),
    addDelegate: (parameters) => addDelegate(context, parameters),
    revokeDelegate: (parameters) => revokeDelegate(context, parameters),
    publishKey: (parameters) => publishKey(context, parameters),
    revokeKey: (parameters) => revokeKey(context, parameters),
    publishService: (parameters) => publishService(context, parameters),
    revokeService: (parameters) => revokeService(context, parameters),
    receiveCredential: (jwt, parameters) => receiveCredential(context, jwt, parameters),
    getCredential: (id) => getCredential(context, id),
    listCredentials: (parameters) => listCredentials(context, parameters),
    selectCredentials: (parameters) => selectCredentials(context, parameters),
    deleteCredential: (id) => deleteCredential(context, id),
    createPresentation: (parameters) => createPresentation(context, parameters),
    onChainProofArguments: (credentialId) => onChainProofArguments(context, credentialId),
    registerProof: (credentialId) => registerProof(context, credentialId),
    resolve: (didUrl) => agent.resolveDid({ didUrl }),
    lock: () => {
      for (const store of lockable()) store.lock();
    },
    unlock: async (passphrase) => {
      // the key store first: a wrong passphrase leaves everything locked
      for (const store of lockable()) await store.unlock(passphrase);
    },
    close: () => ownResolver?.close(),
  };
}
