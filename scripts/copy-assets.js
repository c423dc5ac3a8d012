#!/usr/bin/env node
// Copies non-TypeScript assets (templates, views, static files, example rules) next to the build.
const fs = require('node:fs');
const path = require('node:path');
const root = path.join(__dirname, '..');
const dirs = ['config/templates', 'config/rules', 'apps/engine/src/web/views', 'apps/engine/src/web/public'];
for (const d of dirs) {
  const src = path.join(root, d);
  if (fs.existsSync(src)) fs.cpSync(src, path.join(root, 'dist', d), { recursive: true });
}
