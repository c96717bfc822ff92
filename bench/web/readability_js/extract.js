// Readability.js peer for run_extract_bench.py: "PATH<TAB>URL" lines on stdin
// (UTF-8 HTML files), one JSON object per page on stdout, and the CPU time of
// parsing plus extraction (jsdom + Readability, as a user runs it) on stderr.
"use strict";
const fs = require("fs");
const readline = require("readline");
const { JSDOM, VirtualConsole } = require("jsdom");
const { Readability } = require("@mozilla/readability");

async function main() {
  const rl = readline.createInterface({ input: process.stdin });
  let cpu = 0;
  let pages = 0;
  const virtualConsole = new VirtualConsole();  // silence page scripts' console and CSS errors
  for await (const line of rl) {
    if (!line) continue;
    const [path, url] = line.split("\t");
    const html = fs.readFileSync(path, "utf8");
    const start = process.cpuUsage();
    let out = { path };
    try {
      const dom = new JSDOM(html, { url: url || "http://localhost/", virtualConsole });
      const article = new Readability(dom.window.document).parse();
      if (article) {
        out.title = article.title || "";
        out.byline = article.byline || "";
        out.date = article.publishedTime || "";
        out.text = article.textContent || "";
        out.site_name = article.siteName || "";
        out.language = article.lang || "";
      }
      dom.window.close();
    } catch (e) {
      out.error = String(e).slice(0, 200);
    }
    const used = process.cpuUsage(start);
    cpu += (used.user + used.system) / 1e6;
    pages += 1;
    process.stdout.write(JSON.stringify(out) + "\n");
  }
  process.stderr.write(JSON.stringify({ pages, cpu_seconds: cpu }) + "\n");
}

main();
