import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { connectJsonRpc, DEV_MNEMONIC } from "@permitchain/chain";
import {
  CredentialType,
  type DeploymentManifest,
  deploy,
  organisationRecord,
  Role,
} from "@permitchain/contracts";
import {
  createIssuerService,
  didNetwork,
  type FaultHook,
  type IssueCredentialInput,
  type IssuerService,
  loadIssuerKeys,
  type Operator,
  SqliteRepository,
} from "@permitchain/issuer";
import { examples, type Organization } from "@permitchain/schemas";
import { HDNodeWallet, type JsonRpcProvider, Mnemonic, Wallet } from "ethers";
import { type ServerProcess, spawnServer } from "./child-server.js";

export const CHAIN_ID = 31337;
const CHAIN_SERVER = fileURLToPath(new URL("./chain-server.js", import.meta.url));
const FOREVER = 2n ** 64n - 1n;

/** The embedded chain in its own process, the suite deployed, a regulator trusted for permits. */
export interface PermitChain {
  readonly server: ServerProcess;
  readonly provider: JsonRpcProvider;
  readonly manifest: DeploymentManifest;
  /** Dev account 1: the examples' regulator (REGULATOR_DID), trusted for DischargePermitCredential. */
  readonly regulator: Wallet;
  rpc(method: string, params?: unknown[]): Promise<unknown>;
  stop(): Promise<void>;
}

const organisation = (o: Organization) =>
  organisationRecord({ name: o.name, creditCode: o.uscc, regionCode: Number(o.region), sector: o.sector });

/**
 * Starts the chain server (journaled to `dataDir` when given, else in memory), deploys the suite and bootstraps
 * the examples' regulator (trusted for permits, no expiry) and refinery (a polluter), as `permitchain up` and a
 * committee would.
 */
export async function startPermitChain(dataDir?: string): Promise<PermitChain> {
  const server = await spawnServer(process.execPath, [
    CHAIN_SERVER,
    String(CHAIN_ID),
    ...(dataDir === undefined ? [] : [dataDir]),
  ]);
  try {
    const provider = await connectJsonRpc(server.url);
    const root = HDNodeWallet.fromMnemonic(Mnemonic.fromPhrase(DEV_MNEMONIC), "m/44'/60'/0'/0");
    const wallet = (i: number) => new Wallet(root.deriveChild(i).privateKey, provider);
    const [deployer, regulator, firm] = [wallet(0), wallet(1), wallet(3)] as [Wallet, Wallet, Wallet];
    if (regulator.address !== examples.REGULATOR_ADDRESS || firm.address !== examples.FIRM_ADDRESS) {
      throw new Error("the examples' actors are no longer dev accounts 1 and 3");
    }
    const manifest = await deploy(deployer, {
      bootstrap: {
        participants: [
          {
            account: regulator.address,
            role: Role.Regulator,
            organisation: organisation(examples.REGULATOR_ORGANIZATION),
          },
          {
            account: firm.address,
            role: Role.Polluter,
            organisation: organisation(examples.FIRM_ORGANIZATION),
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
        ],
      },
    });
    return {
      server,
      provider,
      manifest,
      regulator,
      rpc: (method, params = []) => provider.send(method, params),
      async stop() {
        provider.destroy();
        await server.stop();
      },
    };
  } catch (error) {
    await server.stop();
    throw error;
  }
}

/** The operator (API key holder) the benchmarks issue as: the bureau's permit desk. */
export const PERMIT_DESK: Operator = {
  id: "bench-permit-desk",
  issuers: [examples.REGULATOR_DID],
  types: ["DischargePermitCredential"],
};

/** The example refinery permit as an issue request: the issuer adds id, dates, schema, status and proof. */
export function permitRequest(): IssueCredentialInput {
  const { dischargePermitExample } = examples;
  return {
    type: dischargePermitExample.type,
    issuer: examples.REGULATOR_DID,
    credentialSubject: dischargePermitExample.credentialSubject as unknown as Record<string, unknown>,
  };
}

/**
 * The issuer library over a SQLite file in `dir` (rollback journal, synchronous=FULL), signing as the regulator
 * with its owner key, which also sends the status allocations.
 */
export async function startPermitIssuer(
  chain: PermitChain,
  dir: string,
  faults?: FaultHook,
): Promise<IssuerService> {
  const issuers = await loadIssuerKeys(
    [
      {
        did: examples.REGULATOR_DID,
        name: examples.REGULATOR_ORGANIZATION.name,
        signingKey: { kind: "hex", hex: chain.regulator.privateKey },
      },
    ],
    { network: didNetwork(chain.manifest.chainId) },
  );
  return createIssuerService({
    repository: SqliteRepository.open(join(dir, "issuer.sqlite")),
    issuers,
    manifest: chain.manifest,
    provider: chain.provider,
    ...(faults === undefined ? {} : { faults }),
  });
}
