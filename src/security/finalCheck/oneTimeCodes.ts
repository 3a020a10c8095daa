/**
 * Codes that let someone past a second factor or into an account: TOTP setup keys (base32, often written in groups
 * of four), recovery and backup codes (lists of short codes under a label), BitLocker recovery keys (eight groups of
 * six digits) and 1Password Secret Keys (`A3-` and six groups). The final check's own reading: labels and code
 * shapes, not the sanitizer's rules.
 */
const BITLOCKER = /(?<![\d-])\d{6}(?:-\d{6}){7}(?![\d-])/
const ONEPASSWORD_SECRET_KEY = /(?<![\w-])A3-[A-Z0-9]{6}-[A-Z0-9]{5,6}(?:-[A-Z0-9]{5}){4}(?![\w-])/
/** A label that announces a second-factor seed or recovery codes, in the languages users write in. */
const OTP_LABEL =
  /(?:totp|otp|2fa|mfa|two[- ]factor|authenticator|setup[ -]key|secret[ -]key|seed|zwei-faktor|doble factor|autenticaç[ãa]o|authentification|двухфактор|二要素|两步|2단계)/iu
const RECOVERY_LABEL =
  /(?:recovery|backup|emergency|rescue|scratch|one[- ]time|wiederherstellung|notfall|sicherung|recuperaci[óo]n|respaldo|r[ée]cup[ée]ration|secours|recupera[çc][ãa]o|backup|herstel|odzyskiw|восстановл|резервн|リカバリ|バックアップ|恢复|备用|복구|백업)/iu
/** Base32 (RFC 4648) in groups of four or as one run, with at least one digit: a TOTP seed. */
const BASE32 = /(?<![A-Za-z0-9])(?:[A-Z2-7]{4}(?: [A-Z2-7]{4}){3,12}|[a-z2-7]{4}(?: [a-z2-7]{4}){3,12}|[A-Z2-7]{16,64})(?![A-Za-z0-9])/g
/** One recovery code: `a1b2c-3d4e5` (two groups), `1234 5678` / `12345678` (digits), `K7Q2-M9XP` … */
const CODE = /(?<![\w-])(?:[A-Za-z0-9]{4,6}[- ][A-Za-z0-9]{4,6}(?:[- ][A-Za-z0-9]{4,6})?|\d{8,10}|[A-Za-z0-9]{8,12})(?![\w-])/g

/** A code mixes digits with letters or is a run of digits, and none of its groups is a word (`from 2021` is not a code). */
const mixed = (code: string): boolean =>
  /\d/.test(code) &&
  (/[A-Za-z]/.test(code) || /^\d{4}[ -]?\d{4}$|^\d{8,10}$/.test(code)) &&
  code.split(/[- ]/).every((group) => /\d/.test(group) || /^(?:[a-f]+|[A-F]+)$/.test(group))

/**
 * A recovery phrase that is not from the BIP39 list: twelve or more single words, numbered one a line or in a row
 * (`1. paddle 2. pocket …`), under a phrase, seed or mnemonic label.
 */
const PHRASE_LABEL = /(?:phrase|seed|mnemonic|wallet|recovery words|palabras|phrase secrète|wörter|фраза|シード|助记词)/iu
const NUMBERED_WORDS = /(?<![\p{L}\p{N}])1[.):][ \t]*\p{Ll}{3,12}(?:\s+\d{1,2}[.):][ \t]*\p{Ll}{3,12}){11,23}(?![\p{L}\p{N}])/u

/** The rule that found a one-time or recovery code, or `undefined`. */
export const oneTimeCodeRule = (text: string): string | undefined => {
  if (BITLOCKER.test(text)) return 'bitlocker-recovery-key'
  if (ONEPASSWORD_SECRET_KEY.test(text)) return 'onepassword-secret-key'
  const otp = OTP_LABEL.exec(text)
  if (otp !== null) {
    for (const m of text.slice(otp.index, otp.index + 400).matchAll(BASE32)) if (/[2-7]/.test(m[0]) && /[A-Za-z]{2}/.test(m[0])) return 'totp-secret'
  }
  const phrase = PHRASE_LABEL.exec(text)
  if (phrase !== null && NUMBERED_WORDS.test(text.slice(phrase.index, phrase.index + 400))) return 'recovery-phrase'
  const recovery = RECOVERY_LABEL.exec(text)
  if (recovery !== null) {
    const window = text.slice(recovery.index, recovery.index + 600)
    const codes = [...window.matchAll(CODE)].map((m) => m[0]).filter(mixed)
    // One code beside its label, or a list of them.
    if (codes.length >= 2 || (codes.length === 1 && /^[A-Za-z0-9]{4,6}[- ][A-Za-z0-9]{4,6}/.test(codes[0] ?? ''))) return 'recovery-codes'
  }
  return undefined
}
