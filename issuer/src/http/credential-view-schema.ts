// JSON Schemas of the reads (`GET /credentials/:id`, `GET /credentials`): the stored credential with its status
// checked on chain. Registered by the credentials routes (see `registerCredentialViewSchemas`).
import type { FastifyInstance } from "fastify";
import { CREDENTIAL_VIEW_SCHEMA, LIST_QUERY_SCHEMA, STATUS_VIEW_SCHEMA } from "./schemas.js";

const STATUS_NAME = { type: "string", enum: ["active", "suspended", "revoked"] } as const;

export const CHECKED_STATUS_VIEW_SCHEMA = {
  $id: "CredentialCheckedStatusView",
  type: "object",
  description:
    "The credential's entry in the on-chain status registry and where it stands: as the registry holds it at " +
    "`checkedAtBlock` (`source: chain`), or, when the chain cannot be read, as this service recorded it " +
    "(`source: recorded`, with `chainReadFailure`). A read never changes the record: `POST /credentials/status` " +
    "is the write path (asked for the status the chain shows, it brings the record up to date without a " +
    "transaction).",
  required: [...STATUS_VIEW_SCHEMA.required, "source", "recordedStatus"],
  properties: {
    ...STATUS_VIEW_SCHEMA.properties,
    status: {
      ...STATUS_NAME,
      description: "on chain at `checkedAtBlock` (source chain); the recorded status (source recorded)",
    },
    reason: {
      type: "integer",
      description:
        "recorded reason code of the last change; absent when the chain shows another status than the record",
    },
    source: { type: "string", enum: ["chain", "recorded"], description: "where `status` comes from" },
    checkedAtBlock: {
      type: "integer",
      description: "source chain: the block at the end of which the registry holds `status`",
    },
    recordedStatus: { ...STATUS_NAME, description: "the status as this service last wrote or read it" },
    recordedReason: { type: "integer", description: "the recorded reason code of the last change" },
    matchesRecord: {
      type: "boolean",
      description:
        "source chain: whether the chain and the record agree (false: the status was changed on chain by " +
        "another operator of the DID, or a change's answer was lost)",
    },
    chainChange: {
      type: "object",
      description: "matchesRecord false: the last status change the chain holds (its event)",
      required: ["action", "reason", "operator", "transactionHash", "blockNumber"],
      properties: {
        action: { type: "string", enum: ["revoke", "suspend", "reinstate"] },
        reason: { type: "integer", description: "the reason code the operator gave on chain" },
        operator: { type: "string", description: "the key that sent it (owner or sigAuth delegate)" },
        transactionHash: { type: "string" },
        blockNumber: { type: "integer" },
      },
    },
    chainReadFailure: {
      type: "object",
      description: "source recorded: why the chain was not read",
      required: ["code", "message"],
      properties: {
        code: {
          type: "string",
          enum: [
            "CHAIN_UNAVAILABLE",
            "STATUS_REGISTRY_MISMATCH",
            "STATUS_ENTRY_UNALLOCATED",
            "CHAIN_READ_FAILED",
          ],
        },
        message: { type: "string" },
      },
    },
  },
} as const;

export const CHECKED_CREDENTIAL_VIEW_SCHEMA = {
  ...CREDENTIAL_VIEW_SCHEMA,
  $id: "CheckedCredentialRecord",
  description: "A credential issued here: the record, with its status checked on chain.",
  properties: {
    ...CREDENTIAL_VIEW_SCHEMA.properties,
    status: { $ref: "CredentialCheckedStatusView#" },
  },
} as const;

export const CHECKED_LIST_QUERY_SCHEMA = {
  ...LIST_QUERY_SCHEMA,
  properties: {
    ...LIST_QUERY_SCHEMA.properties,
    status: {
      ...LIST_QUERY_SCHEMA.properties.status,
      description:
        "filters on the recorded status (`status.recordedStatus`); an item's `status.status` is the chain's",
    },
  },
} as const;

export const CHECKED_LIST_RESPONSE_SCHEMA = {
  description:
    "A page of credentials, newest first, each status read on chain, the whole page at one block " +
    "(`checkedAtBlock`).",
  type: "object",
  required: ["items"],
  properties: {
    items: { type: "array", items: { $ref: "CheckedCredentialRecord#" } },
    nextCursor: { type: "string", description: "pass as cursor for the next page; absent on the last" },
  },
} as const;

/** Registers the read schemas (before the routes that reference them). */
export function registerCredentialViewSchemas(app: FastifyInstance): void {
  app.addSchema(CHECKED_STATUS_VIEW_SCHEMA);
  app.addSchema(CHECKED_CREDENTIAL_VIEW_SCHEMA);
}
