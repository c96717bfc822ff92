#!/usr/bin/python3
"""readability-lxml and html-text peers for run_extract_bench.py (Debian's
python3-readability and python3-html-text, so /usr/bin/python3).

    python_peers.py readability-lxml|html-text < pages.tsv > out.jsonl

Reads "PATH<TAB>URL" lines (UTF-8 HTML files); writes one JSON object per page,
and the CPU time of extraction (parse included) on stderr."""
import json
import sys
import time


def main():
    tool = sys.argv[1]
    if tool == "readability-lxml":
        import lxml.html
        from readability import Document

        def extract(html, url):
            doc = Document(html, url=url or None)
            summary = doc.summary(html_partial=True)
            text = lxml.html.fromstring(summary).text_content() if summary.strip() else ""
            return {"title": doc.short_title(), "text": text}
    elif tool == "html-text":
        import html_text

        def extract(html, url):
            return {"text": html_text.extract_text(html)}
    else:
        sys.exit("usage: python_peers.py readability-lxml|html-text")
    cpu = 0.0
    pages = 0
    for line in sys.stdin:
        line = line.rstrip("\n")
        if not line:
            continue
        path, _, url = line.partition("\t")
        with open(path, encoding="utf-8", errors="replace") as f:
            html = f.read()
        start = time.process_time()
        try:
            out = extract(html, url)
        except Exception as e:  # a peer's failure on one page is that page's empty answer
            out = {"error": str(e)[:200]}
        cpu += time.process_time() - start
        pages += 1
        out["path"] = path
        sys.stdout.write(json.dumps(out) + "\n")
    sys.stderr.write(json.dumps({"pages": pages, "cpu_seconds": cpu}) + "\n")


if __name__ == "__main__":
    main()
