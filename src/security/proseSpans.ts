import { isNonSecretValue } from './nonSecretValue'
import { readsAsPassword } from './valueShape'
import type { SecretSpan } from './types'

/**
 * Credentials written in sentences, in the languages users chat in: "my password is X", "Das Passwort ist X",
 * "la contraseña es X", "mot de passe : X", "пароль: X", "密码是 X", "パスワードは X", "set PGPASSWORD to X",
 * "try X as the password", "login is admin / X", "the key: <hex>". The value is one token (or a quoted run) that
 * reads as a password (see `readsAsPassword`), so "Password: at least 12 characters" stays as it is.
 */
const WORDS = [
  'passwords?', 'passwd', 'pwd', 'passphrase', 'passcode', 'pass', 'pw', 'passwort', 'kennwort', 'contraseñas?', 'contrasena', 'clave(?:\\s+secreta)?',
  'senha', 'wachtwoord', 'has[łl]o', 'пароль', '[şs]ifre', 'lösenord(?:et)?', 'salasana', 'parola', 'heslo', 'mot\\s+de\\s+passe',
  'secret', 'secret\\s+key', 'api\\s+key', 'access\\s+key', 'token', 'pin', 'creds', 'credentials',
  'jelsz[óo]t?', 'hesla', 'contrasenya', 'adgangskode', 'passord', 'wagwoord', 'lozink[au]', 'geslo', 'parool', 'parole',
  'slapta[žz]odis', 'lykilor[ðd]', 'cyfrinair', 'nenosiri', 'fjal[ëe]kalim[i]?', '[şs]ifr[əe]', 'κωδικ[όο][ςσ]?(?:\\s+πρόσβασης)?',
  'συνθηματικό', 'парола', 'лозинка', 'гасло', 'кодове\\s+слово', 'mật\\s+khẩu', 'mat\\s+khau', 'kata\\s+(?:sandi|laluan)',
  'סיסמ[הא]', 'הסיסמה', 'كلمة\\s+(?:المرور|السر)', 'رمز\\s+(?:عبور|المرور)', 'کلمه\\s+عبور', 'گذرواژه',
]
const COPULA = '(?:\\s*[:：]\\s*|\\s+(?:is|was|are|to|ist|lautet|war|es|era|est|était|é|è|är|er|is\\s+now|jest|это|-|—|–)\\s+|\\s*(?:は|是|为|為|：|가|는|은)\\s*)'
/** Labels matched without a word boundary: scripts written without spaces, or whose combining marks split words. */
const CJK = [
  'パスワード', '密码', '密碼', '口令', '비밀번호', '암호', 'पासवर्ड', 'कूटशब्द', 'পাসওয়ার্ড', 'সংকেতশব্দ', 'கடவுச்சொல்',
  'รหัสผ่าน', 'ລະຫັດຜ່ານ', 'ពាក្យសម្ងាត់', 'စကားဝှက်', 'پاس ورڈ', 'პაროლი', 'գաղտնաբառ',
]
const SENTENCE = new RegExp(`(?:(?<![\\p{L}\\p{N}_./:@-])(?:${WORDS.join('|')})|${CJK.join('|')})(?:\\s+(?:for|for\\s+the|of|of\\s+the|on|on\\s+the)\\s+[\\p{L}\\p{N}_-]+)?${COPULA}(?:(?:now|still|just|set\\s+to)\\s+)?`, 'giu')
/** `set PGPASSWORD to X`, `DB_PASSWORD is X` */
const ENV_SENTENCE = /(?<![\w$])[A-Z][A-Z0-9]*_?(?:PASSWORD|PASSWD|PWD|PASS|SECRET|TOKEN|KEY)\s+(?:to|is|=)\s+/gu
const AS_PASSWORD = /(?<=\s|^)(\S+)\s+as\s+(?:the\s+|a\s+|my\s+)?(?:password|passphrase|secret|token)\b/giu
/** `login is admin / X`, `creds: app / X`, `user/pass: u / X` */
const PAIR = /\b(?:login|logins|creds|credentials|user(?:name)?(?:\s*\/\s*pass(?:word)?)?|benutzer|usuario|utilisateur)\b[^\n/]{0,20}?[\w.@-]+\s+\/\s+(\S+)/giu
/**
 * A login told in a sentence: who, then the password, with no credential word between (`log in as admin with X`,
 * `-- run as etl / X`, `connect with app:X on db-1`, `signed in as "ops" using X`).
 */
