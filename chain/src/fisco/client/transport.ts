/**
 * What the client needs from a connection to a node: send one JSON-RPC request body, get the parsed
 * response body. HTTP(S) and WebSocket implement it; tests may plug their own.
 */
import { FiscoTimeoutError, FiscoTlsError, FiscoTransportError } from "./errors.js";

export interface TransportRequest {
  /** The JSON-RPC request object (serialised by the transport). */
  body: { jsonrpc: "2.0"; id: number; method: string; params: readonly unknown[] };
  /** Give up after this many milliseconds (connect and answer together). */
  timeoutMs: number;
  /**
   * The request must not be delivered twice by the transport (a `sendTransaction`): the transport
   * must not reuse a connection that may already be closing, so that a lost answer really means one.
   */
  unique?: boolean;
}

export interface Transport {
  /** Human-readable endpoint, for error messages. */
  readonly endpoint: string;
  /**
   * Resolves with the parsed JSON response body. Rejects with {@link FiscoTransportError} (and its
   * subclasses) only; `requestSent` on the error says whether the node may have received the request.
   */
  request(request: TransportRequest): Promise<unknown>;
  close(): Promise<void>;
}

/** OpenSSL and Node error codes of a failed TLS handshake or certificate check. */
const TLS_ERROR_CODES = new Set([
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "UNABLE_TO_GET_ISSUER_CERT",
  "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
  "SELF_SIGNED_CERT_IN_CHAIN",
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "CERT_HAS_EXPIRED",
  "CERT_NOT_YET_VALID",
  "CERT_SIGNATURE_FAILURE",
  "CERT_REVOKED",
  "CERT_UNTRUSTED",
  "CERT_REJECTED",
  "INVALID_CA",
  "HOSTNAME_MISMATCH",
  "ERR_TLS_CERT_ALTNAME_INVALID",
  "ERR_OSSL_PEM_NO_START_LINE",
  "ERR_OSSL_X509_KEY_VALUES_MISMATCH",
  "EPROTO",
]);

function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" ? code : undefined;
}

export function isTlsFailure(error: unknown): boolean {
  const code = errorCode(error);
  if (code === undefined) return false;
  return TLS_ERROR_CODES.has(code) || code.startsWith("ERR_SSL_") || code.startsWith("ERR_TLS_");
}

/**
 * Wraps a low-level failure in the client's typed error. `requestSent`: whether the complete request
 * had been handed to the operating system when it happened.
 */
export function transportFailure(
  error: unknown,
  endpoint: string,
  method: string,
  requestSent: boolean,
): FiscoTransportError {
  if (error instanceof FiscoTransportError) return error;
  const code = errorCode(error);
  const reason = error instanceof Error ? error.message : String(error);
  const details = { endpoint, method, errno: code };
  if (isTlsFailure(error)) {
    return new FiscoTlsError(`TLS with ${endpoint} failed: ${reason}`, { cause: error, details });
  }
  return new FiscoTransportError(`${method} to ${endpoint} failed: ${reason}`, requestSent, {
    cause: error,
    details,
  });
}

export function timeoutFailure(
  endpoint: string,
  method: string,
  timeoutMs: number,
  requestSent: boolean,
): FiscoTimeoutError {
  return new FiscoTimeoutError(
    `${method} to ${endpoint}: no answer within ${timeoutMs} ms${requestSent ? "" : " (the request was not sent)"}`,
    requestSent,
    { details: { endpoint, method, timeoutMs } },
  );
}
