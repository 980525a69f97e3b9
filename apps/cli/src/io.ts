/** Where a command writes: the process's streams, or a test's capture. */
export interface Io {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

/** The process's stdout and stderr. */
export const defaultIo: Io = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
};

/**
 * A reader that closes stdout early (`initlab diagnose | head -1`) has what it wanted: end at once with exit 0,
 * as most Node CLIs do, instead of an EPIPE stack. Not 141 (a shell's SIGPIPE code), so that a script under
 * `set -o pipefail` does not fail; nothing is lost, since commands save their results before they print.
 */
export function endQuietlyWhenStdoutCloses(): void {
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(0);
    throw err;
  });
}
