/** Where a JSON text first breaks the grammar: 1-based line and column, and what was expected. */
export interface JsonErrorLocation {
  line: number;
  column: number;
  reason: string;
}

class JsonSyntax extends Error {
  constructor(
    readonly offset: number,
    readonly reason: string,
  ) {
    super(reason);
  }
}

/**
 * Find the first syntax error of a JSON text (RFC 8259), because Node's `JSON.parse` messages do not
 * always carry a position. Returns null for valid JSON.
 */
export function locateJsonError(text: string): JsonErrorLocation | null {
  let i = 0;
  const fail = (reason: string): never => {
    throw new JsonSyntax(i, reason);
  };
  const describe = (): string => (i >= text.length ? 'the end of the file' : JSON.stringify(text[i]));
  const ws = (): void => {
    while (i < text.length && ' \t\n\r'.includes(text[i]!)) i++;
  };
  const literal = (word: string): void => {
    if (text.startsWith(word, i)) i += word.length;
    else fail(`unexpected ${describe()}; expected a value`);
  };
  const string = (): void => {
    i++; // opening quote
    for (;;) {
      if (i >= text.length) fail('unterminated string');
      const c = text[i]!;
      if (c === '"') {
        i++;
        return;
      }
      if (c === '\\') {
        const next = text[i + 1];
        if (next !== undefined && '"\\/bfnrt'.includes(next)) i += 2;
        else if (next === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) i += 6;
        else fail('invalid escape in string');
      } else if (c < ' ') {
        fail('control character (e.g. a line break) inside a string');
      } else i++;
    }
  };
  const number = (): void => {
    const match = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(text.slice(i));
    if (match === null || match[0] === '' || match[0] === '-') fail(`unexpected ${describe()}; expected a value`);
    i += match![0].length;
  };
  const value = (): void => {
    ws();
    const c = text[i];
    if (c === '{') object();
    else if (c === '[') array();
    else if (c === '"') string();
    else if (c === 't') literal('true');
    else if (c === 'f') literal('false');
    else if (c === 'n') literal('null');
    else number();
  };
  // An object or an array: the opening bracket, items separated by commas, the closing bracket.
  const items = (close: '}' | ']', item: () => void): void => {
    i++;
    ws();
    if (text[i] === close) {
      i++;
      return;
    }
    for (;;) {
      item();
      ws();
      if (text[i] === ',') {
        i++;
        continue;
      }
      if (text[i] === close) {
        i++;
        return;
      }
      fail(`unexpected ${describe()}; expected ',' or '${close}'`);
    }
  };
  const member = (): void => {
    ws();
    if (text[i] !== '"') fail(`unexpected ${describe()}; expected a double-quoted property name`);
    string();
    ws();
    if (text[i] !== ':') fail(`unexpected ${describe()}; expected ':' after the property name`);
    i++;
    value();
  };
  const object = (): void => items('}', member);
  const array = (): void => items(']', value);
  try {
    if (text.charCodeAt(0) === 0xfeff) i = 1;
    value();
    ws();
    if (i < text.length) fail(`unexpected ${describe()} after the end of the JSON value`);
    return null;
  } catch (err) {
    if (!(err instanceof JsonSyntax)) throw err;
    const before = text.slice(0, err.offset);
    const line = before.split('\n').length;
    const column = err.offset - before.lastIndexOf('\n');
    return { line, column, reason: err.reason };
  }
}
