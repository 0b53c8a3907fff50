import { type CheckResult, type CheckStatus, ReasonCode } from "./codes.js";

/** What the verifier reads of a DID resolution result (did-resolver's `DIDResolutionResult` fits). */
export interface DidResolutionResultLike {
  readonly didResolutionMetadata?: { readonly error?: string; readonly message?: string } | undefined;
  readonly didDocument?: unknown;
  readonly didDocumentMetadata?: { readonly deactivated?: boolean } | undefined;
}

/** A DID resolver (did-resolver's `Resolvable`, the project's `createDidResolver`, ...). */
export interface DidResolverLike {
  resolve(didUrl: string): Promise<DidResolutionResultLike>;
}

/** How a resolution error is judged: a `fail` (the DID is bad) or an `error` (the resolver could not tell). */
export interface ResolutionErrorVerdict {
  readonly status: Extract<CheckStatus, "fail" | "error">;
  readonly code: ReasonCode;
}

export type ClassifyResolutionError = (
  did: string,
  metadata: { readonly error: string; readonly message?: string | undefined },
) => ResolutionErrorVerdict;

/**
 * The default judgement of a resolution error. `invalidDid` fails (DID_INVALID); an unsupported method or
 * network fails (DID_METHOD_UNSUPPORTED, DID_NOT_FOUND). `notFound` for a did:ethr DID is an error
 * (CHAIN_UNREACHABLE): every well-formed did:ethr on a served network has a document, so the resolver (the
 * project's and ethr-did-resolver alike) says notFound only when it could not read the chain, except for a
 * network it does not serve ("unknown network"), which fails. Any other error is an error
 * (DID_RESOLUTION_FAILED).
 */
export const classifyResolutionError: ClassifyResolutionError = (did, { error, message }) => {
  switch (error) {
    case "invalidDid":
      return { status: "fail", code: ReasonCode.DID_INVALID };
    case "unsupportedDidMethod":
    case "methodNotSupported":
      return { status: "fail", code: ReasonCode.DID_METHOD_UNSUPPORTED };
    case "unknownNetwork":
      return { status: "fail", code: ReasonCode.DID_NOT_FOUND };
    case "notFound":
      if (did.startsWith("did:ethr:") && !(message ?? "").startsWith("unknown network")) {
        return { status: "error", code: ReasonCode.CHAIN_UNREACHABLE };
      }
      return { status: "fail", code: ReasonCode.DID_NOT_FOUND };
    default:
      return { status: "error", code: ReasonCode.DID_RESOLUTION_FAILED };
  }
};

export type CheckDidReturnType = { readonly result: CheckResult; readonly document?: unknown };

const MAX_DID_LENGTH = 512;

/** Resolves `did` (a DID, not a DID URL) and judges the result: resolvable, not deactivated, about `did`. */
export async function checkDid(
  did: unknown,
  resolve: (did: string) => Promise<DidResolutionResultLike>,
  classify: ClassifyResolutionError = classifyResolutionError,
): Promise<CheckDidReturnType> {
  const result = (status: CheckStatus, code: ReasonCode, message: string): CheckDidReturnType => ({
    result: { check: "did", status, code, message },
  });
  if (typeof did !== "string" || did.length === 0) {
    return result("fail", ReasonCode.ISSUER_MISSING, "the JWT has no iss claim naming the signer's DID");
  }
  if (did.length > MAX_DID_LENGTH || !/^did:[a-z0-9]+:[^?#/\s]+$/.test(did)) {
    return result("fail", ReasonCode.DID_INVALID, `iss is not a DID: ${did.slice(0, 80)}`);
  }
  let resolution: DidResolutionResultLike;
  try {
    resolution = await resolve(did);
  } catch (error) {
    return result("error", ReasonCode.DID_RESOLUTION_FAILED, `the resolver failed: ${messageOf(error)}`);
  }
  const error = resolution?.didResolutionMetadata?.error;
  if (typeof error === "string") {
    const message = resolution.didResolutionMetadata?.message;
    const verdict = classify(did, { error, message });
    return result(
      verdict.status,
      verdict.code,
      `${did} did not resolve: ${error}${message ? ` (${message})` : ""}`,
    );
  }
  if (resolution?.didDocumentMetadata?.deactivated === true) {
    return result("fail", ReasonCode.DID_DEACTIVATED, `${did} is deactivated`);
  }
  const document = resolution?.didDocument as { id?: unknown } | null | undefined;
  if (typeof document !== "object" || document === null) {
    return result("fail", ReasonCode.DID_NOT_FOUND, `${did} resolved to no document`);
  }
  if (document.id !== did) {
    return result(
      "fail",
      ReasonCode.DID_DOCUMENT_INVALID,
      `the document resolved for ${did} is about another DID`,
    );
  }
  return {
    result: { check: "did", status: "pass", code: ReasonCode.DID_RESOLVED, message: `${did} resolved` },
    document,
  };
}

export function messageOf(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.length > 300 ? `${text.slice(0, 300)}...` : text;
}
