import { describe, expect, it } from 'vitest';
import { describeCause, describeFsError, firstLine, oneLine, show } from './show.js';

describe('show', () => {
  it('quotes strings and keeps special numbers visible', () => {
    expect(show('he_normal')).toBe('"he_normal"');
    expect([show(NaN), show(-Infinity), show(-0), show(0), show(1.5)]).toEqual(['NaN', '-Infinity', '-0', '0', '1.5']);
    expect([show(undefined), show(null), show(true), show(3n)]).toEqual(['undefined', 'null', 'true', '3n']);
    expect(show(() => 1)).toBe('a function');
    expect(show(Symbol('s'))).toBe('Symbol(s)');
    expect(show(new Float32Array(3))).toBe('Float32Array');
  });

  it('renders arrays and objects as compound says', () => {
    expect(show([1, 2])).toBe('[1,2]');
    expect(show({ std: NaN, n: 2 })).toBe('{"std":"NaN","n":2}');
    expect(show([1, 2], { compound: 'length' })).toBe('an array of length 2');
    expect(show({ a: 1 }, { compound: 'length' })).toBe('{"a":1}');
    expect(show([1, 2], { compound: 'type' })).toBe('Array');
    expect(show({}, { compound: 'type' })).toBe('Object');
    expect(show(new Map(), { compound: 'type' })).toBe('Map');
    const circular: { self?: unknown } = {};
    circular.self = circular;
    expect(show(circular)).toBe('Object');
  });

  it('collapses whitespace and cuts long renderings', () => {
    // JSON escapes the line break; the run of spaces collapses.
    expect(show('a \n  b')).toBe('"a \\n b"');
    const long = Array.from({ length: 100 }, (_, i) => i);
    expect(show(long)).toHaveLength(80);
    expect(show(long)).toMatch(/^\[0,1,2,.*\.\.\.$/);
    expect(show(long, { maxLength: 120 })).toHaveLength(120);
  });
});

describe('oneLine, firstLine, describeCause', () => {
  it('keep messages to one line', () => {
    expect(oneLine('  a\n\tb  c ')).toBe('a b c');
    expect(firstLine(new Error('first\nsecond'))).toBe('first');
    expect(firstLine(new Error('loadCsv: x.csv is empty\nmore'))).toBe('x.csv is empty');
    expect(firstLine('  text  ')).toBe('text');
  });

  it('describeCause names the code and the hidden cause', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' });
    expect(describeCause(new TypeError('fetch failed', { cause: refused }))).toBe('fetch failed (ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:9)');
    expect(describeCause(Object.assign(new Error('not a directory'), { code: 'ENOTDIR' }))).toBe('ENOTDIR: not a directory');
    expect(describeCause(Object.assign(new Error('ENOENT: no such file'), { code: 'ENOENT' }))).toBe('ENOENT: no such file');
    expect(describeCause('x\ny')).toBe('x y');
  });
});

describe('describeFsError', () => {
  const fsError = (code: string): Error => Object.assign(new Error(`${code}: raw message\nmore`), { code });

  it('says what failed in plain words', () => {
    expect(describeFsError(fsError('ENOENT'), 'a.csv', 'read')).toBe('cannot read a.csv: no such file or folder');
    expect(describeFsError(fsError('EACCES'), 'out', 'write')).toBe('cannot write out: permission denied');
    expect(describeFsError(fsError('EPERM'), 'out')).toBe('cannot access out: permission denied');
    expect(describeFsError(fsError('ENOTDIR'))).toBe('a path component is a file, not a folder');
    expect(describeFsError(fsError('EEXIST'))).toBe('a file is in the way');
    expect(describeFsError(fsError('EISDIR'))).toBe('a folder is in the way');
    expect(describeFsError(fsError('EROFS'))).toBe('read-only file system');
    expect(describeFsError(fsError('ENOSPC'))).toBe('no space left on the device');
  });

  it('falls back to the first line of the message', () => {
    expect(describeFsError(fsError('EMFILE'), 'a', 'open')).toBe('cannot open a: EMFILE: raw message');
    expect(describeFsError('odd')).toBe('odd');
  });
});
