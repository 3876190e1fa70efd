import { z } from 'zod';
import { duplicateTopLevelKeys } from './duplicate-keys';
import { InvalidMessageError } from './errors';

/** Vault ids are 32-bit signed integers; anything above cannot name a real document. */
export const MAX_VAULT_INTEGER = 2 ** 31 - 1;

// Digit strings are accepted because CSV exports and some producers stringify numbers; anything
// that is not plain digits ("548/../1", "5e2", "-1", " 5") could smuggle a path or a different id.
const INTEGER_RULE = `must be a non-negative integer (or a string of digits) no greater than ${MAX_VAULT_INTEGER}`;
const vaultInteger = z
  .union(
    [
      z.int(INTEGER_RULE).min(0, INTEGER_RULE).max(MAX_VAULT_INTEGER, INTEGER_RULE),
      z.string().regex(/^\d{1,10}$/, INTEGER_RULE),
    ],
    {
      error: (issue) => (issue.input === undefined ? 'is required' : INTEGER_RULE),
    },
  )
  .transform((value) => Number(value))
  .pipe(z.int().max(MAX_VAULT_INTEGER, INTEGER_RULE));

const relationshipType = z
  .string({ error: (issue) => (issue.input === undefined ? 'is required' : 'must be a string') })
  // Its own message: the schema-level one above would call a 10,000-character string "not a string".
  .max(128, 'must be at most 128 characters')
  .regex(
    /^[a-z0-9_]+__(v|vs|c|sys)$/,
    'must be a Vault API name: lowercase letters, digits and underscores ending in __v, __vs, __c or __sys',
  );

export const relationshipMessageSchema = z
  .strictObject({
    source_doc_id__v: vaultInteger,
    source_major_version__v: vaultInteger,
    source_minor_version__v: vaultInteger,
    target_doc_id__v: vaultInteger,
    target_major_version__v: vaultInteger.optional(),
    target_minor_version__v: vaultInteger.optional(),
    relationship_type__v: relationshipType,
  })
  .superRefine((message, ctx) => {
    const major = message.target_major_version__v === undefined;
    const minor = message.target_minor_version__v === undefined;
    if (major !== minor) {
      const missing = major ? 'target_major_version__v' : 'target_minor_version__v';
      ctx.addIssue({ code: 'custom', path: [missing], message: 'target versions come as a pair' });
    }
  });

/** A validated, normalised relationship: every id and version is a number. */
export type RelationshipMessage = z.output<typeof relationshipMessageSchema>;
/** What a producer may send (numbers or digit strings). */
export type RelationshipMessageInput = z.input<typeof relationshipMessageSchema>;

const describeIssue = (issue: z.core.$ZodIssue): { fields: string[]; text: string } => {
  if (issue.code === 'unrecognized_keys') {
    return { fields: issue.keys, text: `unknown field(s) ${issue.keys.join(', ')}` };
  }
  const field = issue.path.join('.') || '(message)';
  return { fields: [field], text: `${field} ${issue.message}` };
};

/** Validates already-decoded JSON (a CSV row, a JSON line, a parsed body). Throws InvalidMessageError. */
export const validateRelationshipMessage = (value: unknown): RelationshipMessage => {
  const result = relationshipMessageSchema.safeParse(value);
  if (result.success) return result.data;
  const described = result.error.issues.map(describeIssue);
  throw new InvalidMessageError(
    described.map((d) => d.text).join('; '),
    described.flatMap((d) => d.fields),
  );
};

/** Parses an SQS body. Throws InvalidMessageError naming the field (or the body) that is wrong. */
export const parseRelationshipMessage = (body: string): RelationshipMessage => {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    // An invisible BOM (some Windows tools write one) makes a body that looks right fail: say so.
    const why = body.startsWith('\uFEFF') ? ': it starts with a byte order mark (U+FEFF)' : '';
    throw new InvalidMessageError(`body is not valid JSON${why}`, ['(body)']);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new InvalidMessageError('body must be a JSON object with one relationship', ['(body)']);
  }
  const repeated = duplicateTopLevelKeys(body);
  if (repeated.length > 0) {
    throw new InvalidMessageError(`field(s) given more than once: ${repeated.join(', ')}`, repeated);
  }
  return validateRelationshipMessage(value);
};

/** The JSON Schema shipped in schema/ for producers in other languages (what they may send). */
export const relationshipMessageJsonSchema = () =>
  z.toJSONSchema(relationshipMessageSchema, { io: 'input', target: 'draft-2020-12' });
