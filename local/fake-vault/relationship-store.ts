import type { ParsedSeed, ParsedSeedDocument, RelationshipType } from './seed-schema';
import type { CreatedRelationship, NewRelationship } from './types';

interface StoredDocument {
  type: string;
  /** "major.minor" keys for O(1) version checks. */
  versions: Set<string>;
}

export type InsertResult = { created: true; id: number } | { created: false; existingId: number };

const versionKey = (major: number, minor: number) => `${major}.${minor}`;
const sourceKey = (docId: number, major: number, minor: number) => `${docId}/${major}/${minor}`;

/**
 * One vault's documents, relationship types and relationships. Lookups are Map-based so a
 * benchmark pushing tens of thousands of rows never scans the seed or the relationship list.
 */
export class VaultStore {
  private readonly documents = new Map<number, StoredDocument>();
  private readonly documentTypes = new Set<string>(['base_document__v']);
  private readonly types = new Map<string, RelationshipType>();
  private readonly byKey = new Map<string, number>();
  private readonly bySource = new Map<string, CreatedRelationship[]>();
  private readonly rows = new Map<number, { row: CreatedRelationship; key: string }>();
  private nextId = 1;

  constructor(
    readonly vaultId: number,
    seed: ParsedSeed,
  ) {
    for (const document of seed.documents) this.addDocument(document);
    for (const type of seed.relationshipTypes) this.types.set(type.value, type);
  }

  addDocument(document: ParsedSeedDocument): void {
    const existing = this.documents.get(document.id);
    const versions = existing?.versions ?? new Set<string>();
    for (const [major, minor] of document.versions) versions.add(versionKey(major, minor));
    this.documents.set(document.id, { type: document.type, versions });
    this.documentTypes.add(document.type);
  }

  hasDocument(docId: number): boolean {
    return this.documents.has(docId);
  }

  hasVersion(docId: number, major: number, minor: number): boolean {
    return this.documents.get(docId)?.versions.has(versionKey(major, minor)) ?? false;
  }

  hasDocumentType(documentType: string): boolean {
    return this.documentTypes.has(documentType);
  }

  relationshipType(value: string): RelationshipType | undefined {
    return this.types.get(value);
  }

  relationshipTypes(): RelationshipType[] {
    return [...this.types.values()];
  }

  /** Inserts unless the same relationship already exists; duplicates report the existing id. */
  insert(row: NewRelationship, createdBy: number, now: number): InsertResult {
    const key = [
      row.source_doc_id__v,
      row.source_major_version__v,
      row.source_minor_version__v,
      row.relationship_type__v,
      row.target_doc_id__v,
      row.target_major_version__v ?? '',
      row.target_minor_version__v ?? '',
    ].join('|');
    const existingId = this.byKey.get(key);
    if (existingId !== undefined) return { created: false, existingId };
    const id = this.nextId;
    this.nextId += 1;
    const stored: CreatedRelationship = {
      id,
      vaultId: this.vaultId,
      ...row,
      createdBy,
      createdAt: new Date(now).toISOString(),
    };
    this.byKey.set(key, id);
    this.rows.set(id, { row: stored, key });
    const source = sourceKey(row.source_doc_id__v, row.source_major_version__v, row.source_minor_version__v);
    const list = this.bySource.get(source);
    if (list) list.push(stored);
    else this.bySource.set(source, [stored]);
    return { created: true, id };
  }

  ofSourceVersion(docId: number, major: number, minor: number): CreatedRelationship[] {
    return this.bySource.get(sourceKey(docId, major, minor)) ?? [];
  }

  /** Deletes a relationship of the given source version; false when there is no such relationship. */
  remove(docId: number, major: number, minor: number, id: number): boolean {
    const entry = this.rows.get(id);
    const source = sourceKey(docId, major, minor);
    if (!entry) return false;
    const { row, key } = entry;
    if (sourceKey(row.source_doc_id__v, row.source_major_version__v, row.source_minor_version__v) !== source)
      return false;
    this.rows.delete(id);
    this.byKey.delete(key);
    const list = this.bySource.get(source) ?? [];
    this.bySource.set(
      source,
      list.filter((candidate) => candidate.id !== id),
    );
    return true;
  }

  all(): CreatedRelationship[] {
    return [...this.rows.values()].map(({ row }) => ({ ...row }));
  }
}
