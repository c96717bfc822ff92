#!/usr/bin/env python3
"""The web extraction benchmark (issue 16): Quarry's extract_page against
Readability.js, readability-lxml and html-text, in one run, on the shared data:

  main text   html_trafilatura_eval (segment F1, as its README scores it) and
              html_readability (word-shingle F1 of the article against its expected text)
  metadata    html_readability (title, author, date exact-match rates)
  dates       html_dates (accuracy)
  speed       pages per CPU-second of each tool, single-threaded, on html_trafilatura_eval

    bench/web/run_extract_bench.py [--build build] [--tools quarry,readability-js,...]
                                   [--half all|a|b] [--json results.json] [--hostile]

Pages are decoded to UTF-8 once (BOM, <meta charset>, else UTF-8, else
windows-1252) and every tool reads the same decoded files. --half a|b takes the
half of each set whose URL hashes even|odd: rules are tuned on half a and
reported on b too, so a gain that only fits the pages tuned on shows.
Readability.js comes from bench/web/readability_js (npm ci there; jsdom pinned
to 27.0.0); the Python peers are Debian's (/usr/bin/python3)."""
import argparse
import collections
import gzip
import hashlib
import html as htmllib
import json
import os
import re
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
DATA = os.path.join(REPO, "..", "shared", "data")
if not os.path.isdir(DATA):
    DATA = "/work/shared/data"
TOOLS = ["quarry", "readability-js", "readability-lxml", "html-text"]

META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)


def decode(raw):
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8", "replace")
    if raw.startswith(b"\xff\xfe") or raw.startswith(b"\xfe\xff"):
        return raw.decode("utf-16", "replace")
    m = META_CHARSET.search(raw[:8192])
    if m:
        name = m.group(1).decode("ascii", "replace").lower()
        if name in ("iso-8859-1", "latin1", "latin-1", "us-ascii", "ascii"):
            name = "cp1252"  # as browsers read it
        try:
            return raw.decode(name)
        except (LookupError, UnicodeDecodeError):
            pass
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("cp1252", "replace")


def in_half(url, half):
    if half == "all":
        return True
    even = int(hashlib.md5(url.encode()).hexdigest(), 16) % 2 == 0
    return even if half == "a" else not even


def prepare(cache, half):
    """Decoded pages of the three sets: {set: [(url, path, gold)]}."""
    sets = {}
    os.makedirs(cache, exist_ok=True)

    def write(name, raw):
        path = os.path.join(cache, name + ".html")
        if not os.path.exists(path):
            with open(path, "w", encoding="utf-8") as f:
                f.write(decode(raw))
        return path

    ev = json.load(open(os.path.join(DATA, "html_trafilatura_eval", "evaldata.json")))
    items = []
    for url, item in sorted(ev.items()):
        if not in_half(url, half):
            continue
        raw = gzip.open(os.path.join(DATA, "html_trafilatura_eval", "pages", item["file"] + ".gz")).read()
        items.append((url, write("trafilatura-" + item["file"], raw), item))
    sets["trafilatura"] = items

    items = []
    base = os.path.join(DATA, "html_readability", "pages")
    for name in sorted(os.listdir(base)):
        url = "http://fakehost/test/" + name + ".html"
        if not in_half(name, half):
            continue
        raw = gzip.open(os.path.join(base, name, "source.html.gz")).read()
        expected = gzip.open(os.path.join(base, name, "expected.html.gz")).read().decode("utf-8", "replace")
        meta = json.load(open(os.path.join(base, name, "expected-metadata.json")))
        items.append((url, write("readability-" + name, raw), {"expected": expected, "meta": meta}))
    sets["readability"] = items

    dates = json.load(open(os.path.join(DATA, "html_dates", "dates.json")))
    items = []
    for url, item in sorted(dates.items()):
        if not in_half(url, half):
            continue
        raw = gzip.open(os.path.join(DATA, "html_dates", "pages", item["file"] + ".gz")).read()
        items.append((url, write("dates-" + item["file"], raw), item))
    sets["dates"] = items
    return sets


