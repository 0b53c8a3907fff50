// Which secp256k1 keys a DID document authorises for a verification relationship, read defensively: the
// document comes from a resolver and is treated as untrusted input.
import { decodeBase58, type UncompressedKeyHex, uncompressedFromHex } from "./secp256k1.js";

/** `assertionMethod` for credentials (the issuer asserts claims), `authentication` for presentations. */
export type VerificationRelationship = "assertionMethod" | "authentication";

/** A key a verification method names: its public key (encoded), or only an address (did:ethr's usual case). */
export type MethodKey =
  | {
      readonly kind: "material";
      readonly methodId: string;
      /** A cache key for the encoding, e.g. "hex:02ab...". */
      readonly material: string;
      readonly decode: () => UncompressedKeyHex | undefined;
    }
  | { readonly kind: "address"; readonly methodId: string; readonly address: string };

export type MethodKeysReturnType =
  | { readonly ok: true; readonly keys: readonly MethodKey[] }
  | { readonly ok: false; readonly message: string };

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  typeof value === "object" && value !== null && !Array.isArray(value);

const ADDRESS = /^0x[0-9a-fA-F]{40}$/;
const MAX_METHODS = 256;

function absolute(id: string, documentId: string): string {
  return id.startsWith("#") ? `${documentId}${id}` : id;
}

/** The lower-case address of a CAIP-10 `eip155:<chain>:0x...` or legacy `0x...@eip155:<chain>` account id. */
function accountAddress(accountId: unknown): string | undefined {
  if (typeof accountId !== "string") return undefined;
  const parts = accountId.split(":");
  if (parts.length === 3 && parts[0] === "eip155" && ADDRESS.test(parts[2]!)) return parts[2]!.toLowerCase();
  const legacy = accountId.split("@");
  if (legacy.length === 2 && legacy[1]!.startsWith("eip155") && ADDRESS.test(legacy[0]!)) {
    return legacy[0]!.toLowerCase();
  }
  return undefined;
}

function jwkKey(jwk: Json): UncompressedKeyHex | undefined {
  if (jwk.kty !== "EC" || jwk.crv !== "secp256k1" || typeof jwk.x !== "string" || typeof jwk.y !== "string") {
    return undefined;
  }
  const x = Buffer.from(jwk.x, "base64url");
  const y = Buffer.from(jwk.y, "base64url");
  if (x.length !== 32 || y.length !== 32) return undefined;
  return uncompressedFromHex(`04${x.toString("hex")}${y.toString("hex")}`);
}

/** secp256k1-pub multicodec prefix (varint 0xe7). */
const SECP256K1_MULTICODEC = Buffer.from([0xe7, 0x01]);

function base58Key(encoded: string, multibase: boolean): UncompressedKeyHex | undefined {
  if (multibase && !encoded.startsWith("z")) return undefined;
  let bytes = decodeBase58(multibase ? encoded.slice(1) : encoded);
  if (bytes === undefined) return undefined;
  if (bytes.length > 33 && bytes.subarray(0, 2).equals(SECP256K1_MULTICODEC)) bytes = bytes.subarray(2);
  return uncompressedFromHex(bytes.toString("hex"));
}

/** The key a verification method carries, or undefined when it carries none this verifier can use. */
function methodKey(method: Json, methodId: string): MethodKey | undefined {
  const { publicKeyHex, publicKeyJwk, publicKeyBase58, publicKeyMultibase } = method;
  if (typeof publicKeyHex === "string" && publicKeyHex.length <= 132) {
    return {
      kind: "material",
      methodId,
      material: `hex:${publicKeyHex.toLowerCase()}`,
      decode: () => uncompressedFromHex(publicKeyHex),
    };
  }
  if (isObject(publicKeyJwk)) {
    const jwk = publicKeyJwk;
    return {
      kind: "material",
      methodId,
      material: `jwk:${String(jwk.x)}.${String(jwk.y)}.${String(jwk.crv)}`,
      decode: () => jwkKey(jwk),
    };
  }
  if (typeof publicKeyBase58 === "string") {
    return {
      kind: "material",
      methodId,
      material: `b58:${publicKeyBase58}`,
      decode: () => base58Key(publicKeyBase58, false),
    };
  }
  if (typeof publicKeyMultibase === "string") {
    return {
      kind: "material",
      methodId,
      material: `mb:${publicKeyMultibase}`,
      decode: () => base58Key(publicKeyMultibase, true),
    };
  }
  const address =
    accountAddress(method.blockchainAccountId) ??
    (typeof method.ethereumAddress === "string" && ADDRESS.test(method.ethereumAddress)
      ? method.ethereumAddress.toLowerCase()
      : undefined);
  return address === undefined ? undefined : { kind: "address", methodId, address };
}

/**
 * The keys `document` authorises for `relationship`: the methods the relationship lists (by reference into
 * `verificationMethod`, or embedded), narrowed to `kid` when the JWT header names one (absolute or `#fragment`).
 * Methods with no secp256k1 material or address are left out.
 */
export function methodKeys(
  document: unknown,
  relationship: VerificationRelationship,
  kid: unknown,
): MethodKeysReturnType {
  if (!isObject(document) || typeof document.id !== "string") {
    return { ok: false, message: "the DID document has no id" };
  }
  const documentId = document.id;
  const listed = document[relationship];
  if (!Array.isArray(listed) || listed.length === 0) {
    return { ok: false, message: `the DID document lists no ${relationship} method` };
  }
  const declared = new Map<string, Json>();
  const methods = Array.isArray(document.verificationMethod) ? document.verificationMethod : [];
  for (const method of methods.slice(0, MAX_METHODS)) {
    if (isObject(method) && typeof method.id === "string")
      declared.set(absolute(method.id, documentId), method);
  }
  let wanted: string | undefined;
  if (kid !== undefined) {
    if (typeof kid !== "string") return { ok: false, message: "the JWT header's kid is not a string" };
    wanted = absolute(kid, documentId);
  }
  const keys: MethodKey[] = [];
  for (const entry of listed.slice(0, MAX_METHODS)) {
    let method: Json | undefined;
    let id: string | undefined;
    if (typeof entry === "string") {
      id = absolute(entry, documentId);
      method = declared.get(id);
    } else if (isObject(entry) && typeof entry.id === "string") {
      id = absolute(entry.id, documentId);
      method = entry;
    }
    if (method === undefined || id === undefined) continue;
    if (wanted !== undefined && id !== wanted) continue;
    const key = methodKey(method, id);
    if (key !== undefined) keys.push(key);
  }
  if (keys.length === 0) {
    return {
      ok: false,
      message:
        wanted === undefined
          ? `the DID document lists no secp256k1 key or address for ${relationship}`
          : `the DID document lists no ${relationship} key ${wanted}`,
    };
  }
  return { ok: true, keys };
}
