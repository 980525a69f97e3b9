import { InitlabError } from '@initlab/errors';

export { exitCodeOf } from '@initlab/errors';

/**
 * Errors the CLI raises itself. Every error, the CLI's and the libraries', is an `InitlabError` whose kind
 * (the first along its cause chain) sets the exit code; see the table in apps/cli/README.md. Each prints one
 * line; `--debug` adds the stack.
 */

/** The user's to fix: a bad flag, a missing file or folder (exit 2). */
export class UsageError extends InitlabError<'USAGE'> {
  constructor(message: string, options?: { cause?: unknown }) {
    super('USAGE', message, { kind: 'usage', cause: options?.cause });
    this.name = 'UsageError';
  }
}

/** A failure while doing what was asked (exit 1). */
export class RunError extends InitlabError<'RUN'> {
  constructor(message: string, options?: { cause?: unknown }) {
    super('RUN', message, { kind: 'runtime', cause: options?.cause });
    this.name = 'RunError';
  }
}

/** Stopped by SIGINT after saving what finished (exit 130). */
export class InterruptedError extends InitlabError<'INTERRUPTED'> {
  constructor(message: string) {
    super('INTERRUPTED', message, { kind: 'interrupted' });
    this.name = 'InterruptedError';
  }
}