const LOGIN_AS =
  /\b(?:log(?:ged|ging|s)?[ -]?in(?:to)?|sign(?:ed|ing|s)?[ -]?in|connect(?:ed|ing|s)?|authenticat(?:e|ed|es|ing)|run(?:s|ning)?|bind(?:s|ing)?)\b[^\n]{0,40}?\bas\s+["'`]?[\p{L}\p{N}_.@\\-]{1,64}["'`]?(?:\s+(?:with|using)\s+(?:(?:the|a|my)\s+)?(?:password\s+|pw\s+|pass\s+)?|\s*\/\s*)/giu
const JOINED_WORDS = /^\p{L}{3,}([-_.+])\p{L}{3,}(?:\1\p{L}{3,}){2,}[!?#*]?$/u
const LOGIN_PAIR = /\b(?:with|using|as)\s+[\p{L}\p{N}_.-]{1,64}:(?=\S+\s+(?:on|at|@)\s+[\w.-]+)/giu
/** `the key: <hex>`: a bare "key" takes only a long random value. */
const KEY_COLON = /(?<![\p{L}\p{N}_.-])key\s*[:=]\s*([A-Za-z0-9+/=_-]{24,})/giu

/** An unquoted value ends where a script without spaces starts again (`パスワードは8文字以上` holds no value). */
const VALUE = /(["'`“„«])([^"'`”“»\n]{1,200})(["'`”“»])|[^\s,;)}\]"'`，。、\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]+/uy

const trimEnd = (value: string): string => value.replace(/[.,:;…)]+$/u, '')

const valueAt = (text: string, at: number): { start: number; end: number } | undefined => {
  VALUE.lastIndex = at
  const m = VALUE.exec(text)
  if (m === null) return undefined
  if (m[2] !== undefined) return { start: at + 1, end: at + 1 + m[2].length }
  const value = trimEnd(m[0])
  return { start: at, end: at + value.length }
}

export const proseSpans = (text: string): SecretSpan[] => {
  const spans: SecretSpan[] = []
  const push = (start: number, end: number): void => {
    if (end > start && readsAsPassword(text.slice(start, end))) spans.push({ start, end, kind: 'connection-string' })
  }
  for (const m of [...text.matchAll(SENTENCE), ...text.matchAll(ENV_SENTENCE)]) {
    const value = valueAt(text, m.index + m[0].length)
    if (value !== undefined) push(value.start, value.end)
  }
  for (const m of text.matchAll(AS_PASSWORD)) {
    const value = trimEnd((m[1] ?? '').replace(/^["'`]|["'`]$/g, ''))
    const start = m.index + (m[1] ?? '').indexOf(value)
    push(start, start + value.length)
  }
  for (const m of [...text.matchAll(LOGIN_AS), ...text.matchAll(LOGIN_PAIR)]) {
    const value = valueAt(text, m.index + m[0].length)
    if (value === undefined) continue
    // Here a passphrase of four joined words is a password too (`log in as etl with Quill-Heron-Anvil-Tinder`).
    if (JOINED_WORDS.test(text.slice(value.start, value.end))) spans.push({ ...value, kind: 'connection-string' })
    else push(value.start, value.end)
  }
  for (const m of text.matchAll(PAIR)) {
    const value = trimEnd(m[1] ?? '')
    const start = m.index + m[0].length - (m[1] ?? '').length
    push(start, start + value.length)
  }
  for (const m of text.matchAll(KEY_COLON)) {
    const value = m[1] ?? ''
    if (/\d/.test(value) && /[A-Za-z]/.test(value) && !isNonSecretValue(value)) spans.push({ start: m.index + m[0].length - value.length, end: m.index + m[0].length, kind: 'connection-string' })
  }
  return spans
}
