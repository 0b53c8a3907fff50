// did:ethr identifiers: the address behind a DID, and DID equality up to the case of hex digits.
import { getAddress } from "ethers";
import { LruMap } from "./cache.js";
import { addressOf, uncompressedFromHex } from "./secp256k1.js";

/** A did:ethr DID taken apart: network as written ("mainnet" when absent) and the identity's address. */
export interface EthrDid {
  readonly network: string;
  /** Checksummed address (derived from the key for public-key DIDs). */
  readonly address: string;
}

const ETHR = /^did:ethr:(?:([A-Za-z0-9._:-]+):)?(0x[0-9a-fA-F]{40}|0x0[23][0-9a-fA-F]{64})$/;
const parsedDids = new LruMap<string, EthrDid | null>(10_000);

/** The network and address of a did:ethr DID (no path, query or fragment); undefined for anything else. */
export function parseEthrDid(did: unknown): EthrDid | undefined {
  if (typeof did !== "string" || did.length > 200) return undefined;
  const cached = parsedDids.get(did);
  if (cached !== undefined) return cached ?? undefined;
  let parsed: EthrDid | null = null;
  const match = ETHR.exec(did);
  if (match !== null) {
    const identifier = match[2]!;
    let address: string | undefined;
    if (identifier.length === 42) {
      try {
        address = getAddress(identifier);
      } catch {
        address = undefined; // a mixed-case address with a wrong checksum
      }
    } else {
      const key = uncompressedFromHex(identifier);
      address = key === undefined ? undefined : getAddress(addressOf(key));
    }
    if (address !== undefined) parsed = { network: match[1] ?? "mainnet", address };
  }
  parsedDids.set(did, parsed);
  return parsed ?? undefined;
}

/**
 * Whether two DIDs name the same subject: equal strings, or two did:ethr DIDs on the same network whose
 * identifiers differ only in the case of their hex digits. A public-key DID and the address DID of the same
 * key are different DIDs (their documents differ) and are not equal here.
 */
export function sameDid(a: unknown, b: unknown): boolean {
  if (typeof a !== "string" || typeof b !== "string") return false;
  if (a === b) return true;
  if (a.length !== b.length) return false;
  const left = ETHR.exec(a);
  const right = ETHR.exec(b);
  if (left === null || right === null) return false;
  return (
    (left[1] ?? "mainnet") === (right[1] ?? "mainnet") && left[2]!.toLowerCase() === right[2]!.toLowerCase()
  );
}
