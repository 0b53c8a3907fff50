// SQL shared by the SQLite and PostgreSQL repositories: the schema, the row mappers, the listing query.

import { IssuerError } from "../errors.js";
import type {
  CredentialQuery,
  CredentialRecord,
  IssuanceRecord,
  IssuanceState,
  StatusChangeRecord,
} from "./repository.js";
import { decodeCursor } from "./repository.js";

export type Dialect = "sqlite" | "postgres";

/** The schema version this code writes; recorded in `schema_version`. */
export const SCHEMA_VERSION = 1;

/** The DDL of the schema, one statement per entry; every statement may run again (IF NOT EXISTS). */
export function schemaStatements(dialect: Dialect): string[] {
  const serial =
    dialect === "sqlite"
      ? "INTEGER PRIMARY KEY AUTOINCREMENT"
      : "BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY";
  return [
    `CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)`,
    `CREATE TABLE IF NOT EXISTS issuances (
      operator_id TEXT NOT NULL,
      idempotency_key TEXT NOT NULL,
      request_hash TEXT NOT NULL,
      state TEXT NOT NULL CHECK (state IN ('intent', 'allocating', 'allocated', 'issued')),
      credential_id TEXT NOT NULL UNIQUE,
      credential_type TEXT NOT NULL,
      issuer_did TEXT NOT NULL,
      issuer_address TEXT NOT NULL,
      subject_did TEXT NOT NULL,
      draft_json TEXT NOT NULL,
      allocation_tx_hash TEXT UNIQUE,
      allocation_tx_raw TEXT,
      allocation_tx_nonce BIGINT,
      allocation_tx_from TEXT,
      status_index TEXT,
      allocation_block BIGINT,
      response_json TEXT,
      created_at TEXT NOT NULL,
      updated_at TEXT NOT NULL,
      PRIMARY KEY (operator_id, idempotency_key)
    )`,
    `CREATE TABLE IF NOT EXISTS credentials (
      seq ${serial},
      id TEXT NOT NULL UNIQUE,
      type TEXT NOT NULL,
      issuer_did TEXT NOT NULL,
      issuer_key TEXT NOT NULL,
      issuer_address TEXT NOT NULL,
      subject_did TEXT NOT NULL,
      subject_key TEXT NOT NULL,
      operator_id TEXT NOT NULL,
      status TEXT NOT NULL CHECK (status IN ('active', 'suspended', 'revoked')),
      status_reason INTEGER,
      status_index TEXT NOT NULL,
      status_registry TEXT NOT NULL,
      allocation_tx_hash TEXT NOT NULL,
      allocation_block BIGINT NOT NULL,
      jwt TEXT NOT NULL,
      credential_json TEXT NOT NULL,
      proof_json TEXT,
      issued_at TEXT NOT NULL,
      expires_at TEXT,
      status_updated_at TEXT NOT NULL,
      UNIQUE (status_registry, issuer_address, status_index)
    )`,
    `CREATE INDEX IF NOT EXISTS credentials_by_type ON credentials (type, seq)`,
    `CREATE INDEX IF NOT EXISTS credentials_by_subject ON credentials (subject_key, seq)`,
    `CREATE INDEX IF NOT EXISTS credentials_by_issuer ON credentials (issuer_key, seq)`,
    `CREATE INDEX IF NOT EXISTS credentials_by_status ON credentials (status, seq)`,
    `CREATE TABLE IF NOT EXISTS status_changes (
      seq ${serial},
      credential_id TEXT NOT NULL REFERENCES credentials (id),
      action TEXT NOT NULL,
      status TEXT NOT NULL,
      reason INTEGER,
      tx_hash TEXT,
      block_number BIGINT,
      operator_id TEXT,
      at TEXT NOT NULL
    )`,
    `CREATE INDEX IF NOT EXISTS status_changes_by_credential ON status_changes (credential_id, seq)`,
  ];
}

type Row = Record<string, unknown>;

function text(row: Row, column: string): string {
  const value = row[column];
  if (typeof value !== "string") throw new Error(`column ${column} is not text`);
  return value;
}

function optionalText(row: Row, column: string): string | undefined {
  const value = row[column];
  return value === null || value === undefined ? undefined : String(value);
}

function optionalInt(row: Row, column: string): number | undefined {
  const value = row[column];
  return value === null || value === undefined ? undefined : Number(value);
}

function json(value: string | undefined): Record<string, unknown> | undefined {
  return value === undefined ? undefined : (JSON.parse(value) as Record<string, unknown>);
}

