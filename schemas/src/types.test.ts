/**
 * The hand-written TypeScript types and the JSON Schemas describe the same objects: the type checker (root
 * `tsc`) proves here that every object definition has the same property names and the same required ones as its
 * TypeScript interface, and that the enums are the same unions; the runtime part proves that values typed as the
 * interfaces validate. Change a schema without its type (or the reverse) and this file stops compiling.
 */
import { describe, expect, expectTypeOf, it } from "vitest";
import { AUDIT_REPORT_SCHEMA } from "./audit-report/schema.js";
import type {
  AuditReportCredential,
  AuditReportSubject,
  Materiality,
  ReportingPeriod,
  VerifiedEmission,
} from "./audit-report/types.js";
import { AUDITOR_ACCREDITATION_SCHEMA } from "./auditor-accreditation/schema.js";
import type {
  AccreditationScope,
  AuditorAccreditationCredential,
  AuditorAccreditationSubject,
} from "./auditor-accreditation/types.js";
import type { COMMON_DEFS } from "./common/defs.js";
import type { CredentialStatus, Organization, VerifiableCredential } from "./common/types.js";
import { DISCHARGE_PERMIT_SCHEMA } from "./discharge-permit/schema.js";
import type {
  AnnualCap,
  ConcentrationLimit,
  Coordinates,
  DischargePermitCredential,
  DischargePermitSubject,
  Outlet,
  PermittedPollutant,
  PermitValidity,
} from "./discharge-permit/types.js";
import { auditorAccreditationExample, auditReportExample, dischargePermitExample } from "./examples/index.js";
import type { CredentialType } from "./ids.js";
import { PARTICIPANT_SCHEMA } from "./participant/schema.js";
import type { ParticipantCredential, ParticipantSubject } from "./participant/types.js";
import { validateCredential } from "./validate.js";
import type { AuditOpinion, Medium, MonitoringMethod, ParticipantRole, PollutantCode } from "./vocabulary.js";

/** The property names a schema object definition declares. */
type SchemaKeys<S> = S extends { readonly properties: infer P } ? keyof P : never;
/** The property names a schema object definition requires. */
type SchemaRequired<S> = S extends { readonly required: readonly (infer R)[] } ? R : never;
/** The keys of `T` that are not optional. */
type RequiredKeys<T> = { [K in keyof T]-?: Partial<Pick<T, K>> extends Pick<T, K> ? never : K }[keyof T];
/** The values of a schema's `enum`. */
type SchemaEnum<S> = S extends { readonly enum: readonly (infer E)[] } ? E : never;

type PermitDefs = (typeof DISCHARGE_PERMIT_SCHEMA)["$defs"];
type ReportDefs = (typeof AUDIT_REPORT_SCHEMA)["$defs"];
type AccreditationDefs = (typeof AUDITOR_ACCREDITATION_SCHEMA)["$defs"];
type Envelope = VerifiableCredential<CredentialType, unknown>;

