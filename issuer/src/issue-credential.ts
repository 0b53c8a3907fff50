import { credentialIdHash } from "@permitchain/contracts";
import {
  CREDENTIAL_SCHEMA_REFERENCES,
  CREDENTIAL_TYPES,
  type CredentialType,
  type DischargePermitSubject,
  type ValidationIssue,
  VC_V1_CONTEXT,
  VERIFIABLE_CREDENTIAL_TYPE,
  validateCredential,
} from "@permitchain/schemas";
import { type Operator, operatorMay } from "./api-keys.js";
import { requestHash } from "./canonical-json.js";
import type { IssuerContext } from "./context.js";
import {
  type CredentialProofView,
  type PermitProofClaims,
  permitProofClaims,
  signPermitProof,
} from "./credential-proof.js";
import { didAddress } from "./did.js";
import { CredentialInvalidError, IssuerError } from "./errors.js";
import type { FaultPoint } from "./faults.js";
import type { IssuerIdentity } from "./keys.js";
import { signCredential } from "./sign-credential.js";
import { type StatusView, statusEntry } from "./status-entry.js";
import type { SignedTransaction } from "./status-registry.js";
import type { CredentialRecord, IssuanceRecord } from "./storage/repository.js";
import { isoSeconds } from "./time.js";

/** The credential of an issue request: what the operator provides; the issuer adds the rest. */
export interface IssueCredentialInput {
  readonly "@context"?: readonly unknown[];
  readonly id?: string;
  readonly type: string | readonly string[];
  /** The issuer DID, or `{ id, name? }`; default the operator's only issuer for the type. */
  readonly issuer?: string | { readonly id: string; readonly name?: string };
  readonly expirationDate?: string;
  readonly credentialSubject: Record<string, unknown>;
  readonly evidence?: unknown;
  readonly termsOfUse?: unknown;
  readonly refreshService?: unknown;
}

export interface IssueCredentialParameters {
  readonly operator: Operator;
  readonly credential: IssueCredentialInput;
  /** Same key and same request: the same answer, and at most one credential and one status index. */
  readonly idempotencyKey?: string | undefined;
  /** The request's other options (hashed with the credential to detect a reused key). */
  readonly options?: Readonly<Record<string, unknown>> | undefined;
}

/** The answer to an issue request (what `POST /credentials/issue` returns with 201). */
export interface IssueCredentialResponse {
  readonly id: string;
  readonly verifiableCredential: string;
  readonly credential: Record<string, unknown>;
  readonly status: StatusView;
  readonly proof?: CredentialProofView;
}

export interface IssueCredentialReturnType {
  readonly response: IssueCredentialResponse;
  /** True when the answer is the one recorded for an earlier request with the same key. */
  readonly replayed: boolean;
}

/**
 * Issues a credential, crash-safely:
 * 1. authorise the operator for the issuer and type, build the unsigned credential, validate it (schema and
 *    semantics, with a placeholder status entry) and check that the issuer is trusted on chain, all before
 *    anything is recorded or allocated;
 * 2. record the intent (idempotency key, request hash, the unsigned credential with its id and issuance date);
 * 3. sign `allocate(issuer, 1)` (tagged with the credential id's hash, so that no two issuances ever share a
 *    transaction), record the transaction, broadcast it, wait until it is mined and read the
 *    index from its `StatusIndicesAllocated` event (never predicted); record the index;
 * 4. sign the VC-JWT (and, for permits, the EIP-712 proof) with that index, store credential and answer in one
 *    transaction; answer.
 * A retry with the same key resumes from the recorded step: a recorded transaction is looked up by hash
 * (broadcast again if the node never got it, signed anew only if another transaction took its nonce), so no
 * issuance allocates twice and no credential is handed out without its status entry.
 */
