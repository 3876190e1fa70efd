import { InvalidMessageError } from '../../functions/relationships/errors';
import { parseRelationshipMessage } from '../../functions/relationships/message';
import { thrownOfType } from './caught-error';
import { seedRelationship } from './sqs-event-builder';

/** Probes for the message parser's rejections: bodies that may be invalid, and the error they get. */

/** The InvalidMessageError that parsing `body` throws; fails the test if the body is accepted. */
export const rejectionOf = (body: string): InvalidMessageError =>
  thrownOfType(() => parseRelationshipMessage(body), InvalidMessageError);

/** JSON of the seed relationship with fields replaced by any value, valid or not. */
export const withFields = (changes: Record<string, unknown>) =>
  JSON.stringify({ ...seedRelationship(), ...changes });
