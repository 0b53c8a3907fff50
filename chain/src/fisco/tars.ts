/**
 * The subset of the TARS binary encoding (TarsOutputStream / TarsInputStream) that FISCO BCOS transactions
 * use. Every field starts with a head: one byte `tag << 4 | type`, or `0xF0 | type` followed by a tag byte
 * when tag >= 15. Integers take the smallest of int8/int16/int32/int64 (zero has its own type and no body),
 * strings carry a 1-byte (≤255) or 4-byte length, `vector<byte>` is a "simple list": head, an int8 element
 * head, the length as a tag-0 integer, then the bytes. Structs are framed by STRUCT_BEGIN / STRUCT_END;
 * a top-level struct is just its fields up to the end of the buffer. All numbers are big-endian.
 *
 * The reader never reads past its buffer: every length and count is checked against the remaining input,
 * nesting is bounded, and each step consumes at least one byte, so malformed input ends in a
 * {@link FiscoTarsError}, never in an out-of-bounds read or an endless loop.
 */
import { FiscoTarsError } from "./errors.js";

export const TarsType = {
  Int8: 0,
  Int16: 1,
  Int32: 2,
  Int64: 3,
  Float: 4,
  Double: 5,
  String1: 6,
  String4: 7,
  Map: 8,
  List: 9,
  StructBegin: 10,
  StructEnd: 11,
  Zero: 12,
  SimpleList: 13,
} as const;
export type TarsTypeCode = (typeof TarsType)[keyof typeof TarsType];

export interface TarsHead {
  tag: number;
  type: TarsTypeCode;
}

/** Deepest struct/list/map nesting the reader accepts (transactions need 2). */
export const TARS_MAX_DEPTH = 32;

const INT_RANGES = {
  32: { min: -(2n ** 31n), max: 2n ** 31n - 1n },
  64: { min: -(2n ** 63n), max: 2n ** 63n - 1n },
} as const;

const utf8Decoder = new TextDecoder("utf-8", { fatal: true });
const utf8Encoder = new TextEncoder();

export class TarsWriter {
  private buffer = new Uint8Array(256);
  private length = 0;

  private ensure(extra: number): void {
    if (this.length + extra <= this.buffer.length) return;
    let size = this.buffer.length * 2;
    while (size < this.length + extra) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buffer.subarray(0, this.length));
    this.buffer = next;
  }

  private byte(value: number): void {
    this.ensure(1);
    this.buffer[this.length++] = value & 0xff;
  }

  private raw(bytes: Uint8Array): void {
    this.ensure(bytes.length);
    this.buffer.set(bytes, this.length);
    this.length += bytes.length;
  }

  private fixed(width: 2 | 4 | 8, value: bigint): void {
    this.ensure(width);
    const view = new DataView(this.buffer.buffer, this.length, width);
    if (width === 2) view.setInt16(0, Number(value), false);
    else if (width === 4) view.setInt32(0, Number(value), false);
    else view.setBigInt64(0, value, false);
    this.length += width;
  }

  head(tag: number, type: TarsTypeCode): void {
    if (!Number.isInteger(tag) || tag < 0 || tag > 255) throw new RangeError(`TARS tag out of range: ${tag}`);
    if (tag < 15) {
      this.byte((tag << 4) | type);
    } else {
      this.byte(0xf0 | type);
      this.byte(tag);
    }
  }

  /** Writes a signed integer (up to int64) in the smallest TARS integer type that holds it. */
  int(tag: number, value: number | bigint): void {
    const v = BigInt(value);
    if (v < INT_RANGES[64].min || v > INT_RANGES[64].max)
      throw new RangeError(`TARS int64 out of range: ${v}`);
    if (v === 0n) {
      this.head(tag, TarsType.Zero);
    } else if (v >= -128n && v <= 127n) {
      this.head(tag, TarsType.Int8);
      this.byte(Number(v));
    } else if (v >= -32768n && v <= 32767n) {
      this.head(tag, TarsType.Int16);
      this.fixed(2, v);
    } else if (v >= INT_RANGES[32].min && v <= INT_RANGES[32].max) {
      this.head(tag, TarsType.Int32);
      this.fixed(4, v);
    } else {
      this.head(tag, TarsType.Int64);
      this.fixed(8, v);
    }
  }

  /** Writes a string as its UTF-8 bytes (STRING1 up to 255 bytes, STRING4 beyond). */
  string(tag: number, value: string): void {
    const bytes = utf8Encoder.encode(value);
    if (bytes.length <= 255) {
      this.head(tag, TarsType.String1);
      this.byte(bytes.length);
    } else {
      if (bytes.length > 0xffffffff) throw new RangeError("TARS string longer than 2^32-1 bytes");
      this.head(tag, TarsType.String4);
      this.ensure(4);
      new DataView(this.buffer.buffer, this.length, 4).setUint32(0, bytes.length, false);
      this.length += 4;
    }
    this.raw(bytes);
  }

  /** Writes a `vector<byte>` as a TARS simple list. */
  bytes(tag: number, value: Uint8Array): void {
    if (value.length > 0x7fffffff) throw new RangeError("TARS byte vector longer than 2^31-1 bytes");
    this.head(tag, TarsType.SimpleList);
    this.head(0, TarsType.Int8);
    this.int(0, value.length);
    this.raw(value);
  }

  structBegin(tag: number): void {
    this.head(tag, TarsType.StructBegin);
  }

  structEnd(): void {
    this.head(0, TarsType.StructEnd);
  }

  toBytes(): Uint8Array {
    return this.buffer.slice(0, this.length);
  }
}

