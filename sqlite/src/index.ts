export { rollBackInterruptedWrite } from "./journal-recovery.js";
export {
  type OpenSqliteDatabaseOptions,
  openSqliteDatabase,
  type SqliteConnection,
  type SqliteDatabase,
  type SqliteOpenErrors,
} from "./open-database.js";
export { OwnerLockHeldError, takeOwnerLock } from "./owner-lock.js";
