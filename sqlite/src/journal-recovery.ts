import {
  closeSync,
  existsSync,
  fsyncSync,
  ftruncateSync,
  openSync,
  readFileSync,
  unlinkSync,
  writeSync,
} from "node:fs";
import { dirname } from "node:path";

/** The first 8 bytes of every header of a rollback journal. */
const MAGIC = Buffer.from([0xd9, 0xd5, 0x05, 0xf9, 0x20, 0xa1, 0x63, 0xd7]);
/** `nRec` when the record count is to be computed from the journal's size. */
const COUNT_FROM_SIZE = 0xffffffff;

const isPowerOfTwoBetween = (value: number, low: number, high: number): boolean =>
  value >= low && value <= high && (value & (value - 1)) === 0;

/** SQLite's journal record checksum: the header's nonce plus every 200th byte of the page, from the end. */
function checksum(nonce: number, page: Buffer): number {
  let sum = nonce;
  for (let i = page.length - 200; i > 0; i -= 200) sum = (sum + page[i]!) >>> 0;
  return sum;
}

/**
 * Writes the original pages a rollback journal holds back into the database file and truncates it to its
 * size before the transaction, as SQLite's pager plays back a hot journal (sqlite.org/fileformat.html, "The
 * Rollback Journal"): header after header, each `nRec` records of page number, page, checksum; a record
 * whose checksum fails, or page number 0, ends the playback.
 */
function playBack(journal: Buffer, database: string, corrupt: (reason: string) => Error): void {
  // a header never written: the database was not written under this journal
  if (journal.length < 28 || !journal.subarray(0, 8).equals(MAGIC)) return;
  const sectorSize = journal.readUInt32BE(20);
  const pageSize = journal.readUInt32BE(24);
  if (!isPowerOfTwoBetween(pageSize, 512, 65_536) || !isPowerOfTwoBetween(sectorSize, 32, 65_536)) {
    throw corrupt("the journal of an interrupted write has an impossible page or sector size");
  }
  const recordSize = pageSize + 8;
  const file = openSync(database, "r+");
  try {
    let offset = 0;
    let pages = -1;
    let ended = false;
    while (
      !ended &&
      offset + sectorSize <= journal.length &&
      journal.subarray(offset, offset + 8).equals(MAGIC)
    ) {
      let records = journal.readUInt32BE(offset + 8);
      const nonce = journal.readUInt32BE(offset + 12);
      if (pages < 0) {
        // the first header: the database's size in pages before the transaction
        pages = journal.readUInt32BE(offset + 16);
        ftruncateSync(file, pages * pageSize);
      }
      offset += sectorSize;
      if (records === COUNT_FROM_SIZE) records = Math.floor((journal.length - sectorSize) / recordSize);
      for (let record = 0; record < records; record++) {
        if (offset + recordSize > journal.length) {
          ended = true;
          break;
        }
        const pageNumber = journal.readUInt32BE(offset);
        const page = journal.subarray(offset + 4, offset + 4 + pageSize);
        const sum = journal.readUInt32BE(offset + 4 + pageSize);
        offset += recordSize;
        if (pageNumber === 0 || checksum(nonce, page) !== sum) {
          ended = true;
          break;
        }
        if (pageNumber <= pages) writeSync(file, page, 0, pageSize, (pageNumber - 1) * pageSize);
      }
      offset = Math.ceil(offset / sectorSize) * sectorSize;
    }
    fsyncSync(file);
  } finally {
    closeSync(file);
  }
}

function syncDirectory(directory: string): void {
  const handle = openSync(directory, "r");
  try {
    fsyncSync(handle);
  } catch {
    // some file systems refuse fsync on a directory
  } finally {
    closeSync(handle);
  }
}

/**
 * Rolls back a write that a crash interrupted, before the database is opened. node-sqlite3-wasm's VFS never
 * rolls a hot journal back itself (its check for another process's lock finds its own lock directory), so
 * without this a transaction cut short after it began writing the database file would be read half done.
 * The caller must own the file (no other process may be using it): a journal left beside the database is
 * then such a write's, and its pages are written back, the file synced, the journal deleted. A journal that
 * cannot be played back is `corrupt(reason)`. Returns true when a journal was rolled back.
 */
export function rollBackInterruptedWrite(path: string, corrupt: (reason: string) => Error): boolean {
  const journalPath = `${path}-journal`;
  if (!existsSync(journalPath)) return false;
  playBack(readFileSync(journalPath), path, corrupt);
  unlinkSync(journalPath);
  syncDirectory(dirname(path));
  return true;
}
