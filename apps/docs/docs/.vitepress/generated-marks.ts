/**
 * Marks every Vue interpolation of a hand-written page (`{{ f(ev.signal…) }}`, the numbers a guide page quotes
 * from evidence.json) as `<span class="gen">…</span>` in the built HTML, so the docs tests can tell a generated
 * value from the prose around it: a number that renders as "—", "NaN" or "undefined", or an ordering word that
 * was computed rather than written.
 */

/** The part of markdown-it this rule uses (VitePress bundles its own markdown-it types). */
interface Token {
  type: string;
  content: string;
  children: Token[] | null;
}
interface CoreState {
  tokens: Token[];
  env: { relativePath?: string } | undefined;
  Token: new (type: string, tag: string, nesting: number) => Token;
}
interface MarkdownIt {
  core: { ruler: { push(name: string, rule: (state: CoreState) => void): void } };
}

const INTERPOLATION = /\{\{[\s\S]*?\}\}/g;

export function markGeneratedValues(md: MarkdownIt): void {
  md.core.ruler.push('initlab-generated-values', (state) => {
    for (const block of state.tokens) {
      if (block.type !== 'inline' || block.children === null) continue;
      const out: Token[] = [];
      for (const token of block.children) {
        if (token.type !== 'text' || !token.content.includes('{{')) {
          out.push(token);
          continue;
        }
        const rest = token.content.replace(INTERPOLATION, '');
        if (rest.includes('{{') || rest.includes('}}')) {
          // markdown-it split an interpolation across tokens (emphasis or a link inside it): it could not be marked.
          throw new Error(`docs: ${state.env?.relativePath ?? 'a page'}: an interpolation is split by Markdown markup near "${token.content.slice(0, 60)}"; keep {{ … }} free of Markdown syntax`);
        }
        let at = 0;
        for (const m of token.content.matchAll(INTERPOLATION)) {
          const text = (content: string): Token => Object.assign(new state.Token('text', '', 0), { content });
          const html = (content: string): Token => Object.assign(new state.Token('html_inline', '', 0), { content });
          if (m.index > at) out.push(text(token.content.slice(at, m.index)));
          out.push(html('<span class="gen">'), text(m[0]), html('</span>'));
          at = m.index + m[0].length;
        }
        if (at < token.content.length) out.push(Object.assign(new state.Token('text', '', 0), { content: token.content.slice(at) }));
      }
      block.children = out;
    }
  });
}
