/**
 * Receipts, transactions, blocks and logs in the JSON a FISCO BCOS 3.x node writes.
 *
 * Sources (FISCO-BCOS/FISCO-BCOS): bcos-rpc/jsonrpc/JsonRpcImpl_2_0.cpp `toJsonResp` (receipt: version,
 * contractAddress with "0x" and checksumContractAddress, gasUsed as a decimal string, status, blockNumber,
 * output, message, transactionHash, hash ("0x" unless the status is 0), logEntries with the executor's
 * address without "0x"; transaction: version, hash, nonce, blockLimit, to, input, from, importTime, chainID,
 * groupID, abi, signature, extraData; block header: hash, version, txsRoot, receiptsRoot, stateRoot, number,
 * gasUsed, timestamp in ms, sealer, extraData, consensusWeights, sealerList, parentInfo, signatureList),
 * bcos-executor HostContext.cpp `log` (log address = contract address as stored, no "0x"),
 * bcos-rpc/filter/LogMatcher.cpp (getLogs entries: Ethereum-like, "0x" + address, hex quantities; only
 * receipts with status 0 yield logs).
 */
import { getAddress } from "ethers";
import { toHex } from "../bytes.js";
import type { FiscoBlock, FiscoFilterLog, FiscoReceipt, FiscoTransactionJson } from "../client/types.js";
import type { BlockRecord, TxRecord } from "./ledger.js";

const quantity = (value: number) => `0x${value.toString(16)}`;

export function receiptJson(tx: TxRecord): FiscoReceipt {
  const { execution } = tx;
  const success = execution.status === 0;
  return {
    version: 0,
    contractAddress: execution.contractAddress,
    checksumContractAddress: execution.contractAddress === "" ? "" : getAddress(execution.contractAddress),
    gasUsed: execution.gasUsed.toString(10),
    status: execution.status,
    blockNumber: tx.blockNumber,
    output: execution.output,
    message: "",
    transactionHash: tx.hash,
    hash: success ? tx.receiptHash : "0x",
    logEntries: execution.logs.map((log) => ({
      address: log.address.replace(/^0x/, ""),
      topics: log.topics,
      data: log.data,
    })),
  };
}

/** What `sendTransaction` answers: the receipt plus `to` and `from` (JsonRpcImpl_2_0::sendTransaction). */
export function sendTransactionJson(tx: TxRecord): FiscoReceipt {
  return { ...receiptJson(tx), to: tx.data.to, from: tx.sender };
}

/** What `getTransactionReceipt` answers: the receipt plus input, from, to, extraData of the transaction. */
export function getReceiptJson(tx: TxRecord): FiscoReceipt {
  return {
    ...receiptJson(tx),
    input: toHex(tx.data.input),
    from: tx.sender,
    to: tx.data.to,
    extraData: tx.extraData,
  };
}

export function transactionJson(tx: TxRecord): FiscoTransactionJson {
  return {
    version: tx.data.version,
    hash: tx.hash,
    // The node writes toHex(nonce) of the nonce string's bytes (JsonRpcImpl_2_0.cpp).
    nonce: Buffer.from(tx.data.nonce, "utf8").toString("hex"),
    blockLimit: Number(tx.data.blockLimit),
    to: tx.data.to,
    input: toHex(tx.data.input),
    from: tx.sender,
    importTime: tx.importTime,
    chainID: tx.data.chainID,
    groupID: tx.data.groupID,
    abi: tx.data.abi,
    signature: toHex(tx.signature),
    extraData: tx.extraData,
  };
}

export function blockJson(
  block: BlockRecord,
  parentHash: string | undefined,
  options: { onlyHeader: boolean; onlyTxHash: boolean; transaction(hash: string): TxRecord | undefined },
): FiscoBlock {
  const { evm } = block;
  const header: FiscoBlock = {
    hash: evm.hash,
    version: 0x03060000,
    txsRoot: evm.transactionsRoot,
    receiptsRoot: evm.receiptsRoot,
    stateRoot: evm.stateRoot,
    number: evm.number,
    gasUsed: evm.gasUsed.toString(10),
    timestamp: evm.timestamp,
    sealer: 0,
    extraData: "0x",
    consensusWeights: [1],
    sealerList: [],
    parentInfo: parentHash === undefined ? [] : [{ blockNumber: evm.number - 1, blockHash: parentHash }],
    signatureList: [],
  };
  if (options.onlyHeader) return header;
  const transactions = block.txHashes.map((hash) => {
    const tx = options.transaction(hash);
    return options.onlyTxHash || tx === undefined ? hash : transactionJson(tx);
  });
  return { ...header, transactions };
}

export function filterLogJson(tx: TxRecord, blockHash: string, logIndex: number): FiscoFilterLog {
  const log = tx.execution.logs[logIndex];
  if (log === undefined) throw new Error(`no log ${logIndex} in ${tx.hash}`);
  return {
    data: log.data,
    logIndex: quantity(logIndex),
    blockNumber: quantity(tx.blockNumber),
    blockHash,
    transactionIndex: quantity(tx.index),
    transactionHash: tx.hash,
    removed: false,
    address: log.address,
    topics: log.topics,
  };
}
