export { type DeployOptions, deploy } from "./deploy.js";
export { ContractCodeMissingError, DeploymentFailedError } from "./errors.js";
export { ethereumDIDRegistryAbi, ethereumDIDRegistryBytecode } from "./generated/index.js";
export type { Address, DeploymentManifest } from "./manifest.js";
export {
  type RegistryMetaTxDigestParameters,
  type RegistryOperation,
  registryMetaTxDigest,
} from "./meta-transaction.js";
export { type ContractName, type SuiteContext, type SuiteContract, suite } from "./suite.js";
export { type TimestampUnit, timestampDivisor } from "./timestamp-unit.js";
export { verifyDeployment } from "./verify-deployment.js";
