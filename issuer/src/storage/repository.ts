/**
 * The issuer's off-chain records, behind one small interface with a SQLite and a PostgreSQL implementation.
 * Every write is one database transaction. Two kinds of rows:
 *
 * - issuances: one per (operator, idempotency key), the crash-safe progress of an issuance through
 *   `intent` -> `allocating` (allocation transaction signed and recorded, maybe sent) -> `allocated` (status
 *   index read from the mined event) -> `issued` (credential signed and stored, response kept for replays);
 * - credentials: the issued credentials with their current status, and their status history.
 */

/** How far an issuance got. */
export type IssuanceState = "intent" | "allocating" | "allocated" | "issued";

/** A credential's status as the service last wrote or read it. */
export type CredentialStatusName = "active" | "suspended" | "revoked";

/** The allocation transaction of an issuance, recorded before it is broadcast. */
export interface RecordedTransaction {
  readonly hash: string;
  readonly raw: string;
  readonly nonce: number;
  readonly from: string;
}

export interface NewIssuance {
  readonly operatorId: string;
  readonly idempotencyKey: string;
  readonly requestHash: string;
  readonly credentialId: string;
  readonly credentialType: string;
  readonly issuerDid: string;
  readonly issuerAddress: string;
  readonly subjectDid: string;
  /** The unsigned credential without `credentialStatus`, as JSON-compatible data. */
  readonly draft: Record<string, unknown>;
  /** ISO time the intent is recorded. */
  readonly createdAt: string;
}

export interface IssuanceRecord extends NewIssuance {
  readonly state: IssuanceState;
  readonly allocationTransaction: RecordedTransaction | undefined;
  /** Decimal uint256, once allocated. */
  readonly statusIndex: string | undefined;
  readonly allocationBlock: number | undefined;
  /** The response given, once issued (replayed for a retry with the same key and body). */
  readonly response: Record<string, unknown> | undefined;
  readonly updatedAt: string;
}

export interface StatusChangeRecord {
  readonly action: "issue" | "revoke" | "suspend" | "reinstate" | "sync";
  readonly status: CredentialStatusName;
  readonly reason: number | undefined;
  readonly transactionHash: string | undefined;
  readonly blockNumber: number | undefined;
  readonly operatorId: string | undefined;
  readonly at: string;
}

export interface CredentialRecord {
  readonly id: string;
  readonly type: string;
  readonly issuerDid: string;
  readonly issuerAddress: string;
  readonly subjectDid: string;
  readonly operatorId: string;
  readonly status: CredentialStatusName;
  readonly statusReason: number | undefined;
  readonly statusIndex: string;
  readonly statusRegistry: string;
  readonly allocationTransactionHash: string;
  readonly allocationBlock: number;
  /** The VC-JWT. */
  readonly jwt: string;
  /** The decoded credential (W3C JSON). */
  readonly credential: Record<string, unknown>;
  /** The EIP-712 on-chain proof, for types that have one. */
  readonly proof: Record<string, unknown> | undefined;
  readonly issuedAt: string;
  readonly expiresAt: string | undefined;
  readonly statusUpdatedAt: string;
}

export interface CredentialQuery {
  readonly type?: string | undefined;
  /** Subject DID, compared case-insensitively. */
  readonly subject?: string | undefined;
  readonly status?: CredentialStatusName | undefined;
  /** Issuer DID, compared case-insensitively. */
  readonly issuer?: string | undefined;
  /** Only credentials of these issuers (the caller's scope); compared case-insensitively. */
  readonly issuerIn: readonly string[];
  /** Only credentials of these types (the caller's scope). */
  readonly typeIn: readonly string[];
  /** 1..100. */
  readonly limit: number;
  /** From a previous page's `nextCursor`. */
  readonly cursor?: string | undefined;
}

export interface CredentialPage {
  /** Newest first. */
  readonly items: readonly CredentialRecord[];
  /** Pass as `cursor` for the next page; undefined on the last page. */
  readonly nextCursor: string | undefined;
}

export type CreateIssuanceResult =
  | { readonly created: true; readonly issuance: IssuanceRecord }
  | { readonly created: false; readonly issuance: IssuanceRecord };

export interface StatusUpdate {
  readonly credentialId: string;
  readonly change: StatusChangeRecord;
}

/** The storage the issuer needs. Implementations: `SqliteRepository`, `PostgresRepository`. */
export interface IssuerRepository {
  /**
   * Records a new issuance intent, or returns the one already recorded under (operator, key) without change.
   * Throws `CREDENTIAL_ID_CONFLICT` when another issuance or credential has the same credential id.
   */
  createIssuance(issuance: NewIssuance): Promise<CreateIssuanceResult>;
  getIssuance(operatorId: string, idempotencyKey: string): Promise<IssuanceRecord | undefined>;
  /**
   * Records the signed allocation transaction (state `allocating`), before it is broadcast. `replaces` is the
   * hash of the recorded transaction it replaces (one that can never be mined), undefined for the first: the
   * write happens only if that is still the recorded one, so that two processes resuming the same issuance
   * never both send an allocation (the loser gets ISSUANCE_IN_PROGRESS).
   */
  recordAllocationTransaction(
    operatorId: string,
    idempotencyKey: string,
    transaction: RecordedTransaction,
    replaces: string | undefined,
    at: string,
  ): Promise<void>;
  /** Records the allocated status index read from the mined event (state `allocated`). */
  recordAllocation(
    operatorId: string,
    idempotencyKey: string,
    allocation: { statusIndex: string; blockNumber: number },
    at: string,
  ): Promise<void>;
  /** Stores the credential and its first history entry and marks the issuance `issued`, in one transaction. */
  completeIssuance(
    operatorId: string,
    idempotencyKey: string,
    credential: CredentialRecord,
    response: Record<string, unknown>,
  ): Promise<void>;
  getCredential(id: string): Promise<CredentialRecord | undefined>;
  listCredentials(query: CredentialQuery): Promise<CredentialPage>;
  /** Sets a credential's status and appends the change to its history, in one transaction. */
  updateStatus(update: StatusUpdate): Promise<CredentialRecord>;
  statusHistory(credentialId: string): Promise<StatusChangeRecord[]>;
  close(): Promise<void>;
}

/** The cursor of listing position `seq` (opaque to clients). */
export function encodeCursor(seq: number): string {
  return Buffer.from(`c1:${seq}`, "utf8").toString("base64url");
}

/** The listing position a cursor stands for; undefined for anything `encodeCursor` did not make. */
export function decodeCursor(cursor: string): number | undefined {
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(cursor)) return undefined;
  const match = /^c1:([1-9][0-9]{0,15})$/.exec(Buffer.from(cursor, "base64url").toString("utf8"));
  return match === null ? undefined : Number(match[1]);
}
