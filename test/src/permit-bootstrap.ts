import { CredentialType, type DeployOptions, organisationRecord, Role } from "@permitchain/contracts";
import { examples, type Organization } from "@permitchain/schemas";

/** A grant with no expiry (the registry's largest `validUntil`). */
const FOREVER = 2n ** 64n - 1n;

/** An organisation of the schema examples as the participant registry records it. */
export function organisationOf(o: Organization) {
  return organisationRecord({
    name: o.name,
    creditCode: o.uscc,
    regionCode: Number(o.region),
    sector: o.sector,
  });
}

/**
 * The bootstrap of the end-to-end scenarios: `regulator` the examples' bureau, a regulator trusted for discharge
 * permits with no expiry; `firm` the examples' refinery, a polluter. What the committee would vote in.
 */
export function permitBootstrap(regulator: string, firm: string): NonNullable<DeployOptions["bootstrap"]> {
  return {
    participants: [
      {
        account: regulator,
        role: Role.Regulator,
        organisation: organisationOf(examples.REGULATOR_ORGANIZATION),
      },
      { account: firm, role: Role.Polluter, organisation: organisationOf(examples.FIRM_ORGANIZATION) },
    ],
    actions: [
      {
        kind: "AddTrustedIssuer",
        issuer: regulator,
        typeId: CredentialType.DischargePermit,
        sectors: [],
        validUntil: FOREVER,
      },
    ],
  };
}
