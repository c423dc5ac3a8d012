#!/usr/bin/env node
/**
 * Bundles the compiled engine (dist/apps/engine/src/main.js and everything it requires at start-up)
 * into one minified file, dist/engine.js, which `npm start` and `npm run start:engine` run.
 * V8 keeps the source text of every loaded module: 2,190 separate files held 13.4 MB of it (6 MB
 * in files with one character above U+00FF, kept at two bytes per character); the bundle holds
 * the same code in ≈ 4 MB of ASCII, with one module object instead of 2,190
 * (docs/operations.md#memory, docs/benchmarks.md#npm-run-benchcli-start-up-and-memory).
 *
 * The bundle keeps node's semantics where code looks at the file system:
 *  - `__dirname` and `__filename` are each module's own location (relative to the bundle, so a
 *    checkout may move), for the views, static files, default templates and example rules the
 *    engine reads from disk, and for packages that find their own files (swagger-ui-dist);
 *  - a `require()` of a computed name (TypeORM loading better-sqlite3 or pg, Nest's optional
 *    packages) and every `require.resolve()` are node's own at run time;
 *  - EXTERNAL packages stay in node_modules, and so do the JSON files packages load (node parses
 *    them and drops their text; bundled, the text would stay in the bundle's source).
 * Class and function names are kept (Nest and TypeORM read them; migrations are recorded by name).
 *
 *   node scripts/bundle-engine.js            # dist/ → dist/engine.js (+ engine.js.map)
 */
const path = require('node:path');
const webpack = require('webpack');
const TerserPlugin = require('terser-webpack-plugin');
const ConstDependency = require('webpack/lib/dependencies/ConstDependency');

/**
 * Left to node: the native addons, and the vendors the engine loads on first use (`lazy()` in
 * libs/core), whose code would otherwise sit in the bundle's source text from start-up.
 */
const EXTERNAL = [
  'better-sqlite3',
  'pg',
  'twilio',
  'nodemailer',
  'mailparser',
  'csv-parse',
  'csv-stringify',
  'chardet',
  'iconv-lite',
  'simple-statistics',
];

/** TypeORM's DriverFactory requires every driver it knows; the engine speaks these two. */
const DRIVERS_KEPT = ['better-sqlite3/BetterSqlite3Driver', 'postgres/PostgresDriver'];
const DRIVER_STUB = path.join(__dirname, 'bundle-engine.driver-stub.js');

/**
 * class-validator's IsPhoneNumber (the engine does not use it) requires libphonenumber-js/max when it
 * loads, with 156 KB of metadata parsed into 0.6 MB of heap: in the bundle it loads on first call.
 */
const PHONE_MAX_STUB = path.join(__dirname, 'bundle-engine.phone-max-stub.js');

/** Nest's optional packages: when not installed, Nest's own fallback applies (a module that throws). */
const NEST_OPTIONAL = ['@nestjs/microservices', '@nestjs/websockets', 'class-transformer/storage'];

const packageOf = (request) =>
  request
    .split('/')
    .slice(0, request.startsWith('@') ? 2 : 1)
    .join('/');

/** Each module's `__dirname`/`__filename` and node's `require` for computed names and resolve(). */
class NodeSemanticsPlugin {
  constructor(outDir) {
    this.outDir = outDir;
  }

  apply(compiler) {
    const outDir = this.outDir;
    const replace = (parser, expr, code) => {
      const dep = new ConstDependency(code, expr.range);
      dep.loc = expr.loc;
      parser.state.module.addPresentationalDependency(dep);
    };
    const locate = (parser, file) =>
      `require("path").join(__dirname, ${JSON.stringify(path.relative(outDir, file))})`;
    const hook = (parser) => {
      parser.hooks.expression.for('__dirname').tap('NodeSemantics', (expr) => {
        replace(parser, expr, locate(parser, parser.state.module.context));
        return true;
      });
      parser.hooks.expression.for('__filename').tap('NodeSemantics', (expr) => {
        replace(parser, expr, locate(parser, parser.state.module.resource));
        return true;
      });
      parser.hooks.call.for('require').tap('NodeSemantics', (expr) => {
        if (expr.arguments.length !== 1 || parser.evaluateExpression(expr.arguments[0]).isString()) return;
        replace(parser, expr.callee, 'require');
        parser.walkExpressions(expr.arguments);
        return true;
      });
      parser.hooks.call.for('require.resolve').tap('NodeSemantics', (expr) => {
        replace(parser, expr.callee, 'require.resolve');
        parser.walkExpressions(expr.arguments);
        return true;
      });
    };
    compiler.hooks.compilation.tap('NodeSemantics', (_compilation, { normalModuleFactory }) => {
      for (const type of ['javascript/auto', 'javascript/dynamic'])
        normalModuleFactory.hooks.parser.for(type).tap('NodeSemantics', hook);
    });
  }
}

