/** Read-only Ethereum JSON-RPC methods passed to the engine as they are. */
export const READ_METHODS: ReadonlySet<string> = new Set([
  "web3_clientVersion",
  "web3_sha3",
  "net_version",
  "net_listening",
  "net_peerCount",
  "eth_chainId",
  "eth_syncing",
  "eth_mining",
  "eth_blockNumber",
  "eth_gasPrice",
  "eth_maxPriorityFeePerGas",
  "eth_feeHistory",
  "eth_getBalance",
  "eth_getCode",
  "eth_getStorageAt",
  "eth_getTransactionCount",
  "eth_getBlockByNumber",
  "eth_getBlockByHash",
  "eth_getBlockTransactionCountByNumber",
  "eth_getBlockTransactionCountByHash",
  "eth_getTransactionByHash",
  "eth_getTransactionByBlockNumberAndIndex",
  "eth_getTransactionByBlockHashAndIndex",
  "eth_getTransactionReceipt",
  "eth_call",
  "eth_estimateGas",
  "eth_getLogs",
  "eth_newFilter",
  "eth_newBlockFilter",
  "eth_newPendingTransactionFilter",
  "eth_getFilterChanges",
  "eth_getFilterLogs",
  "eth_uninstallFilter",
]);

/** Methods the embedded chain answers itself because they change the chain and must be journaled. */
export const WRITE_METHODS: ReadonlySet<string> = new Set([
  "eth_sendRawTransaction",
  "evm_mine",
  "evm_increaseTime",
  "evm_setNextBlockTimestamp",
]);

/** Standard methods the chain refuses on purpose, with the reason given to the caller. */
export const REFUSED_METHODS: ReadonlyMap<string, string> = new Map([
  [
    "eth_sendTransaction",
    "the embedded chain holds no keys: sign the transaction locally and send it with eth_sendRawTransaction",
  ],
  ["eth_sign", "the embedded chain holds no keys: sign locally"],
  ["eth_signTypedData_v4", "the embedded chain holds no keys: sign locally"],
  ["personal_sign", "the embedded chain holds no keys: sign locally"],
]);
