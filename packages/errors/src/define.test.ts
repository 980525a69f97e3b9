import { describe, expect, it } from 'vitest';
import { errorClass, kindTable, type CodeOf } from './define.js';
import { InitlabError, exitCodeOf, kindOf } from './error.js';

const CODES = { usage: ['BAD_INPUT'], runtime: ['WRITE_FAILED'], interrupted: ['ABORTED'], fromCause: ['WRAPPED'] } as const;
type Code = CodeOf<typeof CODES>;
const KINDS = kindTable(CODES);
class DemoError extends errorClass('DemoError', KINDS) {}

describe('kindTable', () => {
  it('gives each code the kind of its group, and fromCause codes none', () => {
    expect(KINDS).toEqual({ BAD_INPUT: 'usage', WRITE_FAILED: 'runtime', ABORTED: 'interrupted', WRAPPED: undefined });
    expect(Object.isFrozen(KINDS)).toBe(true);
  });

  it('refuses a code listed under two kinds', () => {
    expect(() => kindTable({ usage: ['X'], runtime: ['X'] })).toThrow('kindTable: code X is listed twice; give each code one kind');
  });
});

describe('errorClass', () => {
  it('makes a class whose instances are InitlabErrors with the code, kind, name, message and cause', () => {
    const cause = new Error('disk full');
    const err = new DemoError('WRITE_FAILED', 'cannot write a', { cause });
    expect(err).toBeInstanceOf(DemoError);
    expect(err).toBeInstanceOf(InitlabError);
    expect(err).toBeInstanceOf(Error);
    expect([err.name, err.code, err.kind, err.message, err.cause]).toEqual(['DemoError', 'WRITE_FAILED', 'runtime', 'cannot write a', cause]);
    expect('cause' in new DemoError('BAD_INPUT', 'no')).toBe(false);
    expect(String(new DemoError('BAD_INPUT', 'no'))).toBe('DemoError: no');
  });

  it('lets a wrapping code take its cause kind, so the exit code follows the cause', () => {
    const code: Code = 'WRAPPED';
    expect(exitCodeOf(new DemoError(code, 'x', { cause: new DemoError('BAD_INPUT', 'y') }))).toBe(2);
    expect(exitCodeOf(new DemoError(code, 'x', { cause: new DemoError('WRITE_FAILED', 'y') }))).toBe(1);
    expect(kindOf(new DemoError('ABORTED', 'stopped'))).toBe('interrupted');
  });

  it('keeps the facts a message was worded from, frozen, and none when not given', () => {
    const facts = { value: 300, row: 4 };
    const err = new DemoError('BAD_INPUT', 'x: got 300 in row 4', { detail: facts });
    facts.value = 0;
    expect(err.detail).toEqual({ value: 300, row: 4 });
    expect(Object.isFrozen(err.detail)).toBe(true);
    expect(new DemoError('BAD_INPUT', 'no').detail).toBeUndefined();
  });
});