/** Bundles `<dir>/apps/engine/src/main.js` into `<dir>/engine.js`; resolves with webpack's stats. */
function bundleEngine(dir, { minify = true } = {}) {
  const config = {
    mode: 'production',
    target: 'node20',
    context: dir,
    entry: path.join(dir, 'apps/engine/src/main.js'),
    output: { path: dir, filename: 'engine.js', library: { type: 'commonjs2' } },
    devtool: minify ? 'source-map' : false,
    // resolve as node does (CommonJS entry points), without following node_modules symlinks
    resolve: { conditionNames: ['node', 'require', 'default'], mainFields: ['main'], symlinks: false },
    node: { __dirname: false, __filename: false, global: false },
    externalsPresets: { node: true },
    externals: [
      ({ context, request, getResolve }, callback) => {
        if (EXTERNAL.includes(packageOf(request))) return callback(null, `commonjs ${request}`);
        // A JSON file (mime-db's, libphonenumber's metadata …) is left to node, which reads and parses
        // it and drops the text: bundled, it would be a JSON.parse('…') literal in the bundle's source
        // text, kept a second time as a string by the bytecode that parsed it (1.1 MB of idle heap).
        getResolve()(context, request, (err, file) =>
          !err && file?.endsWith('.json')
            ? callback(null, `commonjs ./${path.relative(dir, file)}`)
            : callback(),
        );
      },
    ],
    plugins: [
      new NodeSemanticsPlugin(dir),
      new webpack.NormalModuleReplacementPlugin(/^\.\/[\w-]+\/\w+Driver$/, (resource) => {
        const issuer = resource.contextInfo.issuer ?? '';
        if (issuer.endsWith(path.join('typeorm', 'driver', 'DriverFactory.js')))
          if (!DRIVERS_KEPT.includes(resource.request.slice(2))) resource.request = DRIVER_STUB;
      }),
      new webpack.NormalModuleReplacementPlugin(/^libphonenumber-js\/max$/, (resource) => {
        const issuer = resource.contextInfo.issuer ?? '';
        if (issuer.endsWith(path.join('class-validator', 'cjs', 'decorator', 'string', 'IsPhoneNumber.js')))
          resource.request = PHONE_MAX_STUB;
      }),
      new webpack.IgnorePlugin({
        checkResource(request) {
          if (!NEST_OPTIONAL.some((p) => request === p || request.startsWith(`${p}/`))) return false;
          try {
            require.resolve(request, { paths: [dir] });
            return false;
          } catch {
            return true;
          }
        },
      }),
    ],
    optimization: {
      nodeEnv: false, // NODE_ENV is read at run time
      minimize: minify,
      minimizer: [
        new TerserPlugin({
          extractComments: false,
          terserOptions: {
            keep_classnames: true,
            keep_fnames: true,
            // ASCII only: one character above U+00FF would make V8 keep the whole text at two bytes each
            format: { ascii_only: true, comments: false },
          },
        }),
      ],
    },
    performance: { hints: false },
    // Nest's FileTypeValidator (unused here) imports file-type through load-esm's computed import()
    ignoreWarnings: [{ module: /node_modules\/load-esm\// }],
    stats: 'errors-warnings',
  };
  return new Promise((resolve, reject) =>
    webpack(config, (err, stats) => {
      if (err) return reject(err);
      if (stats.hasErrors()) return reject(new Error(stats.toString('errors-only')));
      resolve(stats);
    }),
  );
}

module.exports = { bundleEngine };

if (require.main === module)
  bundleEngine(path.join(__dirname, '..', 'dist')).then(
    (stats) => {
      const warnings = stats.toString('errors-warnings').trim();
      if (warnings) console.log(warnings);
    },
    (err) => {
      console.error(err);
      process.exit(1);
    },
  );
