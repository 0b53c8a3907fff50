import { type Operator, operatorMay } from "./api-keys.js";
import { statusViewOf } from "./change-status.js";
import type { IssuerContext } from "./context.js";
import { IssuerError } from "./errors.js";
import type { StatusView } from "./status-entry.js";
import type { CredentialRecord, CredentialStatusName, StatusChangeRecord } from "./storage/repository.js";

/** A stored credential as the service shows it (`GET /credentials/:id`, items of `GET /credentials`). */
export interface CredentialView {
  readonly id: string;
  readonly type: string;
  readonly issuer: string;
  readonly subject: string;
  readonly issuedAt: string;
  readonly expiresAt?: string;
  readonly status: StatusView;
  readonly verifiableCredential: string;
  readonly credential: Record<string, unknown>;
  readonly proof?: Record<string, unknown>;
  /** Only in `getCredential`: every status change, oldest first. */
  readonly statusHistory?: readonly StatusChangeRecord[];
}

export function credentialView(
  context: Pick<IssuerContext, "chainId">,
  record: CredentialRecord,
): CredentialView {
  return {
    id: record.id,
    type: record.type,
    issuer: record.issuerDid,
    subject: record.subjectDid,
    issuedAt: record.issuedAt,
    ...(record.expiresAt === undefined ? {} : { expiresAt: record.expiresAt }),
    status: statusViewOf(context, record),
    verifiableCredential: record.jwt,
    credential: record.credential,
    ...(record.proof === undefined ? {} : { proof: record.proof }),
  };
}

/**
 * The credential `id` with its status history, if it was issued here and `operator` may see it (its issuer and
 * type are in the operator's scope); 404 otherwise, so that the scope does not reveal other issuers' records.
 */
export async function getCredential(
  context: IssuerContext,
  parameters: { operator: Operator; id: string },
): Promise<CredentialView> {
  const record = await context.repository.getCredential(parameters.id);
  if (record === undefined || !operatorMay(parameters.operator, record.issuerDid, record.type)) {
    throw new IssuerError("NOT_FOUND", `no credential ${parameters.id} was issued here`);
  }
  const statusHistory = await context.repository.statusHistory(record.id);
  return { ...credentialView(context, record), statusHistory };
}

export interface ListCredentialsParameters {
  readonly operator: Operator;
  readonly type?: string | undefined;
  readonly subject?: string | undefined;
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

/** Credentials in the operator's scope matching the filters, newest first, a page at a time. */
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
  return {
    items: page.items.map((record) => credentialView(context, record)),
    ...(page.nextCursor === undefined ? {} : { nextCursor: page.nextCursor }),
  };
}
