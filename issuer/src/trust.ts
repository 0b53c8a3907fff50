import { credentialTypeId, participantRegistryAbi, trustedIssuerRegistryAbi } from "@permitchain/contracts";
import { Contract, type Provider, ZeroHash } from "ethers";
import { onChain } from "./chain-errors.js";

/** What the issuer asks of the trusted issuer and participant registries. */
export interface TrustClient {
  /** `TrustedIssuerRegistry.isTrusted(issuer, keccak256(type))`. */
  isTrusted(issuer: string, type: string): Promise<boolean>;
  /** `TrustedIssuerRegistry.isTrustedForSector(issuer, keccak256(type), sector)`; `sector` is bytes32. */
  isTrustedForSector(issuer: string, type: string, sector: string): Promise<boolean>;
  /** The sector (bytes32) the participant registry records for `account`; undefined if it records none. */
  sectorOf(account: string): Promise<string | undefined>;
}

/** `TrustClient` over ethers v6 for the registries of a deployment. */
export function ethersTrustClient(
  provider: Provider,
  addresses: { trustedIssuerRegistry: string; participantRegistry: string },
): TrustClient {
  const issuers = new Contract(addresses.trustedIssuerRegistry, trustedIssuerRegistryAbi, provider);
  const participants = new Contract(addresses.participantRegistry, participantRegistryAbi, provider);
  return {
    isTrusted: (issuer, type) =>
      onChain("read the trusted issuer registry", async () =>
        Boolean(await issuers.getFunction("isTrusted").staticCall(issuer, credentialTypeId(type))),
      ),
    isTrustedForSector: (issuer, type, sector) =>
      onChain("read the trusted issuer registry", async () =>
        Boolean(
          await issuers.getFunction("isTrustedForSector").staticCall(issuer, credentialTypeId(type), sector),
        ),
      ),
    sectorOf: (account) =>
      onChain("read the participant registry", async () => {
        const participant = await participants.getFunction("participant").staticCall(account);
        const sector = String(participant.organisation.sector);
        return sector === ZeroHash ? undefined : sector;
      }),
  };
}