export async function issueCredential(
  context: IssuerContext,
  parameters: IssueCredentialParameters,
): Promise<IssueCredentialReturnType> {
  const { operator } = parameters;
  const input = parameters.credential;
  const type = credentialTypeOf(input.type);
  const issuerDid = issuerOf(input, operator, type);
  if (!operatorMay(operator, issuerDid, type)) {
    throw new IssuerError("FORBIDDEN", `this API key may not issue ${type} as ${issuerDid}`);
  }
  const identity = context.issuers.get(issuerDid);
  if (identity === undefined)
    throw new IssuerError("FORBIDDEN", `this service holds no key for ${issuerDid}`);

  const idempotencyKey = parameters.idempotencyKey ?? `auto:${crypto.randomUUID()}`;
  const { idempotencyKey: _ignored, ...options } = parameters.options ?? {};
  const hash = requestHash({ credential: input, options });
  const flightKey = `${operator.id}\u0000${idempotencyKey}`;
  if (context.inFlight.has(flightKey)) {
    throw new IssuerError("ISSUANCE_IN_PROGRESS", "an issuance with this idempotency key is still running");
  }
  context.inFlight.add(flightKey);
  try {
    let issuance = await context.repository.getIssuance(operator.id, idempotencyKey);
    if (issuance !== undefined) {
      const replay = settled(issuance, hash);
      if (replay !== undefined) return replay;
    }
    const prepared = prepare(
      context,
      identity,
      type,
      issuance?.draft ?? draftOf(context, identity, type, input),
    );
    await checkTrust(context, identity, type, prepared.subjectAddress);
    if (issuance === undefined) {
      const recorded = await context.repository.createIssuance({
        operatorId: operator.id,
        idempotencyKey,
        requestHash: hash,
        credentialId: String(prepared.draft.id),
        credentialType: type,
        issuerDid: identity.did,
        issuerAddress: identity.address,
        subjectDid: prepared.subjectDid,
        draft: prepared.draft,
        createdAt: context.now().toISOString(),
      });
      issuance = recorded.issuance;
      if (!recorded.created) {
        const replay = settled(issuance, hash);
        if (replay !== undefined) return replay;
      }
      await fault(context, "intent-recorded", idempotencyKey);
    }
    return { response: await resume(context, identity, issuance, prepared), replayed: false };
  } finally {
    context.inFlight.delete(flightKey);
  }
}

/** 409 for a key reused with another request; the recorded answer of a finished issuance; else undefined. */
function settled(issuance: IssuanceRecord, hash: string): IssueCredentialReturnType | undefined {
  if (issuance.requestHash !== hash) {
    throw new IssuerError(
      "IDEMPOTENCY_CONFLICT",
      "this idempotency key was used for a different request; use a new key for a new request",
    );
  }
  if (issuance.state === "issued" && issuance.response !== undefined) {
    return { response: issuance.response as unknown as IssueCredentialResponse, replayed: true };
  }
  return undefined;
}

function credentialTypeOf(types: string | readonly string[]): CredentialType {
  const list = typeof types === "string" ? [types] : types;
  const known = CREDENTIAL_TYPES.filter((type) => list.includes(type));
  if (known.length !== 1) {
    throw new IssuerError(
      "UNKNOWN_CREDENTIAL_TYPE",
      `type must include exactly one of ${CREDENTIAL_TYPES.join(", ")}`,
      { details: { type: list } },
    );
  }
  return known[0]!;
}

function issuerOf(input: IssueCredentialInput, operator: Operator, type: CredentialType): string {
  if (typeof input.issuer === "string") return input.issuer;
  if (input.issuer !== undefined) return input.issuer.id;
  const candidates = operator.types.includes(type) ? operator.issuers : [];
  if (candidates.length === 1) return candidates[0]!;
  throw new IssuerError(
    "BAD_REQUEST",
    "credential.issuer is required: this API key may issue as several issuers",
  );
}

/** The unsigned credential, without `credentialStatus`: what the intent records. */
function draftOf(
  context: IssuerContext,
  identity: IssuerIdentity,
  type: CredentialType,
  input: IssueCredentialInput,
): Record<string, unknown> {
  const extraContexts = (input["@context"] ?? []).filter((entry) => entry !== VC_V1_CONTEXT);
  const extraTypes = (typeof input.type === "string" ? [input.type] : input.type).filter(
    (entry) => entry !== VERIFIABLE_CREDENTIAL_TYPE && entry !== type,
  );
  const name = typeof input.issuer === "object" ? (input.issuer.name ?? identity.name) : identity.name;
  let expirationDate = input.expirationDate;
  if (expirationDate === undefined && type === "DischargePermitCredential") {
    // a permit's credential ends with the permit (the JWT's exp), unless the request says otherwise
    const validity = (input.credentialSubject as { validity?: { validUntil?: unknown } }).validity;
    if (typeof validity?.validUntil === "string") expirationDate = validity.validUntil;
  }
  const draft: Record<string, unknown> = {
    "@context": [VC_V1_CONTEXT, ...extraContexts],
    id: input.id ?? context.newCredentialId(),
    type: [VERIFIABLE_CREDENTIAL_TYPE, type, ...extraTypes],
    issuer: name === undefined ? identity.did : { id: identity.did, name },
    issuanceDate: isoSeconds(context.now()),
    expirationDate,
    credentialSubject: input.credentialSubject,
    credentialSchema: { ...CREDENTIAL_SCHEMA_REFERENCES[type] },
    evidence: input.evidence,
    termsOfUse: input.termsOfUse,
    refreshService: input.refreshService,
  };
  for (const key of Object.keys(draft)) if (draft[key] === undefined) delete draft[key];
  return draft;
}

