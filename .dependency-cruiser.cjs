// Import rules for the whole workspace, checked by `pnpm lint:imports` (part of `pnpm test`).
// A package reaches another package only through its name (`@initlab/eval`), never by a relative path into
// its files, and no package has an import cycle, not even one made only of types.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-cross-package-relative-import',
      comment: "Import another workspace package by its name (add it to package.json), not by a relative path into its files.",
      severity: 'error',
      from: { path: '^(packages|apps|tools)/([^/]+)/' },
      to: { dependencyTypes: ['local'], pathNot: '^$1/$2/' },
    },
    {
      name: 'no-import-cycle',
      comment: 'Break the cycle: move the shared piece (often a type) into a module both sides import.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    includeOnly: '^(packages|apps|tools)/',
    exclude: { path: '(^|/)(node_modules|dist|\\.vitepress/cache|\\.generated)/' },
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.base.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['source', 'import', 'default'],
      extensions: ['.ts', '.js', '.mts', '.json'],
    },
  },
};
