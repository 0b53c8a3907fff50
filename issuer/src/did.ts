import { parseEthrDid } from "@permitchain/contracts";

/** The chain DIDs are anchored on: `did:ethr:<chainIdHex>:0x...` (or the network's name, when it has one). */
export interface DidNetwork {
  /** The chain id in hex, e.g. "0x7a69" for 31337. */
  readonly chainIdHex: string;
  /** A network name DIDs may use instead of the hex chain id. */
  readonly name?: string | undefined;
}

/** The network of chain `chainId`. */
export function didNetwork(chainId: number | bigint, name?: string): DidNetwork {
  return { chainIdHex: `0x${BigInt(chainId).toString(16)}`, name };
}

/**
 * The checksummed address a did:ethr DID on `network` stands for (derived from the key for a public-key DID),
 * or the reason it stands for none.
 */
export function didAddress(
  did: string,
  network: DidNetwork,
): { ok: true; address: string } | { ok: false; message: string } {
  const parsed = parseEthrDid(did, { chainIdHex: network.chainIdHex, name: network.name });
  if (!parsed.ok) return { ok: false, message: parsed.message };
  if (parsed.value.did !== did) return { ok: false, message: `${did} is a DID URL, not a DID` };
  return { ok: true, address: parsed.value.identity };
}
