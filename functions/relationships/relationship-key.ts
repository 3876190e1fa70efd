import type { RelationshipMessage } from './message';

/** The fields that name one document relationship within a vault. */
export type RelationshipFields = Pick<
  RelationshipMessage,
  | 'source_doc_id__v'
  | 'source_major_version__v'
  | 'source_minor_version__v'
  | 'target_doc_id__v'
  | 'target_major_version__v'
  | 'target_minor_version__v'
  | 'relationship_type__v'
>;

/**
 * One string per relationship within a vault: two rows get the same key exactly when they name
 * the same relationship (an absent target version is its own value, not a wildcard).
 */
export const relationshipKey = (row: RelationshipFields): string =>
  JSON.stringify([
    row.source_doc_id__v,
    row.source_major_version__v,
    row.source_minor_version__v,
    row.target_doc_id__v,
    row.target_major_version__v ?? null,
    row.target_minor_version__v ?? null,
    row.relationship_type__v,
  ]);
