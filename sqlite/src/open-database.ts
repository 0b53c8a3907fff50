import { closeSync, existsSync, mkdirSync, openSync, rmSync } from "node:fs";
import { dirname } from "node:path";
import sqlite3 from "node-sqlite3-wasm";
import { rollBackInterruptedWrite } from "./journal-recovery.js";
import { OwnerLockHeldError, takeOwnerLock } from "./owner-lock.js";

/** A node-sqlite3-wasm connection. */
export type SqliteConnection = InstanceType<typeof sqlite3.Database>;

/** How the opener reports what stops it, as the caller's own typed errors. */
export interface SqliteOpenErrors {
  /** Another running process has the file open (`pid`). */
  busy(path: string, pid: number, cause: unknown): Error;
  /** The file cannot be used: not a database, damaged, a journal that cannot be played back, missing. */
  corrupt(path: string, reason: string, cause?: unknown): Error;
}

export interface OpenSqliteDatabaseOptions {
  /** Create a missing file (and its folder), owner-only (0600, folder 0700); without, a missing file is corrupt. */
  readonly create: boolean;
  readonly errors: SqliteOpenErrors;
  /**
   * Only to read, alongside the running process that owns the file, if one does (its transactions exclude
   * these reads through SQLite's own lock); with no running owner, it is opened as an owner would open it.
   */
  readonly reader?: boolean;
}

/** An open SQLite file, owned by this process until {@link SqliteDatabase.close}. */
export interface SqliteDatabase {
  readonly path: string;
  readonly connection: SqliteConnection;
  /** True when opening rolled back a write a crash had interrupted. */
  readonly recovered: boolean;
  /** False for a reader opened alongside a running owner. */
  readonly owned: boolean;
  /** Closes the connection and gives up ownership. */
  close(): void;
}

/** SQLite's messages for a file that is not a database, or is damaged. */
const DAMAGED = /not a database|malformed|corrupt/i;

/**
 * Opens the SQLite file at `path` for this process alone, safe across crashes:
 * 1. takes ownership (`<path>.owner` holds this process's id; a running owner is `busy`, a dead one's file is
 *    taken over), so that what follows cannot disturb another process's transaction;
 * 2. removes the lock directory node-sqlite3-wasm's VFS keeps during a transaction (`<path>.lock`): owned by
 *    no one else, one left behind is a dead process's, and would make every read "database is locked";
 * 3. rolls back a write a crash interrupted, from its journal (the VFS does not);
 * 4. opens it with a rollback journal (`journal_mode=DELETE`: the wasm VFS has no shared memory for WAL) and
 *    `synchronous=FULL`, so that a committed transaction survives a crash.
 */
export function openSqliteDatabase(path: string, options: OpenSqliteDatabaseOptions): SqliteDatabase {
  const { errors } = options;
  if (options.create) mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  let release: (() => void) | undefined;
  try {
    release = takeOwnerLock(`${path}.owner`);
  } catch (error) {
    if (!(error instanceof OwnerLockHeldError)) throw error;
    if (options.reader !== true) throw errors.busy(path, error.pid, error);
  }
  try {
    if (options.create && !existsSync(path)) closeSync(openSync(path, "a", 0o600));
    let recovered = false;
    if (release !== undefined) {
      rmSync(`${path}.lock`, { recursive: true, force: true });
      recovered = rollBackInterruptedWrite(path, (reason) => errors.corrupt(path, reason));
    }
    let connection: SqliteConnection;
    try {
      connection = new sqlite3.Database(path, { fileMustExist: true });
    } catch (cause) {
      if (!(cause instanceof sqlite3.SQLite3Error)) throw cause;
      throw errors.corrupt(path, "the database file cannot be opened", cause);
    }
    try {
      connection.exec("PRAGMA journal_mode = DELETE");
      connection.exec("PRAGMA synchronous = FULL");
    } catch (cause) {
      connection.close();
      if (cause instanceof sqlite3.SQLite3Error && DAMAGED.test(cause.message)) {
        throw errors.corrupt(path, `SQLite: ${cause.message}`, cause);
      }
      throw cause;
    }
    let closed = false;
    return {
      path,
      connection,
      recovered,
      owned: release !== undefined,
      close() {
        if (closed) return;
        closed = true;
        try {
          if (connection.isOpen) connection.close();
        } finally {
          release?.();
        }
      },
    };
  } catch (error) {
    release?.();
    throw error;
  }
}