interface Prepared {
  readonly draft: Record<string, unknown>;
  readonly subjectDid: string;
  readonly subjectAddress: string;
  readonly permitClaims: PermitProofClaims | undefined;
}

/** Validates the draft with a placeholder status entry; 422 with every issue found. */
function prepare(
  context: IssuerContext,
  identity: IssuerIdentity,
  type: CredentialType,
  draft: Record<string, unknown>,
): Prepared {
  const placeholder = statusEntry(context.chainId, context.statusRegistry.address, identity.address, "0");
  const result = validateCredential({ ...draft, credentialStatus: placeholder });
  if (!result.valid) throw new CredentialInvalidError(result.errors);
  const subjectDid = String((draft.credentialSubject as { id?: unknown }).id);
  const subject = didAddress(subjectDid, context.network);
  if (!subject.ok) {
    throw new CredentialInvalidError([
      { path: "/credentialSubject/id", keyword: "didNetwork", message: subject.message },
    ]);
  }
  let permitClaims: PermitProofClaims | undefined;
  if (type === "DischargePermitCredential" && context.proofDomain !== undefined) {
    try {
      permitClaims = permitProofClaims(
        draft.credentialSubject as unknown as DischargePermitSubject,
        draft.expirationDate as string | undefined,
      );
    } catch (error) {
      const issue: ValidationIssue = {
        path: "/credentialSubject/pollutants",
        keyword: "proofClaims",
        message: `the permit's caps cannot be put in its on-chain proof: ${(error as Error).message}`,
      };
      throw new CredentialInvalidError([issue]);
    }
  }
  return { draft, subjectDid, subjectAddress: subject.address, permitClaims };
}

/** 403 ISSUER_NOT_TRUSTED unless the trusted issuer registry lists the issuer for the type (and sector). */
async function checkTrust(
  context: IssuerContext,
  identity: IssuerIdentity,
  type: CredentialType,
  subjectAddress: string,
): Promise<void> {
  if (type === "AuditReportCredential") {
    const sector = await context.trust.sectorOf(subjectAddress);
    if (sector === undefined) {
      throw new IssuerError(
        "ISSUER_NOT_TRUSTED",
        `the audited firm ${subjectAddress} has no sector in the participant registry, so no auditor is trusted for it`,
      );
    }
    if (!(await context.trust.isTrustedForSector(identity.address, type, sector))) {
      throw new IssuerError(
        "ISSUER_NOT_TRUSTED",
        `${identity.did} is not trusted on chain to issue ${type} for the audited firm's sector`,
      );
    }
    return;
  }
  if (!(await context.trust.isTrusted(identity.address, type))) {
    throw new IssuerError("ISSUER_NOT_TRUSTED", `${identity.did} is not trusted on chain to issue ${type}`);
  }
}

async function fault(context: IssuerContext, point: FaultPoint, idempotencyKey: string): Promise<void> {
  if (context.faults !== undefined) await context.faults(point, { idempotencyKey });
}

/** Carries a recorded issuance from its state to `issued`. */
async function resume(
  context: IssuerContext,
  identity: IssuerIdentity,
  start: IssuanceRecord,
  prepared: Prepared,
): Promise<IssueCredentialResponse> {
  let issuance = start;
  if (issuance.state === "intent" || issuance.state === "allocating") {
    await allocate(context, identity, issuance);
    issuance = (await context.repository.getIssuance(issuance.operatorId, issuance.idempotencyKey))!;
  }
  if (issuance.state === "issued") return issuance.response as unknown as IssueCredentialResponse;
  return finish(context, identity, issuance, prepared);
}

