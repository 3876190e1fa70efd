import { readFile } from 'node:fs/promises';
import { z } from 'zod';

const versionNumber = z.number().int().nonnegative();
const apiName = z
  .string()
  .regex(/^[a-z0-9_]+__(v|vs|c|sys)$/, 'must be a Vault API name like supporting_documents__vs');

const seedDocumentSchema = z.strictObject({
  id: z.number().int().positive(),
  /** Document type API name; the metadata endpoint answers for the types documents use. */
  type: apiName.default('base_document__v'),
  name: z.string().optional(),
  versions: z.array(z.tuple([versionNumber, versionNumber])).min(1, 'a document needs at least one version'),
});

const relationshipTypeSchema = z.strictObject({
  value: apiName,
  label: z.string().min(1),
  sourceDocVersionSpecific: z.boolean().default(true),
  /** Target versions are required on create when true. */
  targetDocVersionSpecific: z.boolean(),
  /** Standard (system-managed) types such as based_on__v cannot be created through the API. */
  system: z.boolean().default(false),
  singleUse: z.boolean().default(false),
});

export const seedSchema = z
  .strictObject({
    documents: z.array(seedDocumentSchema).min(1),
    relationshipTypes: z.array(relationshipTypeSchema).min(1),
  })
  .superRefine((seed, context) => {
    const duplicateOf = (values: (number | string)[]) =>
      values.find((value, index) => values.indexOf(value) !== index);
    const documentId = duplicateOf(seed.documents.map((document) => document.id));
    if (documentId !== undefined)
      context.addIssue({
        code: 'custom',
        path: ['documents'],
        message: `document id ${documentId} appears twice`,
      });
    const typeName = duplicateOf(seed.relationshipTypes.map((type) => type.value));
    if (typeName !== undefined)
      context.addIssue({
        code: 'custom',
        path: ['relationshipTypes'],
        message: `relationship type ${typeName} appears twice`,
      });
  });

export type Seed = z.input<typeof seedSchema>;
export type ParsedSeed = z.output<typeof seedSchema>;
export type SeedDocument = z.input<typeof seedDocumentSchema>;
export type ParsedSeedDocument = z.output<typeof seedDocumentSchema>;
export type RelationshipType = z.output<typeof relationshipTypeSchema>;

export class InvalidSeedError extends Error {
  override name = 'InvalidSeedError';
}

/** Validates a seed object; the error lists every problem with its path so a bad file is quick to fix. */
export const parseSeed = (input: unknown, source = 'seed'): ParsedSeed => {
  const result = seedSchema.safeParse(input);
  if (!result.success)
    throw new InvalidSeedError(`${source} is not a valid seed:\n${z.prettifyError(result.error)}`);
  return result.data;
};

export const parseSeedDocument = (input: SeedDocument): ParsedSeedDocument => {
  const result = seedDocumentSchema.safeParse(input);
  if (!result.success) throw new InvalidSeedError(`invalid document:\n${z.prettifyError(result.error)}`);
  return result.data;
};

export const readSeedFile = async (path: string): Promise<ParsedSeed> => {
  const text = await readFile(path, 'utf8');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new InvalidSeedError(`${path} is not JSON: ${(error as Error).message}`);
  }
  return parseSeed(json, path);
};
