import type { Pool, PoolClient } from "pg";
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
import { credentialIdConflict, stateConflict } from "./sqlite.js";

type Client = PoolClient;

/** Key of the advisory lock held while the schema is created, so that two services starting at once agree. */
const SCHEMA_LOCK = 0x7065726d; // "perm"

export interface PostgresRepositoryOptions {
  /** Most connections in the pool. Default 10. */
  maxConnections?: number;
  /** Milliseconds to wait for a connection. Default 10,000. */
  connectionTimeoutMs?: number;
}

/**
 * `IssuerRepository` on PostgreSQL (node-postgres pool). Every write is one transaction (`BEGIN` ... `COMMIT`
 * on one pooled connection, `ROLLBACK` on any error); state moves are guarded by their `WHERE state = ...`.
 */
export class PostgresRepository implements IssuerRepository {
  readonly #pool: Pool;

  private constructor(pool: Pool) {
    this.#pool = pool;
  }

  /** Connects to `url` and brings the schema up to date. */
  static async open(url: string, options: PostgresRepositoryOptions = {}): Promise<PostgresRepository> {
    // loaded on first use, so that a service on SQLite never loads the PostgreSQL driver
    const pg = (await import("pg")).default;
    const pool = new pg.Pool({
      connectionString: url,
      max: options.maxConnections ?? 10,
      connectionTimeoutMillis: options.connectionTimeoutMs ?? 10_000,
    });
    // an idle connection that breaks must not crash the process
    pool.on("error", () => undefined);
    const repository = new PostgresRepository(pool);
    try {
      await repository.#transaction(async (client) => {
        await client.query("SELECT pg_advisory_xact_lock($1)", [SCHEMA_LOCK]);
        for (const statement of schemaStatements("postgres")) await client.query(statement);
        const { rows } = await client.query("SELECT version FROM schema_version");
        if (rows.length === 0)
          await client.query("INSERT INTO schema_version (version) VALUES ($1)", [SCHEMA_VERSION]);
        else if (Number(rows[0].version) > SCHEMA_VERSION) {
          throw new Error(
            `the database has schema version ${rows[0].version}, newer than this service's ${SCHEMA_VERSION}`,
          );
        }
      });
    } catch (error) {
      await pool.end();
      throw error;
    }
    return repository;
  }

  async #transaction<T>(fn: (client: Client) => Promise<T>): Promise<T> {
    const client = await this.#pool.connect().catch(storageError);
    try {
      await client.query("BEGIN");
      const result = await fn(client);
      await client.query("COMMIT");
      return result;
    } catch (error) {
      await client.query("ROLLBACK").catch(() => undefined);
      return storageError(error);
    } finally {
      client.release();
    }
  }

  async #query(sql: string, values: unknown[]): Promise<{ rows: Record<string, unknown>[] }> {
    return this.#pool.query(sql, values).catch(storageError);
  }

  async createIssuance(issuance: NewIssuance): Promise<CreateIssuanceResult> {
    try {
      return await this.#transaction(async (client) => {
        const inserted = await client.query(
          `INSERT INTO issuances (operator_id, idempotency_key, request_hash, state, credential_id, credential_type,
             issuer_did, issuer_address, subject_did, draft_json, created_at, updated_at)
           VALUES ($1, $2, $3, 'intent', $4, $5, $6, $7, $8, $9, $10, $10)
           ON CONFLICT (operator_id, idempotency_key) DO NOTHING
           RETURNING *`,
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
          ],
        );
        if (inserted.rows.length === 1) return { created: true, issuance: issuanceFromRow(inserted.rows[0]) };
        const existing = await client.query(
          "SELECT * FROM issuances WHERE operator_id = $1 AND idempotency_key = $2",
          [issuance.operatorId, issuance.idempotencyKey],
        );
        return { created: false, issuance: issuanceFromRow(existing.rows[0]) };
      });
    } catch (error) {
      if ((error as { code?: unknown }).code === "23505") throw credentialIdConflict(issuance.credentialId);
      throw error;
    }
  }

  async getIssuance(operatorId: string, idempotencyKey: string): Promise<IssuanceRecord | undefined> {
    const { rows } = await this.#query(
      "SELECT * FROM issuances WHERE operator_id = $1 AND idempotency_key = $2",
      [operatorId, idempotencyKey],
    );
    return rows.length === 0 ? undefined : issuanceFromRow(rows[0]!);
  }

  async recordAllocationTransaction(
    operatorId: string,
    idempotencyKey: string,
    transaction: RecordedTransaction,
    replaces: string | undefined,
    at: string,
  ): Promise<void> {
    await this.#transaction(async (client) => {
      const result = await client.query(
        `UPDATE issuances SET state = 'allocating', allocation_tx_hash = $1, allocation_tx_raw = $2,
           allocation_tx_nonce = $3, allocation_tx_from = $4, updated_at = $5
         WHERE operator_id = $6 AND idempotency_key = $7 AND state IN ('intent', 'allocating')
           AND allocation_tx_hash IS NOT DISTINCT FROM $8`,
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
      if (result.rowCount !== 1) throw stateConflict(operatorId, idempotencyKey, "allocating");
    });
  }

  async recordAllocation(
    operatorId: string,
    idempotencyKey: string,
    allocation: { statusIndex: string; blockNumber: number },
    at: string,
  ): Promise<void> {
    await this.#transaction(async (client) => {
      const result = await client.query(
        `UPDATE issuances SET state = 'allocated', status_index = $1, allocation_block = $2, updated_at = $3
         WHERE operator_id = $4 AND idempotency_key = $5 AND state = 'allocating'`,
        [allocation.statusIndex, allocation.blockNumber, at, operatorId, idempotencyKey],
      );
      if (result.rowCount !== 1) throw stateConflict(operatorId, idempotencyKey, "allocated");
    });
  }

  async completeIssuance(
    operatorId: string,
    idempotencyKey: string,
    credential: CredentialRecord,
    response: Record<string, unknown>,
  ): Promise<void> {
    await this.#transaction(async (client) => {
      const result = await client.query(
        `UPDATE issuances SET state = 'issued', response_json = $1, updated_at = $2
         WHERE operator_id = $3 AND idempotency_key = $4 AND state = 'allocated'`,
        [JSON.stringify(response), credential.issuedAt, operatorId, idempotencyKey],
      );
      if (result.rowCount !== 1) throw stateConflict(operatorId, idempotencyKey, "issued");
      await client.query(
        `INSERT INTO credentials (${CREDENTIAL_COLUMNS.join(", ")})
         VALUES (${CREDENTIAL_COLUMNS.map((_, i) => `$${i + 1}`).join(", ")})`,
        credentialValues(credential),
      );
      await insertChange(client, credential.id, {
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

  async getCredential(id: string): Promise<CredentialRecord | undefined> {
    const { rows } = await this.#query("SELECT * FROM credentials WHERE id = $1", [id]);
    return rows.length === 0 ? undefined : credentialFromRow(rows[0]!);
  }

  async listCredentials(query: CredentialQuery): Promise<CredentialPage> {
    const { sql, values } = listQuery(query, (n) => `$${n}`);
    const { rows } = await this.#query(sql, values);
    const items = rows.slice(0, query.limit).map(credentialFromRow);
    const last = rows.length > query.limit ? rows[query.limit - 1] : undefined;
    return { items, nextCursor: last === undefined ? undefined : encodeCursor(Number(last.seq)) };
  }

  async updateStatus(update: StatusUpdate): Promise<CredentialRecord> {
    return this.#transaction(async (client) => {
      const { rows } = await client.query(
        "UPDATE credentials SET status = $1, status_reason = $2, status_updated_at = $3 WHERE id = $4 RETURNING *",
        [update.change.status, update.change.reason ?? null, update.change.at, update.credentialId],
      );
      if (rows.length !== 1)
        throw new IssuerError("NOT_FOUND", `no credential ${update.credentialId} was issued here`);
      await insertChange(client, update.credentialId, update.change);
      return credentialFromRow(rows[0]);
    });
  }

  async statusHistory(credentialId: string): Promise<StatusChangeRecord[]> {
    const { rows } = await this.#query("SELECT * FROM status_changes WHERE credential_id = $1 ORDER BY seq", [
      credentialId,
    ]);
    return rows.map(statusChangeFromRow);
  }

  async close(): Promise<void> {
    await this.#pool.end();
  }
}

const UNREACHABLE = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ENOTFOUND",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "EPIPE",
]);

/** Rethrows `error`, as STORAGE_UNAVAILABLE (503) when it says the database cannot be reached. */
function storageError(error: unknown): never {
  const code = (error as { code?: unknown })?.code;
  const message = String((error as { message?: unknown })?.message ?? "");
  if (
    (typeof code === "string" && (/^(?:08|57P0)/.test(code) || UNREACHABLE.has(code))) ||
    /timeout exceeded when trying to connect|Connection terminated/i.test(message)
  ) {
    throw new IssuerError("STORAGE_UNAVAILABLE", "the database cannot be reached; retry later", {
      cause: error,
    });
  }
  throw error;
}

async function insertChange(client: Client, credentialId: string, change: StatusChangeRecord): Promise<void> {
  await client.query(
    `INSERT INTO status_changes (credential_id, action, status, reason, tx_hash, block_number, operator_id, at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
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
