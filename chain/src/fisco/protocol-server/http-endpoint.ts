/**
 * The HTTP(S) side of the test server's RPC port: one JSON-RPC request per POST, answered with HTTP 200
 * and the JSON-RPC response, like the node's boostssl HTTP server. With `tls`, the port speaks HTTPS and
 * (by default) requires a client certificate signed by the given CA, as a node's RPC with SSL on does.
 */
import {
  createServer as createHttpServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from "node:http";
import { createServer as createHttpsServer } from "node:https";
import { type FaultInjection, takeDrop } from "./faults.js";
import { answer, parseRequestBody } from "./rpc-frame.js";

export interface ServerTlsOptions {
  /** PEM: the node's certificate and key, and the CA that client (SDK) certificates must chain to. */
  cert: string | Buffer;
  key: string | Buffer;
  ca: string | Buffer;
  /** Require a client certificate; default true. */
  requestCert?: boolean;
}

export interface HttpEndpointOptions {
  tls?: ServerTlsOptions;
  maxRequestBytes: number;
  faults: FaultInjection;
  handle(method: string, params: unknown[]): Promise<unknown>;
  onInternalError(error: unknown): void;
}

export function createRpcServer(options: HttpEndpointOptions): Server {
  const listener = (req: IncomingMessage, res: ServerResponse) => {
    serve(req, res, options).catch((error: unknown) => {
      options.onInternalError(error);
      if (!res.headersSent) res.writeHead(500).end();
    });
  };
  if (options.tls === undefined) return createHttpServer(listener);
  return createHttpsServer(
    {
      cert: options.tls.cert,
      key: options.tls.key,
      ca: options.tls.ca,
      requestCert: options.tls.requestCert ?? true,
      rejectUnauthorized: options.tls.requestCert ?? true,
    },
    listener,
  );
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
  res.end(text);
}

async function serve(req: IncomingMessage, res: ServerResponse, options: HttpEndpointOptions): Promise<void> {
  if (req.method !== "POST") {
    res.writeHead(405, { allow: "POST" }).end();
    return;
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > options.maxRequestBytes) {
      res.writeHead(413, { connection: "close" }).end();
      req.destroy();
      return;
    }
    chunks.push(chunk as Buffer);
  }
  const parsed = parseRequestBody(Buffer.concat(chunks).toString("utf8"));
  if (!parsed.ok) return send(res, 200, parsed.response);
  const { call } = parsed;
  if (options.faults.hang.has(call.method)) return; // never answered
  const response = await answer(call, options.handle, options.onInternalError);
  if (takeDrop(options.faults, call.method)) {
    req.socket.destroy();
    return;
  }
  send(res, 200, response);
}
