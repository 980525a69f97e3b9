import { describe, expect, it } from 'vitest';
import { InitlabError, exitCodeOf, kindOf } from './error.js';

const usage = (cause?: unknown): InitlabError => new InitlabError('READ_FAILED', 'no such file', { kind: 'usage', cause });
const runtime = (cause?: unknown): InitlabError => new InitlabError('DOWNLOAD_FAILED', 'fetch failed', { kind: 'runtime', cause });
const wrapper = (cause?: unknown): InitlabError => new InitlabError('DATA_FAILED', 'x: failed', { kind: undefined, cause });

describe('InitlabError', () => {
  it('carries code, kind, message and cause, and is an Error', () => {
    const cause = new Error('inner');
    const err = new InitlabError('WRITE_FAILED', 'cannot write a', { kind: 'runtime', cause });
    expect(err).toBeInstanceOf(Error);
    expect([err.name, err.code, err.kind, err.message, err.cause]).toEqual(['InitlabError', 'WRITE_FAILED', 'runtime', 'cannot write a', cause]);
    expect('cause' in new InitlabError('X', 'm', { kind: 'usage' })).toBe(false);
  });
});

describe('kindOf', () => {
  it('is the first kind set along the cause chain', () => {
    expect(kindOf(usage())).toBe('usage');
    expect(kindOf(wrapper(usage()))).toBe('usage');
    expect(kindOf(wrapper(runtime()))).toBe('runtime');
    expect(kindOf(wrapper(wrapper(runtime(usage()))))).toBe('runtime');
    // A wrapper whose own kind is set wins over its cause's.
    expect(kindOf(runtime(usage()))).toBe('runtime');
    expect(kindOf(usage(runtime()))).toBe('usage');
  });

  it('reads through plain errors in the chain', () => {
    expect(kindOf(new Error('outer', { cause: usage() }))).toBe('usage');
    expect(kindOf(wrapper(new TypeError('boom')))).toBeUndefined();
    expect(kindOf(new Error('plain'))).toBeUndefined();
    expect(kindOf('a string')).toBeUndefined();
    expect(kindOf(null)).toBeUndefined();
  });

  it('counts an abort as interrupted', () => {
    const controller = new AbortController();
    controller.abort();
    expect(kindOf(controller.signal.reason)).toBe('interrupted');
    expect(kindOf(wrapper(new DOMException('stopped', 'AbortError')))).toBe('interrupted');
    expect(kindOf(new InitlabError('ABORTED', 'stopped', { kind: 'interrupted' }))).toBe('interrupted');
  });

  it('stops on a cause cycle', () => {
    const a = new Error('a');
    const b = new Error('b', { cause: a });
    (a as { cause?: unknown }).cause = b;
    expect(kindOf(a)).toBeUndefined();
  });
});

describe('exitCodeOf', () => {
  it('maps usage to 2, runtime to 1, interrupted to 130, unknown errors to 1 and no error to 0', () => {
    expect(exitCodeOf(wrapper(usage()))).toBe(2);
    expect(exitCodeOf(wrapper(runtime()))).toBe(1);
    expect(exitCodeOf(wrapper(AbortSignal.abort().reason))).toBe(130);
    expect(exitCodeOf(new Error('plain'))).toBe(1);
    expect(exitCodeOf(wrapper())).toBe(1);
    expect(exitCodeOf(undefined)).toBe(0);
  });
});
