#!/usr/bin/env node
// Thin launcher: the CLI is compiled to dist/ by `npm ci` (the prepare script).
import { runCli } from '../dist/cli/run-cli.js';

runCli(process.argv.slice(2)).then(
  (code) => {
    if (typeof code === 'number') process.exitCode = code;
  },
  (error) => {
    process.stderr.write(`opt: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
