/**
 * What a client needs to know about the group before it can build transactions, read from
 * `getGroupInfo` as the java-sdk does (ClientImpl.initGroupInfo): the chain id, the group id, and whether
 * the chain uses SM crypto, from the first node's `iniConfig` JSON (`chainID`, `smCryptoType`, `isWasm`).
 */
import { FiscoBadResponseError } from "./errors.js";
import type { FiscoGroupInfo } from "./types.js";

export interface FiscoChainInfo {
  chainId: string;
  groupId: string;
  /** SM2/SM3 chain (sign with the "sm" suite). */
  smCrypto: boolean;
  /** WASM (Liquid) group; this client targets Solidity groups. */
  wasm: boolean;
  /** `protocol.compatibilityVersion` of the first node, e.g. 0x03060000 for 3.6.0. */
  compatibilityVersion: number | undefined;
  nodeNames: string[];
}

export function chainInfoFromGroupInfo(info: FiscoGroupInfo): FiscoChainInfo {
  const node = info.nodeList[0];
  let ini: Record<string, unknown> = {};
  if (node !== undefined && node.iniConfig !== "") {
    try {
      ini = JSON.parse(node.iniConfig) as Record<string, unknown>;
    } catch (cause) {
      throw new FiscoBadResponseError(`getGroupInfo: node iniConfig of group ${info.groupID} is not JSON`, {
        cause,
      });
    }
  }
  const chainId = typeof ini.chainID === "string" && ini.chainID !== "" ? ini.chainID : info.chainID;
  return {
    chainId,
    groupId: info.groupID,
    smCrypto: ini.smCryptoType === true,
    wasm: ini.isWasm === true,
    compatibilityVersion: node?.protocol?.compatibilityVersion,
    nodeNames: info.nodeList.map((n) => n.name),
  };
}
