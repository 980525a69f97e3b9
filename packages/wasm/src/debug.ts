// The debug flag lives outside this module's own state: @initlab/wasm is bundled into several
// packages, so one process holds several copies of this file, and all of them must see one flag.
// A global symbol reaches every copy in the realm; the environment variable also reaches worker
// threads and child processes, which inherit it.

const DEBUG = Symbol.for('initlab.debug');
const SAID = Symbol.for('initlab.debug.said');

type Env = Record<string, string | undefined>;
type Shared = { [DEBUG]?: boolean; [SAID]?: Set<string> };

// `process` is absent in browsers: reach it through globalThis, never as a bare name.
const env = (): Env | undefined => (globalThis as { process?: { env?: Env } }).process?.env;

/** Turns debug on or off for every copy of initlab in this process (and its later workers). */
export function setDebug(on: boolean): void {
  (globalThis as Shared)[DEBUG] = on;
  const vars = env();
  if (vars === undefined) return;
  if (on) vars['INITLAB_DEBUG'] = '1';
  else delete vars['INITLAB_DEBUG'];
}

/** Whether debug is on: set by `setDebug` (the CLI's `--debug`) or `INITLAB_DEBUG` (any value but '', '0', 'false'). */
export function isDebug(): boolean {
  const flag = (globalThis as Shared)[DEBUG];
  if (typeof flag === 'boolean') return flag;
  const value = env()?.['INITLAB_DEBUG'];
  return value !== undefined && value !== '' && value !== '0' && value.toLowerCase() !== 'false';
}

/**
 * Whether our own mistakes throw instead of falling back: under debug, and in every test run
 * (vitest sets `VITEST`), so an invalid kernel module fails its tests instead of passing on the
 * JavaScript path.
 */
export function isStrict(): boolean {
  return isDebug() || env()?.['VITEST'] !== undefined;
}

/** Writes `message` to the console once per process (across every bundled copy). */
export function sayOnce(message: string): void {
  const shared = globalThis as Shared;
  const said = (shared[SAID] ??= new Set());
  if (said.has(message)) return;
  said.add(message);
  console.warn(message);
}
