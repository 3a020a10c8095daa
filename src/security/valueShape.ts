import { isNonSecretValue } from './nonSecretValue'

/**
 * Does a bare word in prose read as a password rather than as language? People's passwords mix letters with digits
 * or symbols (`Summer2024!`, `hunter2`, `Tr0ub4dor&3`); "at least 12 characters", "wrong", "see the vault" do not.
 * Only used where the grammar says a value follows a credential word ("my password is …").
 */
export const readsAsPassword = (value: string): boolean => {
  if (value.length < 4 || value.length > 200 || isNonSecretValue(value) || /\s/.test(value)) return false
  if (/^(?:\$\{|\{|<)/.test(value)) return false
  if (/^[\p{L}'’_-]+$/u.test(value) || /^\d{1,5}$/.test(value)) return false
  // Code, not a value: a call, a dotted name (`excluded.password`).
  if (value.includes('(') || /^[\p{L}_]+(?:\.[\p{L}_]+)+$/u.test(value)) return false
  if (/^(?:https?:\/\/|www\.|[~.]?\/)/.test(value)) return false
  // Placeholders in prose: `$PASS`, `${VAR}`, `<password>`, `...`
  if (/^(?:\$\w+|\$\{[^}]*\}|<[^>]*>|\.{3,}|…)$/.test(value)) return false
  return /[\p{L}]/u.test(value) || /[^\p{L}\p{N}]/u.test(value)
}
