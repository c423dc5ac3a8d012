// @ts-check
import eslint from '@eslint/js';
import tseslint from 'typescript-eslint';

/** Vendor SDKs and frameworks that stay behind adapters, outside the pure domain (docs/architecture.md#the-flow-and-the-layout). */
const notInCore = [
  '@nestjs/*',
  'typeorm',
  'typeorm/*',
  'nodemailer',
  'nodemailer/*',
  'twilio',
  'twilio/*',
  'node-cron',
  'pg',
  'pg/*',
  'better-sqlite3',
  'liquidjs',
  'prom-client',
  'express',
  'class-validator',
  'class-transformer',
  'nest-commander',
  'csv-parse',
  'csv-parse/*',
  'csv-stringify',
  'csv-stringify/*',
  'libphonenumber-js',
  'libphonenumber-js/*',
];
const otherLibs = ['store', 'ingest', 'rules', 'messaging', 'staff', 'insights'].map(
  (l) => `@touchbase/${l}`,
);
/** A lib never reaches into an app, neither by relative path nor by alias. */
const appsPatterns = ['**/apps/**', 'apps/**'];

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      'var/**',
      'coverage/**',
      'test-artifacts/**',
      '**/*.js',
      '**/*.mjs',
    ],
  },
  eslint.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': [
        'error',
        { considerDefaultExhaustiveForUnions: true, requireDefaultForNonUnion: false },
      ],
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      'no-restricted-syntax': [
        'error',
        {
          selector: "NewExpression[callee.name='Date'][arguments.length=0]",
          message: 'Read the time from the Clock adapter (docs/architecture.md#invariants), not new Date().',
        },
        {
          selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']",
          message: 'Read the time from the Clock adapter (docs/architecture.md#invariants), not Date.now().',
        },
        {
          selector:
            "ImportDeclaration[source.value='class-validator'] ImportSpecifier[imported.name=/^(IsEmail|isEmail|IsTimeZone|isTimeZone)$/]",
          message:
            'Check email addresses with isEmailAddress (@touchbase/core) or @IsEmailAddress(), time zones with isValidTimezone (@touchbase/core).',
        },
      ],
    },
  },
  {
    files: ['libs/core/src/clock.ts', 'test/**/*.ts', '**/*.spec.ts', 'scripts/**/*.ts'],
    rules: { 'no-restricted-syntax': 'off' },
  },
  {
    files: ['libs/**/*.ts'],
    ignores: ['libs/core/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: appsPatterns,
              message: 'A lib never imports an app (docs/architecture.md#the-flow-and-the-layout).',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['libs/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: appsPatterns,
              message: 'A lib never imports an app (docs/architecture.md#the-flow-and-the-layout).',
            },
            {
              group: notInCore,
              message:
                'libs/core is the pure domain: no Nest, TypeORM or vendor SDK (docs/architecture.md#the-flow-and-the-layout).',
            },
            {
              group: [...otherLibs, '@touchbase/config', '@touchbase/test-kit'],
              message:
                'libs/core depends on no other Touchbase lib (docs/architecture.md#the-flow-and-the-layout).',
            },
            {
              // the same by relative path: ../../store/src/…, ../../../config, …/libs/rules/…
              regex:
                '^(\\.\\./)+((store|ingest|rules|messaging|staff|insights|config|test)(/|$)|libs/(?!core/))',
              message:
                'libs/core depends on no other Touchbase lib (docs/architecture.md#the-flow-and-the-layout).',
            },
          ],
        },
      ],
    },
  },
);
