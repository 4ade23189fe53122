// The message editor's text work: putting "{变量}" where the cursor is, and finding the variables a
// template uses so unknown ones are flagged before the server refuses them (rule.unknown_variable).
import type { Variable } from '../../api/rules';

/** Built-in variables every template may use. */
export const builtinVariables = ['today', 'now'];

/** `text` with "{name}" in place of the selection [start, end); the cursor goes after it. Positions out of
 *  range (no focus yet) append at the end. */
export function insertVariable(text: string, start: number | null | undefined, end: number | null | undefined, name: string): { text: string; cursor: number } {
  const from = start === null || start === undefined || start < 0 || start > text.length ? text.length : start;
  const to = end === null || end === undefined || end < from || end > text.length ? from : end;
  const token = `{${name}}`;
  return { text: text.slice(0, from) + token + text.slice(to), cursor: from + token.length };
}

/** The variable names in `template`, in order of first use ("{{" is not a variable). */
export function usedVariables(template: string): string[] {
  const names: string[] = [];
  for (const match of template.matchAll(/\{([^{}\s][^{}]*)\}/g)) {
    const name = match[1].trim();
    if (!names.includes(name)) names.push(name);
  }
  return names;
}

/** Names used in `template` that are neither offered variables (by name or path) nor built-ins. */
export function unknownVariables(template: string, variables: readonly Variable[]): string[] {
  const known = new Set([...builtinVariables, ...variables.flatMap((v) => [v.name, v.path])]);
  return usedVariables(template).filter((name) => !known.has(name));
}
