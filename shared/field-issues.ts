import type { z } from './zod';
import type { Issue } from './result';

/** A validation problem per form field, as i18n keys, from a failed zod parse. */
export function fieldIssues(error: z.ZodError): Record<string, Issue> {
  const fields: Record<string, Issue> = {};
  for (const issue of error.issues) {
    const field = issue.path.length ? issue.path.map(String).join('.') : '_';
    if (fields[field]) continue;
    if (issue.code === 'custom') {
      const params = (issue as { params?: Record<string, string | number> }).params;
      fields[field] = params && Object.keys(params).length
        ? { key: issue.message, params }
        : { key: issue.message };
    } else if (issue.code === 'unrecognized_keys') {
      fields[field] = { key: 'validation.unknownField', params: { keys: issue.keys.join(', ') } };
    } else if (issue.code === 'too_big' && issue.origin === 'string') {
      fields[field] = { key: 'validation.tooLong', params: { max: Number(issue.maximum) } };
    } else {
      fields[field] = { key: 'validation.invalid' };
    }
  }
  return fields;
}
