#!/usr/bin/env node
// Committed on purpose: npm links workspace bins before `prepare` builds dist/, so the bin
// must exist in git. All it does is load the built CLI.
import '../dist/main.js';