def run_tool(tool, build, items):
    """Runs one tool over items; returns ({path: output}, cpu_seconds)."""
    tsv = "".join(f"{path}\t{url}\n" for url, path, _ in items)
    if tool == "quarry":
        cmd = [os.path.join(build, "bench", "web_extract_pages")]
    elif tool == "readability-js":
        cmd = ["node", os.path.join(HERE, "readability_js", "extract.js")]
    else:
        cmd = ["/usr/bin/python3", os.path.join(HERE, "python_peers.py"), tool]
    proc = subprocess.run(cmd, input=tsv.encode(), capture_output=True, check=True)
    out = {}
    for line in proc.stdout.decode("utf-8", "replace").split("\n"):
        if not line.strip():
            continue
        d = json.loads(line)
        if tool == "quarry":
            d["text"] = "\n".join(d["paragraphs"])
            d["byline"] = ", ".join(d["authors"])
        out[d["path"]] = d
    stats = json.loads(proc.stderr.decode().strip().splitlines()[-1])
    return out, stats["cpu_seconds"]


def collapse(s):
    return re.sub(r"\s+", " ", s or "").strip()


def segment_scores(items, outputs):
    tp = fn = fp = tn = 0
    for url, path, item in items:
        text = collapse(outputs.get(path, {}).get("text", ""))
        for seg in item["with"]:
            if collapse(seg) in text:
                tp += 1
            else:
                fn += 1
        for seg in item["without"]:
            if collapse(seg) in text:
                fp += 1
            else:
                tn += 1
    p = tp / (tp + fp) if tp + fp else 0
    r = tp / (tp + fn) if tp + fn else 0
    f = 2 * p * r / (p + r) if p + r else 0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4)}


WORD = re.compile(r"\w+", re.U)


def shingles(text, n=4):
    words = WORD.findall(text.lower())
    if len(words) < n:
        return collections.Counter([tuple(words)]) if words else collections.Counter()
    return collections.Counter(tuple(words[i:i + n]) for i in range(len(words) - n + 1))


def html_to_text(fragment):
    # Block ends become newlines; tags go; entities are decoded.
    fragment = re.sub(r"(?is)<(script|style)\b.*?</\1>", " ", fragment)
    fragment = re.sub(r"(?i)</?(p|div|h[1-6]|li|tr|br|blockquote|pre|section|article|table|ul|ol)\b[^>]*>", "\n", fragment)
    return htmllib.unescape(re.sub(r"<[^>]+>", " ", fragment))


def shingle_f1(expected, got):
    a, b = shingles(expected), shingles(got)
    if not a and not b:
        return 1.0
    common = sum((a & b).values())
    total = sum(a.values()) + sum(b.values())
    return 2 * common / total if total else 0.0


def readability_scores(items, outputs):
    f1s = []
    title = author = date = article = 0
    n_author = n_date = 0
    for url, path, gold in items:
        out = outputs.get(path, {})
        meta = gold["meta"]
        if "is_article" in out and out["is_article"] == bool(meta.get("readerable", True)):
            article += 1
        if meta.get("readerable", True):
            f1s.append(shingle_f1(html_to_text(gold["expected"]), out.get("text", "")))
        if collapse(out.get("title", "")) == collapse(meta.get("title") or ""):
            title += 1
        if meta.get("byline"):
            n_author += 1
            if collapse(out.get("byline", "")).lower() == collapse(meta["byline"]).lower():
                author += 1
        if meta.get("publishedTime"):
            n_date += 1
            if (out.get("date") or "")[:10] == meta["publishedTime"][:10]:
                date += 1
    n = len(items)
    return {
        "shingle_f1": round(sum(f1s) / len(f1s), 4) if f1s else 0,
        "title_exact": round(title / n, 4) if n else 0,
        "author_exact": round(author / n_author, 4) if n_author else 0,
        "date_exact": round(date / n_date, 4) if n_date else 0,
        "article_vs_readerable": round(article / n, 4) if n else 0,
        "pages": n, "pages_with_author": n_author, "pages_with_date": n_date,
    }


def date_scores(items, outputs):
    correct = found = 0
    for url, path, gold in items:
        got = (outputs.get(path, {}).get("date") or "")[:10]
        if got:
            found += 1
            correct += got == gold["date"]
    n = len(items)
    return {"accuracy": round(correct / n, 4) if n else 0,
            "precision": round(correct / found, 4) if found else 0,
            "recall": round(found / n, 4) if n else 0, "pages": n}


