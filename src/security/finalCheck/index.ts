export { checkRequestBody, assertRequestBodyClean } from './checkRequestBody'
export { scanText, type TextFinding, type FinalCheckKind } from './scanText'
export { KNOWN_FORMATS, type KnownFormat } from './knownFormats'
