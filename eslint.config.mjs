// One ESLint run for the whole workspace (`npm run lint`): typescript-eslint's
// type-checked rules, jest's rules in tests, and the module boundaries below.
import js from '@eslint/js';
import nx from '@nx/eslint-plugin';
import jest from 'eslint-plugin-jest';
import prettier from 'eslint-config-prettier';
import globals from 'globals';
import tseslint from 'typescript-eslint';

// Which libs a project may import, by its scope tag. Libs depend downwards
// only: a lib listed here may not import any lib listed after it.
const LAYERS = [
  { sourceTag: 'scope:billing', onlyDependOnLibsWithTags: [] },
  { sourceTag: 'scope:crypto', onlyDependOnLibsWithTags: [] },
  // The SDK is published on its own: it may import no other lib.
  { sourceTag: 'scope:sdk', onlyDependOnLibsWithTags: [] },
  { sourceTag: 'scope:config', onlyDependOnLibsWithTags: ['scope:billing'] },
  { sourceTag: 'scope:queues', onlyDependOnLibsWithTags: ['scope:billing'] },
  { sourceTag: 'scope:webhooks', onlyDependOnLibsWithTags: ['scope:crypto'] },
  {
    sourceTag: 'scope:persistence',
    onlyDependOnLibsWithTags: ['scope:billing', 'scope:crypto', 'scope:config'],
  },
  { sourceTag: 'scope:api-shapes', onlyDependOnLibsWithTags: ['scope:billing', 'scope:persistence'] },
  {
    sourceTag: 'scope:platform',
    onlyDependOnLibsWithTags: ['scope:billing', 'scope:crypto', 'scope:config', 'scope:queues', 'scope:persistence'],
  },
  {
    sourceTag: 'scope:payments',
    onlyDependOnLibsWithTags: ['scope:billing', 'scope:crypto', 'scope:config', 'scope:persistence', 'scope:platform'],
  },
  {
    sourceTag: 'scope:testing',
    onlyDependOnLibsWithTags: ['scope:config', 'scope:crypto', 'scope:persistence', 'scope:queues'],
  },
  // Apps, tools and end-to-end tests use libs, never each other.
  { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:lib'] },
  { sourceTag: 'type:tool', onlyDependOnLibsWithTags: ['type:lib'] },
  { sourceTag: 'type:e2e', onlyDependOnLibsWithTags: ['type:lib'] },
];

const TESTS = [
  '**/*.spec.ts',
  '**/*.e2e-spec.ts',
  '**/*.integration-spec.ts',
  '**/*.redis-cluster-spec.ts',
  '**/*.pgbouncer-spec.ts',
  '**/test/**/*.ts',
];

// The processor clients' tests run against the fake processors of libs/testing,
// which imports nothing of theirs; their production code may not.
const TEST_LAYERS = LAYERS.map((layer) =>
  layer.sourceTag === 'scope:payments'
    ? { ...layer, onlyDependOnLibsWithTags: [...layer.onlyDependOnLibsWithTags, 'scope:testing'] }
    : layer,
);

export default tseslint.config(
  { ignores: ['**/node_modules/**', 'dist/**', 'tmp/**', 'coverage/**', '.nx/**'] },
  js.configs.recommended,
  {
    files: ['**/*.ts'],
    extends: [tseslint.configs.recommendedTypeChecked],
    // One program for every TypeScript file (the workspace's spec type-check) is faster than one per project.
    languageOptions: { parserOptions: { project: './tsconfig.spec.json', tsconfigRootDir: import.meta.dirname } },
    plugins: { '@nx': nx },
    rules: {
      '@nx/enforce-module-boundaries': ['error', { enforceBuildableLibDependency: false, depConstraints: LAYERS }],
      // A lib is reached through its alias and index, never a file inside it.
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['@billy/*/*'], message: 'Import the lib by its alias.' }] },
      ],
      '@typescript-eslint/switch-exhaustiveness-check': [
        'error',
        { considerDefaultExhaustiveForUnions: true, requireDefaultForNonUnion: false },
      ],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
    },
  },
  // The console is a browser app with a program of its own (DOM types, JSX).
  {
    files: ['apps/console/**/*.{ts,tsx,mts}'],
    extends: [tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: { project: './apps/console/tsconfig.json', tsconfigRootDir: import.meta.dirname },
      globals: { ...globals.browser },
    },
  },
  {
    files: TESTS,
    extends: [jest.configs['flat/recommended']],
    rules: {
      'jest/no-conditional-expect': 'error',
      '@nx/enforce-module-boundaries': ['error', { enforceBuildableLibDependency: false, depConstraints: TEST_LAYERS }],
    },
  },
  // Configs and scripts run on Node as plain JavaScript.
  {
    files: ['**/*.{js,cjs,mjs}'],
    languageOptions: { globals: { ...globals.node } },
  },
  { files: ['**/*.cjs', '**/*.js'], languageOptions: { sourceType: 'commonjs' } },
  prettier,
);
