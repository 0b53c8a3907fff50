export { PermitChainError } from "./errors.js";
