#!/usr/bin/env node
// `npx billy`: the CLI from source, compiled on the fly by swc as the apps are in development.
const { join } = require('node:path');

process.env.SWC_NODE_PROJECT ??= join(__dirname, '..', '..', '..', 'tsconfig.base.json');
require('@swc-node/register');
require('../src/main.ts');
