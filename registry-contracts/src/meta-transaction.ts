import { type BytesLike, keccak256, solidityPacked } from "ethers";

/** One registry write, as signed in an ERC-1056 meta-transaction. bytes32 values are 0x-hex. */
export type RegistryOperation =
  | { type: "changeOwner"; newOwner: string }
  | { type: "addDelegate"; delegateType: string; delegate: string; validity: bigint }
  | { type: "revokeDelegate"; delegateType: string; delegate: string }
  | { type: "setAttribute"; name: string; value: BytesLike; validity: bigint }
  | { type: "revokeAttribute"; name: string; value: BytesLike };

export interface RegistryMetaTxDigestParameters {
  /** Address of the registry the signature is for. */
  registry: string;
  /** `nonce(identityOwner(identity))` read from the registry before signing. */
  nonce: bigint;
  identity: string;
  operation: RegistryOperation;
}

function packOperation(operation: RegistryOperation): string {
  switch (operation.type) {
    case "changeOwner":
      return solidityPacked(["string", "address"], [operation.type, operation.newOwner]);
    case "addDelegate":
      return solidityPacked(
        ["string", "bytes32", "address", "uint256"],
        [operation.type, operation.delegateType, operation.delegate, operation.validity],
      );
    case "revokeDelegate":
      return solidityPacked(
        ["string", "bytes32", "address"],
        [operation.type, operation.delegateType, operation.delegate],
      );
    case "setAttribute":
      return solidityPacked(
        ["string", "bytes32", "bytes", "uint256"],
        [operation.type, operation.name, operation.value, operation.validity],
      );
    case "revokeAttribute":
      return solidityPacked(
        ["string", "bytes32", "bytes"],
        [operation.type, operation.name, operation.value],
      );
  }
}

/**
 * The hash the identity owner signs (raw, no personal-message prefix) to authorise a `...Signed` call:
 * keccak256(0x19, 0x00, registry, nonce, identity, operation name, arguments...), packed, as in ERC-1056.
 */
export function registryMetaTxDigest(parameters: RegistryMetaTxDigestParameters): string {
  const { registry, nonce, identity, operation } = parameters;
  return keccak256(
    solidityPacked(
      ["bytes1", "bytes1", "address", "uint256", "address", "bytes"],
      ["0x19", "0x00", registry, nonce, identity, packOperation(operation)],
    ),
  );
}
