/**
 * The group's description and system configuration as the test server reports them.
 *
 * `getGroupInfo` follows bcos-rpc/jsonrpc/Common.h `groupInfoToJson` / `nodeInfoToJson` and the example
 * of FISCO-BCOS-DOC 3.x docs/develop/api.md (the node's `iniConfig` is JSON text with chainID, groupID,
 * smCryptoType, isWasm, ...; `genesisConfig` JSON text with txGasLimit, blockTxCountLimit, ...).
 * `getSystemConfigByKey` answers `{ value, blockNumber }` (JsonRpcImpl_2_0.cpp); the keys are those of
 * bcos-framework/ledger/LedgerTypeDef.h (tx_count_limit, tx_gas_limit, consensus_leader_period,
 * auth_check_status, compatibility_version). No `feature_*` key is set (bcos-framework/ledger/Features.h):
 * in particular `feature_evm_timestamp` is off, so contracts see `block.timestamp` in milliseconds; an
 * unset key is answered as a missing ledger entry.
 */
import { createHash } from "node:crypto";
import type { FiscoGroupInfo } from "../client/types.js";

export interface GroupConfig {
  chainId: string;
  groupId: string;
  sm: boolean;
  txGasLimit: bigint;
  txCountLimit: number;
  /** Node id (128 hex digits) and name. */
  nodeId: string;
}

export const COMPATIBILITY_VERSION = "3.6.0";
const COMPATIBILITY_VERSION_NUMBER = 0x03060000;

export function nodeIdFor(chainId: string, groupId: string): string {
  const a = createHash("sha256").update(`${chainId}/${groupId}/a`).digest("hex");
  const b = createHash("sha256").update(`${chainId}/${groupId}/b`).digest("hex");
  return a + b;
}

export function systemConfig(config: GroupConfig, key: string): string | undefined {
  switch (key) {
    case "tx_count_limit":
      return String(config.txCountLimit);
    case "tx_gas_limit":
      return config.txGasLimit.toString(10);
    case "consensus_leader_period":
      return "1";
    case "auth_check_status":
      return "0";
    case "compatibility_version":
      return COMPATIBILITY_VERSION;
    default:
      return undefined;
  }
}

export function groupInfoJson(config: GroupConfig): FiscoGroupInfo {
  const genesis = {
    blockTxCountLimit: config.txCountLimit,
    consensusLeaderPeriod: 1,
    consensusType: "pbft",
    sealerList: [{ nodeID: config.nodeId, weight: 1 }],
    txGasLimit: Number(config.txGasLimit),
  };
  const ini = {
    binaryInfo: {
      buildTime: "",
      gitCommitHash: "",
      platform: "permitchain-protocol-server",
      version: COMPATIBILITY_VERSION,
    },
    chainID: config.chainId,
    gatewayServiceName: "",
    groupID: config.groupId,
    isAuthCheck: false,
    isSerialExecute: true,
    isWasm: false,
    nodeID: config.nodeId,
    nodeName: config.nodeId,
    rpcServiceName: "",
    smCryptoType: config.sm,
  };
  return {
    chainID: config.chainId,
    genesisConfig: `${JSON.stringify(genesis)}\n`,
    groupID: config.groupId,
    iniConfig: "",
    nodeList: [
      {
        iniConfig: `${JSON.stringify(ini)}\n`,
        microService: false,
        name: config.nodeId,
        nodeID: config.nodeId,
        type: config.sm ? 1 : 0,
        protocol: {
          compatibilityVersion: COMPATIBILITY_VERSION_NUMBER,
          maxSupportedVersion: 1,
          minSupportedVersion: 0,
        },
        serviceInfo: [],
        featureKeys: [],
      },
    ],
  };
}
