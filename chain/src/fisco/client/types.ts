/**
 * Shapes of FISCO BCOS 3.x JSON-RPC results, as the node writes them.
 *
 * Source: FISCO-BCOS/FISCO-BCOS bcos-rpc/bcos-rpc/jsonrpc/JsonRpcImpl_2_0.cpp (`toJsonResp` for receipts,
 * transactions and blocks; `call`, `getSystemConfigByKey`), bcos-rpc/jsonrpc/Common.h (`groupInfoToJson`,
 * `nodeInfoToJson`), bcos-rpc/filter/LogMatcher.cpp (`getLogs` entries) and the examples of
 * FISCO-BCOS-DOC 3.x/zh_CN/docs/develop/api.md. Numbers the node writes as JSON numbers (block numbers,
 * status, timestamps in milliseconds) stay numbers; `gasUsed` is a decimal string.
 */

/** One event of a receipt. `address` is lower-case hex WITHOUT "0x" (the executor's contract address). */
export interface FiscoLogEntry {
  address: string;
  topics: string[];
  data: string;
}

export interface FiscoReceipt {
  version: number;
  /** 0x hex, "" when the transaction created no contract. */
  contractAddress: string;
  checksumContractAddress?: string;
  /** Decimal string. */
  gasUsed: string;
  /** Transaction status (transaction-status.ts); 0 is success. */
  status: number;
  blockNumber: number;
  /** Return data, or revert data on failure. */
  output: string;
  message: string;
  transactionHash: string;
  /** Receipt hash ("0x" for a receipt of a refused transaction). */
  hash: string;
  logEntries: FiscoLogEntry[];
  from?: string;
  to?: string;
  input?: string;
  extraData?: string;
  effectiveGasPrice?: string;
  txReceiptProof?: string[];
  receiptProof?: string[];
}

export interface FiscoCallResult {
  blockNumber: number;
  status: number;
  output: string;
}

/** A transaction as `getTransaction` returns it. */
export interface FiscoTransactionJson {
  version: number;
  hash: string;
  nonce: string;
  blockLimit: number;
  to: string;
  input: string;
  from: string;
  importTime: number;
  chainID: string;
  groupID: string;
  abi: string;
  signature: string;
  extraData: string;
}

export interface FiscoBlock {
  hash: string;
  version: number;
  txsRoot: string;
  receiptsRoot: string;
  stateRoot: string;
  number: number;
  /** Decimal string. */
  gasUsed: string;
  /** Milliseconds since the Unix epoch (the block header's time, whatever `feature_evm_timestamp` says). */
  timestamp: number;
  sealer: number;
  extraData: string;
  consensusWeights: number[];
  sealerList: string[];
  parentInfo: Array<{ blockNumber: number; blockHash: string }>;
  signatureList: Array<{ sealerIndex: number; signature: string }>;
  /** Absent when only the header was asked for; hashes or full transactions otherwise. */
  transactions?: Array<string | FiscoTransactionJson>;
}

export interface FiscoSystemConfig {
  value: string;
  blockNumber: number;
}

export interface FiscoNodeInfo {
  name: string;
  nodeID: string;
  type?: number;
  microService?: boolean;
  /** JSON text: binaryInfo, chainID, groupID, isWasm, isAuthCheck, isSerialExecute, smCryptoType, ... */
  iniConfig: string;
  protocol?: { compatibilityVersion: number; maxSupportedVersion: number; minSupportedVersion: number };
  serviceInfo?: Array<{ type: number; serviceName: string }>;
  featureKeys?: string[];
}

export interface FiscoGroupInfo {
  chainID: string;
  groupID: string;
  /** JSON text of the group's genesis configuration. */
  genesisConfig: string;
  iniConfig: string;
  nodeList: FiscoNodeInfo[];
}

/** A `getLogs` entry (Ethereum-like; quantities are 0x hex). */
export interface FiscoFilterLog {
  address: string;
  topics: string[];
  data: string;
  blockNumber: string;
  blockHash: string;
  transactionHash: string;
  transactionIndex: string;
  logIndex: string;
  removed: boolean;
}

/** `getLogs` parameters; the node requires all four of fromBlock, toBlock, address and topics. */
export interface FiscoLogFilter {
  fromBlock: string;
  toBlock: string;
  address: string | string[];
  topics: Array<string | string[] | null>;
  blockhash?: string;
}
