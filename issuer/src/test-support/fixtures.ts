// Test helper: the issuer configuration, API keys and request bodies the tests share.

import { examples } from "@permitchain/schemas";
import { type ApiKeyConfig, hashApiKey, type IssuerKeyConfig } from "../index.js";
import type { IssuerTestChain } from "./chain.js";

export const { REGULATOR_DID, AUDITOR_DID, SECOND_REGULATOR_DID, FIRM_DID } = examples;

/** Raw API keys (high-entropy in real life; fixed here). */
export const KEYS = {
  bureau: "pck_test-bureau-key-0000000000000000000000000000",
  auditor: "pck_test-auditor-key-000000000000000000000000000",
  participantsOnly: "pck_test-participants-only-0000000000000000000",
} as const;

export function issuerKeyConfigs(env: IssuerTestChain): IssuerKeyConfig[] {
  return [
    {
      did: REGULATOR_DID,
      name: "上海市生态环境局",
      signingKey: { kind: "hex", hex: env.regulator.privateKey },
      statusKey: { kind: "hex", hex: env.regulatorOperator.privateKey },
    },
    {
      did: AUDITOR_DID,
      signingKey: { kind: "hex", hex: env.auditorSigner.privateKey },
      statusKey: { kind: "hex", hex: env.auditor.privateKey },
    },
    { did: SECOND_REGULATOR_DID, signingKey: { kind: "hex", hex: env.untrusted.privateKey } },
  ];
}

export const API_KEYS: ApiKeyConfig[] = [
  {
    operator: "bureau-ops",
    keyHash: hashApiKey(KEYS.bureau),
    issuers: [REGULATOR_DID, SECOND_REGULATOR_DID],
    types: ["DischargePermitCredential", "ParticipantCredential"],
  },
  {
    operator: "auditor-ops",
    keyHash: hashApiKey(KEYS.auditor),
    issuers: [AUDITOR_DID],
    types: ["AuditReportCredential"],
  },
  {
    operator: "bureau-registry-desk",
    keyHash: hashApiKey(KEYS.participantsOnly),
    issuers: [REGULATOR_DID],
    types: ["ParticipantCredential"],
  },
];

export const bearer = (key: string) => ({ authorization: `Bearer ${key}` });

/** The example permit as an issue request body (without the fields the issuer sets). */
export function permitRequest(overrides: Record<string, unknown> = {}): {
  credential: Record<string, unknown>;
} {
  const { dischargePermitExample } = examples;
  return {
    credential: {
      type: dischargePermitExample.type,
      issuer: REGULATOR_DID,
      credentialSubject: dischargePermitExample.credentialSubject,
      ...overrides,
    },
  };
}

/** The example audit report as an issue request body. */
export function auditReportRequest(overrides: Record<string, unknown> = {}): {
  credential: Record<string, unknown>;
} {
  const { auditReportExample } = examples;
  return {
    credential: {
      type: auditReportExample.type,
      issuer: AUDITOR_DID,
      credentialSubject: auditReportExample.credentialSubject,
      ...overrides,
    },
  };
}
