// Lint config: typescript-eslint recommended, plus the rules that keep runtime errors typed.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// Wing rules (ARCHITECTURE.md): folder -> folders it must never import. test/wings.test.ts checks the
// import graph against the same table and lints a forbidden import of every pair through this config.
const WINGS = {
  core: ['compiler', 'runtime', 'emulators', 'cli'],
  runtime: ['compiler', 'emulators', 'cli'],
  compiler: ['emulators', 'cli'],
  emulators: ['core', 'compiler', 'runtime', 'cli'],
};
const MAX_DEPTH = 8;

// Patterns match the specifier as written, so each folder depth gets the `../` count that climbs exactly
// to the repository root: a sub-folder that happens to share a wing's name is never mistaken for it.
const wingZones = Object.entries(WINGS).flatMap(([wing, banned]) =>
  Array.from({ length: MAX_DEPTH }, (_, depth) => ({
    files: [`${wing}/${'*/'.repeat(depth)}*.{ts,js}`],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: `^(\\.\\./){${depth + 1}}(${banned.join('|')})(/|$)`,
              message: `${wing}/ must not import ${banned.join(', ')} (wing rules in ARCHITECTURE.md).`,
            },
          ],
        },
      ],
    },
  })),
);

export default tseslint.config(
  {
    ignores: [
      'node_modules/**',
      'dist/**',
      '.scratch*/**',
      'build/**',
      'bench/results/**',
      '**/golden/**',
      '**/*.golden.ts',
      'coverage/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        URL: 'readonly',
        Buffer: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
        setImmediate: 'readonly',
        performance: 'readonly',
        AbortController: 'readonly',
        AbortSignal: 'readonly',
        TextEncoder: 'readonly',
        TextDecoder: 'readonly',
        structuredClone: 'readonly',
        queueMicrotask: 'readonly',
        fetch: 'readonly',
        URLSearchParams: 'readonly',
      },
    },
    rules: {
      'no-throw-literal': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'off',
    },
  },
  ...wingZones,
);
