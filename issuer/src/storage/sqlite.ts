import { openSqliteDatabase, type SqliteConnection, type SqliteDatabase } from "@permitchain/sqlite";
import { IssuerError } from "../errors.js";
import type {
  CreateIssuanceResult,
  CredentialPage,
  CredentialQuery,
  CredentialRecord,
  IssuanceRecord,
  IssuerRepository,
  NewIssuance,
  RecordedTransaction,
  StatusChangeRecord,
  StatusUpdate,
} from "./repository.js";
import { encodeCursor } from "./repository.js";
import {
  CREDENTIAL_COLUMNS,
  credentialFromRow,
  credentialValues,
  issuanceFromRow,
  listQuery,
  SCHEMA_VERSION,
  schemaStatements,
  statusChangeFromRow,
} from "./sql.js";

type Value = string | number | null;

/**
 * `IssuerRepository` on SQLite (node-sqlite3-wasm: SQLite compiled to WebAssembly with real file I/O, no
 * native build), opened with `openSqliteDatabase`: one file, owned by one running service (a second one is
 * refused: run several on PostgreSQL), a write a crash interrupted rolled back from its journal at the next
 * start, `synchronous=FULL` so that a committed transaction survives a crash; every write runs in one
 * `BEGIN IMMEDIATE` ... `COMMIT`. The calls are synchronous, so no two transactions of this process interleave.
 */
export class SqliteRepository implements IssuerRepository {
  readonly #file: SqliteDatabase;
  readonly #db: SqliteConnection;

  private constructor(file: SqliteDatabase) {
    this.#file = file;
    this.#db = file.connection;
  }