describe("TypeScript types and JSON Schemas agree", () => {
  it("envelope", () => {
    expectTypeOf<keyof Envelope>().toEqualTypeOf<SchemaKeys<typeof DISCHARGE_PERMIT_SCHEMA>>();
    expectTypeOf<RequiredKeys<Envelope>>().toEqualTypeOf<SchemaRequired<typeof DISCHARGE_PERMIT_SCHEMA>>();
    for (const schema of [AUDIT_REPORT_SCHEMA, AUDITOR_ACCREDITATION_SCHEMA, PARTICIPANT_SCHEMA]) {
      expect(Object.keys(schema.properties)).toEqual(Object.keys(DISCHARGE_PERMIT_SCHEMA.properties));
      expect(schema.required).toEqual(DISCHARGE_PERMIT_SCHEMA.required);
    }
    expectTypeOf<keyof CredentialStatus>().toEqualTypeOf<SchemaKeys<typeof COMMON_DEFS.credentialStatus>>();
    expectTypeOf<RequiredKeys<CredentialStatus>>().toEqualTypeOf<
      SchemaRequired<typeof COMMON_DEFS.credentialStatus>
    >();
    expectTypeOf<keyof Organization>().toEqualTypeOf<SchemaKeys<typeof COMMON_DEFS.organization>>();
    expectTypeOf<RequiredKeys<Organization>>().toEqualTypeOf<
      SchemaRequired<typeof COMMON_DEFS.organization>
    >();
    expectTypeOf<PollutantCode>().toEqualTypeOf<SchemaEnum<typeof COMMON_DEFS.pollutantCode>>();
    expectTypeOf<Medium>().toEqualTypeOf<SchemaEnum<typeof COMMON_DEFS.medium>>();
  });

  it("DischargePermitCredential", () => {
    expectTypeOf<keyof DischargePermitSubject>().toEqualTypeOf<SchemaKeys<PermitDefs["credentialSubject"]>>();
    expectTypeOf<RequiredKeys<DischargePermitSubject>>().toEqualTypeOf<
      SchemaRequired<PermitDefs["credentialSubject"]>
    >();
    expectTypeOf<keyof PermitValidity>().toEqualTypeOf<SchemaKeys<PermitDefs["permitValidity"]>>();
    expectTypeOf<RequiredKeys<PermitValidity>>().toEqualTypeOf<
      SchemaRequired<PermitDefs["permitValidity"]>
    >();
    expectTypeOf<keyof Coordinates>().toEqualTypeOf<SchemaKeys<PermitDefs["coordinates"]>>();
    expectTypeOf<RequiredKeys<Coordinates>>().toEqualTypeOf<SchemaRequired<PermitDefs["coordinates"]>>();
    expectTypeOf<keyof Outlet>().toEqualTypeOf<SchemaKeys<PermitDefs["outlet"]>>();
    expectTypeOf<RequiredKeys<Outlet>>().toEqualTypeOf<SchemaRequired<PermitDefs["outlet"]>>();
    expectTypeOf<keyof AnnualCap>().toEqualTypeOf<SchemaKeys<PermitDefs["annualCap"]>>();
    expectTypeOf<RequiredKeys<AnnualCap>>().toEqualTypeOf<SchemaRequired<PermitDefs["annualCap"]>>();
    expectTypeOf<AnnualCap["unit"]>().toEqualTypeOf<
      SchemaEnum<PermitDefs["annualCap"]["properties"]["unit"]>
    >();
    expectTypeOf<keyof ConcentrationLimit>().toEqualTypeOf<SchemaKeys<PermitDefs["concentrationLimit"]>>();
    expectTypeOf<RequiredKeys<ConcentrationLimit>>().toEqualTypeOf<
      SchemaRequired<PermitDefs["concentrationLimit"]>
    >();
    expectTypeOf<ConcentrationLimit["unit"]>().toEqualTypeOf<
      SchemaEnum<PermitDefs["concentrationLimit"]["properties"]["unit"]>
    >();
    expectTypeOf<keyof PermittedPollutant>().toEqualTypeOf<SchemaKeys<PermitDefs["permittedPollutant"]>>();
    expectTypeOf<RequiredKeys<PermittedPollutant>>().toEqualTypeOf<
      SchemaRequired<PermitDefs["permittedPollutant"]>
    >();
  });

  it("AuditReportCredential", () => {
    type Unqualified = Extract<AuditReportSubject, { opinion: "unqualified" }>;
    type Qualified = Extract<AuditReportSubject, { opinionBasis: string }>;
    expectTypeOf<keyof Unqualified>().toEqualTypeOf<SchemaKeys<ReportDefs["credentialSubject"]>>();
    expectTypeOf<RequiredKeys<Unqualified>>().toEqualTypeOf<
      SchemaRequired<ReportDefs["credentialSubject"]>
    >();
    // a qualified (or adverse) opinion also requires opinionBasis: the schema's if/then
    expectTypeOf<RequiredKeys<Qualified>>().toEqualTypeOf<
      | SchemaRequired<ReportDefs["credentialSubject"]>
      | SchemaRequired<ReportDefs["credentialSubject"]["then"]>
    >();
    expectTypeOf<AuditOpinion>().toEqualTypeOf<
      SchemaEnum<ReportDefs["credentialSubject"]["properties"]["opinion"]>
    >();
    expectTypeOf<keyof ReportingPeriod>().toEqualTypeOf<SchemaKeys<ReportDefs["reportingPeriod"]>>();
    expectTypeOf<RequiredKeys<ReportingPeriod>>().toEqualTypeOf<
      SchemaRequired<ReportDefs["reportingPeriod"]>
    >();
    expectTypeOf<keyof VerifiedEmission>().toEqualTypeOf<SchemaKeys<ReportDefs["verifiedEmission"]>>();
    expectTypeOf<RequiredKeys<VerifiedEmission>>().toEqualTypeOf<
      SchemaRequired<ReportDefs["verifiedEmission"]>
    >();
    expectTypeOf<MonitoringMethod>().toEqualTypeOf<
      SchemaEnum<ReportDefs["verifiedEmission"]["properties"]["methodology"]>
    >();
    expectTypeOf<keyof Materiality>().toEqualTypeOf<SchemaKeys<ReportDefs["materiality"]>>();
    expectTypeOf<RequiredKeys<Materiality>>().toEqualTypeOf<SchemaRequired<ReportDefs["materiality"]>>();
  });

  it("AuditorAccreditationCredential", () => {
    expectTypeOf<keyof AuditorAccreditationSubject>().toEqualTypeOf<
      SchemaKeys<AccreditationDefs["credentialSubject"]>
    >();
    expectTypeOf<RequiredKeys<AuditorAccreditationSubject>>().toEqualTypeOf<
      SchemaRequired<AccreditationDefs["credentialSubject"]>
    >();
    expectTypeOf<keyof AccreditationScope>().toEqualTypeOf<
      SchemaKeys<AccreditationDefs["accreditationScope"]>
    >();
    expectTypeOf<RequiredKeys<AccreditationScope>>().toEqualTypeOf<
      SchemaRequired<AccreditationDefs["accreditationScope"]>
    >();
  });

  it("ParticipantCredential", () => {
    type Subject = (typeof PARTICIPANT_SCHEMA)["$defs"]["credentialSubject"];
    expectTypeOf<keyof ParticipantSubject>().toEqualTypeOf<SchemaKeys<Subject>>();
    expectTypeOf<RequiredKeys<ParticipantSubject>>().toEqualTypeOf<SchemaRequired<Subject>>();
    expectTypeOf<ParticipantRole>().toEqualTypeOf<SchemaEnum<Subject["properties"]["role"]>>();
  });

  it("values typed as the TypeScript types validate", () => {
    const permit: DischargePermitCredential = {
      ...dischargePermitExample,
      credentialSubject: {
        ...dischargePermitExample.credentialSubject,
        managementCategory: "simplified",
      },
    };
    const report: AuditReportCredential = {
      ...auditReportExample,
      credentialSubject: {
        ...auditReportExample.credentialSubject,
        opinion: "adverse",
        opinionBasis: "在线监测数据缺失超过 30%，无法核实排放量。",
        materiality: { thresholdPercent: 5, misstatementPercent: 30 },
      },
    };
    const accreditation: AuditorAccreditationCredential = auditorAccreditationExample;
    const participant: ParticipantCredential = {
      ...dischargePermitExample,
      type: ["VerifiableCredential", "ParticipantCredential"],
      credentialSchema: {
        id: "https://schemas.permitchain.dev/credentials/participant/v1.json",
        type: "JsonSchema",
      },
      credentialSubject: {
        id: dischargePermitExample.credentialSubject.id,
        organization: dischargePermitExample.credentialSubject.organization,
        role: "polluter",
      },
      expirationDate: undefined,
    };
    for (const credential of [permit, report, accreditation, participant]) {
      expect(validateCredential(JSON.parse(JSON.stringify(credential)))).toEqual({ valid: true });
    }
  });

  it("the TypeScript types reject what the schemas reject", () => {
    const outlet: Outlet = { id: "DA001", type: "air", monitoredPollutants: ["SO2"] };
    // @ts-expect-error a pollutant code outside the enum
    const unknownCode: Outlet = { ...outlet, monitoredPollutants: ["CO2"] };
    // @ts-expect-error a medium outside air and water
    const noise: Outlet = { ...outlet, type: "noise" };
    // @ts-expect-error an annual cap in tonnes per month
    const monthly: AnnualCap = { value: 1, unit: "t/month" };
    // @ts-expect-error a qualified opinion needs its basis
    const noBasis: AuditReportSubject = { ...auditReportExample.credentialSubject, opinion: "qualified" };
    const otherSchema = auditReportExample.credentialSchema;
    // @ts-expect-error the credentialSchema of another type
    const wrongSchema: DischargePermitCredential["credentialSchema"] = otherSchema;
    for (const value of [unknownCode, noise, monthly, noBasis, wrongSchema]) expect(value).toBeDefined();
  });
});
