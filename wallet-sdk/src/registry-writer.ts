import { PermitChainError } from "@permitchain/chain";
import { type RegistryOperation, registryMetaTxDigest } from "@permitchain/contracts";
import type { IKey } from "@veramo/core";
import { type Contract, type LogDescription, Signature, type TransactionReceipt } from "ethers";
import { keyAddress, type WalletContext } from "./context.js";
import { NotControllerError, RegistryTransactionError, WalletConfigError } from "./errors.js";
import { KmsSigner } from "./kms-signer.js";

/** How a registry change was submitted and where it landed. */
export interface RegistryTransactionReturnType {
  transactionHash: string;
  blockNumber: number;
  /** True when a relayer sent (and paid for) the owner-signed meta-transaction. */
  relayed: boolean;
  /** The registry events of the transaction (DIDOwnerChanged / DIDDelegateChanged / DIDAttributeChanged). */
  events: LogDescription[];
}

/** The registry arguments after `identity` for a direct call, and after the signature for a signed one. */
function argumentsOf(operation: RegistryOperation): unknown[] {
  switch (operation.type) {
    case "changeOwner":
      return [operation.newOwner];
    case "addDelegate":
      return [operation.delegateType, operation.delegate, operation.validity];
    case "revokeDelegate":
      return [operation.delegateType, operation.delegate];
    case "setAttribute":
      return [operation.name, operation.value, operation.validity];
    case "revokeAttribute":
      return [operation.name, operation.value];
  }
}

/** Finds revert data (0x + selector + arguments) anywhere in an ethers / JSON-RPC error. */
export function revertData(error: unknown, depth = 0): string | undefined {
  if (typeof error !== "object" || error === null || depth > 6) return undefined;
  const record = error as Record<string, unknown>;
  if (typeof record.data === "string" && /^0x[0-9a-fA-F]{8}/.test(record.data)) return record.data;
  for (const key of ["error", "info", "cause", "data"]) {
    const nested = revertData(record[key], depth + 1);
    if (nested !== undefined) return nested;
  }
  return undefined;
}

/**
 * A failed registry call as a typed error: `NotOwner` / `BadSignature` become {@link NotControllerError};
 * wallet errors pass through; anything else is a {@link RegistryTransactionError}.
 */
export function registryError(context: WalletContext, label: string, error: unknown): PermitChainError {
  if (error instanceof PermitChainError) return error;
  const data = revertData(error);
  const parsed = data === undefined ? null : context.registry.interface.parseError(data);
  if (parsed?.name === "NotOwner" || parsed?.name === "BadSignature") {
    return new NotControllerError(parsed.args[0] as string, parsed.args[1] as string, parsed.name, {
      cause: error,
    });
  }
  const message =
    (error as { shortMessage?: string })?.shortMessage ?? (error as Error)?.message ?? String(error);
  return new RegistryTransactionError(
    label,
    parsed === null ? message : `the registry reverted with ${parsed.name}`,
    {
      cause: error,
      details: parsed === null ? {} : { revert: parsed.name, args: parsed.args.toArray() },
    },
  );
}

function eventsOf(context: WalletContext, receipt: TransactionReceipt): LogDescription[] {
  const registry = context.network.registry.toLowerCase();
  return receipt.logs
    .filter((log) => log.address.toLowerCase() === registry)
    .map((log) => context.registry.interface.parseLog(log))
    .filter((parsed): parsed is LogDescription => parsed !== null);
}

export async function receiptOf(
  context: WalletContext,
  label: string,
  transactionHash: string,
  relayed: boolean,
): Promise<RegistryTransactionReturnType> {
  const receipt = await context.network.provider.waitForTransaction(transactionHash);
  if (receipt === null || receipt.status !== 1) {
    throw new RegistryTransactionError(label, `transaction ${transactionHash} did not succeed`, {
      details: { transactionHash },
    });
  }
  return { transactionHash, blockNumber: receipt.blockNumber, relayed, events: eventsOf(context, receipt) };
}

export interface WriteRegistryParameters {
  /** Identity address the operation is on. */
  identity: string;
  /** The key that signs: the transaction (direct) or the ERC-1056 digest (relayed). */
  signer: IKey;
  operation: RegistryOperation;
  relayed: boolean;
}

/**
 * Sends one registry change. Direct: the controller key signs and pays for the transaction (through the
 * KMS). Relayed: the controller key signs the ERC-1056 digest with the owner nonce rule
 * (`nonce(identityOwner(identity))`, read just before signing) and the relayer sends the `...Signed` call
 * and pays. Gas is estimated first, so a refusal by the registry costs nothing and surfaces typed.
 */
export async function writeRegistry(
  context: WalletContext,
  parameters: WriteRegistryParameters,
): Promise<RegistryTransactionReturnType> {
  const { identity, signer, operation, relayed } = parameters;
  const label = `${operation.type}${relayed ? "Signed" : ""}`;
  return context.serialize(identity, async () => {
    try {
      let hash: string;
      if (!relayed) {
        const kms = new KmsSigner(context.agent, signer, context.network.provider);
        const registry = context.registry.connect(kms) as Contract;
        const response = await registry.getFunction(operation.type).send(identity, ...argumentsOf(operation));
        hash = response.hash;
      } else {
        if (context.relayer === undefined) {
          throw new WalletConfigError("a relayed operation needs a wallet created with a relayer");
        }
        const owner = (await context.registry.getFunction("identityOwner").staticCall(identity)) as string;
        const nonce = (await context.registry.getFunction("nonce").staticCall(owner)) as bigint;
        const digest = registryMetaTxDigest({
          registry: context.network.registry,
          nonce,
          identity,
          operation,
        });
        const signature = Signature.from(
          await context.agent.keyManagerSign({
            keyRef: signer.kid,
            algorithm: "eth_rawSign",
            data: digest,
            encoding: "hex",
          }),
        );
        const registry = context.registry.connect(context.relayer) as Contract;
        const response = await registry
          .getFunction(label)
          .send(identity, signature.v, signature.r, signature.s, ...argumentsOf(operation));
        hash = response.hash;
      }
      return await receiptOf(context, label, hash, relayed);
    } catch (error) {
      throw registryError(context, label, error);
    }
  });
}

/**
 * Checks a direct change with the registry before Veramo sends it (eth_estimateGas from the controller):
 * Veramo's EthrDIDProvider sends with a fixed gas limit and no estimate, so a refusal would be mined, cost
 * gas and come back without revert data. Returns the gas limit to give Veramo (estimate + 20 %).
 */
export async function preflightDirect(
  context: WalletContext,
  parameters: Omit<WriteRegistryParameters, "relayed">,
): Promise<bigint> {
  const { identity, signer, operation } = parameters;
  try {
    const gas = await context.registry
      .getFunction(operation.type)
      .estimateGas(identity, ...argumentsOf(operation), { from: keyAddress(signer) });
    return (gas * 12n) / 10n;
  } catch (error) {
    throw registryError(context, operation.type, error);
  }
}
