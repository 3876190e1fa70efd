import type { VaultError } from './envelope';
import type { VaultStore } from './relationship-store';
import type { NewRelationship } from './types';

/** One create request, from the seed endpoint (path + form) or one bulk row (JSON or CSV). */
export type RelationshipInput = Partial<Record<keyof NewRelationship, unknown>>;

export type CheckResult = { ok: true; row: NewRelationship } | { ok: false; error: VaultError };

const REQUIRED: (keyof NewRelationship)[] = [
  'source_doc_id__v',
  'source_major_version__v',
  'source_minor_version__v',
  'target_doc_id__v',
  'relationship_type__v',
];

const NUMERIC: (keyof NewRelationship)[] = [
  'source_doc_id__v',
  'source_major_version__v',
  'source_minor_version__v',
  'target_doc_id__v',
  'target_major_version__v',
  'target_minor_version__v',
];

const isMissing = (value: unknown) => value === undefined || value === null || value === '';

const toWholeNumber = (value: unknown): number | undefined => {
  if (typeof value === 'number')
    return Number.isInteger(value) && value >= 0 && value <= 2_147_483_647 ? value : undefined;
  if (typeof value === 'string' && /^\d{1,10}$/.test(value.trim())) {
    const number = Number(value.trim());
    return number <= 2_147_483_647 ? number : undefined;
  }
  return undefined;
};

const fail = (type: string, message: string): CheckResult => ({ ok: false, error: { type, message } });

/**
 * The checks Vault applies before creating a document relationship, in the order a caller
 * meets them. Missing source/target documents, versions and unknown types are answered with
 * INVALID_DATA (the public docs are silent; it is the plausible reading).
 */
export const checkRelationship = (store: VaultStore, input: RelationshipInput): CheckResult => {
  for (const field of REQUIRED) {
    if (isMissing(input[field])) return fail('PARAMETER_REQUIRED', `Missing required parameter [${field}].`);
  }
  const numbers: Partial<Record<keyof NewRelationship, number>> = {};
  for (const field of NUMERIC) {
    if (isMissing(input[field])) continue;
    const number = toWholeNumber(input[field]);
    if (number === undefined)
      return fail('INVALID_DATA', `Invalid value for [${field}]: expected a whole number.`);
    numbers[field] = number;
  }
  const typeName = String(input.relationship_type__v).trim();
  const sourceId = numbers.source_doc_id__v as number;
  const sourceMajor = numbers.source_major_version__v as number;
  const sourceMinor = numbers.source_minor_version__v as number;
  const targetId = numbers.target_doc_id__v as number;

  if (!store.hasDocument(sourceId)) return fail('INVALID_DATA', `Invalid document id [${sourceId}].`);
  if (!store.hasVersion(sourceId, sourceMajor, sourceMinor)) {
    return fail(
      'INVALID_DATA',
      `Invalid version [${sourceMajor}.${sourceMinor}] for document [${sourceId}].`,
    );
  }
  const type = store.relationshipType(typeName);
  if (!type) return fail('INVALID_DATA', `Invalid relationship type [${typeName}].`);
  if (type.system) {
    return fail(
      'OPERATION_NOT_ALLOWED',
      `Relationship type [${typeName}] is a standard type and cannot be created.`,
    );
  }
  if (!store.hasDocument(targetId)) return fail('INVALID_DATA', `Invalid target document id [${targetId}].`);

  const targetMajor = numbers.target_major_version__v;
  const targetMinor = numbers.target_minor_version__v;
  if (targetMajor === undefined && targetMinor !== undefined) {
    return fail('PARAMETER_REQUIRED', 'Missing required parameter [target_major_version__v].');
  }
  if (targetMinor === undefined && targetMajor !== undefined) {
    return fail('PARAMETER_REQUIRED', 'Missing required parameter [target_minor_version__v].');
  }
  if (targetMajor === undefined && type.targetDocVersionSpecific) {
    return fail(
      'PARAMETER_REQUIRED',
      `Missing required parameters [target_major_version__v, target_minor_version__v] for target version specific relationship type [${typeName}].`,
    );
  }
  if (targetMajor !== undefined && !store.hasVersion(targetId, targetMajor, targetMinor as number)) {
    return fail(
      'INVALID_DATA',
      `Invalid version [${targetMajor}.${targetMinor}] for target document [${targetId}].`,
    );
  }

  const row: NewRelationship = {
    source_doc_id__v: sourceId,
    source_major_version__v: sourceMajor,
    source_minor_version__v: sourceMinor,
    target_doc_id__v: targetId,
    relationship_type__v: typeName,
  };
  // A type that is not target-version specific links to the document, not a version: versions sent
  // along are checked but not stored, so the same link sent with and without them is one relationship.
  if (type.targetDocVersionSpecific) {
    row.target_major_version__v = targetMajor;
    row.target_minor_version__v = targetMinor;
  }
  return { ok: true, row };
};
