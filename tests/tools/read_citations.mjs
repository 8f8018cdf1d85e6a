// Reads a BibTeX, RIS or CSL-JSON file with citation-js and prints the items as CSL-JSON,
// so the tests check our downloads with the parser other reference tools use.
// Usage: node read_citations.mjs FILE
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const { Cite } = require("@citation-js/core");
require("@citation-js/plugin-bibtex");
require("@citation-js/plugin-ris");
require("@citation-js/plugin-csl");

const text = readFileSync(process.argv[2], "utf8");
const items = await Cite.async(text);
process.stdout.write(JSON.stringify(items.data, null, 1));
