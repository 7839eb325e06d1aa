// Lint config: recommended JS + TypeScript rules; generated output and fixtures are ignored.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'test/fixtures/**', 'coverage/**', '.scratch/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', URL: 'readonly', Buffer: 'readonly', performance: 'readonly', setInterval: 'readonly', clearInterval: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // The built CLI bundles ink and react with src/ui (src/build/bundle-ui.mjs): an import of them
    // elsewhere would load a second React. Services reach the screen through ui/index.tsx.
    files: ['src/**/*.{ts,tsx}', 'checkers/**/*.ts'],
    ignores: ['src/ui/**', '**/*.test.{ts,tsx}'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        { patterns: [{ regex: '^(ink|react)(/.*)?$', allowTypeImports: true, message: 'only src/ui imports ink and react (the README, How the code is laid out)' }] },
      ],
    },
  },
);
