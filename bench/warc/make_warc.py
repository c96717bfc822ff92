#!/usr/bin/env python3
"""Writes a WARC of saved pages, as a crawler would: per page a request record
and a response record (HTTP headers and the page's bytes as downloaded), each
record its own gzip member.

    bench/warc/make_warc.py ../shared/data/html_trafilatura_eval OUT.warc.gz

The folder holds evaldata.json ({URL: {"file": NAME}}) and pages/NAME.gz.
"""
import datetime
import gzip
import io
import json
import os
import sys
import uuid


def record(warc_type, uri, content_type, block, date):
    head = (
        "WARC/1.0\r\n"
        f"WARC-Type: {warc_type}\r\n"
        f"WARC-Record-ID: <urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, warc_type + uri)}>\r\n"
        f"WARC-Date: {date}\r\n"
        f"WARC-Target-URI: {uri}\r\n"
        f"Content-Type: {content_type}\r\n"
        f"Content-Length: {len(block)}\r\n\r\n"
    ).encode()
    out = io.BytesIO()
    with gzip.GzipFile(fileobj=out, mode="wb", mtime=0) as z:
        z.write(head + block + b"\r\n\r\n")
    return out.getvalue()


def main():
    folder, target = sys.argv[1], sys.argv[2]
    with open(os.path.join(folder, "evaldata.json"), encoding="utf-8") as f:
        pages = json.load(f)
    date = datetime.datetime(2026, 1, 1).strftime("%Y-%m-%dT%H:%M:%SZ")
    written = 0
    with open(target, "wb") as out:
        for url in sorted(pages):
            path = os.path.join(folder, "pages", pages[url]["file"] + ".gz")
            if not os.path.exists(path):
                continue
            with gzip.open(path, "rb") as f:
                html = f.read()
            host = url.split("/")[2] if url.count("/") >= 2 else "example.org"
            request = f"GET / HTTP/1.1\r\nHost: {host}\r\nUser-Agent: bench\r\n\r\n".encode()
            response = (
                "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n"
                f"Content-Length: {len(html)}\r\n\r\n"
            ).encode() + html
            out.write(record("request", url, "application/http; msgtype=request", request, date))
            out.write(record("response", url, "application/http; msgtype=response", response, date))
            written += 1
    print(f"{written} pages -> {target}", file=sys.stderr)


if __name__ == "__main__":
    main()
