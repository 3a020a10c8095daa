import type { SecretSpan } from './types'

/**
 * Second-factor and account-recovery secrets, by their shape and the words that introduce them:
 * - a BitLocker recovery key (`123456-…`, eight groups of six digits) and a 1Password Secret Key (`A3-XXXXXX-…`);
 * - a TOTP seed after a label such as "setup key", "2FA secret", "authenticator": base32, one run or in groups of
 *   four (`k3m7 q2xp w5zr t4yn`), with at least one of the digits 2–7;
 * - recovery or backup codes after their label: every code in the list that follows (`4f2a9-c81d3`, `4829 1735`),
 *   each with a digit in every group, so "from 2021" is not a code;
 * - a session cookie in a `Cookie:` / `Set-Cookie:` header (`sessionid=…`, `connect.sid=…`, `_app_session=…`).
 */
const FIXED = /(?<![\d-])\d{6}(?:-\d{6}){7}(?![\d-])|(?<![\w-])A3-[A-Z0-9]{6}-[A-Z0-9]{5,6}(?:-[A-Z0-9]{5}){4}(?![\w-])/g
const OTP_LABEL = /(?:setup[ -]?key|secret[ -]?key|totp|2fa|mfa|otp|two[- ]factor|authenticator|seed|zwei-faktor|doble factor|двухфактор)/giu
const SEED = /(?<![A-Za-z0-9])(?:[A-Z2-7]{4}(?: [A-Z2-7]{4}){3,12}|[a-z2-7]{4}(?: [a-z2-7]{4}){3,12}|[A-Z2-7]{16,64})(?![A-Za-z0-9])/g
const RECOVERY_LABEL =
  /(?:recovery|backup|emergency|scratch|wiederherstellung|notfall|recuperaci[óo]n|respaldo|r[ée]cup[ée]ration|secours|recupera[çc][ãa]o|odzyskiw|восстановл|резервн|リカバリ|バックアップ|恢复|备用|복구|백업)[^\n]{0,40}?(?:codes?|keys?|c[óo]digos?|schl[üu]ssel|коды?|コード|代码|코드)|(?:c[óo]digos?|codes?)\s+(?:de\s+)?(?:recuperaci[óo]n|respaldo|r[ée]cup[ée]ration|secours|recupera[çc][ãa]o|backup)/giu
const CODE = /(?<![\w-])(?:[A-Za-z0-9]{4,6}[- ][A-Za-z0-9]{4,6}(?:[- ][A-Za-z0-9]{4,6})?|\d{8,10})(?![\w-])/g
const COOKIE =
  /\b(?:Set-)?Cookie\s*:[^\n]*?(?<![\w.-])(?:session|sessionid|session_id|sid|connect\.sid|PHPSESSID|JSESSIONID|laravel_session|_[\w-]+_session|remember_token|remember_user_token|auth_token)=([^;\s$<{[][^;\s]{15,})/gi

const isCode = (code: string): boolean =>
  /\d/.test(code) && code.split(/[- ]/).every((group) => /\d/.test(group) || /^(?:[a-f]+|[A-F]+)$/.test(group))

export const oneTimeCodeSpans = (text: string): SecretSpan[] => {
  const spans: SecretSpan[] = []
  const push = (start: number, value: string): void => {
    spans.push({ start, end: start + value.length, kind: 'secret-field' })
  }
  for (const m of text.matchAll(FIXED)) push(m.index, m[0])
  for (const m of text.matchAll(COOKIE)) push(m.index + m[0].length - (m[1] ?? '').length, m[1] ?? '')
  for (const label of text.matchAll(OTP_LABEL)) {
    const from = label.index + label[0].length
    for (const m of text.slice(from, from + 200).matchAll(SEED)) if (/[2-7]/.test(m[0]) && /[A-Za-z]{2}/.test(m[0])) push(from + m.index, m[0])
  }
  for (const label of text.matchAll(RECOVERY_LABEL)) {
    const from = label.index + label[0].length
    for (const m of text.slice(from, from + 400).matchAll(CODE)) if (isCode(m[0])) push(from + m.index, m[0])
  }
  return spans
}
