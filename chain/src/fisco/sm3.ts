/**
 * SM3 cryptographic hash (GB/T 32905-2016 / GM/T 0004-2012): 256-bit Merkle–Damgård hash with 512-bit
 * blocks. Used by FISCO BCOS SM ("guomi") chains for transaction hashes, addresses and SM2's Z_A digest.
 */

const IV = new Uint32Array([
  0x7380166f, 0x4914b2b9, 0x172442d7, 0xda8a0600, 0xa96f30bc, 0x163138aa, 0xe38dee4d, 0xb0fb0e4e,
]);

/** T_j rotated left by j (mod 32), precomputed for the 64 rounds. */
const T_ROT = new Uint32Array(64);
for (let j = 0; j < 64; j++) {
  const t = j < 16 ? 0x79cc4519 : 0x7a879d8a;
  const r = j % 32;
  T_ROT[j] = r === 0 ? t : ((t << r) | (t >>> (32 - r))) >>> 0;
}

function rotl(x: number, n: number): number {
  const r = n % 32;
  return r === 0 ? x >>> 0 : ((x << r) | (x >>> (32 - r))) >>> 0;
}

function p0(x: number): number {
  return (x ^ rotl(x, 9) ^ rotl(x, 17)) >>> 0;
}

function p1(x: number): number {
  return (x ^ rotl(x, 15) ^ rotl(x, 23)) >>> 0;
}

const W = new Uint32Array(68);
const W1 = new Uint32Array(64);

function compress(state: Uint32Array, view: DataView, offset: number): void {
  for (let j = 0; j < 16; j++) W[j] = view.getUint32(offset + 4 * j, false);
  for (let j = 16; j < 68; j++) {
    const wj16 = W[j - 16]!;
    const wj9 = W[j - 9]!;
    const wj3 = W[j - 3]!;
    const wj13 = W[j - 13]!;
    const wj6 = W[j - 6]!;
    W[j] = (p1(wj16 ^ wj9 ^ rotl(wj3, 15)) ^ rotl(wj13, 7) ^ wj6) >>> 0;
  }
  for (let j = 0; j < 64; j++) W1[j] = (W[j]! ^ W[j + 4]!) >>> 0;

  let a = state[0]!;
  let b = state[1]!;
  let c = state[2]!;
  let d = state[3]!;
  let e = state[4]!;
  let f = state[5]!;
  let g = state[6]!;
  let h = state[7]!;
  for (let j = 0; j < 64; j++) {
    const a12 = rotl(a, 12);
    const ss1 = rotl((a12 + e + T_ROT[j]!) >>> 0, 7);
    const ss2 = (ss1 ^ a12) >>> 0;
    const ff = j < 16 ? a ^ b ^ c : (a & b) | (a & c) | (b & c);
    const gg = j < 16 ? e ^ f ^ g : (e & f) | (~e & g);
    const tt1 = ((ff >>> 0) + d + ss2 + W1[j]!) >>> 0;
    const tt2 = ((gg >>> 0) + h + ss1 + W[j]!) >>> 0;
    d = c;
    c = rotl(b, 9);
    b = a;
    a = tt1;
    h = g;
    g = rotl(f, 19);
    f = e;
    e = p0(tt2);
  }
  state[0] = (state[0]! ^ a) >>> 0;
  state[1] = (state[1]! ^ b) >>> 0;
  state[2] = (state[2]! ^ c) >>> 0;
  state[3] = (state[3]! ^ d) >>> 0;
  state[4] = (state[4]! ^ e) >>> 0;
  state[5] = (state[5]! ^ f) >>> 0;
  state[6] = (state[6]! ^ g) >>> 0;
  state[7] = (state[7]! ^ h) >>> 0;
}

/** SM3 digest (32 bytes) of the concatenation of `parts`. */
export function sm3(...parts: Uint8Array[]): Uint8Array {
  let length = 0;
  for (const part of parts) length += part.length;
  // Message, the 0x80 marker, zero padding and the 64-bit big-endian bit length, in whole 64-byte blocks.
  const padded = new Uint8Array(Math.ceil((length + 9) / 64) * 64);
  let offset = 0;
  for (const part of parts) {
    padded.set(part, offset);
    offset += part.length;
  }
  padded[length] = 0x80;
  const view = new DataView(padded.buffer);
  view.setBigUint64(padded.length - 8, BigInt(length) * 8n, false);

  const state = IV.slice();
  for (let block = 0; block < padded.length; block += 64) compress(state, view, block);

  const out = new Uint8Array(32);
  const outView = new DataView(out.buffer);
  for (let i = 0; i < 8; i++) outView.setUint32(4 * i, state[i]!, false);
  return out;
}
