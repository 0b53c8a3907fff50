import { type TimestampUnit, trustedIssuerRegistryAbi } from "@permitchain/contracts";
import { Contract, getAddress, type Provider } from "ethers";
import { type BlockFinder, createBlockFinder } from "./block-finder.js";
import type { TrustAtResult, TrustedIssuerReader } from "./check-issuer-trust.js";
import { VerifierConfigError } from "./errors.js";

export interface CreateTrustedIssuerRegistryReaderParameters {
  /** The TrustedIssuerRegistry contract. */
  readonly address: string;
  /** An ethers v6 provider for its chain (`connectJsonRpc` from @permitchain/chain). */
  readonly provider: Provider;
  /** Unit of `block.timestamp`; default "seconds" ("milliseconds" for FISCO BCOS). */
  readonly timestampUnit?: TimestampUnit;
  /** A block finder to share; default one made here over `provider`. */
  readonly blockFinder?: BlockFinder;
}

export type CreateTrustedIssuerRegistryReaderReturnType = TrustedIssuerReader & {
  readonly blockFinder: BlockFinder;
};

/**
 * The verifier's TrustedIssuerReader over the TrustedIssuerRegistry contract: `isTrusted`, `wasTrustedAt` and
 * `trustAt` are eth_calls through ethers; `blockAt` is a cached binary search over block timestamps
 * ({@link createBlockFinder}). Reads fail (reject) when the chain cannot be reached; the verifier reports that
 * as CHAIN_UNREACHABLE.
 */
export function createTrustedIssuerRegistryReader(
  parameters: CreateTrustedIssuerRegistryReaderParameters,
): CreateTrustedIssuerRegistryReaderReturnType {
  let address: string;
  try {
    address = getAddress(parameters.address);
  } catch {
    throw new VerifierConfigError(`${parameters.address} is not a contract address`);
  }
  const contract = new Contract(address, trustedIssuerRegistryAbi, parameters.provider);
  const blockFinder =
    parameters.blockFinder ??
    createBlockFinder({
      provider: parameters.provider,
      ...(parameters.timestampUnit === undefined ? {} : { timestampUnit: parameters.timestampUnit }),
    });
  const isTrusted = contract.getFunction("isTrusted");
  const wasTrustedAt = contract.getFunction("wasTrustedAt");
  const trustAt = contract.getFunction("trustAt");
  return {
    blockFinder,
    async isTrusted(issuer, typeId) {
      return (await isTrusted.staticCall(issuer, typeId)) as boolean;
    },
    async wasTrustedAt(issuer, typeId, blockNumber) {
      return (await wasTrustedAt.staticCall(issuer, typeId, blockNumber)) as boolean;
    },
    async trustAt(issuer, typeId, blockNumber): Promise<TrustAtResult> {
      const [granted, validUntil] = (await trustAt.staticCall(issuer, typeId, blockNumber)) as [
        boolean,
        bigint,
      ];
      return { granted, validUntil };
    },
    blockAt: (timestamp) => blockFinder.blockAt(timestamp),
  };
}
