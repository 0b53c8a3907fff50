import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { answerBody, errorResponse, INVALID_REQUEST, PARSE_ERROR, type RequestHandler } from "./json-rpc.js";

export interface RpcHttpServerOptions {
  host: string;
  port: number;
  maxRequestBytes: number;
  onInternalError: (error: unknown) => void;
}

const HEADERS = {
  "content-type": "application/json",
  "access-control-allow-origin": "*",
  "access-control-allow-methods": "POST, OPTIONS",
  "access-control-allow-headers": "content-type",
};

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = body === undefined ? "" : JSON.stringify(body);
  res.writeHead(status, { ...HEADERS, "content-length": Buffer.byteLength(text) });
  res.end(text);
}

/**
 * The chain's HTTP JSON-RPC endpoint, on node:http directly: a JSON-RPC endpoint is one POST route whose
 * protocol errors travel inside the body, so a web framework would add cost and nothing else.
 */
export class RpcHttpServer {
  private constructor(
    private readonly server: Server,
    readonly url: string,
  ) {}

  static async listen(handle: RequestHandler, options: RpcHttpServerOptions): Promise<RpcHttpServer> {
    const server = createServer((req, res) => {
      RpcHttpServer.serve(req, res, handle, options).catch((error: unknown) => {
        options.onInternalError(error);
        if (!res.headersSent) send(res, 500, errorResponse(null, -32603, "internal error"));
      });
    });
    server.keepAliveTimeout = 30_000;
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(options.port, options.host, () => {
        server.off("error", reject);
        resolve();
      });
    });
    const address = server.address() as AddressInfo;
    const host = address.family === "IPv6" ? `[${address.address}]` : address.address;
    return new RpcHttpServer(server, `http://${host}:${address.port}`);
  }

  private static async serve(
    req: IncomingMessage,
    res: ServerResponse,
    handle: RequestHandler,
    options: RpcHttpServerOptions,
  ): Promise<void> {
    if (req.method === "OPTIONS") return send(res, 204, undefined);
    if (req.method !== "POST") {
      res.setHeader("allow", "POST, OPTIONS");
      return send(
        res,
        405,
        errorResponse(null, INVALID_REQUEST, `method ${req.method} not allowed: send JSON-RPC with POST`),
      );
    }
    const type = req.headers["content-type"];
    if (type !== undefined && !/^application\/json\b/i.test(type)) {
      return send(
        res,
        415,
        errorResponse(null, INVALID_REQUEST, `content-type ${type} not supported: use application/json`),
      );
    }
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req) {
      size += (chunk as Buffer).length;
      if (size > options.maxRequestBytes) {
        res.setHeader("connection", "close");
        send(
          res,
          413,
          errorResponse(null, INVALID_REQUEST, `request body exceeds ${options.maxRequestBytes} bytes`),
        );
        req.destroy();
        return;
      }
      chunks.push(chunk as Buffer);
    }
    let body: unknown;
    try {
      body = JSON.parse(Buffer.concat(chunks).toString("utf8"));
    } catch (error) {
      return send(res, 200, errorResponse(null, PARSE_ERROR, `parse error: ${(error as Error).message}`));
    }
    const answer = await answerBody(body, handle, options.onInternalError);
    send(res, answer === undefined ? 204 : 200, answer);
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeIdleConnections();
    });
  }
}
