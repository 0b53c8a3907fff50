import { closeSync, fstatSync, fsyncSync, ftruncateSync, openSync, readSync, writeSync } from "node:fs";
import { crc32 } from "node:zlib";
import { JournalError } from "./errors.js";
import { isJournalRecord, type JournalRecord } from "./journal-record.js";

/*
 * Write-ahead journal of the chain: one frame per record, appended with write(2) before the client hears
 * about the block. Frame = u32le payload length | u32le CRC-32 of the payload | payload (UTF-8 JSON).
 * A process killed mid-write leaves at most one incomplete frame at the end, which start-up cuts off;
 * a damaged frame anywhere else is reported, never skipped.
 */

const HEADER_BYTES = 8;
/** Larger frames are not written by this code; a header announcing one is damage, not data. */
export const MAX_FRAME_BYTES = 256 * 1024 * 1024;

export interface JournalReadResult {
  records: JournalRecord[];
  /** Bytes of complete, valid frames from the start of the file. */
  validBytes: number;
  /** Bytes after the last valid frame that belong to an unfinished write (cut off on open). */
  tornBytes: number;
}

function corrupt(path: string, offset: number, index: number, reason: string): JournalError {
  return new JournalError(
    "JOURNAL_CORRUPT",
    `journal ${path} is damaged at byte ${offset} (record ${index}): ${reason}; it was not written by an interrupted append, so start-up stops rather than lose or invent blocks`,
    { path, offset, record: index, reason },
  );
}

/** Reads every record; an unfinished frame at the very end is reported as torn, other damage throws. */
export function readJournal(path: string, fd: number): JournalReadResult {
  const size = fstatSync(fd).size;
  const buffer = Buffer.allocUnsafe(size);
  let read = 0;
  while (read < size) {
    const n = readSync(fd, buffer, read, size - read, read);
    if (n === 0) break;
    read += n;
  }
  const records: JournalRecord[] = [];
  let offset = 0;
  while (offset < size) {
    const remaining = size - offset;
    if (remaining < HEADER_BYTES) break; // torn header
    const length = buffer.readUInt32LE(offset);
    const checksum = buffer.readUInt32LE(offset + 4);
    if (length > MAX_FRAME_BYTES)
      throw corrupt(path, offset, records.length, `frame length ${length} too large`);
    const end = offset + HEADER_BYTES + length;
    if (end > size) break; // torn payload
    const payload = buffer.subarray(offset + HEADER_BYTES, end);
    if (crc32(payload) !== checksum) {
      if (end === size) break; // last frame half-persisted: torn
      throw corrupt(path, offset, records.length, "checksum mismatch");
    }
    let record: unknown;
    try {
      record = JSON.parse(payload.toString("utf8"));
    } catch {
      throw corrupt(path, offset, records.length, "payload is not JSON");
    }
    if (!isJournalRecord(record))
      throw corrupt(path, offset, records.length, "payload is not a journal record");
    records.push(record);
    offset = end;
  }
  return { records, validBytes: offset, tornBytes: size - offset };
}

export function encodeFrame(record: JournalRecord): Buffer {
  const payload = Buffer.from(JSON.stringify(record), "utf8");
  const frame = Buffer.allocUnsafe(HEADER_BYTES + payload.length);
  frame.writeUInt32LE(payload.length, 0);
  frame.writeUInt32LE(crc32(payload), 4);
  payload.copy(frame, HEADER_BYTES);
  return frame;
}

export interface JournalWriterOptions {
  fsync: "always" | "interval";
  fsyncIntervalMs: number;
}

/** Appends frames to an open journal. Written bytes survive a killed process at once (page cache); fsync bounds what power loss can take. */
export class JournalWriter {
  private dirty = false;
  private timer: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(
    private readonly fd: number,
    private readonly options: JournalWriterOptions,
  ) {}

  /** Opens `path` for appending after cutting off `validBytes` worth of torn tail, if any. */
  static truncateTorn(fd: number, validBytes: number): void {
    ftruncateSync(fd, validBytes);
    fsyncSync(fd);
  }

  append(record: JournalRecord): void {
    if (this.closed) throw new Error("journal is closed");
    const frame = encodeFrame(record);
    let written = 0;
    while (written < frame.length) written += writeSync(this.fd, frame, written, frame.length - written);
    if (this.options.fsync === "always") {
      fsyncSync(this.fd);
      return;
    }
    this.dirty = true;
    this.timer ??= setTimeout(() => this.flush(), this.options.fsyncIntervalMs);
    this.timer.unref();
  }

  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.dirty && !this.closed) fsyncSync(this.fd);
    this.dirty = false;
  }

  close(): void {
    if (this.closed) return;
    this.flush();
    this.closed = true;
    closeSync(this.fd);
  }
}

export function openJournalFile(path: string): number {
  return openSync(path, "a+");
}
