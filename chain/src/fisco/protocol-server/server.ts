/**
 * A FISCO BCOS 3.x protocol server for tests: the node's JSON-RPC (HTTP and WebSocket on one port, TLS
 * optional) over an in-process EVM, enforcing the node's admission rules (tx-admission.ts) and answering
 * in the node's shapes (node-json.ts, group-config.ts). No FISCO BCOS node can be installed in the
 * project's environment; this stands in for one. Its rules and shapes cite the FISCO BCOS sources they
 * follow; where it differs from a node (contract addresses, CHAINID, SM3 inside the EVM, one block per
 * transaction, no consensus), evm-backend.ts says so.
 */
import type { Server } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { cryptoSuite } from "../signature.js";
import { EvmBackend } from "./evm-backend.js";
import { type FaultInjection, noFaults } from "./faults.js";
import { FiscoNode } from "./fisco-node.js";
import { type GroupConfig, nodeIdFor } from "./group-config.js";
import { createRpcServer, type ServerTlsOptions } from "./http-endpoint.js";
import { Ledger } from "./ledger.js";
import { attachWsEndpoint } from "./ws-endpoint.js";

export interface FiscoProtocolServerOptions {
  /** "ecdsa" (secp256k1 + keccak256, default) or "sm" (SM2 + SM3). */
  cryptoSuite?: "ecdsa" | "sm";
  /** Default "chain0". */
  chainId?: string;
  /** Default "group0". */
  groupId?: string;
  /** Default 0 (a free port). */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Serve HTTPS / WSS with these certificates (mutual TLS unless `requestCert` is false). */
  tls?: ServerTlsOptions;
  /** `tx_gas_limit`, also the gas of every transaction; default 3,000,000,000 (FISCO's default). */
  txGasLimit?: bigint;
  /** What the EVM's CHAINID opcode returns; default 20200. */
  evmChainId?: number;
  maxRequestBytes?: number;
  /** Where unexpected internal errors are reported; default console.error. */
  onInternalError?: (error: unknown) => void;
}

export interface FiscoProtocolServer {
  /** `http://` or `https://` URL of the RPC port. */
  readonly url: string;
  /** `ws://` or `wss://` URL of the same port. */
  readonly wsUrl: string;
  readonly chainId: string;
  readonly groupId: string;
  readonly cryptoSuite: "ecdsa" | "sm";
  /** Failures to stage (faults.ts). */
  readonly faults: FaultInjection;
  /** How many `sendTransaction` requests reached the node. */
  readonly sendTransactionCount: number;
  close(): Promise<void>;
}

/** The node's blockLimit window (bcos-txpool/TxPoolConfig.h, `m_blockLimit` = 1000). */
const BLOCK_LIMIT_WINDOW = 1000;

export async function startFiscoProtocolServer(
  options: FiscoProtocolServerOptions = {},
): Promise<FiscoProtocolServer> {
  const suiteName = options.cryptoSuite ?? "ecdsa";
  const chainId = options.chainId ?? "chain0";
  const groupId = options.groupId ?? "group0";
  const txGasLimit = options.txGasLimit ?? 3_000_000_000n;
  const config: GroupConfig = {
    chainId,
    groupId,
    sm: suiteName === "sm",
    txGasLimit,
    txCountLimit: 1000,
    nodeId: nodeIdFor(chainId, groupId),
  };
  const evm = await EvmBackend.create({ evmChainId: options.evmChainId ?? 20200, txGasLimit });
  const ledger = new Ledger(await evm.block(0), BLOCK_LIMIT_WINDOW);
  const node = new FiscoNode({
    config,
    suite: cryptoSuite(suiteName),
    ledger,
    evm,
    blockLimitWindow: BLOCK_LIMIT_WINDOW,
  });
  const faults = noFaults();
  const onInternalError = options.onInternalError ?? ((error: unknown) => console.error(error));
  const maxRequestBytes = options.maxRequestBytes ?? 32 * 1024 * 1024;
  const handle = (method: string, params: unknown[]) => node.handle(method, params);
  const server = createRpcServer({ tls: options.tls, maxRequestBytes, faults, handle, onInternalError });
  const wss = attachWsEndpoint(server, { faults, maxRequestBytes, handle, onInternalError });
  const sockets = new Set<Socket>();
  server.on("connection", (socket: Socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await listen(server, options.port ?? 0, options.host ?? "127.0.0.1");
  const address = server.address() as AddressInfo;
  const host = address.family === "IPv6" ? `[${address.address}]` : address.address;
  const secure = options.tls !== undefined;
  return {
    url: `${secure ? "https" : "http"}://${host}:${address.port}`,
    wsUrl: `${secure ? "wss" : "ws"}://${host}:${address.port}`,
    chainId,
    groupId,
    cryptoSuite: suiteName,
    faults,
    get sendTransactionCount() {
      return node.sendTransactionCount;
    },
    async close() {
      for (const client of wss.clients) client.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
}
