// ESLint flat config. The layer rules of DESIGN.md ("Architecture") are enforced here, not by convention:
// each layer under src/ may import only the layers listed for it, and src/clinical/ stays pure.
import js from '@eslint/js';
import globals from 'globals';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

/** Import patterns that reach into a layer folder, whatever the depth of the importing file. */
const layer = (name) => [`**/${name}/**`, `../${name}/*`, `../../${name}/*`, `../../../${name}/*`];

/** Builds a no-restricted-imports rule that forbids the named layers (and optionally node built-ins). */
function restrictLayers(forbidden, { noNode = false, message } = {}) {
  const patterns = forbidden.map((name) => ({
    group: layer(name),
    message: `${message} may not import from src/${name}/ (DESIGN.md, Architecture).`,
  }));
  if (noNode) {
    patterns.push({
      group: ['node:*', 'fs', 'path', 'os', 'http', 'https', 'net', 'child_process', 'crypto', 'process'],
      message: 'src/clinical/ is pure: no I/O, no node built-ins (DESIGN.md).',
    });
  }
  return ['error', { patterns }];
}

export default tseslint.config(
  { ignores: ['node_modules/**', 'data/**', 'bench/out/**', 'coverage/**', 'dist/**', 'test-results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      globals: { ...globals.node },
      parserOptions: {
        projectService: { allowDefaultProject: ['*.js', 'bin/*.js'] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': [
        'error',
        { considerDefaultExhaustiveForUnions: true },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/restrict-template-expressions': [
        'error',
        { allowNumber: true, allowBoolean: true },
      ],
      eqeqeq: ['error', 'always'],
      // Fastify handlers and Kysely driver methods are async by contract even when they do not await.
      '@typescript-eslint/require-await': 'off',
    },
  },
  { files: ['**/*.js'], ...tseslint.configs.disableTypeChecked },
  {
    files: ['src/clinical/**/*.ts'],
    ignores: ['src/clinical/**/*.test.ts'],
    rules: {
      'no-restricted-imports': restrictLayers(['fhir', 'store', 'server', 'cli', 'web'], {
        noNode: true,
        message: 'src/clinical/',
      }),
      'no-restricted-globals': [
        'error',
        { name: 'process', message: 'src/clinical/ is pure: no environment (DESIGN.md).' },
        { name: 'fetch', message: 'src/clinical/ is pure: no I/O (DESIGN.md).' },
        { name: 'setTimeout', message: 'src/clinical/ is pure: no timers.' },
        { name: 'console', message: 'src/clinical/ returns findings; it does not print.' },
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']",
          message: 'src/clinical/ has no clock: pass the time in (asOf).',
        },
        {
          selector: 'NewExpression[callee.name="Date"][arguments.length=0]',
          message: 'src/clinical/ has no clock: pass the time in (asOf).',
        },
        {
          selector: "CallExpression[callee.object.name='Math'][callee.property.name='random']",
          message: 'src/clinical/ is deterministic: no randomness.',
        },
      ],
    },
  },
  {
    files: ['src/fhir/**/*.ts'],
    rules: {
      'no-restricted-imports': restrictLayers(['store', 'server', 'cli', 'web'], { message: 'src/fhir/' }),
    },
  },
  {
    files: ['src/store/**/*.ts'],
    rules: {
      'no-restricted-imports': restrictLayers(['fhir', 'server', 'cli', 'web'], { message: 'src/store/' }),
    },
  },
  {
    files: ['src/server/**/*.ts'],
    rules: { 'no-restricted-imports': restrictLayers(['cli', 'web'], { message: 'src/server/' }) },
  },
  {
    files: ['src/cli/**/*.ts'],
    rules: { 'no-restricted-imports': restrictLayers(['web'], { message: 'src/cli/' }) },
  },
  {
    // The web app runs in the browser; it may use clinical/ for pure previews and the server's schemas as types only
    // (DESIGN.md, Architecture). Its node:test tests (*.test.ts) read the catalogues like any other test.
    files: ['src/web/**/*.ts', 'src/web/**/*.tsx'],
    ignores: ['src/web/**/*.test.ts'],
    plugins: { 'react-hooks': reactHooks },
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            ...['fhir', 'store', 'cli'].map((name) => ({
              group: layer(name),
              message: `src/web/ may not import from src/${name}/ (DESIGN.md, Architecture).`,
            })),
            {
              group: layer('server'),
              allowTypeImports: true,
              message: 'src/web/ may import the server only as types (DESIGN.md, Architecture).',
            },
            { group: ['node:*'], message: 'src/web/ runs in the browser.' },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.test.ts', 'test/**/*.ts', 'bench/**/*.ts', 'scripts/**/*.ts', 'e2e/**/*.ts'],
    rules: {
      // node:test's describe/test return promises that the runner itself awaits.
      '@typescript-eslint/no-floating-promises': [
        'error',
        {
          allowForKnownSafeCalls: [
            { from: 'package', package: 'node:test', name: ['describe', 'test', 'it', 'suite'] },
          ],
        },
      ],
    },
  },
);
