export { EXIT_CODES, InitlabError, exitCodeOf, kindOf, type ErrorKind, type InitlabErrorOptions } from './error.js';
export { describeCause, describeFsError, firstLine, oneLine, show, type ShowOptions } from './show.js';
export { userMessage, withoutApiPrefix } from './user-message.js';
export { closest, didYouMean, rankByCloseness } from './suggest.js';
export { assertKnownOptions, optionKeys, unknownOptionKeys, unknownOptionsMessage, type SameKeys } from './options.js';
export { errorClass, kindTable, type CodeOf, type CodesByKind, type ErrorCauseOptions, type PackageErrorClass } from './define.js';
