/**
 * JSON-RPC over the FISCO BCOS 3.x RPC WebSocket (`ws://` or `wss://` on the RPC port): each request is
 * a binary WebSocket message holding a boostssl `WsMessage` of type RPC_REQUEST (see ws-message.ts),
 * answered by the message with the same seq. One connection is kept and re-opened on demand after it
 * drops; requests in flight when it drops fail with `requestSent` true once their frame was written.
 *
 * The SDKs' optional protocol handshake (message type HANDSHAKE, bcos-rpc/Rpc.cpp
 * `onRecvHandshakeRequest`) is not performed: the node serves RPC_REQUEST messages without it.
 */
import { FiscoClientConfigError, FiscoTransportError } from "./errors.js";
import { type FiscoTlsOptions, tlsConnectionOptions } from "./tls-options.js";
import { type Transport, type TransportRequest, timeoutFailure, transportFailure } from "./transport.js";
import { decodeWsMessage, encodeWsMessage, newWsSeq, WS_EXT_RESPONSE, WsMessageType } from "./ws-message.js";
import { messageBytes, type WsSocket, ws } from "./ws-module.js";

export interface WsTransportOptions {
  /** `ws://host:port` or `wss://host:port`. */
  url: string;
  tls?: FiscoTlsOptions;
  /** Largest message accepted, in bytes; default 64 MiB. */
  maxPayload?: number;
}

interface Pending {
  method: string;
  sent: boolean;
  timeoutMs: number;
  resolve(value: unknown): void;
  reject(error: FiscoTransportError): void;
  timer: NodeJS.Timeout;
}

export class WsTransport implements Transport {
  readonly endpoint: string;
  private readonly url: string;
  private readonly socketOptions: Record<string, unknown>;
  private socket: Promise<WsSocket> | undefined;
  private readonly pending = new Map<string, Pending>();
  private closed = false;

  constructor(options: WsTransportOptions) {
    let url: URL;
    try {
      url = new URL(options.url);
    } catch (cause) {
      throw new FiscoClientConfigError(`invalid node URL ${options.url}`, { cause });
    }
    if (url.protocol !== "ws:" && url.protocol !== "wss:") {
      throw new FiscoClientConfigError(`node URL must be ws: or wss:, got ${url.protocol}`);
    }
    if (url.protocol === "ws:" && options.tls !== undefined) {
      throw new FiscoClientConfigError("TLS certificates were given for a ws: URL; use wss:");
    }
    this.url = url.href;
    this.endpoint = url.origin;
    this.socketOptions = {
      maxPayload: options.maxPayload ?? 64 * 1024 * 1024,
      perMessageDeflate: false,
      ...(options.tls === undefined ? {} : tlsConnectionOptions(options.tls)),
    };
  }

  async request({ body, timeoutMs }: TransportRequest): Promise<unknown> {
    if (this.closed) throw new FiscoTransportError(`transport to ${this.endpoint} is closed`, false);
    const started = Date.now();
    const socket = await this.connect(body.method, timeoutMs);
    const remaining = Math.max(1, timeoutMs - (Date.now() - started));
    const seq = newWsSeq();
    const frame = encodeWsMessage({
      version: 0,
      type: WsMessageType.RPC_REQUEST,
      status: 0,
      seq,
      ext: 0,
      payload: Buffer.from(JSON.stringify(body)),
    });
    return new Promise((resolve, reject) => {
      const entry: Pending = {
        method: body.method,
        sent: false,
        timeoutMs,
        resolve,
        reject,
        timer: setTimeout(() => {
          this.pending.delete(seq);
          reject(timeoutFailure(this.endpoint, body.method, timeoutMs, entry.sent));
        }, remaining),
      };
      this.pending.set(seq, entry);
      socket.send(frame, (error) => {
        if (error === undefined || error === null) {
          entry.sent = true;
          return;
        }
        this.fail(seq, transportFailure(error, this.endpoint, body.method, false));
      });
    });
  }

  private connect(method: string, timeoutMs: number): Promise<WsSocket> {
    this.socket ??= new Promise<WsSocket>((resolve, reject) => {
      const socket = new ws.WebSocket(this.url, { ...this.socketOptions, handshakeTimeout: timeoutMs });
      let open = false;
      socket.on("open", () => {
        open = true;
        resolve(socket);
      });
      socket.on("message", (data) => this.onMessage(messageBytes(data)));
      socket.on("error", (error) => {
        if (!open) reject(transportFailure(error, this.endpoint, method, false));
      });
      socket.on("close", (code) => {
        this.socket = undefined;
        if (!open) {
          reject(new FiscoTransportError(`connection to ${this.endpoint} closed (${code})`, false));
        }
        this.failAll(code);
      });
    });
    const socket = this.socket;
    socket.catch(() => {
      if (this.socket === socket) this.socket = undefined;
    });
    return socket;
  }

  private onMessage(bytes: Buffer): void {
    const message = decodeWsMessage(bytes);
    if (message === undefined || message.type !== WsMessageType.RPC_REQUEST) return;
    if ((message.ext & WS_EXT_RESPONSE) === 0) return;
    const entry = this.pending.get(message.seq);
    if (entry === undefined) return;
    this.pending.delete(message.seq);
    clearTimeout(entry.timer);
    try {
      entry.resolve(JSON.parse(Buffer.from(message.payload).toString("utf8")) as unknown);
    } catch (cause) {
      entry.reject(
        transportFailure(
          new Error(`invalid JSON in the answer to ${entry.method}`, { cause }),
          this.endpoint,
          entry.method,
          true,
        ),
      );
    }
  }

  private fail(seq: string, error: FiscoTransportError): void {
    const entry = this.pending.get(seq);
    if (entry === undefined) return;
    this.pending.delete(seq);
    clearTimeout(entry.timer);
    entry.reject(error);
  }

  private failAll(code: number): void {
    for (const [seq, entry] of this.pending) {
      this.fail(
        seq,
        new FiscoTransportError(
          `${entry.method}: connection to ${this.endpoint} closed (${code}) before the answer`,
          entry.sent,
          { details: { endpoint: this.endpoint, method: entry.method, closeCode: code } },
        ),
      );
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    const socket = this.socket;
    this.socket = undefined;
    if (socket !== undefined) {
      try {
        (await socket).close();
      } catch {
        // never connected
      }
    }
  }
}
