import type { RelationshipMessage } from '../relationships/message';
import type { VaultRequest } from './vault-client';

/** Veeva's limit for one bulk relationship call. */
export const MAX_BULK_ROWS = 1000;

// Ids are validated integers; encoding anyway keeps the path safe if that ever changes.
const segment = (value: number) => encodeURIComponent(String(value));

/** The seed endpoint: one relationship, the source document version in the path, the rest form-encoded. */
export const singleCreateRequest = (row: RelationshipMessage, sessionId: string): VaultRequest => {
  const form: Record<string, string> = {
    target_doc_id__v: String(row.target_doc_id__v),
    relationship_type__v: row.relationship_type__v,
  };
  if (row.target_major_version__v !== undefined && row.target_minor_version__v !== undefined) {
    form.target_major_version__v = String(row.target_major_version__v);
    form.target_minor_version__v = String(row.target_minor_version__v);
  }
  return {
    method: 'POST',
    path: `/objects/documents/${segment(row.source_doc_id__v)}/versions/${segment(row.source_major_version__v)}/${segment(row.source_minor_version__v)}/relationships`,
    sessionId,
    form,
  };
};

/** The bulk endpoint: a JSON array of rows in Vault's column names, results come back one per row. */
export const bulkCreateRequest = (rows: readonly RelationshipMessage[], sessionId: string): VaultRequest => ({
  method: 'POST',
  path: '/objects/documents/relationships/batch',
  sessionId,
  json: rows.map((row) => ({
    source_doc_id__v: row.source_doc_id__v,
    source_major_version__v: row.source_major_version__v,
    source_minor_version__v: row.source_minor_version__v,
    target_doc_id__v: row.target_doc_id__v,
    ...(row.target_major_version__v === undefined || row.target_minor_version__v === undefined
      ? {}
      : {
          target_major_version__v: row.target_major_version__v,
          target_minor_version__v: row.target_minor_version__v,
        }),
    relationship_type__v: row.relationship_type__v,
  })),
});
