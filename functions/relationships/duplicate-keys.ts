/**
 * The names that occur more than once among the top-level keys of a JSON object text. JSON.parse
 * silently keeps the last of duplicate keys, so `{"target_doc_id__v":549,…,"target_doc_id__v":1}`
 * would create a relationship the producer may not have meant; the relay rejects such a body instead.
 * Only the top level matters: every field of a message is a scalar, so nested keys are rejected anyway.
 * Expects text that JSON.parse has already accepted.
 */
export const duplicateTopLevelKeys = (json: string): string[] => {
  const seen = new Set<string>();
  const duplicates = new Set<string>();
  let depth = 0;
  let index = 0;
  while (index < json.length) {
    const char = json[index];
    if (char === '"') {
      const start = index;
      index += 1;
      while (index < json.length && json[index] !== '"') index += json[index] === '\\' ? 2 : 1;
      index += 1;
      if (depth !== 1) continue;
      let next = index;
      while (next < json.length && /\s/.test(json[next] as string)) next += 1;
      if (json[next] !== ':') continue;
      // The raw token may spell the name with escapes (\u0073…): compare decoded names.
      const name = JSON.parse(json.slice(start, index)) as string;
      if (seen.has(name)) duplicates.add(name);
      seen.add(name);
      continue;
    }
    if (char === '{' || char === '[') depth += 1;
    else if (char === '}' || char === ']') depth -= 1;
    index += 1;
  }
  return [...duplicates];
};
