import type { VaultEnvelope } from './classify-vault-answer';
import { LOGIN_ERROR_TYPES, TRANSIENT_ERROR_TYPES } from './vault-error-types';

/**
 * How a FAILURE that means "this relationship already exists" is recognised. Veeva documents no
 * error type for it (one vendor reports SUCCESS with id 0, which needs no guessing); a FAILURE
 * naming an existing or duplicate relationship is the other plausible answer. Types are stable and
 * messages are not, but no type is specific to this case, so this is a guess on the message text,
 * switchable through the gateway's `duplicatePattern` option (a never-matching pattern turns it off).
 * Narrow on purpose: a false "existed" deletes a message whose relationship was never created, while
 * a missed duplicate only parks a harmless message on the DLQ. So "duplicate" alone (a duplicate
 * column, a duplicate row) does not count; "already exist(s)" or "duplicate relationship" does.
 */
export const DEFAULT_DUPLICATE_PATTERN = /\balready exists?\b|\bduplicate (?:document )?relationship/i;

/** A FAILURE whose error names an existing relationship; session, login and transient types never count. */
export const isDuplicateFailure = (envelope: VaultEnvelope, pattern: RegExp): boolean =>
  envelope.responseStatus === 'FAILURE' &&
  Array.isArray(envelope.errors) &&
  envelope.errors.some(
    (error) =>
      typeof error?.message === 'string' &&
      !TRANSIENT_ERROR_TYPES.has(String(error.type)) &&
      !LOGIN_ERROR_TYPES.has(String(error.type)) &&
      pattern.test(error.message),
  );
