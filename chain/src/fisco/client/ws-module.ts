/**
 * The `ws` package (pure JavaScript WebSocket client and server; Node 20 has no stable WebSocket
 * client of its own), loaded through `require` and typed here with the small part this code uses, since
 * the package ships no type declarations.
 */

import type { Server as HttpServer, IncomingMessage } from "node:http";
import { createRequire } from "node:module";

export interface WsSocket {
  readonly readyState: number;
  on(event: "open", listener: () => void): this;
  on(event: "message", listener: (data: Buffer | ArrayBuffer | Buffer[], isBinary: boolean) => void): this;
  on(event: "close", listener: (code: number, reason: Buffer) => void): this;
  on(event: "error", listener: (error: Error) => void): this;
  send(data: Buffer, callback?: (error?: Error) => void): void;
  close(code?: number): void;
  terminate(): void;
}

export interface WsServer {
  on(event: "connection", listener: (socket: WsSocket, request: IncomingMessage) => void): this;
  close(callback?: (error?: Error) => void): void;
  readonly clients: Set<WsSocket>;
}

interface WsModule {
  WebSocket: new (url: string, options?: Record<string, unknown>) => WsSocket;
  WebSocketServer: new (options: { server: HttpServer; maxPayload?: number }) => WsServer;
}

// The CommonJS entry exports the WebSocket class with `WebSocket` and `WebSocketServer` as properties;
// under an "import" resolution condition (vitest) `require` yields the ESM wrapper's namespace, which
// has the same two names.
export const ws = createRequire(import.meta.url)("ws") as WsModule;

/** Bytes of a received message, whatever form `ws` delivered it in. */
export function messageBytes(data: Buffer | ArrayBuffer | Buffer[]): Buffer {
  if (Buffer.isBuffer(data)) return data;
  if (Array.isArray(data)) return Buffer.concat(data);
  return Buffer.from(data);
}
