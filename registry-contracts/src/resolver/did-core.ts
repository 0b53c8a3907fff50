import { PermitChainError } from "@permitchain/chain";

/**
 * W3C DID Core 1.0 conformance checks for a DID document and a DID resolution result, as used by the
 * resolver's tests and by anyone who wants to check a document before relying on it.
 * https://www.w3.org/TR/did-core/ (sections 3 to 7).
 */

/** The first `@context` value a JSON-LD DID document must carry (DID Core 6.3.1). */
export const DID_CORE_CONTEXT = "https://www.w3.org/ns/did/v1";

/** The resolution error codes DID Core defines (7.1.2). */
export const DID_CORE_RESOLUTION_ERRORS = ["invalidDid", "notFound", "representationNotSupported"] as const;
export type DidCoreResolutionError = (typeof DID_CORE_RESOLUTION_ERRORS)[number];

/** The verification relationships of DID Core 5.3. */
export const VERIFICATION_RELATIONSHIPS = [
  "authentication",
  "assertionMethod",
  "keyAgreement",
  "capabilityInvocation",
  "capabilityDelegation",
] as const;

/**
 * Verification material properties: the two of DID Core 5.2.1 and those registered in the DID Specification
 * Registries that did:ethr documents use. A verification method carries exactly one.
 */
export const VERIFICATION_MATERIAL_PROPERTIES = [
  "publicKeyJwk",
  "publicKeyMultibase",
  "blockchainAccountId",
  "publicKeyHex",
  "publicKeyBase58",
  "publicKeyBase64",
  "publicKeyPem",
  "ethereumAddress",
] as const;

