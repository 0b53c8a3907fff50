export { UsageError } from "./cli-error.js";
export { COMMITTEE_USAGE, committeeCommand } from "./commands/committee.js";
export {
  type EnsureDeploymentParameters,
  ensureDeployment,
  ManifestMismatchError,
} from "./commands/deployment.js";
export { IDENTITY_USAGE, identityCommand } from "./commands/identity.js";
export { upCommand } from "./commands/up.js";
export { type ChainKind, parseUpArgs, UP_USAGE, type UpOptions } from "./commands/up-args.js";
export { runCli } from "./run-cli.js";
