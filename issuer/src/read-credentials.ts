import { type Operator, operatorMay } from "./api-keys.js";
import type { IssuerContext } from "./context.js";
import { IssuerError } from "./errors.js";
import { liveStatusViews } from "./live-status.js";
import type { CheckedStatusView } from "./status-entry.js";
import type { CredentialRecord, CredentialStatusName, StatusChangeRecord } from "./storage/repository.js";

/**
 * A stored credential as the service shows it (`GET /credentials/:id`, items of `GET /credentials`): the
 * record, with its status read on chain (the record's when the chain cannot be read; see `liveStatusViews`).
 */
export interface CredentialView {
  readonly id: string;
  readonly type: string;
  readonly issuer: string;
  readonly subject: string;
  readonly issuedAt: string;
  readonly expiresAt?: string;
  readonly status: CheckedStatusView;
  readonly verifiableCredential: string;
  readonly credential: Record<string, unknown>;
  readonly proof?: Record<string, unknown>;
  /** Only in `getCredential`: every status change, oldest first. */
  readonly statusHistory?: readonly StatusChangeRecord[];
}

function credentialView(record: CredentialRecord, status: CheckedStatusView): CredentialView {
  return {
    id: record.id,
    type: record.type,
    issuer: record.issuerDid,
    subject: record.subjectDid,
    issuedAt: record.issuedAt,
    ...(record.expiresAt === undefined ? {} : { expiresAt: record.expiresAt }),
    status,
    verifiableCredential: record.jwt,
    credential: record.credential,
    ...(record.proof === undefined ? {} : { proof: record.proof }),
  };
}

/**
 * The credential `id` with its status history, if it was issued here and `operator` may see it (its issuer and
 * type are in the operator's scope); 404 otherwise, so that the scope does not reveal other issuers' records.
 * Its status is read on chain; the record is not changed when the chain disagrees (`changeCredentialStatus`
 * is the write path).
 */
export async function getCredential(
  context: IssuerContext,
  parameters: { operator: Operator; id: string },
): Promise<CredentialView> {
  const record = await context.repository.getCredential(parameters.id);
  if (record === undefined || !operatorMay(parameters.operator, record.issuerDid, record.type)) {
    throw new IssuerError("NOT_FOUND", `no credential ${parameters.id} was issued here`);
  }
  const [statusHistory, [status]] = await Promise.all([
    context.repository.statusHistory(record.id),
    liveStatusViews(context, [record]),
  ]);
  return { ...credentialView(record, status!), statusHistory };
}

export interface ListCredentialsParameters {
  readonly operator: Operator;
  readonly type?: string | undefined;
  readonly subject?: string | undefined;
  /** Filters on the recorded status (the item's `status.recordedStatus`), not on the chain's. */
  readonly status?: CredentialStatusName | undefined;
  readonly issuer?: string | undefined;
  /** 1..100, default 20. */
  readonly limit?: number | undefined;
  readonly cursor?: string | undefined;
}

export interface ListCredentialsReturnType {
  readonly items: readonly CredentialView[];
  readonly nextCursor?: string;
}

/**
 * Credentials in the operator's scope matching the filters (on the record), newest first, a page at a time;
 * each item's status read on chain, the whole page at one block (reads in parallel, bounded).
 */
export async function listCredentials(
  context: IssuerContext,
  parameters: ListCredentialsParameters,
): Promise<ListCredentialsReturnType> {
  const limit = parameters.limit ?? 20;
  if (!Number.isInteger(limit) || limit < 1 || limit > 100) {
    throw new IssuerError("BAD_REQUEST", "limit must be an integer from 1 to 100");
  }
  const page = await context.repository.listCredentials({
    type: parameters.type,
    subject: parameters.subject,
    status: parameters.status,
    issuer: parameters.issuer,
    issuerIn: parameters.operator.issuers,
    typeIn: parameters.operator.types,
    limit,
    cursor: parameters.cursor,
  });
  const statuses = await liveStatusViews(context, page.items);
  return {
    items: page.items.map((record, i) => credentialView(record, statuses[i]!)),
    ...(page.nextCursor === undefined ? {} : { nextCursor: page.nextCursor }),
  };
}
