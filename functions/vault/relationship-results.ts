import type { CreateResult } from '../relationships/ports';
import {
  classifyVaultBody,
  readVaultEnvelope,
  VAULT_RESPONSE_STATUSES,
  type VaultAnswer,
  type VaultEnvelope,
} from './classify-vault-answer';
import { isDuplicateFailure } from './duplicate-relationship';
import { VaultUnavailableError } from './vault-errors';

const badResponse = (why: string) => new VaultUnavailableError('VAULT_BAD_RESPONSE', why);

const relationshipId = (value: unknown): number | undefined => {
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0) return value;
  if (typeof value === 'string' && /^\d{1,10}$/.test(value)) return Number(value);
  return undefined;
};

/**
 * What Vault did with one relationship (a single answer or one bulk row): a new id is created,
 * id 0 or a duplicate FAILURE is existed, anything else throws the classified error.
 */
const relationshipOutcome = (entry: unknown, duplicatePattern: RegExp): CreateResult => {
  const envelope = entry as VaultEnvelope | null;
  if (
    typeof envelope !== 'object' ||
    envelope === null ||
    !VAULT_RESPONSE_STATUSES.has(String(envelope.responseStatus))
  ) {
    throw badResponse('Vault answered a relationship without a response status');
  }
  if (isDuplicateFailure(envelope, duplicatePattern)) return { kind: 'existed' };
  const success = classifyVaultBody(envelope);
  const id = relationshipId(success.id);
  if (id === undefined) throw badResponse('Vault answered SUCCESS for a relationship without an id');
  return id > 0 ? { kind: 'created', id } : { kind: 'existed' };
};

/** The seed endpoint's answer. Throws for the whole call (HTTP, envelope) like any Vault failure. */
export const singleOutcome = (answer: VaultAnswer, duplicatePattern: RegExp): CreateResult =>
  relationshipOutcome(readVaultEnvelope(answer), duplicatePattern);

const settle = (entry: unknown, duplicatePattern: RegExp): PromiseSettledResult<CreateResult> => {
  try {
    return { status: 'fulfilled', value: relationshipOutcome(entry, duplicatePattern) };
  } catch (error) {
    return { status: 'rejected', reason: error };
  }
};

/**
 * The bulk answer mapped back to its rows, in input order. The top-level status when only some rows
 * fail is undocumented, so rows are read whenever a data array is present. Throws when the call as
 * a whole failed (no data array): the caller rejects the chunk, or logs in again on INVALID_SESSION_ID.
 */
export const bulkOutcomes = (
  answer: VaultAnswer,
  rowCount: number,
  duplicatePattern: RegExp,
): PromiseSettledResult<CreateResult>[] => {
  const envelope = readVaultEnvelope(answer);
  if (!Array.isArray(envelope.data)) {
    classifyVaultBody(envelope);
    throw badResponse('Vault answered the bulk call without per-row results');
  }
  // Rows are matched by position; with a different count no row can be matched safely. Retrying is
  // safe: a row that was in fact created comes back as existed.
  if (envelope.data.length !== rowCount) {
    const error = badResponse(`Vault answered ${envelope.data.length} results for ${rowCount} rows`);
    return Array.from({ length: rowCount }, () => ({ status: 'rejected', reason: error }));
  }
  return envelope.data.map((entry) => settle(entry, duplicatePattern));
};
