// Test helper: an embedded chain with the suite deployed and bootstrapped for the issuer's tests: a regulator
// trusted for permits (status writes by a sigAuth delegate), an auditor trusted for audit reports in the
// refinery's sector (signing with a veriKey delegate), the refinery registered as a polluter, and a second
// regulator registered but trusted for nothing.
import { connectJsonRpc, type EmbeddedChain, startEmbeddedChain } from "@permitchain/chain";
import {
  CredentialType,
  type DeploymentManifest,
  deploy,
  ethereumDIDRegistryAbi,
  organisationRecord,
  Role,
  sectorId,
} from "@permitchain/contracts";
import { examples, type Organization } from "@permitchain/schemas";
import { Contract, encodeBytes32String, type JsonRpcProvider, Wallet } from "ethers";

const FOREVER = 2n ** 64n - 1n;
const YEAR = 365n * 86_400n;

export interface IssuerTestChain {
  readonly chain: EmbeddedChain;
  readonly provider: JsonRpcProvider;
  readonly manifest: DeploymentManifest;
  readonly rpcUrl: string;
  /** Dev account 1: REGULATOR_DID's owner. */
  readonly regulator: Wallet;
  /** Dev account 7: a sigAuth delegate of the regulator (its status key). */
  readonly regulatorOperator: Wallet;
  /** Dev account 2: AUDITOR_DID's owner (its status key). */
  readonly auditor: Wallet;
  /** Dev account 8: a veriKey delegate of the auditor (its signing key). */
  readonly auditorSigner: Wallet;
  /** Dev account 3: FIRM_DID's owner. */
  readonly firm: Wallet;
  /** Dev account 5: SECOND_REGULATOR_DID's owner: registered, not trusted. */
  readonly untrusted: Wallet;
  stop(): Promise<void>;
}

function organisation(o: Organization) {
  return organisationRecord({
    name: o.name,
    creditCode: o.uscc,
    regionCode: Number(o.region),
    sector: o.sector,
  });
}

export async function startIssuerTestChain(): Promise<IssuerTestChain> {
  const chain = await startEmbeddedChain({ port: 0 });
  const rpcUrl = chain.rpcUrl!;
  const provider = await connectJsonRpc(rpcUrl);
  const wallet = (i: number) => new Wallet(chain.devAccounts[i]!.privateKey, provider);
  const [deployer, regulator, auditor, firm, untrusted, regulatorOperator, auditorSigner] = [
    0, 1, 2, 3, 5, 7, 8,
  ].map(wallet) as [Wallet, Wallet, Wallet, Wallet, Wallet, Wallet, Wallet];
  const { REGULATOR_ORGANIZATION, AUDITOR_ORGANIZATION, FIRM_ORGANIZATION } = examples;
  const manifest = await deploy(deployer, {
    bootstrap: {
      participants: [
        {
          account: regulator.address,
          role: Role.Regulator,
          organisation: organisation(REGULATOR_ORGANIZATION),
        },
        { account: auditor.address, role: Role.Auditor, organisation: organisation(AUDITOR_ORGANIZATION) },
        { account: firm.address, role: Role.Polluter, organisation: organisation(FIRM_ORGANIZATION) },
        {
          account: untrusted.address,
          role: Role.Regulator,
          organisation: organisation({
            ...REGULATOR_ORGANIZATION,
            name: "苏州市生态环境局",
            uscc: "11320500014160006E",
          }),
        },
      ],
      actions: [
        {
          kind: "AddTrustedIssuer",
          issuer: regulator.address,
          typeId: CredentialType.DischargePermit,
          sectors: [],
          validUntil: FOREVER,
        },
        {
          kind: "AddTrustedIssuer",
          issuer: auditor.address,
          typeId: CredentialType.AuditReport,
          sectors: [sectorId(FIRM_ORGANIZATION.sector)],
          validUntil: FOREVER,
        },
      ],
    },
  });
  const registry = new Contract(manifest.contracts.EthereumDIDRegistry, ethereumDIDRegistryAbi, provider);
  const asOwner = (owner: Wallet) => registry.connect(owner) as Contract;
  await (
    await asOwner(regulator).getFunction("addDelegate")(
      regulator.address,
      encodeBytes32String("sigAuth"),
      regulatorOperator.address,
      YEAR,
    )
  ).wait();
  await (
    await asOwner(auditor).getFunction("addDelegate")(
      auditor.address,
      encodeBytes32String("veriKey"),
      auditorSigner.address,
      YEAR,
    )
  ).wait();
  return {
    chain,
    provider,
    manifest,
    rpcUrl,
    regulator,
    regulatorOperator,
    auditor,
    auditorSigner,
    firm,
    untrusted,
    async stop() {
      provider.destroy();
      await chain.stop();
    },
  };
}
