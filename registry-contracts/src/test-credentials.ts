// Test helper: credential proofs against the deployed suite (permit claims, signatures, issuer setup).
import { type Contract, concat, getBytes, hexlify, Signature, toBeHex, type Wallet } from "ethers";
import {
  type CredentialProof,
  type CredentialProofDomainParameters,
  credentialIdHash,
  type PermittedPollutantCap,
  permitClaimsHash,
} from "./credential-proof.js";
import { CredentialType } from "./governance-types.js";
import { eventArgs, sendAs } from "./test-governance.js";

/** The caps of a sample discharge permit, as `credentialSubject.pollutants` carries them. */
export const SAMPLE_POLLUTANTS: readonly PermittedPollutantCap[] = [
  { code: "SO2", medium: "air", annualCap: { value: 12.5, unit: "t/a" } },
  { code: "NOx", medium: "air", annualCap: { value: 30, unit: "t/a" } },
  { code: "COD", medium: "water", annualCap: { value: 8.25, unit: "t/a" } },
  { code: "Hg", medium: "air", annualCap: { value: 0.5, unit: "kg/a" } },
];

/** The order of the secp256k1 group. */
const CURVE_ORDER = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;

/** The other valid signature of the same digest (s -> n - s, v flipped): what a malleability attack sends. */
export function highS(signature: string): { signature: string; s: string } {
  const sig = Signature.from(signature);
  const s = toBeHex(CURVE_ORDER - BigInt(sig.s), 32);
  return { signature: concat([sig.r, s, toBeHex(sig.v === 27 ? 28 : 27, 1)]), s };
}

/** `signature` with its last byte (v) replaced. */
export function withV(signature: string, v: number): string {
  const bytes = getBytes(signature);
  bytes[64] = v;
  return hexlify(bytes);
}

/** Allocates one status index for `issuer` (signing itself) and returns it. */
export async function allocateIndex(statuses: Contract, issuer: Wallet): Promise<bigint> {
  const receipt = await sendAs(statuses, issuer, "allocate", [issuer.address, 1]);
  const [event] = eventArgs(receipt, "StatusIndicesAllocated");
  return event?.[1] as bigint;
}

let credentialCounter = 0;

/** A permit proof from `issuer` to `subject` at `statusIndex`, valid from `now - 60` for a year. */
export function permitProof(
  issuer: string,
  subject: string,
  statusIndex: bigint,
  now: bigint,
  overrides: Partial<CredentialProof> = {},
): CredentialProof {
  credentialCounter += 1;
  return {
    credentialId: credentialIdHash(
      `urn:uuid:00000000-0000-4000-8000-${String(credentialCounter).padStart(12, "0")}`,
    ),
    credentialType: CredentialType.DischargePermit,
    issuer,
    subject,
    statusIndex,
    validFrom: now - 60n,
    validUntil: now + 365n * 86_400n,
    claimsHash: permitClaimsHash(SAMPLE_POLLUTANTS),
    ...overrides,
  };
}

/** The verifier's EIP-712 domain parameters. */
export async function verifierDomain(
  verifier: Contract,
  chainId: number,
): Promise<CredentialProofDomainParameters> {
  return { chainId, verifyingContract: await verifier.getAddress() };
}
