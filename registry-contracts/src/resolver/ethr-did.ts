import { parse } from "did-resolver";
import { computeAddress, getAddress } from "ethers";

/** A did:ethr DID URL taken apart, for this project's one configured network. */
export interface ParsedEthrDid {
  /** The DID without path, query or fragment, exactly as written (the document's `id`). */
  did: string;
  /** The network segment as written ("0x7a69", "permitchain"), or "mainnet" when there is none. */
  network: string;
  /** Checksummed address of the identity (derived from the key for public-key DIDs). */
  identity: string;
  /** `versionId` from the query, when present. */
  versionId: number | undefined;
  /** The query has parameters other than `versionId` (passed through, never cached). */
  otherQuery: boolean;
}

export type ParseEthrDidResult =
  | { ok: true; value: ParsedEthrDid }
  | { ok: false; error: "invalidDid" | "notFound"; message: string };

const NETWORK_RE =
  /^(?:0x[0-9a-fA-F]+|[A-Za-z0-9]+(?:[._-][A-Za-z0-9]+)*(?::[A-Za-z0-9]+(?:[._-][A-Za-z0-9]+)*)*)$/;
const ADDRESS_RE = /^0x[0-9a-fA-F]{40}$/;
const PUBLIC_KEY_RE = /^0x0[23][0-9a-fA-F]{64}$/;

/**
 * Parses a did:ethr DID URL and checks it against the configured network (`chainIdHex` such as "0x7a69",
 * and an optional name). `invalidDid`: not a DID URL, another method, a malformed network, a bad address
 * (wrong length, wrong checksum, not a point on the curve) or a malformed versionId. `notFound`: a well-formed
 * did:ethr on a network this resolver does not serve.
 */
export function parseEthrDid(
  didUrl: string,
  network: { chainIdHex: string; name: string | undefined },
): ParseEthrDidResult {
  const invalid = (message: string): ParseEthrDidResult => ({ ok: false, error: "invalidDid", message });
  const parsed = parse(didUrl);
  if (parsed === null) return invalid(`not a DID URL: ${didUrl}`);
  if (parsed.method !== "ethr")
    return invalid(`this resolver resolves did:ethr only, not did:${parsed.method}`);

  const segments = parsed.id.split(":");
  const identifier = segments.pop() ?? "";
  const networkName = segments.length === 0 ? "mainnet" : segments.join(":");
  if (!NETWORK_RE.test(networkName) || networkName === "0x") {
    return invalid(`malformed did:ethr network "${networkName}" in ${parsed.did}`);
  }
  let identity: string;
  if (ADDRESS_RE.test(identifier)) {
    try {
      identity = getAddress(identifier); // a mixed-case address must carry a valid EIP-55 checksum
    } catch {
      return invalid(`bad address checksum in ${parsed.did}`);
    }
  } else if (PUBLIC_KEY_RE.test(identifier)) {
    try {
      identity = computeAddress(identifier);
    } catch {
      return invalid(`${identifier} is not a compressed secp256k1 public key`);
    }
  } else {
    return invalid(`not a did:ethr identifier (0x address or compressed public key): ${identifier}`);
  }

  let versionId: number | undefined;
  let otherQuery = false;
  if (parsed.query !== undefined) {
    const query = new URLSearchParams(parsed.query);
    for (const key of query.keys()) if (key !== "versionId") otherQuery = true;
    const raw = query.get("versionId");
    if (raw !== null) {
      if (!/^(?:0|[1-9][0-9]{0,15})$/.test(raw))
        return invalid(`versionId must be a block number, got "${raw}"`);
      versionId = Number(raw);
    }
  }

  if (networkName !== network.chainIdHex && networkName !== network.name) {
    const served =
      network.name === undefined ? network.chainIdHex : `${network.chainIdHex} or ${network.name}`;
    return {
      ok: false,
      error: "notFound",
      message: `unknown network "${networkName}": this resolver serves did:ethr on ${served}`,
    };
  }
  return { ok: true, value: { did: parsed.did, network: networkName, identity, versionId, otherQuery } };
}
