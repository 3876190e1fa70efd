import { type VaultBody, type VaultError, VaultFailure } from './envelope';
import { checkRelationship, type RelationshipInput } from './relationship-rules';
import type { VaultStore } from './relationship-store';
import { parseWholeNumber } from './router';

export interface RelationshipContext {
  store: VaultStore;
  userId: number;
  now: number;
  duplicate: 'success-id-0' | 'failure';
  duplicateErrorType: string;
}

export type RowResult =
  | { responseStatus: 'SUCCESS'; id: number }
  | { responseStatus: 'FAILURE'; errors: VaultError[] };

export const CREATED_MESSAGE = 'Document relationship successfully created.';

/** Validates and stores one relationship; a duplicate is answered as configured (id 0 or a FAILURE). */
export const createRelationship = (context: RelationshipContext, input: RelationshipInput): RowResult => {
  const checked = checkRelationship(context.store, input);
  if (!checked.ok) return { responseStatus: 'FAILURE', errors: [checked.error] };
  const inserted = context.store.insert(checked.row, context.userId, context.now);
  if (inserted.created) return { responseStatus: 'SUCCESS', id: inserted.id };
  if (context.duplicate === 'success-id-0') return { responseStatus: 'SUCCESS', id: 0 };
  const { row } = checked;
  const target =
    row.target_major_version__v === undefined
      ? `${row.target_doc_id__v}`
      : `${row.target_doc_id__v} v${row.target_major_version__v}.${row.target_minor_version__v}`;
  return {
    responseStatus: 'FAILURE',
    errors: [
      {
        type: context.duplicateErrorType,
        message: `Document relationship already exists [id ${inserted.existingId}]: ${row.source_doc_id__v} v${row.source_major_version__v}.${row.source_minor_version__v} → ${target} (${row.relationship_type__v}).`,
      },
    ],
  };
};

/** Path segments doc/major/minor must be whole numbers; anything else is not a valid URL. */
const pathVersion = (params: string[]) => {
  const [docId, major, minor] = params.slice(0, 3).map(parseWholeNumber);
  if (docId === undefined || major === undefined || minor === undefined) {
    throw new VaultFailure(
      'MALFORMED_URL',
      'The document id and version numbers in the URL must be whole numbers.',
    );
  }
  return { docId, major, minor };
};

export const createSingle = (
  context: RelationshipContext,
  params: string[],
  form: URLSearchParams,
): VaultBody => {
  const { docId, major, minor } = pathVersion(params);
  const result = createRelationship(context, {
    source_doc_id__v: docId,
    source_major_version__v: major,
    source_minor_version__v: minor,
    target_doc_id__v: form.get('target_doc_id__v') ?? undefined,
    target_major_version__v: form.get('target_major_version__v') ?? undefined,
    target_minor_version__v: form.get('target_minor_version__v') ?? undefined,
    relationship_type__v: form.get('relationship_type__v') ?? undefined,
  });
  if (result.responseStatus === 'FAILURE') return result;
  return { responseStatus: 'SUCCESS', responseMessage: CREATED_MESSAGE, id: result.id };
};

export const retrieve = (store: VaultStore, params: string[]): VaultBody => {
  const { docId, major, minor } = pathVersion(params);
  if (!store.hasDocument(docId)) throw new VaultFailure('INVALID_DATA', `Invalid document id [${docId}].`);
  if (!store.hasVersion(docId, major, minor)) {
    throw new VaultFailure('INVALID_DATA', `Invalid version [${major}.${minor}] for document [${docId}].`);
  }
  return {
    responseStatus: 'SUCCESS',
    responseMessage: 'Success',
    relationships: store.ofSourceVersion(docId, major, minor).map((row) => ({
      relationship: {
        id: row.id,
        source_doc_id__v: row.source_doc_id__v,
        source_major_version__v: row.source_major_version__v,
        source_minor_version__v: row.source_minor_version__v,
        relationship_type__v: row.relationship_type__v,
        target_doc_id__v: row.target_doc_id__v,
        target_major_version__v: row.target_major_version__v ?? null,
        target_minor_version__v: row.target_minor_version__v ?? null,
        created_by__v: row.createdBy,
        created_date__v: row.createdAt,
      },
    })),
  };
};

export const deleteSingle = (store: VaultStore, params: string[]): VaultBody => {
  const { docId, major, minor } = pathVersion(params);
  const id = parseWholeNumber(params[3]);
  if (id === undefined)
    throw new VaultFailure('MALFORMED_URL', 'The relationship id in the URL must be a whole number.');
  if (!store.remove(docId, major, minor, id)) {
    throw new VaultFailure('INVALID_DATA', `Invalid relationship id [${id}] for document [${docId}].`);
  }
  return { responseStatus: 'SUCCESS', responseMessage: 'Document relationship successfully deleted.', id };
};

export const metadata = (store: VaultStore, params: string[]): VaultBody => {
  const documentType = params[0] as string;
  if (!store.hasDocumentType(documentType)) {
    throw new VaultFailure('INVALID_DATA', `Invalid document type [${documentType}].`);
  }
  return {
    responseStatus: 'SUCCESS',
    relationshipTypes: store.relationshipTypes().map((type) => ({
      value: type.value,
      label: type.label,
      sourceDocVersionSpecific: type.sourceDocVersionSpecific,
      targetDocVersionSpecific: type.targetDocVersionSpecific,
      system: type.system,
      singleUse: type.singleUse,
    })),
  };
};
