/**
 * The WebSocket side of the test server's RPC port (same port, HTTP upgrade): binary messages framed as
 * boostssl `WsMessage`s (client/ws-message.ts). An RPC_REQUEST message's payload is a JSON-RPC request;
 * the answer goes back with the same type and seq and the RESPONSE bit set in `ext`
 * (bcos-rpc/jsonrpc/JsonRpcImpl_2_0.cpp `handleRpcRequest`). Other message types are ignored.
 */
import type { Server } from "node:http";
import { decodeWsMessage, encodeWsMessage, WS_EXT_RESPONSE, WsMessageType } from "../client/ws-message.js";
import { messageBytes, type WsServer, type WsSocket, ws } from "../client/ws-module.js";
import { type FaultInjection, takeDrop } from "./faults.js";
import { answer, parseRequestBody } from "./rpc-frame.js";

export interface WsEndpointOptions {
  faults: FaultInjection;
  maxRequestBytes: number;
  handle(method: string, params: unknown[]): Promise<unknown>;
  onInternalError(error: unknown): void;
}

export function attachWsEndpoint(server: Server, options: WsEndpointOptions): WsServer {
  const wss = new ws.WebSocketServer({ server, maxPayload: options.maxRequestBytes });
  wss.on("connection", (socket: WsSocket) => {
    socket.on("error", () => {});
    socket.on("message", (data) => {
      serveMessage(socket, messageBytes(data), options).catch(options.onInternalError);
    });
  });
  return wss;
}

async function serveMessage(socket: WsSocket, bytes: Buffer, options: WsEndpointOptions): Promise<void> {
  const message = decodeWsMessage(bytes);
  if (message === undefined || message.type !== WsMessageType.RPC_REQUEST) return;
  const parsed = parseRequestBody(Buffer.from(message.payload).toString("utf8"));
  let response: Record<string, unknown>;
  if (parsed.ok) {
    if (options.faults.hang.has(parsed.call.method)) return;
    response = await answer(parsed.call, options.handle, options.onInternalError);
    if (takeDrop(options.faults, parsed.call.method)) {
      socket.terminate();
      return;
    }
  } else {
    response = parsed.response;
  }
  socket.send(
    encodeWsMessage({
      ...message,
      ext: message.ext | WS_EXT_RESPONSE,
      payload: Buffer.from(JSON.stringify(response)),
    }),
  );
}