/** Steps 3: from `intent` or `allocating` to `allocated`, never allocating twice. */
async function allocate(
  context: IssuerContext,
  identity: IssuerIdentity,
  issuance: IssuanceRecord,
): Promise<void> {
  const { operatorId, idempotencyKey } = issuance;
  const registry = context.statusRegistry;
  let transaction: SignedTransaction | undefined = issuance.allocationTransaction;
  let recordedHash = transaction?.hash;
  for (let attempt = 0; attempt < 3; attempt++) {
    if (transaction === undefined) {
      const sender = identity.statusKey;
      transaction = await context.sendLock.run(sender.address, async () => {
        const signed = await registry.signAllocation(
          sender,
          identity.address,
          credentialIdHash(issuance.credentialId),
        );
        await context.repository.recordAllocationTransaction(
          operatorId,
          idempotencyKey,
          signed,
          recordedHash,
          now(context),
        );
        recordedHash = signed.hash;
        await fault(context, "allocation-signed", idempotencyKey);
        await registry.broadcast(signed);
        return signed;
      });
      await fault(context, "allocation-sent", idempotencyKey);
    }
    let found = await registry.lookupAllocation(transaction, identity.address);
    if (found.state === "unsent") {
      // recorded before a crash, never broadcast: send the very same transaction
      await registry.broadcast(transaction);
      found = await registry.lookupAllocation(transaction, identity.address);
    }
    if (found.state === "pending" || found.state === "unsent") {
      found = await registry.waitForAllocation(transaction, identity.address, context.miningTimeoutMs);
    }
    if (found.state === "mined") {
      await fault(context, "allocation-mined", idempotencyKey);
      const statusIndex = found.allocation.first.toString();
      try {
        await context.repository.recordAllocation(
          operatorId,
          idempotencyKey,
          { statusIndex, blockNumber: found.allocation.blockNumber },
          now(context),
        );
      } catch (error) {
        // another process recorded the same allocation first: fine; anything else is not
        const current = await context.repository.getIssuance(operatorId, idempotencyKey);
        if (current?.statusIndex !== statusIndex) throw error;
      }
      await fault(context, "allocation-recorded", idempotencyKey);
      return;
    }
    // reverted or dropped: it allocated nothing and never will; sign a new one (recorded before it is sent)
    transaction = undefined;
  }
  throw new IssuerError("CHAIN_UNAVAILABLE", "the status allocation did not go through; retry later");
}

function now(context: IssuerContext): string {
  return context.now().toISOString();
}

/** Step 4: sign with the recorded index, store, answer. */
async function finish(
  context: IssuerContext,
  identity: IssuerIdentity,
  issuance: IssuanceRecord,
  prepared: Prepared,
): Promise<IssueCredentialResponse> {
  const statusIndex = issuance.statusIndex!;
  const entry = statusEntry(context.chainId, context.statusRegistry.address, identity.address, statusIndex);
  const unsigned = { ...issuance.draft, credentialStatus: entry };
  const { jwt, credential } = await signCredential(identity, unsigned);
  const decodedCheck = validateCredential(credential);
  if (!decodedCheck.valid) {
    throw new Error(
      `the signed credential no longer satisfies its schema: ${JSON.stringify(decodedCheck.errors)}`,
    );
  }
  let proof: CredentialProofView | undefined;
  if (prepared.permitClaims !== undefined && context.proofDomain !== undefined) {
    proof = await signPermitProof({
      issuer: identity,
      domain: context.proofDomain,
      credentialId: issuance.credentialId,
      subjectAddress: prepared.subjectAddress,
      statusIndex: BigInt(statusIndex),
      claims: prepared.permitClaims,
    });
  }
  await fault(context, "credential-signed", issuance.idempotencyKey);
  const issuedAt = now(context);
  const status: StatusView = {
    ...entry,
    status: "active",
    allocationTransaction: issuance.allocationTransaction!.hash,
    allocationBlock: issuance.allocationBlock!,
  };
  const response: IssueCredentialResponse = {
    id: issuance.credentialId,
    verifiableCredential: jwt,
    credential,
    status,
    ...(proof === undefined ? {} : { proof }),
  };
  const record: CredentialRecord = {
    id: issuance.credentialId,
    type: issuance.credentialType,
    issuerDid: issuance.issuerDid,
    issuerAddress: issuance.issuerAddress,
    subjectDid: issuance.subjectDid,
    operatorId: issuance.operatorId,
    status: "active",
    statusReason: undefined,
    statusIndex,
    statusRegistry: context.statusRegistry.address,
    allocationTransactionHash: issuance.allocationTransaction!.hash,
    allocationBlock: issuance.allocationBlock!,
    jwt,
    credential,
    proof: proof as unknown as Record<string, unknown> | undefined,
    issuedAt,
    expiresAt: typeof credential.expirationDate === "string" ? credential.expirationDate : undefined,
    statusUpdatedAt: issuedAt,
  };
  try {
    await context.repository.completeIssuance(
      issuance.operatorId,
      issuance.idempotencyKey,
      record,
      response as unknown as Record<string, unknown>,
    );
  } catch (error) {
    // another process finished the same issuance first: its stored answer is the answer
    const current = await context.repository.getIssuance(issuance.operatorId, issuance.idempotencyKey);
    if (current?.state === "issued" && current.response !== undefined) {
      return current.response as unknown as IssueCredentialResponse;
    }
    throw error;
  }
  await fault(context, "credential-stored", issuance.idempotencyKey);
  return response;
}
