// The catalogue's formulas are LaTeX (the docs typeset them with KaTeX); a terminal gets them as plain Unicode
// text. This covers the constructs the catalogue uses, and latex-text.test.ts checks every catalogue entry
// converts with no backslash left, so a new construct fails there rather than printing raw LaTeX.

const SYMBOLS: Record<string, string> = {
  alpha: 'α', beta: 'β', delta: 'δ', mu: 'μ', sigma: 'σ', varphi: 'φ', Phi: 'Φ', ell: 'ℓ',
  sim: '~', le: '≤', ge: '≥', ne: '≠', cdot: '·', times: '×', in: '∈', approx: '≈', leftarrow: '←',
  mid: '|', top: 'ᵀ', dots: '…', sum: 'Σ', lceil: '⌈', rceil: '⌉', lfloor: '⌊', rfloor: '⌋',
  min: 'min', max: 'max', quad: ' ',
  // Sizing and style commands change nothing in plain text.
  left: '', right: '', textstyle: '',
};

/** Single characters after a backslash: `\,` and `\ ` are spaces, `\{` `\}` `\_` the characters themselves. */
const ESCAPES: Record<string, string> = { ',': ' ', ' ': ' ', '{': '{', '}': '}', _: '_' };

const SUBSCRIPT: Record<string, string> = Object.fromEntries(
  [...'0123456789+-=()aehijklmnoprstuvx'].map((c, i) => [c, '₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎ₐₑₕᵢⱼₖₗₘₙₒₚᵣₛₜᵤᵥₓ'[i]!]),
);
const SUPERSCRIPT: Record<string, string> = Object.fromEntries(
  [...'0123456789+-=()inᵀ'].map((c, i) => [c, '⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ⁱⁿᵀ'[i]!]),
);

/** `x` as Unicode sub- or superscript characters when each has one, else `_x` / `^x`, bracketed when longer. */
function script(text: string, table: Record<string, string>, mark: '_' | '^'): string {
  const chars = [...text];
  if (chars.length > 0 && chars.every((c) => table[c] !== undefined)) return chars.map((c) => table[c]).join('');
  return `${mark}${chars.length === 1 ? text : `(${text})`}`;
}

/** Whether `text` reads as one factor, needing no brackets as a fraction's part or under a root. */
function isAtom(expression: string): boolean {
  const text = expression.replace(/[⁰-⁹²³¹ⁱⁿᵀ]+$/u, '');
  if (/^[\p{L}\p{N}.√₀-₉ₐ-ₜᵢ-ᵥ]+$/u.test(text)) return true;
  // One bracketed group, optionally after a root sign or a name, and a power: √(s/n), φ(2), (b - a)².
  const open = text.indexOf('(');
  if (open < 0 || !text.endsWith(')') || !/^[\p{L}\p{N}√]*$/u.test(text.slice(0, open))) return false;
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === '(') depth++;
    else if (text[i] === ')' && --depth === 0) return i === text.length - 1;
  }
  return false;
}

const bracket = (text: string): string => (isAtom(text) ? text : `(${text})`);

type Rows = string[][];

/** Marks a fraction written right after a factor, so the sequence puts a product dot in the space between. */
const PRODUCT = '\u0000';

class Reader {
  pos = 0;
  constructor(readonly src: string) {}

  peek(): string | undefined {
    return this.src[this.pos];
  }

  /** A command's name after the backslash: letters, or one other character. */
  commandName(): string {
    const m = /^[A-Za-z]+/.exec(this.src.slice(this.pos));
    const name = m ? m[0] : (this.src[this.pos] ?? '');
    this.pos += name.length;
    return name;
  }

  skipSpaces(): void {
    while (this.peek() === ' ') this.pos++;
  }

  /** A `{…}` argument, or a single token when unbraced (`^2`, `_a`, `^\top`). */
  argument(): string {
    this.skipSpaces();
    if (this.peek() === '{') {
      this.pos++;
      return join(this.sequence('}'));
    }
    if (this.peek() === '\\') {
      this.pos++;
      return this.command(this.commandName(), '');
    }
    return this.src[this.pos++] ?? '';
  }