  /**
   * Opens (creating it and its folder if needed) the database at `path` and brings its schema up to date.
   * Another running process using it, or a file that is not a usable database: STORAGE_UNAVAILABLE.
   */
  static open(path: string): SqliteRepository {
    const file = openSqliteDatabase(path, {
      create: true,
      errors: {
        busy: (_path, pid, cause) =>
          new IssuerError(
            "STORAGE_UNAVAILABLE",
            `the issuer database ${path} is in use by the running process ${pid}: one service per SQLite file (PostgreSQL for several)`,
            { cause },
          ),
        corrupt: (_path, reason, cause) =>
          new IssuerError("STORAGE_UNAVAILABLE", `the issuer database ${path} cannot be used: ${reason}`, {
            cause,
          }),
      },
    });
    const db = file.connection;
    try {
      db.exec("PRAGMA foreign_keys = ON");
      const repository = new SqliteRepository(file);
      repository.#transaction(() => {
        for (const statement of schemaStatements("sqlite")) db.exec(statement);
        const row = db.get("SELECT version FROM schema_version");
        if (row === null) db.run("INSERT INTO schema_version (version) VALUES (?)", [SCHEMA_VERSION]);
        else if (Number(row.version) > SCHEMA_VERSION) {
          throw new Error(
            `the database has schema version ${row.version}, newer than this service's ${SCHEMA_VERSION}`,
          );
        }
      });
      return repository;
    } catch (error) {
      file.close();
      throw error;
    }
  }

  #transaction<T>(fn: () => T): T {
    this.#db.exec("BEGIN IMMEDIATE");
    try {
      const result = fn();
      this.#db.exec("COMMIT");
      return result;
    } catch (error) {
      if (this.#db.inTransaction) this.#db.exec("ROLLBACK");
      throw error;
    }
  }

  #get(sql: string, values: Value[]): Record<string, unknown> | undefined {
    return (this.#db.get(sql, values) as Record<string, unknown> | null) ?? undefined;
  }

  async createIssuance(issuance: NewIssuance): Promise<CreateIssuanceResult> {
    return this.#transaction(() => {
      const existing = this.#get("SELECT * FROM issuances WHERE operator_id = ? AND idempotency_key = ?", [
        issuance.operatorId,
        issuance.idempotencyKey,
      ]);
      if (existing !== undefined) return { created: false, issuance: issuanceFromRow(existing) };
      if (this.#get("SELECT 1 AS found FROM issuances WHERE credential_id = ?", [issuance.credentialId])) {
        throw credentialIdConflict(issuance.credentialId);
      }
      this.#db.run(
        `INSERT INTO issuances (operator_id, idempotency_key, request_hash, state, credential_id, credential_type,
           issuer_did, issuer_address, subject_did, draft_json, created_at, updated_at)
         VALUES (?, ?, ?, 'intent', ?, ?, ?, ?, ?, ?, ?, ?)`,
        [
          issuance.operatorId,
          issuance.idempotencyKey,
          issuance.requestHash,
          issuance.credentialId,
          issuance.credentialType,
          issuance.issuerDid,
          issuance.issuerAddress,
          issuance.subjectDid,
          JSON.stringify(issuance.draft),
          issuance.createdAt,
          issuance.createdAt,
        ],
      );
      const created = this.#get("SELECT * FROM issuances WHERE operator_id = ? AND idempotency_key = ?", [
        issuance.operatorId,
        issuance.idempotencyKey,
      ]);
      return { created: true, issuance: issuanceFromRow(created!) };
    });
  }

  async getIssuance(operatorId: string, idempotencyKey: string): Promise<IssuanceRecord | undefined> {
    const row = this.#get("SELECT * FROM issuances WHERE operator_id = ? AND idempotency_key = ?", [
      operatorId,
      idempotencyKey,
    ]);
    return row === undefined ? undefined : issuanceFromRow(row);
  }

  async recordAllocationTransaction(
    operatorId: string,
    idempotencyKey: string,
    transaction: RecordedTransaction,
    replaces: string | undefined,
    at: string,
  ): Promise<void> {
    this.#transaction(() => {
      const result = this.#db.run(
        `UPDATE issuances SET state = 'allocating', allocation_tx_hash = ?, allocation_tx_raw = ?,
           allocation_tx_nonce = ?, allocation_tx_from = ?, updated_at = ?
         WHERE operator_id = ? AND idempotency_key = ? AND state IN ('intent', 'allocating')
           AND allocation_tx_hash IS ?`,
        [
          transaction.hash,
          transaction.raw,
          transaction.nonce,
          transaction.from,
          at,
          operatorId,
          idempotencyKey,
          replaces ?? null,
        ],
      );
      if (result.changes !== 1) throw stateConflict(operatorId, idempotencyKey, "allocating");
    });
  }

  async recordAllocation(
    operatorId: string,
    idempotencyKey: string,
    allocation: { statusIndex: string; blockNumber: number },
    at: string,
  ): Promise<void> {
    this.#transaction(() => {
      const result = this.#db.run(
        `UPDATE issuances SET state = 'allocated', status_index = ?, allocation_block = ?, updated_at = ?
         WHERE operator_id = ? AND idempotency_key = ? AND state = 'allocating'`,
        [allocation.statusIndex, allocation.blockNumber, at, operatorId, idempotencyKey],
      );
      if (result.changes !== 1) throw stateConflict(operatorId, idempotencyKey, "allocated");
    });
  }

  async completeIssuance(
    operatorId: string,
    idempotencyKey: string,
    credential: CredentialRecord,
    response: Record<string, unknown>,
  ): Promise<void> {
    this.#transaction(() => {
      const result = this.#db.run(
        `UPDATE issuances SET state = 'issued', response_json = ?, updated_at = ?
         WHERE operator_id = ? AND idempotency_key = ? AND state = 'allocated'`,
        [JSON.stringify(response), credential.issuedAt, operatorId, idempotencyKey],
      );
      if (result.changes !== 1) throw stateConflict(operatorId, idempotencyKey, "issued");
      this.#db.run(
        `INSERT INTO credentials (${CREDENTIAL_COLUMNS.join(", ")}) VALUES (${CREDENTIAL_COLUMNS.map(() => "?").join(", ")})`,
        credentialValues(credential),
      );
      this.#insertChange(credential.id, {
        action: "issue",
        status: credential.status,
        reason: undefined,
        transactionHash: credential.allocationTransactionHash,
        blockNumber: credential.allocationBlock,
        operatorId,
        at: credential.issuedAt,
      });
    });
  }

  #insertChange(credentialId: string, change: StatusChangeRecord): void {
    this.#db.run(
      `INSERT INTO status_changes (credential_id, action, status, reason, tx_hash, block_number, operator_id, at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      [
        credentialId,
        change.action,
        change.status,
        change.reason ?? null,
        change.transactionHash ?? null,
        change.blockNumber ?? null,
        change.operatorId ?? null,
        change.at,
      ],
    );
  }

  async getCredential(id: string): Promise<CredentialRecord | undefined> {
    const row = this.#get("SELECT * FROM credentials WHERE id = ?", [id]);
    return row === undefined ? undefined : credentialFromRow(row);
  }

  async listCredentials(query: CredentialQuery): Promise<CredentialPage> {
    const { sql, values } = listQuery(query, () => "?");
    const rows = this.#db.all(sql, values) as Record<string, unknown>[];
    const items = rows.slice(0, query.limit).map(credentialFromRow);
    const last = rows.length > query.limit ? rows[query.limit - 1] : undefined;
    return { items, nextCursor: last === undefined ? undefined : encodeCursor(Number(last.seq)) };
  }

  async updateStatus(update: StatusUpdate): Promise<CredentialRecord> {
    return this.#transaction(() => {
      const result = this.#db.run(
        "UPDATE credentials SET status = ?, status_reason = ?, status_updated_at = ? WHERE id = ?",
        [update.change.status, update.change.reason ?? null, update.change.at, update.credentialId],
      );
      if (result.changes !== 1) {
        throw new IssuerError("NOT_FOUND", `no credential ${update.credentialId} was issued here`);
      }
      this.#insertChange(update.credentialId, update.change);
      return credentialFromRow(this.#get("SELECT * FROM credentials WHERE id = ?", [update.credentialId])!);
    });
  }

  async statusHistory(credentialId: string): Promise<StatusChangeRecord[]> {
    const rows = this.#db.all("SELECT * FROM status_changes WHERE credential_id = ? ORDER BY seq", [
      credentialId,
    ]);
    return (rows as Record<string, unknown>[]).map(statusChangeFromRow);
  }

  async close(): Promise<void> {
    this.#file.close();
  }
}

export function credentialIdConflict(credentialId: string): IssuerError {
  return new IssuerError("CREDENTIAL_ID_CONFLICT", `a credential with id ${credentialId} exists already`);
}

/** Another process moved the issuance on first (or the caller's view of it is stale): retry the request. */
export function stateConflict(operatorId: string, key: string, target: string): IssuerError {
  return new IssuerError(
    "ISSUANCE_IN_PROGRESS",
    `the issuance cannot move to ${target} from its recorded state: another request is running it; retry`,
    { details: { operatorId, idempotencyKey: key } },
  );
}
