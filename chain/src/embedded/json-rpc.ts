import { RpcError } from "./errors.js";

/** JSON-RPC 2.0 framing: validating requests and shaping responses, independent of transport. */

export type JsonRpcId = string | number | null;

export interface JsonRpcResponse {
  jsonrpc: "2.0";
  id: JsonRpcId;
  result?: unknown;
  error?: { code: number; message: string; data?: unknown };
}

export const PARSE_ERROR = -32700;
export const INVALID_REQUEST = -32600;
export const INTERNAL_ERROR = -32603;
export const MAX_BATCH = 1000;

export type RequestHandler = (method: string, params: readonly unknown[]) => Promise<unknown>;

export function errorResponse(id: JsonRpcId, code: number, message: string, data?: unknown): JsonRpcResponse {
  return { jsonrpc: "2.0", id, error: data === undefined ? { code, message } : { code, message, data } };
}

function validId(id: unknown): id is JsonRpcId {
  return id === null || typeof id === "string" || (typeof id === "number" && Number.isFinite(id));
}

/**
 * Answers one parsed request object. Returns undefined for a notification (no `id`).
 * Unexpected failures become a generic internal error; their details go to `onInternalError` only.
 */
export async function answerOne(
  request: unknown,
  handle: RequestHandler,
  onInternalError: (error: unknown) => void,
): Promise<JsonRpcResponse | undefined> {
  if (typeof request !== "object" || request === null || Array.isArray(request)) {
    return errorResponse(null, INVALID_REQUEST, "invalid request: expected a JSON-RPC 2.0 request object");
  }
  const { jsonrpc, method, params, id } = request as Record<string, unknown>;
  const isNotification = !("id" in request);
  const replyId = validId(id) ? id : null;
  if (!isNotification && !validId(id)) {
    return errorResponse(null, INVALID_REQUEST, "invalid request: id must be a string, a number or null");
  }
  if (jsonrpc !== "2.0")
    return errorResponse(replyId, INVALID_REQUEST, 'invalid request: jsonrpc must be "2.0"');
  if (typeof method !== "string" || method === "") {
    return errorResponse(replyId, INVALID_REQUEST, "invalid request: method must be a non-empty string");
  }
  if (params !== undefined && !Array.isArray(params)) {
    return errorResponse(replyId, -32602, "invalid params: params must be an array");
  }
  try {
    const result = await handle(method, (params as unknown[] | undefined) ?? []);
    return isNotification ? undefined : { jsonrpc: "2.0", id: replyId, result: result ?? null };
  } catch (error) {
    if (isNotification) return undefined;
    if (error instanceof RpcError) return errorResponse(replyId, error.rpcCode, error.message, error.data);
    onInternalError(error);
    return errorResponse(replyId, INTERNAL_ERROR, "internal error");
  }
}

/** Answers a parsed body: a single request or a batch. Undefined means nothing is to be sent back. */
export async function answerBody(
  body: unknown,
  handle: RequestHandler,
  onInternalError: (error: unknown) => void,
): Promise<JsonRpcResponse | JsonRpcResponse[] | undefined> {
  if (!Array.isArray(body)) return answerOne(body, handle, onInternalError);
  if (body.length === 0) return errorResponse(null, INVALID_REQUEST, "invalid request: empty batch");
  if (body.length > MAX_BATCH) {
    return errorResponse(
      null,
      INVALID_REQUEST,
      `invalid request: batch of ${body.length} exceeds ${MAX_BATCH}`,
    );
  }
  const answers = await Promise.all(body.map((r) => answerOne(r, handle, onInternalError)));
  const sent = answers.filter((a): a is JsonRpcResponse => a !== undefined);
  return sent.length > 0 ? sent : undefined;
}