  /** Text up to `stop` (`}`, `\end`, or the end), as rows (`\\`) of cells (`&`). */
  sequence(stop: '}' | 'end' | 'eof'): Rows {
    const rows: Rows = [['']];
    const append = (text: string): void => {
      const row = rows[rows.length - 1]!;
      row[row.length - 1] += text;
    };
    const current = (): string => rows[rows.length - 1]!.at(-1)!;
    while (this.pos < this.src.length) {
      const c = this.src[this.pos]!;
      if (c === '}' && stop === '}') {
        this.pos++;
        return rows;
      }
      if (c === '\\') {
        this.pos++;
        if (this.peek() === '\\') {
          this.pos++;
          rows.push(['']);
          continue;
        }
        const name = this.commandName();
        if (name === 'end') {
          this.argument();
          return rows;
        }
        const text = this.command(name, current());
        if (text.startsWith(PRODUCT)) {
          // A juxtaposed product's dot replaces the space before it.
          const row = rows[rows.length - 1]!;
          row[row.length - 1] = current().trimEnd();
          append(`·${text.slice(PRODUCT.length)}`);
        } else {
          append(text);
        }
      } else if (c === '&') {
        this.pos++;
        rows[rows.length - 1]!.push('');
      } else if (c === '{') {
        this.pos++;
        append(join(this.sequence('}')));
      } else if (c === '_' || c === '^') {
        this.pos++;
        append(script(this.argument(), c === '_' ? SUBSCRIPT : SUPERSCRIPT, c));
      } else {
        this.pos++;
        // A line break in the source is a space in LaTeX; rows break only at '\\'.
        append(c === '\n' ? ' ' : c);
      }
    }
    if (stop !== 'eof') throw new Error(`latex: unclosed ${stop === '}' ? "'{'" : '\\begin'} in '${this.src}'`);
    return rows;
  }

  /** One command's text; `before` is the text it follows, for juxtaposed products such as √3·g/√n. */
  command(name: string, before: string): string {
    if (name in ESCAPES && name.length === 1) return ESCAPES[name]!;
    if (name in SYMBOLS) return SYMBOLS[name]!;
    switch (name) {
      case 'frac':
      case 'tfrac': {
        const text = `${bracket(this.argument().trim())}/${bracket(this.argument().trim())}`;
        // LaTeX writes a product by juxtaposition; in one line of text `g² 2/n` would read as two things.
        return /[\p{L}\p{N}²ᵀ)]\s*$/u.test(before) ? `${PRODUCT}${text}` : text;
      }
      case 'sqrt':
        return `√${bracket(this.argument().trim())}`;
      case 'text':
      case 'operatorname':
      case 'mathcal':
        // 𝒩 and 𝒰 are missing from many terminal fonts; N(0, σ²) is how plain text writes a normal law.
        return this.argument();
      case 'mathbb':
        return ({ R: 'ℝ', N: 'ℕ', Z: 'ℤ' } as Record<string, string>)[this.argument()] ?? '';
      case 'begin': {
        const env = this.argument();
        const rows = this.sequence('end').map((cells) => cells.map((cell) => cell.trim()));
        if (env === 'aligned') return rows.map((cells) => cells.join(' ')).join('\n');
        if (env === 'cases') return `{ ${rows.map(([value, condition]) => `${value} if ${condition}`).join('; ')} }`;
        throw new Error(`latex: unsupported environment '${env}' in '${this.src}'`);
      }
      default:
        throw new Error(`latex: unsupported command '\\${name}' in '${this.src}'`);
    }
  }
}

function join(rows: Rows): string {
  return rows.map((cells) => cells.join(' ')).join(' ');
}

/**
 * The catalogue's LaTeX as plain Unicode text for a terminal: `\frac{2}{n_{in}}` → `2/nᵢₙ`,
 * `\mathcal{N}(0, \sigma^2)` → `N(0, σ²)`; an `aligned` block gives one line per row.
 */
export function latexToText(latex: string): string {
  const reader = new Reader(latex);
  const rows = reader.sequence('eof');
  return rows
    .map((cells) => cells.join(' '))
    .join('\n')
    .split('\n')
    .map((line) => line.replace(/ +/g, ' ').replace(/ ([,;:)])/g, '$1').replace(/([(⌈⌊]) /g, '$1').replace(/ ([⌉⌋])/g, '$1').trim())
    .filter((line) => line !== '')
    .join('\n');
}
