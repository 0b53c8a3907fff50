import { randomUUID } from "node:crypto";
import { FiscoProvider } from "@permitchain/chain";
import type { DeploymentManifest } from "@permitchain/contracts";
import type { Provider } from "ethers";
import type { Operator } from "./api-keys.js";
import {
  type ChangeCredentialStatusParameters,
  type ChangeCredentialStatusReturnType,
  changeCredentialStatus,
} from "./change-status.js";
import type { IssuerContext } from "./context.js";
import { didNetwork } from "./did.js";
import { IssuerConfigError } from "./errors.js";
import type { FaultHook } from "./faults.js";
import { fiscoStatusRegistry } from "./fisco-status-registry.js";
import {
  type IssueCredentialParameters,
  type IssueCredentialReturnType,
  issueCredential,
} from "./issue-credential.js";
import type { IssuerKeyring } from "./keys.js";
import {
  type CredentialView,
  getCredential,
  type ListCredentialsParameters,
  type ListCredentialsReturnType,
  listCredentials,
} from "./read-credentials.js";
import { KeyedMutex } from "./sender-lock.js";
import { ethersStatusRegistry, type StatusRegistryClient } from "./status-registry.js";
import type { IssuerRepository } from "./storage/repository.js";
import { ethersTrustClient, type TrustClient } from "./trust.js";

export interface CreateIssuerServiceOptions {
  readonly repository: IssuerRepository;
  readonly issuers: IssuerKeyring;
  /** The deployment: chain id and contract addresses (CredentialStatusRegistry, TrustedIssuerRegistry, ...). */
  readonly manifest: DeploymentManifest;
  /**
   * An ethers provider for the chain (`connectJsonRpc`); used by the default registry clients. A FiscoProvider
   * (FISCO BCOS native RPC) makes the default status registry client `fiscoStatusRegistry`: status writes are
   * then FISCO native transactions.
   */
  readonly provider: Provider;
  /** Default: the adapter (ethers, or FISCO native on a FiscoProvider) of the manifest's status registry. */
  readonly statusRegistry?: StatusRegistryClient;
  /** Default: the ethers adapter of the manifest's TrustedIssuerRegistry and ParticipantRegistry. */
  readonly trust?: TrustClient;
  /** Default the system clock. */
  readonly now?: () => Date;
  /** Default `urn:uuid:<random UUID>`. */
  readonly newCredentialId?: () => string;
  /** Tests only: called at each step of an issuance (see FAULT_POINTS). */
  readonly faults?: FaultHook;
  /** Milliseconds to wait for a transaction to be mined. Default 60,000. */
  readonly miningTimeoutMs?: number;
}

/** The issuer library: the operations of the service, bound to their dependencies. */
export interface IssuerService {
  readonly context: IssuerContext;
  issue(parameters: IssueCredentialParameters): Promise<IssueCredentialReturnType>;
  changeStatus(parameters: ChangeCredentialStatusParameters): Promise<ChangeCredentialStatusReturnType>;
  get(parameters: { operator: Operator; id: string }): Promise<CredentialView>;
  list(parameters: ListCredentialsParameters): Promise<ListCredentialsReturnType>;
  /** Closes the repository. */
  close(): Promise<void>;
}

/** Binds the issuer operations to a repository, the chain's registries and the issuers' keys. */
export function createIssuerService(options: CreateIssuerServiceOptions): IssuerService {
  const { manifest } = options;
  const contracts = manifest.contracts as Partial<Record<string, string>>;
  const missing = ["CredentialStatusRegistry", "TrustedIssuerRegistry", "ParticipantRegistry"].filter(
    (name) => contracts[name] === undefined,
  );
  if (missing.length > 0 && (options.statusRegistry === undefined || options.trust === undefined)) {
    throw new IssuerConfigError(missing.map((name) => `the deployment manifest has no address for ${name}`));
  }
  const sendLock = new KeyedMutex();
  const miningTimeoutMs = options.miningTimeoutMs ?? 60_000;
  const statusRegistry =
    options.statusRegistry ??
    (options.provider instanceof FiscoProvider
      ? fiscoStatusRegistry(options.provider, contracts.CredentialStatusRegistry!, { miningTimeoutMs })
      : ethersStatusRegistry(options.provider, contracts.CredentialStatusRegistry!, {
          miningTimeoutMs,
          sendLock: (sender, fn) => sendLock.run(sender, fn),
        }));
  const trust =
    options.trust ??
    ethersTrustClient(options.provider, {
      trustedIssuerRegistry: contracts.TrustedIssuerRegistry!,
      participantRegistry: contracts.ParticipantRegistry!,
    });
  const verifier = contracts.CredentialProofVerifier;
  const context: IssuerContext = {
    repository: options.repository,
    statusRegistry,
    trust,
    issuers: options.issuers,
    network: didNetwork(manifest.chainId),
    chainId: manifest.chainId,
    proofDomain:
      verifier === undefined ? undefined : { chainId: manifest.chainId, verifyingContract: verifier },
    now: options.now ?? (() => new Date()),
    newCredentialId: options.newCredentialId ?? (() => `urn:uuid:${randomUUID()}`),
    faults: options.faults,
    sendLock,
    inFlight: new Set(),
    miningTimeoutMs,
  };
  return {
    context,
    issue: (parameters) => issueCredential(context, parameters),
    changeStatus: (parameters) => changeCredentialStatus(context, parameters),
    get: (parameters) => getCredential(context, parameters),
    list: (parameters) => listCredentials(context, parameters),
    close: () => options.repository.close(),
  };
}
