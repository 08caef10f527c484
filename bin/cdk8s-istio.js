#!/usr/bin/env node
'use strict';
const { main } = require('../build/lib/cli/cdk8s-istio.js');

process.exitCode = main(process.argv.slice(2));