export class TarsReader {
  private pos = 0;
  private depth = 0;

  constructor(private readonly data: Uint8Array) {}

  get offset(): number {
    return this.pos;
  }

  get remaining(): number {
    return this.data.length - this.pos;
  }

  get atEnd(): boolean {
    return this.pos >= this.data.length;
  }

  fail(reason: string, message: string): never {
    throw new FiscoTarsError(`Malformed TARS at byte ${this.pos}: ${message}`, {
      details: { reason, offset: this.pos },
    });
  }

  private take(count: number): Uint8Array {
    if (count < 0 || count > this.remaining) {
      this.fail("truncated", `needs ${count} byte(s), ${this.remaining} left`);
    }
    const out = this.data.subarray(this.pos, this.pos + count);
    this.pos += count;
    return out;
  }

  private view(count: number): DataView {
    const bytes = this.take(count);
    return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  head(): TarsHead {
    const first = this.take(1)[0]!;
    const type = first & 0x0f;
    let tag = first >> 4;
    if (tag === 15) tag = this.take(1)[0]!;
    if (type > TarsType.SimpleList) this.fail("type", `unknown type ${type}`);
    return { tag, type: type as TarsTypeCode };
  }

  /**
   * Reads the body of an integer of the given head type into a value of `bits` width. As in TARS, a type
   * wider than the field (an int64 for an `int` field) is an error.
   */
  int(type: TarsTypeCode, bits: 32 | 64): bigint {
    let value: bigint;
    switch (type) {
      case TarsType.Zero:
        return 0n;
      case TarsType.Int8:
        value = BigInt(this.view(1).getInt8(0));
        break;
      case TarsType.Int16:
        value = BigInt(this.view(2).getInt16(0, false));
        break;
      case TarsType.Int32:
        value = BigInt(this.view(4).getInt32(0, false));
        break;
      case TarsType.Int64:
        if (bits < 64) this.fail("type", `int64 where an int${bits} is expected`);
        value = this.view(8).getBigInt64(0, false);
        break;
      default:
        this.fail("type", `type ${type} where an integer is expected`);
    }
    return value;
  }

  /** Reads a complete tag-0 integer (head and body), as used for lengths and counts. */
  private count(what: string): number {
    const head = this.head();
    if (head.tag !== 0) this.fail("tag", `${what} has tag ${head.tag}, expected 0`);
    const value = this.int(head.type, 32);
    if (value < 0n) this.fail("length", `negative ${what} ${value}`);
    return Number(value);
  }

  private stringBytes(type: TarsTypeCode): Uint8Array {
    let length: number;
    if (type === TarsType.String1) length = this.view(1).getUint8(0);
    else if (type === TarsType.String4) length = this.view(4).getUint32(0, false);
    else this.fail("type", `type ${type} where a string is expected`);
    if (length > this.remaining)
      this.fail("length", `string length ${length} exceeds ${this.remaining} byte(s) left`);
    return this.take(length);
  }

  string(type: TarsTypeCode): string {
    const start = this.pos;
    const bytes = this.stringBytes(type);
    try {
      return utf8Decoder.decode(bytes);
    } catch (cause) {
      throw new FiscoTarsError(`Malformed TARS at byte ${start}: string is not valid UTF-8`, {
        cause,
        details: { reason: "utf8", offset: start },
      });
    }
  }

  /** Reads a `vector<byte>`: a simple list, or (as TARS also accepts) a list of int8 values. */
  bytes(type: TarsTypeCode): Uint8Array {
    if (type === TarsType.SimpleList) {
      const element = this.head();
      if (element.type !== TarsType.Int8 || element.tag !== 0) {
        this.fail("type", `simple list of type ${element.type}, expected int8`);
      }
      const length = this.count("byte vector length");
      if (length > this.remaining) {
        this.fail("length", `byte vector length ${length} exceeds ${this.remaining} byte(s) left`);
      }
      return this.take(length).slice();
    }
    if (type === TarsType.List) {
      const length = this.count("list size");
      if (length > this.remaining)
        this.fail("length", `list size ${length} exceeds ${this.remaining} byte(s) left`);
      const out = new Uint8Array(length);
      for (let i = 0; i < length; i++) {
        const element = this.head();
        if (element.tag !== 0) this.fail("tag", `list element has tag ${element.tag}, expected 0`);
        if (element.type === TarsType.Zero) continue;
        if (element.type !== TarsType.Int8)
          this.fail("type", `list element of type ${element.type}, expected int8`);
        out[i] = this.take(1)[0]!;
      }
      return out;
    }
    this.fail("type", `type ${type} where a byte vector is expected`);
  }

  private enter(): void {
    if (++this.depth > TARS_MAX_DEPTH) this.fail("depth", `nesting deeper than ${TARS_MAX_DEPTH}`);
  }

  /** Skips the body of a field of the given type (for fields this codec does not know). */
  skip(type: TarsTypeCode): void {
    switch (type) {
      case TarsType.Zero:
      case TarsType.StructEnd:
        return;
      case TarsType.Int8:
        this.take(1);
        return;
      case TarsType.Int16:
        this.take(2);
        return;
      case TarsType.Int32:
      case TarsType.Float:
        this.take(4);
        return;
      case TarsType.Int64:
      case TarsType.Double:
        this.take(8);
        return;
      case TarsType.String1:
      case TarsType.String4:
        this.stringBytes(type);
        return;
      case TarsType.SimpleList:
        this.bytes(type);
        return;
      case TarsType.List:
      case TarsType.Map: {
        const size = this.count(type === TarsType.Map ? "map size" : "list size");
        const items = type === TarsType.Map ? size * 2 : size;
        if (items > this.remaining)
          this.fail("length", `${items} item(s) exceed ${this.remaining} byte(s) left`);
        this.enter();
        for (let i = 0; i < items; i++) this.skip(this.head().type);
        this.depth--;
        return;
      }
      case TarsType.StructBegin:
        this.struct(() => false);
        return;
    }
  }

  /**
   * Reads the fields of a struct, calling `field(head)` for each; `field` reads the body of the fields it
   * knows and returns true, or returns false to have the field skipped. Tags must strictly increase (every
   * TARS encoder writes them in order; a repeated tag would make two readers disagree). A nested struct
   * (`topLevel` false) ends at STRUCT_END; a top-level one at the end of the buffer.
   */
  struct(field: (head: TarsHead) => boolean, topLevel = false): void {
    this.enter();
    let lastTag = -1;
    for (;;) {
      if (this.atEnd) {
        if (topLevel) break;
        this.fail("truncated", "struct without STRUCT_END");
      }
      const head = this.head();
      if (head.type === TarsType.StructEnd) {
        if (topLevel) this.fail("type", "STRUCT_END outside a struct");
        break;
      }
      if (head.tag <= lastTag) this.fail("tag", `tag ${head.tag} after tag ${lastTag}`);
      lastTag = head.tag;
      if (!field(head)) this.skip(head.type);
    }
    this.depth--;
  }
}