const PCT = "%[0-9A-Fa-f]{2}";
const ID_CHAR = `(?:[A-Za-z0-9._-]|${PCT})`;
/** `did:method:method-specific-id` (DID Core 3.1). */
const DID = `did:[a-z0-9]+:(?:${ID_CHAR}*:)*${ID_CHAR}+`;
const DID_RE = new RegExp(`^${DID}$`);
/** A DID URL: a DID with optional path, query and fragment (DID Core 3.2), kept loose after the DID. */
const DID_URL_RE = new RegExp(`^${DID}(?:/[^?#\\s]*)?(?:\\?[^#\\s]*)?(?:#[^\\s]*)?$`);
/** A relative DID URL reference, as used in verification relationships (`#key-1`). */
const RELATIVE_REF_RE = /^(?:\/[^?#\s]*)?(?:\?[^#\s]*)?#[^\s]+$/;
/** An absolute URI with a scheme (RFC 3986), kept loose. */
const URI_RE = /^[A-Za-z][A-Za-z0-9+.-]*:[^\s]*$/;

export function isDid(value: unknown): value is string {
  return typeof value === "string" && DID_RE.test(value);
}

export function isDidUrl(value: unknown): value is string {
  return typeof value === "string" && DID_URL_RE.test(value);
}

export interface CheckDidCoreDocumentOptions {
  /** The representation the document was produced in; JSON-LD requires `@context`. Default JSON-LD. */
  representation?: "application/did+ld+json" | "application/did+json";
  /** The DID that was resolved: the document's `id` must equal it (DID Core 7.1.1). */
  expectedId?: string;
}

/** The document does not conform to DID Core; `details.problems` lists every violation found. */
export class DidCoreConformanceError extends PermitChainError {
  readonly problems: readonly string[];

  constructor(problems: readonly string[]) {
    super("DID_CORE_NONCONFORMANT", `not a conformant DID Core document:\n- ${problems.join("\n- ")}`, {
      details: { problems },
    });
    this.problems = problems;
  }
}

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function absolute(reference: string, base: string): string {
  return reference.startsWith("#") || reference.startsWith("/") || reference.startsWith("?")
    ? `${base}${reference}`
    : reference;
}

function checkVerificationMethod(method: unknown, where: string, problems: string[]): string | undefined {
  if (!isObject(method)) {
    problems.push(`${where} is not an object`);
    return undefined;
  }
  const { id, type, controller } = method;
  if (!isDidUrl(id)) problems.push(`${where}.id ${JSON.stringify(id)} is not a DID URL`);
  if (typeof type !== "string" || type.length === 0) problems.push(`${where}.type must be a string`);
  if (!isDid(controller)) problems.push(`${where}.controller ${JSON.stringify(controller)} is not a DID`);
  const material = VERIFICATION_MATERIAL_PROPERTIES.filter((property) => method[property] !== undefined);
  if (material.length !== 1) {
    problems.push(
      `${where} must carry exactly one verification material property, has ${material.length === 0 ? "none" : material.join(", ")}`,
    );
  }
  for (const property of material) {
    const value = method[property];
    if (property === "publicKeyJwk") {
      if (!isObject(value)) problems.push(`${where}.publicKeyJwk must be a JSON object`);
      else if (value.d !== undefined) problems.push(`${where}.publicKeyJwk contains private key material`);
    } else if (typeof value !== "string" || value.length === 0) {
      problems.push(`${where}.${property} must be a non-empty string`);
    }
  }
  return typeof id === "string" ? id : undefined;
}

function checkServiceEndpoint(endpoint: unknown): boolean {
  const single = (value: unknown) => (typeof value === "string" ? URI_RE.test(value) : isObject(value));
  return Array.isArray(endpoint) ? endpoint.length > 0 && endpoint.every(single) : single(endpoint);
}

/** Every DID Core violation in `document`, as sentences; empty when it conforms. */
export function checkDidCoreDocument(document: unknown, options: CheckDidCoreDocumentOptions = {}): string[] {
  const problems: string[] = [];
  if (!isObject(document)) return ["the document is not a JSON object"];
  const representation = options.representation ?? "application/did+ld+json";

  if (representation === "application/did+ld+json") {
    const context = document["@context"];
    const first = Array.isArray(context) ? context[0] : context;
    if (context === undefined) problems.push("@context is required in the JSON-LD representation");
    else if (first !== DID_CORE_CONTEXT) problems.push(`@context must begin with ${DID_CORE_CONTEXT}`);
    if (Array.isArray(context) && !context.every((c) => typeof c === "string" || isObject(c))) {
      problems.push("@context entries must be strings or objects");
    }
  }

  const { id } = document;
  if (!isDid(id)) problems.push(`id ${JSON.stringify(id)} is not a DID`);
  else if (options.expectedId !== undefined && id !== options.expectedId) {
    problems.push(`id ${id} differs from the resolved DID ${options.expectedId}`);
  }
  const base = typeof id === "string" ? id : "";

  if (document.alsoKnownAs !== undefined) {
    const aka = document.alsoKnownAs;
    if (!Array.isArray(aka) || !aka.every((uri) => typeof uri === "string" && URI_RE.test(uri))) {
      problems.push("alsoKnownAs must be a set of URIs");
    }
  }
  if (document.controller !== undefined) {
    const controllers = Array.isArray(document.controller) ? document.controller : [document.controller];
    if (!controllers.every(isDid)) problems.push("controller must be a DID or a set of DIDs");
  }

  const ids = new Set<string>();
  const methodIds = new Set<string>();
  const claim = (value: string | undefined, where: string) => {
    if (value === undefined) return;
    const full = absolute(value, base);
    if (ids.has(full)) problems.push(`${where} reuses the id ${full}`);
    ids.add(full);
  };

  if (document.verificationMethod !== undefined) {
    if (!Array.isArray(document.verificationMethod)) problems.push("verificationMethod must be a set");
    else {
      document.verificationMethod.forEach((method, index) => {
        const where = `verificationMethod[${index}]`;
        const methodId = checkVerificationMethod(method, where, problems);
        claim(methodId, where);
        if (methodId !== undefined) methodIds.add(absolute(methodId, base));
      });
    }
  }

  for (const relationship of VERIFICATION_RELATIONSHIPS) {
    const entries = document[relationship];
    if (entries === undefined) continue;
    if (!Array.isArray(entries)) {
      problems.push(`${relationship} must be a set`);
      continue;
    }
    entries.forEach((entry, index) => {
      const where = `${relationship}[${index}]`;
      if (typeof entry === "string") {
        if (!isDidUrl(entry) && !RELATIVE_REF_RE.test(entry)) {
          problems.push(`${where} ${JSON.stringify(entry)} is not a DID URL reference`);
          return;
        }
        const target = absolute(entry, base);
        // a reference into this document must name one of its verification methods
        if (target.split("#")[0] === base && !methodIds.has(target)) {
          problems.push(`${where} refers to ${target}, which is not a verification method of the document`);
        }
      } else {
        claim(checkVerificationMethod(entry, where, problems), where);
      }
    });
  }

  if (document.service !== undefined) {
    if (!Array.isArray(document.service)) problems.push("service must be a set");
    else {
      document.service.forEach((service, index) => {
        const where = `service[${index}]`;
        if (!isObject(service)) {
          problems.push(`${where} is not an object`);
          return;
        }
        const { id: serviceId, type, serviceEndpoint } = service;
        if (typeof serviceId !== "string" || !(URI_RE.test(serviceId) || RELATIVE_REF_RE.test(serviceId))) {
          problems.push(`${where}.id ${JSON.stringify(serviceId)} is not a URI`);
        } else claim(serviceId, where);
        const types = Array.isArray(type) ? type : [type];
        if (types.length === 0 || !types.every((t) => typeof t === "string" && t.length > 0)) {
          problems.push(`${where}.type must be a string or a set of strings`);
        }
        if (!checkServiceEndpoint(serviceEndpoint)) {
          problems.push(`${where}.serviceEndpoint must be a URI, a map, or a set of them`);
        }
      });
    }
  }
  return problems;
}

/** Throws {@link DidCoreConformanceError} listing every violation unless `document` conforms to DID Core. */
export function assertDidCoreDocument(document: unknown, options: CheckDidCoreDocumentOptions = {}): void {
  const problems = checkDidCoreDocument(document, options);
  if (problems.length > 0) throw new DidCoreConformanceError(problems);
}

/**
 * Every DID Core violation in a resolution result (7.1): a document xor an error, a DID Core error code,
 * metadata maps, and the document itself checked with {@link checkDidCoreDocument}.
 */
export function checkDidResolutionResult(
  result: unknown,
  options: CheckDidCoreDocumentOptions = {},
): string[] {
  if (!isObject(result)) return ["the resolution result is not an object"];
  const { didDocument, didResolutionMetadata, didDocumentMetadata } = result;
  const problems: string[] = [];
  if (!isObject(didResolutionMetadata)) problems.push("didResolutionMetadata must be a map");
  if (!isObject(didDocumentMetadata)) problems.push("didDocumentMetadata must be a map");
  const error = isObject(didResolutionMetadata) ? didResolutionMetadata.error : undefined;
  if (error !== undefined) {
    if (!(DID_CORE_RESOLUTION_ERRORS as readonly unknown[]).includes(error)) {
      problems.push(`error ${JSON.stringify(error)} is not a DID Core resolution error`);
    }
    if (didDocument !== null && didDocument !== undefined)
      problems.push("an error result carries no document");
  } else {
    const representation = isObject(didResolutionMetadata) ? didResolutionMetadata.contentType : undefined;
    problems.push(
      ...checkDidCoreDocument(didDocument, {
        ...options,
        ...(representation === "application/did+json" ? { representation } : {}),
      }),
    );
    const deactivated = isObject(didDocumentMetadata) ? didDocumentMetadata.deactivated : undefined;
    if (deactivated !== undefined && typeof deactivated !== "boolean") {
      problems.push("didDocumentMetadata.deactivated must be a boolean");
    }
  }
  return problems;
}

/** Throws {@link DidCoreConformanceError} unless `result` is a conformant DID resolution result. */
export function assertDidResolutionResult(result: unknown, options: CheckDidCoreDocumentOptions = {}): void {
  const problems = checkDidResolutionResult(result, options);
  if (problems.length > 0) throw new DidCoreConformanceError(problems);
}