def hostile(build):
    """Quarry alone on generated hostile pages: time and peak RSS of each."""
    folder = os.path.join(build, "bench-web-hostile")
    os.makedirs(folder, exist_ok=True)
    pages = {
        "50 MB of paragraphs and links": '<html><body>' +
            '<p>Lorem ipsum dolor sit amet, <a href="/x">consectetur</a> adipiscing.</p>\n' * 700000,
        "50 MB in one text node": "<html><body><p>" + "word " * 10000000 + "</p>",
        "100,000 nested divs": "<div>" * 100000 + "<p>end",
        "50,000 nested b/i pairs": "<b><i>" * 50000 + "<p>end",
        "30,000 nested tables": "<table><tr><td>" * 30000 + "<p>end",
        "misnested, </script> in strings, NUL bytes": '<script>var a="</div><p>x</p>";</script>' +
            "<p>a\x00b</p>" * 1000 + "<b><i><p>mis</b>nested</i></p>" * 100000,
    }
    out = {}
    for name, html in pages.items():
        path = os.path.join(folder, re.sub(r"\W+", "-", name) + ".html")
        with open(path, "w", encoding="utf-8") as f:
            f.write(html)
        cmd = ["/usr/bin/time", "-f", "%e %M", os.path.join(build, "bench", "web_extract_pages")]
        proc = subprocess.run(cmd, input=f"{path}\thttp://hostile.example/\n".encode(), capture_output=True)
        wall, rss_kb = proc.stderr.decode().strip().splitlines()[-1].split()
        page = json.loads(proc.stdout.decode("utf-8", "replace").split("\n")[0])
        out[name] = {"bytes": os.path.getsize(path), "exit": proc.returncode, "wall_seconds": float(wall),
                     "peak_rss_mb": round(int(rss_kb) / 1024, 1), "truncated": page["truncated"],
                     "paragraphs": len(page["paragraphs"])}
        print(f"hostile      {name:45s} {json.dumps(out[name])}", flush=True)
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--build", default=os.path.join(REPO, "build"))
    ap.add_argument("--tools", default=",".join(TOOLS))
    ap.add_argument("--half", default="all", choices=["all", "a", "b"])
    ap.add_argument("--sets", default="trafilatura,readability,dates")
    ap.add_argument("--json", help="write the results here too")
    ap.add_argument("--dump", help="write Quarry's outputs (JSONL per set) into this folder")
    ap.add_argument("--hostile", action="store_true", help="also time Quarry on generated hostile pages")
    args = ap.parse_args()
    tools = args.tools.split(",")
    wanted = args.sets.split(",")
    if "readability-js" in tools and not os.path.isdir(os.path.join(HERE, "readability_js", "node_modules")):
        sys.exit("Readability.js is not installed: (cd bench/web/readability_js && npm ci)")
    sets = prepare(os.path.join(args.build, "bench-web-pages"), args.half)
    results = {"half": args.half, "sets": {}, "speed": {}}
    for name in wanted:
        items = sets[name]
        results["sets"][name] = {}
        for tool in tools:
            if name == "dates" and tool in ("html-text", "readability-lxml"):
                continue  # they read no dates
            t0 = time.time()
            outputs, cpu = run_tool(tool, args.build, items)
            wall = time.time() - t0
            if args.dump and tool == "quarry":
                os.makedirs(args.dump, exist_ok=True)
                with open(os.path.join(args.dump, name + ".jsonl"), "w") as f:
                    for url, path, _ in items:
                        f.write(json.dumps(dict(outputs.get(path, {}), url=url), ensure_ascii=False) + "\n")
            if name == "trafilatura":
                score = segment_scores(items, outputs)
                results["speed"][tool] = {"pages": len(items), "cpu_seconds": round(cpu, 2),
                                          "pages_per_cpu_second": round(len(items) / cpu, 1) if cpu else 0,
                                          "wall_seconds": round(wall, 1)}
            elif name == "readability":
                score = readability_scores(items, outputs)
            else:
                score = date_scores(items, outputs)
            results["sets"][name][tool] = score
            print(f"{name:12s} {tool:17s} {json.dumps(score)}", flush=True)
    speed = results["speed"]
    if "quarry" in speed:
        q = speed["quarry"]["pages_per_cpu_second"]
        for tool in tools:
            if tool != "quarry" and tool in speed and speed[tool]["pages_per_cpu_second"]:
                speed[tool]["quarry_ratio"] = round(q / speed[tool]["pages_per_cpu_second"], 1)
        for tool, s in speed.items():
            print(f"speed        {tool:17s} {json.dumps(s)}")
    if args.hostile:
        results["hostile"] = hostile(args.build)
    if args.json:
        with open(args.json, "w") as f:
            json.dump(results, f, indent=1)


if __name__ == "__main__":
    main()
