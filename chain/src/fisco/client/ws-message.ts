/**
 * The frame format of the FISCO BCOS 3.x RPC WebSocket (bcos-boostssl): every binary WebSocket message
 * carries one `WsMessage`
 *
 *   version u16 | type u16 | status i16 | seqLength u16 | seq (seqLength bytes) | ext u16 | payload
 *
 * all big-endian (FISCO-BCOS/FISCO-BCOS bcos-boostssl/websocket/WsMessage.cpp `encode`/`decode`). A JSON-RPC
 * call is a message of type RPC_REQUEST (0x102) whose payload is the JSON-RPC request; the node answers
 * with the same type and seq, the RESPONSE bit (1) set in `ext` and the JSON-RPC response as payload
 * (bcos-rpc/jsonrpc/JsonRpcImpl_2_0.cpp `handleRpcRequest`; type and flag values from
 * bcos-framework/protocol/Protocol.h `MessageType`, `MessageExtFieldFlag`). The SDK seq is a UUID's 32 hex
 * digits (WsMessage.h `WsMessageFactory::newSeq`).
 */
import { randomUUID } from "node:crypto";

export const WsMessageType = {
  HANDSHAKE: 0x100,
  BLOCK_NOTIFY: 0x101,
  RPC_REQUEST: 0x102,
  GROUP_NOTIFY: 0x103,
  EVENT_SUBSCRIBE: 0x120,
  EVENT_UNSUBSCRIBE: 0x121,
  EVENT_LOG_PUSH: 0x122,
} as const;

/** `ext` bit of a response. */
export const WS_EXT_RESPONSE = 0x1;

export interface WsMessage {
  version: number;
  type: number;
  status: number;
  seq: string;
  ext: number;
  payload: Uint8Array;
}

const MIN_LENGTH = 10;

export function newWsSeq(): string {
  return randomUUID().replaceAll("-", "");
}

export function encodeWsMessage(message: WsMessage): Buffer {
  const seq = Buffer.from(message.seq, "utf8");
  const out = Buffer.alloc(MIN_LENGTH + seq.length + message.payload.length);
  let offset = out.writeUInt16BE(message.version & 0xffff, 0);
  offset = out.writeUInt16BE(message.type & 0xffff, offset);
  offset = out.writeInt16BE(message.status, offset);
  offset = out.writeUInt16BE(seq.length, offset);
  offset += seq.copy(out, offset);
  offset = out.writeUInt16BE(message.ext & 0xffff, offset);
  out.set(message.payload, offset);
  return out;
}

/** Decodes one message; `undefined` for bytes too short or with a seq running past the end. */
export function decodeWsMessage(bytes: Uint8Array): WsMessage | undefined {
  if (bytes.length < MIN_LENGTH) return undefined;
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const seqLength = buf.readUInt16BE(6);
  if (8 + seqLength + 2 > buf.length) return undefined;
  return {
    version: buf.readUInt16BE(0),
    type: buf.readUInt16BE(2),
    status: buf.readInt16BE(4),
    seq: buf.subarray(8, 8 + seqLength).toString("utf8"),
    ext: buf.readUInt16BE(8 + seqLength),
    payload: new Uint8Array(buf.subarray(10 + seqLength)),
  };
}
