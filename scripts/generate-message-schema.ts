import { writeFileSync } from 'node:fs';
import { MESSAGE_SCHEMA_PATH, renderMessageSchema } from './message-schema-file';

// `npm run schema`: rewrite the committed JSON Schema after changing functions/relationships/message.ts.
writeFileSync(MESSAGE_SCHEMA_PATH, renderMessageSchema());
console.log(`wrote ${MESSAGE_SCHEMA_PATH}`);
