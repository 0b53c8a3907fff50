import type { IIdentifier, IKey, IService } from "@veramo/core";
import { encodeBytes32String, hexlify, keccak256, toUtf8Bytes } from "ethers";
import type { WalletContext } from "../context.js";
import { InvalidArgumentError } from "../errors.js";

/** Key types a wallet publishes, and the ERC-1056 attribute each is published under. */
export type PublishedKeyType = "Secp256k1" | "X25519";

/** `did/pub/Secp256k1/veriKey/hex` (a signing key) or `did/pub/X25519/enc/base64` (a key agreement key). */
export function keyAttributeName(type: PublishedKeyType): string {
  return type === "Secp256k1" ? "did/pub/Secp256k1/veriKey/hex" : "did/pub/X25519/enc/base64";
}

/**
 * The attribute value: the public key bytes as the KMS holds them (Secp256k1: the 65-byte uncompressed key,
 * as Veramo's EthrDIDProvider publishes it, so that either path can revoke what the other published;
 * X25519: the 32 raw bytes, which the resolver shows as `publicKeyBase64`).
 */
export function keyAttributeValue(key: IKey): string {
  return `0x${key.publicKeyHex}`;
}

export function bytes32(name: string): string {
  if (toUtf8Bytes(name).length > 31)
    throw new InvalidArgumentError(`attribute name "${name}" exceeds 31 bytes`);
  return encodeBytes32String(name);
}

/** Service types become `did/svc/<Type>`: word characters only (the resolver's pattern), 23 at most. */
export function serviceAttributeName(type: string): string {
  if (!/^\w{1,23}$/.test(type)) {
    throw new InvalidArgumentError(`service type "${type}" must be 1 to 23 letters, digits or underscores`);
  }
  return `did/svc/${type}`;
}

export type ServiceEndpoint = string | Record<string, unknown>;

/** The attribute value of a service: its endpoint as UTF-8 (a map as JSON), as Veramo encodes it. */
export function serviceAttributeValue(endpoint: ServiceEndpoint): string {
  const text = typeof endpoint === "string" ? endpoint : JSON.stringify(endpoint);
  if (/^0x[0-9a-fA-F]*$/.test(text)) {
    throw new InvalidArgumentError("a service endpoint that looks like hex would be published as bytes");
  }
  return hexlify(toUtf8Bytes(text));
}

/** The wallet's id for a service: stable for a (type, endpoint) pair. */
export function serviceId(did: string, type: string, endpoint: ServiceEndpoint): string {
  const text = typeof endpoint === "string" ? endpoint : JSON.stringify(endpoint);
  return `${did}#${type}-${keccak256(toUtf8Bytes(`${type}\n${text}`)).slice(2, 10)}`;
}

export function findService(identifier: IIdentifier, id: string): IService | undefined {
  return identifier.services.find((service) => service.id === id);
}

/** Seconds a delegate, key or service stays valid: a positive integer. */
export function validityOf(context: WalletContext, validity: bigint | number | undefined): bigint {
  const value = validity === undefined ? context.defaultValidity : BigInt(validity);
  if (value < 1n) throw new InvalidArgumentError("validity must be at least one second");
  return value;
}

/** The wallet's bookkeeping on a key, kept in the key's Veramo metadata inside the identifier. */
export interface KeyRecord {
  role: "controller" | "former-controller" | "pending-controller" | "published";
  /** ISO time the role began (wallet clock). */
  since: string;
  /** For a former controller: ISO time and block of the rotation that ended its control. */
  until?: string;
  untilBlock?: number;
  /** For a published key: its attribute name and validity end (registry seconds). */
  attribute?: string;
  validTo?: string;
}

export function recordOf(key: IKey): KeyRecord | undefined {
  return key.meta?.permitchain as KeyRecord | undefined;
}

export function withRecord(key: IKey, record: KeyRecord): IKey {
  return { ...key, meta: { ...(key.meta ?? {}), permitchain: record } };
}

/** Stores the identifier with `key` added or replaced (matched by kid). */
export async function putKey(
  context: WalletContext,
  identifier: IIdentifier,
  key: IKey,
): Promise<IIdentifier> {
  const keys = identifier.keys.filter((k) => k.kid !== key.kid);
  const updated = { ...identifier, keys: [...keys, key] };
  await context.stores.dids.importDID(updated);
  return updated;
}
