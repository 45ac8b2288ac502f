// ESLint flat config: typescript-eslint's recommended rules, plus the layering of STYLE.md and
// ARCHITECTURE.md enforced with no-restricted-imports, so that imports only go down:
//
//   cli, slt, server.ts ─► wire, http ─► session ─► planner ─► sql ─► expr ─► repr, errors
//                                               ├──────► dataflow ─► storage
//                                               ├──────► formats (record decoding/encoding) ─► expr
//                                               └──────► kafka (broker clients) ─► repr, errors
//
// Each layer lists the layers it may import; importing any other src/ folder (or the top-level
// programs) from it is an error. Folder names are matched on relative paths that climb out of
// the importing folder (`../x/...`), so imports inside a layer are never affected.
import tseslint from 'typescript-eslint';

/** Top-level folders of src/ that are layers. */
const LAYERS = [
  'repr',
  'errors',
  'expr',
  'sql',
  'planner',
  'dataflow',
  'storage',
  'formats',
  'kafka',
  'session',
  'wire',
  'http',
];
/** Programs at the top: nothing below may import them. */
const PROGRAMS = ['cli', 'slt', 'server'];

/** What each layer may import, besides itself. */
const ALLOWED = {
  errors: [],
  repr: ['errors'],
  expr: ['repr', 'errors'],
  sql: ['repr', 'errors', 'expr'],
  storage: ['repr', 'errors'],
  dataflow: ['repr', 'errors', 'expr', 'storage'],
  planner: ['sql', 'expr', 'repr', 'errors', 'dataflow'],
  formats: ['repr', 'errors', 'expr'],
  kafka: ['repr', 'errors'],
  session: ['repr', 'errors', 'expr', 'sql', 'planner', 'dataflow', 'storage', 'formats', 'kafka'],
  wire: ['session', 'repr', 'errors'],
  http: ['session', 'repr', 'errors'],
};

function layerRule(layer) {
  const allowed = new Set([layer, ...ALLOWED[layer]]);
  const forbidden = [...LAYERS, ...PROGRAMS].filter((l) => !allowed.has(l));
  return {
    files: [`src/${layer}/**/*.ts`],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: `^(\\.\\./)+(${forbidden.join('|')})(\\.js|/.*)?$`,
              message: `src/${layer} may import only ${[...allowed].map((l) => `src/${l}`).join(', ')} (see STYLE.md: imports go one way).`,
            },
          ],
        },
      ],
    },
  };
}

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      'coverage/**',
      'eddy-data/**',
      '.cache/**',
      'scratch/**',
    ],
  },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' },
      ],
    },
  },
  {
    // The wire layer sees the session layer only through its types (session/api.ts).
    files: ['src/wire/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(\\.\\./)+session(/.*)?$',
              allowTypeImports: true,
              message: 'src/wire may import src/session only with `import type`.',
            },
          ],
        },
      ],
    },
  },
  ...Object.keys(ALLOWED).map(layerRule),
);
