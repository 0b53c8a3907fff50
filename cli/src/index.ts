export { UsageError } from "./cli-error.js";
export {
  ensureDeployment,
  ManifestMismatchError,
  parseUpArgs,
  type UpOptions,
  upCommand,
} from "./commands/up.js";
export { runCli } from "./run-cli.js";