export function issuanceFromRow(row: Row): IssuanceRecord {
  const hash = optionalText(row, "allocation_tx_hash");
  return {
    operatorId: text(row, "operator_id"),
    idempotencyKey: text(row, "idempotency_key"),
    requestHash: text(row, "request_hash"),
    state: text(row, "state") as IssuanceState,
    credentialId: text(row, "credential_id"),
    credentialType: text(row, "credential_type"),
    issuerDid: text(row, "issuer_did"),
    issuerAddress: text(row, "issuer_address"),
    subjectDid: text(row, "subject_did"),
    draft: json(text(row, "draft_json"))!,
    allocationTransaction:
      hash === undefined
        ? undefined
        : {
            hash,
            raw: text(row, "allocation_tx_raw"),
            nonce: optionalInt(row, "allocation_tx_nonce")!,
            from: text(row, "allocation_tx_from"),
          },
    statusIndex: optionalText(row, "status_index"),
    allocationBlock: optionalInt(row, "allocation_block"),
    response: json(optionalText(row, "response_json")),
    createdAt: text(row, "created_at"),
    updatedAt: text(row, "updated_at"),
  };
}

export function credentialFromRow(row: Row): CredentialRecord {
  return {
    id: text(row, "id"),
    type: text(row, "type"),
    issuerDid: text(row, "issuer_did"),
    issuerAddress: text(row, "issuer_address"),
    subjectDid: text(row, "subject_did"),
    operatorId: text(row, "operator_id"),
    status: text(row, "status") as CredentialRecord["status"],
    statusReason: optionalInt(row, "status_reason"),
    statusIndex: text(row, "status_index"),
    statusRegistry: text(row, "status_registry"),
    allocationTransactionHash: text(row, "allocation_tx_hash"),
    allocationBlock: optionalInt(row, "allocation_block")!,
    jwt: text(row, "jwt"),
    credential: json(text(row, "credential_json"))!,
    proof: json(optionalText(row, "proof_json")),
    issuedAt: text(row, "issued_at"),
    expiresAt: optionalText(row, "expires_at"),
    statusUpdatedAt: text(row, "status_updated_at"),
  };
}

export function statusChangeFromRow(row: Row): StatusChangeRecord {
  return {
    action: text(row, "action") as StatusChangeRecord["action"],
    status: text(row, "status") as StatusChangeRecord["status"],
    reason: optionalInt(row, "reason"),
    transactionHash: optionalText(row, "tx_hash"),
    blockNumber: optionalInt(row, "block_number"),
    operatorId: optionalText(row, "operator_id"),
    at: text(row, "at"),
  };
}

/** The values of a credential row, in `CREDENTIAL_COLUMNS` order. */
export const CREDENTIAL_COLUMNS = [
  "id",
  "type",
  "issuer_did",
  "issuer_key",
  "issuer_address",
  "subject_did",
  "subject_key",
  "operator_id",
  "status",
  "status_reason",
  "status_index",
  "status_registry",
  "allocation_tx_hash",
  "allocation_block",
  "jwt",
  "credential_json",
  "proof_json",
  "issued_at",
  "expires_at",
  "status_updated_at",
] as const;

export function credentialValues(record: CredentialRecord): (string | number | null)[] {
  return [
    record.id,
    record.type,
    record.issuerDid,
    record.issuerDid.toLowerCase(),
    record.issuerAddress,
    record.subjectDid,
    record.subjectDid.toLowerCase(),
    record.operatorId,
    record.status,
    record.statusReason ?? null,
    record.statusIndex,
    record.statusRegistry,
    record.allocationTransactionHash,
    record.allocationBlock,
    record.jwt,
    JSON.stringify(record.credential),
    record.proof === undefined ? null : JSON.stringify(record.proof),
    record.issuedAt,
    record.expiresAt ?? null,
    record.statusUpdatedAt,
  ];
}

/**
 * The listing query for `query` with placeholders made by `placeholder(n)` (1-based): newest first, one row
 * more than the limit (to know whether a next page exists).
 */
export function listQuery(
  query: CredentialQuery,
  placeholder: (n: number) => string,
): { sql: string; values: (string | number)[] } {
  const where: string[] = [];
  const values: (string | number)[] = [];
  const add = (value: string | number) => {
    values.push(value);
    return placeholder(values.length);
  };
  if (query.issuerIn.length === 0 || query.typeIn.length === 0) where.push("1 = 0");
  else {
    where.push(`issuer_key IN (${query.issuerIn.map((did) => add(did.toLowerCase())).join(", ")})`);
    where.push(`type IN (${query.typeIn.map((type) => add(type)).join(", ")})`);
  }
  if (query.type !== undefined) where.push(`type = ${add(query.type)}`);
  if (query.subject !== undefined) where.push(`subject_key = ${add(query.subject.toLowerCase())}`);
  if (query.status !== undefined) where.push(`status = ${add(query.status)}`);
  if (query.issuer !== undefined) where.push(`issuer_key = ${add(query.issuer.toLowerCase())}`);
  if (query.cursor !== undefined) {
    const seq = decodeCursor(query.cursor);
    if (seq === undefined)
      throw new IssuerError("BAD_REQUEST", "the cursor is not one this service gave out");
    where.push(`seq < ${add(seq)}`);
  }
  const limit = add(query.limit + 1);
  return {
    sql: `SELECT * FROM credentials WHERE ${where.join(" AND ")} ORDER BY seq DESC LIMIT ${limit}`,
    values,
  };
}
