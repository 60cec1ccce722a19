#!/usr/bin/env node
// Committed on purpose (see packages/cli/bin/certwright.js): loads the built simulator command.
import '../dist/main.js';
