/**
 * JSON-RPC framing as a FISCO BCOS node does it (bcos-rpc/jsonrpc/JsonRpcInterface.cpp
 * `parseRpcRequestJson`, `onRPCRequest`, `toJsonResponse`): a single request object (no batches) that
 * must carry `jsonrpc`, `method` and an array `params`, else InvalidRequest "The JSON sent is not a valid
 * Request object."; the answer echoes `jsonrpc` and `id` and holds either `result` or
 * `error: { code, message }`.
 */
import { JsonRpcErrorCode } from "../client/rpc-error-codes.js";
import { NodeRpcError } from "./node-errors.js";

export interface RpcCall {
  jsonrpc: string;
  id: unknown;
  method: string;
  params: unknown[];
}

export type ParsedBody = { ok: true; call: RpcCall } | { ok: false; response: Record<string, unknown> };

const INVALID = "The JSON sent is not a valid Request object.";

export function parseRequestBody(text: string): ParsedBody {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return {
      ok: false,
      response: errorResponse("2.0", 0, new NodeRpcError(JsonRpcErrorCode.InvalidRequest, INVALID)),
    };
  }
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    return {
      ok: false,
      response: errorResponse("2.0", 0, new NodeRpcError(JsonRpcErrorCode.InvalidRequest, INVALID)),
    };
  }
  const { jsonrpc, id, method, params } = body as Record<string, unknown>;
  if (typeof jsonrpc !== "string" || typeof method !== "string" || !Array.isArray(params)) {
    return {
      ok: false,
      response: errorResponse(
        typeof jsonrpc === "string" ? jsonrpc : "2.0",
        id ?? 0,
        new NodeRpcError(JsonRpcErrorCode.InvalidRequest, INVALID),
      ),
    };
  }
  return { ok: true, call: { jsonrpc, id: id ?? 0, method, params } };
}

export function resultResponse(call: RpcCall, result: unknown): Record<string, unknown> {
  return { jsonrpc: call.jsonrpc, id: call.id, result: result ?? null };
}

export function errorResponse(jsonrpc: string, id: unknown, error: NodeRpcError): Record<string, unknown> {
  return { jsonrpc, id, error: { code: error.code, message: error.message } };
}

/** Runs `handle` and frames its outcome; unexpected failures become InternalError. */
export async function answer(
  call: RpcCall,
  handle: (method: string, params: unknown[]) => Promise<unknown>,
  onInternalError: (error: unknown) => void,
): Promise<Record<string, unknown>> {
  try {
    return resultResponse(call, await handle(call.method, call.params));
  } catch (error) {
    if (error instanceof NodeRpcError) return errorResponse(call.jsonrpc, call.id, error);
    onInternalError(error);
    return errorResponse(
      call.jsonrpc,
      call.id,
      new NodeRpcError(JsonRpcErrorCode.InternalError, "internal error"),
    );
  }
}
