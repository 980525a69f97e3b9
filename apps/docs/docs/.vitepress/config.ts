import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { katex } from '@mdit/plugin-katex';
import { defineConfig, type DefaultTheme, type UserConfig } from 'vitepress';
import { markGeneratedValues } from './generated-marks.js';

type VitePlugin = NonNullable<NonNullable<UserConfig['vite']>['plugins']>[number];

/** Sidebars written by `scripts/generate.ts`; a clear error if generation has not run. */
function generated<T>(name: string): T {
  const path = fileURLToPath(new URL(`../.generated/${name}.json`, import.meta.url));
  if (!existsSync(path)) {
    throw new Error(`docs: ${path} is missing; run \`pnpm --filter @initlab/docs generate\` (or the docs build) first`);
  }
  return JSON.parse(readFileSync(path, 'utf8')) as T;
}

const guide: DefaultTheme.SidebarItem[] = [
  {
    text: 'Guide',
    items: [
      { text: 'Why initialization matters', link: '/guide/' },
      { text: 'Zeros, constants, too small, too large', link: '/guide/failure-modes' },
      { text: 'Variance and signal propagation', link: '/guide/signal-propagation' },
      { text: 'Xavier/Glorot, He/Kaiming, LeCun', link: '/guide/variance-scaling' },
      { text: 'Orthogonal and LSUV', link: '/guide/orthogonal-lsuv' },
      { text: 'The edge of chaos and dynamical isometry', link: '/guide/edge-of-chaos' },
      { text: 'Residual networks and normalization', link: '/guide/residual-networks' },
      { text: 'How to choose', link: '/guide/choosing' },
      { text: 'The two notebooks, reproduced', link: '/guide/notebooks' },
      { text: 'Sweeps beyond one machine', link: '/guide/sweeps-beyond-one-machine' },
    ],
  },
  {
    text: 'Try it',
    items: [
      { text: 'Playground', link: '/playground' },
      { text: 'Catalogue', link: '/catalogue/' },
      { text: 'Data sets', link: '/datasets/' },
      { text: 'Papers, rerun', link: '/papers/' },
    ],
  },
];

const reference: DefaultTheme.SidebarItem[] = [
  { text: 'Reference', items: [{ text: 'CLI', link: '/reference/cli' }, { text: 'API overview', link: '/api/' }] },
];

const NODE_STUB = '\0initlab-browser-node-stub:';

/**
 * `@initlab/models` (worker threads in `trainEnsembleParallel`) and `@initlab/data` (files and downloads) import
 * `node:*` modules lazily, inside functions the browser never calls. This gives those imports an empty module in
 * the client bundle instead of Vite's "externalized for browser compatibility" stand-in and its warnings.
 */
const browserNodeStub = {
  name: 'initlab-browser-node-stub',
  enforce: 'pre' as const,
  resolveId(id: string, _importer: string | undefined, options?: { ssr?: boolean }) {
    return !options?.ssr && id.startsWith('node:') ? NODE_STUB + id : null;
  },
  load(id: string) {
    return id.startsWith(NODE_STUB) ? 'export default {};' : null;
  },
} satisfies VitePlugin;

export default defineConfig({
  title: 'initlab',
  description: 'Which weight initializer suits which network, shown by experiment.',
  lang: 'en-GB',
  outDir: '../dist',
  cacheDir: './.vitepress/cache',
  srcExclude: ['.generated/**'],
  cleanUrls: false,
  lastUpdated: false,
  head: [
    ['link', { rel: 'icon', type: 'image/svg+xml', href: '/logo.svg' }],
    ['meta', { name: 'theme-color', content: '#3c6e9f' }],
  ],
  markdown: {
    config(md) {
      // KaTeX at build time; v-pre keeps Vue from reading `{{` inside the LaTeX annotations as interpolation.
      // VitePress bundles its own markdown-it types, which differ from @types/markdown-it's by a helper or two.
      md.use(katex as unknown as Parameters<typeof md.use>[0], {
        throwOnError: true,
        transformer: (html: string, displayMode: boolean) =>
          displayMode ? `<div v-pre class="math-display">${html}</div>` : `<span v-pre>${html}</span>`,
      });
      // Interpolated values become <span class="gen">, so the tests can check every number a page quotes.
      md.use(markGeneratedValues as unknown as Parameters<typeof md.use>[0]);
    },
  },
  themeConfig: {
    logo: { src: '/logo.svg', alt: '' },
    nav: [
      { text: 'Guide', link: '/guide/', activeMatch: '^/guide/' },
      { text: 'Papers', link: '/papers/', activeMatch: '^/papers/' },
      { text: 'Catalogue', link: '/catalogue/', activeMatch: '^/catalogue/' },
      { text: 'Data sets', link: '/datasets/', activeMatch: '^/datasets/' },
      { text: 'Playground', link: '/playground' },
      {
        text: 'Reference',
        activeMatch: '^/(api|reference)/',
        items: [
          { text: 'CLI', link: '/reference/cli' },
          { text: 'API', link: '/api/' },
        ],
      },
    ],
    sidebar: {
      '/guide/': guide,
      '/playground': guide,
      '/catalogue/': generated<DefaultTheme.SidebarItem[]>('catalogue-sidebar'),
      '/datasets/': generated<DefaultTheme.SidebarItem[]>('datasets-sidebar'),
      '/papers/': generated<DefaultTheme.SidebarItem[]>('papers-sidebar'),
      '/reference/': [...reference, { text: 'Packages', items: generated<DefaultTheme.SidebarItem[]>('api-sidebar') }],
      '/api/': [...reference, { text: 'Packages', items: generated<DefaultTheme.SidebarItem[]>('api-sidebar') }],
    },
    outline: { level: [2, 3] },
    search: { provider: 'local' },
    footer: {
      message: 'Every chart and number on this site was produced by running initlab when the site was built.',
      copyright: 'MIT licensed',
    },
  },
  vite: {
    plugins: [browserNodeStub],
    resolve: {
      // Sibling packages resolve to their TypeScript sources (the `source` export condition), as in the tests.
      conditions: ['source'],
      alias: {
        // csv-parse's Node build touches Buffer on import; @initlab/data documents this alias for browsers.
        'csv-parse/sync': 'csv-parse/browser/esm/sync',
      },
    },
    ssr: { resolve: { conditions: ['source'] } },
    // The playground imports these lazily; listing them saves the dev server a re-optimisation and reload on first visit.
    optimizeDeps: {
      include: ['@tensorflow/tfjs-core', '@tensorflow/tfjs-backend-cpu', '@tensorflow/tfjs-backend-wasm', 'vega-embed'],
    },
    build: { chunkSizeWarningLimit: 4000 },
  },
});
