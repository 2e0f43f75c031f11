#!/usr/bin/env node
// The kubepg command: runs the compiled CLI (npm run build produces dist/).
require('../dist/src/main.js');
