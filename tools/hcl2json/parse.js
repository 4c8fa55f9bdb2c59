#!/usr/bin/env node
// Parses Terraform files with HashiCorp's own HCL parser (hcl2json, Go compiled to WebAssembly)
// and prints one JSON object on stdout: { "<file as given>": <the file's body as JSON>, ... }.
// Exits 1 with the parser's message on stderr when any file does not parse, 2 on bad usage.
// Used by the generator's tests; see README.md.
"use strict";

const fs = require("fs");
const { parse } = require("@cdktf/hcl2json");

async function main(files) {
  if (files.length === 0) {
    process.stderr.write("usage: node parse.js FILE.tf...\n");
    return 2;
  }
  const out = {};
  for (const file of files) {
    let text;
    try {
      text = fs.readFileSync(file, "utf-8");
    } catch (e) {
      process.stderr.write(`${file}: ${e.message}\n`);
      return 1;
    }
    try {
      out[file] = await parse(file, text);
    } catch (e) {
      process.stderr.write(`${file}: ${e && e.message ? e.message : e}\n`);
      return 1;
    }
  }
  process.stdout.write(JSON.stringify(out, null, 2) + "\n");
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e) => {
    process.stderr.write(`${e && e.stack ? e.stack : e}\n`);
    process.exit(1);
  },
);
