// Lint: typescript-eslint's recommended rules with type information, plus the rules this
// project relies on (no floating promises; no wall clock or Math.random in the pure core).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const pureCore = [
  'src/core/**/*.ts',
  'src/bars/**/*.ts',
  'src/indicators/**/*.ts',
  'src/features/**/*.ts',
  'src/detectors/**/*.ts',
  'src/pipeline/**/*.ts',
  'src/sources/simulator/**/*.ts',
];

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', '.tsbuild/', 'data/', 'web/dist/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: pureCore,
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-properties': [
        'error',
        { object: 'Date', property: 'now', message: 'The pure core reads time from a Clock.' },
        { object: 'Math', property: 'random', message: 'The pure core uses the seeded Random.' },
        { object: 'performance', property: 'now', message: 'The pure core reads time from a Clock.' },
      ],
    },
  },
  {
    files: ['**/*.js'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
  },
);
