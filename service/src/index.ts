export {
  type DomainErrorHandler,
  type ErrorIssue,
  errorBody,
  registerErrorHandling,
} from "./error-handling.js";
