import { appendFileSync, mkdtempSync, openSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { JournalError } from "./errors.js";
import { encodeFrame, JournalWriter, readJournal } from "./journal.js";
import type { JournalRecord } from "./journal-record.js";

const block = (n: number): JournalRecord => ({
  kind: "block",
  number: n,
  hash: `0x${n.toString(16).padStart(64, "0")}`,
  timestamp: "0x10",
  transactions: n % 2 === 0 ? [] : ["0x02f8"],
});

function journalWith(records: JournalRecord[]): string {
  const path = join(mkdtempSync(join(tmpdir(), "pc-journal-")), "blocks.journal");
  const writer = new JournalWriter(openSync(path, "a+"), { fsync: "interval", fsyncIntervalMs: 5 });
  for (const r of records) writer.append(r);
  writer.close();
  return path;
}

describe("block journal", () => {
  it("reads back every record it wrote, in order", () => {
    const records = [block(1), { kind: "clock", offset: "-42" } as const, block(2), block(3)];
    const path = journalWith(records);
    const read = readJournal(path, openSync(path, "r"));
    expect(read.records).toEqual(records);
    expect(read.tornBytes).toBe(0);
  });

  it("treats an unfinished last frame (header or payload) as torn, not as damage", () => {
    const path = journalWith([block(1), block(2)]);
    const whole = readFileSync(path).length;
    const frame = encodeFrame(block(3));
    for (const cut of [3, 8, frame.length - 1]) {
      writeFileSync(path, Buffer.concat([readFileSync(path).subarray(0, whole), frame.subarray(0, cut)]));
      const read = readJournal(path, openSync(path, "r"));
      expect(read.records.map((r) => (r.kind === "block" ? r.number : -1))).toEqual([1, 2]);
      expect(read.validBytes).toBe(whole);
      expect(read.tornBytes).toBe(cut);
    }
  });

  it("treats a complete last frame with a bad checksum as torn", () => {
    const path = journalWith([block(1)]);
    const frame = encodeFrame(block(2));
    frame[frame.length - 1] = (frame[frame.length - 1]! + 1) % 256;
    appendFileSync(path, frame);
    const read = readJournal(path, openSync(path, "r"));
    expect(read.records).toHaveLength(1);
    expect(read.tornBytes).toBe(frame.length);
  });

  it("refuses damage before the last frame, naming the byte offset and record", () => {
    const path = journalWith([block(1), block(2), block(3)]);
    const bytes = readFileSync(path);
    const second = encodeFrame(block(1)).length;
    bytes[second + 12] = bytes[second + 12]! ^ 0xff;
    writeFileSync(path, bytes);
    let error: unknown;
    try {
      readJournal(path, openSync(path, "r"));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(JournalError);
    expect((error as JournalError).code).toBe("JOURNAL_CORRUPT");
    expect((error as JournalError).details).toMatchObject({
      offset: second,
      record: 1,
      reason: "checksum mismatch",
    });
  });

  it("refuses a frame header announcing an impossible length", () => {
    const path = journalWith([block(1)]);
    const header = Buffer.alloc(8);
    header.writeUInt32LE(0xffffffff, 0);
    appendFileSync(path, Buffer.concat([header, Buffer.alloc(16)]));
    expect(() => readJournal(path, openSync(path, "r"))).toThrow(/frame length 4294967295 too large/);
  });

  it("refuses a well-framed payload that is not a journal record", () => {
    const path = journalWith([block(1)]);
    appendFileSync(path, encodeFrame({ kind: "block", number: "x" } as unknown as JournalRecord));
    appendFileSync(path, encodeFrame(block(3)));
    expect(() => readJournal(path, openSync(path, "r"))).toThrow(/not a journal record/);
  });
});
