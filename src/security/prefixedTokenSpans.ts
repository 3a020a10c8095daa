import { placeholderToken } from './tokenSpans'
import type { SecretSpan } from './types'

/**
 * Vendor-prefixed tokens, by grammar: a registered prefix, then a run of token characters long enough to be a key.
 * The sanitizer only needs to know where a token starts; it does not check each vendor's exact length or alphabet
 * (that is the final check's method), so a vendor lengthening its tokens does not open a hole here.
 *
 * `[prefix, minimum body length, body alphabet]`; the alphabet defaults to letters, digits, `_` and `-`.
 */
const PREFIXES: ReadonlyArray<readonly [string, number, string?]> = [
  ['ghp_', 30], ['gho_', 30], ['ghu_', 30], ['ghs_', 30], ['ghr_', 30], ['github_pat_', 40],
  ['glpat-', 20], ['gldt-', 20], ['glrt-', 20], ['glptt-', 20], ['glsoat-', 20], ['glcbt-', 20], ['glimt-', 20],
  ['npm_', 30], ['pypi-', 50], ['hf_', 30], ['GOCSPX-', 24], ['ya29.', 30], ['1//0', 30],
  ['dop_v1_', 40], ['doo_v1_', 40], ['dor_v1_', 40], ['sbp_', 32], ['pscale_tkn_', 24], ['pscale_pw_', 24], ['pscale_oauth_', 24],
  ['SK', 32, '0-9a-f'], ['dapi', 32, '0-9a-f'], ['SG.', 60, 'A-Za-z0-9_.-'], ['shpat_', 32], ['shpca_', 32], ['shppa_', 32], ['shpss_', 32],
  ['key-', 32, '0-9a-f'], ['dp.pt.', 30], ['dp.st.', 30], ['dp.sa.', 30], ['dp.ct.', 30], ['PMAK-', 50],
  ['lin_api_', 30], ['lin_oauth_', 30], ['glc_', 30, 'A-Za-z0-9+/='], ['glsa_', 30], ['hvs.', 24], ['hvb.', 24], ['hvr.', 24],
  ['AGE-SECRET-KEY-1', 50, 'A-Z0-9'], ['ntn_', 40], ['secret_', 40, 'A-Za-z0-9'], ['figd_', 30], ['gsk_', 40], ['dckr_pat_', 24],
  ['ATATT3', 100, 'A-Za-z0-9_=-'], ['sntrys_', 40, 'A-Za-z0-9_=+/.-'], ['sntryu_', 40], ['NRAK-', 24], ['NRII-', 24],
  ['sk.eyJ', 40, 'A-Za-z0-9_.-'], ['EAAA', 50], ['sq0atp-', 20], ['sq0csp-', 40], ['sl.', 100], ['fo1_', 40], ['fm1r_', 60, 'A-Za-z0-9+/=_-'], ['fm2_', 60, 'A-Za-z0-9+/=_-'],
  ['pul-', 40, '0-9a-f'], ['napi_', 50], ['r8_', 30], ['pplx-', 40], ['xai-', 60], ['ATBB', 30], ['squ_', 40], ['sqp_', 40], ['sqa_', 40],
  ['LTAI', 12, 'A-Za-z0-9'], ['AKID', 30, 'A-Za-z0-9'], ['CFPAT-', 40], ['bkua_', 40], ['pnu_', 30], ['CLOJARS_', 50], ['rubygems_', 40],
  ['xkeysib-', 60], ['dt0c01.', 80, 'A-Za-z0-9.'], ['rdme_', 60], ['aio_', 24], ['EZAK', 50], ['EZTK', 50], ['duffel_live_', 40], ['duffel_test_', 40],
  ['FLWSECK-', 32], ['FLWSECK_TEST-', 32], ['rnd_', 30], ['ops_eyJ', 100], ['HRKU-', 50], ['v1.0-', 150, '0-9a-f-'],
  ['access-production-', 36, '0-9a-f-'], ['access-development-', 36, '0-9a-f-'], ['access-sandbox-', 36, '0-9a-f-'],
  ['sk_live_', 16], ['rk_live_', 16], ['sk_test_', 16], ['rk_test_', 16], ['whsec_', 20], ['sk-ant-', 20], ['sk-proj-', 20], ['sk-svcacct-', 20], ['sk-admin-', 20],
  ['xoxb-', 20], ['xoxp-', 20], ['xoxa-', 20], ['xoxr-', 20], ['xoxs-', 20], ['xapp-', 20], ['AIza', 30], ['CCIPAT_', 30], ['pat', 78, 'A-Za-z0-9.'],
]

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')
const PATTERN = new RegExp(
  `(?<![A-Za-z0-9_./+-])(?:${PREFIXES.map(([p, n, cls]) => `${escape(p)}[${cls ?? 'A-Za-z0-9_-'}]{${n},}`).join('|')})(?![A-Za-z0-9_])`,
  'g',
)

/**
 * Shapes that carry no prefix but a structure of their own: a Telegram bot token (`<bot id>:AA…`), a Discord bot
 * token (three dotted parts), an Azure AD client secret (`…8Q~…`), a Mailchimp key (`<hex>-us<n>`), a Terraform Cloud
 * token (`….atlasv1.…`), a Braintree token and an Okta `SSWS` key.
 */
const SHAPES: readonly RegExp[] = [
  /(?<![\w:])\d{8,10}:AA[A-Za-z0-9_-]{30,}(?![\w-])/g,
  // The same token inside a Bot API URL: `https://api.telegram.org/bot<id>:<token>/sendMessage`.
  /(?<=\/bot)\d{6,12}:[A-Za-z0-9_-]{30,}(?![\w-])/g,
  /(?<![\w.-])[MN][A-Za-z0-9]{23,25}\.[A-Za-z0-9_-]{6}\.[A-Za-z0-9_-]{27,38}(?![\w-])/g,
  /(?<![\w~.-])[A-Za-z0-9_~.]{3}\dQ~[A-Za-z0-9_~.-]{31,34}(?![\w~.-])/g,
  /(?<![\w-])[a-f0-9]{32}-us\d{1,2}(?![\w-])/g,
  /(?<![\w.-])[a-z0-9]{14}\.atlasv1\.[A-Za-z0-9_=-]{60,}(?![\w-])/g,
  /access_token\$production\$[a-z0-9]{16}\$[a-f0-9]{32}/g,
]
const OKTA = /\bSSWS\s+(00[A-Za-z0-9_-]{30,})/g

export const prefixedTokenSpans = (text: string): SecretSpan[] => {
  const spans: SecretSpan[] = []
  for (const re of [PATTERN, ...SHAPES]) {
    re.lastIndex = 0
    for (const m of text.matchAll(re)) if (!placeholderToken(m[0])) spans.push({ start: m.index, end: m.index + m[0].length, kind: 'known-format' })
  }
  for (const m of text.matchAll(OKTA)) {
    const value = m[1] ?? ''
    const start = m.index + m[0].length - value.length
    spans.push({ start, end: start + value.length, kind: 'bearer' })
  }
  return spans
}
