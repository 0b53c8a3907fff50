import type { Address, CredentialStatus, DidEthr, Organization } from "../common/types.js";
import { STATUS_REGISTRY_TYPE } from "../ids.js";

/**
 * The parties of the examples. Their DIDs are on chain 31337 (0x7a69, the embedded chain's default) and their
 * keys are accounts of the public development mnemonic "test test ... junk" (never for value), so that issuer and
 * verifier tests can sign as them. The organisations are fictitious; their codes are well formed and their
 * check characters right.
 */

/** Account 1: the regulator, 上海市生态环境局 in the examples. */
export const REGULATOR_ADDRESS: Address = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
/** Account 2: the auditor. */
export const AUDITOR_ADDRESS: Address = "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC";
/** Account 3: the polluting firm (a refinery). */
export const FIRM_ADDRESS: Address = "0x90F79bf6EB2c4f870365E785982E1f101E93b906";
/** Account 4: the committee member that accredits auditors. */
export const COMMITTEE_ADDRESS: Address = "0x15d34AAf54267DB7D7c367839AAf71A00a2C6A65";
/** Account 5: a second regulator (苏州市生态环境局) for the second permit. */
export const SECOND_REGULATOR_ADDRESS: Address = "0x9965507D1a55bcC2695C58ba16FB37d819B0A4dc";
/** The status registry contract of the examples (the first contract account 0 deploys on a fresh chain). */
export const STATUS_REGISTRY_ADDRESS: Address = "0x5FbDB2315678afecb367f032d93F642f64180aa3";

export const REGULATOR_DID: DidEthr = `did:ethr:0x7a69:${REGULATOR_ADDRESS}`;
export const AUDITOR_DID: DidEthr = `did:ethr:0x7a69:${AUDITOR_ADDRESS}`;
export const FIRM_DID: DidEthr = `did:ethr:0x7a69:${FIRM_ADDRESS}`;
export const COMMITTEE_DID: DidEthr = `did:ethr:0x7a69:${COMMITTEE_ADDRESS}`;
export const SECOND_REGULATOR_DID: DidEthr = `did:ethr:0x7a69:${SECOND_REGULATOR_ADDRESS}`;
/** A DID in the public-key form (account 0's compressed key): the second permit's holder, a battery maker. */
export const BATTERY_FIRM_DID: DidEthr =
  "did:ethr:0x7a69:0x038318535b54105d4a7aae60c08fc45f9687181b4fdfc625bd1a753fa7397fed75";

export const REGULATOR_ORGANIZATION: Organization = {
  name: "上海市生态环境局",
  uscc: "11310000002422610U",
  region: "310000",
  sector: "S922",
};
export const AUDITOR_ORGANIZATION: Organization = {
  name: "上海清源排放核查有限公司",
  uscc: "91310104MA1K7Q2B9B",
  region: "310104",
  sector: "M7461",
};
export const FIRM_ORGANIZATION: Organization = {
  name: "上海浦江石化有限公司",
  uscc: "91310115MA1FL1237Y",
  region: "310115",
  sector: "C2511",
};
export const BATTERY_FIRM_ORGANIZATION: Organization = {
  name: "昆山恒能蓄电池有限公司",
  uscc: "91320583MA1MXR459D",
  region: "320583",
  sector: "C3843",
};

/** A status entry of the example registry for `issuer`'s credential number `index`. */
export function exampleStatus(issuer: Address, index: number): CredentialStatus {
  return {
    id: `eip155:31337:${STATUS_REGISTRY_ADDRESS}/${issuer}/${index}`,
    type: STATUS_REGISTRY_TYPE,
    statusRegistry: STATUS_REGISTRY_ADDRESS,
    statusIssuer: issuer,
    statusIndex: String(index),
  };
}
