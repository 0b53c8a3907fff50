import { PermitChainError } from "@permitchain/chain";
import {
  type CredentialProof,
  credentialProofVerifierAbi,
  decodeCredentialProofFailure,
} from "@permitchain/contracts";
import { type Contract, Contract as EthersContract, getAddress } from "ethers";
import {
  controllerKeyOf,
  ensureUnlocked,
  keyAddress,
  loadIdentifier,
  type WalletContext,
} from "../context.js";
import { toCredentialProof } from "../credentials/proof.js";
import {
  HolderKeyUnavailableError,
  ProofNotFoundError,
  ProofRejectedError,
  RegistryTransactionError,
  WalletConfigError,
} from "../errors.js";
import { KmsSigner } from "../kms-signer.js";
import { revertData } from "../registry-writer.js";
import type { StoredCredential } from "../stores/credential-store.js";
import { getCredential } from "./list-credentials.js";

/** `requireEligible(holder, proof, signature)`'s arguments, in order. */
export type RequireEligibleArguments = readonly [holder: string, proof: CredentialProof, signature: string];
/** `registerProof(proof, signature)`'s arguments, in order. */
export type RegisterProofArguments = readonly [proof: CredentialProof, signature: string];

export interface OnChainProofArgumentsReturnType {
  /** The CredentialProofVerifier the proof is signed for (its EIP-712 `verifyingContract`). */
  verifyingContract: string;
  /** The chain id of its EIP-712 domain. */
  chainId: bigint;
  /**
   * The address the proof holds for now: the current owner of the subject's DID (`proof.subject` itself until
   * its owner changes). Calls gated by the proof, and `registerProof`, must come from it.
   */
  holder: string;
  proof: CredentialProof;
  signature: string;
  /** Spread into `verifier.requireEligible(...)` / `checkProof(...)`, or pass on to a gating contract. */
  requireEligible: RequireEligibleArguments;
  /** Spread into `verifier.registerProof(...)`, sent from `holder`. */
  registerProof: RegisterProofArguments;
}

/**
 * The on-chain arguments of a credential's EIP-712 proof, ready for an ethers contract call:
 * `contract.requireEligible(...args.requireEligible)`, `contract.registerProof(...args.registerProof)`; the
 * holder is the subject DID's owner, read from the registry. {@link ProofNotFoundError} when the credential came
 * without a proof.
 */
export async function onChainProofArguments(
  context: WalletContext,
  credentialId: string,
): Promise<OnChainProofArgumentsReturnType> {
  return argumentsOf(context, await getCredential(context, credentialId));
}

async function argumentsOf(
  context: WalletContext,
  stored: StoredCredential,
): Promise<OnChainProofArgumentsReturnType> {
  if (stored.proof === undefined) throw new ProofNotFoundError(stored.id);
  const proof = toCredentialProof(stored.proof);
  const { signature } = stored.proof;
  const holder = await identityOwner(context, proof.subject);
  return {
    verifyingContract: stored.proof.domain.verifyingContract,
    chainId: BigInt(stored.proof.domain.chainId),
    holder,
    proof,
    signature,
    requireEligible: [holder, proof, signature],
    registerProof: [proof, signature],
  };
}

async function identityOwner(context: WalletContext, identity: string): Promise<string> {
  try {
    return getAddress((await context.registry.getFunction("identityOwner").staticCall(identity)) as string);
  } catch (error) {
    const message = (error as { shortMessage?: string })?.shortMessage ?? (error as Error)?.message;
    throw new RegistryTransactionError("identityOwner", `the DID registry could not be read: ${message}`, {
      cause: error,
    });
  }
}

export interface RegisterProofReturnType {
  transactionHash: string;
  blockNumber: number;
  /** The holder address the proof is now registered for. */
  holder: string;
  /** The credential type id (bytes32) it is registered under: ask `isEligible(holder, credentialType)`. */
  credentialType: string;
  /** Unix seconds from which the registration no longer holds. */
  validUntil: bigint;
}

function failureOf(error: unknown): { name: string; args: unknown[] } | undefined {
  const data = revertData(error);
  return data === undefined ? undefined : decodeCredentialProofFailure(data);
}

/**
 * Registers the credential's proof with the CredentialProofVerifier (`registerProof(proof, signature)`), sent
 * directly from the holder: the contract registers it for `msg.sender`, which must own the subject's DID now, so
 * the transaction is signed in the KMS by the identity's controller key (after an owner rotation, the new one),
 * which must be that owner ({@link HolderKeyUnavailableError} otherwise) and pays the gas. The call is estimated first, so
 * that a refusal costs nothing and comes back as {@link ProofRejectedError} with the contract's custom error.
 * The wallet must know the verifier (`credentialProofVerifier`), and it must be the one the proof is for.
 */
export async function registerProof(
  context: WalletContext,
  credentialId: string,
): Promise<RegisterProofReturnType> {
  const stored = await getCredential(context, credentialId);
  const args = await argumentsOf(context, stored);
  const configured = context.proofVerifier;
  if (configured === undefined) {
    throw new WalletConfigError("registering a proof needs a wallet created with credentialProofVerifier");
  }
  if (configured !== args.verifyingContract) {
    throw new WalletConfigError(
      `the proof is for the verifier ${args.verifyingContract}, the wallet's is ${configured}`,
    );
  }
  ensureUnlocked(context);
  const identifier = await loadIdentifier(context, stored.metadata.holder);
  const key = controllerKeyOf(identifier);
  const controller = keyAddress(key);
  if (controller !== args.holder) {
    throw new HolderKeyUnavailableError(args.proof.subject, args.holder, controller);
  }

  const label = "registerProof";
  return context.serialize(args.holder, async () => {
    const signer = new KmsSigner(context.agent, key, context.network.provider);
    const verifier = new EthersContract(configured, credentialProofVerifierAbi, signer) as Contract;
    const register = verifier.getFunction("registerProof");
    try {
      const gas = await register.estimateGas(...args.registerProof);
      const response = await register.send(...args.registerProof, { gasLimit: (gas * 12n) / 10n });
      const receipt = await context.network.provider.waitForTransaction(response.hash);
      if (receipt === null || receipt.status !== 1) {
        throw new RegistryTransactionError(label, `transaction ${response.hash} did not succeed`, {
          details: { transactionHash: response.hash },
        });
      }
      return {
        transactionHash: response.hash,
        blockNumber: receipt.blockNumber,
        holder: args.holder,
        credentialType: args.proof.credentialType,
        validUntil: args.proof.validUntil,
      };
    } catch (error) {
      if (error instanceof PermitChainError) throw error;
      const failure = failureOf(error);
      if (failure !== undefined) throw new ProofRejectedError(label, failure, { cause: error });
      const message =
        (error as { shortMessage?: string })?.shortMessage ?? (error as Error)?.message ?? String(error);
      throw new RegistryTransactionError(label, message, { cause: error });
    }
  });
}
