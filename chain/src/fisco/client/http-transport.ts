/**
 * JSON-RPC over HTTP or HTTPS to a FISCO BCOS 3.x RPC port (20200 by default): one POST per request,
 * the JSON-RPC body in, the JSON-RPC body out (bcos-boostssl's HTTP server behind bcos-rpc).
 *
 * Whether a failed request may have reached the node is tracked precisely: the request counts as sent
 * once the connection (TLS handshake included) is up and the whole body has been handed to the socket.
 * A request marked `unique` (a transaction) always gets a fresh connection, so a pooled socket that the
 * node is just closing cannot turn it into a lost answer.
 */
import {
  type ClientRequest,
  Agent as HttpAgent,
  request as httpRequest,
  type IncomingMessage,
} from "node:http";
import { Agent as HttpsAgent, request as httpsRequest } from "node:https";
import type { Socket } from "node:net";
import type { ConnectionOptions } from "node:tls";
import { FiscoBadResponseError, FiscoClientConfigError, FiscoTransportError } from "./errors.js";
import { type FiscoTlsOptions, tlsConnectionOptions } from "./tls-options.js";
import { type Transport, type TransportRequest, timeoutFailure, transportFailure } from "./transport.js";

export interface HttpTransportOptions {
  /** `http://host:port` or `https://host:port` (path optional). */
  url: string;
  /** Certificates for `https:` (omit to trust the system CAs, as for a TLS-terminating proxy). */
  tls?: FiscoTlsOptions;
  /** Largest response body accepted, in bytes; default 64 MiB. */
  maxResponseBytes?: number;
}

const DEFAULT_MAX_RESPONSE = 64 * 1024 * 1024;

export class HttpTransport implements Transport {
  readonly endpoint: string;
  private readonly url: URL;
  private readonly secure: boolean;
  private readonly tls: ConnectionOptions;
  private readonly agent: HttpAgent;
  private readonly maxResponseBytes: number;

  constructor(options: HttpTransportOptions) {
    let url: URL;
    try {
      url = new URL(options.url);
    } catch (cause) {
      throw new FiscoClientConfigError(`invalid node URL ${options.url}`, { cause });
    }
    if (url.protocol !== "http:" && url.protocol !== "https:") {
      throw new FiscoClientConfigError(`node URL must be http: or https:, got ${url.protocol}`);
    }
    this.secure = url.protocol === "https:";
    if (!this.secure && options.tls !== undefined) {
      throw new FiscoClientConfigError("TLS certificates were given for an http: URL; use https:");
    }
    this.url = url;
    this.endpoint = url.origin;
    this.tls = this.secure && options.tls !== undefined ? tlsConnectionOptions(options.tls) : {};
    this.agent = this.secure
      ? new HttpsAgent({ keepAlive: true, ...this.tls })
      : new HttpAgent({ keepAlive: true });
    this.maxResponseBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE;
  }

  request({ body, timeoutMs, unique }: TransportRequest): Promise<unknown> {
    const payload = Buffer.from(JSON.stringify(body));
    const method = body.method;
    return new Promise((resolve, reject) => {
      let connected = false;
      let finished = false;
      let settled = false;
      const sent = () => connected && finished;
      const settle = (fn: () => void) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        fn();
      };
      const options = {
        method: "POST",
        hostname: this.url.hostname.replace(/^\[|\]$/g, ""),
        port: this.url.port === "" ? undefined : Number(this.url.port),
        path: `${this.url.pathname}${this.url.search}`,
        headers: {
          "content-type": "application/json",
          "content-length": payload.length,
          ...(unique ? { connection: "close" } : {}),
        },
        // A fresh connection for a transaction; the pooled keep-alive agent otherwise.
        agent: unique ? false : this.agent,
        ...(this.secure ? this.tls : {}),
      };
      const req: ClientRequest = (this.secure ? httpsRequest : httpRequest)(options);
      const timer = setTimeout(() => {
        req.destroy(timeoutFailure(this.endpoint, method, timeoutMs, sent()));
      }, timeoutMs);
      req.on("socket", (socket: Socket) => {
        if (!socket.connecting) {
          connected = true;
          return;
        }
        socket.once(this.secure ? "secureConnect" : "connect", () => {
          connected = true;
        });
      });
      req.on("finish", () => {
        finished = true;
      });
      req.on("error", (error) => {
        settle(() => reject(transportFailure(error, this.endpoint, method, sent())));
      });
      req.on("response", (res: IncomingMessage) => {
        this.readResponse(res, method).then(
          (value) => settle(() => resolve(value)),
          (error: unknown) => settle(() => reject(transportFailure(error, this.endpoint, method, true))),
        );
      });
      req.end(payload);
    });
  }

  private async readResponse(res: IncomingMessage, method: string): Promise<unknown> {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of res) {
      size += (chunk as Buffer).length;
      if (size > this.maxResponseBytes) {
        res.destroy();
        throw new FiscoBadResponseError(
          `${method}: response from ${this.endpoint} exceeds ${this.maxResponseBytes} bytes`,
        );
      }
      chunks.push(chunk as Buffer);
    }
    const text = Buffer.concat(chunks).toString("utf8");
    if (res.statusCode !== 200) {
      throw new FiscoTransportError(
        `${method}: ${this.endpoint} answered HTTP ${res.statusCode}: ${text.slice(0, 200)}`,
        true,
        { details: { endpoint: this.endpoint, method, httpStatus: res.statusCode } },
      );
    }
    try {
      return JSON.parse(text) as unknown;
    } catch (cause) {
      throw new FiscoBadResponseError(`${method}: ${this.endpoint} answered with invalid JSON`, {
        cause,
        details: { endpoint: this.endpoint, method, body: text.slice(0, 200) },
      });
    }
  }

  async close(): Promise<void> {
    this.agent.destroy();
  }
}
