/**
 * Veeva does not say which error types are retryable; this is the reading of ../shared/vault-api.md.
 * Types are stable API, messages are not, so classification goes by type only.
 */

/** Vault's own trouble or contention: the same request can succeed later. */
export const TRANSIENT_ERROR_TYPES: ReadonlySet<string> = new Set([
  'INVALID_SESSION_ID',
  'API_LIMIT_EXCEEDED',
  'RACE_CONDITION',
  'OPERATION_IN_PROGRESS',
  'UNEXPECTED_ERROR',
  'CONFIGURATION_MODE_ENABLED',
]);

/** The login was refused: the password may be rotating, the user locked or inactive for a while. */
export const LOGIN_ERROR_TYPES: ReadonlySet<string> = new Set([
  'USERNAME_OR_PASSWORD_INCORRECT',
  'USER_LOCKED_OUT',
  'PASSWORD_CHANGE_REQUIRED',
  'INACTIVE_USER',
  'NO_PASSWORD_PROVIDED',
]);

/** Every type vault-api.md documents; anything not transient or login-related is permanent. */
export const DOCUMENTED_ERROR_TYPES: readonly string[] = [
  'UNEXPECTED_ERROR',
  'MALFORMED_URL',
  'METHOD_NOT_SUPPORTED',
  'INACTIVE_USER',
  'NO_PASSWORD_PROVIDED',
  'USERNAME_OR_PASSWORD_INCORRECT',
  'USER_LOCKED_OUT',
  'PASSWORD_CHANGE_REQUIRED',
  'INVALID_SESSION_ID',
  'PARAMETER_REQUIRED',
  'INVALID_DATA',
  'INSUFFICIENT_ACCESS',
  'OPERATION_NOT_ALLOWED',
  'ATTRIBUTE_NOT_SUPPORTED',
  'INVALID_FILTER',
  'INCORRECT_QUERY_SYNTAX_ERROR',
  'RACE_CONDITION',
  'EXCEEDS_FILE_MAX_SIZE',
  'API_LIMIT_EXCEEDED',
  'CONFIGURATION_MODE_ENABLED',
  'SDK_ERROR',
  'OPERATION_IN_PROGRESS',
  'ITEM_NAME_EXISTS',
  'USER_NOT_FOUND',
  'FEDERATED_ID_ALREADY_EXISTS',
];

/** The auth limit resets each minute; the burst window is longer, but a minute is the earliest it can help. */
export const API_LIMIT_RETRY_AFTER_SECONDS = 60;
