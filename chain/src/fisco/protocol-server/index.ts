export { EvmBackend, type EvmBlock, type EvmExecution, type EvmLog } from "./evm-backend.js";
export { type FaultInjection, noFaults } from "./faults.js";
export { FiscoNode, type FiscoNodeContext } from "./fisco-node.js";
export { COMPATIBILITY_VERSION, type GroupConfig, groupInfoJson, systemConfig } from "./group-config.js";
export type { ServerTlsOptions } from "./http-endpoint.js";
export { type BlockRecord, Ledger, type TxRecord } from "./ledger.js";
export { NodeRpcError } from "./node-errors.js";
export {
  type FiscoProtocolServer,
  type FiscoProtocolServerOptions,
  startFiscoProtocolServer,
} from "./server.js";
export { type AdmissionContext, type AdmittedTransaction, admitTransaction } from "./tx-admission.js";
